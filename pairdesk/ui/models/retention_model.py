"""Participants without activity for longer than the retention period (privacy review)."""

from __future__ import annotations

from pairdesk import formatting
from pairdesk.i18n import N_
from pairdesk.services.privacy import ReviewItem
from pairdesk.ui.models.rows import RowColumn, RowsModel

COLUMNS: tuple[RowColumn[ReviewItem], ...] = (
    RowColumn(N_("Reference"), lambda r: r.reference),
    RowColumn(N_("Name"), lambda r: r.display_name),
    RowColumn(N_("Status"), lambda r: r.status.label),
    RowColumn(N_("Last activity"), lambda r: formatting.short_date(r.last_activity_on)),
    RowColumn(N_("Member until"), lambda r: formatting.short_date(r.membership_end)),
)


class RetentionModel(RowsModel[ReviewItem]):
    columns = COLUMNS
