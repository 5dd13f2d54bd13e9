"""The delta feed over real HTTP: a full pull, deltas after writes, tombstones, tenants, 410 and 400."""

from __future__ import annotations

import base64
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest

from caseworker.domain.models import ChangePage
from tests.helpers.sandbox import Sandbox

PROBLEM_JSON = "application/problem+json"
FEED = "/api/v1/sync/changes"


def writing(**headers: str) -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4()), **headers}


def pull(
    client: httpx.Client, cursor: str | None = None, limit: int = 250
) -> tuple[list[dict[str, Any]], str]:
    """Every change since ``cursor`` (all pages) and the cursor to continue from."""
    changes: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit}
    if cursor is not None:
        params["cursor"] = cursor
    while True:
        r = client.get(FEED, params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        ChangePage.model_validate(page)  # the contract's shape
        assert len(page["changes"]) <= limit
        changes += page["changes"]
        params["cursor"] = page["next_cursor"]
        if not page["has_more"]:
            return changes, page["next_cursor"]
        assert page["changes"], "a page that says more follows must carry changes"


def queue_all(client: httpx.Client) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"queue": "all", "limit": 200}
    while True:
        body = client.get("/api/v1/cases", params=params).json()
        items += body["items"]
        if not body.get("next_cursor"):
            return items
        params["cursor"] = body["next_cursor"]


@pytest.fixture(scope="module")
def full(client: httpx.Client) -> tuple[list[dict[str, Any]], str]:
    return pull(client)


def test_full_pull_has_every_visible_case_exactly_once(
    client: httpx.Client, me: dict[str, Any], full: tuple[list[dict[str, Any]], str]
) -> None:
    changes, _ = full
    case_ids = [c["id"] for c in changes if c["entity"] == "case"]
    assert Counter(case_ids).most_common(1)[0][1] == 1
    queue = queue_all(client)
    assert len(queue) > 50
    assert set(case_ids) == {c["id"] for c in queue}
    assert {c["data"]["municipality_id"] for c in changes if c["entity"] == "case"} <= set(
        me["municipalities"]
    )


def test_full_pull_is_in_change_order_with_every_entity(full: tuple[list[dict[str, Any]], str]) -> None:
    changes, _ = full
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert {c["entity"] for c in changes} >= {"case", "document", "event", "annotation"}
    assert all(c["op"] == "upsert" and c["data"]["id"] == c["id"] for c in changes if c["op"] == "upsert")


def test_upserts_carry_the_full_representation(
    client: httpx.Client, full: tuple[list[dict[str, Any]], str]
) -> None:
    changes, _ = full
    cases = [c for c in changes if c["entity"] == "case"]
    with_parties = next(c for c in cases if c["data"]["parties"])
    for change in (cases[0], with_parties, cases[-1]):
        assert change["data"] == client.get(f"/api/v1/cases/{change['id']}").json()
    document = next(c for c in changes if c["entity"] == "document" and c["data"]["case_id"])
    assert document["data"] == client.get(f"/api/v1/documents/{document['id']}").json()
    event = next(c for c in changes if c["entity"] == "event")
    events = client.get(f"/api/v1/cases/{event['data']['case_id']}/events").json()
    assert event["data"] in events
    annotation = next(c for c in changes if c["entity"] == "annotation")
    markups = client.get(f"/api/v1/documents/{annotation['data']['document_id']}/annotations").json()
    assert annotation["data"] in markups


def test_pages_and_limits_do_not_change_the_result(
    client: httpx.Client, full: tuple[list[dict[str, Any]], str]
) -> None:
    changes, _ = full
    small, _ = pull(client, limit=97)
    assert [(c["entity"], c["id"], c["seq"]) for c in small] == [
        (c["entity"], c["id"], c["seq"]) for c in changes
    ]
    r = client.get(FEED, params={"limit": 100_000})
    assert r.status_code == 200 and len(r.json()["changes"]) == 1000  # the platform's page limit
    assert client.get(FEED, params={"limit": 0}).status_code == 422


def test_another_tenant_sees_other_changes(sandbox: Sandbox, me: dict[str, Any]) -> None:
    outsider = next(a for a in sandbox.accounts if not set(a["municipalities"]) & set(me["municipalities"]))
    with sandbox.client(outsider["username"]) as other:
        theirs, _ = pull(other, limit=1000)
    cases = [c for c in theirs if c["entity"] == "case"]
    assert cases and {c["data"]["municipality_id"] for c in cases} <= set(outsider["municipalities"])
    with sandbox.client(me["username"]) as mine:
        ours = {c["id"] for c in pull(mine, limit=1000)[0]}
    assert not ours & {c["id"] for c in theirs}


