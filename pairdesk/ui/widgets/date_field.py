"""A date people type as they say it ("0312", "3/12/26", "03/12/2026") or pick in a calendar.

    field = DateField(self, optional=True, accessible_name=_("Target date"))
    field.set_date(None)         # optional: the field is empty ("no date")
    field.date()                 # -> datetime.date | None; raises InvalidInput if what
                                 #    is typed is not a date (the message shows beside it)
    field.shown_date()           # -> datetime.date (required fields)
    field.changed.connect(...)   # any change by the user or by code

Click and type: the whole text is selected on entering the field, so digits replace it at
once. Leaving the field (Tab, a click elsewhere, Enter) reads the text: a valid date is
shown back as dd/mm/yyyy, an impossible one (31/02) keeps what was typed and says why
beside the field, never clamped. Tab leaves the field; the calendar button takes no
focus (Alt+Down or F4 opens the calendar from the keyboard). Give the field to a label as
its buddy: the focus goes to the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk import formatting
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.ui.widgets.field_error import FieldError


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class InvalidDate(InvalidInput):
    """What was typed in a date field is not a date; the message already shows beside it."""

    shown_beside_field = True


class CalendarPopup(QFrame):
    """A month calendar in a popup window, in the application's language (QLocale)."""

    picked = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumDate(to_qdate(formatting.FIRST_TYPED_DATE))
        self.calendar.setMaximumDate(to_qdate(formatting.LAST_TYPED_DATE))
        self.calendar.setAccessibleName(_("Calendar"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(from_qdate(day))


class DateField(QWidget):
    """A line edit reading typed dates, a calendar button and, beside them, the refusal."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = False,
        accessible_name: str = "",
        default: dt.date | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._optional = optional
        self._today = today
        self._default = default
        self._setting = False
        self.editor = QLineEdit(self)
        self.editor.setObjectName("dateText")
        self.editor.setPlaceholderText(_("dd/mm/yyyy"))
        width = self.editor.fontMetrics().horizontalAdvance("00/00/00000")
        self.editor.setMinimumWidth(width + 16)
        self.editor.setMaximumWidth(width * 2)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("▾")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.setToolTip(_("Pick the date in a calendar (Alt+Down)"))
        self.message = FieldError(self)
        self.popup: CalendarPopup | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.editor)
        row.addWidget(self.calendar_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setFocusProxy(self.editor)
        self.set_accessible_name(accessible_name or _("Date"))
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.editingFinished.connect(self.check)
        self.calendar_button.clicked.connect(self.open_calendar)
        if not optional:
            self.set_date(default or today())

    @property
    def optional(self) -> bool:
        return self._optional

    def set_accessible_name(self, name: str) -> None:
        self.setAccessibleName(name)
        self.editor.setAccessibleName(name)
        self.calendar_button.setAccessibleName(_("{field}: calendar").format(field=name))

    # -- reading and showing ---------------------------------------------------------------

    def date(self) -> dt.date | None:
        """The date typed; ``None`` when an optional field is empty.

        Raises ``InvalidDate`` (an ``InvalidInput``) when the text is not a date, or when a
        required field is empty: its message shows beside the field and the focus goes
        there, so a form that reads its fields to save says where the problem is.
        """
        return self._read(focus=True)

    def _read(self, *, focus: bool) -> dt.date | None:
        try:
            value = formatting.read_typed_date(self.editor.text(), today=self._today())
            if value is None and not self._optional:
                raise InvalidInput(_("Type a date, for example 03/12/2026."))
        except InvalidInput as exc:
            self.message.show_message(exc.message)
            if focus and self.isVisible():
                self.editor.setFocus()
            raise InvalidDate(exc.message) from None
        return value

    def shown_date(self) -> dt.date:
        """The date of a required field (raises ``InvalidDate`` like ``date()``)."""
        value = self.date()
        if value is None:
            message = _("Type a date, for example 03/12/2026.")
            self.message.show_message(message)
            raise InvalidDate(message)
        return value

    def typed_date(self) -> dt.date | None:
        """The date typed, or ``None`` when empty or not (yet) a date; never raises."""
        try:
            return formatting.read_typed_date(self.editor.text(), today=self._today())
        except InvalidInput:
            return None

    def text(self) -> str:
        """Exactly what is typed (kept in drafts)."""
        return self.editor.text()

    def set_text(self, text: str) -> None:
        """Put typed text back (a draft); it is checked when the field is left."""
        self.editor.setText(text)

    def is_valid(self) -> bool:
        """True when the text is a date (or empty in an optional field); shows the refusal."""
        try:
            self.date()
        except InvalidInput:
            return False
        return True

    def set_date(self, value: dt.date | None) -> None:
        """Show ``value``; ``None`` empties an optional field (a required one keeps its date)."""
        if value is None and not self._optional:
            return
        self._setting = True
        try:
            self.editor.setText(formatting.short_date(value))
        finally:
            self._setting = False
        self.message.clear_message()
        self.changed.emit()

    def check(self) -> None:
        """Read what was typed: show a valid date as dd/mm/yyyy, or say why it is not one."""
        try:
            value = self._read(focus=False)  # Tab still leaves the field
        except InvalidInput:
            return
        self.message.clear_message()
        text = formatting.short_date(value)
        if text != self.editor.text():
            self.set_date(value)

    # -- calendar ----------------------------------------------------------------------------

    def open_calendar(self) -> None:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        try:
            shown = formatting.read_typed_date(self.editor.text(), today=self._today())
        except InvalidInput:
            shown = None
        start = shown or self._default or self._today()
        self.popup.calendar.setSelectedDate(to_qdate(start))
        self.popup.calendar.setCurrentPage(start.year, start.month)
        self.popup.adjustSize()
        self.popup.move(self.editor.mapToGlobal(self.editor.rect().bottomLeft()))
        self.popup.show()
        self.popup.calendar.setFocus()

    def _picked(self, value: dt.date) -> None:
        self.set_date(value)
        self.editor.setFocus()

    # -- events ------------------------------------------------------------------------------

    def _text_changed(self, _text: str) -> None:
        if not self._setting:
            self.message.clear_message()
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor:
            if event.type() == QEvent.Type.FocusIn:
                # after the mouse press has placed the cursor: typing replaces the date
                QTimer.singleShot(0, self.editor, self.editor.selectAll)
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                alt_down = (
                    event.key() == Qt.Key.Key_Down
                    and event.modifiers() & Qt.KeyboardModifier.AltModifier
                )
                if alt_down or event.key() == Qt.Key.Key_F4:
                    self.open_calendar()
                    return True
        return super().eventFilter(watched, event)


_MONTH = re.compile(r"^(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})$")


def read_typed_month(text: str) -> tuple[int, int] | None:
    """(year, month) of "12/2026", "12/26", "122026" or "1226"; None for nothing typed.
    Raises ``InvalidInput`` saying why for anything else (month 13 is refused, never
    corrected)."""
    typed = text.strip()
    if not typed:
        return None
    if typed.isdigit() and len(typed) in (4, 6):
        month_text, year_text = typed[:2], typed[2:]
    elif match := _MONTH.match(typed):
        month_text, year_text = match[1], match[2]
    else:
        raise InvalidInput(_("Type a month and a year, for example 12/2026."))
    month, year = int(month_text), int(year_text)
    if len(year_text) == 2:
        year += 2000
    if not 1 <= month <= 12:
        raise InvalidInput(_("There is no month {month}: type 1 to 12.").format(month=month))
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise InvalidInput(_("Type a month and a year, for example 12/2026."))
    return year, month


class MonthField(QWidget):
    """A month people type ("12/2026", "1226"), shown back as mm/yyyy; the refusal beside it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, year: int, month: int) -> None:
        super().__init__(parent)
        self.editor = QLineEdit(self)
        self.editor.setObjectName("monthText")
        self.editor.setPlaceholderText(_("mm/yyyy"))
        width = self.editor.fontMetrics().horizontalAdvance("00/00000")
        self.editor.setMinimumWidth(width + 16)
        self.editor.setMaximumWidth(width * 2)
        self.message = FieldError(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        self.setFocusProxy(self.editor)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.editingFinished.connect(self.check)
        self.set_month(year, month)

    def set_accessible_name(self, name: str) -> None:
        self.setAccessibleName(name)
        self.editor.setAccessibleName(name)

    def month(self) -> tuple[int, int]:
        """(year, month); raises ``InvalidDate`` (shown beside the field) when not a month."""
        try:
            value = read_typed_month(self.editor.text())
            if value is None:
                raise InvalidInput(_("Type a month and a year, for example 12/2026."))
        except InvalidInput as exc:
            self.message.show_message(exc.message)
            if self.isVisible():
                self.editor.setFocus()
            raise InvalidDate(exc.message) from None
        return value

    def set_month(self, year: int, month: int) -> None:
        self.editor.setText(f"{month:02d}/{year:04d}")
        self.message.clear_message()

    def check(self) -> None:
        try:
            value = read_typed_month(self.editor.text())
        except InvalidInput as exc:
            self.message.show_message(exc.message)
            return
        self.message.clear_message()
        if value is not None:
            self.set_month(*value)

    # the form kit's protocol (ui/forms/kit.py): what is typed is kept in a draft
    def raw_value(self) -> str:
        return self.editor.text()

    def set_raw_value(self, raw: object) -> None:
        self.editor.setText(str(raw or ""))

    def value(self) -> tuple[int, int]:
        return self.month()

    def set_value(self, value: object) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            self.set_month(int(value[0]), int(value[1]))

    def _text_changed(self, _text: str) -> None:
        self.message.clear_message()
        self.changed.emit()
