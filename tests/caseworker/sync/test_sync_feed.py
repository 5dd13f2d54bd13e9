"""Bad answers from the delta feed: a malformed entity is skipped (the rest is kept and syncing goes on);
a malformed page is an error the user sees, never a crash; nothing is applied from it."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from caseworker.api.client import PlatformClient
from caseworker.api.transport import make_http_client
from caseworker.auth.flow import Tokens
from caseworker.auth.session import TokenSession
from caseworker.domain.models import OidcConfiguration
from caseworker.store import AsyncStore, CaseQuery, QueueKind
from caseworker.sync.engine import CURSOR_KEY, SyncEngine
from tests.caseworker.store.factories import full_case
from tests.helpers.rig import FAST

URL = "http://127.0.0.1:9"
NOW = "2025-06-01T10:00:00+00:00"


def _page(changes: list[dict[str, Any]], cursor: str = "c1", more: bool = False) -> dict[str, Any]:
    return {"changes": changes, "next_cursor": cursor, "has_more": more}


def _case_change(n: int, seq: int) -> dict[str, Any]:
    case = full_case(n, applicant="Ada Berg", personnummer="19800101-1234")
    return {"entity": "case", "op": "upsert", "id": case.id, "seq": seq, "data": case.model_dump(mode="json")}


GOOD_EVENT = {
    "entity": "event",
    "op": "upsert",
    "id": "ev-1",
    "seq": 3,
    "data": {"id": "ev-1", "case_id": "case-000001", "kind": "note", "at": NOW, "text": "Hej"},
}
BAD_MARKUP = {  # a markup whose geometry is not an object and whose page is negative
    "entity": "annotation",
    "op": "upsert",
    "id": "a-1",
    "seq": 4,
    "data": {"id": "a-1", "document_id": "d-1", "page": -3, "kind": "scribble", "geometry": "nej"},
}


@pytest.fixture
async def engine_for(tmp_path: Path) -> AsyncIterator[Any]:
    opened: list[tuple[AsyncStore, httpx.AsyncClient]] = []

    async def make(answers: list[httpx.Response]) -> tuple[SyncEngine, AsyncStore, list[httpx.Request]]:
        seen: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return answers[min(len(seen), len(answers)) - 1]

        http = make_http_client(transport=httpx.MockTransport(handler))
        config = OidcConfiguration(
            issuer=URL,
            authorization_endpoint=URL + "/oauth/authorize",
            token_endpoint=URL + "/oauth/token",
            revocation_endpoint=URL + "/oauth/revoke",
        )
        tokens = Tokens("access", "refresh", dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
        client = PlatformClient(URL, http, TokenSession(http, config, tokens), retry=FAST)
        store = await AsyncStore.open(tmp_path / f"store-{len(opened)}", os.urandom(32), user_id="u-anna")
        opened.append((store, http))
        return SyncEngine(store, client, user_id="u-anna"), store, seen

    yield make
    for store, http in opened:
        await store.close()
        await http.aclose()


def _json(body: dict[str, Any], status: int = 200) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )


async def test_a_malformed_entity_is_skipped_and_the_rest_of_the_page_kept(engine_for: Any) -> None:
    page = _page([_case_change(1, 1), _case_change(2, 2), GOOD_EVENT, BAD_MARKUP], cursor="after-4")
    engine, store, seen = await engine_for([_json(page)])
    assert await engine.pull() == 4
    assert len(seen) == 2  # the one-pass read failed on the markup; the page was read again leniently
    assert await store.count(CaseQuery(queue=QueueKind.ALL)) == 2
    assert [e.text for e in await store.list_events("case-000001")] == ["Hej"]
    assert await store.list_annotations("d-1") == []
    assert await store.get_state(CURSOR_KEY) == "after-4"  # and syncing goes on from there


async def test_a_page_that_is_not_the_contract_is_an_error_and_changes_nothing(engine_for: Any) -> None:
    engine, store, _ = await engine_for([_json({"changes": "nope"})])
    finished = await engine.sync_now()
    assert finished.error is not None and finished.pulled == 0
    assert await store.get_state(CURSOR_KEY) is None
    assert await store.count(CaseQuery(queue=QueueKind.ALL)) == 0


async def test_html_instead_of_json_is_an_error_not_a_crash(engine_for: Any) -> None:
    html = httpx.Response(200, content=b"<html>Proxy login</html>", headers={"Content-Type": "text/html"})
    engine, store, _ = await engine_for([html])
    finished = await engine.sync_now()
    assert finished.error is not None and "oväntat" in finished.error
    assert await store.get_state(CURSOR_KEY) is None
