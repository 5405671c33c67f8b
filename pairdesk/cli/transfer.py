"""``pairdesk transfer``: copy a whole vault from a file to a server or back, and
``pairdesk independent``: turn a read-only copy of a server into a vault of its own
(issue 14)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

import pairdesk.cli.common as common
from pairdesk import i18n
from pairdesk.cli.common import AddCommand
from pairdesk.errors import CannotUnlock, ExitCode, InvalidInput
from pairdesk.i18n import _


def _location(raw: str) -> str:
    from pathlib import Path

    from pairdesk.store.addresses import is_server_address, parse_address

    if is_server_address(raw):
        parse_address(raw)  # a bad address is a usage error before anything is opened
        return raw.strip()
    return str(Path(raw).expanduser())


def _source_passphrase(args: argparse.Namespace) -> str:
    """``--from-passphrase-file``, else ``--passphrase-file`` / PAIRDESK_PASSPHRASE / asked."""
    if args.from_passphrase_file:
        return common.read_passphrase(argparse.Namespace(passphrase_file=args.from_passphrase_file))
    return common.read_passphrase(args)


def _target_passphrase(args: argparse.Namespace, *, new_file: bool) -> str:
    if args.to_passphrase_file:
        return common.read_passphrase(argparse.Namespace(passphrase_file=args.to_passphrase_file))
    if not sys.stdin or not sys.stdin.isatty():
        raise CannotUnlock(
            _(
                "No passphrase for the target: use --to-passphrase-file FILE, or run the "
                "command in a terminal."
            )
        )
    first = getpass.getpass(_("Passphrase (or server password) of the target: "))
    if new_file and getpass.getpass(_("Type the passphrase again: ")) != first:
        raise InvalidInput(_("The two passphrases differ; nothing was created."))
    return first


def cmd_transfer(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services import transfer, vaults

    common.refuse_operator_options(
        args
    )  # a file's passphrase gives it whole; a server's login acts
    source = _location(args.source)
    target = _location(args.target)
    source_passphrase = _source_passphrase(args)
    target_passphrase = _target_passphrase(args, new_file=not vaults.is_server(target))

    def progress(table: str, done: int, total: int) -> None:
        if total > transfer.BATCH or (done == total and args.verbose):
            sys.stderr.write(
                _("{table}: {done}/{total} rows").format(
                    table=table, done=common.format_number(done), total=common.format_number(total)
                )
                + "\n"
            )

    result = transfer.transfer(
        source, source_passphrase, target, target_passphrase, progress=progress
    )
    out.write(
        i18n.ngettext(
            "Copied {rows} row in {tables} tables from {source} to {target}; every table's "
            "count and checksum match.",
            "Copied {rows} rows in {tables} tables from {source} to {target}; every table's "
            "count and checksum match.",
            result.rows,
        ).format(
            rows=common.format_number(result.rows),
            tables=len(result.tables),
            source=result.source,
            target=result.target,
        )
        + "\n"
    )
    return ExitCode.OK


def cmd_independent(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services import vaults

    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        copy = vaults.make_independent(ctx)
    out.write(
        _(
            "The vault {vault} is now independent of the server {address}: it can be changed, "
            "and it will never be copied back over that server."
        ).format(vault=common.vault_location(args), address=copy.address)
        + "\n"
    )
    return ExitCode.OK


def add_transfer_commands(add: AddCommand) -> None:
    """Add ``transfer`` and ``independent`` to the command line."""
    p = add(
        "transfer",
        cmd_transfer,
        _("copy a whole vault from a file to a server or back (into an empty target)"),
    )
    p.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar=_("SOURCE"),
        help=_("the vault to copy: a file or postgresql://USER@HOST[:PORT]/DATABASE"),
    )
    p.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar=_("TARGET"),
        help=_("a file that does not exist yet, or an empty database"),
    )
    p.add_argument(
        "--from-passphrase-file",
        metavar=_("FILE"),
        help=_("read the source's passphrase (or server password) from FILE"),
    )
    p.add_argument(
        "--to-passphrase-file",
        metavar=_("FILE"),
        help=_("read the target's passphrase (or server password) from FILE"),
    )
    p.add_argument("--verbose", action="store_true", help=_("report every table copied"))
    add(
        "independent",
        cmd_independent,
        _(
            "turn a read-only copy of a server into an independent vault (it never goes back "
            "over the server)"
        ),
    )


__all__ = ["add_transfer_commands"]
