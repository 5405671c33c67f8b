"""When a participant was last in contact: the rule behind ``participant.last_contact_on``.

Every activity dated on or before today is a contact (a step dated after today, a planned
meeting, is no contact yet), and the last contact moves forward to it, never back.
``services.last_contact`` applies it to a stored participant; the demo builder to the
activity it generates.
"""

from __future__ import annotations

import datetime as dt


def is_contact(on: dt.date, today: dt.date) -> bool:
    """An activity dated ``on`` is a contact once its day has come."""
    return on <= today


def later_contact(last_contact: dt.date | None, on: dt.date) -> dt.date:
    """The last contact once a contact dated ``on`` is recorded: forward, never back."""
    return on if last_contact is None or on > last_contact else last_contact
