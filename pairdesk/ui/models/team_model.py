"""The team list: one row per team member, as ``team.list_members`` returned them.

A team is a handful of people, so the model holds the read objects; the service sorts
them. ``ReadRowsModel`` is the small read-only base shared with the referents and
supervision lists: one row per frozen read object, its ``id`` under ``ID_ROLE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from pairdesk.i18n import N_, _
from pairdesk.services.team import TeamMemberRow

AnyIndex = QModelIndex | QPersistentModelIndex

#: The record's id, for any index of its row.
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class ReadRowsModel(QAbstractTableModel):
    """A read-only table over a list of read objects. Subclasses set ``HEADERS`` (N_
    marked) and implement ``cell``."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: int) -> int | None:
        for number, item in enumerate(self._rows):
            if getattr(item, "id", None) == record_id:
                return number
        return None

    def cell(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, item: Any, column: int) -> str | None:
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.HEADERS):
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        if role in _TEXT_ROLES:
            return self.cell(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, index.column())
        if role == ID_ROLE:
            return getattr(item, "id", None)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role in _TEXT_ROLES:
            return _(self.HEADERS[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class TeamColumn(IntEnum):
    LAST_NAME = 0
    FIRST_NAME = 1
    ROLE = 2
    ACTIVE = 3
    PIN = 4
    EMAIL = 5
    PHONE = 6


class TeamModel(ReadRowsModel):
    """Team members: name, role, whether active, whether a PIN is set."""

    HEADERS = (
        N_("Last name"),
        N_("First name"),
        N_("Role"),
        N_("Active"),
        N_("PIN"),
        N_("E-mail"),
        N_("Phone"),
    )

    def cell(self, item: TeamMemberRow, column: int) -> str:
        match column:
            case TeamColumn.LAST_NAME:
                return item.last_name
            case TeamColumn.FIRST_NAME:
                return item.first_name
            case TeamColumn.ROLE:
                return item.role.label
            case TeamColumn.ACTIVE:
                return yes_no(item.active)
            case TeamColumn.PIN:
                return _("Set") if item.has_pin else _("Not set")
            case TeamColumn.EMAIL:
                return item.email
            case TeamColumn.PHONE:
                return item.phone
        return ""
