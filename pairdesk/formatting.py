"""Dates, times and numbers in the interface language's conventions (Babel).

French: 25/11/2026, 14:30, 1 234,5. English: 25/11/2026 as well for dates (the
application is used in France), 2:30 PM style times are avoided: 24-hour clock everywhere.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from pairdesk import i18n


def _locale() -> str:
    return "fr_FR" if i18n.current_language() == "fr" else "en_GB"


def short_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, or an empty string for no date."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def long_date(value: dt.date | None) -> str:
    """e.g. « 25 novembre 2026 » / "25 November 2026"."""
    if value is None:
        return ""
    return _babel_date(value, format="long", locale=_locale())


def month_name(year: int, month: int) -> str:
    """e.g. « novembre 2026 »."""
    return _babel_date(dt.date(year, month, 1), format="LLLL y", locale=_locale())


def short_time(value: dt.time | None) -> str:
    if value is None:
        return ""
    return value.strftime("%H:%M")


def number(value: float | int | None, *, digits: int = 1) -> str:
    """A number with the locale's decimal separator: 1 234,5 in French."""
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return format_decimal(value, locale=_locale())
    return format_decimal(round(float(value), digits), locale=_locale())


def percent(ratio: float | None, *, digits: int = 0) -> str:
    """A ratio in [0, 1] as a percentage: 42 % in French."""
    if ratio is None:
        return "—"
    value = format_decimal(round(ratio * 100, digits), locale=_locale())
    return f"{value}\u00a0%" if i18n.current_language() == "fr" else f"{value}%"


def parse_date(text: str) -> dt.date | None:
    """Read a date typed the French way (25/11/2026, 25/11/26, 25-11-2026) or ISO."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
