"""``pairdesk pool export|merge``: the year's aggregates for the network, and their sum.

``pool export --year YYYY --out FILE.json`` (a coordinator, audited) writes the
``pairdesk-pool/1`` file described in :mod:`pairdesk.domain.pooling`; the association's
name and département only with ``--include-identity``.

``pool merge FILE… --out REGION.pdf|.xlsx|.json`` adds exports up **without any vault**
and publishes the result with small counts suppressed. A file whose checksum does not
match, of another format version, of another period, or given twice is refused (exit 7).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TextIO

import pairdesk.cli.common as common
from pairdesk.cli.common import AddCommand
from pairdesk.errors import ExitCode, UsageError
from pairdesk.i18n import _, ngettext
from pairdesk.store.files import check_output_path, write_output_file

MERGE_SUFFIXES = (".pdf", ".xlsx", ".json")


def _year(value: str) -> int:
    if not (len(value) == 4 and value.isdigit()):
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a year in the form YYYY").format(value=value)
        )
    return int(value)


def add_network_commands(add: AddCommand) -> None:
    """Add ``pool export`` and ``pool merge`` to the command line."""
    p = add("pool", cmd_pool, _("share the year's figures with the network, or add them up"))
    actions = p.add_subparsers(
        dest="pool_action", metavar=_("ACTION"), required=True, parser_class=type(p)
    )

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        q: argparse.ArgumentParser = actions.add_parser(name, help=help_text, description=help_text)
        common.add_common_options(q, suppress=True)
        return q

    q = action("export", _("write the year's aggregates (no personal data) to a JSON file"))
    q.add_argument("--year", type=_year, required=True, metavar="YYYY")
    q.add_argument("--out", required=True, metavar=_("FILE.json"))
    q.add_argument(
        "--include-identity",
        action="store_true",
        help=_("name the association and its département in the file"),
    )
    q.add_argument(
        "--departement",
        metavar="NN",
        help=_("the département to name (default: read from the association's postcode)"),
    )
    q.add_argument("--force", action="store_true", help=_("overwrite an existing file"))

    q = action("merge", _("add network exports up into a regional report (no vault needed)"))
    q.add_argument("files", nargs="+", metavar=_("FILE.json"))
    q.add_argument("--out", required=True, metavar=_("REGION.pdf|.xlsx|.json"))
    q.add_argument("--force", action="store_true", help=_("overwrite an existing file"))


def cmd_pool(args: argparse.Namespace, out: TextIO) -> int:
    if args.pool_action == "export":
        return _export(args, out)
    return _merge(args, out)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services import pooling

    destination = Path(args.out).expanduser()
    if destination.suffix.lower() != ".json":
        raise UsageError(_("The network export is a JSON file: give --out FILE.json."))
    check_output_path(destination, overwrite=args.force, cli=True)
    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        export = pooling.build_export(
            ctx,
            pooling.ExportOptions(
                year=args.year,
                include_identity=args.include_identity,
                departement=args.departement,
            ),
        )
        path = pooling.write_export(ctx, export, destination, overwrite=args.force, cli=True)
    out.write(str(path) + "\n")
    return ExitCode.OK


def _merge(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.domain.pooling import merge
    from pairdesk.services.pooling import read_export_files

    destination = Path(args.out).expanduser()
    suffix = destination.suffix.lower()
    if suffix not in MERGE_SUFFIXES:
        raise UsageError(_("Give --out REGION.pdf, REGION.xlsx or REGION.json."))
    check_output_path(destination, overwrite=args.force, cli=True)
    exports = read_export_files(args.files)
    report = merge(exports)
    from pairdesk.reports.network_report import regional_report_bytes

    payload = regional_report_bytes(report, suffix, printed_on=dt.date.today())
    path = write_output_file(destination, payload, overwrite=args.force, cli=True)
    out.write(
        ngettext(
            "{count} export added up: {path}",
            "{count} exports added up: {path}",
            report.associations,
        ).format(count=report.associations, path=path)
        + "\n"
    )
    return ExitCode.OK


__all__ = ["add_network_commands", "cmd_pool"]
