"""A person's active days as bits (``domain.activity_days``): a period meets them exactly
when one of its days is one of theirs."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pairdesk.domain.activity_days import (
    WORD_BITS,
    YEAR_WORDS,
    active_in,
    period_masks,
    year_words,
)

_DAYS = st.dates(dt.date(2023, 12, 1), dt.date(2028, 2, 29))


@given(days=st.lists(_DAYS, max_size=6), start=_DAYS, length=st.integers(-3, 800))
def test_a_period_meets_the_bits_when_it_meets_a_day(
    days: list[dt.date], start: dt.date, length: int
) -> None:
    end = start + dt.timedelta(days=length)
    assert active_in(year_words(days), period_masks(start, end)) == any(
        start <= day <= end for day in days
    )


@given(days=st.lists(_DAYS, min_size=1, max_size=6))
def test_the_words_hold_one_bit_per_day_and_fit_a_signed_64_bit_integer(
    days: list[dt.date],
) -> None:
    years = year_words(days)
    assert set(years) == {day.year for day in days}
    for words in years.values():
        assert len(words) == YEAR_WORDS
        assert all(0 <= word < 2**WORD_BITS for word in words)
    assert sum(bin(word).count("1") for w in years.values() for word in w) == len(set(days))


def test_a_leap_year_has_room_for_its_last_day() -> None:
    assert year_words([dt.date(2028, 12, 31)]) == {2028: (0, 0, 0, 0, 0, 1 << 60)}
    assert year_words([dt.date(2027, 12, 31)]) == {2027: (0, 0, 0, 0, 0, 1 << 59)}
    whole = period_masks(dt.date(2028, 1, 1), dt.date(2028, 12, 31))
    assert whole == {2028: (2**WORD_BITS - 1,) * YEAR_WORDS}


def test_the_masks_of_a_period_across_new_year() -> None:
    masks = period_masks(dt.date(2025, 12, 30), dt.date(2026, 1, 2))
    assert masks == {2025: (0, 0, 0, 0, 0, 0b11 << 58), 2026: (0b11, 0, 0, 0, 0, 0)}
    assert period_masks(dt.date(2026, 1, 2), dt.date(2026, 1, 1)) == {}
