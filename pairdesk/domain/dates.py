"""Calendar arithmetic the services share (month steps, not 30-day approximations)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(d: dt.date, n: int) -> dt.date:
    """The same day ``n`` months later (or earlier if negative), clamped to the month's end.

    31 January + 1 month is 28 February (29 in a leap year); 31 August + 1 month is
    30 September.
    """
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    month = month0 + 1
    if d.day <= 28:  # every month has it (most dates: no calendar to consult)
        return dt.date(year, month, d.day)
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def last_day_of_term(start: dt.date, months: int) -> dt.date:
    """The last day (included) of a term of ``months`` months beginning on ``start``.

    French usage: a six-month contract from 1 November 2026 ends on 30 April 2027, the
    day before ``add_months(start, months)``. ``lasts_at_least(start,
    last_day_of_term(start, n), months=n)`` is always true.
    """
    if months < 1:
        raise ValueError("a term lasts at least one month")
    return add_months(start, months) - dt.timedelta(days=1)


def lasts_at_least(start: dt.date, last_day: dt.date, *, months: int = 0, days: int = 0) -> bool:
    """Whether a period from ``start`` to ``last_day``, both days included, lasts at least
    ``months`` months or at least ``days`` days (give exactly one of them).

    Every contract duration is tested here, as ``last_day + 1 day >= start + duration``
    (an inclusive end date, as contracts are written in France, is one day short of the
    exclusive bound the month arithmetic gives):

    * 01/11/2026 → 30/04/2027 lasts 6 months; → 29/04/2027 does not.
    * 01/06 → 30/06 lasts 30 days (30 days counted, first and last included); → 29/06
      does not.
    * Month ends clamp as in :func:`add_months`: from 31/08/2026, 6 months reach
      28/02/2027, so a contract to 27/02/2027 lasts 6 months; from 29/02/2028, 12 months
      reach 28/02/2029, so a contract to 27/02/2029 lasts a year.
    """
    if (months > 0) == (days > 0) or months < 0 or days < 0:
        raise ValueError("give a positive number of months or of days, not both")
    bound = add_months(start, months) if months else start + dt.timedelta(days=days)
    return last_day + dt.timedelta(days=1) >= bound


def period_of_month(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def reporting_year(today: dt.date) -> int:
    """The year a report is about when it opens on ``today``: this one, but in January
    the year just ended, the one reported to the funders then (on 4 January the new
    year's figures were almost all 0: a tester after New Year)."""
    return today.year - 1 if today.month == 1 else today.year
