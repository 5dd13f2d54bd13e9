"""The client core in a process of its own, for the kill-9 matrix (test_kill_matrix.py).

Opens the store in ``CW_DIR`` with the data key ``CW_KEY`` (hex; the harness stands in for the OS
keystore, which an in-memory test keyring cannot share across processes), restores the session from the
tokens sealed in the store (or takes ``CW_TOKENS`` on the first run), queues the writes of ``CW_PLAN``
(JSON, optional), and pushes. ``CASEWORKER_TEST_CRASH_AT`` / ``CASEWORKER_TEST_CRASH_SKIP`` make the
engine SIGKILL this process at a step of a push. On a normal end it prints the outbox counts as JSON.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sys
from pathlib import Path

from caseworker.api.client import PlatformClient, RetryPolicy
from caseworker.api.transport import make_http_client
from caseworker.auth.flow import Tokens
from caseworker.auth.session import TokenSession
from caseworker.domain.models import AnnotationInput, AnnotationKind, CasePatch, CaseStatus
from caseworker.store import AsyncStore
from caseworker.sync.engine import SyncEngine

SECRET = "tokens"


def _tokens(text: str) -> Tokens:
    data = json.loads(text)
    return Tokens(data["access_token"], data["refresh_token"], dt.datetime.fromisoformat(data["expires_at"]))


def _text(tokens: Tokens) -> str:
    return json.dumps(
        {
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "expires_at": tokens.expires_at.isoformat(),
        }
    )


async def main() -> None:
    url, user_id = os.environ["CW_URL"], os.environ["CW_USER_ID"]
    store = await AsyncStore.open(
        Path(os.environ["CW_DIR"]), bytes.fromhex(os.environ["CW_KEY"]), user_id=user_id
    )
    http = make_http_client(read_timeout=10)
    try:
        kept = await store.get_secret(SECRET)
        tokens = _tokens(kept if kept is not None else os.environ["CW_TOKENS"])
        await store.put_secret(SECRET, _text(tokens))

        async def keep(new: Tokens | None) -> None:
            if new is not None:
                await store.put_secret(SECRET, _text(new))

        session = TokenSession(http, url, tokens, on_tokens_changed=keep)
        client = PlatformClient(url, http, session, retry=RetryPolicy(attempts=3, base_delay=0.05, total=20))
        engine = SyncEngine(store, client, user_id=user_id)
        for write in json.loads(os.environ.get("CW_PLAN") or "[]"):
            if write["kind"] == "note":
                await engine.add_note(write["case_id"], write["text"])
            elif write["kind"] == "status":
                await engine.patch_case(write["case_id"], CasePatch(status=CaseStatus(write["status"])))
            elif write["kind"] == "markup":
                markup = AnnotationInput(
                    page=0, kind=AnnotationKind.TEXT, geometry={"x": 10, "y": 20}, text=write["text"]
                )
                await engine.add_annotation(write["document_id"], markup)
        print("queued", flush=True)
        await engine.push()
        print(json.dumps({str(k): v for k, v in (await store.outbox_counts()).items()}), flush=True)
    finally:
        await http.aclose()
        await store.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
