"""A date typed as dd/mm/yyyy (or picked in a calendar), with an optional "No date" box.

    field = DateField(self, optional=True, accessible_name=_("Target date"))
    field.set_date(None)         # "No date" ticked, the date edit greyed out
    field.date()                 # -> datetime.date | None
    field.changed.connect(...)   # any change by the user or by code

Give the field to a label as its buddy: the focus goes to the date edit.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from pairdesk.i18n import _

DISPLAY_FORMAT = "dd/MM/yyyy"


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class DateField(QWidget):
    """A ``QDateEdit`` (dd/MM/yyyy, calendar popup) plus, when ``optional``, a "No date" box."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = False,
        accessible_name: str = "",
        default: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._optional = optional
        self._default = default
        self.date_edit = QDateEdit(self)
        self.date_edit.setDisplayFormat(DISPLAY_FORMAT)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(QDate(1900, 1, 1))
        self.date_edit.setMaximumDate(QDate(2200, 12, 31))
        self.date_edit.setDate(to_qdate(default or dt.date.today()))
        self.no_date_box = QCheckBox(_("No date"), self)
        self.no_date_box.setVisible(optional)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.date_edit)
        layout.addWidget(self.no_date_box)
        layout.addStretch(1)
        self.setFocusProxy(self.date_edit)
        self.set_accessible_name(accessible_name or _("Date"))
        self.date_edit.dateChanged.connect(self._emit_changed)
        self.no_date_box.toggled.connect(self._no_date_toggled)
        if optional:
            self.set_date(None)

    @property
    def optional(self) -> bool:
        return self._optional

    def set_accessible_name(self, name: str) -> None:
        self.setAccessibleName(name)
        self.date_edit.setAccessibleName(name)
        self.no_date_box.setAccessibleName(_("{field}: no date").format(field=name))

    def date(self) -> dt.date | None:
        """The date shown, or ``None`` when "No date" is ticked."""
        if self._optional and self.no_date_box.isChecked():
            return None
        return from_qdate(self.date_edit.date())

    def shown_date(self) -> dt.date:
        """The date in the date edit, even when "No date" is ticked (for required fields)."""
        return from_qdate(self.date_edit.date())

    def set_date(self, value: dt.date | None) -> None:
        """Show ``value``; ``None`` ticks "No date" (a required field keeps its date).

        The greyed date edit behind "No date" goes back to the default date: it never
        shows a date from the record shown before (a new file starts fresh)."""
        if value is None:
            if self._optional:
                self.date_edit.setDate(to_qdate(self._default or dt.date.today()))
                self.no_date_box.setChecked(True)
            return
        self.no_date_box.setChecked(False)
        self.date_edit.setDate(to_qdate(value))

    def _no_date_toggled(self, checked: bool) -> None:
        self.date_edit.setEnabled(not checked)
        self._emit_changed()

    def _emit_changed(self, *_args: object) -> None:
        self.changed.emit()
