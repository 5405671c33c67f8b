"""``pairdesk employers list|to-confirm|confirm``: the employer directory on the terminal
(issue 15), and the employer names migration 0005 left for a person to confirm."""

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
from pairdesk.errors import ExitCode
from pairdesk.i18n import _

FIELDS = ("name", "kind", "town", "open_offers", "people_placed", "last_contact")


def add_employer_commands(add: AddCommand) -> None:
    """Add ``employers`` to the command line."""
    p = add("employers", cmd_employers, _("the employer directory"))
    actions = p.add_subparsers(
        dest="employers_action", metavar=_("ACTION"), required=True, parser_class=type(p)
    )

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        q: argparse.ArgumentParser = actions.add_parser(name, help=help_text, description=help_text)
        common.add_common_options(q, suppress=True)
        return q

    q = action("list", _("list the employers of the directory"))
    q.add_argument("--search", metavar=_("TEXT"))
    q.add_argument("--format", choices=("table", "csv", "json"), default="table")
    action("to-confirm", _("employer names typed before the directory, left to confirm"))
    q = action("confirm", _("link an employer name left to confirm, or leave it unlinked"))
    q.add_argument("item", type=int, metavar="ID")
    choice = q.add_mutually_exclusive_group(required=True)
    choice.add_argument("--employer", type=int, metavar="ID", help=_("the directory's employer"))
    choice.add_argument("--new", metavar=_("NAME"), help=_("create this employer and link it"))
    choice.add_argument("--none", action="store_true", help=_("leave it without an employer"))


def cmd_employers(args: argparse.Namespace, out: TextIO) -> int:
    handlers = {"list": _list, "to-confirm": _to_confirm, "confirm": _confirm}
    return handlers[args.employers_action](args, out)


def _list(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.domain.enums import AuditAction
    from pairdesk.domain.permissions import Permission, require
    from pairdesk.services.employers import list_employers

    exporting = args.format in {"csv", "json"}
    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        if exporting:
            require(ctx, Permission.EMPLOYERS)
        with ctx.transaction() as session:
            rows = list_employers(ctx, args.search or "")
            text = employers_text(args.format, rows)
            if exporting:
                ctx.audit(
                    session,
                    "export",
                    None,
                    AuditAction.EXPORT,
                    f"list=employers format={args.format} rows={len(rows)}",
                )
                session.flush()
            out.write(text)
            out.flush()
    return ExitCode.OK


def employers_text(fmt: str, rows: Sequence[Any]) -> str:
    from pairdesk.domain.tabular import neutralise
    from pairdesk.formatting import short_date

    records: list[dict[str, Any]] = [
        {
            "name": r.name,
            "kind": str(r.kind),
            "town": r.town,
            "open_offers": r.open_offers,
            "people_placed": r.people_placed,
            "last_contact": r.last_contact.isoformat() if r.last_contact else None,
        }
        for r in rows
    ]
    buffer = io.StringIO()
    if fmt == "json":
        json.dump(records, buffer, ensure_ascii=False, indent=2)
        buffer.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(
            {k: neutralise(v) if isinstance(v, str) else v for k, v in rec.items()}
            for rec in records
        )
    else:
        common.write_table(
            buffer,
            [
                _("Name"),
                _("Kind"),
                _("Town"),
                _("Open offers"),
                _("People placed"),
                _("Last contact"),
            ],
            [
                [
                    r.name,
                    r.kind.label,
                    r.town,
                    str(r.open_offers),
                    str(r.people_placed),
                    short_date(r.last_contact) if r.last_contact else "",
                ]
                for r in rows
            ],
        )
        buffer.write(
            i18n.ngettext("{count} employer", "{count} employers", len(rows)).format(
                count=common.format_number(len(rows))
            )
            + "\n"
        )
    return buffer.getvalue()


def _to_confirm(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.employers import list_to_confirm

    with common.open_vault(args) as vault:
        rows = list_to_confirm(common.context(vault, args))
    entities = {"job_offer": _("job offer"), "contract": _("contract")}
    common.write_table(
        out,
        [_("No."), _("Record"), _("Typed name"), _("Why"), _("Details")],
        [
            [
                str(r.id),
                f"{entities.get(r.entity, r.entity)} {r.record_id}",
                r.typed_name,
                r.reason.label,
                r.details,
            ]
            for r in rows
        ],
    )
    return ExitCode.OK


def _confirm(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.employers import EmployerInput, resolve_to_confirm

    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        resolve_to_confirm(
            ctx,
            args.item,
            args.employer,
            new_employer=EmployerInput(name=args.new) if args.new else None,
        )
    out.write(_("Confirmed.") + "\n")
    return ExitCode.OK


__all__ = ["add_employer_commands", "employers_text"]
