"""The audit trail in words, for documents previewed, printed or saved, lists exported,
spreadsheets imported."""

from __future__ import annotations

from pairdesk.domain.enums import AuditAction
from pairdesk.i18n import _, ngettext
from pairdesk.services.audit_words.line import Line
from pairdesk.services.audit_words.wording import DOCUMENT, Wording

A = AuditAction


def _export_list(line: Line, fields: dict[str, str]) -> str:
    from pairdesk.services.exports import ExportKind

    values = line.values
    kind = values.get("list", "")
    try:
        label = ExportKind(kind).label
    except ValueError:
        label = _("Employers") if kind == "employers" else kind
    rows = int(values["rows"]) if values.get("rows", "").isdigit() else 0
    return ngettext(
        "{who} exported the list “{list}” ({rows} row, {format})",
        "{who} exported the list “{list}” ({rows} rows, {format})",
        rows,
    ).format(who=fields["who"], list=label, rows=rows, format=values.get("format", "?").upper())


def _export_calendar(line: Line, fields: dict[str, str]) -> str:
    values = line.values
    if line.entry.entity_id is not None:
        return _("{who} exported {workshop} to a calendar").format(**fields)
    month = values.get("month")
    if month:
        return _("{who} exported the workshops of {month} to a calendar").format(
            who=fields["who"], month=month
        )
    return _("{who} exported the upcoming workshops to a calendar").format(**fields)


def _import(line: Line, fields: dict[str, str]) -> str:
    from pairdesk.domain.import_vocabulary import ImportKind

    values = line.values
    if values.get("list") == "employers":
        return _(
            "{who} imported a spreadsheet of employers: {created} added, {contacts} new contacts"
        ).format(
            who=fields["who"],
            created=values.get("created", "0"),
            contacts=values.get("contacts", "0"),
        )
    try:
        kind = ImportKind(values.get("kind", "")).label
    except ValueError:
        kind = values.get("kind", "?")
    return _(
        "{who} imported a spreadsheet of {kind}: {imported} added, {merged} merged, "
        "{invalid} refused, {skipped} skipped"
    ).format(
        who=fields["who"],
        kind=kind,
        imported=values.get("imported", "0"),
        merged=values.get("merged", "0"),
        invalid=values.get("invalid", "0"),
        skipped=values.get("skipped", "0"),
    )


#: The documents a person previews, prints or saves, all worded alike.
PRINTED_DOCUMENTS = (
    "activity_report",
    "attendance_attestation",
    "attendance_sheets",
    "cv",
    "gem_annual",
    "mock_interview",
    "pathway_summary",
    "register_sheet",
)


WORDINGS: dict[tuple[str, AuditAction], Wording] = {
    **{(entity, a): w for entity in PRINTED_DOCUMENTS for a, w in DOCUMENT.items()},
    ("calendar", A.EXPORT): _export_calendar,
    ("export", A.EXPORT): _export_list,
    ("import", A.CREATE): _import,
}
