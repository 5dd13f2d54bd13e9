"""The workload figures counted the slow, obvious way: case by case, straight from the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from caseworker.domain import clock
from caseworker.domain.models import CaseSummary
from caseworker.domain.status import FINISHED
from caseworker.workload import TeamFigures, WorkloadFilter

Counts = dict[str, tuple[int, int, int, int, dict[str, int]]]  # open, due in 7 days, overdue, fee, per muni


def brute_force(
    cases: Iterable[CaseSummary], members: Collection[str], today: dt.date, filter_: WorkloadFilter
) -> Counts:
    counts: Counts = {}
    for case in cases:
        if case.assignee_id not in members or case.status in FINISHED or case.deadline.decided_on:
            continue
        if filter_.municipality_ids and case.municipality_id not in filter_.municipality_ids:
            continue
        if filter_.case_types and case.case_type not in filter_.case_types:
            continue
        state = clock.compute(case.deadline, today, case.case_type)
        days = state.days_left
        total, soon, late, fee, muni = counts.get(case.assignee_id, (0, 0, 0, 0, {}))
        muni[case.municipality_id] = muni.get(case.municipality_id, 0) + 1
        counts[case.assignee_id] = (
            total + 1,
            soon + (days is not None and 0 <= days <= 7),
            late + (days is not None and days < 0),
            fee + case.fee_sek - state.fee_after_reduction(case.fee_sek),
            muni,
        )
    return counts


def as_counts(figures: TeamFigures) -> Counts:
    return {
        m.member_id: (
            m.open_cases,
            m.due_within_7_days,
            m.overdue,
            m.fee_at_risk_sek,
            dict(m.per_municipality),
        )
        for m in figures.members
        if m.open_cases
    }
