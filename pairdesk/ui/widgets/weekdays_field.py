"""The opening days of the association, one check box per weekday, in two rows (they fit
at 200 % text size): the association profile and the first-run assistant."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from pairdesk.i18n import N_, _

WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


class WeekdaysField(QWidget):
    """The opening days, one check box per weekday (1 = Monday … 7 = Sunday), as one
    field of the form kit: ``value()`` the days ticked, ``raw_value()`` "1,2,5"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: list[QCheckBox] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for number_, day in enumerate(WEEKDAYS):
            box = QCheckBox(_(day), self)
            box.setAccessibleName(_("Open on {day}").format(day=_(day)))
            grid.addWidget(box, number_ // 4, number_ % 4)
            box.toggled.connect(lambda _on: self.changed.emit())
            self.boxes.append(box)
        self.setFocusProxy(self.boxes[0])

    def value(self) -> tuple[int, ...]:
        return tuple(day for day, box in enumerate(self.boxes, start=1) if box.isChecked())

    def set_value(self, value: object) -> None:
        days = set(value) if isinstance(value, Iterable) and not isinstance(value, str) else set()
        for day, box in enumerate(self.boxes, start=1):
            box.setChecked(day in days)

    def raw_value(self) -> str:
        return ",".join(str(day) for day in self.value())

    def set_raw_value(self, raw: object) -> None:
        text = raw if isinstance(raw, str) else ""
        self.set_value({int(part) for part in text.split(",") if part.strip().isdigit()})
