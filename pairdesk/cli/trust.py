"""``pairdesk restore``, ``pairdesk backups`` and ``pairdesk passphrase``.

``add_trust_commands(sub, add)`` is called by ``pairdesk.cli.build_parser`` with its
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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pairdesk import paths
from pairdesk.errors import (
    CannotUnlock,
    ExitCode,
    InvalidInput,
    NewerVault,
    UsageError,
    VaultDamaged,
)
from pairdesk.i18n import _

if TYPE_CHECKING:
    from pairdesk.store.vault import Vault

AddCommand = Callable[
    [str, Callable[[argparse.Namespace, TextIO], int], str], argparse.ArgumentParser
]


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    """Coordinator-only. Who is acting is checked in the current vault when it opens with
    the passphrase given, else in the backup being restored (before anything is replaced)."""
    from pairdesk.cli import read_passphrase
    from pairdesk.services.backups import restore

    backup = Path(args.file).expanduser()
    vault_path = paths.vault_path(getattr(args, "vault", None))
    passphrase = read_passphrase(args)
    checked = _coordinator_in_current_vault(args, vault_path, passphrase)
    kept = restore(
        backup,
        vault_path,
        passphrase,
        authorise=None if checked else (lambda opened: _require_coordinator(args, opened)),
    )
    out.write(
        _("The vault {vault} was restored from {backup}.").format(vault=vault_path, backup=backup)
        + "\n"
    )
    if kept is not None:
        out.write(_("The previous vault was kept as {path}.").format(path=kept) + "\n")
    out.write(_("The vault now opens with the passphrase the backup was made with.") + "\n")
    return ExitCode.OK


def _restore_refusal() -> str:
    return _("Only a coordinator can restore a backup.")


def _require_coordinator(args: argparse.Namespace, vault: Vault) -> None:
    from pairdesk.cli import require_coordinator, resolve_operator
    from pairdesk.services.context import ServiceContext

    require_coordinator(resolve_operator(ServiceContext(vault), args), _restore_refusal())


def _coordinator_in_current_vault(
    args: argparse.Namespace, vault_path: Path, passphrase: str
) -> bool:
    """Check the operator in the current vault; False when it does not open (missing,
    another passphrase, damaged, newer), so the backup is asked instead."""
    from pairdesk.store.vault import open_vault

    if not vault_path.is_file():
        return False
    try:
        current = open_vault(vault_path, passphrase, migrate=False)
    except (CannotUnlock, VaultDamaged, NewerVault):
        return False
    with current:
        _require_coordinator(args, current)
    return True


def cmd_backups(args: argparse.Namespace, out: TextIO) -> int:
    from pairdesk.cli import _write_table
    from pairdesk.services.backups import list_backups

    folder = Path(args.folder).expanduser() if args.folder else paths.backups_dir()
    backups = list_backups(folder)
    if not backups:
        out.write(_("No backup in {folder}.").format(folder=folder) + "\n")
        return ExitCode.OK
    rows = [
        [
            b.taken_at.strftime("%d/%m/%Y %H:%M:%S"),
            f"{max(1, b.size_bytes // 1024):n}",
            _("before a restore") if b.before_restore else _("backup"),
            str(b.path),
        ]
        for b in backups
    ]
    _write_table(out, [_("Date"), _("KiB"), _("Kind"), _("File")], rows)
    return ExitCode.OK


def _read_new_passphrase(args: argparse.Namespace) -> str:
    from pairdesk.cli import read_passphrase

    if args.new_passphrase_file:
        return read_passphrase(argparse.Namespace(passphrase_file=args.new_passphrase_file))
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
    from pairdesk.cli import read_passphrase, require_coordinator, resolve_operator
    from pairdesk.domain.passphrase import check_new_passphrase, passphrase_strength
    from pairdesk.services.context import ServiceContext
    from pairdesk.store.rekey import change_passphrase, require_writable
    from pairdesk.store.vault import open_vault

    vault_path = paths.vault_path(getattr(args, "vault", None))
    require_writable(vault_path)
    old = read_passphrase(args)
    # Check the old passphrase, and that a coordinator is acting, before asking for a new one.
    with open_vault(vault_path, old, migrate=False) as vault:
        operator = resolve_operator(ServiceContext(vault), args)
        require_coordinator(operator, _("Only a coordinator can change the passphrase."))
    new = check_new_passphrase(_read_new_passphrase(args))
    strength = passphrase_strength(new)
    out.write(
        _("Strength of the new passphrase: {label}. {advice}").format(
            label=strength.label, advice=strength.advice
        )
        + "\n"
    )
    change_passphrase(vault_path, old, new)
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


def add_trust_commands(sub: argparse._SubParsersAction, add: AddCommand) -> None:  # type: ignore[type-arg]
    """Add ``restore``, ``backups`` and ``passphrase`` to the command line."""
    p = add(
        "restore",
        cmd_restore,
        _("replace the vault by a backup (the current vault is kept aside first)"),
    )
    p.add_argument("file", metavar=_("FILE"), help=_("the backup to restore"))

    p = add("backups", cmd_backups, _("list the backups"))
    p.add_argument("--folder", metavar=_("FOLDER"), help=_("backups folder to list"))

    p = add("passphrase", cmd_passphrase, _("change the vault's passphrase"))
    p.add_argument(
        "--new-passphrase-file",
        metavar=_("FILE"),
        help=_("read the new passphrase from FILE instead of the terminal"),
    )


__all__ = ["add_trust_commands"]
