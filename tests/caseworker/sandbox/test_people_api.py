"""People over real HTTP: /me, municipality profiles and logos, team workload, bulk reassignment."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest

from caseworker.domain import clock
from caseworker.domain.models import CaseType, DeadlineFacts, Workload
from caseworker.workload import OpenCase, propose_balance, roster_from_workload
from tests.helpers.sandbox import Sandbox, own_sandbox, signed_in_client, writing

PROBLEM_JSON = "application/problem+json"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OPEN = ("received", "incomplete", "complete", "under_review", "referral")


sb = own_sandbox("people-api")


lead = signed_in_client(role="team_lead")


caseworker = signed_in_client(role="caseworker", exclude_role="team_lead")


def me(client: httpx.Client) -> dict[str, Any]:
    r = client.get("/api/v1/me")
    assert r.status_code == 200, r.text
    user: dict[str, Any] = r.json()
    return user


def every_case(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        r = client.get(
            "/api/v1/cases", params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})}
        )
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if not cursor:
            return items


def user_ids(sb: Sandbox) -> dict[str, dict[str, Any]]:
    """Every demo user's /me, by username."""
    users = {}
    for account in sb.accounts:
        with sb.client(account["username"]) as c:
            users[account["username"]] = me(c)
    return users


# --- /me and municipalities ---------------------------------------------------------------------------


def test_me_is_the_signed_in_user(sb: Sandbox) -> None:
    for account in sb.accounts[:4]:
        with sb.client(account["username"]) as c:
            user = me(c)
        assert user["username"] == account["username"]
        assert user["display_name"] == account["display_name"]
        assert sorted(user["roles"]) == sorted(account["roles"])
        assert sorted(user["municipalities"]) == sorted(account["municipalities"])
        assert user["team_id"] == account["team"]


def test_municipalities_lists_every_profile_with_a_fetchable_logo(
    sb: Sandbox, caseworker: httpx.Client
) -> None:
    """Profiles are public letterheads: every municipality is listed, whichever the user serves."""
    r = caseworker.get("/api/v1/municipalities")
    assert r.status_code == 200
    profiles = r.json()
    everywhere = {m for a in sb.accounts for m in a["municipalities"]}
    assert {p["id"] for p in profiles} == everywhere
    assert len(profiles) >= 3
    assert everywhere - set(me(caseworker)["municipalities"]), "the caseworker should not serve them all"
    for profile in profiles:
        assert profile["name"] and profile["committee"] and profile["appeal_body"] and profile["org_number"]
        assert profile["logo_url"].startswith(sb.url + "/api/v1/")
        logo = caseworker.get(profile["logo_url"])
        assert logo.status_code == 200
        assert logo.headers["content-type"] == "image/png"
        assert logo.content.startswith(PNG_MAGIC)
        again = caseworker.get(profile["logo_url"], headers={"If-None-Match": logo.headers["ETag"]})
        assert again.status_code == 304
    r = caseworker.get("/api/v1/municipalities/no-such-place/logo")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    with httpx.Client(base_url=sb.url) as anonymous:
        assert anonymous.get("/api/v1/municipalities").status_code == 401
        assert anonymous.get(profiles[0]["logo_url"]).status_code == 401


# --- workload -------------------------------------------------------------------------------------


