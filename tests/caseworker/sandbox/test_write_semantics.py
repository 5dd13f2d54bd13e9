"""Idempotency-Key over real HTTP: replay, reuse with another payload, in flight, missing key, retention.

The in-flight case is made deterministic by holding the first request's body upload open (a streaming
body that waits on an event) and watching the sandbox's database until the key is recorded in flight.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select, update
from sqlalchemy.engine import Engine
from starlette.datastructures import State

from caseworker.sandbox import db
from caseworker.sandbox.server import start_in_thread
from caseworker.sandbox.writes import IdempotencyMiddleware
from tests.helpers.sandbox import Sandbox, own_sandbox
from tests.helpers.waiting import wait_until

PROBLEM_JSON = "application/problem+json"


sb = own_sandbox("write-semantics")


@pytest.fixture(scope="module")
def username(sb: Sandbox) -> str:
    return str(sb.account(role="caseworker", exclude_role="team_lead")["username"])


@pytest.fixture(scope="module")
def client(sb: Sandbox, username: str) -> Iterator[httpx.Client]:
    with sb.client(username) as c:
        yield c


@pytest.fixture(scope="module")
def case_id(client: httpx.Client) -> str:
    r = client.get("/api/v1/cases", params={"queue": "mine", "limit": 1})
    assert r.status_code == 200
    return str(r.json()["items"][0]["id"])


@pytest.fixture(scope="module")
def engine(sb: Sandbox) -> Iterator[Engine]:
    """The sandbox's own database, to watch its idempotency records."""
    e = create_engine(sb.running.settings.db_url)
    yield e
    e.dispose()


def note_body(text: str) -> bytes:
    return ('{"text": "' + text + '"}').encode()


def post_note(client: httpx.Client, case_id: str, key: str | None, body: bytes) -> httpx.Response:
    headers = {"Content-Type": "application/json", **({"Idempotency-Key": key} if key else {})}
    return client.post(f"/api/v1/cases/{case_id}/notes", content=body, headers=headers)


def notes_with(client: httpx.Client, case_id: str, text: str) -> int:
    events = client.get(f"/api/v1/cases/{case_id}/events").json()
    return sum(1 for e in events if e["kind"] == "note" and e["text"] == text)


