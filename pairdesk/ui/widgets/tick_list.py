"""A list of items to tick (facilitators of a workshop, questions asked), on the form kit.

    facilitators = TickList(self)
    facilitators.set_items([(member.id, "Louis — coordinator"), ...])
    facilitators.value()          # -> tuple of the ticked ids, in the list's order
    facilitators.set_value({3, 5})

Ticks given before the items are there (a draft put back while the list is still being
read) are kept and applied when ``set_items`` fills it. ``raw_value`` is the ticked ids as
"3,5" (JSON-friendly, for drafts and dirty tracking).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole


def _ids(raw: object) -> set[int]:
    if isinstance(raw, str):
        return {int(part) for part in raw.split(",") if part.strip().isdigit()}
    if isinstance(raw, Iterable):
        return {int(item) for item in raw if isinstance(item, int)}
    return set()


class TickList(QListWidget):
    """See the module's docstring."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted: set[int] | None = None
        self._filling = False
        self.itemChanged.connect(self._item_changed)

    def set_items(self, items: Iterable[tuple[int, str]], extra: object = None) -> None:
        """Fill the list, keeping what is ticked (or the ticks asked for before)."""
        ticked = self._wanted if self._wanted is not None else set(self.value())
        self._wanted = None
        self._filling = True
        try:
            self.clear()
            for item_id, text in items:
                item = QListWidgetItem(text, self)
                item.setData(ID_ROLE, item_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if item_id in ticked else Qt.CheckState.Unchecked
                )
        finally:
            self._filling = False
        self.changed.emit()

    def value(self) -> tuple[int, ...]:
        if self._wanted is not None:
            return tuple(sorted(self._wanted))
        ids: list[int] = []
        for number in range(self.count()):
            item = self.item(number)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(ID_ROLE)))
        return tuple(ids)

    def set_value(self, value: object) -> None:
        wanted = _ids(value)
        if self.count() == 0:
            self._wanted = wanted  # the items are not there yet
            self.changed.emit()
            return
        self._filling = True
        try:
            for number in range(self.count()):
                item = self.item(number)
                checked = item.data(ID_ROLE) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self._filling = False
        self.changed.emit()

    # the form kit's protocol (ui/forms/kit.py)
    def raw_value(self) -> str:
        return ",".join(str(item_id) for item_id in sorted(self.value()))

    def set_raw_value(self, raw: object) -> None:
        self.set_value(raw)

    def _item_changed(self, _item: QListWidgetItem) -> None:
        if not self._filling:
            self.changed.emit()
