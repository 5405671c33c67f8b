"""A time of day people type as they say it ("14h30", "1430", "14:30", "14h", "9") .

    field = TimeField(self, default=dt.time(14, 0), accessible_name=_("Start time"))
    field.time()                 # -> datetime.time; raises InvalidInput (an ``InvalidTime``)
                                 #    when what is typed is not a time: the message shows
                                 #    beside the field and the focus goes there
    field.set_time(dt.time(9, 30))
    field.changed.connect(...)   # any change by the user or by code

Leaving the field (Tab, a click elsewhere, Enter) reads the text: a valid time is shown
back as "14:30", an impossible one ("25h", "14h75") keeps what was typed and says why
beside the field, never corrected. On the form kit: ``raw_value`` is the typed text (a
draft keeps it as typed), ``value`` the time.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QWidget

from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.ui.widgets.typed_field import TypedField

_SEPARATED = re.compile(r"^(\d{1,2})\s*(?:[hH:.]\s*(\d{1,2})?)?$")


class InvalidTime(InvalidInput):
    """What was typed in a time field is not a time; the message already shows beside it."""

    shown_beside_field = True


def read_typed_time(text: str) -> dt.time | None:
    """The time a person typed; ``None`` for nothing typed.

    Accepted: "14h30", "14h", "14:30", "14.30", "1430", "930", "9". An impossible time
    (25h, 14h75) or anything else raises ``InvalidInput`` saying why: never corrected."""
    typed = text.strip()
    if not typed:
        return None
    if typed.isdigit() and len(typed) in (3, 4):
        hour, minute = int(typed[:-2]), int(typed[-2:])
    elif match := _SEPARATED.match(typed):
        hour, minute = int(match[1]), int(match[2] or 0)
    else:
        raise InvalidInput(
            _("« {text} » is not a time. Type it as 14h30, 14:30 or 1430.").format(text=typed)
        )
    if not 0 <= hour <= 23:
        raise InvalidInput(
            _("« {text} » is not a time: there is no hour {hour} (0 to 23).").format(
                text=typed, hour=hour
            )
        )
    if not 0 <= minute <= 59:
        raise InvalidInput(
            _("« {text} » is not a time: minutes go from 00 to 59.").format(text=typed)
        )
    return dt.time(hour, minute)


def short_time(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


class TimeField(TypedField[dt.time]):
    """A line edit reading typed times and, under it, the refusal in words."""

    invalid = InvalidTime

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        default: dt.time | None = None,
        accessible_name: str = "",
    ) -> None:
        super().__init__(parent, object_name="timeText", placeholder=_("hh:mm"), sample="00:000")
        self.set_accessible_name(accessible_name or _("Time"))
        if default is not None:
            self.set_time(default)

    def parse(self, text: str) -> dt.time | None:
        return read_typed_time(text)

    def format_value(self, value: dt.time) -> str:
        return short_time(value)

    def time(self) -> dt.time:
        """The time typed; raises ``InvalidTime`` (shown beside the field, the focus put
        there) when it is not a time or nothing is typed."""
        return self.require(_("Type a time, for example 14h30."))

    def typed_time(self) -> dt.time | None:
        """The time typed, or ``None`` when empty or not (yet) a time; never raises."""
        return self.typed()

    def set_time(self, value: dt.time) -> None:
        self.put(value)

    # the form kit's protocol (ui/forms/kit.py)
    def set_raw_value(self, raw: object) -> None:
        super().set_raw_value(raw)
        if raw:
            self.check()

    def value(self) -> dt.time:
        return self.time()

    def set_value(self, value: object) -> None:
        if isinstance(value, dt.time):
            self.set_time(value)
