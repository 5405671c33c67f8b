"""The last contact: moves forward only, and a planned day is no contact yet."""

from __future__ import annotations

import datetime as dt
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairdesk.domain.contacts import later_contact

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("last", "on", "expected"),
    [
        (None, dt.date(2026, 3, 2), dt.date(2026, 3, 2)),  # a first contact
        (dt.date(2026, 3, 2), dt.date(2026, 5, 4), dt.date(2026, 5, 4)),  # moves forward
        (dt.date(2026, 5, 4), dt.date(2026, 3, 2), dt.date(2026, 5, 4)),  # never back
        (dt.date(2026, 5, 4), dt.date(2026, 5, 4), dt.date(2026, 5, 4)),
        (None, TODAY, TODAY),  # today counts
        (None, dt.date(2026, 11, 26), None),  # tomorrow: planned, not a contact
        (dt.date(2026, 5, 4), dt.date(2026, 12, 10), dt.date(2026, 5, 4)),
    ],
)
def test_later_contact(last: dt.date | None, on: dt.date, expected: dt.date | None) -> None:
    assert later_contact(last, on, TODAY) == expected


@given(st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))))
def test_in_any_order_it_is_the_latest_day_up_to_today(days: list[dt.date]) -> None:
    past = [d for d in days if d <= TODAY]
    expected = max(past) if past else None
    result = reduce(lambda last, on: later_contact(last, on, TODAY), days, None)
    assert result == expected
    backwards = reduce(lambda last, on: later_contact(last, on, TODAY), reversed(days), None)
    assert backwards == expected
