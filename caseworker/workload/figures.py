"""The workload board's figures: per member open cases, due within 7 days, overdue, fee at risk, cases per
municipality, absence. Built by :mod:`caseworker.workload.query` from the local store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from caseworker.workload.team import Member, WorkloadFilter


@dataclass(frozen=True)
class MemberFigures:
    member_id: str
    name: str
    open_cases: int = 0
    due_within_7_days: int = 0
    overdue: int = 0
    fee_at_risk_sek: int = 0  # the fee reductions if every overdue case were decided today
    per_municipality: Mapping[str, int] = field(default_factory=dict)  # open cases, municipality id order
    absent: bool = False
    absent_until: dt.date | None = None
    in_roster: bool = True  # False: holds cases of the team but is not in the roster given


@dataclass(frozen=True)
class TeamFigures:
    today: dt.date
    filter: WorkloadFilter
    members: tuple[MemberFigures, ...]

    def member(self, member_id: str) -> MemberFigures | None:
        return next((m for m in self.members if m.member_id == member_id), None)

    @property
    def open_cases(self) -> int:
        return sum(m.open_cases for m in self.members)

    @property
    def overdue(self) -> int:
        return sum(m.overdue for m in self.members)

    @property
    def fee_at_risk_sek(self) -> int:
        return sum(m.fee_at_risk_sek for m in self.members)


@dataclass
class Tally:
    """A member's figures while they are being counted."""

    name: str
    open_cases: int = 0
    due_within_7_days: int = 0
    overdue: int = 0
    fee_at_risk_sek: int = 0
    per_municipality: dict[str, int] = field(default_factory=dict)


def assemble(
    today: dt.date,
    filter_: WorkloadFilter,
    tallies: Mapping[str, Tally],
    roster: Sequence[Member] | None,
) -> TeamFigures:
    """Roster members first, in the roster's order (with zero rows for those holding nothing), then anyone
    else holding cases in scope, by name."""
    rows: list[MemberFigures] = []
    listed: set[str] = set()
    for member in roster or ():
        listed.add(member.id)
        rows.append(_figures(member.id, tallies.get(member.id) or Tally(member.name), member, in_roster=True))
    others = sorted((t.name, member_id) for member_id, t in tallies.items() if member_id not in listed)
    rows.extend(
        _figures(member_id, tallies[member_id], None, in_roster=roster is None) for _, member_id in others
    )
    return TeamFigures(today, filter_, tuple(rows))


def _figures(member_id: str, tally: Tally, member: Member | None, *, in_roster: bool) -> MemberFigures:
    return MemberFigures(
        member_id=member_id,
        name=member.name if member else tally.name,
        open_cases=tally.open_cases,
        due_within_7_days=tally.due_within_7_days,
        overdue=tally.overdue,
        fee_at_risk_sek=tally.fee_at_risk_sek,
        per_municipality=dict(sorted(tally.per_municipality.items())),
        absent=member.absent if member else False,
        absent_until=member.absent_until if member else None,
        in_roster=in_roster,
    )
