"""Appeal periods, finality and lapse dates (lag 1930:173, PBL 9 kap. 41-43 §§), with Swedish holidays
checked year by year against lists of dates written out by hand (not derived from the code's rules)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.appeals import (
    Lapse,
    add_years,
    appeal_ends,
    appeal_ends_after_publication,
    earliest_start,
    final_on,
    lapse_dates,
)
from caseworker.domain.holidays import closed_days, easter_sunday, is_closed, next_open_day, public_holidays

D = dt.date

# Påskdagen, from the church's published tables.
EASTER = {
    2000: D(2000, 4, 23), 2001: D(2001, 4, 15), 2002: D(2002, 3, 31), 2003: D(2003, 4, 20),
    2004: D(2004, 4, 11), 2005: D(2005, 3, 27), 2006: D(2006, 4, 16), 2007: D(2007, 4, 8),
    2008: D(2008, 3, 23), 2009: D(2009, 4, 12), 2010: D(2010, 4, 4), 2011: D(2011, 4, 24),
    2012: D(2012, 4, 8), 2013: D(2013, 3, 31), 2014: D(2014, 4, 20), 2015: D(2015, 4, 5),
    2016: D(2016, 3, 27), 2017: D(2017, 4, 16), 2018: D(2018, 4, 1), 2019: D(2019, 4, 21),
    2020: D(2020, 4, 12), 2021: D(2021, 4, 4), 2022: D(2022, 4, 17), 2023: D(2023, 4, 9),
    2024: D(2024, 3, 31), 2025: D(2025, 4, 20), 2026: D(2026, 4, 5), 2027: D(2027, 3, 28),
    2028: D(2028, 4, 16), 2029: D(2029, 4, 1), 2030: D(2030, 4, 21), 2031: D(2031, 4, 13),
    2032: D(2032, 3, 28), 2033: D(2033, 4, 17), 2034: D(2034, 4, 9), 2035: D(2035, 3, 25),
}  # fmt: skip

# Every weekday-or-weekend day on which a period may not end, other than ordinary Saturdays and Sundays,
# month-day per year: long-, påsk-, annandag påsk, Kristi himmelsfärd, pingst, midsommarafton/-dagen,
# alla helgons dag (plus the fixed days, which the test adds).
MOVABLE = {
    2024: ["03-29", "03-31", "04-01", "05-09", "05-19", "06-21", "06-22", "11-02"],
    2025: ["04-18", "04-20", "04-21", "05-29", "06-08", "06-20", "06-21", "11-01"],
    2026: ["04-03", "04-05", "04-06", "05-14", "05-24", "06-19", "06-20", "10-31"],
    2027: ["03-26", "03-28", "03-29", "05-06", "05-16", "06-25", "06-26", "11-06"],
    2028: ["04-14", "04-16", "04-17", "05-25", "06-04", "06-23", "06-24", "11-04"],
    2029: ["03-30", "04-01", "04-02", "05-10", "05-20", "06-22", "06-23", "11-03"],
    2030: ["04-19", "04-21", "04-22", "05-30", "06-09", "06-21", "06-22", "11-02"],
}
FIXED = ["01-01", "01-06", "05-01", "06-06", "12-24", "12-25", "12-26", "12-31"]


@pytest.mark.parametrize("year", sorted(EASTER))
def test_easter_sunday(year: int) -> None:
    assert easter_sunday(year) == EASTER[year]


@pytest.mark.parametrize("year", sorted(MOVABLE))
def test_closed_days_year_by_year(year: int) -> None:
    expected = {D.fromisoformat(f"{year}-{md}") for md in MOVABLE[year] + FIXED}
    assert set(closed_days(year)) == expected


def test_national_day_replaced_whit_monday_in_2005() -> None:
    assert "annandag pingst" in public_holidays(2004).values()
    assert D(2004, 5, 31) in public_holidays(2004) and D(2004, 6, 6) not in public_holidays(2004)
    assert D(2005, 5, 16) not in public_holidays(2005) and D(2005, 6, 6) in public_holidays(2005)


def test_eves_not_named_in_the_law_are_working_days() -> None:
    for day in (D(2027, 1, 5), D(2026, 4, 2), D(2026, 10, 30), D(2026, 4, 30)):
        # trettondagsafton, skärtorsdagen, allhelgonaafton, valborgsmässoafton
        assert day.weekday() < 5 and not is_closed(day), day
    assert next_open_day(D(2026, 5, 25)) == D(2026, 5, 25)  # annandag pingst: a working day since 2005


# Worked examples: (why, notified on, last day to appeal). 3 weeks end on the same weekday, then moved
# past Saturdays, Sundays, holidays, midsommarafton, julafton and nyårsafton.
APPEAL_TABLE = [
    ("plain weekday", D(2026, 3, 2), D(2026, 3, 23)),
    ("notified on a Saturday: ends on a Saturday, moved to Monday", D(2026, 3, 7), D(2026, 3, 30)),
    ("ends on a Sunday", D(2026, 3, 8), D(2026, 3, 30)),
    ("ends on långfredagen: past Easter to Tuesday", D(2026, 3, 13), D(2026, 4, 7)),
    ("ends on annandag påsk", D(2026, 3, 16), D(2026, 4, 7)),
    ("ends on Kristi himmelsfärdsdag", D(2026, 4, 23), D(2026, 5, 15)),
    ("ends on första maj", D(2026, 4, 10), D(2026, 5, 4)),
    ("ends on midsommarafton", D(2026, 5, 29), D(2026, 6, 22)),
    ("ends on nationaldagen (a Friday in 2025)", D(2025, 5, 16), D(2025, 6, 9)),
    ("ends on julafton: past Christmas", D(2026, 12, 3), D(2026, 12, 28)),
    ("ends on nyårsafton: into the new year", D(2026, 12, 10), D(2027, 1, 4)),
    ("ends on trettondedag jul", D(2026, 12, 16), D(2027, 1, 7)),
    ("ends on trettondagsafton: not moved", D(2026, 12, 15), D(2027, 1, 5)),
    ("ends on allhelgonaafton: not moved", D(2026, 10, 9), D(2026, 10, 30)),
    ("over the year boundary, plain", D(2027, 12, 20), D(2028, 1, 10)),
    ("ends on annandag pingst in 2004 (a holiday then)", D(2004, 5, 10), D(2004, 6, 1)),
    ("julafton on a Tuesday (2024)", D(2024, 12, 3), D(2024, 12, 27)),
    ("nyårsafton on a Tuesday (2024)", D(2024, 12, 10), D(2025, 1, 2)),
]


@pytest.mark.parametrize(("why", "notified", "ends"), APPEAL_TABLE, ids=[r[0] for r in APPEAL_TABLE])
def test_appeal_ends(why: str, notified: dt.date, ends: dt.date) -> None:
    assert appeal_ends(notified) == ends, why


@pytest.mark.parametrize(
    ("published", "ends"),
    [
        (D(2026, 3, 10), D(2026, 4, 7)),  # Tuesday after annandag påsk: open
        (D(2026, 3, 6), D(2026, 4, 7)),  # ends on långfredagen
        (D(2026, 5, 22), D(2026, 6, 22)),  # ends on midsommarafton
        (D(2026, 11, 26), D(2026, 12, 28)),  # ends on julafton
        (D(2026, 12, 3), D(2027, 1, 4)),  # ends on nyårsafton
    ],
)
def test_appeal_ends_four_weeks_after_publication(published: dt.date, ends: dt.date) -> None:
    assert appeal_ends_after_publication(published) == ends


def test_final_the_day_after_every_appeal_period_has_run_out() -> None:
    # applicant 2 March (ends 23 March), neighbour 5 March (26 March), PoIT 10 March (7 April)
    assert final_on([D(2026, 3, 2), D(2026, 3, 5)], D(2026, 3, 10)) == D(2026, 4, 8)
    assert final_on([D(2026, 3, 2)], None) == D(2026, 3, 24)  # a refusal: not published
    assert final_on([D(2026, 12, 3)], None) == D(2026, 12, 29)  # over Christmas
    assert final_on([D(2026, 4, 20)], D(2026, 3, 1)) == D(2026, 5, 12)  # the late notification decides


def test_not_final_while_someone_is_not_notified() -> None:
    assert final_on([D(2026, 3, 2), None], D(2026, 3, 10)) is None
    assert final_on([], None) is None
    assert final_on([], D(2026, 3, 10)) == D(2026, 4, 8)


def test_lapse_two_and_five_years_after_finality() -> None:
    assert lapse_dates(D(2026, 4, 8)) == Lapse(start_by=D(2028, 4, 8), finish_by=D(2031, 4, 8))
    assert lapse_dates(D(2028, 2, 29)) == Lapse(start_by=D(2030, 2, 28), finish_by=D(2033, 2, 28))
    assert add_years(D(2027, 2, 28), 1) == D(2028, 2, 28)


def test_work_may_start_four_weeks_after_publication() -> None:
    assert earliest_start(D(2026, 3, 10)) == D(2026, 4, 7)


@given(st.dates(D(1990, 1, 1), D(2100, 12, 31)))
def test_a_period_ends_on_an_open_day_at_most_five_days_late(notified: dt.date) -> None:
    ends = appeal_ends(notified)
    nominal = notified + dt.timedelta(weeks=3)
    assert not is_closed(ends) and ends.weekday() < 5
    assert 0 <= (ends - nominal).days <= 5  # the longest closed run: julafton to the Monday after
    assert all(is_closed(nominal + dt.timedelta(days=i)) for i in range((ends - nominal).days))
