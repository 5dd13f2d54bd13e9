"""The inputs of the workload package: who is on the team, which open cases they hold, what to show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from caseworker.domain.models import CaseType, Workload


@dataclass(frozen=True, slots=True)
class Member:
    """A team member as the team lead's tools see them.

    ``municipalities`` are those the member may be case officer for (the platform refuses a move to
    anyone else with 422); an inspector or a lead who takes no cases serves none. ``cap`` is the most
    open cases a proposal may leave with the member (None: no cap of their own).
    """

    id: str
    name: str
    municipalities: frozenset[str] = frozenset()
    absent: bool = False
    absent_until: dt.date | None = None
    cap: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "municipalities", frozenset(self.municipalities))

    def serves(self, municipality_id: str) -> bool:
        return municipality_id in self.municipalities


@dataclass(frozen=True, slots=True)
class OpenCase:
    """One open case of the team, from the store's plaintext columns."""

    id: str
    registration_number: str
    municipality_id: str
    case_type: CaseType
    assignee_id: str | None
    assignee_name: str | None
    deadline: dt.date | None
    fee_sek: int


@dataclass(frozen=True, slots=True)
class WorkloadFilter:
    """Which cases the figures count. Empty sets mean no filter; values in one set are OR-ed."""

    municipality_ids: frozenset[str] = field(default_factory=frozenset)
    case_types: frozenset[CaseType] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "municipality_ids", frozenset(self.municipality_ids))
        object.__setattr__(self, "case_types", frozenset(CaseType(t) for t in self.case_types))

    @property
    def is_empty(self) -> bool:
        return not (self.municipality_ids or self.case_types)


def roster_from_workload(
    workload: Workload,
    municipalities: Mapping[str, Iterable[str]],
    *,
    caps: Mapping[str, int] | None = None,
) -> list[Member]:
    """The team as the platform's workload answer names it, with each member's municipalities (which the
    workload answer does not carry: the caller knows them, e.g. from its own directory)."""
    caps = caps or {}
    return [
        Member(
            id=m.user_id,
            name=m.display_name,
            municipalities=frozenset(municipalities.get(m.user_id, ())),
            absent=m.absent,
            absent_until=m.absent_until,
            cap=caps.get(m.user_id),
        )
        for m in workload.members
    ]
