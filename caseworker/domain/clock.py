"""The statutory clock for building-permit cases (PBL 9 kap. 27 §, 12 kap. 8 a §).

Pure date arithmetic, no I/O: the queue, the case view, the sandbox and the decision letter all ask
this one module, so a deadline is computed the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from caseworker.domain.models import CaseType, DeadlineFacts

DECISION_PERIOD = dt.timedelta(weeks=10)
EARLY_COMPLETION_WINDOW = dt.timedelta(weeks=3)
MAX_EXTENSION_WEEKS = 10
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
class Clock:
    """Where a case stands against its statutory deadline on a given day."""

    started_on: dt.date | None  # None while waiting for a completion requested in time
    deadline: dt.date | None
    days_left: int | None  # negative when overdue; None when the clock has not started
    weeks_late: int  # started weeks past the deadline (at decision, or today if undecided)
    fee_factor: float  # share of the fee that may be charged: 1.0, 0.8, ... 0.0

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def fee_after_reduction(self, fee_sek: int) -> int:
        return round(fee_sek * self.fee_factor)


def clock_start(facts: DeadlineFacts) -> dt.date | None:
    """The day the 10 weeks start: at completion if completion was requested within 3 weeks of receipt."""
    requested = facts.completion_requested_on
    if requested is not None and requested - facts.received_on <= EARLY_COMPLETION_WINDOW:
        return facts.completed_on  # None until the applicant has completed the application
    return facts.received_on


def first_deadline(facts: DeadlineFacts) -> dt.date | None:
    start = clock_start(facts)
    return None if start is None else start + DECISION_PERIOD


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
    start = clock_start(facts)
    if start is None:
        return Clock(None, None, None, 0, 1.0)
    deadline = start + DECISION_PERIOD + dt.timedelta(weeks=min(facts.extension_weeks, MAX_EXTENSION_WEEKS))
    risk = deadline_risk(deadline, facts.decided_on or today, case_type)
    return Clock(start, deadline, (deadline - today).days, risk.weeks_late, risk.fee_factor)


# Why an extension is refused (the platform's wording; a client shows them in its own language).
ALREADY_EXTENDED = "Tidsfristen har redan förlängts en gång."
NOT_STARTED = "Tidsfristen har inte börjat löpa."
ALREADY_EXPIRED = "Tidsfristen har redan löpt ut och kan inte förlängas."


def may_extend(facts: DeadlineFacts, today: dt.date) -> str | None:
    """Why the deadline may not be extended now (one of the reasons above), or None if it may (once,
    before the first deadline)."""
    if facts.extension_weeks:
        return ALREADY_EXTENDED
    deadline = first_deadline(facts)
    if deadline is None:
        return NOT_STARTED
    if today > deadline:
        return ALREADY_EXPIRED
    return None
