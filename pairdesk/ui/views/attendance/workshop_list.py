"""The workshops of a period above, the selected workshop's attendance sheet below, in a
splitter: the Attendance page and the CV workshops page show the same pair."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from pairdesk.services.context import ServiceContext
from pairdesk.services.workshops import WorkshopRow
from pairdesk.ui.models.workshops_model import WorkshopColumn, WorkshopsModel
from pairdesk.ui.views.attendance.sheet import AttendanceSheet
from pairdesk.ui.widgets.tables import make_table


class WorkshopsAndSheet(QSplitter):
    """``table`` (over ``model``) with its ``label`` and, beside it, ``beside`` (a count,
    the period); below, ``sheet``, which follows the row selected."""

    def __init__(
        self,
        ctx: ServiceContext,
        parent: QWidget,
        label: str,
        table_name: str,
        *,
        rows: int = 3,
        show_register: bool = False,
        beside: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        upper = QWidget(self)
        self.model = WorkshopsModel(self)
        # The title takes the room left and is cut past it (whole on hover): a long one
        # pushed the date, time, place and status out of sight (a tester at 1024×600).
        self.table = make_table(
            upper, self.model, table_name, rows=rows, stretch=WorkshopColumn.TITLE
        )
        self.label = QLabel(label, upper)
        self.label.setBuddy(self.table)
        label_row = QHBoxLayout()
        label_row.addWidget(self.label)
        if beside is not None:
            beside.setParent(upper)
            label_row.addWidget(beside, 1)
        column = QVBoxLayout(upper)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(label_row)
        column.addWidget(self.table, 1)
        self.sheet = AttendanceSheet(ctx, self, show_register=show_register, show_check_in=True)
        self.addWidget(upper)
        self.addWidget(self.sheet)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 3)
        self.setChildrenCollapsible(False)
        self.table.selectionModel().currentRowChanged.connect(self._workshop_changed)

    def show_rows(
        self,
        rows: Sequence[WorkshopRow],
        wanted: int | None = None,
        first: Callable[[Sequence[WorkshopRow]], int | None] | None = None,
    ) -> None:
        """Show ``rows`` and select the ``wanted`` workshop, else the one shown, else the
        row ``first`` chooses, else the first; the sheet follows (empty without rows)."""
        current = wanted if wanted is not None else self.sheet.workshop_id
        self.model.set_rows(list(rows))
        row = self.model.row_of(current) if current is not None else None
        if row is None and first is not None:
            row = first(rows)
        if row is None and rows:
            row = 0
        if row is None:
            self.sheet.set_workshop(None)
            return
        self.table.selectRow(row)
        self._follow(self.model.row_at(row))

    def selected_workshop(self) -> WorkshopRow | None:
        selection = self.table.selectionModel()
        index = selection.currentIndex()
        if not index.isValid() or not selection.hasSelection():
            return None
        return self.model.row_at(index.row())

    def select_workshop(self, workshop_id: int) -> bool:
        row = self.model.row_of(workshop_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def _workshop_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._follow(self.model.row_at(current.row()) if current.isValid() else None)

    def _follow(self, item: WorkshopRow | None) -> None:
        if item is not None and item.id != self.sheet.workshop_id:
            self.sheet.set_workshop(item.id)


class WorkshopsPage(QWidget):
    """A page showing a ``WorkshopsAndSheet`` (its ``splitter``; the splitter's state is
    kept in the page's settings): its list and sheet are the page's."""

    splitter: WorkshopsAndSheet

    @property
    def workshops_model(self) -> WorkshopsModel:
        return self.splitter.model

    @property
    def workshops_table(self) -> QTableView:
        return self.splitter.table

    @property
    def sheet(self) -> AttendanceSheet:
        return self.splitter.sheet

    def select_workshop(self, workshop_id: int) -> bool:
        return self.splitter.select_workshop(workshop_id)
