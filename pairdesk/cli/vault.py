"""``pairdesk init``, ``demo-data``, ``check`` and ``backup``: the vault itself."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

import pairdesk.cli.common as common
from pairdesk import i18n, paths
from pairdesk.cli.common import AddCommand
from pairdesk.errors import ExitCode, InvalidInput
from pairdesk.i18n import _

if TYPE_CHECKING:  # the core is imported by the commands that use it (pairdesk --help is fast)
    from pairdesk.services.context import ServiceContext
    from pairdesk.store.migrations import SchemaState
    from pairdesk.store.server import ServerVault


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    path = common.vault_location(args)  # a server's empty database: migrations create it
    if isinstance(path, Path) and path.exists():
        raise InvalidInput(
            _("A file already exists at {path}; it was not overwritten.").format(path=path)
        )
    name = args.association
    if not name:
        if sys.stdin and sys.stdin.isatty():
            name = input(_("Name of the association: ")).strip()
        if not name:
            raise InvalidInput(_("The association's name is required (--association NAME)."))
    from pairdesk.services import vaults

    passphrase = common.read_passphrase(args, confirm=True)
    vaults.create(path, passphrase, association_name=name).vault.close()
    out.write(_("Vault created: {path}").format(path=path) + "\n")
    out.write(
        _(
            "Keep the passphrase somewhere safe: without it, nobody can open the vault, "
            "not even the pairdesk developers."
        )
        + "\n"
    )
    return ExitCode.OK


def cmd_demo_data(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services import demo, vaults

    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        if not args.force:
            demo.refuse_real_records(ctx, args.participants)  # before anything is written
        vaults.seed_reference_data(ctx)
        summary = demo.generate_demo_data(
            ctx,
            participants=args.participants,
            seed=args.seed,
            today=args.today,
            force=args.force,
        )
    out.write(
        i18n.ngettext(
            "Demo data written: {count} fictional participant.",
            "Demo data written: {count} fictional participants.",
            summary.participants,
        ).format(count=common.format_number(summary.participants))
        + "\n"
    )
    parts = [  # each its own plural: « 1 contrats » was printed
        i18n.ngettext("{count} workshop", "{count} workshops", summary.workshops),
        i18n.ngettext("{count} job offer", "{count} job offers", summary.offers),
        i18n.ngettext("{count} contract", "{count} contracts", summary.contracts),
        i18n.ngettext("{count} team member", "{count} team members", summary.team_members),
    ]
    counts = (summary.workshops, summary.offers, summary.contracts, summary.team_members)
    out.write(
        ", ".join(
            part.format(count=common.format_number(n))
            for part, n in zip(parts, counts, strict=True)
        )
        + ".\n"
    )
    return ExitCode.OK


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.store import migrations

    vault = common.open_vault(args, migrate=False, schema_required=False)
    if vault.is_server:
        return _check_server(cast("ServerVault", vault), out)
    with vault:
        report = vault.integrity()
        state = migrations.schema_state(vault)
    ok, bad = _("OK"), _("FAILED")
    out.write(_("Vault: {path}").format(path=vault.path) + "\n")
    out.write(_("Passphrase: {status}").format(status=ok) + "\n")
    out.write(
        _("Encryption integrity (every page): {status}").format(
            status=ok if report.cipher_ok else bad
        )
        + "\n"
    )
    out.write(
        _("Database structure: {status}").format(status=ok if report.sqlite_ok else bad) + "\n"
    )
    out.write(_("Schema version: {schema}").format(schema=_schema_text(state)) + "\n")
    out.write(
        _("Size: {size} KiB").format(size=common.format_number(report.size_bytes // 1024)) + "\n"
    )
    if not (report.cipher_ok and report.sqlite_ok and state.current is not None):
        out.write(
            _(
                "The vault is damaged. Restore the latest backup (pairdesk restore) and keep "
                "the damaged file aside."
            )
            + "\n"
        )
        return ExitCode.DAMAGED
    return ExitCode.OK


def _schema_text(state: SchemaState) -> str:
    if state.current is None:
        return _("{status} (no schema version recorded: the vault is damaged)").format(
            status=_("FAILED")
        )
    if state.current == state.head:
        return _("{version} (current)").format(version=state.current)
    return _("{version} (will be upgraded to {head} at the next opening)").format(
        version=state.current, head=state.head
    )


def _check_server(vault: ServerVault, out: TextIO) -> int:
    """``check`` on a server: the server checks its own pages (no SQLCipher lines); what
    pairdesk checks is the login, the connection, the migrations and what each table
    holds, as this login sees it (a role may see part of a table, or none of it)."""
    from sqlalchemy import func, select, text
    from sqlalchemy.exc import DBAPIError

    from pairdesk.store import migrations
    from pairdesk.store.models import Base

    ok = _("OK")
    counts: list[tuple[str, int | None]] = []
    with vault:
        state = migrations.schema_state(vault)
        size = vault.integrity().size_bytes
        with vault.engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar() or "")
        if state.current is not None:
            for table in Base.metadata.sorted_tables:
                try:
                    with vault.engine.connect() as conn:
                        found = conn.execute(select(func.count()).select_from(table)).scalar()
                    counts.append((table.name, int(found or 0)))
                except DBAPIError:
                    counts.append((table.name, None))
    out.write(_("Vault: {path}").format(path=vault.address.display()) + "\n")
    out.write(_("Login: {status} (user {user})").format(status=ok, user=vault.login) + "\n")
    out.write(
        _("Connection: {status} (PostgreSQL {version})").format(status=ok, version=version) + "\n"
    )
    if state.current is None:
        schema = _("{status} (no pairdesk schema in this database: run pairdesk init)").format(
            status=_("FAILED")
        )
    else:
        schema = _schema_text(state)
    out.write(_("Schema version: {schema}").format(schema=schema) + "\n")
    if counts:
        out.write(_("Rows per table (as this login sees them):") + "\n")
        width = max(len(name) for name, _count in counts)
        for name, count in counts:
            shown = (
                common.format_number(count)
                if count is not None
                else _("not readable by this login")
            )
            out.write(f"  {name.ljust(width)}  {shown}\n")
    out.write(_("Size: {size} KiB").format(size=common.format_number(size // 1024)) + "\n")
    return ExitCode.OK if state.current is not None else ExitCode.DAMAGED


def cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.backups import backup_name, owner_of

    folder = Path(args.to).expanduser() if args.to else paths.backups_dir()
    if folder.exists() and not folder.is_dir():  # was an unexpected FileExistsError (exit 1)
        raise InvalidInput(
            _(
                "{path} is a file, not a folder: --to takes the folder where the backup is "
                "written (its name is chosen there). Nothing was written."
            ).format(path=folder)
        )
    with common.open_vault(args) as vault:
        ctx = common.context(vault, args)
        # Named as the vault's own (stem, id), so that `pairdesk backups` lists it.
        destination = folder / backup_name(owner_of(vault), dt.datetime.now(), manual=True)
        if vault.is_server:  # an encrypted file of the whole server vault
            from pairdesk.services.transfer import backup_server

            backup_server(vault, destination)
        else:
            vault.export_copy(destination)
        _audit_backup(ctx)
    out.write(str(destination) + "\n")
    return ExitCode.OK


def _audit_backup(ctx: ServiceContext) -> None:
    """Record who made a backup, once it is written (the line is not in the copy)."""
    from pairdesk.domain.enums import AuditAction

    with ctx.transaction() as session:
        ctx.audit(session, "vault", None, AuditAction.BACKUP, "command line")


def add_vault_commands(add: AddCommand) -> None:
    """Add ``init``, ``demo-data``, ``check`` and ``backup`` to the command line."""
    p = add("init", cmd_init, _("create a new vault"))
    p.add_argument("--association", metavar=_("NAME"), help=_("name of the association"))

    p = add("demo-data", cmd_demo_data, _("fill a vault with fictional demo data"))
    p.add_argument("--participants", type=common.positive_int, default=60, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.add_argument("--today", type=common.iso_date, default=None, metavar="YYYY-MM-DD")
    p.add_argument(
        "--force",
        action="store_true",
        help=_("add demo data even to a vault that holds real records"),
    )

    add("check", cmd_check, _("check the passphrase, the encryption and the schema"))

    p = add("backup", cmd_backup, _("write a verified encrypted copy of the vault"))
    p.add_argument("--to", metavar=_("FOLDER"))


__all__ = ["add_vault_commands"]
