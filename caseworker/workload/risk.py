"""What a case's deadline puts at stake today: the one place the workload package asks the clock.

The store keeps each case's statutory deadline in plaintext (``cases.deadline_on``, computed by
:mod:`caseworker.domain.clock` when the case was stored). From it and today, :func:`deadline_risk` says
where the case stands: days left, the band (overdue / due within 7 days / later) and the fee reduction
in kronor if it were decided today (one fifth per started week past the deadline, 12 kap. 8 a § PBL).

:func:`fee_reduction_sek` is the one place that asks the clock (``clock.deadline_risk``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum

from caseworker.domain import clock
from caseworker.domain.models import CaseType

DUE_SOON_DAYS = 7  # "due within 7 days": today .. today + 7, as the platform's workload counts


class Band(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"  # deadline today .. today + DUE_SOON_DAYS
    LATER = "later"
    NO_DEADLINE = "no_deadline"  # the clock has not started (or the type has no PBL clock)


@dataclass(frozen=True, slots=True)
class DeadlineRisk:
    days_left: int | None  # negative when overdue
    band: Band
    fee_at_risk_sek: int  # the reduction if the case were decided today


def band_of(days_left: int | None) -> Band:
    if days_left is None:
        return Band.NO_DEADLINE
    if days_left < 0:
        return Band.OVERDUE
    if days_left <= DUE_SOON_DAYS:
        return Band.DUE_SOON
    return Band.LATER


def deadline_risk(
    deadline: dt.date | None, case_type: CaseType, fee_sek: int, today: dt.date
) -> DeadlineRisk:
    days_left = None if deadline is None else (deadline - today).days
    band = band_of(days_left)
    fee = 0
    if band is Band.OVERDUE and deadline is not None:
        fee = fee_reduction_sek(deadline, case_type, fee_sek, today)
    return DeadlineRisk(days_left, band, fee)


def fee_reduction_sek(deadline: dt.date, case_type: CaseType, fee_sek: int, today: dt.date) -> int:
    """The kronor the missed deadline takes off the fee if the case is decided today (0 if not missed):
    the clock's own rule (:func:`caseworker.domain.clock.deadline_risk`), one fifth per started week."""
    factor = _fee_factor(case_type, (today - deadline).days)
    return fee_sek - round(fee_sek * factor)


@functools.lru_cache(maxsize=8192)
def _fee_factor(case_type: CaseType, days_late: int) -> float:
    """Cached: a board asks for the same few hundred (type, days late) pairs over thousands of cases."""
    probe = dt.date(2000, 1, 3)  # any day: the rule depends on the days late only
    return clock.deadline_risk(probe, probe + dt.timedelta(days=days_late), case_type).fee_factor
