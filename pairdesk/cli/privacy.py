"""``pairdesk privacy …``: right of access, erasure and the retention review.

``add_privacy_commands(sub, add)`` is called by ``pairdesk.cli.run.build_parser``. Unknown ids
exit with code 6, a wrong confirmation (or a refused role) with code 7. Exported files are
written only where the user asks; an existing file is kept unless ``--force``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

import pairdesk.cli.common as common
from pairdesk import i18n
from pairdesk.cli.common import AddCommand, SubParsers
from pairdesk.errors import ExitCode, InvalidInput
from pairdesk.i18n import _
from pairdesk.store.files import check_output_path, write_output_files


def add_privacy_commands(sub: SubParsers, add: AddCommand) -> None:
    """Add ``privacy export|anonymise|delete|review`` to the command line."""
    p = add("privacy", cmd_privacy, _("privacy rights: access, erasure, retention review"))

    actions = p.add_subparsers(
        dest="privacy_action", metavar=_("ACTION"), required=True, parser_class=type(p)
    )

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        q: argparse.ArgumentParser = actions.add_parser(name, help=help_text, description=help_text)
        common.add_common_options(q, suppress=True)
        return q

    q = action("export", _("everything held about one participant, as JSON and PDF"))
    q.add_argument("--participant", type=int, required=True, metavar="ID")
    q.add_argument("--out", metavar=_("FILE.json"), help=_("JSON file (default: the screen)"))
    q.add_argument("--pdf", metavar=_("FILE.pdf"), help=_("also write a readable PDF"))
    q.add_argument("--force", action="store_true", help=_("overwrite existing files"))

    q = action("anonymise", _("remove a participant's identity, keeping anonymous facts"))
    q.add_argument("--participant", type=int, required=True, metavar="ID")
    q.add_argument("--confirm", metavar="P0042", help=_("the participant's reference"))

    q = action("delete", _("delete a participant and everything about them"))
    q.add_argument("--participant", type=int, required=True, metavar="ID")
    q.add_argument("--confirm", metavar="P0042", required=True, help=_("the reference"))

    q = action("review", _("participants without activity for the retention period"))
    q.add_argument("--years", type=int, metavar="N", help=_("period in years (default: 3)"))


def cmd_privacy(args: argparse.Namespace, out: TextIO) -> int:
    handlers = {
        "export": _export,
        "anonymise": _anonymise,
        "delete": _delete,
        "review": _review,
    }
    return handlers[args.privacy_action](args, out)


def _target(value: str | None, force: bool) -> Path | None:
    if not value:
        return None
    return check_output_path(value, overwrite=force, cli=True)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.privacy_export import privacy_export_pdf
    from pairdesk.services.documents import document_header
    from pairdesk.services.privacy import export_participant

    json_path = _target(args.out, args.force)
    pdf_path = _target(args.pdf, args.force)
    # One transaction: the EXPORT audit line is kept only once the files are written.
    with common.audited(args) as ctx:
        data = export_participant(ctx, args.participant)
        header = document_header(ctx) if pdf_path else None
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        files: list[tuple[Path | str, bytes]] = []
        if json_path is not None:
            files.append((json_path, text.encode("utf-8")))
        if pdf_path is not None and header is not None:
            files.append((pdf_path, privacy_export_pdf(data, header)))
        # both files or neither (a full disk at the PDF once left the JSON, in clear)
        written = write_output_files(files, overwrite=args.force, cli=True) if files else []
        if json_path is None:
            out.write(text)
        for path in written:
            out.write(str(path) + "\n")
    return ExitCode.OK


def _confirmation(args: argparse.Namespace, reference: str) -> str:
    if args.confirm is not None:
        return str(args.confirm)
    if not sys.stdin or not sys.stdin.isatty():
        raise InvalidInput(
            _("Add --confirm {ref} to confirm (no terminal to ask).").format(ref=reference)
        )
    return input(_("This cannot be undone. Type {ref} to confirm: ").format(ref=reference)).strip()


def _anonymise(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.privacy import (
        anonymise_participant,
        participant_exists,
        participant_reference,
    )

    reference = participant_reference(args.participant)
    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        participant_exists(ctx, args.participant)
        anonymise_participant(ctx, args.participant, confirm=_confirmation(args, reference))
    out.write(_("{ref} was anonymised.").format(ref=reference) + "\n")
    return ExitCode.OK


def _delete(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.privacy import delete_participant, participant_reference

    reference = participant_reference(args.participant)
    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        delete_participant(ctx, args.participant, confirm=args.confirm)
    out.write(_("{ref} was deleted.").format(ref=reference) + "\n")
    return ExitCode.OK


def _review(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.reports.base import format_day
    from pairdesk.services.privacy import retention_review, retention_years

    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        years = args.years if args.years is not None else retention_years(ctx)
        items = retention_review(ctx, years=years)
    out.write(
        i18n.ngettext(  # « depuis 1 ans » was printed
            "Participants without activity for {years} year or more: {count}",
            "Participants without activity for {years} years or more: {count}",
            years,
        ).format(years=years, count=len(items))
        + "\n"
    )
    if items:
        common.write_table(
            out,
            [_("Reference"), _("Name"), _("Status"), _("Last activity")],
            [
                [i.reference, i.display_name, i.status.label, format_day(i.last_activity_on)]
                for i in items
            ],
        )
        out.write(_("To anonymise one: pairdesk privacy anonymise --participant ID") + "\n")
    return ExitCode.OK
