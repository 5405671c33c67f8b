"""Workshops of a period: a table model over the ``WorkshopRow`` list a service returned.

A period holds a few dozen workshops at most, so the rows are fetched whole by
``workshops.list_workshops`` (in SQL date order) on the database worker and handed to
``set_rows``. ``RowsModel`` is the small base the other short-list models reuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pairdesk import formatting
from pairdesk.i18n import N_, _
from pairdesk.services.workshops import WorkshopRow

#: The record's id, for any index of its row.
ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

_TEXT_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a short list of read objects.

    Subclasses give ``headers`` (N_() marked) and ``cell(row, column) -> str``; they may
    override ``row_id`` and ``alignment``.
    """

    headers: Sequence[str] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    # -- content -----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_id(self, item: R) -> Any:
        return getattr(item, "id", None)

    def row_of(self, record_id: Any) -> int | None:
        for number, item in enumerate(self._rows):
            if self.row_id(item) == record_id:
                return number
        return None

    def cell(self, item: R, column: int) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return None

    def tooltip(self, item: R, column: int) -> str | None:
        return None

    # -- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(self.headers):
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        if role == ID_ROLE:
            return self.row_id(item)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = self.alignment(index.column())
            return None if align is None else int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(item, index.column())
            return tip if tip else self.cell(item, index.column()) or None
        if role in _TEXT_ROLES:
            return self.cell(item, index.column())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _(self.headers[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class WorkshopColumn(IntEnum):
    DATE = 0
    TIME = 1
    KIND = 2
    TITLE = 3
    PLACE = 4
    REGISTERED = 5
    PRESENT = 6
    STATUS = 7


WORKSHOP_HEADERS: dict[WorkshopColumn, str] = {
    WorkshopColumn.DATE: N_("Date"),
    WorkshopColumn.TIME: N_("Time"),
    WorkshopColumn.KIND: N_("Kind"),
    WorkshopColumn.TITLE: N_("Title"),
    WorkshopColumn.PLACE: N_("Place"),
    WorkshopColumn.REGISTERED: N_("Registered"),
    WorkshopColumn.PRESENT: N_("Present"),
    WorkshopColumn.STATUS: N_("Status"),
}


def time_range(starts_at: Any, ends_at: Any) -> str:
    return _("{start}–{end}").format(
        start=formatting.short_time(starts_at), end=formatting.short_time(ends_at)
    )


def workshop_status(row: WorkshopRow, today: Any = None) -> str:
    """Cancelled is said in words (never by colour alone)."""
    if row.cancelled:
        return _("Cancelled")
    if row.capacity is not None and row.registered > row.capacity:
        return _("Over capacity")
    if row.is_full:
        return _("Full")
    if today is not None and row.held_on < today:
        return _("Held")
    return _("Planned")


class WorkshopsModel(RowsModel[WorkshopRow]):
    """Workshops in date order, with registered and present counts."""

    headers = tuple(WORKSHOP_HEADERS[c] for c in WorkshopColumn)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        #: Today's date, to say "Held" of past workshops (``None``: never said).
        self.today: Any = None

    def cell(self, item: WorkshopRow, column: int) -> str:
        match WorkshopColumn(column):
            case WorkshopColumn.DATE:
                return formatting.short_date(item.held_on)
            case WorkshopColumn.TIME:
                return time_range(item.starts_at, item.ends_at)
            case WorkshopColumn.KIND:
                return item.kind_label
            case WorkshopColumn.TITLE:
                return item.title
            case WorkshopColumn.PLACE:
                return item.place
            case WorkshopColumn.REGISTERED:
                if item.capacity is not None:
                    return _("{count} / {capacity}").format(
                        count=formatting.number(item.registered),
                        capacity=formatting.number(item.capacity),
                    )
                return formatting.number(item.registered)
            case WorkshopColumn.PRESENT:
                return formatting.number(item.present)
            case WorkshopColumn.STATUS:
                return workshop_status(item, self.today)
        return ""

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        if column in (WorkshopColumn.REGISTERED, WorkshopColumn.PRESENT):
            return Qt.AlignmentFlag.AlignRight
        return None

    def tooltip(self, item: WorkshopRow, column: int) -> str | None:
        if column == WorkshopColumn.REGISTERED and item.capacity is not None:
            return _("{count} registered for {capacity} places").format(
                count=item.registered, capacity=item.capacity
            )
        return None
