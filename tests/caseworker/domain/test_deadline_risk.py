"""The risk of a deadline on a day (what the queue ranks and shows): the clock's own arithmetic."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.clock import compute, deadline_risk, statutory_period
from caseworker.domain.models import CaseType, DeadlineFacts

DEADLINE = dt.date(2026, 5, 11)


def test_a_fifth_of_the_fee_per_started_week_past_the_deadline() -> None:
    assert deadline_risk(DEADLINE, DEADLINE).fee_factor == 1.0  # on the day: nothing lost yet
    one_day_late = deadline_risk(DEADLINE, DEADLINE + dt.timedelta(days=1))
    assert (one_day_late.weeks_late, one_day_late.fee_factor) == (1, 0.8)
    assert deadline_risk(DEADLINE, DEADLINE + dt.timedelta(weeks=5)).fee_factor == 0.0
    shore = deadline_risk(DEADLINE, DEADLINE + dt.timedelta(weeks=3), CaseType.SHORE_EXEMPTION)
    assert (shore.weeks_late, shore.fee_factor) == (3, 1.0)  # no fee reduction for this case type


@given(st.integers(-100, 100), st.sampled_from(list(CaseType)))
def test_the_same_as_the_full_clock_of_an_undecided_case(offset: int, case_type: CaseType) -> None:
    today = DEADLINE + dt.timedelta(days=offset)
    period = statutory_period(case_type)
    if period is None:  # no PBL clock (strandskyddsdispens): nothing to compare
        return
    full = compute(DeadlineFacts(received_on=DEADLINE - period.period), today, case_type)
    risk = deadline_risk(DEADLINE, today, case_type)
    assert (risk.weeks_late, risk.fee_factor) == (full.weeks_late, full.fee_factor)