def test_workload_counts_match_the_teams_cases(lead: httpx.Client) -> None:
    user = me(lead)
    r = lead.get(f"/api/v1/teams/{user['team_id']}/workload")
    assert r.status_code == 200, r.text
    workload = r.json()
    assert workload["team_id"] == user["team_id"] and workload["team_name"]
    members = {m["user_id"]: m for m in workload["members"]}
    assert user["id"] in members

    today = dt.date.today()
    expected: dict[str, Counter[str]] = {uid: Counter() for uid in members}
    for case in every_case(
        lead, queue="all", status=["received", "incomplete", "complete", "under_review", "referral"]
    ):
        if case["assignee_id"] not in members:
            continue
        tally = expected[case["assignee_id"]]
        tally["open"] += 1
        days_left = clock.compute(
            DeadlineFacts.model_validate(case["deadline"]), today, CaseType(case["case_type"])
        ).days_left
        if days_left is not None and 0 <= days_left <= 7:
            tally["due"] += 1
        elif days_left is not None and days_left < 0:
            tally["overdue"] += 1
    assert sum(t["open"] for t in expected.values()) > 0, "the team should have open cases"
    for uid, member in members.items():
        assert (member["open_cases"], member["due_within_7_days"], member["overdue"]) == (
            expected[uid]["open"],
            expected[uid]["due"],
            expected[uid]["overdue"],
        ), member["display_name"]
        assert member["absent"] == (
            member["absent_until"] is not None and member["absent_until"] >= today.isoformat()
        )


def test_the_workload_answer_alone_gives_a_roster_the_platform_accepts_moves_to(
    sb: Sandbox, lead: httpx.Client
) -> None:
    """Each member's municipalities and whether they take cases come with the workload (issue 15), so a
    client builds the balancing roster without sandbox-only calls; the platform takes its proposal's moves."""
    workload = Workload.model_validate(lead.get(f"/api/v1/teams/{me(lead)['team_id']}/workload").json())
    served = {m.user_id: m.municipalities for m in workload.members if m.takes_cases}
    roster = roster_from_workload(workload, served)

    accounts = {a["display_name"]: a for a in sb.accounts}  # the reference, only to check the answer
    for member in workload.members:
        account = accounts[member.display_name]
        assert member.municipalities == account["municipalities"]
        assert member.takes_cases == ("caseworker" in account["roles"])
    assert any(not m.takes_cases for m in workload.members), "the lead takes no cases"
    assert {m.id: m.municipalities for m in roster} == {
        m.user_id: frozenset(m.municipalities if m.takes_cases else ()) for m in workload.members
    }

    members = {m.id for m in roster}
    open_cases = [
        OpenCase(
            id=c["id"],
            registration_number=c["registration_number"],
            municipality_id=c["municipality_id"],
            case_type=CaseType(c["case_type"]),
            assignee_id=c["assignee_id"],
            assignee_name=c["assignee_name"],
            deadline=clock.compute(
                DeadlineFacts.model_validate(c["deadline"]), dt.date.today(), CaseType(c["case_type"])
            ).deadline,
            fee_sek=c["fee_sek"],
        )
        for c in every_case(lead, queue="team", status=list(OPEN))
        if c["assignee_id"] in members
    ]
    proposal = propose_balance(open_cases, roster, dt.date.today(), max_moves=6)
    assert proposal.moves, "the demo team is unevenly loaded"
    etags = {c["id"]: c["etag"] for c in every_case(lead, queue="team", status=list(OPEN))}
    r = lead.post(
        "/api/v1/reassignments",
        json={
            "items": [
                {"case_id": m.case_id, "to_user_id": m.to_id, "if_match": etags[m.case_id]}
                for m in proposal.moves
            ],
            "reason": "Utjämning av arbetsbördan",
        },
        headers=writing(),
    )
    assert r.status_code == 200, r.text
    assert [item["status"] for item in r.json()["results"]] == [200] * len(proposal.moves)


def test_workload_is_for_team_leads_and_their_own_team(
    sb: Sandbox, lead: httpx.Client, caseworker: httpx.Client
) -> None:
    own_team = me(lead)["team_id"]
    r = caseworker.get(f"/api/v1/teams/{own_team}/workload")
    assert r.status_code == 403
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    other_teams = {a["team"] for a in sb.accounts if a["team"] and a["team"] != own_team}
    for team in [*other_teams, "no-such-team"]:
        assert lead.get(f"/api/v1/teams/{team}/workload").status_code == 404


# --- reassignment -------------------------------------------------------------------------------------


