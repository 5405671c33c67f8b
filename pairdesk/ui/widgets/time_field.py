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

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.ui.widgets.field_error import FieldError

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


class TimeField(QWidget):
    """A line edit reading typed times and, under it, the refusal in words."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        default: dt.time | None = None,
        accessible_name: str = "",
    ) -> None:
        super().__init__(parent)
        self._setting = False
        self.editor = QLineEdit(self)
        self.editor.setObjectName("timeText")
        self.editor.setPlaceholderText(_("hh:mm"))
        width = self.editor.fontMetrics().horizontalAdvance("00:000")
        self.editor.setMinimumWidth(width + 16)
        self.editor.setMaximumWidth(width * 2)
        self.message = FieldError(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        self.setFocusProxy(self.editor)
        self.set_accessible_name(accessible_name or _("Time"))
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.editingFinished.connect(self.check)
        if default is not None:
            self.set_time(default)

    def set_accessible_name(self, name: str) -> None:
        self.setAccessibleName(name)
        self.editor.setAccessibleName(name)

    # -- reading and showing ---------------------------------------------------------------

    def time(self) -> dt.time:
        """The time typed; raises ``InvalidTime`` (shown beside the field, the focus put
        there) when it is not a time or nothing is typed."""
        try:
            value = read_typed_time(self.editor.text())
            if value is None:
                raise InvalidInput(_("Type a time, for example 14h30."))
        except InvalidInput as exc:
            self.message.show_message(exc.message)
            if self.isVisible():
                self.editor.setFocus()
            raise InvalidTime(exc.message) from None
        return value

    def typed_time(self) -> dt.time | None:
        """The time typed, or ``None`` when empty or not (yet) a time; never raises."""
        try:
            return read_typed_time(self.editor.text())
        except InvalidInput:
            return None

    def text(self) -> str:
        return self.editor.text()

    def set_text(self, text: str) -> None:
        self.editor.setText(text)

    def set_time(self, value: dt.time) -> None:
        self._setting = True
        try:
            self.editor.setText(short_time(value))
        finally:
            self._setting = False
        self.message.clear_message()
        self.changed.emit()

    def check(self) -> None:
        """Read what was typed: show a valid time as hh:mm, or say why it is not one."""
        try:
            value = read_typed_time(self.editor.text())
        except InvalidInput as exc:
            self.message.show_message(exc.message)
            return
        self.message.clear_message()
        if value is not None and short_time(value) != self.editor.text():
            self.set_time(value)

    # the form kit's protocol (ui/forms/kit.py): what is typed is kept in a draft
    def raw_value(self) -> str:
        return self.editor.text()

    def set_raw_value(self, raw: object) -> None:
        self.editor.setText(str(raw or ""))
        if raw:
            self.check()

    def value(self) -> dt.time:
        return self.time()

    def set_value(self, value: object) -> None:
        if isinstance(value, dt.time):
            self.set_time(value)

    # -- events ------------------------------------------------------------------------------

    def _text_changed(self, _text: str) -> None:
        if not self._setting:
            self.message.clear_message()
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusIn:
            # after the mouse press has placed the cursor: typing replaces the time
            QTimer.singleShot(0, self.editor, self.editor.selectAll)
        return super().eventFilter(watched, event)
