"""The one read-only table model over a short list of frozen read objects.

A service returns the rows whole (tens or hundreds of them, never thousands) and the view
hands them to ``set_rows``; one row per object. A subclass describes its columns in one
of two ways:

* ``columns``: ``RowColumn`` descriptors, each an ``N_()``-marked header, a function
  giving the cell's text and, optionally, a tooltip function and an alignment;
* ``HEADERS`` (``N_()`` marked) and an override of ``cell`` (and, if needed, of
  ``tooltip`` and ``alignment``), for cells that depend on the model's own state.

A subclass may mark some rows as headings (``is_heading``): bold, enabled, not
selectable. ``ID_ROLE`` gives the row's record id (``row_id``, the object's ``id`` by default) and
``ROW_ROLE`` the read object itself. A cell's tooltip is its own tooltip if it has one,
else its text (long notes are cut by the view).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from pairdesk.i18n import _

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex

#: The record's id, for any index of its row.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The whole read object of the row.
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

#: The roles that show a cell's or a header's text.
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
#: Every role ``RowsModel.data`` answers. A view asks each cell for eight roles or more
#: (decoration, check state, colours, size hint…), several times while it lays out rows
#: whose height follows their text: the others are turned away before any other work
#: (the home page at 5,000 participants: 62,000 calls on its first showing).
ANSWERED_ROLES = frozenset(
    int(role)
    for role in (
        *TEXT_ROLES,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.FontRole,
        ID_ROLE,
        ROW_ROLE,
    )
)


@dataclass(frozen=True, slots=True)
class RowColumn(Generic[R]):
    """A column: an ``N_()``-marked header, the cell text, an optional tooltip and
    alignment."""

    header: str
    text: Callable[[R], str]
    tooltip: Callable[[R], str | None] | None = None
    alignment: Qt.AlignmentFlag | None = None


class ReadOnlyTable(QAbstractTableModel):
    """What every read-only table model of the window shares: translated horizontal
    headers (``header_titles``, ``N_()``-marked, or ``header`` for computed ones) and
    flags (enabled, selectable unless ``is_heading``, never a tree)."""

    def header_titles(self) -> Sequence[str]:
        raise NotImplementedError

    def header(self, section: int) -> str:
        return _(self.header_titles()[section])

    def is_heading(self, row: int) -> bool:
        """A row that titles the rows under it: bold, not selectable (none by default)."""
        return False

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role in TEXT_ROLES:
            return self.header(section)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class RowsModel(ReadOnlyTable, Generic[R]):
    """A read-only table over a list of read objects (see the module docstring)."""

    columns: ClassVar[Sequence[RowColumn[Any]]] = ()
    HEADERS: Sequence[str] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    # -- content -----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[R]:
        """A copy of the rows, in display order."""
        return list(self._rows)

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_object(self, row: int) -> R | None:
        return self.row_at(row)

    def row_id(self, item: R) -> Any:
        return getattr(item, "id", None)

    def row_of(self, record_id: Any) -> int | None:
        for number, item in enumerate(self._rows):
            if self.row_id(item) == record_id:
                return number
        return None

    # -- columns (override these, or set ``columns``) ------------------------------------
    def header_titles(self) -> Sequence[str]:
        return self.HEADERS or tuple(column.header for column in self.columns)

    def cell(self, item: R, column: int) -> str:
        return self.columns[column].text(item)

    def tooltip(self, item: R, column: int) -> str | None:
        if column < len(self.columns):
            tip = self.columns[column].tooltip
            return tip(item) if tip is not None else None
        return None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return self.columns[column].alignment if column < len(self.columns) else None

    # -- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header_titles())

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED_ROLES:
            return None
        if not index.isValid() or not 0 <= index.column() < len(self.header_titles()):
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        if role in TEXT_ROLES:
            return self.cell(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(item, index.column())
            return tip if tip else self.cell(item, index.column()) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = self.alignment(index.column())
            return None if align is None else int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return self.row_id(item)
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.FontRole and self.is_heading(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        return None
