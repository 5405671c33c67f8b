"""Workshops of a period: a table model over the ``WorkshopRow`` list a service returned.

A period holds a few dozen workshops at most, so the rows are fetched whole by
``workshops.list_workshops`` (in SQL date order) on the database worker and handed to
``set_rows`` of a ``rows.RowsModel``.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from pairdesk import formatting
from pairdesk.i18n import N_, _, pgettext
from pairdesk.services.workshops import WorkshopRow
from pairdesk.ui.models.rows import ID_ROLE as ID_ROLE
from pairdesk.ui.models.rows import RowsModel


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


def workshop_status(row: WorkshopRow) -> str:
    """Cancelled is said in words (never by colour alone). "Held" follows the service's
    ``row.held`` (:func:`pairdesk.domain.workshops.is_held`, the rule the "workshops held"
    indicator counts by), "Today" for the day's own; capacity only matters while the
    workshop is planned."""
    if row.cancelled:
        return _("Cancelled")
    if row.held:
        # today's: held by the indicators' day rule, but perhaps not yet taken place
        return pgettext("a workshop's status", "Today") if row.is_today else _("Held")
    if row.capacity is not None and row.registered > row.capacity:
        return _("Over capacity")
    if row.is_full:
        return _("Full")
    return _("Planned")


class WorkshopsModel(RowsModel[WorkshopRow]):
    """Workshops in date order, with registered and present counts."""

    HEADERS = tuple(WORKSHOP_HEADERS[c] for c in WorkshopColumn)

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
                return workshop_status(item)
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