def test_a_write_appears_in_the_next_delta(
    client: httpx.Client, full: tuple[list[dict[str, Any]], str]
) -> None:
    changes, _ = full
    _, cursor = pull(client)  # the end now (other tests may have written since the module's pull)
    assert pull(client, cursor) == ([], cursor)  # nothing new: the cursor stays put

    case_id = next(c["id"] for c in changes if c["entity"] == "case")
    r = client.post(f"/api/v1/cases/{case_id}/notes", json={"text": "Delta-notering"}, headers=writing())
    assert r.status_code in (200, 201), r.text
    delta, cursor2 = pull(client, cursor)
    assert [(c["entity"], c["op"], c["data"]["text"], c["data"]["case_id"]) for c in delta] == [
        ("event", "upsert", "Delta-notering", case_id)
    ]
    assert cursor2 != cursor

    document = next(c for c in changes if c["entity"] == "document" and c["data"]["kind"] == "drawing")
    r = client.post(
        f"/api/v1/documents/{document['id']}/annotations",
        json={"page": 0, "kind": "arrow", "geometry": {"from": [1, 2], "to": [30, 40]}},
        headers=writing(),
    )
    assert r.status_code == 201
    delta, cursor3 = pull(client, cursor2)
    assert [(c["entity"], c["op"], c["id"]) for c in delta] == [("annotation", "upsert", r.json()["id"])]
    assert delta[0]["data"] == r.json()
    assert pull(client, cursor3) == ([], cursor3)


def test_deletion_is_a_tombstone(client: httpx.Client, full: tuple[list[dict[str, Any]], str]) -> None:
    changes, _ = full
    document = next(c for c in changes if c["entity"] == "document" and c["data"]["kind"] == "drawing")
    r = client.post(
        f"/api/v1/documents/{document['id']}/annotations",
        json={"page": 0, "kind": "stamp", "geometry": {"at": [5, 5]}},
        headers=writing(),
    )
    annotation_id, etag = r.json()["id"], r.headers["etag"]
    _, cursor = pull(client)
    r = client.delete(f"/api/v1/annotations/{annotation_id}", headers=writing(**{"If-Match": etag}))
    assert r.status_code == 204
    delta, _ = pull(client, cursor)
    assert [(c["entity"], c["op"], c["id"], c["data"]) for c in delta] == [
        ("annotation", "delete", annotation_id, None)
    ]
    # a full pull no longer has the markup at all
    assert annotation_id not in {c["id"] for c in pull(client, limit=1000)[0] if c["op"] == "upsert"}


def note(client: httpx.Client, case_id: str, text: str) -> None:
    r = client.post(f"/api/v1/cases/{case_id}/notes", json={"text": text}, headers=writing())
    assert r.status_code in (200, 201), r.text


def expire(sb: Sandbox) -> None:
    assert sb.admin("expire-cursors").status_code == 200


def test_old_cursors_are_410_after_expiry_and_a_full_resync_works(make_sandbox: Any) -> None:
    sb = make_sandbox()
    with sb.client(sb.account(role="caseworker")["username"]) as c:
        begun = c.get(FEED, params={"limit": 10}).json()  # a full pull, begun
        assert begun["has_more"]
        changes, finished = pull(c, limit=1000)  # and one finished
        case_id = next(ch["id"] for ch in changes if ch["entity"] == "case")
        note(c, case_id, "Före utgången")
        assert c.get(FEED, params={"cursor": finished}).status_code == 200
        expire(sb)

        for old in (begun["next_cursor"], finished):
            r = c.get(FEED, params={"cursor": old})
            assert r.status_code == 410
            assert r.headers["content-type"].startswith(PROBLEM_JSON)
            assert r.json()["status"] == 410

        # the full resync pages through although its cursors lie behind the horizon
        resynced, end = pull(c, limit=100)
        assert len(resynced) > 1000
        assert [ch["data"]["text"] for ch in resynced if ch["entity"] == "event"].count("Före utgången") == 1
        assert c.get(FEED, params={"cursor": end}).status_code == 200  # cursors from now on are good
        note(c, case_id, "Efter utgången")
        delta, _ = pull(c, end)
        assert [ch["data"]["text"] for ch in delta] == ["Efter utgången"]


def test_a_full_pull_sees_writes_made_while_it_runs(make_sandbox: Any) -> None:
    sb = make_sandbox()
    with sb.client(sb.account(role="caseworker")["username"]) as c:
        first = c.get(FEED, params={"limit": 50}).json()
        case_id = next(ch["id"] for ch in first["changes"] if ch["entity"] == "case")
        note(c, case_id, "Under tiden")
        rest, _ = pull(c, first["next_cursor"], limit=500)
        assert [ch["data"]["text"] for ch in rest if ch["entity"] == "event"].count("Under tiden") == 1

        # a pull begun before the horizon moved past its start has to start over
        begun = c.get(FEED, params={"limit": 50}).json()
        note(c, case_id, "Igen")
        expire(sb)
        assert c.get(FEED, params={"cursor": begun["next_cursor"]}).status_code == 410


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor!",
        base64.urlsafe_b64encode(b"v2:5").decode(),
        base64.urlsafe_b64encode(b"v1:abc").decode(),
        base64.urlsafe_b64encode(b"v1:-3").decode(),
        "",
        "A" * 1000,
    ],
)
def test_malformed_cursor_is_400(client: httpx.Client, cursor: str) -> None:
    r = client.get(FEED, params={"cursor": cursor})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith(PROBLEM_JSON)


def test_cursor_from_the_future_is_410(client: httpx.Client) -> None:
    r = client.get(FEED, params={"cursor": base64.urlsafe_b64encode(b"v1:999999999").decode()})
    assert r.status_code == 410


def test_feed_needs_a_token(sandbox: Sandbox) -> None:
    assert httpx.get(sandbox.url + FEED).status_code == 401
