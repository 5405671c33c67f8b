"""``pairdesk participants`` and ``pairdesk indicators``: what the vault holds, on the
terminal or exported."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence
from typing import Any, TextIO

import pairdesk.cli.common as common
from pairdesk import i18n
from pairdesk.cli.common import AddCommand
from pairdesk.errors import ExitCode, InvalidInput
from pairdesk.i18n import _

_PARTICIPANT_FIELDS = ("id", "first_name", "last_name", "pseudonym", "city", "status", "anonymised")


def cmd_participants(args: argparse.Namespace, out: TextIO) -> int:
    """The list on screen (table), or exported (csv, json): an export needs the whole-file
    export right, is recorded as EXPORT, and its CSV text cells are neutralised. The
    output is written inside the audit line's transaction: if it cannot be written, no
    line is left saying it was."""
    from pairdesk.domain.enums import AuditAction
    from pairdesk.domain.permissions import Permission, require
    from pairdesk.services.participants import ParticipantFilter, list_participants

    exporting = args.format in {"csv", "json"}
    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        if exporting:
            require(ctx, Permission.EXPORT_FILES)
        with ctx.transaction() as session:
            rows = list_participants(
                ctx, ParticipantFilter(search=args.search or ""), limit=10_000_000
            )
            text = _participants_text(args.format, rows)
            if exporting:
                ctx.audit(
                    session,
                    "export",
                    None,
                    AuditAction.EXPORT,
                    f"list=participants format={args.format} rows={len(rows)}"
                    + (" filtered=yes" if args.search else ""),
                )
                session.flush()
            out.write(text)
            out.flush()
    return ExitCode.OK


def _participants_text(fmt: str, rows: Sequence[Any]) -> str:
    from pairdesk.domain.tabular import neutralise

    records: list[dict[str, Any]] = [
        {
            "id": r.id,
            "first_name": r.first_name,
            "last_name": r.last_name,
            "pseudonym": r.pseudonym,
            "city": r.city,
            "status": str(r.status),
            "anonymised": bool(r.anonymised),
        }
        for r in rows
    ]
    buffer = io.StringIO()
    if fmt == "json":
        json.dump(records, buffer, ensure_ascii=False, indent=2)
        buffer.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(buffer, fieldnames=_PARTICIPANT_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(
            {k: neutralise(v) if isinstance(v, str) else v for k, v in rec.items()}
            for rec in records
        )
    else:
        headers = {
            "id": _("No."),
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "pseudonym": _("Pseudonym"),
            "city": _("City"),
            "status": _("Status"),
            "anonymised": _("Anonymised"),
        }
        table = [
            {
                **rec,
                "status": r.status.label,
                "anonymised": _("yes") if rec["anonymised"] else _("no"),
            }
            for rec, r in zip(records, rows, strict=True)
        ]
        common.write_table(
            buffer,
            [headers[f] for f in _PARTICIPANT_FIELDS],
            [[str(t[f]) for f in _PARTICIPANT_FIELDS] for t in table],
        )
        buffer.write(
            i18n.ngettext("{count} participant", "{count} participants", len(rows)).format(
                count=common.format_number(len(rows))
            )
            + "\n"
        )
    return buffer.getvalue()


def cmd_indicators(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.indicators import compute_indicators

    if args.end < args.start:
        raise InvalidInput(_("--to cannot be before --from."))
    with common.open_vault(args) as vault:
        report = compute_indicators(common.context(vault, args), args.start, args.end)
    if args.format == "json":
        json.dump(report.as_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return ExitCode.OK
    from pairdesk.domain.indicators import MEAN_IDS, IndicatorValue, is_ratio
    from pairdesk.formatting import mean, percent

    def value(item: IndicatorValue) -> str:
        """As the window shows it: 84,5 % rather than 0,845 (a tester), 4,04, +0,96."""
        if item.value is not None and is_ratio(item):
            return percent(float(item.value), digits=1).replace("\u202f", "\u00a0")
        if item.id in MEAN_IDS:
            return mean(item.value, signed=item.id == "self_assessment_change")
        return common.format_number(item.value)

    rows = [
        [
            item.label,
            value(item),
            common.format_number(item.numerator),
            common.format_number(item.denominator),
        ]
        for item in report.items.values()
    ]
    common.write_table(out, [_("Indicator"), _("Value"), _("Numerator"), _("Denominator")], rows)
    return ExitCode.OK


def add_list_commands(add: AddCommand) -> None:
    """Add ``participants`` and ``indicators`` to the command line."""
    p = add("participants", cmd_participants, _("list participants"))
    p.add_argument("--search", metavar=_("TEXT"))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = add("indicators", cmd_indicators, _("compute the shared indicators for a period"))
    p.add_argument(
        "--from", dest="start", type=common.iso_date, required=True, metavar="YYYY-MM-DD"
    )
    p.add_argument("--to", dest="end", type=common.iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--format", choices=("table", "json"), default="table")


__all__ = ["add_list_commands"]
