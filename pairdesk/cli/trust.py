"""``pairdesk restore``, ``pairdesk backups`` and ``pairdesk passphrase``.

``add_trust_commands(sub, add)`` is called by ``pairdesk.cli.run.build_parser`` with its
sub-parsers and its ``add(name, handler, help)`` helper.

Both ``restore`` and ``passphrase`` are for a coordinator (exit 7 otherwise), named with
``--operator`` once the vault has a team.

- ``restore FILE``: the backup must open with the passphrase (exit 3 otherwise) and be
  intact (exit 4 otherwise); the current vault is first kept as
  ``vault-before-restore-….pairdesk`` in the backups folder, then replaced atomically.
- ``backups``: the backups in the backups folder (or ``--folder``), newest first.
- ``passphrase``: the current passphrase is asked again (``--passphrase-file``,
  ``PAIRDESK_PASSPHRASE`` or the terminal), the new one twice on the terminal or read from
  ``--new-passphrase-file``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pairdesk.cli.common as common
from pairdesk import paths
from pairdesk.cli.common import AddCommand, SubParsers
from pairdesk.errors import ExitCode, InvalidInput, UsageError, UserError
from pairdesk.i18n import _

if TYPE_CHECKING:
    from pairdesk.services.backups import BackupOwner


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    """Coordinator-only. Who is acting is checked in the current vault when it opens with
    the passphrase given, else in the backup being restored (before anything is replaced)."""
    from pairdesk.services import erasures, vaults

    backup = Path(args.file).expanduser()
    vault_path = paths.vault_path(getattr(args, "vault", None))
    passphrase = common.read_passphrase(args)
    report = vaults.restore_checked(
        backup,
        vault_path,
        passphrase,
        lambda ctx: common.resolve_operator(ctx, args),
        other_vault=args.force,
    )
    out.write(
        _("The vault {vault} was restored from {backup}.").format(vault=vault_path, backup=backup)
        + "\n"
    )
    if report.kept is not None:
        out.write(_("The previous vault was kept as {path}.").format(path=report.kept) + "\n")
    out.write(_("The vault now opens with the passphrase the backup was made with.") + "\n")
    for sentence in erasures.restore_sentences(
        report.erased_again, report.erasures_unchecked, report.kept
    ):
        out.write(sentence + "\n")
    return ExitCode.OK


def cmd_backups(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.services.backups import BackupInfo, list_backups

    vault_path = paths.vault_path(getattr(args, "vault", None))
    owner, folders = _backups_owner(args, vault_path)
    if args.folder:
        folders = [Path(args.folder).expanduser()]
    found = {b.path: b for folder in folders for b in list_backups(folder, owner)}
    backups = sorted(found.values(), key=lambda b: (b.taken_at, b.path.name), reverse=True)
    if not backups:
        out.write(
            _("No backup of {vault} in {folder}.").format(
                vault=vault_path.name, folder=", ".join(str(f) for f in folders)
            )
            + "\n"
        )
        return ExitCode.OK

    def kind(info: BackupInfo) -> str:
        if info.before_restore:
            return _("before a restore")
        if info.before_upgrade:
            return _("before an upgrade")
        if info.manual:
            return _("manual backup")
        return _("backup")

    rows = [
        [
            b.taken_at.strftime("%d/%m/%Y %H:%M:%S"),
            common.format_number(max(1, b.size_bytes // 1024)),
            kind(b),
            str(b.path),
        ]
        for b in backups
    ]
    common.write_table(out, [_("Date"), _("KiB"), _("Kind"), _("File")], rows)
    return ExitCode.OK


def _backups_owner(args: argparse.Namespace, vault_path: Path) -> tuple[BackupOwner, list[Path]]:
    """Whose backups to list (the vault's stem and id) and the folders to look in."""
    from pairdesk.services import vaults
    from pairdesk.services.backups import BackupOwner, chosen_folder, owner_of

    folders = [paths.backups_dir()]
    if not vault_path.exists():
        return BackupOwner.of_path(vault_path), folders
    try:
        vault = vaults.open_vault(vault_path, common.read_passphrase(args), migrate=False)
    except UserError as exc:
        sys.stderr.write(
            _(
                "pairdesk: the vault could not be opened ({reason}); its backups are "
                "recognised by the file name {name} only."
            ).format(reason=exc.message, name=vault_path.stem)
            + "\n"
        )
        return BackupOwner.of_path(vault_path), folders
    with vault:
        owner = owner_of(vault)
        chosen = chosen_folder(vault)
    if chosen is not None:
        folders.insert(0, chosen)
    return owner, folders


def _read_new_passphrase(args: argparse.Namespace) -> str:

    if args.new_passphrase_file:
        return common.read_passphrase(argparse.Namespace(passphrase_file=args.new_passphrase_file))
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(
            _(
                "No new passphrase given: use --new-passphrase-file FILE, or run the command "
                "in a terminal."
            )
        )
    first = getpass.getpass(_("New passphrase: "))
    second = getpass.getpass(_("Type the new passphrase again: "))
    if first != second:
        raise InvalidInput(_("The two new passphrases differ; the passphrase was not changed."))
    return first


def cmd_passphrase(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.domain.passphrase import check_new_passphrase, passphrase_strength
    from pairdesk.services import vaults
    from pairdesk.services.context import ServiceContext

    vault_path = paths.vault_path(getattr(args, "vault", None))
    vaults.require_writable(vault_path)
    old = common.read_passphrase(args)
    # Check the old passphrase, and that a coordinator is acting, before asking for a new one.
    with vaults.open_vault(vault_path, old, migrate=False) as vault:
        ctx = ServiceContext(vault)
        operator = common.resolve_operator(ctx, args)
        vaults.check_current_passphrase(ctx.with_operator(operator), old)
    new = check_new_passphrase(_read_new_passphrase(args))
    strength = passphrase_strength(new)
    out.write(
        _("Strength of the new passphrase: {label}. {advice}").format(
            label=strength.label, advice=strength.advice
        )
        + "\n"
    )
    vaults.change_passphrase(vault_path, old, new, operator)
    out.write(_("The passphrase was changed: the vault now opens only with the new one.") + "\n")
    out.write(
        _(
            "Backups made before this change still open with the old passphrase. There is "
            "no way to recover a forgotten passphrase: write the new one on the emergency "
            "sheet kept in the association's safe."
        )
        + "\n"
    )
    return ExitCode.OK


def add_trust_commands(sub: SubParsers, add: AddCommand) -> None:
    """Add ``restore``, ``backups`` and ``passphrase`` to the command line."""
    p = add(
        "restore",
        cmd_restore,
        _("replace the vault by a backup (the current vault is kept aside first)"),
    )
    p.add_argument("file", metavar=_("FILE"), help=_("the backup to restore"))
    p.add_argument(
        "--force", action="store_true", help=_("restore it even if it is a backup of another vault")
    )

    p = add("backups", cmd_backups, _("list the backups"))
    p.add_argument("--folder", metavar=_("FOLDER"), help=_("backups folder to list"))

    p = add("passphrase", cmd_passphrase, _("change the vault's passphrase"))
    p.add_argument(
        "--new-passphrase-file",
        metavar=_("FILE"),
        help=_("read the new passphrase from FILE instead of the terminal"),
    )


__all__ = ["add_trust_commands"]
