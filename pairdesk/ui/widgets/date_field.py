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

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk import formatting
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.ui.widgets.typed_field import TypedField


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


class DateField(TypedField[dt.date]):
    """A line edit reading typed dates, a calendar button and, beside them, the refusal."""

    invalid = InvalidDate

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = False,
        accessible_name: str = "",
        default: dt.date | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(
            parent, object_name="dateText", placeholder=_("dd/mm/yyyy"), sample="00/00/00000"
        )
        self.calendar_button = QToolButton(self)
        self.add_beside(self.calendar_button)
        self._optional = optional
        self._today = today
        self._default = default
        self.calendar_button.setText("▾")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.setToolTip(_("Pick the date in a calendar (Alt+Down)"))
        self.popup: CalendarPopup | None = None
        self.set_accessible_name(accessible_name or _("Date"))
        self.calendar_button.clicked.connect(self.open_calendar)
        if not optional:
            self.set_date(default or today())

    @property
    def optional(self) -> bool:
        return self._optional

    def set_accessible_name(self, name: str) -> None:
        super().set_accessible_name(name)
        self.calendar_button.setAccessibleName(_("{field}: calendar").format(field=name))

    # -- reading and showing ---------------------------------------------------------------

    def parse(self, text: str) -> dt.date | None:
        return formatting.read_typed_date(text, today=self._today())

    def format_value(self, value: dt.date) -> str:
        return formatting.short_date(value)

    def empty_on_leave(self) -> str | None:
        return None if self._optional else _("Type a date, for example 03/12/2026.")

    def date(self) -> dt.date | None:
        """The date typed; ``None`` when an optional field is empty.

        Raises ``InvalidDate`` (an ``InvalidInput``) when the text is not a date, or when a
        required field is empty: its message shows beside the field and the focus goes
        there, so a form that reads its fields to save says where the problem is.
        """
        return self.read(empty=self.empty_on_leave())

    def shown_date(self) -> dt.date:
        """The date of a required field (raises ``InvalidDate`` like ``date()``)."""
        return self.require(_("Type a date, for example 03/12/2026."))

    def typed_date(self) -> dt.date | None:
        """The date typed, or ``None`` when empty or not (yet) a date; never raises."""
        return self.typed()

    def is_valid(self) -> bool:
        """True when the text is a date (or empty in an optional field); shows the refusal."""
        try:
            self.date()
        except InvalidInput:
            return False
        return True

    def set_date(self, value: dt.date | None) -> None:
        """Show ``value``; ``None`` empties an optional field (a required one keeps its date)."""
        if value is not None:
            self.put(value)
        elif self._optional:
            self._setting = True
            try:
                self.editor.clear()
            finally:
                self._setting = False
            self.message.clear_message()
            self.changed.emit()

    # -- calendar ----------------------------------------------------------------------------

    def open_calendar(self) -> None:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        start = self.typed() or self._default or self._today()
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
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


class MonthField(TypedField[tuple[int, int]]):
    """A month people type ("12/2026", "1226"), shown back as mm/yyyy; the refusal beside it."""

    invalid = InvalidDate

    def __init__(self, parent: QWidget | None = None, *, year: int, month: int) -> None:
        super().__init__(
            parent, object_name="monthText", placeholder=_("mm/yyyy"), sample="00/00000"
        )
        self.set_month(year, month)

    def parse(self, text: str) -> tuple[int, int] | None:
        return read_typed_month(text)

    def format_value(self, value: tuple[int, int]) -> str:
        year, month = value
        return f"{month:02d}/{year:04d}"

    def month(self) -> tuple[int, int]:
        """(year, month); raises ``InvalidDate`` (shown beside the field) when not a month."""
        return self.require(_("Type a month and a year, for example 12/2026."))

    def set_month(self, year: int, month: int) -> None:
        self.put((year, month))

    # the form kit's protocol (ui/forms/kit.py)
    def value(self) -> tuple[int, int]:
        return self.month()

    def set_value(self, value: object) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            self.set_month(int(value[0]), int(value[1]))
