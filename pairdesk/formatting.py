"""Dates, times and numbers in the interface language's conventions (Babel).

French: 25/11/2026, 14:30, 1 234,5. English: 25/11/2026 as well for dates (the
application is used in France), 2:30 PM style times are avoided: 24-hour clock everywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from pairdesk import i18n
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _


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


def mean(value: float | int | None, *, signed: bool = False) -> str:
    """A mean as every screen and document shows it: two decimals (4,04, 0,80), with its sign
    when it is a change (+0,96, -1,25); "—" for none. One rule: the indicators page showed
    « 4 » and « 1 » where the activity report printed 4,04 and +0,96."""
    if value is None:
        return "—"
    rounded = round(float(value), 2) or 0.0  # no « -0,00 »
    # Always two decimals: « +0,8 » stood beside « +0,84 » in a breakdown (a tester).
    text = format_decimal(rounded, format="#,##0.00", locale=_locale())
    return f"+{text}" if signed and rounded > 0 else text


def hours(value: float | int | None) -> str:
    """Hours without a useless ",0": 20 h, 17,5 h (« 20 » and « 17,5 »); "—" for none."""
    if value is None:
        return "—"
    return format_decimal(round(float(value), 2), locale=_locale())


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


#: The oldest and latest dates a date field accepts.
FIRST_TYPED_DATE = dt.date(1900, 1, 1)
LAST_TYPED_DATE = dt.date(2200, 12, 31)

_SEPARATED = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})(?:[/.\- ](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _full_year(two_digits: int, today: dt.date) -> int:
    """26 → 2026 and 62 → 1962: the century that does not put the date over 20 years ahead."""
    year = 2000 + two_digits
    return year if year <= today.year + 20 else year - 100


def _nearest_year(day: int, month: int, today: dt.date) -> int:
    """The year that puts ``day``/``month`` nearest to ``today`` (last year, this year or
    next year). A facilitator planning in December typed « 1501 » and got a workshop
    eleven months in the past; recording in January, « 1512 » is last December. When the
    day exists in none of the three (a 29 February), this year: its refusal says why."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return today.year
    return min(candidates, key=lambda d: (abs((d - today).days), d.year != today.year)).year


def read_typed_date(text: str, *, today: dt.date) -> dt.date | None:
    """The date a person typed in a date field; ``None`` for nothing typed.

    Accepted: "0312" and "3/12" (the nearest such day: in December « 1501 » is next
    January, in January « 1512 » last December), "031226" and "3/12/26", "03122026" and
    "03/12/2026"; "-", "." or a space also separate; ISO "2026-12-03". An impossible date
    (31/02, month 13) or anything else raises ``InvalidInput`` with a message saying why:
    a date is never silently corrected.
    """
    typed = text.strip()
    if not typed:
        return None
    day_month_year: tuple[int, int, int] | None = None
    if typed.isdigit() and len(typed) in (4, 6, 8):
        day, month = int(typed[:2]), int(typed[2:4])
        rest = typed[4:]
        if not rest:
            year = _nearest_year(day, month, today)
        elif len(rest) == 2:
            year = _full_year(int(rest), today)
        else:
            year = int(rest)
        day_month_year = (day, month, year)
    elif match := _SEPARATED.match(typed):
        day, month = int(match[1]), int(match[2])
        if match[3] is None:
            year = _nearest_year(day, month, today)
        elif len(match[3]) == 2:
            year = _full_year(int(match[3]), today)
        else:
            year = int(match[3])
        day_month_year = (day, month, year)
    elif match := _ISO.match(typed):
        day_month_year = (int(match[3]), int(match[2]), int(match[1]))
    if day_month_year is None:
        raise InvalidInput(
            _("« {text} » is not a date. Type it as 03/12/2026, 3/12/26 or 0312.").format(
                text=typed
            )
        )
    day, month, year = day_month_year
    if not FIRST_TYPED_DATE.year <= year <= LAST_TYPED_DATE.year:
        raise InvalidInput(
            _("« {text} »: the year must be between {first} and {last}.").format(
                text=typed, first=FIRST_TYPED_DATE.year, last=LAST_TYPED_DATE.year
            )
        )
    if not 1 <= month <= 12:
        raise InvalidInput(
            _("« {text} » is not a date: there is no month {month}.").format(
                text=typed, month=month
            )
        )
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise InvalidInput(
            _("« {text} » is not a date: {month} has {days} days.").format(
                text=typed, month=month_name(year, month), days=days_in_month
            )
        )
    return dt.date(year, month, day)
