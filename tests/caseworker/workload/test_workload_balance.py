"""The balancing proposal and absence cover on crafted teams: the rules every move keeps (hypothesis) and
the Swedish lines a team lead reads."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from hypothesis import event, given, settings
from hypothesis import strategies as st

from caseworker.domain.models import CaseType
from caseworker.workload import Member, MoveKind, OpenCase, Proposal, absence_cover, propose_balance

TODAY = dt.date(2026, 3, 2)
MUNICIPALITIES = ("alvdala", "norrsjo", "vanerby")


def case(n: int, holder: str | None, days_left: int | None, municipality: str = "alvdala") -> OpenCase:
    return OpenCase(
        id=f"case-{n:04d}",
        registration_number=f"BYGG 2026-{n:06d}",
        municipality_id=municipality,
        case_type=CaseType.EXTENSION,
        assignee_id=holder,
        assignee_name=holder,
        deadline=None if days_left is None else TODAY + dt.timedelta(days=days_left),
        fee_sek=10_000,
    )


@st.composite
def teams(draw: st.DrawFn, *, free: bool = False) -> tuple[list[OpenCase], list[Member], int | None]:
    """2-7 members and up to 90 open cases; ``free``: everyone serves everything, no absence, no caps."""
    size = draw(st.integers(2, 7))
    members = []
    for i in range(size):
        served = MUNICIPALITIES if free else draw(st.sets(st.sampled_from(MUNICIPALITIES), max_size=3))
        members.append(
            Member(
                id=f"u-{i}",
                name=f"Person {i}",
                municipalities=frozenset(served),
                absent=False if free else draw(st.booleans()),
                cap=None if free else draw(st.none() | st.integers(0, 30)),
            )
        )
    holders = [m.id for m in members] + ["u-outsider", None]  # someone outside the team; unassigned
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(holders if not free else holders[:size]),
                st.none() | st.integers(-40, 40),
                st.sampled_from(MUNICIPALITIES),
            ),
            max_size=90,
        )
    )
    cases = [case(n, holder, days, muni) for n, (holder, days, muni) in enumerate(rows)]
    cap = None if free else draw(st.none() | st.integers(0, 25))
    return cases, members, cap


def replay(cases: list[OpenCase], members: list[Member], cap: int | None, proposal: Proposal) -> None:
    """Apply the moves one by one and check each against the rules, as the platform would."""
    by_id = {m.id: m for m in members}
    holder = {c.id: c.assignee_id for c in cases}
    municipality = {c.id: c.municipality_id for c in cases}
    load = Counter(holder[c.id] for c in cases)
    for move in proposal.moves:
        target = by_id[move.to_id]
        assert holder[move.case_id] == move.from_id, "a move starts where the case is"
        assert move.from_id in by_id and move.to_id != move.from_id
        assert target.serves(municipality[move.case_id]), move.text
        assert not target.absent, move.text
        holder[move.case_id] = move.to_id
        load[move.from_id] -= 1
        load[move.to_id] += 1
        limit = target.cap if target.cap is not None else cap
        assert limit is None or load[move.to_id] <= limit, move.text
    after = {m.member_id: m.open_cases for m in proposal.after}
    assert after == {m.id: load[m.id] for m in members}


@settings(max_examples=150, deadline=None)
@given(teams())
def test_every_move_keeps_municipalities_absence_and_caps_and_never_raises_the_top_risk(
    team: tuple[list[OpenCase], list[Member], int | None],
) -> None:
    cases, members, cap = team
    proposal = propose_balance(cases, members, TODAY, cap=cap)
    replay(cases, members, cap, proposal)
    assert proposal.max_risk_after <= proposal.max_risk_before
    assert max((m.open_cases for m in proposal.after), default=0) <= max(
        (m.open_cases for m in proposal.before), default=0
    )
    ids = [m.case_id for m in proposal.moves]
    assert len(ids) == len(set(ids)), "a case moves at most once"
    assert all(c.assignee_id in {m.id for m in members} for c in cases if c.id in ids), (
        "only the team's cases"
    )


@settings(max_examples=80, deadline=None)
@given(teams(), st.randoms(use_true_random=False))
def test_the_same_team_in_any_order_gets_the_same_proposal(
    team: tuple[list[OpenCase], list[Member], int | None], rng: random.Random
) -> None:
    cases, members, cap = team
    first = propose_balance(cases, members, TODAY, cap=cap)
    shuffled_cases, shuffled_members = cases[:], members[:]
    rng.shuffle(shuffled_cases)
    rng.shuffle(shuffled_members)
    assert propose_balance(shuffled_cases, shuffled_members, TODAY, cap=cap) == first


@settings(max_examples=120, deadline=None)
@given(teams(free=True))
def test_the_top_risk_falls_whenever_one_case_can_go_to_someone_lower(
    team: tuple[list[OpenCase], list[Member], int | None],
) -> None:
    cases, members, _ = team
    proposal = propose_balance(cases, members, TODAY)
    risks = sorted((m.risk for m in proposal.before), reverse=True)
    top, second, lowest = risks[0], risks[1], risks[-1]
    holder = next(m for m in proposal.before if m.risk == top)
    points = {p for p, held in ((2, holder.overdue), (1, holder.due_soon)) if held}
    # A unique top member holding a case that the lowest member could take without reaching the top:
    # one move lowers the maximum, so the proposal must.
    lowered = top > second and any(lowest + p < top for p in points)
    event("a lower maximum is possible" if lowered else "no single move lowers the maximum")
    if lowered:
        assert proposal.max_risk_after < top
    else:
        assert proposal.max_risk_after <= top


def test_load_evens_out_and_each_line_says_who_why_and_the_counts_before() -> None:
    members = [
        Member("u-anna", "Anna Lindqvist", {"alvdala"}),
        Member("u-erik", "Erik Berg", {"alvdala"}),
        Member("u-lina", "Lina Forsberg", {"alvdala"}, absent=True),
    ]
    cases = [case(n, "u-anna", 60 + n) for n in range(10)] + [case(20, "u-anna", -3), case(21, "u-anna", -9)]
    proposal = propose_balance(cases, members, TODAY)
    assert [(m.member_id, m.open_cases) for m in proposal.after] == [
        ("u-anna", 6),
        ("u-erik", 6),
        ("u-lina", 0),
    ]
    first, second = proposal.moves[:2]
    assert first.kind is MoveKind.RISK and first.case_id == "case-0021"  # the most overdue first
    assert first.text == (
        "BYGG 2026-000021 (försenat 9 dagar) från Anna Lindqvist (12 öppna, 2 försenade) "
        "till Erik Berg (0 öppna, 0 försenade): jämnar ut risken för missade tidsfrister"
    )
    assert second.kind is MoveKind.LOAD, "one overdue each is even: the rest is load"
    assert second.case_id == "case-0009"  # the latest deadline: least work sunk in it
    assert second.text == (
        "BYGG 2026-000009 från Anna Lindqvist (11 öppna, 1 försenat) till Erik Berg (1 öppet): "
        "jämnar ut belastningen"
    )
    assert {m.to_id for m in proposal.moves} == {"u-erik"}, "never to the absent member"


def test_no_move_outside_the_municipalities_or_over_a_cap_even_when_load_is_uneven() -> None:
    members = [
        Member("u-anna", "Anna Lindqvist", {"alvdala", "norrsjo"}),
        Member("u-reza", "Reza Karimi", {"norrsjo"}, cap=3),
    ]
    cases = [case(n, "u-anna", 30, "alvdala") for n in range(8)] + [
        case(10 + n, "u-anna", 30, "norrsjo") for n in range(5)
    ]
    proposal = propose_balance(cases, members, TODAY)
    assert [m.municipality_id for m in proposal.moves] == ["norrsjo"] * 3
    assert proposal.after[1].open_cases == 3


def test_absence_cover_moves_what_is_due_soon_and_says_why_the_rest_stays() -> None:
    members = [
        Member("u-lina", "Lina Forsberg", {"alvdala", "norrsjo"}, absent=True, absent_until=TODAY),
        Member("u-reza", "Reza Karimi", {"norrsjo"}, cap=2),
        Member("u-erik", "Erik Berg", {"alvdala", "norrsjo"}, absent=True),
    ]
    cases = [
        case(1, "u-lina", 3, "norrsjo"),
        case(2, "u-lina", -2, "norrsjo"),
        case(3, "u-lina", 0, "alvdala"),
        case(4, "u-lina", 12, "norrsjo"),  # due later than 7 days: stays
        case(5, "u-lina", None, "norrsjo"),  # clock not started: stays
        case(6, "u-lina", 5, "norrsjo"),
        case(7, "u-reza", 40, "norrsjo"),
    ]
    preview = absence_cover(
        cases, members, "u-lina", "u-reza", TODAY, 7, municipality_names={"alvdala": "Älvdala"}
    )
    assert [m.case_id for m in preview.moves] == ["case-0002"]
    assert preview.moves[0].text == (
        "BYGG 2026-000002 (försenat 2 dagar) från Lina Forsberg (frånvarande, 6 öppna, 1 försenat) "
        "till Reza Karimi (1 öppet): täcker frånvaron"
    )
    assert [(s.case_id, s.why) for s in preview.skipped] == [
        ("case-0003", "Reza Karimi handlägger inte ärenden i Älvdala"),
        ("case-0001", "Reza Karimi har redan 2 öppna ärenden (taket är 2)"),
        ("case-0006", "Reza Karimi har redan 2 öppna ärenden (taket är 2)"),
    ]
    to_absent = absence_cover(cases, members, "u-lina", "u-erik", TODAY, 7)
    assert not to_absent.moves
    assert {s.why for s in to_absent.skipped} == {"Erik Berg är också frånvarande"}
