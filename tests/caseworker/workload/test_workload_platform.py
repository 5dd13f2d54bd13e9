"""The board's figures from a store filled by a real sync, against a brute-force count over the platform's
cases and against the platform's own ``GET /teams/{id}/workload`` (the cross-check)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from caseworker.domain.models import CaseSummary, MemberWorkload, Role, Workload
from caseworker.workload import (
    Difference,
    Member,
    MemberFigures,
    TeamFigures,
    WorkloadFilter,
    cross_check,
    load_figures,
    load_open_cases,
    propose_balance,
    roster_from_workload,
)
from tests.caseworker.workload.brute import as_counts, brute_force
from tests.helpers.rig import Platform, Rig, open_rig
from tests.helpers.sandbox import Sandbox


def roster(sb: Sandbox, workload: Workload) -> list[Member]:
    """The workload's members with the municipalities they may take cases in (caseworkers only)."""
    served = {
        a["display_name"]: a["municipalities"] if Role.CASEWORKER.value in a["roles"] else []
        for a in sb.accounts
    }
    ids = {m.user_id: served[m.display_name] for m in workload.members}
    return roster_from_workload(workload, ids)


Lead = tuple[Rig, Workload, list[Member]]


@pytest.fixture
async def lead(sb: Sandbox, http: httpx.AsyncClient, tmp_path: Path) -> AsyncIterator[Lead]:
    """The team lead's client core after a full pull, the platform's workload and the roster."""
    rig = await open_rig(http, sb.url, "maria", tmp_path / "store")
    try:
        await rig.engine.pull()
        assert rig.user.team_id
        workload = await rig.client.workload(rig.user.team_id)
        yield rig, workload, roster(sb, workload)
    finally:
        await rig.close()


async def test_figures_from_a_synced_store_match_a_brute_force_count_and_the_platform(
    lead: Lead, maria: Platform
) -> None:
    rig, workload, members = lead
    today = dt.date.today()
    cases = [CaseSummary.model_validate(c) for c in maria.cases("all")]
    ids = {m.id for m in members}
    for filter_ in (WorkloadFilter(), WorkloadFilter(municipality_ids={"norrsjo"})):
        figures = await load_figures(rig.store, today, roster=members, filter_=filter_)
        assert as_counts(figures) == brute_force(cases, ids, today, filter_)
    figures = await load_figures(rig.store, today, roster=members)
    assert figures.open_cases > 20 and figures.overdue > 0 and figures.fee_at_risk_sek > 0
    absent = [m.name for m in figures.members if m.absent]
    assert absent == ["Lina Forsberg"]  # the demo's absent caseworker, as the platform says
    assert cross_check(workload, figures) == []

    proposal = propose_balance(await load_open_cases(rig.store, roster=members), members, today)
    assert proposal.moves and proposal.max_risk_after <= proposal.max_risk_before
    lina = next(m.id for m in members if m.absent)
    assert all(m.to_id != lina for m in proposal.moves)


async def test_the_cross_check_shows_a_move_the_store_has_not_synced_yet(lead: Lead, maria: Platform) -> None:
    rig, workload, members = lead
    today = dt.date.today()
    anna = next(m for m in members if m.name == "Anna Lindqvist")
    erik = next(m for m in members if m.name == "Erik Sandberg")
    case = next(c for c in await load_open_cases(rig.store, roster=members) if c.assignee_id == anna.id)
    _, etag = maria.case(case.id)
    moved = maria.http.post(
        "/api/v1/reassignments",
        json={"items": [{"case_id": case.id, "to_user_id": erik.id, "if_match": etag}], "reason": "Test"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert moved.json()["results"][0]["status"] == 200

    local = await load_figures(rig.store, today, roster=members)
    platform = await rig.client.workload(workload.team_id)
    open_diffs = [(d.name, d.field) for d in cross_check(platform, local) if d.field == "open_cases"]
    assert open_diffs == [("Anna Lindqvist", "open_cases"), ("Erik Sandberg", "open_cases")]
    ours = next(d for d in cross_check(platform, local) if d.name == "Anna Lindqvist")
    held = local.member(anna.id)
    assert held is not None and (ours.platform, ours.local) == (held.open_cases - 1, held.open_cases)

    await rig.engine.pull()
    assert cross_check(platform, await load_figures(rig.store, today, roster=members)) == []


def test_the_cross_check_names_members_only_one_side_lists_and_refuses_filtered_figures() -> None:
    today = dt.date(2026, 3, 2)
    platform = Workload(
        team_id="t",
        team_name="Team",
        members=[
            MemberWorkload(user_id="u-a", display_name="A", open_cases=3, due_within_7_days=1, overdue=0),
            MemberWorkload(user_id="u-b", display_name="B", open_cases=2, due_within_7_days=0, overdue=0),
        ],
    )
    local = TeamFigures(
        today,
        WorkloadFilter(),
        (
            MemberFigures("u-a", "A", open_cases=3, due_within_7_days=0, overdue=1, absent=True),
            MemberFigures("u-c", "C", open_cases=1, in_roster=False),
        ),
    )
    assert cross_check(platform, local) == [
        Difference("u-a", "A", "due_within_7_days", 1, 0),
        Difference("u-a", "A", "overdue", 0, 1),
        Difference("u-a", "A", "absent", False, True),
        Difference("u-b", "B", "member", True, None),
        Difference("u-c", "C", "member", None, True),
    ]
    assert cross_check(platform, local)[3].describe() == "B (u-b) is listed only by the platform"
    with pytest.raises(ValueError, match="unfiltered"):  # a filtered board is not comparable
        cross_check(platform, TeamFigures(today, WorkloadFilter(municipality_ids={"x"}), ()))
