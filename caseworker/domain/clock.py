"""The statutory clock for building-permit cases (PBL 9 kap. 27 §, 10 kap. 23 §, 12 kap. 8 a §).

Pure date arithmetic, no I/O: the queue, the case view, the sandbox and the decision letter all ask
this one module, so a deadline is computed the same way everywhere. Which clock applies depends on the
case type (:func:`statutory_period`): lov and förhandsbesked 10 weeks (+ at most 10), anmälan 4 weeks
(+ at most 4), strandskyddsdispens none (miljöbalken, not PBL). Appeal periods, finality and lapse dates
are in :mod:`caseworker.domain.appeals`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from caseworker.domain.models import CaseType, DeadlineFacts

DECISION_PERIOD = dt.timedelta(weeks=10)  # lov and förhandsbesked (9 kap. 27 §)
NOTIFICATION_PERIOD = dt.timedelta(weeks=4)  # anmälan: startbesked within 4 weeks (10 kap. 23 §)
EARLY_COMPLETION_WINDOW = dt.timedelta(weeks=3)
MAX_EXTENSION_WEEKS = 10  # the most any case type may be extended (lov); see statutory_period
FEE_STEPS = 5  # one fifth per started week late; five started weeks late → no fee

# Fee reduction applies to these case types only (12 kap. 8 a § PBL).
FEE_REDUCIBLE = frozenset(
    {
        CaseType.NEW_BUILDING_HOUSE,
        CaseType.NEW_BUILDING_APARTMENTS,
        CaseType.NEW_BUILDING_INDUSTRY,
        CaseType.EXTENSION,
        CaseType.FACADE_CHANGE,
        CaseType.DEMOLITION,
        CaseType.SITE_PERMIT,
        CaseType.PRELIMINARY,
        CaseType.NOTIFICATION,
    }
)


@dataclass(frozen=True)
class StatutoryPeriod:
    """Which PBL clock a case type runs on."""

    period: dt.timedelta
    max_extension_weeks: int


_LOV = StatutoryPeriod(DECISION_PERIOD, MAX_EXTENSION_WEEKS)
_ANMALAN = StatutoryPeriod(NOTIFICATION_PERIOD, 4)


def statutory_period(case_type: CaseType | None) -> StatutoryPeriod | None:
    """The clock of a case type; None for strandskyddsdispens (miljöbalken 7 kap.: no PBL deadline).

    ``None`` as the case type means a lov (the default of callers that do not know the type)."""
    if case_type is not None:
        case_type = CaseType(case_type)  # a plain string from a database row compares by identity too
    if case_type is CaseType.SHORE_EXEMPTION:
        return None
    return _ANMALAN if case_type is CaseType.NOTIFICATION else _LOV


@dataclass(frozen=True)
class Clock:
    """Where a case stands against its statutory deadline on a given day."""

    started_on: dt.date | None  # None while waiting for a completion requested in time
    deadline: dt.date | None
    days_left: int | None  # negative when overdue; None when the clock has not started
    weeks_late: int  # started weeks past the deadline (at decision, or today if undecided)
    fee_factor: float  # share of the fee that may be charged: 1.0, 0.8, ... 0.0
    statutory: bool = True  # False: no PBL deadline at all for this case type (strandskyddsdispens)

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def fee_after_reduction(self, fee_sek: int) -> int:
        return round(fee_sek * self.fee_factor)


def _start_after(facts: DeadlineFacts, basis: dt.date, supplemented: dt.date | None) -> dt.date | None:
    """The clock's start when ``basis`` is the latest day the applicant handed in material unasked.

    A completion request within 3 weeks of the day it answers (receipt or a later supplement) holds the
    clock until the application is complete; a later request, or none, does not."""
    requested = facts.completion_requested_on
    if requested is None:
        return basis
    candidates = [d for d in (facts.received_on, supplemented) if d is not None and d <= requested]
    anchor = max(candidates, default=facts.received_on)
    if requested - anchor > EARLY_COMPLETION_WINDOW:
        return basis
    completed = facts.completed_on
    if completed is None or completed < requested:
        return None  # still waiting for the completion asked for
    return max(completed, basis)


def _deadline_from(start: dt.date, facts: DeadlineFacts, period: StatutoryPeriod) -> dt.date:
    return start + period.period + dt.timedelta(weeks=min(facts.extension_weeks, period.max_extension_weeks))


def clock_start(facts: DeadlineFacts, case_type: CaseType | None = None) -> dt.date | None:
    """The day the clock starts: receipt, or the later own-initiative supplement, or (after a completion
    request in time) the day the application is complete. None while waiting for that completion."""
    period = statutory_period(case_type) or _LOV
    received = facts.received_on
    without_supplement = _start_after(facts, received, None)
    supplemented = facts.supplemented_on
    if supplemented is None or supplemented <= received:
        return without_supplement
    if without_supplement is not None and supplemented > _deadline_from(without_supplement, facts, period):
        return without_supplement  # MÖD 2022:8: material after the deadline does not restart the clock
    return _start_after(facts, supplemented, supplemented)


def first_deadline(facts: DeadlineFacts, case_type: CaseType | None = None) -> dt.date | None:
    """The deadline before any extension; None while the clock has not started or has no PBL clock."""
    period = statutory_period(case_type)
    start = clock_start(facts, case_type)
    return None if start is None or period is None else start + period.period


@dataclass(frozen=True)
class DeadlineRisk:
    """What a deadline costs on a given day: started weeks past it, and the share of the fee left."""

    weeks_late: int
    fee_factor: float  # 1.0, 0.8, ... 0.0; always 1.0 for a case type without fee reduction


def deadline_risk(deadline: dt.date, on: dt.date, case_type: CaseType | None = None) -> DeadlineRisk:
    """The risk of ``deadline`` on ``on`` (the decision day, or today while undecided)."""
    days_late = (on - deadline).days
    weeks_late = math.ceil(days_late / 7) if days_late > 0 else 0
    reducible = case_type is None or case_type in FEE_REDUCIBLE
    fee_factor = max(0, FEE_STEPS - weeks_late) / FEE_STEPS if reducible else 1.0
    return DeadlineRisk(weeks_late, fee_factor)


def compute(facts: DeadlineFacts, today: dt.date, case_type: CaseType | None = None) -> Clock:
    period = statutory_period(case_type)
    if period is None:
        return Clock(None, None, None, 0, 1.0, statutory=False)
    start = clock_start(facts, case_type)
    if start is None:
        return Clock(None, None, None, 0, 1.0)
    deadline = _deadline_from(start, facts, period)
    risk = deadline_risk(deadline, facts.decided_on or today, case_type)
    return Clock(start, deadline, (deadline - today).days, risk.weeks_late, risk.fee_factor)


# Why an extension is refused (the platform's wording; a client shows them in its own language).
ALREADY_EXTENDED = "Tidsfristen har redan förlängts en gång."
NOT_STARTED = "Tidsfristen har inte börjat löpa."
ALREADY_EXPIRED = "Tidsfristen har redan löpt ut och kan inte förlängas."
NO_STATUTORY_CLOCK = "Ärendet har ingen tidsfrist enligt plan- och bygglagen."


def may_extend(facts: DeadlineFacts, today: dt.date, case_type: CaseType | None = None) -> str | None:
    """Why the deadline may not be extended now (one of the reasons above), or None if it may (once,
    before the first deadline)."""
    if statutory_period(case_type) is None:
        return NO_STATUTORY_CLOCK
    if facts.extension_weeks:
        return ALREADY_EXTENDED
    deadline = first_deadline(facts, case_type)
    if deadline is None:
        return NOT_STARTED
    if today > deadline:
        return ALREADY_EXPIRED
    return None
