"""The supervision and practice-analysis log: one row per session, most recent first."""

from __future__ import annotations

from collections.abc import Callable

from pairdesk.formatting import short_date
from pairdesk.i18n import N_
from pairdesk.services.supervision import SupervisionRow
from pairdesk.ui.models.rows import ID_ROLE, RowColumn, RowsModel

__all__ = ["ID_ROLE", "SupervisionModel", "first_line"]

PREVIEW_CHARS = 80


def first_line(text: str) -> str:
    """The first line of a text, shortened for a table cell."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= PREVIEW_CHARS else line[: PREVIEW_CHARS - 1] + "…"


def _long_text(header: str, text: Callable[[SupervisionRow], str]) -> RowColumn[SupervisionRow]:
    """A column of free text: its first line, the whole text as tooltip."""
    return RowColumn(header, lambda item: first_line(text(item)), lambda item: text(item) or None)


class SupervisionModel(RowsModel[SupervisionRow]):
    columns = (
        RowColumn(N_("Date"), lambda item: short_date(item.held_on)),
        _long_text(N_("Who took part"), lambda item: item.attendees),
        _long_text(N_("Themes"), lambda item: item.themes),
        _long_text(N_("Follow-ups"), lambda item: item.follow_ups),
    )
