"""One page of the audit trail (``audit.list_audit``), newest first."""

from __future__ import annotations

from pairdesk import formatting
from pairdesk.i18n import N_, _
from pairdesk.services.audit import AuditRow
from pairdesk.ui.models.rows import RowColumn, RowsModel

PAGE_SIZE = 200


def when_text(row: AuditRow) -> str:
    return _("{date} {time}").format(
        date=formatting.short_date(row.at.date()), time=row.at.strftime("%H:%M:%S")
    )


def record_text(row: AuditRow) -> str:
    if row.entity_id is None:
        return row.entity
    return _("{entity} no. {id}").format(entity=row.entity, id=row.entity_id)


COLUMNS: tuple[RowColumn[AuditRow], ...] = (
    RowColumn(N_("When"), when_text),
    RowColumn(N_("Operator"), lambda r: r.operator_name),
    RowColumn(N_("Action"), lambda r: r.action_label),
    RowColumn(N_("Record"), record_text),
    RowColumn(N_("Detail"), lambda r: r.detail, lambda r: r.detail),
)


class AuditModel(RowsModel[AuditRow]):
    columns = COLUMNS
