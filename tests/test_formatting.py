from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairdesk import formatting, i18n


def test_french_conventions() -> None:
    i18n.install("fr")
    assert formatting.short_date(dt.date(2026, 1, 5)) == "05/01/2026"
    assert formatting.long_date(dt.date(2026, 11, 25)) == "25 novembre 2026"
    assert formatting.number(1234.5) == "1\u202f234,5"
    assert formatting.percent(0.425) in {"42\u00a0%", "43\u00a0%"}
    assert formatting.percent(None) == "—"
    assert formatting.short_time(dt.time(9, 5)) == "09:05"


def test_english_numbers() -> None:
    i18n.install("en")
    try:
        assert formatting.number(1234.5) == "1,234.5"
        assert formatting.long_date(dt.date(2026, 11, 25)) == "25 November 2026"
    finally:
        i18n.install("fr")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_short_date_round_trips(day: dt.date) -> None:
    assert formatting.parse_date(formatting.short_date(day)) == day


def test_parse_two_digit_year_and_errors() -> None:
    assert formatting.parse_date("3/2/26") == dt.date(2026, 2, 3)
    assert formatting.parse_date("") is None
    with pytest.raises(ValueError):
        formatting.parse_date("31/02/2026")
