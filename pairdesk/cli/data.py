"""``pairdesk import …``, ``pairdesk export …`` and ``pairdesk calendar``.

``add_data_commands(sub, add)`` is called by ``pairdesk.cli.run.build_parser``.

* ``pairdesk import participants|offers|workshops FILE [--dry-run] [--mapping COL=field,…]
  [--duplicates ask|skip|import|merge]`` prints the report: rows imported, invalid rows
  with their number and reason, likely duplicates and what was done. Duplicates are asked
  about one by one in a terminal (``ask``, the default); without a terminal they are
  skipped and the report says so. Exit code 0 when the import ran (even if some rows were
  invalid), 7 when no column feeds a required field or no row at all could be imported.
* ``pairdesk export participants|offers|workshops|attendance|indicators --out FILE.csv|.xlsx
  [--from --to] [--force]``.
* ``pairdesk calendar (--workshop ID | --month YYYY-MM | --upcoming) --out FILE.ics
  [--force]``.

An existing output file is kept unless ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

import pairdesk.cli.common as common
from pairdesk import i18n
from pairdesk.cli.common import AddCommand, SubParsers
from pairdesk.errors import ExitCode, InvalidInput
from pairdesk.i18n import _

IMPORT_KINDS = ("participants", "offers", "workshops", "employers")
EXPORT_KINDS = ("participants", "offers", "workshops", "attendance", "indicators", "employers")


def add_data_commands(sub: SubParsers, add: AddCommand) -> None:
    """Add ``import``, ``export`` and ``calendar`` to the command line."""

    p = add("import", cmd_import, _("import participants, job offers or workshops from a file"))
    p.add_argument("kind", choices=IMPORT_KINDS, metavar="|".join(IMPORT_KINDS))
    p.add_argument("file", metavar=_("FILE"), help=_("a .csv or .xlsx file"))
    p.add_argument(
        "--dry-run", action="store_true", help=_("check the file and show the report only")
    )
    p.add_argument(
        "--mapping",
        metavar="COL=field,…",
        help=_(
            'which column feeds which field, e.g. "Nom=last_name,C=birth_date" '
            "(a column by its header, letter or number; field '-' ignores the column)"
        ),
    )
    p.add_argument(
        "--duplicates",
        choices=("ask", "skip", "import", "merge"),
        default="ask",
        help=_("what to do with likely duplicates (default: ask, or skip without a terminal)"),
    )
    p.add_argument(
        "--sheet",
        metavar=_("NAME"),
        help=_("sheet of an .xlsx file (default: the one shown on opening it)"),
    )

    p = add("export", cmd_export, _("export a list to a .csv or .xlsx file"))
    p.add_argument("kind", choices=EXPORT_KINDS, metavar="|".join(EXPORT_KINDS))
    p.add_argument("--out", required=True, metavar=_("FILE.csv|FILE.xlsx"))
    p.add_argument("--from", dest="start", type=common.iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=common.iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--force", action="store_true", help=_("overwrite an existing file"))

    p = add("calendar", cmd_calendar, _("export workshops as an iCalendar (.ics) file"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--workshop", type=int, metavar="ID", help=_("one workshop"))
    which.add_argument("--month", metavar="YYYY-MM", help=_("the workshops of one month"))
    which.add_argument("--upcoming", action="store_true", help=_("every workshop from today on"))
    p.add_argument("--out", required=True, metavar=_("FILE.ics"))
    p.add_argument("--force", action="store_true", help=_("overwrite an existing file"))


# -- import --------------------------------------------------------------------------------


def parse_mapping(spec: str, headers: tuple[str, ...], base: dict[int, str]) -> dict[int, str]:
    """Apply ``COL=field,…`` over the guessed mapping. COL is a header (folded), a column
    letter (A, B… AA) or a 1-based number; field ``-`` (or empty) ignores the column."""
    mapping = dict(base)
    for part in spec.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise InvalidInput(
                _("« {part} » is not of the form COLUMN=field.").format(part=part.strip())
            )
        column_text, field = (s.strip() for s in part.rsplit("=", 1))
        column = _column_index(column_text, headers)
        if column is None:
            raise InvalidInput(_("The file has no column {column}.").format(column=column_text))
        if field in {"", "-"}:
            mapping.pop(column, None)
            continue
        for other, key in list(mapping.items()):  # the field moves to its new column
            if key == field:
                del mapping[other]
        mapping[column] = field
    return mapping


def _column_index(text: str, headers: tuple[str, ...]) -> int | None:
    from pairdesk.domain.import_vocabulary import normalise_header

    wanted = normalise_header(text)
    for index, header in enumerate(headers):
        if header and normalise_header(header) == wanted:
            return index
    if text.isdigit() and int(text) >= 1:
        return int(text) - 1
    if text.isalpha() and text.isascii() and len(text) <= 3:
        index = 0
        for char in text.upper():
            index = index * 26 + (ord(char) - 64)
        return index - 1
    return None


def _ask(question: str) -> str:
    return input(question).strip().lower()


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.domain.import_vocabulary import ImportKind, field_spec
    from pairdesk.services.imports import (
        DuplicateDecision,
        guess_mapping,
        read_table,
        run_import,
    )

    if args.kind == "employers":
        return _import_employers(args, out)
    kind = ImportKind(args.kind)
    table = read_table(Path(args.file).expanduser(), sheet=args.sheet)
    mapping = guess_mapping(kind, table.headers)
    if args.mapping:
        mapping = parse_mapping(args.mapping, table.headers, mapping)
    if table.detected_encoding:
        out.write(
            _("File read as {encoding}, cells separated by « {separator} ».").format(
                encoding=table.detected_encoding,
                separator={"\t": _("tab")}.get(
                    table.detected_separator or "", table.detected_separator or ""
                ),
            )
            + "\n"
        )
    if table.sheet_name:  # the sheet shown on opening, unless --sheet named another
        out.write(_("Sheet read: « {sheet} ».").format(sheet=table.sheet_name) + "\n")
    out.write(_("Columns used:") + "\n")
    for column, key in sorted(mapping.items()):
        out.write(
            "  "
            + _("{column} → {field}").format(
                column=table.column_label(column), field=field_spec(kind, key).display
            )
            + "\n"
        )
    ignored = [table.column_label(i) for i in range(len(table.headers)) if i not in mapping]
    if ignored:
        out.write(_("Columns ignored: {columns}").format(columns=", ".join(ignored)) + "\n")

    interactive = bool(sys.stdin and sys.stdin.isatty())
    mode = args.duplicates
    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        decisions: str | dict[int, str]
        note = ""
        if mode == "ask" and interactive:
            trial = run_import(ctx, kind, table, mapping, dry_run=True)
            decisions = {}
            for duplicate in trial.duplicates:
                answer = _ask(
                    _(
                        "Row {row} looks like {what}. Skip (s), import anyway (i) or merge (m)? "
                    ).format(row=duplicate.row_number, what=duplicate.match.description)
                )
                decisions[duplicate.row_number] = {
                    "i": DuplicateDecision.IMPORT,
                    "m": DuplicateDecision.MERGE,
                }.get(answer[:1], DuplicateDecision.SKIP)
        elif mode == "ask":
            decisions = DuplicateDecision.SKIP
            note = _("No terminal to ask about likely duplicates: they were skipped.")
        else:
            decisions = mode
        report = run_import(ctx, kind, table, mapping, duplicates=decisions, dry_run=args.dry_run)
    _print_report(report, out)
    if note and report.duplicates:
        out.write(note + "\n")
    if not report.imported_count and not report.merged_count and not report.duplicates:
        return ExitCode.INVALID_INPUT  # every row invalid, or an empty file
    return ExitCode.OK


def _import_employers(args: argparse.Namespace, out: TextIO) -> int:
    """``pairdesk import employers FILE``: the columns of ``pairdesk export employers``,
    recognised by their French or English headers; ``--mapping`` and ``--duplicates`` do
    not apply (a known employer only gains the contacts it lacks)."""
    from pairdesk.services.imports.employers import import_employers, read_employer_file

    table = read_employer_file(Path(args.file).expanduser(), sheet=args.sheet)
    with common.open_vault(args) as vault:
        report = import_employers(common.context(vault, args), table, dry_run=args.dry_run)
    if report.dry_run:
        out.write(_("Dry run: nothing was kept.") + "\n")
    out.write(
        _(
            "Employers entered: {created}; contacts added: {contacts}; rows already in the "
            "directory: {known}; invalid rows: {invalid}"
        ).format(
            created=report.employers_created,
            contacts=report.contacts_added,
            known=report.rows_already_known,
            invalid=len(report.invalid),
        )
        + "\n"
    )
    if report.employers_completed:
        out.write(
            i18n.ngettext(
                "{count} employer that was only a name took the details of its row.",
                "{count} employers that were only a name took the details of their rows.",
                report.employers_completed,
            ).format(count=report.employers_completed)
            + "\n"
        )
    for problem in report.invalid:
        out.write(
            "  "
            + _("Row {row}: {reason}").format(
                row=problem.row_number, reason="; ".join(problem.reasons)
            )
        )
        out.write("\n")
    if report.invalid and not (report.employers_created or report.contacts_added):
        return ExitCode.INVALID_INPUT
    return ExitCode.OK


def _export_employers(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.imports.employers import export_employers

    with common.open_vault(args) as vault:
        path, rows = export_employers(common.context(vault, args), args.out, overwrite=args.force)
    out.write(
        i18n.ngettext(
            "{count} row written to {path}",
            "{count} rows written to {path}",
            rows,
        ).format(count=common.format_number(rows), path=path)
        + "\n"
    )
    return ExitCode.OK


def _print_report(report: object, out: TextIO) -> None:
    from pairdesk.services.imports import ImportReport, duplicate_outcome

    assert isinstance(report, ImportReport)
    if report.dry_run:
        out.write(_("Trial run: nothing was saved.") + "\n")
        line = i18n.ngettext(
            "{count} row of {total} can be imported.",
            "{count} rows of {total} can be imported.",
            report.imported_count,
        )
    else:
        line = i18n.ngettext(
            "{count} row of {total} imported.",
            "{count} rows of {total} imported.",
            report.imported_count,
        )
    out.write(
        line.format(
            count=common.format_number(report.imported_count),
            total=common.format_number(report.total_rows),
        )
        + "\n"
    )
    if report.invalid:
        out.write(
            i18n.ngettext(
                "{count} row cannot be imported:",
                "{count} rows cannot be imported:",
                len(report.invalid),
            ).format(count=common.format_number(len(report.invalid)))
            + "\n"
        )
        for row in report.invalid:
            for reason in row.reasons:
                out.write(
                    "  " + _("row {row}: {reason}").format(row=row.row_number, reason=reason) + "\n"
                )
    if report.duplicates:
        out.write(
            i18n.ngettext(
                "{count} likely duplicate:",
                "{count} likely duplicates:",
                len(report.duplicates),
            ).format(count=common.format_number(len(report.duplicates)))
            + "\n"
        )
        for duplicate in report.duplicates:
            if duplicate.match.earlier_row is not None:
                what = _("same person as row {row}").format(row=duplicate.match.earlier_row)
                if report.kind.value != "participants":
                    what = _("same as row {row}").format(row=duplicate.match.earlier_row)
            else:
                what = _("already in the vault: {record}").format(
                    record=duplicate.match.description
                )
            out.write(
                "  "
                + _("row {row}: {what} ({decision})").format(
                    row=duplicate.row_number, what=what, decision=duplicate_outcome(duplicate)
                )
                + "\n"
            )


# -- export and calendar -------------------------------------------------------------------


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.exports import ExportKind, export_list

    if args.start and args.end and args.end < args.start:
        raise InvalidInput(_("--to cannot be before --from."))
    if args.kind == "employers":
        if args.start is not None or args.end is not None:
            raise InvalidInput(
                _(
                    "A period limits the workshops, the attendance and the indicators; the "
                    "list of {kind} is exported whole: leave out the dates."
                ).format(kind=_("employers"))
            )
        return _export_employers(args, out)
    kind = ExportKind(args.kind)
    if kind is ExportKind.INDICATORS and (args.start is None or args.end is None):
        raise InvalidInput(_("Indicators need a period: add --from and --to."))
    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        result = export_list(
            ctx, kind, args.out, start=args.start, end=args.end, overwrite=args.force
        )
    out.write(
        i18n.ngettext(
            "{count} row written to {path}",
            "{count} rows written to {path}",
            result.rows,
        ).format(count=common.format_number(result.rows), path=result.path)
        + "\n"
    )
    return ExitCode.OK


def cmd_calendar(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.calendar import export_calendar

    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        result = export_calendar(
            ctx,
            args.out,
            workshop_id=args.workshop,
            month=args.month,
            upcoming=bool(args.upcoming),
            overwrite=args.force,
        )
    out.write(
        i18n.ngettext(
            "{count} workshop written to {path}",
            "{count} workshops written to {path}",
            result.events,
        ).format(count=common.format_number(result.events), path=result.path)
        + "\n"
    )
    return ExitCode.OK
