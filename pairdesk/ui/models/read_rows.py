"""A small table model over a list of read objects (backups, audit lines, review items).

Each column is a header (``N_()`` marked, translated when shown) and a function giving
the cell's text; ``ROW_ROLE`` returns the read object of the row. For lists of a few
hundred rows fetched by a service in one call (or one page of a paged list).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pairdesk.i18n import _

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex

#: The read object behind a row, for any index of that row.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class RowColumn(Generic[T]):
    header: str  # N_() marked
    text: Callable[[T], str]
    tooltip: Callable[[T], str] | None = None


class ReadRowsModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[RowColumn[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    # -- content -----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_object(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- Qt ----------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return _(self._columns[section].header)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
