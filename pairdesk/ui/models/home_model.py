"""The home view's to-do list as one table: a heading row per section, then its lines.

The rows come from ``services.home.todo`` (at most 50 lines per section, so a few hundred
rows at most). A heading row spans the table (the view sets the span), is enabled but not
selectable, and reads "3 retention checks due"; a line row carries its ``TodoItem``.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from pairdesk.formatting import short_date
from pairdesk.i18n import N_, _
from pairdesk.services.home import TodoItem, TodoList, TodoSection

AnyIndex = QModelIndex | QPersistentModelIndex

#: The ``TodoItem`` of a line row (``None`` for a heading row).
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
#: The ``TodoSection`` of any row.
SECTION_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    WHAT = 0
    DETAILS = 1
    DATE = 2


HEADERS: dict[Column, str] = {
    Column.WHAT: N_("Who or what"),
    Column.DETAILS: N_("Details"),
    Column.DATE: N_("Date"),
}


def heading_text(section: TodoSection) -> str:
    """ "3 retention checks due", and how many are shown when the list is cut."""
    if section.truncated:
        return _("{count} (the first {shown} are listed)").format(
            count=section.count_text, shown=len(section.items)
        )
    return section.count_text


class HomeModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[TodoSection, TodoItem | None]] = []
        self._todo: TodoList | None = None

    # -- content -----------------------------------------------------------------------
    def set_todo(self, todo: TodoList) -> None:
        self.beginResetModel()
        self._todo = todo
        self._rows = []
        for section in todo.sections:
            self._rows.append((section, None))
            self._rows.extend((section, item) for item in section.items)
        self.endResetModel()

    @property
    def todo(self) -> TodoList | None:
        return self._todo

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row][1] is None

    def item(self, row: int) -> TodoItem | None:
        if 0 <= row < len(self._rows):
            return self._rows[row][1]
        return None

    def first_item_row(self) -> int:
        """The first line row (not a heading), or -1."""
        return next((r for r, (_s, item) in enumerate(self._rows) if item is not None), -1)

    def heading_rows(self) -> list[int]:
        return [r for r, (_s, item) in enumerate(self._rows) if item is None]

    # -- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return _(HEADERS[Column(section)])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        section, item = self._rows[index.row()]
        column = index.column()
        if role == SECTION_ROLE:
            return section
        if role == ITEM_ROLE:
            return item
        if item is None:
            return self._heading_data(section, column, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == Column.WHAT:
                return item.title
            if column == Column.DETAILS:
                return item.detail
            if column == Column.DATE:
                return short_date(item.due_on)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{what}: {details}. Press Enter to open.").format(
                what=item.title, details=item.detail
            )
        return None

    def _heading_data(self, section: TodoSection, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return heading_text(section) if column == Column.WHAT else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.WHAT:
            return section.title
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None
