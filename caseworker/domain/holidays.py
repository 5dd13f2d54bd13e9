"""Swedish public holidays (lag 1989:253) and the other days on which a statutory period may not end
(lag 1930:173 om beräkning av lagstadgad tid): Saturdays, Sundays, midsommarafton, julafton, nyårsafton.

Our own table of the rules, not a download: the rules are few and stable, the dates follow from them, and
the tests check them year by year against a list of dates. Valid for the Gregorian calendar; nationaldagen
replaced annandag pingst as a holiday in 2005, and both regimes are implemented.
"""

from __future__ import annotations

import datetime as dt
import functools

_DAY = dt.timedelta(days=1)
NATIONAL_DAY_FROM = 2005  # SFS 2004:1320: 6 June a holiday, annandag pingst no longer


def easter_sunday(year: int) -> dt.date:
    """Påskdagen: the Gregorian computus (the anonymous algorithm of Meeus, Jones and Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _saturday_between(first: dt.date, last: dt.date) -> dt.date:
    day = first + dt.timedelta(days=(5 - first.weekday()) % 7)
    assert day <= last
    return day


@functools.cache
def public_holidays(year: int) -> dict[dt.date, str]:
    """The public holidays of lag 1989:253 in ``year`` (Sundays are holidays too; they are not listed)."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "nyårsdagen",
        dt.date(year, 1, 6): "trettondedag jul",
        easter - 2 * _DAY: "långfredagen",
        easter: "påskdagen",
        easter + _DAY: "annandag påsk",
        dt.date(year, 5, 1): "första maj",
        easter + 39 * _DAY: "Kristi himmelsfärdsdag",
        easter + 49 * _DAY: "pingstdagen",
        _saturday_between(dt.date(year, 6, 20), dt.date(year, 6, 26)): "midsommardagen",
        _saturday_between(dt.date(year, 10, 31), dt.date(year, 11, 6)): "alla helgons dag",
        dt.date(year, 12, 25): "juldagen",
        dt.date(year, 12, 26): "annandag jul",
    }
    if year >= NATIONAL_DAY_FROM:
        days[dt.date(year, 6, 6)] = "Sveriges nationaldag"
    else:
        days[easter + 50 * _DAY] = "annandag pingst"
    return dict(sorted(days.items()))


@functools.cache
def closed_days(year: int) -> dict[dt.date, str]:
    """The days other than Saturdays and Sundays on which a period may not end (lag 1930:173 2 §): the
    public holidays and midsommarafton, julafton and nyårsafton."""
    days = dict(public_holidays(year))
    midsummer_day = next(d for d, name in days.items() if name == "midsommardagen")
    days[midsummer_day - _DAY] = "midsommarafton"
    days[dt.date(year, 12, 24)] = "julafton"
    days[dt.date(year, 12, 31)] = "nyårsafton"
    return dict(sorted(days.items()))


def is_closed(day: dt.date) -> bool:
    """True on a Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton."""
    return day.weekday() >= 5 or day in closed_days(day.year)


def next_open_day(day: dt.date) -> dt.date:
    """``day`` itself if a period may end on it, else the next day that is none of the closed days."""
    while is_closed(day):
        day += _DAY
    return day
