"""A signed-in sync engine over a real store against a live sandbox, and plain-HTTP checks of the platform.

Shared by tests/caseworker/sync, tests/caseworker/workload and tests/reliability; the ``rigs`` fixture
(tests/caseworker/sync/conftest.py) opens them as an ``OpenRig``.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from caseworker.api.client import PlatformClient, RetryPolicy
from caseworker.auth.flow import Tokens, demo_sign_in, discover
from caseworker.auth.session import TokenSession
from caseworker.domain import clock
from caseworker.domain.models import DeadlineFacts, User
from caseworker.store import AsyncStore, OutboxState
from caseworker.sync.engine import SyncEngine
from caseworker.sync.events import SyncEvent
from caseworker.sync.testhooks import CrashHook
from tests.helpers import signin

# Quick to give up and quick to retry: the tests drive rounds themselves.
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_retry_after=5, total=10)
TOKENS_SECRET = "tokens"
OPEN = ("received", "incomplete", "complete", "under_review", "referral")


@dataclass
class Rig:
    """One user's client core: store, platform client and engine, with every event recorded."""

    store: AsyncStore
    engine: SyncEngine
    client: PlatformClient
    session: TokenSession
    user: User
    directory: Path
    key: bytes
    events: list[SyncEvent] = field(default_factory=list)
    closed: bool = False

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]

    async def counts(self) -> dict[OutboxState, int]:
        return await self.store.outbox_counts()

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        await self.engine.stop()
        await self.store.close()


OpenRig = Callable[..., Awaitable[Rig]]  # the ``rigs`` fixture: ``await rigs(username, **open_rig keywords)``


def tokens_of(response: dict[str, Any]) -> Tokens:
    now = dt.datetime.now(dt.UTC)
    return Tokens(
        response["access_token"],
        response["refresh_token"],
        now + dt.timedelta(seconds=int(response["expires_in"])),
        issued_at=now,
    )


async def open_rig(
    http: httpx.AsyncClient,
    sandbox_url: str,
    username: str,
    directory: Path,
    *,
    base_url: str | None = None,
    key: bytes | None = None,
    tokens: Tokens | None = None,
    retry: RetryPolicy = FAST,
    crash_hook: CrashHook | None = None,
    probe_delays: tuple[float, float] = (0.05, 0.5),
    probe_every: float = 10.0,
) -> Rig:
    """Sign in (or reuse ``tokens``), open the store in ``directory`` and make an engine.

    ``base_url`` is where the API calls go (a FaultyProxy's URL); sign-in always goes to the sandbox.
    Tokens are kept sealed in the store, as the app does, and reused when the rig is opened again.
    """
    key = key or os.urandom(32)
    platform = base_url or sandbox_url
    if tokens is None:
        tokens = await demo_sign_in(http, sandbox_url, username)
    config = await discover(http, sandbox_url)
    holder: list[AsyncStore] = []

    async def keep(new: Tokens | None) -> None:
        if not holder:
            return
        if new is None:
            await holder[0].delete_secret(TOKENS_SECRET)
        else:
            await holder[0].put_secret(TOKENS_SECRET, f"{new.access_token}\n{new.refresh_token}")

    session = TokenSession(http, config, tokens, on_tokens_changed=keep)
    user = await PlatformClient(sandbox_url, http, session, retry=retry).me()
    store = await AsyncStore.open(directory, key, user_id=user.id)
    holder.append(store)
    await keep(tokens)
    await store.set_user(user)
    client = PlatformClient(platform, http, session, retry=retry)
    engine = SyncEngine(
        store,
        client,
        user_id=user.id,
        crash_hook=crash_hook or CrashHook(),
        probe_delays=probe_delays,
        probe_every=probe_every,
    )
    rig = Rig(store, engine, client, session, user, directory, key)
    engine.subscribe(rig.events.append)
    return rig


# --- the platform as a plain client sees it ---------------------------------------------------------


