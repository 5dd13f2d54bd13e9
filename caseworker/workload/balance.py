"""The balancing proposal and absence cover: which open cases to move to whom, and why, in plain Swedish.

Pure and deterministic: the same team and cases (in any order) give the same moves. Nothing is sent; the
team lead reviews the moves, unticks or edits some, and applies them as one bulk reassignment.

**Measures.** A member's *load* is their number of open cases; their *risk* is the sum of risk points of
those cases (:data:`RISK_POINTS`: 2 for an overdue case, 1 for one due within 7 days, 0 otherwise).

**Rules every move keeps.** Only cases held by a team member move, and only to another member who serves
the case's municipality, is not absent, and stays within their cap (``Member.cap``, else the proposal's
``cap``) after the move.

**The proposal** (:func:`propose_balance`) runs two phases of greedy improving moves:

1. *Risk*: take the members by highest risk (then load, then id); move the first of their cases at risk
   (overdue before due soon, earliest deadline first) for which some member T may take it with
   ``risk(T) + points(case) < risk(source)``; T is the eligible member with the lowest (risk, load, id).
   After the move both are below the source's old risk, so the largest member's risk never increases,
   and it falls once every member at the top has shed a case. Each move lowers the sum of squared risks,
   so the phase ends. A target already holding the largest load takes the case only in exchange: one of
   their cases without risk goes back to the source (a second move), so the largest load never grows.
2. *Load*: the same with load, moving only cases without risk (risk stays as phase 1 left it): from the
   member with most open cases to the one with fewest, while ``load(T) + 1 < load(source)``; the case
   moved is the one with the latest deadline (least work sunk in it), registration number breaking ties.

A case moves at most once (each becomes one item of the bulk reassignment). ``max_moves`` bounds the
proposal (the risk moves come first).

**Absence cover** (:func:`absence_cover`): the preview of moving an absent member's cases that are due
within N days (overdue ones included) to one other member, earliest deadline first; a case that member may
not take (another municipality, absent, over the cap) is listed as skipped with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from caseworker.workload.risk import Band, band_of
from caseworker.workload.team import Member, OpenCase

RISK_POINTS: Mapping[Band, int] = {Band.OVERDUE: 2, Band.DUE_SOON: 1}


class MoveKind(StrEnum):
    RISK = "risk"  # spreads the cases near or past their deadline
    LOAD = "load"  # evens out the number of open cases
    COVER = "cover"  # covers an absence


@dataclass(frozen=True)
class MemberLoad:
    member_id: str
    name: str
    open_cases: int
    due_soon: int
    overdue: int
    risk: int
    absent: bool


@dataclass(frozen=True)
class Move:
    case_id: str
    registration_number: str
    municipality_id: str
    kind: MoveKind
    band: Band  # where the case stands against its deadline
    days_left: int | None
    source: MemberLoad  # the member giving the case, before this move
    target: MemberLoad  # the member taking it, before this move
    text: str  # one plain-Swedish line saying why

    @property
    def from_id(self) -> str:
        return self.source.member_id

    @property
    def to_id(self) -> str:
        return self.target.member_id


@dataclass(frozen=True)
class Proposal:
    moves: tuple[Move, ...]
    before: tuple[MemberLoad, ...]  # per member, by id
    after: tuple[MemberLoad, ...]

    @property
    def max_risk_before(self) -> int:
        return max((m.risk for m in self.before), default=0)

    @property
    def max_risk_after(self) -> int:
        return max((m.risk for m in self.after), default=0)


@dataclass(frozen=True)
class Skipped:
    case_id: str
    registration_number: str
    why: str  # plain Swedish


@dataclass(frozen=True)
class CoverPreview:
    moves: tuple[Move, ...]
    skipped: tuple[Skipped, ...]


# --- the team while moves are planned ---------------------------------------------------------------


@dataclass
class _Holder:
    member: Member
    cap: int | None
    cases: dict[str, _Case]  # by case id
    due_soon: int = 0
    overdue: int = 0
    risk: int = 0

    @property
    def load(self) -> int:
        return len(self.cases)

    def snapshot(self) -> MemberLoad:
        m = self.member
        return MemberLoad(m.id, m.name, self.load, self.due_soon, self.overdue, self.risk, m.absent)

    def has_room(self) -> bool:
        return self.cap is None or self.load + 1 <= self.cap

    def add(self, case: _Case) -> None:
        self.cases[case.open.id] = case
        self._count(case, 1)

    def remove(self, case: _Case) -> None:
        del self.cases[case.open.id]
        self._count(case, -1)

    def _count(self, case: _Case, sign: int) -> None:
        self.risk += sign * case.points
        if case.band is Band.OVERDUE:
            self.overdue += sign
        elif case.band is Band.DUE_SOON:
            self.due_soon += sign


@dataclass(frozen=True)
class _Case:
    open: OpenCase
    band: Band
    days_left: int | None
    points: int


class _Team:
    def __init__(self, cases: Iterable[OpenCase], members: Sequence[Member], today: dt.date, cap: int | None):
        if len({m.id for m in members}) != len(members):
            raise ValueError("every team member must be listed once")
        self.holders = {
            m.id: _Holder(m, m.cap if m.cap is not None else cap, {})
            for m in sorted(members, key=lambda m: m.id)
        }
        for case in sorted(cases, key=lambda c: c.id):
            holder = self.holders.get(case.assignee_id or "")
            if holder is None:
                continue  # unassigned, or held by someone outside the team: not ours to move
            days_left = None if case.deadline is None else (case.deadline - today).days
            band = band_of(days_left)
            holder.add(_Case(case, band, days_left, RISK_POINTS.get(band, 0)))
        self.top_load = 0  # the largest load, as of the search for the next move
        self.moved: set[str] = set()  # a case moves at most once (one item per case in a bulk reassignment)

    def snapshot(self) -> tuple[MemberLoad, ...]:
        return tuple(h.snapshot() for h in self.holders.values())

    def may_take(self, holder: _Holder, case: _Case, source: _Holder) -> bool:
        return (
            holder is not source
            and not holder.member.absent
            and holder.member.serves(case.open.municipality_id)
            and holder.has_room()
        )

    def move(self, case: _Case, source: _Holder, target: _Holder, kind: MoveKind) -> Move:
        before_source, before_target = source.snapshot(), target.snapshot()
        source.remove(case)
        target.add(case)
        self.moved.add(case.open.id)
        return Move(
            case_id=case.open.id,
            registration_number=case.open.registration_number,
            municipality_id=case.open.municipality_id,
            kind=kind,
            band=case.band,
            days_left=case.days_left,
            source=before_source,
            target=before_target,
            text=describe(
                kind, case.open.registration_number, case.band, case.days_left, before_source, before_target
            ),
        )

    def give_back(self, holder: _Holder, to: _Holder) -> _Case | None:
        """A case without risk that ``holder`` could hand to ``to`` in exchange (latest deadline first)."""
        cases = (c for c in holder.cases.values() if c.points == 0 and c.open.id not in self.moved)
        return min(
            (c for c in cases if self.may_take(to, c, holder)), key=_latest_deadline_first, default=None
        )

    def best_move(
        self,
        source_order: Callable[[_Holder], tuple[int, ...]],
        movable: Callable[[_Case], bool],
        case_order: Callable[[_Case], tuple[object, ...]],
        improves: Callable[[_Holder, _Holder, _Case], bool],
        target_order: Callable[[_Holder], tuple[object, ...]],
    ) -> tuple[_Case, _Holder, _Holder] | None:
        """The first improving move: sources in ``source_order``, their movable cases in ``case_order``,
        the lowest target in ``target_order`` that may take the case and for which the move ``improves``."""
        self.top_load = max((h.load for h in self.holders.values()), default=0)
        for source in sorted(self.holders.values(), key=source_order):
            best_by_kind: dict[tuple[str, int], _Holder | None] = {}  # the target depends on these only
            unmoved = (c for c in source.cases.values() if c.open.id not in self.moved and movable(c))
            for case in sorted(unmoved, key=case_order):
                key = (case.open.municipality_id, case.points)
                if key not in best_by_kind:
                    candidates = [
                        h
                        for h in self.holders.values()
                        if self.may_take(h, case, source) and improves(source, h, case)
                    ]
                    best_by_kind[key] = min(candidates, key=target_order, default=None)
                target = best_by_kind[key]
                if target is not None:
                    return case, source, target
        return None


def _latest_deadline_first(case: _Case) -> tuple[object, ...]:
    # No deadline yet (clock not started) counts as latest; then later deadlines first.
    ordinal = case.open.deadline.toordinal() if case.open.deadline else dt.date.max.toordinal()
    return (-ordinal, case.open.registration_number, case.open.id)


def _most_urgent_first(case: _Case) -> tuple[object, ...]:
    return (-case.points, case.days_left, case.open.registration_number, case.open.id)


def propose_balance(
    cases: Iterable[OpenCase],
    members: Sequence[Member],
    today: dt.date,
    *,
    cap: int | None = None,
    max_moves: int | None = None,
) -> Proposal:
    """Moves that even out deadline risk, then load, across ``members`` (see the module docstring)."""
    team = _Team(cases, members, today, cap)
    before = team.snapshot()
    moves: list[Move] = []
    phases = (
        (
            MoveKind.RISK,
            lambda h: (-h.risk, -h.load, h.member.id),
            lambda c: c.points > 0,
            _most_urgent_first,
            lambda s, t, c: (
                t.risk + c.points < s.risk and (t.load < team.top_load or team.give_back(t, s) is not None)
            ),
            lambda h: (h.risk, h.load, h.member.id),
        ),
        (
            MoveKind.LOAD,
            lambda h: (-h.load, -h.risk, h.member.id),
            lambda c: c.points == 0,
            _latest_deadline_first,
            lambda s, t, c: t.load + 1 < s.load,
            lambda h: (h.load, h.risk, h.member.id),
        ),
    )
    for kind, source_order, movable, case_order, improves, target_order in phases:
        while max_moves is None or len(moves) < max_moves:
            found = team.best_move(source_order, movable, case_order, improves, target_order)
            if found is None:
                break
            case, source, target = found
            back = team.give_back(target, source) if target.load >= team.top_load else None
            moves.append(team.move(case, source, target, kind))
            if back is not None:  # the target was already among the busiest: one of theirs goes back
                moves.append(team.move(back, target, source, MoveKind.LOAD))
    return Proposal(tuple(moves), before, team.snapshot())


def absence_cover(
    cases: Iterable[OpenCase],
    members: Sequence[Member],
    absent_id: str,
    cover_id: str,
    today: dt.date,
    within_days: int,
    *,
    cap: int | None = None,
    municipality_names: Mapping[str, str] | None = None,
) -> CoverPreview:
    """What "move X's cases due within N days to Y" would move, and what it would leave, and why."""
    if absent_id == cover_id:
        raise ValueError("absence cover moves cases to another member")
    team = _Team(cases, members, today, cap)
    if absent_id not in team.holders or cover_id not in team.holders:
        raise ValueError("both members must be on the team")
    source, target = team.holders[absent_id], team.holders[cover_id]
    due = sorted(
        (c for c in source.cases.values() if c.days_left is not None and c.days_left <= within_days),
        key=lambda c: (c.days_left, c.open.registration_number, c.open.id),
    )
    names = municipality_names or {}
    moves: list[Move] = []
    skipped: list[Skipped] = []
    for case in due:
        why = None
        if target.member.absent:
            why = f"{target.member.name} är också frånvarande"
        elif not target.member.serves(case.open.municipality_id):
            place = names.get(case.open.municipality_id, case.open.municipality_id)
            why = f"{target.member.name} handlägger inte ärenden i {place}"
        elif not target.has_room():
            why = f"{target.member.name} har redan {target.load} öppna ärenden (taket är {target.cap})"
        if why is None:
            moves.append(team.move(case, source, target, MoveKind.COVER))
        else:
            skipped.append(Skipped(case.open.id, case.open.registration_number, why))
    return CoverPreview(tuple(moves), tuple(skipped))


# --- the Swedish line of a move ---------------------------------------------------------------------


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _days(n: int) -> str:
    return _count(n, "dag", "dagar")


def _case_state(band: Band, days_left: int | None) -> str:
    if band is Band.OVERDUE and days_left is not None:
        return f"försenat {_days(-days_left)}"
    if days_left == 0:
        return "frist i dag"
    if days_left is not None and band is Band.DUE_SOON:
        return f"frist om {_days(days_left)}"
    return ""


def _member_state(load: MemberLoad, *, overdue: bool) -> str:
    parts = ["frånvarande"] if load.absent else []
    parts.append(_count(load.open_cases, "öppet", "öppna"))
    if overdue:
        parts.append(_count(load.overdue, "försenat", "försenade"))
    return ", ".join(parts)


WHY: Mapping[MoveKind, str] = {
    MoveKind.RISK: "jämnar ut risken för missade tidsfrister",
    MoveKind.LOAD: "jämnar ut belastningen",
    MoveKind.COVER: "täcker frånvaron",
}


def describe(
    kind: MoveKind,
    registration_number: str,
    band: Band,
    days_left: int | None,
    source: MemberLoad,
    target: MemberLoad,
) -> str:
    """E.g. "BYGG 2026-000123 från Anna Lindqvist (14 öppna, 3 försenade) till Erik Berg (6 öppna):
    jämnar ut belastningen" -- counts as they were before the move."""
    state = _case_state(band, days_left) if kind is not MoveKind.LOAD else ""
    case = f"{registration_number} ({state})" if state else registration_number
    giver = f"{source.name} ({_member_state(source, overdue=True)})"
    taker = f"{target.name} ({_member_state(target, overdue=kind is MoveKind.RISK)})"
    return f"{case} från {giver} till {taker}: {WHY[kind]}"
