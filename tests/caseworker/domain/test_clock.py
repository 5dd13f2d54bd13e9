"""The statutory clock, with worked examples from PBL 9 kap. 27 § and 12 kap. 8 a §."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.clock import ALREADY_EXPIRED, NO_STATUTORY_CLOCK, compute, may_extend
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


def test_shore_exemption_has_no_pbl_clock_and_no_fee_reduction() -> None:
    clock = compute(facts(decided_on=D(2026, 9, 1)), today=D(2026, 9, 1), case_type=CaseType.SHORE_EXEMPTION)
    assert not clock.statutory
    assert clock.deadline is None and clock.days_left is None and clock.started_on is None
    assert clock.weeks_late == 0 and clock.fee_factor == 1.0 and not clock.overdue
    assert may_extend(facts(), D(2026, 3, 3), CaseType.SHORE_EXEMPTION) == NO_STATUTORY_CLOCK


LOV, ANMALAN, FORHANDS = CaseType.NEW_BUILDING_HOUSE, CaseType.NOTIFICATION, CaseType.PRELIMINARY


def _f(**days: tuple[int, int]) -> dict[str, object]:
    """Facts in 2026 by short names: sup (supplemented), req (completion requested), done (completed)."""
    names = {"sup": "supplemented_on", "req": "completion_requested_on", "done": "completed_on"}
    return {names[k]: D(2026, *v) for k, v in days.items()}


# Worked examples: (why, case type, facts beyond received 2026-03-02 (a Monday), expected start, deadline).
CLOCK_TABLE: list[tuple[str, CaseType | None, dict[str, object], dt.date | None, dt.date | None]] = [
    ("lov: 10 weeks from receipt", LOV, {}, D(2026, 3, 2), D(2026, 5, 11)),
    ("no case type given: a lov", None, {}, D(2026, 3, 2), D(2026, 5, 11)),
    ("förhandsbesked: 10 weeks", FORHANDS, {}, D(2026, 3, 2), D(2026, 5, 11)),
    ("rivningslov: 10 weeks", CaseType.DEMOLITION, {}, D(2026, 3, 2), D(2026, 5, 11)),
    ("anmälan: 4 weeks", ANMALAN, {}, D(2026, 3, 2), D(2026, 3, 30)),
    ("lov extended 10 weeks", LOV, {"extension_weeks": 10}, D(2026, 3, 2), D(2026, 7, 20)),
    ("lov extension capped at 10", LOV, {"extension_weeks": 12}, D(2026, 3, 2), D(2026, 7, 20)),
    ("anmälan extended 4 weeks", ANMALAN, {"extension_weeks": 4}, D(2026, 3, 2), D(2026, 4, 27)),
    ("anmälan extension capped at 4", ANMALAN, {"extension_weeks": 10}, D(2026, 3, 2), D(2026, 4, 27)),
    ("strandskyddsdispens: no PBL clock", CaseType.SHORE_EXEMPTION, {}, None, None),
    ("own-initiative supplement restarts", LOV, {"supplemented_on": D(2026, 3, 20)}, D(2026, 3, 20),
     D(2026, 5, 29)),
    ("anmälan supplement restarts", ANMALAN, {"supplemented_on": D(2026, 3, 20)}, D(2026, 3, 20),
     D(2026, 4, 17)),
    ("supplement on the deadline day still restarts", LOV, {"supplemented_on": D(2026, 5, 11)},
     D(2026, 5, 11), D(2026, 7, 20)),
    ("MÖD 2022:8: supplement after the deadline", LOV, {"supplemented_on": D(2026, 5, 12)}, D(2026, 3, 2),
     D(2026, 5, 11)),
    ("MÖD 2022:8 for anmälan", ANMALAN, {"supplemented_on": D(2026, 3, 31)}, D(2026, 3, 2), D(2026, 3, 30)),
    ("MÖD 2022:8 counts the extension", LOV, {"supplemented_on": D(2026, 6, 1), "extension_weeks": 4},
     D(2026, 6, 1), D(2026, 9, 7)),
    ("supplement before receipt is no supplement", LOV, {"supplemented_on": D(2026, 3, 1)}, D(2026, 3, 2),
     D(2026, 5, 11)),
    ("request 20 days after the supplement: waits for completion", LOV,
     _f(sup=(3, 20), req=(4, 9), done=(4, 20)), D(2026, 4, 20), D(2026, 6, 29)),
    ("request 21 days after the supplement: still in time", LOV, _f(sup=(3, 20), req=(4, 10)), None, None),
    ("request 22 days after the supplement: too late", LOV,
     _f(sup=(3, 20), req=(4, 11), done=(4, 30)), D(2026, 3, 20), D(2026, 5, 29)),
    ("late request from receipt, then a supplement", LOV, _f(req=(3, 30), sup=(4, 8)), D(2026, 4, 8),
     D(2026, 6, 17)),
    ("supplement while waiting for the completion asked for", LOV,
     _f(req=(3, 16), sup=(3, 25), done=(4, 6)), D(2026, 4, 6), D(2026, 6, 15)),
    ("supplement after completion restarts", LOV,
     _f(req=(3, 16), done=(3, 23), sup=(4, 1)), D(2026, 4, 1), D(2026, 6, 10)),
    ("anmälan: completion requested in time", ANMALAN, _f(req=(3, 23), done=(4, 6)), D(2026, 4, 6),
     D(2026, 5, 4)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("why", "case_type", "more", "start", "deadline"), CLOCK_TABLE, ids=[r[0] for r in CLOCK_TABLE]
)
def test_clock_worked_examples(
    why: str,
    case_type: CaseType | None,
    more: dict[str, object],
    start: dt.date | None,
    deadline: dt.date | None,
) -> None:
    clock = compute(facts(**more), today=D(2026, 3, 2), case_type=case_type)
    assert (clock.started_on, clock.deadline) == (start, deadline), why
    if deadline is not None:
        assert clock.days_left == (deadline - D(2026, 3, 2)).days


@pytest.mark.parametrize(
    ("case_type", "received", "deadline"),
    [
        (LOV, D(2026, 12, 21), D(2027, 3, 1)),  # over the year boundary
        (ANMALAN, D(2026, 12, 14), D(2027, 1, 11)),
        (LOV, D(2027, 12, 27), D(2028, 3, 6)),  # into a leap February
        (ANMALAN, D(2028, 2, 7), D(2028, 3, 6)),  # through 29 February
    ],
)
def test_deadlines_over_year_boundaries(case_type: CaseType, received: dt.date, deadline: dt.date) -> None:
    assert compute(DeadlineFacts(received_on=received), received, case_type).deadline == deadline


def test_anmalan_fee_reduced_from_its_own_four_week_deadline() -> None:
    late = compute(facts(decided_on=D(2026, 3, 31)), today=D(2026, 4, 1), case_type=ANMALAN)
    assert (late.deadline, late.weeks_late, late.fee_factor) == (D(2026, 3, 30), 1, pytest.approx(0.8))
    on_time = compute(facts(decided_on=D(2026, 3, 30)), today=D(2026, 4, 1), case_type=ANMALAN)
    assert on_time.fee_factor == 1.0


def test_anmalan_may_be_extended_only_before_its_four_weeks() -> None:
    assert may_extend(facts(), D(2026, 3, 30), ANMALAN) is None
    assert may_extend(facts(), D(2026, 3, 31), ANMALAN) == ALREADY_EXPIRED
    assert may_extend(facts(), D(2026, 3, 31), LOV) is None


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