class Platform:
    """Plain HTTP views of the sandbox (another signed-in user, no client core involved)."""

    def __init__(self, sandbox_url: str, username: str) -> None:
        self.url = sandbox_url
        self.username = username
        self.http = httpx.Client(base_url=sandbox_url, timeout=30, event_hooks={"request": [self._bearer]})
        self._token = ""

    def _bearer(self, request: httpx.Request) -> None:
        """A fresh sign-in whenever the last one is about to expire (access tokens live minutes)."""
        if not self._token or dt.datetime.now(dt.UTC) >= self._expires:
            tokens = signin.sign_in(self.url, self.username)
            self._token = tokens["access_token"]
            self._expires = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=int(tokens["expires_in"]) - 30)
        request.headers["Authorization"] = f"Bearer {self._token}"

    def close(self) -> None:
        self.http.close()

    def me(self) -> dict[str, Any]:
        return dict(self.http.get("/api/v1/me").json())

    def case(self, case_id: str) -> tuple[dict[str, Any], str]:
        r = self.http.get(f"/api/v1/cases/{case_id}")
        r.raise_for_status()
        return r.json(), r.headers["ETag"]

    def events(self, case_id: str) -> list[dict[str, Any]]:
        r = self.http.get(f"/api/v1/cases/{case_id}/events")
        r.raise_for_status()
        return list(r.json())

    def notes(self, case_id: str, containing: str) -> list[str]:
        return [e["text"] for e in self.events(case_id) if e["kind"] == "note" and containing in e["text"]]

    def documents(self, case_id: str) -> list[dict[str, Any]]:
        r = self.http.get(f"/api/v1/cases/{case_id}/documents")
        r.raise_for_status()
        return list(r.json())

    def annotations(self, document_id: str) -> list[dict[str, Any]]:
        r = self.http.get(f"/api/v1/documents/{document_id}/annotations")
        r.raise_for_status()
        return list(r.json())

    def patch(self, case_id: str, body: dict[str, Any]) -> httpx.Response:
        _, etag = self.case(case_id)
        return self.http.patch(
            f"/api/v1/cases/{case_id}",
            json=body,
            headers={"If-Match": etag, "Idempotency-Key": str(uuid.uuid4())},
        )

    def note(self, case_id: str, text: str) -> httpx.Response:
        return self.http.post(
            f"/api/v1/cases/{case_id}/notes",
            json={"text": text},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )

    def cases(self, queue: str = "mine", **params: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        cursor = None
        while True:
            query = {"queue": queue, "limit": 1000, **params}
            if cursor:
                query["cursor"] = cursor
            page = self.http.get("/api/v1/cases", params=query).json()
            out += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return out

    def pick(
        self,
        n: int,
        where: Callable[[dict[str, Any]], bool],
        *,
        queue: str = "all",
        taken: set[str] | None = None,
    ) -> list[dict[str, Any]]:
        """``n`` cases matching ``where`` that no other test took (``taken`` is updated)."""
        taken = taken if taken is not None else set()
        found = [c for c in self.cases(queue) if c["id"] not in taken and where(c)]
        if len(found) < n:
            raise LookupError(f"only {len(found)} matching cases for {self.username}")
        chosen = found[:n]
        taken.update(c["id"] for c in chosen)
        return chosen


async def synced(
    rigs: Callable[..., Awaitable[Rig]],
    platform: Platform,
    taken: set[str],
    which: Callable[[dict[str, Any]], bool],
    *args: Any,
    **kwargs: Any,
) -> tuple[Rig, dict[str, Any]]:
    """A case ``which`` picks on ``platform`` (not ``taken``), and a rig (``rigs(*args, **kwargs)``) synced
    once."""
    (case,) = platform.pick(1, which, taken=taken)
    rig = await rigs(*args, **kwargs)
    await rig.engine.sync_now()
    return rig, case


def status_is(*statuses: str) -> Callable[[dict[str, Any]], bool]:
    return lambda c: c["status"] in statuses


def extendable(c: dict[str, Any]) -> bool:
    facts = DeadlineFacts.model_validate(c["deadline"])
    return c["status"] in OPEN and clock.may_extend(facts, dt.date.today()) is None


def texts(events: Iterable[Any]) -> list[str]:
    return [e.text for e in events]
