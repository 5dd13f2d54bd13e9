"""The statutory clock, with worked examples from PBL 9 kap. 27 § and 12 kap. 8 a §."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.clock import compute, may_extend
from caseworker.domain.models import CaseType, DeadlineFacts

D = dt.date


def facts(**kw: object) -> DeadlineFacts:
    return DeadlineFacts(received_on=D(2026, 3, 2), **kw)  # type: ignore[arg-type]


def test_clock_starts_at_receipt_without_completion_request() -> None:
    clock = compute(facts(), today=D(2026, 3, 10))
    assert clock.started_on == D(2026, 3, 2)
    assert clock.deadline == D(2026, 5, 11)  # ten weeks later
    assert clock.days_left == 62


def test_early_completion_request_starts_clock_when_complete() -> None:
    f = facts(completion_requested_on=D(2026, 3, 23), completed_on=D(2026, 4, 6))  # 21 days: in time
    clock = compute(f, today=D(2026, 4, 6))
    assert clock.started_on == D(2026, 4, 6)
    assert clock.deadline == D(2026, 6, 15)


def test_waiting_for_completion_requested_in_time_has_no_deadline_yet() -> None:
    clock = compute(facts(completion_requested_on=D(2026, 3, 5)), today=D(2026, 6, 1))
    assert clock.started_on is None and clock.deadline is None and clock.days_left is None
    assert clock.fee_factor == 1.0


def test_late_completion_request_does_not_move_the_start() -> None:
    f = facts(completion_requested_on=D(2026, 3, 24), completed_on=D(2026, 4, 20))  # 22 days: too late
    assert compute(f, today=D(2026, 4, 20)).started_on == D(2026, 3, 2)


def test_extension_adds_weeks_once() -> None:
    clock = compute(facts(extension_weeks=10), today=D(2026, 3, 2))
    assert clock.deadline == D(2026, 7, 20)


@pytest.mark.parametrize(
    ("decided", "weeks_late", "factor"),
    [
        (D(2026, 5, 11), 0, 1.0),  # on the deadline day
        (D(2026, 5, 12), 1, 0.8),  # one day late is one started week
        (D(2026, 5, 18), 1, 0.8),
        (D(2026, 5, 19), 2, 0.6),
        (D(2026, 6, 8), 4, 0.2),
        (D(2026, 6, 9), 5, 0.0),  # five started weeks: no fee
        (D(2026, 9, 1), 17, 0.0),
    ],
)
def test_fee_reduced_by_a_fifth_per_started_week(decided: dt.date, weeks_late: int, factor: float) -> None:
    clock = compute(facts(decided_on=decided), today=D(2026, 12, 1), case_type=CaseType.NEW_BUILDING_HOUSE)
    assert clock.weeks_late == weeks_late
    assert clock.fee_factor == pytest.approx(factor)
    assert clock.fee_after_reduction(10_000) == round(10_000 * factor)


def test_shore_exemption_fee_is_not_reduced() -> None:
    clock = compute(facts(decided_on=D(2026, 9, 1)), today=D(2026, 9, 1), case_type=CaseType.SHORE_EXEMPTION)
    assert clock.weeks_late > 0 and clock.fee_factor == 1.0


def test_extension_only_once_and_before_the_deadline() -> None:
    assert may_extend(facts(), today=D(2026, 5, 11)) is None
    assert may_extend(facts(), today=D(2026, 5, 12)) is not None  # deadline passed
    assert may_extend(facts(extension_weeks=4), today=D(2026, 3, 3)) is not None  # already extended


@given(
    received=st.dates(D(2020, 1, 1), D(2030, 1, 1)),
    delay=st.integers(0, 400),
    decided_after=st.integers(0, 400),
)
def test_fee_factor_never_increases_with_lateness(received: dt.date, delay: int, decided_after: int) -> None:
    base = DeadlineFacts(received_on=received)
    early = compute(
        base.model_copy(update={"decided_on": received + dt.timedelta(days=decided_after)}), received
    )
    later = compute(
        base.model_copy(update={"decided_on": received + dt.timedelta(days=decided_after + delay)}), received
    )
    assert 0.0 <= later.fee_factor <= early.fee_factor <= 1.0
