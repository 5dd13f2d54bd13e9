"""`acted_at` over real HTTP: when the user acted, kept beside the platform's own time on the events a
write makes (issue 9, item 5), and refused with a 422 naming the field when it cannot be true."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from tests.helpers.sandbox import Sandbox, decision_fields, send_decision, signed_in_client, writing

pytestmark = pytest.mark.postgres

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
STOCKHOLM_SUMMER = dt.timezone(dt.timedelta(hours=2))


cw = signed_in_client("anna", of="sandbox")


def open_cases(client: httpx.Client) -> list[dict[str, Any]]:
    items = client.get("/api/v1/cases", params={"queue": "mine", "limit": 200}).json()["items"]
    return [c for c in items if c["status"] in ("complete", "under_review", "referral")]


def events(client: httpx.Client, case_id: str) -> list[dict[str, Any]]:
    r = client.get(f"/api/v1/cases/{case_id}/events")
    assert r.status_code == 200
    return list(r.json())


def moment(r: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(r) if r else None


def test_a_note_keeps_when_the_user_acted_beside_the_platforms_time(cw: httpx.Client) -> None:
    case = open_cases(cw)[0]
    acted = (dt.datetime.now(STOCKHOLM_SUMMER) - dt.timedelta(days=3)).replace(microsecond=0)
    r = cw.post(
        f"/api/v1/cases/{case['id']}/notes",
        json={"text": "skriven offline", "acted_at": acted.isoformat()},
        headers=writing(),
    )
    assert r.status_code == 201, r.text
    event = r.json()
    assert moment(event["acted_at"]) == acted
    assert moment(event["at"]) > acted  # type: ignore[operator]  # the platform's own time stays its own
    [listed] = [e for e in events(cw, case["id"]) if e["id"] == event["id"]]
    assert moment(listed["acted_at"]) == acted and "acted_at" not in listed["data"]
    plain = cw.post(f"/api/v1/cases/{case['id']}/notes", json={"text": "utan tid"}, headers=writing())
    assert plain.json()["acted_at"] is None


def test_every_event_of_a_write_carries_it(sandbox: Sandbox, cw: httpx.Client) -> None:
    case = open_cases(cw)[1]
    acted = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=5)
    etag = cw.get(f"/api/v1/cases/{case['id']}").headers["ETag"]
    target = {"complete": "under_review", "under_review": "referral", "referral": "under_review"}[
        case["status"]
    ]
    r = cw.patch(
        f"/api/v1/cases/{case['id']}",
        json={"status": target, "acted_at": acted.isoformat()},
        headers=writing(**{"If-Match": etag}),
    )
    assert r.status_code == 200, r.text
    [changed] = [
        e for e in events(cw, case["id"]) if e["kind"] == "status_changed" and e["data"]["to"] == target
    ]
    assert moment(changed["acted_at"]) == acted

    fields = decision_fields(acted_at=acted.isoformat())
    decided = send_decision(cw, case["id"], r.headers["ETag"], MINIMAL_PDF, fields)
    assert decided.status_code == 201, decided.text
    [decision] = [e for e in events(cw, case["id"]) if e["kind"] == "decision"]
    assert moment(decision["acted_at"]) == acted

    lead = sandbox.account(role="team_lead", municipality=case["municipality_id"])
    with sandbox.client(lead["username"]) as c:
        other = next(
            x
            for x in c.get("/api/v1/cases", params={"queue": "team", "limit": 200}).json()["items"]
            if x["status"] not in ("decided", "closed") and x["assignee_id"]
        )
        ids = [
            sandbox_user_id(sandbox, a["username"])
            for a in sandbox.accounts
            if "caseworker" in a["roles"] and other["municipality_id"] in a["municipalities"]
        ]
        to_user = next(i for i in ids if i != other["assignee_id"])
        etag = c.get(f"/api/v1/cases/{other['id']}").headers["ETag"]
        moved = c.post(
            "/api/v1/reassignments",
            json={
                "items": [{"case_id": other["id"], "to_user_id": to_user, "if_match": etag}],
                "reason": "Test",
                "acted_at": acted.isoformat(),
            },
            headers=writing(),
        )
        assert moved.json()["results"][0]["status"] == 200, moved.text
        [assigned] = [
            e for e in events(c, other["id"]) if e["kind"] == "assigned" and e["data"].get("reassignment")
        ]
        assert moment(assigned["acted_at"]) == acted
        feed = c.get("/api/v1/sync/changes", params={"limit": 1000}).json()
        while feed["has_more"]:
            feed = c.get("/api/v1/sync/changes", params={"limit": 1000, "cursor": feed["next_cursor"]}).json()
        in_feed = [ch for ch in feed["changes"] if ch["id"] == assigned["id"]]
        assert in_feed and moment(in_feed[0]["data"]["acted_at"]) == acted


def sandbox_user_id(sandbox: Sandbox, username: str) -> str:
    with sandbox.client(username) as c:
        return str(c.get("/api/v1/me").json()["id"])


@pytest.mark.parametrize(
    "acted_at",
    [
        (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat(),  # too far ahead for a clock error
        (dt.datetime.now(dt.UTC) - dt.timedelta(days=3650)).isoformat(),  # ten years ago
        dt.datetime.now().replace(microsecond=0).isoformat(),  # no offset: which time zone?
        "igår",
        "9999-12-31T23:59:59+14:00",
    ],
)
def test_an_impossible_acted_at_is_a_422_naming_the_field(cw: httpx.Client, acted_at: str) -> None:
    case = open_cases(cw)[0]
    r = cw.post(
        f"/api/v1/cases/{case['id']}/notes", json={"text": "x", "acted_at": acted_at}, headers=writing()
    )
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert any(e["loc"][-1] == "acted_at" for e in r.json()["errors"]), r.json()
