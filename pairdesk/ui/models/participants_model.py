"""The participants list: a table model over SQL pages, never over all rows in Python.

``rowCount`` is ``count_participants`` for the current filter; rows are read on demand,
one page of ``PAGE_SIZE`` at a time, by ``list_participants`` and kept in a small page
cache. Sorting re-queries with ``ORDER BY`` (DESIGN.md, convention 7). A page costs about
a millisecond, so it is read synchronously when the view first asks for one of its rows.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
)

from pairdesk.i18n import N_, _
from pairdesk.services.consents import ConsentRow, ConsentState
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import (
    ParticipantFilter,
    ParticipantRow,
    ParticipantSort,
    count_participants,
    list_participants,
)
from pairdesk.services.schemes import SchemeRow
from pairdesk.services.tutoring import TutoringRow
from pairdesk.ui.models.rows import ID_ROLE, AnyIndex, ReadOnlyTable, RowColumn, RowsModel
from pairdesk.ui.models.rows import ROW_ROLE as ROW_ROLE

#: The short-list base under its former name here (``rows.RowsModel``).
RowListModel = RowsModel

PAGE_SIZE = 200
#: Pages kept in memory (200 rows each); older ones are read again if scrolled back to.
MAX_CACHED_PAGES = 50


class Column(IntEnum):
    LAST_NAME = 0
    FIRST_NAME = 1
    PSEUDONYM = 2
    CITY = 3
    STATUS = 4
    RQTH = 5
    MEMBER_SINCE = 6
    PEER_HELPER = 7


HEADERS: dict[Column, str] = {
    Column.LAST_NAME: N_("Last name"),
    Column.FIRST_NAME: N_("First name"),
    Column.PSEUDONYM: N_("Pseudonym"),
    Column.CITY: N_("City"),
    Column.STATUS: N_("Status"),
    Column.RQTH: N_("RQTH"),
    Column.MEMBER_SINCE: N_("Member since"),
    Column.PEER_HELPER: N_("Peer helper"),
}

#: The SQL sort behind each column; a column missing here cannot be sorted on.
SORT_KEYS: dict[Column, ParticipantSort] = {
    Column.LAST_NAME: ParticipantSort.LAST_NAME,
    Column.FIRST_NAME: ParticipantSort.FIRST_NAME,
    Column.PSEUDONYM: ParticipantSort.PSEUDONYM,
    Column.CITY: ParticipantSort.CITY,
    Column.STATUS: ParticipantSort.STATUS,
    Column.RQTH: ParticipantSort.RQTH,
    Column.MEMBER_SINCE: ParticipantSort.MEMBERSHIP_START,
}


def format_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, the way French forms write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


def cell_text(row: ParticipantRow, column: Column) -> str:
    match column:
        case Column.LAST_NAME:
            return row.last_name
        case Column.FIRST_NAME:
            return row.first_name
        case Column.PSEUDONYM:
            return row.pseudonym
        case Column.CITY:
            return row.city
        case Column.STATUS:
            return row.status.label
        case Column.RQTH:
            if row.rqth_until is not None and row.rqth_status.value == "granted":
                # The column is headed RQTH: a short text keeps the date visible at 1366 px.
                return _("Granted until {date}").format(date=format_date(row.rqth_until))
            if row.rqth_until is not None and row.rqth_status.value == "expired":
                # past its end date (``domain.rqth``): when it ended
                return _("Expired (until {date})").format(date=format_date(row.rqth_until))
            if row.rqth_until is not None and row.rqth_status.value == "pending":
                return _("{status} until {date}").format(
                    status=row.rqth_status.label, date=format_date(row.rqth_until)
                )
            return row.rqth_status.label
        case Column.MEMBER_SINCE:
            return format_date(row.membership_start)
        case Column.PEER_HELPER:
            return _("Yes") if row.is_peer_helper else _("No")
    return ""


class ParticipantsModel(ReadOnlyTable):
    """Participants matching a filter, in SQL order, read page by page."""

    def __init__(self, ctx: ServiceContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._filter = ParticipantFilter()
        self._sort_column = Column.LAST_NAME
        self._order = Qt.SortOrder.AscendingOrder
        self._count = 0
        self._pages: OrderedDict[int, list[ParticipantRow]] = OrderedDict()
        self._load()

    # -- query state -------------------------------------------------------------------
    @property
    def filter(self) -> ParticipantFilter:
        return self._filter

    @property
    def sort_column(self) -> Column:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._order

    def set_filter(self, flt: ParticipantFilter) -> None:
        if flt == self._filter:
            return
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Read the count and first page again (after a change, or a new filter)."""
        self.beginResetModel()
        try:
            self._load()
        finally:
            self.endResetModel()

    def _load(self) -> None:
        self._pages.clear()
        self._count = count_participants(self._ctx, self._filter)
        if self._count:
            self._page(0)

    def _page(self, number: int) -> list[ParticipantRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = list_participants(
            self._ctx,
            self._filter,
            sort=SORT_KEYS[self._sort_column],
            descending=self._order == Qt.SortOrder.DescendingOrder,
            offset=number * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        self._pages[number] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def row_at(self, row: int) -> ParticipantRow | None:
        """The participant shown on ``row`` (reads its page if needed)."""
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def participant_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    def row_of(self, participant_id: int) -> int | None:
        """The row of a participant among the pages already read, if any."""
        for number, page in self._pages.items():
            for offset, item in enumerate(page):
                if item.id == participant_id:
                    return number * PAGE_SIZE + offset
        return None

    # -- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(Column):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
            ID_ROLE,
        ):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("This file was anonymised.") if row.anonymised else None
        return cell_text(row, Column(index.column()))

    def header_titles(self) -> tuple[str, ...]:
        return tuple(HEADERS[column] for column in Column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL; a column without an SQL sort is ignored."""
        if column not in SORT_KEYS:
            return
        col = Column(column)
        if col == self._sort_column and order == self._order:
            return
        # A reset, not a layout change: the rows now hold other people and the pages
        # they come from are not read yet.
        self.beginResetModel()
        self._sort_column = col
        self._order = order
        self._pages.clear()
        self.endResetModel()

    def is_sortable(self, column: int) -> bool:
        return column in SORT_KEYS


# -- small lists of a participant's file ---------------------------------------------------


def _referent_text(name: str, organisation: str) -> str:
    if name and organisation:
        return _("{name} ({organisation})").format(name=name, organisation=organisation)
    return name or organisation or _("None")


class SchemesModel(RowsModel[SchemeRow]):
    """A participant's support schemes (``SchemeRow``)."""

    columns: ClassVar[tuple[RowColumn[SchemeRow], ...]] = (
        RowColumn(N_("Scheme"), lambda r: r.scheme.label),
        RowColumn(
            N_("Referent"), lambda r: _referent_text(r.referent_name, r.referent_organisation)
        ),
        RowColumn(N_("Since"), lambda r: format_date(r.started_on)),
        RowColumn(N_("Until"), lambda r: format_date(r.ended_on) or _("In progress")),
        RowColumn(N_("Notes"), lambda r: r.notes.replace("\n", " ")),
    )


class ConsentStatesModel(RowsModel[ConsentState]):
    """Where each consent purpose stands today (``ConsentState``)."""

    columns: ClassVar[tuple[RowColumn[ConsentState], ...]] = (
        RowColumn(N_("Purpose"), lambda s: s.purpose.label),
        RowColumn(N_("Status"), lambda s: s.status.label),
        RowColumn(N_("Given on"), lambda s: format_date(s.given_on)),
        RowColumn(N_("Withdrawn on"), lambda s: format_date(s.withdrawn_on)),
        RowColumn(N_("How"), lambda s: s.method.label if s.method else ""),
    )


class ConsentsModel(RowsModel[ConsentRow]):
    """Every consent recorded for a participant (``ConsentRow``), oldest first."""

    columns: ClassVar[tuple[RowColumn[ConsentRow], ...]] = (
        RowColumn(N_("Purpose"), lambda c: c.purpose.label),
        RowColumn(N_("Given on"), lambda c: format_date(c.given_on)),
        RowColumn(N_("How"), lambda c: c.method.label),
        RowColumn(N_("Referent"), lambda c: c.referent_name),
        RowColumn(N_("Withdrawn on"), lambda c: format_date(c.withdrawn_on) or _("Not withdrawn")),
        RowColumn(N_("Notes"), lambda c: c.notes.replace("\n", " ")),
    )


class TutoringsModel(RowsModel[TutoringRow]):
    """A participant's cross tutorings (``TutoringRow``), most recent first."""

    columns: ClassVar[tuple[RowColumn[TutoringRow], ...]] = (
        RowColumn(N_("Peer helper"), lambda t: t.peer_helper_name),
        RowColumn(
            N_("Professional"),
            lambda t: t.professional_name or t.professional_referent_name,
        ),
        RowColumn(N_("Since"), lambda t: format_date(t.started_on)),
        RowColumn(N_("Until"), lambda t: format_date(t.ended_on) or _("In progress")),
    )
