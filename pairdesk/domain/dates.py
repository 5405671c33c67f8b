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
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(d.day, last_day))
