"""When a workshop counts as held: one rule for the indicators, the reports and the window.

pairdesk counts in days. A workshop is held from its day on, unless it was cancelled:
that is the day its attendance sheet opens (``services.attendance`` refuses marks before
it), so a workshop of today, marked this afternoon, counts in a report printed tonight.
A workshop dated after today is planned, never held, even inside the period of a report.
"""

from __future__ import annotations

import datetime as dt


def is_held(held_on: dt.date, cancelled: bool, today: dt.date) -> bool:
    """Held: not cancelled and dated on or before ``today``."""
    return not cancelled and held_on <= today
