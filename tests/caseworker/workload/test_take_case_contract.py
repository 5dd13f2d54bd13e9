"""Issue 15 item 3, the platform side of "Ta ärendet": a caseworker who is not a team lead may assign an
unassigned case of their municipalities to themself (PATCH /cases/{id} assignee_id = own id) and give back
their own (assignee_id = null); anything else with assignee_id stays 403 for them. A take based on a stale
ETag lost a race: 412 with the case as it is now (issue 8 follow-up), 403 only with the current ETag.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.helpers.sandbox import Sandbox, signed_in_client

OPEN = ("received", "incomplete", "complete", "under_review", "referral")


# A caseworker (Älvdala, Norrsjö), not a team lead.
anna = signed_in_client("anna")


# An inspector of the same municipalities: takes no cases.
karin = signed_in_client("karin")


@pytest.fixture(scope="module")
def taken() -> set[str]:
    return set()


def me(client: httpx.Client) -> str:
    return str(client.get("/api/v1/me").json()["id"])


def pick(client: httpx.Client, taken: set[str], *, queue: str, holder: str | None = None) -> dict[str, Any]:
    """An open case of ``queue`` (held by ``holder`` when given) that no other test of the module uses."""
    items = client.get("/api/v1/cases", params={"queue": queue, "limit": 500}).json()["items"]
    for case in items:
        if (
            case["status"] in OPEN
            and case["id"] not in taken
            and (holder is None or case["assignee_id"] == holder)
        ):
            taken.add(case["id"])
            return dict(case)
    raise LookupError(f"no open case in queue {queue} held by {holder}")


def assigned_events(client: httpx.Client, case_id: str) -> list[dict[str, Any]]:
    return [e for e in client.get(f"/api/v1/cases/{case_id}/events").json() if e["kind"] == "assigned"]


def assign(client: httpx.Client, case_id: str, assignee: str | None) -> httpx.Response:
    etag = client.get(f"/api/v1/cases/{case_id}").headers["ETag"]
    return client.patch(
        f"/api/v1/cases/{case_id}",
        json={"assignee_id": assignee},
        headers={"If-Match": etag, "Idempotency-Key": str(uuid.uuid4())},
    )


def test_a_caseworker_takes_an_unassigned_case_and_gives_it_back(anna: httpx.Client, taken: set[str]) -> None:
    own = me(anna)
    case = pick(anna, taken, queue="unassigned")

    took = assign(anna, case["id"], own)
    assert took.status_code == 200, took.text
    assert took.json()["assignee_id"] == own
    assert case["id"] in {
        c["id"] for c in anna.get("/api/v1/cases", params={"queue": "mine"}).json()["items"]
    }
    took_event = assigned_events(anna, case["id"])[-1]
    assert took_event["data"] == {"from": None, "to": own} and took_event["actor_id"] == own

    gave = assign(anna, case["id"], None)
    assert gave.status_code == 200, gave.text
    assert gave.json()["assignee_id"] is None
    gave_event = assigned_events(anna, case["id"])[-1]
    assert gave_event["data"] == {"from": own, "to": None} and gave_event["actor_id"] == own
    unassigned = anna.get("/api/v1/cases", params={"queue": "unassigned", "limit": 500}).json()["items"]
    assert case["id"] in {c["id"] for c in unassigned}


def test_of_two_caseworkers_taking_one_case_the_second_is_refused(
    sb: Sandbox, anna: httpx.Client, taken: set[str]
) -> None:
    case = pick(anna, taken, queue="unassigned")
    etag = anna.get(f"/api/v1/cases/{case['id']}").headers["ETag"]
    with sb.client("erik") as erik:
        erik_id = me(erik)
        first = erik.patch(
            f"/api/v1/cases/{case['id']}",
            json={"assignee_id": erik_id},
            headers={"If-Match": etag, "Idempotency-Key": str(uuid.uuid4())},
        )
    assert first.status_code == 200, first.text
    # anna saw it unassigned (same ETag): she lost the race, and is shown the case as erik took it
    late = anna.patch(
        f"/api/v1/cases/{case['id']}",
        json={"assignee_id": me(anna)},
        headers={"If-Match": etag, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert late.status_code == 412 and late.headers["content-type"] == "application/problem+json"
    assert late.json()["current"]["assignee_id"] == erik_id and late.json()["etag"] == first.headers["ETag"]
    # with the case as it is now, taking it is no longer hers to do
    forbidden = anna.patch(
        f"/api/v1/cases/{case['id']}",
        json={"assignee_id": me(anna)},
        headers={"If-Match": first.headers["ETag"], "Idempotency-Key": str(uuid.uuid4())},
    )
    assert forbidden.status_code == 403 and forbidden.headers["content-type"] == "application/problem+json"
    assert anna.get(f"/api/v1/cases/{case['id']}").json()["assignee_id"] == erik_id


def test_taking_still_needs_if_match(anna: httpx.Client, taken: set[str]) -> None:
    case = pick(anna, taken, queue="unassigned")
    r = anna.patch(
        f"/api/v1/cases/{case['id']}",
        json={"assignee_id": me(anna)},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 428
    took = assign(anna, case["id"], me(anna))
    assert took.status_code == 200
    again = anna.patch(
        f"/api/v1/cases/{case['id']}",
        json={"assignee_id": None},
        headers={"If-Match": case["etag"], "Idempotency-Key": str(uuid.uuid4())},
    )
    assert again.status_code == 412 and again.json()["current"]["assignee_id"] == me(anna)


def test_a_caseworker_may_not_give_an_unassigned_case_to_someone_else(
    sb: Sandbox, anna: httpx.Client, taken: set[str]
) -> None:
    with sb.client("erik") as erik:
        other = me(erik)
    case = pick(anna, taken, queue="unassigned")
    assert assign(anna, case["id"], other).status_code == 403


def test_a_caseworker_may_not_take_a_colleagues_case_nor_give_it_back(
    sb: Sandbox, anna: httpx.Client, taken: set[str]
) -> None:
    with sb.client("erik") as erik:
        held = pick(erik, taken, queue="mine")
    assert assign(anna, held["id"], me(anna)).status_code == 403
    assert assign(anna, held["id"], None).status_code == 403
    assert anna.get(f"/api/v1/cases/{held['id']}").json()["assignee_id"] == held["assignee_id"]


def test_an_inspector_may_not_take_a_case(karin: httpx.Client, taken: set[str]) -> None:
    case = pick(karin, taken, queue="unassigned")
    assert assign(karin, case["id"], me(karin)).status_code == 403