def test_only_team_leads_reassign(sb: Sandbox) -> None:
    """An outside probe posts the smallest body; anyone but a team lead gets 403, not a validation error."""
    for account in sb.accounts:
        if "team_lead" in account["roles"]:
            continue
        with sb.client(account["username"]) as c:
            r = c.post("/api/v1/reassignments", json={"items": [], "reason": "test"}, headers=writing())
            assert r.status_code == 403, account["username"]
            assert r.headers["content-type"].startswith(PROBLEM_JSON)


def test_lead_moves_cases_with_one_result_per_item(sb: Sandbox, lead: httpx.Client) -> None:
    lead_user = me(lead)
    users = user_ids(sb)
    caseworkers = [u for u in users.values() if "caseworker" in u["roles"]]
    not_caseworkers = [u for u in users.values() if "caseworker" not in u["roles"]]

    def target_for(case: dict[str, Any]) -> dict[str, Any] | None:
        return next(
            (
                u
                for u in caseworkers
                if case["municipality_id"] in u["municipalities"] and u["id"] != case["assignee_id"]
            ),
            None,
        )

    movable = [c for c in every_case(lead, queue="all", status=["received", "under_review"]) if target_for(c)]
    assert len(movable) >= 4
    moving, stale, wrong_role, wrong_place = movable[:4]
    # Someone who serves the case's municipality but is no caseworker, and a caseworker who does not serve it.
    not_caseworker = next(u for u in not_caseworkers if wrong_role["municipality_id"] in u["municipalities"])
    elsewhere = next(u for u in caseworkers if wrong_place["municipality_id"] not in u["municipalities"])
    etags = {
        c["id"]: lead.get(f"/api/v1/cases/{c['id']}").headers["ETag"]
        for c in (moving, stale, wrong_role, wrong_place)
    }
    # Someone else changes `stale` first.
    stale_now = lead.patch(
        f"/api/v1/cases/{stale['id']}",
        json={"status": "referral"},
        headers=writing(**{"If-Match": etags[stale["id"]]}),
    )
    assert stale_now.status_code == 200

    foreign = next(
        (m for a in sb.accounts for m in a["municipalities"] if m not in lead_user["municipalities"]), None
    )
    assert foreign, "the demo data should have a municipality this team lead does not serve"
    outsider_account = next(a for a in sb.accounts if foreign in a["municipalities"])
    with sb.client(outsider_account["username"]) as outsider:
        foreign_case = every_case(outsider, queue="all", municipality=foreign)[0]
        foreign_etag = outsider.get(f"/api/v1/cases/{foreign_case['id']}").headers["ETag"]

    target = target_for(moving)
    assert target is not None
    reason = f"Omfördelning vid semester {uuid.uuid4()}"
    body: dict[str, Any] = {
        "reason": reason,
        "items": [
            {"case_id": moving["id"], "to_user_id": target["id"], "if_match": etags[moving["id"]]},
            {"case_id": stale["id"], "to_user_id": target["id"], "if_match": etags[stale["id"]]},
            {"case_id": foreign_case["id"], "to_user_id": target["id"], "if_match": foreign_etag},
            {
                "case_id": wrong_role["id"],
                "to_user_id": not_caseworker["id"],
                "if_match": etags[wrong_role["id"]],
            },
            {
                "case_id": wrong_place["id"],
                "to_user_id": elsewhere["id"],
                "if_match": etags[wrong_place["id"]],
            },
        ],
    }
    r = lead.post("/api/v1/reassignments", json=body, headers=writing())
    assert r.status_code == 200, r.text
    results = {res["case_id"]: res for res in r.json()["results"]}
    assert [res["case_id"] for res in r.json()["results"]] == [i["case_id"] for i in body["items"]]
    assert results[moving["id"]]["status"] == 200
    assert results[stale["id"]]["status"] == 412
    assert results[stale["id"]]["etag"] == stale_now.headers["ETag"]
    assert results[foreign_case["id"]]["status"] == 404
    assert results[wrong_role["id"]]["status"] == 422
    assert results[wrong_place["id"]]["status"] == 422

    moved = lead.get(f"/api/v1/cases/{moving['id']}")
    assert moved.json()["assignee_id"] == target["id"]
    assert moved.headers["ETag"] == results[moving["id"]]["etag"]
    assigned = [e for e in lead.get(f"/api/v1/cases/{moving['id']}/events").json() if e["kind"] == "assigned"]
    assert assigned[-1]["text"] == reason
    assert (
        assigned[-1]["data"]["from"] == moving["assignee_id"] and assigned[-1]["data"]["to"] == target["id"]
    )
    assert assigned[-1]["actor_id"] == lead_user["id"]
    for untouched in (stale, wrong_role, wrong_place):
        assert lead.get(f"/api/v1/cases/{untouched['id']}").json()["assignee_id"] == untouched["assignee_id"]
    assert all(e["text"] != reason for e in lead.get(f"/api/v1/cases/{stale['id']}/events").json())


