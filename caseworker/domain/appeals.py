"""Appeal periods, finality (laga kraft) and the lapse of a permit: pure date arithmetic.

- Appeals (lag 1930:173 om beräkning av lagstadgad tid): 3 weeks from the day a party was notified; for
  those not notified directly, 4 weeks after publication in Post- och Inrikes Tidningar (PoIT). A period
  counted in weeks ends on the same weekday; if that day is a Saturday, Sunday, public holiday,
  midsommarafton, julafton or nyårsafton, it ends on the next day that is none of these
  (:mod:`caseworker.domain.holidays`).
- The decision is final once every appeal period has run out: :func:`final_on` is the first final day.
- A permit lapses if the work has not started within 2 years and finished within 5 years of the day the
  decision became final (PBL 9 kap. 43 §). These are dates of validity, not periods for lodging
  something with an authority, so they are not moved past holidays.
- Work may start at the earliest 4 weeks after PoIT publication (9 kap. 42 a §), and never before
  startbesked.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from caseworker.domain.holidays import next_open_day
from caseworker.domain.models import CaseType

APPEAL_PERIOD = dt.timedelta(weeks=3)
APPEAL_PERIOD_AFTER_PUBLICATION = dt.timedelta(weeks=4)
START_WITHIN_YEARS = 2
FINISH_WITHIN_YEARS = 5

# Bygglov: new buildings, extensions, facade changes (the decision rules and the dates below use them).
BUILDING_PERMITS = frozenset(
    {
        CaseType.NEW_BUILDING_HOUSE,
        CaseType.NEW_BUILDING_APARTMENTS,
        CaseType.NEW_BUILDING_INDUSTRY,
        CaseType.EXTENSION,
        CaseType.FACADE_CHANGE,
    }
)
# Published in PoIT when granted (PBL 9 kap. 41 a §): lov and förhandsbesked, not anmälan or strandskydd.
PUBLISHED_WHEN_GRANTED = BUILDING_PERMITS | {CaseType.DEMOLITION, CaseType.SITE_PERMIT, CaseType.PRELIMINARY}


def appeal_ends(notified_on: dt.date) -> dt.date:
    """The last day on which a party notified on ``notified_on`` may appeal (3 weeks, moved past closed
    days)."""
    return next_open_day(notified_on + APPEAL_PERIOD)


def appeal_ends_after_publication(published_on: dt.date) -> dt.date:
    """The last day to appeal for those not notified directly: 4 weeks after the PoIT publication,
    moved past closed days."""
    return next_open_day(published_on + APPEAL_PERIOD_AFTER_PUBLICATION)


def final_on(
    notified_on_dates: Iterable[dt.date | None], published_on: dt.date | None = None
) -> dt.date | None:
    """The first day on which the decision is final (laga kraft): the day after the last appeal period
    ends. ``None`` (not yet known) while any party has not been notified (a ``None`` among the dates) or
    when nobody has been notified and nothing published. ``published_on`` is None for decisions that are
    not published in PoIT (refusals)."""
    ends: list[dt.date] = []
    for notified in notified_on_dates:
        if notified is None:
            return None
        ends.append(appeal_ends(notified))
    if published_on is not None:
        ends.append(appeal_ends_after_publication(published_on))
    if not ends:
        return None
    return max(ends) + dt.timedelta(days=1)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; a 29 February without its match ends on the last day of February
    (lag 1930:173 1 §: the period ends on the day with the same number, or the month's last day)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


@dataclass(frozen=True)
class Lapse:
    """When a permit lapses unless the work has progressed (PBL 9 kap. 43 §)."""

    start_by: dt.date  # work must have started by this day
    finish_by: dt.date  # and be finished by this day


def lapse_dates(final: dt.date) -> Lapse:
    """The lapse dates of a permit that became final on ``final`` (see :func:`final_on`)."""
    return Lapse(add_years(final, START_WITHIN_YEARS), add_years(final, FINISH_WITHIN_YEARS))


def earliest_start(published_on: dt.date) -> dt.date:
    """The first day work may start with regard to the PoIT publication (9 kap. 42 a §): 4 weeks after."""
    return published_on + APPEAL_PERIOD_AFTER_PUBLICATION
