"""One page of the audit trail (``audit.list_audit``), newest first.

"What happened" is the line in plain words, rendered by the service from the numbers when
the page was read; "Details" (and the sentence's tooltip) is the line as it is stored:
record type, number, action, technical detail, operator as recorded.
"""

from __future__ import annotations

from pairdesk import formatting
from pairdesk.i18n import N_, _
from pairdesk.services.audit import AuditRow
from pairdesk.ui.models.rows import RowColumn, RowsModel

PAGE_SIZE = 200

#: Column numbers, for the view's header sizes.
WHEN, WHAT, DETAILS = range(3)


def when_text(row: AuditRow) -> str:
    return _("{date} {time}").format(
        date=formatting.short_date(row.at.date()), time=row.at.strftime("%H:%M")
    )


def when_tooltip(row: AuditRow) -> str:
    return _("{date} {time}").format(
        date=formatting.short_date(row.at.date()), time=row.at.strftime("%H:%M:%S")
    )


def details_text(row: AuditRow) -> str:
    return row.technical


def details_tooltip(row: AuditRow) -> str:
    return _("{line} — recorded by {operator}").format(
        line=row.technical, operator=row.operator_name or _("pairdesk")
    )


COLUMNS: tuple[RowColumn[AuditRow], ...] = (
    RowColumn(N_("When"), when_text, when_tooltip),
    RowColumn(N_("What happened"), lambda r: r.sentence, details_tooltip),
    RowColumn(N_("Details"), details_text, details_tooltip),
)


class AuditModel(RowsModel[AuditRow]):
    columns = COLUMNS
