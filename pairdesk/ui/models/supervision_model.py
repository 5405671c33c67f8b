"""The supervision and practice-analysis log: one row per session, most recent first."""

from __future__ import annotations

from enum import IntEnum

from pairdesk.formatting import short_date
from pairdesk.i18n import N_
from pairdesk.services.supervision import SupervisionRow
from pairdesk.ui.models.rows import ID_ROLE, RowsModel

__all__ = ["ID_ROLE", "SupervisionColumn", "SupervisionModel", "first_line"]

PREVIEW_CHARS = 80


def first_line(text: str) -> str:
    """The first line of a text, shortened for a table cell."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= PREVIEW_CHARS else line[: PREVIEW_CHARS - 1] + "…"


class SupervisionColumn(IntEnum):
    DATE = 0
    ATTENDEES = 1
    THEMES = 2
    FOLLOW_UPS = 3


class SupervisionModel(RowsModel[SupervisionRow]):
    HEADERS = (N_("Date"), N_("Who took part"), N_("Themes"), N_("Follow-ups"))

    def cell(self, item: SupervisionRow, column: int) -> str:
        match column:
            case SupervisionColumn.DATE:
                return short_date(item.held_on)
            case SupervisionColumn.ATTENDEES:
                return first_line(item.attendees)
            case SupervisionColumn.THEMES:
                return first_line(item.themes)
            case SupervisionColumn.FOLLOW_UPS:
                return first_line(item.follow_ups)
        return ""

    def tooltip(self, item: SupervisionRow, column: int) -> str | None:
        text = {
            SupervisionColumn.ATTENDEES: item.attendees,
            SupervisionColumn.THEMES: item.themes,
            SupervisionColumn.FOLLOW_UPS: item.follow_ups,
        }.get(SupervisionColumn(column), "")
        return text or None
