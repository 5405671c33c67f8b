from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairdesk import formatting, i18n
from pairdesk.errors import InvalidInput


def test_french_conventions() -> None:
    i18n.install("fr")
    assert formatting.short_date(dt.date(2026, 1, 5)) == "05/01/2026"
    assert formatting.long_date(dt.date(2026, 11, 25)) == "25 novembre 2026"
    assert formatting.number(1234.5) == "1\u202f234,5"
    assert formatting.percent(0.425) in {"42\u00a0%", "43\u00a0%"}
    assert formatting.percent(None) == "—"
    assert formatting.short_time(dt.time(9, 5)) == "09:05"


def test_means_show_two_decimals_and_a_change_its_sign() -> None:
    """The indicators page showed « 4 » and « 1 » where the activity report printed 4,04
    and +0,96 for the same figures."""
    i18n.install("fr")
    assert formatting.mean(1701 / 421) == "4,04"
    assert formatting.mean(47.17 / 49, signed=True) == "+0,96"
    assert formatting.mean(-1.25, signed=True) == "-1,25"
    assert formatting.mean(0.0, signed=True) == "0,00"
    assert formatting.mean(-0.001, signed=True) == "0,00"
    assert formatting.mean(0.8, signed=True) == "+0,80"
    assert formatting.mean(4) == "4,00"
    assert formatting.mean(1234.5).endswith("234,50")  # the grouping space is Babel's
    assert formatting.mean(None) == "—"


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


TYPED_TODAY = dt.date(2026, 11, 25)


def _typed_forms(day: dt.date) -> list[str]:
    """Every way a date field is documented to accept ``day`` (years near today only for
    two digits, the current year for day-and-month)."""
    forms = [
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d%m%Y"),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.isoformat(),
    ]
    if TYPED_TODAY.year - 79 <= day.year <= TYPED_TODAY.year + 20:
        forms += [day.strftime("%d/%m/%y"), f"{day.day}/{day.month}/{day.strftime('%y')}"]
        forms.append(day.strftime("%d%m%y"))
    if abs((day - TYPED_TODAY).days) < 182:  # the nearest such day
        forms += [day.strftime("%d%m"), f"{day.day}/{day.month}"]
    return forms


@given(
    st.dates(min_value=formatting.FIRST_TYPED_DATE, max_value=formatting.LAST_TYPED_DATE)
    | st.dates(min_value=dt.date(2025, 12, 1), max_value=dt.date(2027, 11, 30))
)
def test_any_date_typed_in_an_accepted_form_reads_back(day: dt.date) -> None:
    for text in _typed_forms(day):
        assert formatting.read_typed_date(f" {text} ", today=TYPED_TODAY) == day, text


@given(st.text(alphabet="0123456789/.- ", max_size=12) | st.text(max_size=12))
def test_anything_typed_is_a_date_or_a_clear_refusal(text: str) -> None:
    try:
        value = formatting.read_typed_date(text, today=TYPED_TODAY)
    except InvalidInput as exc:
        assert exc.message and "«" in exc.message
    else:
        assert value is None or formatting.FIRST_TYPED_DATE <= value <= formatting.LAST_TYPED_DATE


def test_typed_dates_examples_and_refusals() -> None:
    read = formatting.read_typed_date
    assert read("0312", today=TYPED_TODAY) == dt.date(2026, 12, 3)
    # day and month alone: the nearest such day, across the new year too
    assert read("1501", today=dt.date(2026, 12, 3)) == dt.date(2027, 1, 15)
    assert read("15/12", today=dt.date(2027, 1, 10)) == dt.date(2026, 12, 15)
    assert read("1506", today=dt.date(2026, 12, 3)) == dt.date(2026, 6, 15)  # 171 days back
    assert read("0306", today=dt.date(2026, 12, 3)) == dt.date(2027, 6, 3)  # 182 ahead, 183 back
    assert read("2902", today=dt.date(2027, 11, 1)) == dt.date(2028, 2, 29)  # the one leap year
    assert read("031226", today=TYPED_TODAY) == dt.date(2026, 12, 3)
    assert read("3/12/26", today=TYPED_TODAY) == dt.date(2026, 12, 3)
    assert read("15/04/62", today=TYPED_TODAY) == dt.date(1962, 4, 15)  # a birth date
    assert read("  ", today=TYPED_TODAY) is None
    with pytest.raises(InvalidInput) as refused:
        read("31/02/2026", today=TYPED_TODAY)
    assert refused.value.message == "« 31/02/2026 » n'est pas une date : février 2026 a 28 jours."
    with pytest.raises(InvalidInput, match="13"):
        read("01/13/2026", today=TYPED_TODAY)
    with pytest.raises(InvalidInput):
        read("3 décembre", today=TYPED_TODAY)


def test_hours_drop_a_useless_decimal() -> None:
    assert formatting.hours(20.0) == "20"
    assert formatting.hours(17.5) == "17,5"
    assert formatting.hours(None) == "—"
