from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairdesk.domain.dates import add_months, last_day_of_term, lasts_at_least

date = dt.date

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
steps = st.integers(min_value=-240, max_value=240)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2100, 1, 31), 1, dt.date(2100, 2, 28)),  # not a leap year
        (dt.date(2000, 1, 31), 1, dt.date(2000, 2, 29)),  # leap year
        (dt.date(2026, 8, 31), 1, dt.date(2026, 9, 30)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
        (dt.date(2026, 1, 15), -1, dt.date(2025, 12, 15)),
        (dt.date(2026, 5, 10), 18, dt.date(2027, 11, 10)),
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),
        (dt.date(2026, 4, 7), 0, dt.date(2026, 4, 7)),
    ],
)
def test_add_months_examples(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


@given(dates, steps)
def test_add_months_lands_in_the_right_month_and_clamps(d: dt.date, n: int) -> None:
    result = add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    last_day = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(d.day, last_day)


@given(dates, steps)
def test_add_months_is_reversible_when_the_day_exists(d: dt.date, n: int) -> None:
    result = add_months(d, n)
    if result.day == d.day:
        assert add_months(result, -n) == d


@given(dates, st.integers(min_value=0, max_value=36))
def test_a_month_moves_a_date_by_28_to_31_days(d: dt.date, n: int) -> None:
    """What ``retention_scope_start`` and ``retention_counts`` rely on to skip contracts
    without the month arithmetic."""
    assert 28 * n <= (add_months(d, n) - d).days <= 31 * n


@given(
    st.builds(
        dt.date,
        st.integers(min_value=1900, max_value=2200),
        st.integers(min_value=1, max_value=12),
        st.integers(min_value=1, max_value=28),
    ),
    steps,
    steps,
)
def test_add_months_composes_for_days_every_month_has(d: dt.date, a: int, b: int) -> None:
    assert add_months(add_months(d, a), b) == add_months(d, a + b)


# ------------------------------------------------------------------ inclusive durations


@pytest.mark.parametrize(
    ("start", "last_day", "months", "expected"),
    [
        # French usage: a six-month CDD from 01/11/2026 ends on 30/04/2027
        # (30/04 + 1 day = 01/05 = 01/11 + 6 months).
        (date(2026, 11, 1), date(2027, 4, 30), 6, True),
        (date(2026, 11, 1), date(2027, 4, 29), 6, False),  # one day short
        (date(2026, 11, 1), date(2027, 5, 1), 6, True),
        # From 31/08/2026, + 6 months clamps to 28/02/2027: the last day may be 27/02.
        (date(2026, 8, 31), date(2027, 2, 27), 6, True),
        (date(2026, 8, 31), date(2027, 2, 26), 6, False),
        # From 31/08/2027, + 6 months = 29/02/2028 (leap year): the last day may be 28/02.
        (date(2027, 8, 31), date(2028, 2, 28), 6, True),
        (date(2027, 8, 31), date(2028, 2, 27), 6, False),
        # From 31/08, one month reaches 30/09 (no 31 September): 31/08 → 29/09 is a month.
        (date(2026, 8, 31), date(2026, 9, 29), 1, True),
        (date(2026, 8, 31), date(2026, 9, 28), 1, False),
        # From 29/02/2028: + 6 months = 29/08/2028, + 12 months clamps to 28/02/2029.
        (date(2028, 2, 29), date(2028, 8, 28), 6, True),
        (date(2028, 2, 29), date(2028, 8, 27), 6, False),
        (date(2028, 2, 29), date(2029, 2, 27), 12, True),
        (date(2028, 2, 29), date(2029, 2, 26), 12, False),
        # A year from 01/01: 31/12 of the same year.
        (date(2026, 1, 1), date(2026, 12, 31), 12, True),
        (date(2026, 1, 1), date(2026, 12, 30), 12, False),
    ],
)
def test_lasts_at_least_months(start: date, last_day: date, months: int, expected: bool) -> None:
    assert lasts_at_least(start, last_day, months=months) is expected


@pytest.mark.parametrize(
    ("start", "last_day", "days", "expected"),
    [
        (date(2026, 6, 1), date(2026, 6, 30), 30, True),  # the whole of June: 30 days
        (date(2026, 6, 1), date(2026, 6, 29), 30, False),  # 29 days
        (date(2026, 2, 1), date(2026, 3, 2), 30, True),  # 28 + 2 days
        (date(2026, 2, 1), date(2026, 3, 1), 30, False),  # 28 + 1 days
        (date(2028, 2, 1), date(2028, 3, 1), 30, True),  # leap year: 29 + 1 days
        (date(2026, 12, 15), date(2027, 1, 13), 30, True),  # 17 + 13 days, across the year
        (date(2026, 12, 15), date(2027, 1, 12), 30, False),
        (date(2026, 4, 7), date(2026, 4, 7), 1, True),  # a one-day contract lasts one day
    ],
)
def test_lasts_at_least_days(start: date, last_day: date, days: int, expected: bool) -> None:
    assert lasts_at_least(start, last_day, days=days) is expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 1), 6, date(2027, 4, 30)),
        (date(2026, 6, 1), 1, date(2026, 6, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 27)),  # 28/02/2027 − 1 day
        (date(2028, 2, 29), 12, date(2029, 2, 27)),  # 28/02/2029 − 1 day
        (date(2026, 1, 1), 12, date(2026, 12, 31)),
    ],
)
def test_last_day_of_term(start: date, months: int, expected: date) -> None:
    assert last_day_of_term(start, months) == expected


def test_a_duration_is_months_or_days_never_both_or_none() -> None:
    day = date(2026, 1, 1)
    for bad in ({}, {"months": 6, "days": 30}, {"months": -1}, {"days": -30}):
        with pytest.raises(ValueError):
            lasts_at_least(day, day, **bad)
    with pytest.raises(ValueError):
        last_day_of_term(day, 0)


small_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))


@given(small_dates, st.integers(min_value=1, max_value=240))
def test_a_term_lasts_its_months_and_one_day_less_does_not(start: date, months: int) -> None:
    last = last_day_of_term(start, months)
    assert lasts_at_least(start, last, months=months)
    assert not lasts_at_least(start, last - dt.timedelta(days=1), months=months)


@given(small_dates, st.integers(min_value=1, max_value=3660))
def test_n_days_counted_first_and_last_included(start: date, days: int) -> None:
    assert lasts_at_least(start, start + dt.timedelta(days=days - 1), days=days)
    assert not lasts_at_least(start, start + dt.timedelta(days=days - 2), days=days)


@given(small_dates, small_dates, st.integers(min_value=1, max_value=36))
def test_a_later_last_day_never_makes_a_contract_shorter(
    start: date, last_day: date, months: int
) -> None:
    if lasts_at_least(start, last_day, months=months):
        assert lasts_at_least(start, last_day + dt.timedelta(days=1), months=months)


def test_the_reporting_year_is_the_year_ended_in_january() -> None:
    from pairdesk.domain.dates import reporting_year

    assert reporting_year(dt.date(2027, 1, 4)) == 2026
    assert reporting_year(dt.date(2027, 1, 31)) == 2026
    assert reporting_year(dt.date(2027, 2, 1)) == 2027
    assert reporting_year(dt.date(2026, 12, 3)) == 2026
