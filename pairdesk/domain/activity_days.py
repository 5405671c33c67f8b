"""The days a person was active, a year at a time, as bits (issue 12).

The year's indicators count the participants active in a period: present at a workshop
held in it, or with a pathway event, mock interview, offer share or self-assessment dated
in it (:func:`pairdesk.domain.indicators.active_participant_ids`). At 50,000 participants
that meant reading every such record of the period, several per person. Here a person's
active days of one calendar year fit in :data:`YEAR_WORDS` integers of
:data:`WORD_BITS` bits each (day ``n`` of the year, from 0, is bit ``n % WORD_BITS`` of
word ``n // WORD_BITS``), few enough for one row per person and year; whether they were
active in a period is then whether their words share a bit with the period's masks
(:func:`period_masks`), which SQL asks with ``&`` on both engines.

61 bits a word keeps every word below 2**61: a signed 64-bit integer on SQLite and
PostgreSQL alike, and 6 words cover the 366 days of a leap year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

__all__ = ["WORD_BITS", "YEAR_WORDS", "active_in", "period_masks", "year_words"]

WORD_BITS = 61
YEAR_WORDS = 6

Words = tuple[int, ...]


def _position(day: dt.date) -> tuple[int, int]:
    """``(word, bit)`` of ``day`` in its year's words."""
    return divmod(day.timetuple().tm_yday - 1, WORD_BITS)


def year_words(days: Iterable[dt.date]) -> dict[int, Words]:
    """Per calendar year, the words with a bit set for each of ``days`` in it."""
    years: dict[int, list[int]] = {}
    for day in days:
        word, bit = _position(day)
        years.setdefault(day.year, [0] * YEAR_WORDS)[word] |= 1 << bit
    return {year: tuple(words) for year, words in years.items()}


def period_masks(start: dt.date, end: dt.date) -> dict[int, Words]:
    """Per calendar year the period meets, the words with a bit set for each of its days
    (both ends included); empty when ``end < start``."""
    masks: dict[int, Words] = {}
    if end < start:
        return masks
    for year in range(start.year, end.year + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(end, dt.date(year, 12, 31))
        (first_word, first_bit), (last_word, last_bit) = _position(first), _position(last)
        words = []
        for word in range(YEAR_WORDS):
            low = first_bit if word == first_word else 0
            high = last_bit if word == last_word else WORD_BITS - 1
            inside = first_word <= word <= last_word
            words.append(((1 << (high + 1)) - (1 << low)) if inside else 0)
        masks[year] = tuple(words)
    return masks


def active_in(years: Mapping[int, Words], masks: Mapping[int, Words]) -> bool:
    """Whether the words of a person's years share a day with the period's masks."""
    return any(
        word & mask
        for year, year_masks in masks.items()
        for word, mask in zip(years.get(year, ()), year_masks, strict=False)
    )
