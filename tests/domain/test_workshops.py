"""When a workshop counts as held (one rule for the indicators, reports and window)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairdesk.domain.workshops import is_held

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("held_on", "cancelled", "expected"),
    [
        (dt.date(2026, 11, 30), False, True),  # yesterday
        (dt.date(2026, 12, 1), False, True),  # today: held from its day on
        (dt.date(2026, 12, 2), False, False),  # tomorrow: planned
        (dt.date(2026, 12, 8), False, False),  # a planned December workshop
        (dt.date(2026, 11, 30), True, False),  # cancelled: never held
        (dt.date(2026, 12, 8), True, False),
    ],
)
def test_is_held(held_on: dt.date, cancelled: bool, expected: bool) -> None:
    assert is_held(held_on, cancelled, TODAY) is expected


@given(st.dates(), st.dates(), st.booleans())
def test_held_means_not_cancelled_and_its_day_has_come(
    held_on: dt.date, today: dt.date, cancelled: bool
) -> None:
    assert is_held(held_on, cancelled, today) is (not cancelled and held_on <= today)
    if is_held(held_on, cancelled, today) and today < dt.date.max:
        # once held, a workshop stays held
        assert is_held(held_on, cancelled, today + dt.timedelta(days=1))
