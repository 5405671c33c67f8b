"""``pairdesk report …``: every printed document from the command line.

``add_report_commands(sub, add)`` is called by ``pairdesk.cli.run.build_parser`` with its
sub-parsers and its ``add(name, handler, help)`` helper. Each document is written to
``--out FILE.pdf`` (default: a file name without any person's name, in the current
folder); an existing file is kept unless ``--force``. Unknown ids exit with code 6.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TextIO

import pairdesk.cli.common as common
from pairdesk.cli.common import AddCommand, SubParsers
from pairdesk.errors import ExitCode, UsageError
from pairdesk.i18n import _
from pairdesk.store.files import check_output_path, write_output_file

KINDS = (
    "summary",
    "attendance",
    "attestation",
    "activity",
    "cv",
    "mock-interview",
    "form",
    "gem-annual",
    "register",
)
FORMS = ("satisfaction", "self-assessment")


def _blank_rows(args: argparse.Namespace) -> int:
    """``--blank-rows``, else 5 on a sheet to sign and none on a filled one."""
    if args.blank_rows is not None:
        return int(args.blank_rows)
    return 0 if args.filled else 5


def _month(value: str) -> tuple[int, int]:
    try:
        day = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a month in the form YYYY-MM").format(value=value)
        ) from None
    return day.year, day.month


def _year(value: str) -> int:
    if not (len(value) == 4 and value.isdigit()):
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a year in the form YYYY").format(value=value)
        )
    return int(value)


def add_report_commands(sub: SubParsers, add: AddCommand) -> None:
    """Add ``report KIND …`` to the command line."""
    p = add("report", cmd_report, _("print a document to a PDF file"))
    p.add_argument("kind", choices=KINDS, help=_("which document"))
    p.add_argument(
        "form",
        nargs="?",
        choices=FORMS,
        help=_("which blank form (with: form)"),
    )
    p.add_argument("--participant", type=int, metavar="ID")
    p.add_argument(
        "--employer",
        type=int,
        metavar="ID",
        help=_("summary: printed for this employer, as the person chose to tell it"),
    )
    p.add_argument("--workshop", type=int, metavar="ID")
    p.add_argument(
        "--interview", type=int, metavar="ID", help=_("mock-interview: the interview's number")
    )
    p.add_argument("--month", type=_month, metavar="YYYY-MM")
    p.add_argument("--year", type=_year, metavar="YYYY")
    p.add_argument("--from", dest="start", type=common.iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=common.iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--day", type=common.iso_date, metavar="YYYY-MM-DD", help=_("register: the day"))
    p.add_argument("--filled", action="store_true", help=_("attendance as recorded"))
    p.add_argument(
        "--blank-rows",
        type=int,
        metavar="N",
        help=_("blank rows for walk-ins (5 on a sheet to sign, none on a filled one)"),
    )
    p.add_argument("--out", metavar=_("FILE.pdf"))
    p.add_argument("--force", action="store_true", help=_("overwrite an existing file"))
    p.add_argument(
        "--for-publication",
        action="store_true",
        help=_("gem-annual: hide counts of people from 1 to 10 (a report to be shown)"),
    )


# -- output -------------------------------------------------------------------------------


def _destination(args: argparse.Namespace, default_name: str) -> Path:
    path = Path(args.out).expanduser() if args.out else Path.cwd() / default_name
    return check_output_path(path, overwrite=args.force, cli=True)


def _check_destination(args: argparse.Namespace) -> None:
    """Refuse early (before unlocking) an ``--out`` that cannot be written: it exists
    (without ``--force``), it is a folder, or its folder does not exist."""
    if args.out:
        _destination(args, "")


def _write(args: argparse.Namespace, out: TextIO, pdf: bytes, default_name: str) -> int:
    path = write_output_file(_destination(args, default_name), pdf, overwrite=args.force, cli=True)
    out.write(str(path) + "\n")
    return ExitCode.OK


def _need(args: argparse.Namespace, *names: str) -> None:
    missing = [n for n in names if getattr(args, n) is None]
    if missing:
        options = {"start": "--from", "end": "--to"}
        raise UsageError(
            _("This report needs {options}.").format(
                options=", ".join(options.get(n, f"--{n.replace('_', '-')}") for n in missing)
            )
        )


# -- the command --------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    _check_destination(args)
    if args.kind == "form":
        return _form(args, out)
    if args.form is not None:
        raise UsageError(_("Only 'report form' takes a form name."))
    handlers = {
        "summary": _summary,
        "attendance": _attendance,
        "attestation": _attestation,
        "activity": _activity,
        "cv": _cv,
        "mock-interview": _mock_interview,
        "gem-annual": _gem_annual,
        "register": _register,
    }
    return handlers[args.kind](args, out)


def _form(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.base import default_filename
    from pairdesk.reports.forms import satisfaction_form_pdf, self_assessment_form_pdf
    from pairdesk.services.document_data import DocumentKind
    from pairdesk.services.documents import blank_form_header

    if args.form is None:
        raise UsageError(_("Which form? satisfaction or self-assessment."))
    today = dt.date.today()
    header = blank_form_header(today)
    if args.form == "satisfaction":
        pdf = satisfaction_form_pdf(header)
        kind = DocumentKind.SATISFACTION_FORM
    else:
        pdf = self_assessment_form_pdf(header)
        kind = DocumentKind.SELF_ASSESSMENT_FORM
    return _write(args, out, pdf, default_filename(kind, None, today))


def _summary(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.base import default_filename
    from pairdesk.reports.pathway_summary import pathway_summary_pdf
    from pairdesk.services.document_data import DocumentKind, PathwaySummaryOptions
    from pairdesk.services.documents import pathway_summary_data

    _need(args, "participant")
    if args.employer is not None:
        return _employer_summary(args, out)
    with common.audited(args) as ctx:
        data = pathway_summary_data(
            ctx, args.participant, PathwaySummaryOptions(start=args.start, end=args.end)
        )
        name = default_filename(DocumentKind.PATHWAY_SUMMARY, args.participant, ctx.today())
        return _write(args, out, pathway_summary_pdf(data), name)


def _employer_summary(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.domain.enums import AuditAction
    from pairdesk.reports.base import default_filename
    from pairdesk.reports.employer_summary import employer_summary_pdf
    from pairdesk.services.document_data import DocumentKind, PathwaySummaryOptions
    from pairdesk.services.employer_file import pathway_summary_for_employer

    with common.audited(args) as ctx:
        data = pathway_summary_for_employer(
            ctx,
            args.participant,
            args.employer,
            PathwaySummaryOptions(start=args.start, end=args.end),
            action=AuditAction.EXPORT,
        )
        name = default_filename(DocumentKind.PATHWAY_SUMMARY, args.participant, ctx.today())
        return _write(args, out, employer_summary_pdf(data), name)


def _attendance(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.domain.dates import period_of_month
    from pairdesk.reports.attendance import (
        attendance_sheet_pdf,
        attendance_sheets_pdf,
        sheets_title,
    )
    from pairdesk.reports.base import default_filename
    from pairdesk.services.document_data import DocumentKind
    from pairdesk.services.documents import (
        attendance_sheet_data,
        attendance_sheets_for_period,
        document_header,
    )

    chosen = [n for n in ("workshop", "month", "year") if getattr(args, n) is not None]
    if len(chosen) != 1:
        raise UsageError(_("Give exactly one of --workshop ID, --month YYYY-MM or --year YYYY."))
    with common.audited(args) as ctx:
        if args.workshop is not None:
            sheet = attendance_sheet_data(ctx, args.workshop, args.filled, _blank_rows(args))
            name = default_filename(DocumentKind.ATTENDANCE_SHEET, args.workshop, ctx.today())
            pdf = attendance_sheet_pdf(sheet)
        else:
            if args.month is not None:
                year, month = args.month
                start, end = period_of_month(year, month)
                ref = f"{year:04d}-{month:02d}"
            else:
                start, end = dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)
                ref = f"{args.year:04d}"
            sheets = attendance_sheets_for_period(
                ctx, start, end, filled=args.filled, blank_rows=_blank_rows(args)
            )
            title = sheets_title(start, end)
            pdf = attendance_sheets_pdf(sheets, header=document_header(ctx), title=title)
            name = default_filename(DocumentKind.ATTENDANCE_SHEETS, ref, ctx.today())
        return _write(args, out, pdf, name)


def _attestation(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.attendance import attestation_pdf
    from pairdesk.reports.base import default_filename
    from pairdesk.services.document_data import DocumentKind
    from pairdesk.services.documents import attestation_data

    _need(args, "participant", "start", "end")
    with common.audited(args) as ctx:
        data = attestation_data(ctx, args.participant, args.start, args.end)
        name = default_filename(DocumentKind.ATTENDANCE_ATTESTATION, args.participant, ctx.today())
        return _write(args, out, attestation_pdf(data), name)


def _activity(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.activity_report import activity_report_pdf
    from pairdesk.reports.base import default_filename
    from pairdesk.services.document_data import DocumentKind
    from pairdesk.services.documents import activity_report_data

    _need(args, "start", "end")
    with common.audited(args) as ctx:
        data = activity_report_data(ctx, args.start, args.end)
        ref = f"{args.start.isoformat()}_{args.end.isoformat()}"
        name = default_filename(DocumentKind.ACTIVITY_REPORT, ref, ctx.today())
        return _write(args, out, activity_report_pdf(data), name)


def _cv(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.base import default_filename
    from pairdesk.reports.cv import cv_pdf
    from pairdesk.services.document_data import DocumentKind
    from pairdesk.services.documents import cv_data

    _need(args, "participant")
    with common.audited(args) as ctx:
        data = cv_data(ctx, args.participant)
        name = default_filename(DocumentKind.CV, args.participant, ctx.today())
        return _write(args, out, cv_pdf(data), name)


def _mock_interview(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.base import default_filename
    from pairdesk.reports.mock_interview import mock_interview_pdf
    from pairdesk.services.document_data import DocumentKind
    from pairdesk.services.documents import mock_interview_data

    _need(args, "interview")
    with common.audited(args) as ctx:
        data = mock_interview_data(ctx, args.interview)
        kind = DocumentKind.MOCK_INTERVIEW
        name = default_filename(kind, args.interview, data.interview.held_on)
        return _write(args, out, mock_interview_pdf(data), name)


def _gem_annual(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.gem_annual import gem_annual_pdf, gem_annual_xlsx
    from pairdesk.services.gem_year import annual_report_data

    _need(args, "year")
    xlsx = bool(args.out) and Path(args.out).suffix.lower() == ".xlsx"
    if args.out and not xlsx and Path(args.out).suffix.lower() != ".pdf":
        raise UsageError(_("Give --out FILE.pdf or FILE.xlsx."))
    with common.audited(args) as ctx:
        data = annual_report_data(ctx, args.year, for_publication=args.for_publication)
        name = f"rapport-annuel-gem-{args.year}-{ctx.today().isoformat()}.pdf"
        payload = gem_annual_xlsx(data) if xlsx else gem_annual_pdf(data)
        return _write(args, out, payload, name)


def _register(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.register_sheet import register_sheet_pdf
    from pairdesk.services.register import register_sheet_data

    _need(args, "day")
    with common.audited(args) as ctx:
        data = register_sheet_data(ctx, args.day, blank_rows=_blank_rows(args))
        name = f"frequentation-{args.day.isoformat()}-{ctx.today().isoformat()}.pdf"
        return _write(args, out, register_sheet_pdf(data), name)


__all__ = ["add_report_commands", "cmd_report"]
