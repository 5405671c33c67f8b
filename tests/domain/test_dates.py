from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairdesk.domain.dates import add_months

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