@pytest.mark.parametrize("first_is_already_there", [True, False], ids=["first-a-no-op", "first-a-move"])
def test_a_case_named_twice_in_one_request_is_moved_by_the_first_item_only(
    sb: Sandbox, lead: httpx.Client, first_is_already_there: bool
) -> None:
    """Two items for one case (a lead's list built twice, a client merging two moves): the first decides and
    the later ones are 412 with the case's ETag after the first; before, a first item that found the case
    already at its target answered 200 and a later one moved it elsewhere, also 200."""
    caseworkers = [u for u in user_ids(sb).values() if "caseworker" in u["roles"]]
    case = next(
        c
        for c in every_case(lead, queue="team", status=["received", "under_review"])
        if c["assignee_id"] and sum(c["municipality_id"] in u["municipalities"] for u in caseworkers) >= 3
    )
    others = [
        u["id"]
        for u in caseworkers
        if case["municipality_id"] in u["municipalities"] and u["id"] != case["assignee_id"]
    ]
    first = case["assignee_id"] if first_is_already_there else others[0]
    etag = lead.get(f"/api/v1/cases/{case['id']}").headers["ETag"]
    items = [{"case_id": case["id"], "to_user_id": to, "if_match": etag} for to in (first, first, others[1])]
    r = lead.post("/api/v1/reassignments", json={"items": items, "reason": "Dubbel"}, headers=writing())
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    now = lead.get(f"/api/v1/cases/{case['id']}")
    assert [res["status"] for res in results] == [200, 412, 412], results
    assert now.json()["assignee_id"] == first
    assert results[0]["etag"] == results[1]["etag"] == results[2]["etag"] == now.headers["ETag"]


def test_a_lead_must_name_at_least_one_case(lead: httpx.Client) -> None:
    r = lead.post("/api/v1/reassignments", json={"items": [], "reason": "x"}, headers=writing())
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM_JSON)


@pytest.mark.parametrize("if_match", ["*", 'W/"{etag}"', '{etag}, "other"', "{bare}", '""'])
def test_a_reassignment_item_names_one_strong_etag(lead: httpx.Client, if_match: str) -> None:
    """An item's if_match is its only version check: "*" or a weak tag would move a case blindly."""
    case = every_case(lead, queue="team", status=["received", "under_review"])[0]
    r = lead.get(f"/api/v1/cases/{case['id']}")
    etag = r.headers["ETag"]
    item = {
        "case_id": case["id"],
        "to_user_id": me(lead)["id"],
        "if_match": if_match.format(etag=etag, bare=etag.strip('"')),
    }
    moved = lead.post("/api/v1/reassignments", json={"items": [item], "reason": "Blind"}, headers=writing())
    assert moved.status_code == 422, moved.text
    assert moved.headers["content-type"].startswith(PROBLEM_JSON)
    assert ["body", "items", "0", "if_match"] in [[str(p) for p in e["loc"]] for e in moved.json()["errors"]]
    assert lead.get(f"/api/v1/cases/{case['id']}").headers["ETag"] == etag