def record_state(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        state = conn.execute(
            select(db.IdempotencyRecord.state).where(db.IdempotencyRecord.key == key)
        ).scalar()
    return None if state is None else str(state)


def test_same_key_same_request_replays_the_first_response_and_acts_once(
    client: httpx.Client, case_id: str
) -> None:
    key, text = str(uuid.uuid4()), f"en gång {uuid.uuid4()}"
    first = post_note(client, case_id, key, note_body(text))
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    second = post_note(client, case_id, key, note_body(text))
    assert second.status_code == 201
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["idempotent-replayed"] == "true"
    assert notes_with(client, case_id, text) == 1


def test_same_key_with_another_payload_is_422(client: httpx.Client, case_id: str) -> None:
    key, text = str(uuid.uuid4()), f"original {uuid.uuid4()}"
    assert post_note(client, case_id, key, note_body(text)).status_code == 201
    other = post_note(client, case_id, key, note_body(text + " ändrad"))
    assert other.status_code == 422
    assert other.headers["content-type"].startswith(PROBLEM_JSON)
    assert "Idempotency-Key" in other.json()["title"]
    elsewhere = client.post(
        f"/api/v1/cases/{case_id}/messages",
        json={"subject": "s", "body": "b"},
        headers={"Idempotency-Key": key},
    )
    assert elsewhere.status_code == 422
    assert notes_with(client, case_id, text + " ändrad") == 0


def test_a_retried_patch_replays_its_200_instead_of_412(client: httpx.Client) -> None:
    """The response was lost; the outbox sends the same write again: same key, same old If-Match."""
    mine = client.get("/api/v1/cases", params={"queue": "mine", "status": "received"}).json()["items"]
    assert mine, "the demo caseworker should have a received case"
    url = f"/api/v1/cases/{mine[0]['id']}"
    etag = client.get(url).headers["ETag"]
    headers = {"Idempotency-Key": str(uuid.uuid4()), "If-Match": etag}
    first = client.patch(url, json={"status": "under_review"}, headers=headers)
    assert first.status_code == 200, first.text
    assert first.headers["ETag"] != etag
    retry = client.patch(url, json={"status": "under_review"}, headers=headers)
    assert retry.status_code == 200
    assert retry.content == first.content and retry.headers["ETag"] == first.headers["ETag"]
    assert retry.headers["idempotent-replayed"] == "true"
    fresh_key = client.patch(
        url, json={"status": "under_review"}, headers={**headers, "Idempotency-Key": "n"}
    )
    assert fresh_key.status_code == 412, "without the key the same write is stale"
    changes = [e for e in client.get(url + "/events").json() if e["kind"] == "status_changed"]
    assert sum(1 for e in changes if e["data"].get("to") == "under_review") == 1


def test_a_write_without_key_is_400_but_a_bad_token_is_still_401(
    sb: Sandbox, client: httpx.Client, case_id: str
) -> None:
    text = f"utan nyckel {uuid.uuid4()}"
    r = post_note(client, case_id, None, note_body(text))
    assert r.status_code == 400
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    assert r.json()["title"] == "Idempotency-Key required"
    assert post_note(client, case_id, "k" * 201, note_body(text)).status_code == 400
    assert notes_with(client, case_id, text) == 0
    with httpx.Client(base_url=sb.url, headers={"Authorization": "Bearer not-a-token"}) as stranger:
        r = post_note(stranger, case_id, None, note_body(text))
        assert r.status_code == 401
        assert "www-authenticate" in r.headers
    with httpx.Client(base_url=sb.url) as anonymous:
        assert post_note(anonymous, case_id, None, note_body(text)).status_code == 401


def test_keys_belong_to_one_user(sb: Sandbox, client: httpx.Client) -> None:
    key, text = str(uuid.uuid4()), f"två personer {uuid.uuid4()}"
    worker = sb.account(role="caseworker", exclude_role="team_lead")
    with sb.client(
        sb.account(role="team_lead", municipality=worker["municipalities"][0])["username"]
    ) as lead:
        theirs = {c["id"] for c in lead.get("/api/v1/cases", params={"limit": 1000}).json()["items"]}
        shared = [
            c["id"]
            for c in client.get("/api/v1/cases", params={"limit": 1000}).json()["items"]
            if c["id"] in theirs
        ]
        assert shared, "the demo team lead and caseworker should share a municipality"
        assert post_note(client, shared[0], key, note_body(text)).status_code == 201
        r = post_note(lead, shared[0], key, note_body(text))
        assert r.status_code == 201 and "idempotent-replayed" not in r.headers
    assert notes_with(client, shared[0], text) == 2


def test_a_duplicate_while_the_first_is_still_running_is_409(
    sb: Sandbox, client: httpx.Client, case_id: str, engine: Engine
) -> None:
    key, text = str(uuid.uuid4()), f"långsam {uuid.uuid4()}"
    body = note_body(text)
    gate = threading.Event()
    outcome: dict[str, Any] = {}

    def held_open_upload() -> Iterator[bytes]:
        yield body[:5]
        gate.wait(30)
        yield body[5:]

    def first() -> None:
        with httpx.Client(base_url=sb.url, headers={"Authorization": client.headers["Authorization"]}) as c:
            outcome["response"] = c.post(
                f"/api/v1/cases/{case_id}/notes",
                content=held_open_upload(),
                headers={"Idempotency-Key": key, "Content-Type": "application/json"},
                timeout=60,
            )

    thread = threading.Thread(target=first)
    thread.start()
    try:
        wait_until(lambda: record_state(engine, key) == "in_flight", what="the write to be in flight")
        duplicate = post_note(client, case_id, key, body)
        assert duplicate.status_code == 409
        assert duplicate.headers["content-type"].startswith(PROBLEM_JSON)
        assert "retry-after" in duplicate.headers
    finally:
        gate.set()
        thread.join(60)
    assert outcome["response"].status_code == 201, outcome["response"].text
    assert record_state(engine, key) == "done"
    replay = post_note(client, case_id, key, body)
    assert replay.status_code == 201 and replay.content == outcome["response"].content
    assert notes_with(client, case_id, text) == 1


def test_an_upload_that_breaks_off_frees_its_key(
    sb: Sandbox, client: httpx.Client, case_id: str, engine: Engine
) -> None:
    key, text = str(uuid.uuid4()), f"avbruten {uuid.uuid4()}"
    body = note_body(text)
    gate = threading.Event()

    class Dropped(Exception):
        pass

    def broken_upload() -> Iterator[bytes]:
        yield body[:5]
        gate.wait(30)
        raise Dropped

    def first() -> None:
        with (
            httpx.Client(base_url=sb.url, headers={"Authorization": client.headers["Authorization"]}) as c,
            pytest.raises(Dropped),
        ):
            c.post(
                f"/api/v1/cases/{case_id}/notes",
                content=broken_upload(),
                headers={"Idempotency-Key": key, "Content-Type": "application/json"},
            )

    thread = threading.Thread(target=first)
    thread.start()
    try:
        wait_until(lambda: record_state(engine, key) == "in_flight", what="the write to be in flight")
    finally:
        gate.set()
        thread.join(30)
    wait_until(lambda: record_state(engine, key) is None, what="the idempotency record to be dropped")
    r = post_note(client, case_id, key, body)
    assert r.status_code == 201 and "idempotent-replayed" not in r.headers
    assert notes_with(client, case_id, text) == 1


def test_an_overload_answer_is_not_remembered(sb: Sandbox, client: httpx.Client, case_id: str) -> None:
    key, text = str(uuid.uuid4()), f"efter 503 {uuid.uuid4()}"
    assert sb.admin("faults", {"count": 1, "status": 503}).status_code == 204
    r = post_note(client, case_id, key, note_body(text))
    assert r.status_code == 503 and r.headers["retry-after"]
    r = post_note(client, case_id, key, note_body(text))
    assert r.status_code == 201 and "idempotent-replayed" not in r.headers
    assert notes_with(client, case_id, text) == 1


async def test_answers_that_say_try_again_and_crashes_are_not_remembered(
    sb: Sandbox, client: httpx.Client
) -> None:
    """5xx, 429, 401 and a handler that raised free the key: the retry runs the handler again.

    The sandbox's own handlers do not fail on demand (its fault injection answers 503 before the key is
    looked at), so this drives the middleware over the sandbox's database around a handler that does.
    """
    answers: list[int | str] = [503, 429, 401, "raise", 201]
    calls: list[bytes] = []

    async def flaky(scope: Any, receive: Any, send: Any) -> None:
        calls.append((await receive())["body"])
        answer = answers[min(len(calls), len(answers)) - 1]
        if answer == "raise":
            raise RuntimeError("the handler crashed")
        await send(
            {"type": "http.response.start", "status": answer, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": f"call {len(calls)}".encode()})

    state = State()
    state.settings = sb.running.settings
    engine = db.make_engine(sb.running.settings.db_url)
    state.sessionmaker = db.make_sessionmaker(engine)
    transport = httpx.ASGITransport(app=IdempotencyMiddleware(flaky, state), raise_app_exceptions=False)
    headers = {"Authorization": client.headers["Authorization"], "Idempotency-Key": str(uuid.uuid4())}
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox", headers=headers) as c:
            statuses = [
                (await c.post("/api/v1/cases/x/notes", content=b"same")).status_code for _ in range(4)
            ]
            assert statuses == [503, 429, 401, 500]
            done = await c.post("/api/v1/cases/x/notes", content=b"same")
            assert (done.status_code, done.text) == (201, "call 5")
            replay = await c.post("/api/v1/cases/x/notes", content=b"same")
            assert (replay.status_code, replay.text, replay.headers["idempotent-replayed"]) == (
                201,
                "call 5",
                "true",
            )
    finally:
        engine.dispose()
    assert len(calls) == 5


def test_methods_and_paths_no_route_takes_are_405_and_404_not_400(client: httpx.Client, case_id: str) -> None:
    assert client.put("/api/v1/me").status_code == 405
    assert client.put(f"/api/v1/cases/{case_id}/notes", json={"text": "x"}).status_code == 405
    assert client.post("/api/v1/no-such-thing", json={}).status_code == 404


def test_writes_outside_the_api_need_no_key(sb: Sandbox) -> None:
    r = sb.admin("faults", {"count": 0})
    assert r.status_code == 204


def test_keys_are_kept_for_the_retention_period_then_forgotten(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    fresh = make_sandbox()
    account = fresh.account(role="caseworker", exclude_role="team_lead")
    tokens = fresh.sign_in(account["username"])
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}
    with httpx.Client(base_url=fresh.url, headers=auth) as c:
        case = c.get("/api/v1/cases", params={"queue": "mine", "limit": 1}).json()["items"][0]["id"]
        old_key, recent_key = str(uuid.uuid4()), str(uuid.uuid4())
        assert post_note(c, case, old_key, note_body("gammal")).status_code == 201
        assert post_note(c, case, recent_key, note_body("nyare")).status_code == 201

    engine = create_engine(fresh.running.settings.db_url)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        for key, age in ((old_key, 36), (recent_key, 29)):
            conn.execute(
                update(db.IdempotencyRecord)
                .where(db.IdempotencyRecord.key == key)
                .values(created_at=now - dt.timedelta(days=age))
            )
    engine.dispose()

    # Old keys go when a sandbox process housekeeps (on its first write): start another on the same database.
    restarted = start_in_thread(fresh.running.settings)
    try:
        with httpx.Client(base_url=restarted.url, headers=auth) as c:
            assert post_note(c, case, recent_key, note_body("annan")).status_code == 422
            r = post_note(c, case, old_key, note_body("annan"))
            assert r.status_code == 201 and "idempotent-replayed" not in r.headers
    finally:
        restarted.stop()
