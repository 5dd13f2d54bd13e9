"""Cases over real HTTP: queues and paging, ETags, conditional PATCH, roles, tenants, notes, messages,
decisions.

The module runs its own sandbox (a copy of the seeded template) because it changes cases freely.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from caseworker.domain import appeals, clock
from caseworker.domain.models import CaseType, DeadlineFacts
from tests.helpers.rig import OPEN
from tests.helpers.sandbox import (
    MINIMAL_PDF,
    Sandbox,
    decision_fields,
    own_sandbox,
    send_decision,
    signed_in_client,
    writing,
)

PROBLEM_JSON = "application/problem+json"
SEARCHED = ("registration_number", "title", "property_designation", "applicant_name")


sb = own_sandbox("cases-api")


caseworker = signed_in_client(role="caseworker", exclude_role="team_lead")


@pytest.fixture(scope="module")
def lead(sb: Sandbox) -> Iterator[httpx.Client]:
    """A team lead serving the caseworker's municipality."""
    worker = sb.account(role="caseworker", exclude_role="team_lead")
    with sb.client(sb.account(role="team_lead", municipality=worker["municipalities"][0])["username"]) as c:
        yield c


inspector = signed_in_client(role="inspector", exclude_role="caseworker")


def every_case(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """All cases of a queue, page by page."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": params.get("limit", 1000), **({"cursor": cursor} if cursor else {})}
        r = client.get("/api/v1/cases", params=query)
        assert r.status_code == 200, r.text
        page = r.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def me(client: httpx.Client) -> dict[str, Any]:
    r = client.get("/api/v1/me")
    assert r.status_code == 200, r.text
    user: dict[str, Any] = r.json()
    return user


def get_case(client: httpx.Client, case_id: str) -> tuple[dict[str, Any], str]:
    r = client.get(f"/api/v1/cases/{case_id}")
    assert r.status_code == 200, r.text
    return r.json(), r.headers["ETag"]


def facts(case: dict[str, Any]) -> DeadlineFacts:
    return DeadlineFacts.model_validate(case["deadline"])


def case_where(client: httpx.Client, predicate: Any, **params: Any) -> dict[str, Any]:
    for case in every_case(client, **params):
        if predicate(case):
            return case
    pytest.fail(f"the demo data has no case for this test ({params})")


def foreign_case(sb: Sandbox, client: httpx.Client) -> dict[str, Any]:
    """A case in a municipality that the user of ``client`` does not serve."""
    mine = set(me(client)["municipalities"])
    for account in sb.accounts:
        outside = set(account["municipalities"]) - mine
        if outside:
            with sb.client(account["username"]) as other:
                return case_where(other, lambda c, outside=outside: c["municipality_id"] in outside)
    pytest.fail("the demo data has no municipality outside this user's")


# --- queues --------------------------------------------------------------------------------------


def test_queue_mine_holds_exactly_my_cases(caseworker: httpx.Client) -> None:
    user = me(caseworker)
    mine = every_case(caseworker, queue="mine")
    assert mine, "the demo caseworker should have cases"
    assert {c["assignee_id"] for c in mine} == {user["id"]}
    everything = every_case(caseworker, queue="all")
    assert {c["id"] for c in mine} == {c["id"] for c in everything if c["assignee_id"] == user["id"]}


def test_queue_unassigned_has_no_assignee(caseworker: httpx.Client) -> None:
    unassigned = every_case(caseworker, queue="unassigned")
    assert unassigned, "the demo data should have unassigned cases"
    assert all(c["assignee_id"] is None for c in unassigned)
    everything = every_case(caseworker, queue="all")
    assert {c["id"] for c in unassigned} == {c["id"] for c in everything if c["assignee_id"] is None}


def test_queue_all_stays_within_the_users_municipalities(sb: Sandbox, caseworker: httpx.Client) -> None:
    served = set(me(caseworker)["municipalities"])
    everything = every_case(caseworker, queue="all")
    assert everything
    assert {c["municipality_id"] for c in everything} <= served
    outsider = foreign_case(sb, caseworker)
    assert outsider["id"] not in {c["id"] for c in everything}


def test_queue_team_is_the_teams_cases(lead: httpx.Client) -> None:
    user = me(lead)
    members = {m["user_id"] for m in lead.get(f"/api/v1/teams/{user['team_id']}/workload").json()["members"]}
    team = every_case(lead, queue="team")
    assert team
    assert all(c["team_id"] == user["team_id"] or c["assignee_id"] in members for c in team)
    expected = {
        c["id"]
        for c in every_case(lead, queue="all")
        if c["team_id"] == user["team_id"] or c["assignee_id"] in members
    }
    assert {c["id"] for c in team} == expected


def test_queue_team_is_smaller_than_all_for_a_team_member(caseworker: httpx.Client) -> None:
    team = {c["id"] for c in every_case(caseworker, queue="team")}
    every = {c["id"] for c in every_case(caseworker, queue="all")}
    assert team < every  # other teams' and unrouted cases in the same municipalities


def test_paging_visits_every_case_exactly_once_in_order(caseworker: httpx.Client) -> None:
    whole = every_case(caseworker, queue="all", limit=1000)
    paged = every_case(caseworker, queue="all", limit=7)
    ids = [c["id"] for c in paged]
    assert len(ids) == len(set(ids)) == len(whole)
    assert set(ids) == {c["id"] for c in whole}
    numbers = [c["registration_number"] for c in paged]
    assert numbers == sorted(numbers)
    first = caseworker.get("/api/v1/cases", params={"queue": "all", "limit": 7}).json()
    assert len(first["items"]) == 7 and first["next_cursor"]


def test_filters_by_status_type_and_municipality(caseworker: httpx.Client) -> None:
    everything = every_case(caseworker, queue="all")
    statuses = ["received", "incomplete"]
    filtered = every_case(caseworker, queue="all", status=statuses)
    assert filtered
    assert {c["id"] for c in filtered} == {c["id"] for c in everything if c["status"] in statuses}

    case_type = everything[0]["case_type"]
    by_type = every_case(caseworker, queue="all", type=case_type)
    assert {c["id"] for c in by_type} == {c["id"] for c in everything if c["case_type"] == case_type}

    municipality = everything[-1]["municipality_id"]
    by_municipality = every_case(caseworker, queue="all", municipality=municipality)
    expected = {c["id"] for c in everything if c["municipality_id"] == municipality}
    assert {c["id"] for c in by_municipality} == expected


def test_search_is_a_case_insensitive_substring_over_the_main_fields(caseworker: httpx.Client) -> None:
    everything = every_case(caseworker, queue="all")

    def hits(q: str) -> set[str]:
        return {c["id"] for c in everything if any(q.lower() in c[f].lower() for f in SEARCHED)}

    sample = everything[len(everything) // 2]
    for q in (sample["applicant_name"][1:5].upper(), sample["registration_number"][-6:], sample["title"][:6]):
        found = {c["id"] for c in every_case(caseworker, queue="all", q=q)}
        assert sample["id"] in found
        assert found == hits(q)
    assert every_case(caseworker, queue="all", q="%_no such thing_%") == []


def test_search_folds_swedish_capitals(lead: httpx.Client) -> None:
    """ "älvdala" finds "Älvdala" (SQLite's lower() folds ASCII only)."""
    everything = every_case(lead, queue="all")
    capitals = "ÅÄÖ"
    swedish = next((c for c in everything if any(ch in c["property_designation"] for ch in capitals)), None)
    assert swedish is not None, "the demo data should have a property designation with Å, Ä or Ö"
    word = next(w for w in swedish["property_designation"].split() if any(ch in w for ch in capitals))
    found = every_case(lead, queue="all", q=word.lower())
    assert swedish["id"] in {c["id"] for c in found}
    assert all(word.lower() in " ".join(c[f].lower() for f in SEARCHED) for c in found)


def test_a_cursor_not_handed_out_is_400(caseworker: httpx.Client) -> None:
    for cursor in ("not-a-cursor!", "abcde", "ab=="):
        r = caseworker.get("/api/v1/cases", params={"cursor": cursor})
        assert r.status_code == 400, cursor
        assert r.headers["content-type"].startswith(PROBLEM_JSON)
    first = caseworker.get("/api/v1/cases", params={"limit": 5}).json()
    assert caseworker.get("/api/v1/cases", params={"limit": 5, "cursor": ""}).json() == first


# --- one case ------------------------------------------------------------------------------------


def test_get_case_has_an_etag_and_answers_304_when_current(caseworker: httpx.Client) -> None:
    summary = every_case(caseworker, queue="all")[0]
    case, etag = get_case(caseworker, summary["id"])
    assert case["id"] == summary["id"] and case["parties"] is not None and "property" in case
    assert etag
    r = caseworker.get(f"/api/v1/cases/{summary['id']}", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    assert r.headers["ETag"] == etag
    r = caseworker.get(f"/api/v1/cases/{summary['id']}", headers={"If-None-Match": '"something-else"'})
    assert r.status_code == 200


def test_patch_needs_if_match_and_a_current_one(caseworker: httpx.Client, lead: httpx.Client) -> None:
    case = case_where(caseworker, lambda c: c["status"] == "received", queue="mine")
    url = f"/api/v1/cases/{case['id']}"
    r = caseworker.patch(url, json={"status": "under_review"}, headers=writing())
    assert r.status_code == 428
    assert r.headers["content-type"].startswith(PROBLEM_JSON)

    _, etag = get_case(caseworker, case["id"])
    r = caseworker.patch(url, json={"status": "under_review"}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "under_review"
    new_etag = r.headers["ETag"]
    assert new_etag != etag
    assert r.json()["version"] == case["version"] + 1

    # Someone acting on the old ETag gets 412 with the current case and its ETag.
    r = lead.patch(url, json={"status": "referral"}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 412
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    problem = r.json()
    assert problem["etag"] == new_etag
    assert problem["current"]["status"] == "under_review"
    assert problem["current"]["id"] == case["id"]
    assert get_case(caseworker, case["id"])[0]["status"] == "under_review"

    kinds = [(e["kind"], e["data"].get("to")) for e in caseworker.get(url + "/events").json()]
    assert ("status_changed", "under_review") in kinds


def test_an_empty_patch_changes_nothing_but_still_needs_if_match(caseworker: httpx.Client) -> None:
    case = every_case(caseworker, queue="mine")[0]
    url = f"/api/v1/cases/{case['id']}"
    assert caseworker.patch(url, json={}, headers=writing()).status_code == 428
    _, etag = get_case(caseworker, case["id"])
    r = caseworker.patch(url, json={}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200
    assert r.headers["ETag"] == etag


def test_roles_status_by_inspector_and_assignee_by_caseworker_are_403(
    sb: Sandbox, caseworker: httpx.Client, inspector: httpx.Client
) -> None:
    inspector_user = me(inspector)
    case = case_where(inspector, lambda c: c["status"] == "received", queue="all")
    _, etag = get_case(inspector, case["id"])
    r = inspector.patch(
        f"/api/v1/cases/{case['id']}", json={"status": "under_review"}, headers=writing(**{"If-Match": etag})
    )
    assert r.status_code == 403
    assert r.headers["content-type"].startswith(PROBLEM_JSON)

    own = every_case(caseworker, queue="mine")[0]
    _, etag = get_case(caseworker, own["id"])
    r = caseworker.patch(
        f"/api/v1/cases/{own['id']}",
        json={"assignee_id": inspector_user["id"]},
        headers=writing(**{"If-Match": etag}),
    )
    assert r.status_code == 403
    assert get_case(caseworker, own["id"])[0]["assignee_id"] == own["assignee_id"]
    assert get_case(caseworker, own["id"])[1] == etag


def test_lead_assigns_only_to_a_caseworker_of_the_municipality(
    caseworker: httpx.Client, lead: httpx.Client, inspector: httpx.Client
) -> None:
    worker = me(caseworker)
    case = case_where(
        lead,
        lambda c: c["assignee_id"] is None and c["municipality_id"] in worker["municipalities"],
        queue="unassigned",
        status=list(OPEN),
    )
    _, etag = get_case(lead, case["id"])
    url = f"/api/v1/cases/{case['id']}"
    r = lead.patch(url, json={"assignee_id": me(inspector)["id"]}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 422, "an inspector cannot be the case officer"
    r = lead.patch(url, json={"assignee_id": worker["id"]}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    assert r.json()["assignee_id"] == worker["id"]
    assert case["id"] in {c["id"] for c in every_case(caseworker, queue="mine")}
    events = lead.get(url + "/events").json()
    assert any(e["kind"] == "assigned" and e["data"]["to"] == worker["id"] for e in events)


def test_other_municipalities_cases_do_not_exist(sb: Sandbox, caseworker: httpx.Client) -> None:
    outsider = foreign_case(sb, caseworker)
    url = f"/api/v1/cases/{outsider['id']}"
    assert caseworker.get(url).status_code == 404
    r = caseworker.patch(url, json={"status": "closed"}, headers=writing(**{"If-Match": "*"}))
    assert r.status_code == 404
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    assert caseworker.get(url + "/events").status_code == 404
    assert caseworker.post(url + "/notes", json={"text": "x"}, headers=writing()).status_code == 404
    # ... and look exactly like a case that does not exist at all.
    missing = caseworker.get("/api/v1/cases/no-such-case")
    assert missing.status_code == 404
    assert caseworker.get(url).json() == missing.json()


# --- status rules and the statutory clock ----------------------------------------------------------


def test_completion_request_and_completion_set_the_clock_dates(caseworker: httpx.Client) -> None:
    case = case_where(caseworker, lambda c: c["status"] == "received", queue="mine")
    url = f"/api/v1/cases/{case['id']}"
    today = dt.date.today().isoformat()
    _, etag = get_case(caseworker, case["id"])
    r = caseworker.patch(url, json={"completion_requested": True}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "incomplete"
    assert body["deadline"]["completion_requested_on"] == (
        case["deadline"]["completion_requested_on"] or today
    )
    r = caseworker.patch(url, json={"status": "complete"}, headers=writing(**{"If-Match": r.headers["ETag"]}))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "complete"
    assert r.json()["deadline"]["completed_on"] == today


def test_invalid_transitions_are_422(caseworker: httpx.Client) -> None:
    case = case_where(caseworker, lambda c: c["status"] in ("received", "under_review"), queue="mine")
    url = f"/api/v1/cases/{case['id']}"
    _, etag = get_case(caseworker, case["id"])
    r = caseworker.patch(url, json={"status": "decided"}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 422
    assert "decision" in r.json()["detail"]
    r = caseworker.patch(url, json={"status": "closed"}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200
    r = caseworker.patch(url, json={"status": "received"}, headers=writing(**{"If-Match": r.headers["ETag"]}))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    assert get_case(caseworker, case["id"])[0]["status"] == "closed"


def test_deadline_extends_once_and_only_before_the_first_deadline(caseworker: httpx.Client) -> None:
    today = dt.date.today()

    def extendable(c: dict[str, Any]) -> bool:
        lov = CaseType(c["case_type"]) not in (CaseType.NOTIFICATION, CaseType.SHORE_EXEMPTION)
        return (
            lov
            and c["status"] in OPEN
            and clock.may_extend(facts(c), today, CaseType(c["case_type"])) is None
        )

    case = case_where(caseworker, extendable, queue="all")
    url = f"/api/v1/cases/{case['id']}"
    _, etag = get_case(caseworker, case["id"])
    extension = {"weeks": 6, "reason": "Särskilt komplicerat: remiss till Trafikverket."}
    r = caseworker.patch(url, json={"deadline_extension": extension}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    deadline = r.json()["deadline"]
    assert deadline["extension_weeks"] == 6 and deadline["extension_reason"] == extension["reason"]
    before = clock.compute(facts(case), today, CaseType(case["case_type"])).deadline
    after = clock.compute(DeadlineFacts.model_validate(deadline), today, CaseType(case["case_type"])).deadline
    assert before is not None and after == before + dt.timedelta(weeks=6)
    events = caseworker.get(url + "/events").json()
    assert any(e["kind"] == "deadline_extended" and e["data"]["weeks"] == 6 for e in events)

    again = {"weeks": 2, "reason": "Ännu mer komplicerat."}
    r = caseworker.patch(
        url, json={"deadline_extension": again}, headers=writing(**{"If-Match": r.headers["ETag"]})
    )
    assert r.status_code == 422
    assert get_case(caseworker, case["id"])[0]["deadline"]["extension_weeks"] == 6

    def too_late(c: dict[str, Any]) -> bool:
        first = clock.first_deadline(facts(c), CaseType(c["case_type"]))
        return (
            c["status"] in OPEN
            and not c["deadline"]["extension_weeks"]
            and first is not None
            and first < today
        )

    late = case_where(caseworker, too_late, queue="all")
    _, etag = get_case(caseworker, late["id"])
    r = caseworker.patch(
        f"/api/v1/cases/{late['id']}",
        json={"deadline_extension": extension},
        headers=writing(**{"If-Match": etag}),
    )
    assert r.status_code == 422


def test_extension_follows_the_case_types_clock(caseworker: httpx.Client) -> None:
    """Anmälan: at most 4 weeks more (422 beyond, though the body's bound is 10); strandskyddsdispens has
    no PBL deadline to extend."""
    today = dt.date.today()

    def extendable(case_type: CaseType) -> Any:
        return lambda c: (
            c["case_type"] == case_type.value
            and c["status"] in OPEN
            and clock.may_extend(facts(c), today, case_type) is None
        )

    notification = case_where(caseworker, extendable(CaseType.NOTIFICATION), queue="all")
    url = f"/api/v1/cases/{notification['id']}"
    _, etag = get_case(caseworker, notification["id"])
    reason = "Kontrollansvarig behöver höras."
    r = caseworker.patch(
        url,
        json={"deadline_extension": {"weeks": 5, "reason": reason}},
        headers=writing(**{"If-Match": etag}),
    )
    assert r.status_code == 422 and r.json()["type"].endswith("extension-too-long"), r.text
    r = caseworker.patch(
        url,
        json={"deadline_extension": {"weeks": 4, "reason": reason}},
        headers=writing(**{"If-Match": etag}),
    )
    assert r.status_code == 200, r.text
    before = clock.compute(facts(notification), today, CaseType.NOTIFICATION).deadline
    after = clock.compute(facts(r.json()), today, CaseType.NOTIFICATION).deadline
    assert before is not None and after == before + dt.timedelta(weeks=4)

    shore = case_where(
        caseworker,
        lambda c: (
            c["case_type"] == CaseType.SHORE_EXEMPTION.value
            and c["status"] in OPEN
            and not c["deadline"]["extension_weeks"]
        ),
        queue="all",
    )
    _, etag = get_case(caseworker, shore["id"])
    r = caseworker.patch(
        f"/api/v1/cases/{shore['id']}",
        json={"deadline_extension": {"weeks": 2, "reason": reason}},
        headers=writing(**{"If-Match": etag}),
    )
    assert r.status_code == 422 and r.json()["detail"] == clock.NO_STATUTORY_CLOCK


# --- notes and messages -----------------------------------------------------------------------------


def test_note_is_201_appears_in_history_and_leaves_the_case_version(caseworker: httpx.Client) -> None:
    case = every_case(caseworker, queue="mine")[0]
    _, etag = get_case(caseworker, case["id"])
    text = f"Intern anteckning {uuid.uuid4()}"
    r = caseworker.post(f"/api/v1/cases/{case['id']}/notes", json={"text": text}, headers=writing())
    assert r.status_code == 201, r.text
    note = r.json()
    assert note["kind"] == "note" and note["text"] == text and note["actor_id"] == me(caseworker)["id"]
    events = caseworker.get(f"/api/v1/cases/{case['id']}/events").json()
    assert [e["id"] for e in events if e["text"] == text] == [note["id"]]
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    assert get_case(caseworker, case["id"])[1] == etag


def test_message_with_attachments_stores_them_as_documents(caseworker: httpx.Client) -> None:
    case = every_case(caseworker, queue="mine")[0]
    content = "Hej! Bifogar kompletteringsbegäran. ".encode() + uuid.uuid4().bytes
    message: dict[str, Any] = {
        "subject": "Begäran om komplettering",
        "body": "Vi behöver en situationsplan.",
        "attachments": [
            {
                "filename": "lista.txt",
                "media_type": "text/plain",
                "content_base64": base64.b64encode(content).decode(),
            }
        ],
    }
    r = caseworker.post(f"/api/v1/cases/{case['id']}/messages", json=message, headers=writing())
    assert r.status_code == 201, r.text
    event = r.json()
    assert event["kind"] == "message" and event["data"]["subject"] == message["subject"]
    [document_id] = event["data"]["attachments"]
    documents = caseworker.get(f"/api/v1/cases/{case['id']}/documents").json()
    [document] = [d for d in documents if d["id"] == document_id]
    assert document["kind"] == "attachment" and document["filename"] == "lista.txt"
    assert document["sha256"] == hashlib.sha256(content).hexdigest() and document["size"] == len(content)
    assert event["id"] in {e["id"] for e in caseworker.get(f"/api/v1/cases/{case['id']}/events").json()}

    bad = {**message, "attachments": [{**message["attachments"][0], "content_base64": "not base64!!"}]}
    r = caseworker.post(f"/api/v1/cases/{case['id']}/messages", json=bad, headers=writing())
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM_JSON)


# --- the decision -------------------------------------------------------------------------------------


def test_decision_stores_the_pdf_and_decides_the_case(
    caseworker: httpx.Client, inspector: httpx.Client
) -> None:
    case = case_where(
        caseworker, lambda c: c["status"] in ("under_review", "complete", "received"), queue="mine"
    )
    _, etag = get_case(caseworker, case["id"])
    assert send_decision(caseworker, case["id"], None).status_code == 428
    assert send_decision(caseworker, case["id"], etag, pdf=b"GIF89a not a pdf").status_code == 422
    assert send_decision(caseworker, case["id"], etag, fields='{"outcome": "maybe"}').status_code == 422
    if case["municipality_id"] in me(inspector)["municipalities"]:
        assert send_decision(inspector, case["id"], etag).status_code == 403

    r = send_decision(caseworker, case["id"], etag)
    assert r.status_code == 201, r.text
    result = r.json()
    assert result["case"]["status"] == "decided"
    assert result["case"]["deadline"]["decided_on"] == dt.date.today().isoformat()
    assert r.headers["ETag"] != etag
    document = result["document"]
    assert document["kind"] == "decision" and document["media_type"] == "application/pdf"
    assert document["sha256"] == hashlib.sha256(MINIMAL_PDF).hexdigest()
    content = caseworker.get(f"/api/v1/documents/{document['id']}/content")
    assert content.status_code == 200 and content.content == MINIMAL_PDF
    fetched, fetched_etag = get_case(caseworker, case["id"])
    assert fetched["status"] == "decided" and fetched_etag == r.headers["ETag"]
    events = caseworker.get(f"/api/v1/cases/{case['id']}/events").json()
    [decision] = [e for e in events if e["kind"] == "decision"]
    assert decision["data"]["outcome"] == "granted" and decision["data"]["document_id"] == document["id"]

    # A decided case is not decided again (409), even with its current ETag.
    again = send_decision(caseworker, case["id"], r.headers["ETag"])
    assert again.status_code == 409
    assert again.headers["content-type"].startswith(PROBLEM_JSON)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("decided_on", (dt.date.today() + dt.timedelta(days=2)).isoformat()),
        ("decided_on", (dt.date.today() + dt.timedelta(days=400)).isoformat()),
        ("decided_on", "9999-12-31"),
        ("decided_on", (dt.date.today() - dt.timedelta(days=800)).isoformat()),
        ("decided_on", dt.date.today().isoformat() + "T00:00:00"),
        ("fee_sek", "1"),
        ("fee_sek", True),
        ("fee_sek", 1.0),
        ("fee_sek", -1),
    ],
)
def test_a_decision_day_after_today_or_a_fee_not_a_whole_number_is_422(
    caseworker: httpx.Client, field: str, value: Any
) -> None:
    """A decision dated ahead could never be notified (notices fall between the decision and today)."""
    case = case_where(caseworker, lambda c: c["status"] in ("under_review", "complete"), queue="mine")
    _, etag = get_case(caseworker, case["id"])
    r = send_decision(caseworker, case["id"], etag, fields=decision_fields(**{field: value}))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    assert field in r.json()["detail"]
    assert [e["loc"] for e in r.json()["errors"]] == [["body", "decision", field]]
    assert get_case(caseworker, case["id"]) == (get_case(caseworker, case["id"])[0], etag)


# --- notification and publication of the decision ---------------------------------------------------------


def decided_case(client: httpx.Client, days_ago: int = 10) -> tuple[dict[str, Any], str]:
    """A case of the user's own, decided through the API ``days_ago`` days ago (or on receipt, if later),
    with at least two parties."""
    case = case_where(
        client,
        lambda c: (
            c["status"] in ("under_review", "complete") and len(get_case(client, c["id"])[0]["parties"]) > 1
        ),
        queue="mine",
    )
    decided_on = max(
        dt.date.fromisoformat(case["deadline"]["received_on"]), dt.date.today() - dt.timedelta(days_ago)
    )
    _, etag = get_case(client, case["id"])
    r = send_decision(client, case["id"], etag, fields=decision_fields(decided_on=decided_on.isoformat()))
    assert r.status_code == 201, r.text
    return r.json()["case"], r.headers["ETag"]


def notice(client: httpx.Client, case_id: str, etag: str | None, **body: Any) -> httpx.Response:
    return client.patch(
        f"/api/v1/cases/{case_id}", json=body, headers=writing(**({"If-Match": etag} if etag else {}))
    )


def test_notification_and_publication_give_the_appeal_ends_and_finality(caseworker: httpx.Client) -> None:
    case, etag = decided_case(caseworker)
    decided_on = dt.date.fromisoformat(case["deadline"]["decided_on"])
    applicant, *others = case["parties"]
    assert all(p["notified_on"] is None for p in case["parties"]) and case["decision_published_on"] is None
    first = decided_on + dt.timedelta(days=2)
    r = notice(
        caseworker,
        case["id"],
        etag,
        parties_notified=[{"party_id": applicant["id"], "notified_on": first.isoformat()}],
    )
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] != etag
    case, etag = r.json(), r.headers["ETag"]
    dates = {p["id"]: p["notified_on"] for p in case["parties"]}
    assert dates[applicant["id"]] == first.isoformat() and all(dates[p["id"]] is None for p in others)
    # one party still not notified: not final yet
    assert appeals.final_on([_day(p["notified_on"]) for p in case["parties"]], None) is None

    today = dt.date.today()
    r = notice(
        caseworker,
        case["id"],
        etag,
        parties_notified=[{"party_id": p["id"], "notified_on": today.isoformat()} for p in others],
        decision_published_on=(decided_on + dt.timedelta(days=1)).isoformat(),
        acted_at=dt.datetime.now(dt.UTC).isoformat(),
    )
    assert r.status_code == 200, r.text
    case, etag = r.json(), r.headers["ETag"]
    published = dt.date.fromisoformat(case["decision_published_on"])
    notified = [_day(p["notified_on"]) for p in case["parties"]]
    final = appeals.final_on(notified, published)
    assert final == max(
        [appeals.appeal_ends(today), appeals.appeal_ends_after_publication(published)]
    ) + dt.timedelta(days=1)
    fetched, fetched_etag = get_case(caseworker, case["id"])
    assert fetched_etag == etag and fetched["decision_published_on"] == case["decision_published_on"]
    assert [p["notified_on"] for p in fetched["parties"]] == [p["notified_on"] for p in case["parties"]]

    events = [
        e
        for e in caseworker.get(f"/api/v1/cases/{case['id']}/events").json()
        if e["kind"] == "decision_notified"
    ]
    assert len(events) == 2 and events[0]["actor_id"] == me(caseworker)["id"]
    assert events[0]["data"] == {"parties": [{"party_id": applicant["id"], "notified_on": first.isoformat()}]}
    assert events[1]["data"]["published_on"] == published.isoformat() and events[1]["acted_at"]

    # The same dates again change nothing (no new version); null takes a date recorded by mistake away.
    same = notice(caseworker, case["id"], etag, decision_published_on=published.isoformat())
    assert same.status_code == 200 and same.headers["ETag"] == etag
    cleared = notice(
        caseworker,
        case["id"],
        etag,
        decision_published_on=None,
        parties_notified=[{"party_id": applicant["id"], "notified_on": None}],
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["decision_published_on"] is None
    assert next(p for p in cleared.json()["parties"] if p["id"] == applicant["id"])["notified_on"] is None


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def test_notification_dates_are_checked(
    sb: Sandbox, caseworker: httpx.Client, inspector: httpx.Client
) -> None:
    case, etag = decided_case(caseworker)
    decided_on = dt.date.fromisoformat(case["deadline"]["decided_on"])
    party = case["parties"][0]["id"]

    def problem(**body: Any) -> str:
        r = notice(caseworker, case["id"], etag, **body)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"].startswith(PROBLEM_JSON)
        return str(r.json()["type"])

    before = (decided_on - dt.timedelta(days=1)).isoformat()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert problem(parties_notified=[{"party_id": party, "notified_on": before}]).endswith(
        "invalid-notice-date"
    )
    assert problem(parties_notified=[{"party_id": party, "notified_on": tomorrow}]).endswith(
        "invalid-notice-date"
    )
    assert problem(decision_published_on=before).endswith("invalid-notice-date")
    assert problem(parties_notified=[{"party_id": "no-such-party", "notified_on": None}]).endswith(
        "unknown-party"
    )
    twice = [{"party_id": party, "notified_on": decided_on.isoformat()}] * 2
    assert problem(parties_notified=twice).endswith("invalid-notice")
    other = case_where(
        caseworker, lambda c: c["status"] == "under_review" and c["id"] != case["id"], queue="mine"
    )
    other_party = get_case(caseworker, other["id"])[0]["parties"][0]["id"]
    assert problem(
        parties_notified=[{"party_id": other_party, "notified_on": decided_on.isoformat()}]
    ).endswith("unknown-party")

    _, undecided_etag = get_case(caseworker, other["id"])
    r = notice(caseworker, other["id"], undecided_etag, decision_published_on=dt.date.today().isoformat())
    assert r.status_code == 422 and r.json()["type"].endswith("not-decided")

    body = {"parties_notified": [{"party_id": party, "notified_on": decided_on.isoformat()}]}
    if case["municipality_id"] in me(inspector)["municipalities"]:
        assert notice(inspector, case["id"], etag, **body).status_code == 403
    assert notice(caseworker, case["id"], None, **body).status_code == 428
    assert notice(caseworker, case["id"], etag, **body).status_code == 200
    stale = notice(caseworker, case["id"], etag, decision_published_on=decided_on.isoformat())
    assert (
        stale.status_code == 412
        and stale.json()["current"]["parties"][0]["notified_on"] == decided_on.isoformat()
    )
    assert get_case(caseworker, case["id"])[0]["decision_published_on"] is None


@pytest.mark.parametrize("when", ["T00:00:00Z", "T23:30:00-05:00", "T12:00:00", "seconds"])
def test_a_notice_day_is_a_date_not_a_date_time(caseworker: httpx.Client, when: str) -> None:
    """Parsed laxly, a date-time at midnight was taken as its day (a zone ignored) and a number as seconds
    since 1970: the day a decision was published or a party notified starts the appeal period, so only
    YYYY-MM-DD is a day."""
    case, etag = decided_case(caseworker, days_ago=2)
    decided_on = dt.date.fromisoformat(case["deadline"]["decided_on"])
    day = decided_on.isoformat()
    sent: Any = (
        int(dt.datetime.combine(decided_on, dt.time(), dt.UTC).timestamp())
        if when == "seconds"
        else day + when
    )
    party = case["parties"][0]["id"]
    for body in (
        {"decision_published_on": sent},
        {"parties_notified": [{"party_id": party, "notified_on": sent}]},
    ):
        r = notice(caseworker, case["id"], etag, **body)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"].startswith(PROBLEM_JSON)
    assert get_case(caseworker, case["id"]) == (get_case(caseworker, case["id"])[0], etag)
    assert notice(caseworker, case["id"], etag, decision_published_on=day).status_code == 200


def feed_end(client: httpx.Client, cursor: str | None = None) -> tuple[list[dict[str, Any]], str]:
    """Every change after ``cursor`` and the cursor after them."""
    changes: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 1000, **({"cursor": cursor} if cursor else {})}
    while True:
        page = client.get("/api/v1/sync/changes", params=params).json()
        changes += page["changes"]
        params["cursor"] = page["next_cursor"]
        if not page["has_more"]:
            return changes, page["next_cursor"]


def test_the_delta_feed_carries_the_notification_dates(caseworker: httpx.Client) -> None:
    _, cursor = feed_end(caseworker)
    case, etag = decided_case(caseworker, days_ago=3)
    day = case["deadline"]["decided_on"]
    party = case["parties"][0]["id"]
    r = notice(
        caseworker,
        case["id"],
        etag,
        decision_published_on=day,
        parties_notified=[{"party_id": party, "notified_on": day}],
    )
    assert r.status_code == 200, r.text
    changes, _ = feed_end(caseworker, cursor)
    [*_, latest] = [c for c in changes if c["entity"] == "case" and c["id"] == case["id"]]
    assert latest["data"]["decision_published_on"] == day and latest["data"]["etag"] == r.headers["ETag"]
    assert {p["id"]: p["notified_on"] for p in latest["data"]["parties"]}[party] == day
    assert any(c["entity"] == "event" and c["data"]["kind"] == "decision_notified" for c in changes)
