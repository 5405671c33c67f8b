"""The last contact: moves forward only, and a planned day is no contact yet."""

from __future__ import annotations

import datetime as dt
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairdesk.domain.contacts import is_contact, later_contact

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2026, 11, 24), True),  # yesterday
        (TODAY, True),  # today counts
        (dt.date(2026, 11, 26), False),  # tomorrow: planned, not a contact yet
    ],
)
def test_is_contact(on: dt.date, expected: bool) -> None:
    assert is_contact(on, TODAY) is expected


@pytest.mark.parametrize(
    ("last", "on", "expected"),
    [
        (None, dt.date(2026, 3, 2), dt.date(2026, 3, 2)),  # a first contact
        (dt.date(2026, 3, 2), dt.date(2026, 5, 4), dt.date(2026, 5, 4)),  # moves forward
        (dt.date(2026, 5, 4), dt.date(2026, 3, 2), dt.date(2026, 5, 4)),  # never back
        (dt.date(2026, 5, 4), dt.date(2026, 5, 4), dt.date(2026, 5, 4)),
    ],
)
def test_later_contact(last: dt.date | None, on: dt.date, expected: dt.date) -> None:
    assert later_contact(last, on) == expected


def _last(days: list[dt.date]) -> dt.date | None:
    def step(last: dt.date | None, on: dt.date) -> dt.date | None:
        return later_contact(last, on) if is_contact(on, TODAY) else last

    return reduce(step, days, None)


@given(st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))))
def test_in_any_order_it_is_the_latest_day_up_to_today(days: list[dt.date]) -> None:
    past = [d for d in days if d <= TODAY]
    expected = max(past) if past else None
    assert _last(days) == expected
    assert _last(list(reversed(days))) == expected
