"""When a participant was last in contact: the rule behind ``participant.last_contact_on``.

Every activity dated on or before today moves the last contact forward, never back; a step
dated after today (a planned meeting) is no contact yet.
"""

from __future__ import annotations

import datetime as dt


def later_contact(last_contact: dt.date | None, on: dt.date, today: dt.date) -> dt.date | None:
    """The last contact once an activity dated ``on`` is recorded."""
    if on > today or (last_contact is not None and on <= last_contact):
        return last_contact
    return on
