"""The home view's to-do list as one table: a heading row per section, then its lines.

The rows come from ``services.home.todo`` (at most 50 lines per section, so a few hundred
rows at most). A heading row spans the table (the view sets the span), is enabled but not
selectable, and reads "3 retention checks due"; a line row carries its ``TodoItem``.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject

from pairdesk.formatting import short_date
from pairdesk.i18n import N_, _
from pairdesk.services.home import TodoItem, TodoList, TodoSection
from pairdesk.ui.models.rows import ID_ROLE, RowsModel

#: The ``TodoItem`` of a line row (``None`` for a heading row): the row's id.
ITEM_ROLE = ID_ROLE


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


Row = tuple[TodoSection, TodoItem | None]


class HomeModel(RowsModel[Row]):
    """A heading row per section (``TodoItem`` None), then its lines."""

    HEADERS = tuple(HEADERS.values())

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._todo: TodoList | None = None

    # -- content -----------------------------------------------------------------------
    def set_todo(self, todo: TodoList) -> None:
        self._todo = todo
        rows: list[Row] = []
        for section in todo.sections:
            rows.append((section, None))
            rows.extend((section, item) for item in section.items)
        self.set_rows(rows)

    @property
    def todo(self) -> TodoList | None:
        return self._todo

    def is_heading(self, row: int) -> bool:
        found = self.row_at(row)
        return found is not None and found[1] is None

    def item(self, row: int) -> TodoItem | None:
        found = self.row_at(row)
        return found[1] if found is not None else None

    def row_id(self, item: Row) -> TodoItem | None:
        return item[1]

    def first_item_row(self) -> int:
        """The first line row (not a heading), or -1."""
        return next((r for r, (_s, item) in enumerate(self._rows) if item is not None), -1)

    def heading_rows(self) -> list[int]:
        return [r for r, (_s, item) in enumerate(self._rows) if item is None]

    # -- cells -------------------------------------------------------------------------
    def cell(self, item: Row, column: int) -> str:
        section, line = item
        if line is None:
            return heading_text(section) if column == Column.WHAT else ""
        if column == Column.WHAT:
            return line.title
        if column == Column.DETAILS:
            return line.detail
        return short_date(line.due_on)

    def tooltip(self, item: Row, column: int) -> str | None:
        section, line = item
        if line is None:
            return section.title if column == Column.WHAT else None
        return _("{what}: {details}. Press Enter to open.").format(
            what=line.title, details=line.detail
        )
