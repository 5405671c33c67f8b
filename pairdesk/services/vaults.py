"""The vault's life cycle, done once for the window and the command line: create a vault
(with its reference data), open it (read-only when another pairdesk holds it, if asked),
say whether it was opened read-only and why, change its passphrase, test a backup's
passphrase, restore a backup.

A vault is a file or, named by a ``postgresql://USER@HOST[:PORT]/DATABASE`` address, a
database on a server (issue 14): ``create``, ``unlock`` and ``open_vault`` take either, so
the window and the command line get the same choice. On a server the database login is
who acts (``server_operator``).

Changing the passphrase and restoring are for a coordinator: the role is checked here,
whoever calls. Neither the window nor the command line assembles a vault from
``pairdesk.store`` pieces itself (a test keeps ``pairdesk.ui`` away from the store).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pairdesk.domain.enums import Role
from pairdesk.domain.passphrase import check_new_passphrase
from pairdesk.domain.permissions import Permission, allows
from pairdesk.errors import CannotUnlock, InvalidInput, NewerVault, PermissionDenied, VaultDamaged
from pairdesk.i18n import _
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store import rekey
from pairdesk.store.addresses import is_server_address
from pairdesk.store.server_copy import ReadOnlyCopy, ServerCopy
from pairdesk.store.vault import Vault, create_vault, damaged_error
from pairdesk.store.vault import open_vault as open_file_vault

if TYPE_CHECKING:  # imported when a backup is restored, not at unlocking
    from pairdesk.services.backups import RestoreReport

#: Where a vault is: a file's path, or a server's address (``postgresql://…``).
Location = Path | str
#: The copy written before a server's schema is upgraded: ``(vault, revision)``.
ServerBackup = Callable[[Vault, str], object]

__all__ = [
    "InUse",
    "ReadOnlyCopy",
    "ServerCopy",
    "Vault",
    "change_passphrase",
    "check_backup_passphrase",
    "check_current_passphrase",
    "create",
    "in_use",
    "is_server",
    "make_independent",
    "open_vault",
    "read_only_copy",
    "require_coordinator",
    "restore",
    "restore_checked",
    "seed_reference_data",
    "server_copy",
    "server_operator",
    "unlock",
    "when_page_check_done",
]


# -- who may ------------------------------------------------------------------------------


def require_coordinator(operator: Operator, message: str) -> None:
    """Refuse (PermissionDenied, exit 7) unless the operator holds the vault settings right:
    a coordinator, or the system while the vault has no team yet."""
    if not allows(operator, Permission.VAULT_SETTINGS):
        raise PermissionDenied(message)


def _passphrase_refusal() -> str:
    return _("Only a coordinator can change the passphrase.")


def _restore_refusal() -> str:
    return _("Only a coordinator can restore a backup.")


# -- create, open -------------------------------------------------------------------------


def is_server(location: Location) -> bool:
    """True when ``location`` is a server's address rather than a file."""
    return is_server_address(location)


def open_vault(
    location: Location,
    passphrase: str,
    *,
    verify: bool = False,
    migrate: bool = True,
    schema_required: bool = True,
    read_only: bool = False,
    fallback_read_only: bool = False,
    background_check: bool = False,
    server_backup: ServerBackup | None = None,
) -> Vault:
    """Open the vault at ``location``: ``store.vault.open_vault`` for a file (see there);
    for a server, log in with ``passphrase`` as the user's password (CannotUnlock,
    ServerUnreachable, TlsRefused, NewerVault). A server has many clients by design: no
    lock, so ``fallback_read_only`` and ``background_check`` concern files only.

    A server's older schema is upgraded only when its owner opens it, after
    ``server_backup(vault, revision)`` wrote a copy (``services.server_upgrade.
    backup_before_upgrade``, which the window and the command line give: it uses
    ``services.transfer``, which imports this module, so it is passed rather than
    imported); any other login, or an opening without it, is refused (CannotUnlock)."""
    if is_server(location):
        from pairdesk.store.server import open_server

        return open_server(
            str(location),
            passphrase,
            migrate=migrate,
            schema_required=schema_required,
            read_only=read_only,
            before_upgrade=server_backup,
        )
    vault = open_file_vault(
        Path(location),
        passphrase,
        verify=verify,
        migrate=migrate,
        schema_required=schema_required,
        read_only=read_only,
        fallback_read_only=fallback_read_only,
        background_check=background_check,
    )
    if not vault.read_only:
        # Held by this process now: what an interrupted restore or passphrase change left
        # beside it (« vault.pairdesk.partial », 78 MB after a tester's kill -9) is stale.
        rekey.clean_leftovers(Path(location))
    return vault


def server_operator(vault: Vault) -> Operator | None:
    """Who acts on a server vault: its database login (the audit trail names it). ``None``
    for a file, where the operator is chosen among the team (PIN checked).

    The login's role is its group's (``store/server_roles.py``, migration 0009): a team
    member created by ``team add`` acts as that member with that role, and the database's
    grants and row-level security say the same. The vault owner (who ran ``init``), and a
    login in no group, act with the coordinator's rights: the database decides what they
    may read."""
    if not vault.is_server:
        return None
    from pairdesk.store import server_roles

    login = str(getattr(vault, "login", "") or "")
    with vault.engine.connect() as conn:
        member_id, role = server_roles.session_member(conn)
    if role is None:
        return Operator(id=None, name=login, role=Role.COORDINATOR)
    return Operator(id=member_id, name=login, role=Role(role))


def seed_reference_data(ctx: ServiceContext) -> None:
    """What every vault holds from the start (the built-in interview questions)."""
    from pairdesk.services import coaching

    coaching.ensure_question_bank(ctx)


def create(
    path: Location,
    passphrase: str,
    *,
    association_name: str,
    today: dt.date | None = None,
    demo: bool = False,
) -> ServiceContext:
    """Create a vault (never over an existing file) with its reference data, and return it
    open. The caller closes ``ctx.vault``. The passphrase is a new one: ``InvalidInput``
    (exit 7) under 12 characters, unless ``demo`` (the demo vault, created by code for
    fictional data, opens with "demo")."""
    if is_server(path):
        # The password is the server login's own, chosen by its administrator.
        from pairdesk.store.server import create_server_vault

        vault: Vault = create_server_vault(
            str(path), passphrase, association_name=association_name, today=today
        )
    else:
        if not demo:
            check_new_passphrase(passphrase, field="passphrase")
        vault = create_vault(Path(path), passphrase, association_name=association_name, today=today)
    try:
        ctx = ServiceContext(vault)
        seed_reference_data(ctx)
    except BaseException:
        vault.close()
        raise
    return ctx


def unlock(
    path: Location,
    passphrase: str,
    *,
    fallback_read_only: bool = False,
    background_check: bool = False,
    server_backup: ServerBackup | None = None,
) -> ServiceContext:
    """Open a vault (who acts is chosen next). Raises ``VaultInUse`` when another pairdesk
    holds it, naming who when the passphrase lets us look the member up; with
    ``fallback_read_only`` it is opened read-only instead (see ``in_use``).

    ``background_check`` (the window): the HMAC check of every page runs on its own thread
    (with the key already derived) instead of before returning; every change, a backup
    and a migration wait for it, and raise ``VaultDamaged`` if it found a damaged page.
    ``when_page_check_done`` tells when it is over."""
    vault = open_vault(
        path,
        passphrase,
        fallback_read_only=fallback_read_only,
        background_check=background_check,
        server_backup=server_backup,
    )
    operator = server_operator(vault)
    return ServiceContext(vault) if operator is None else ServiceContext(vault, operator)


def when_page_check_done(ctx: ServiceContext, listener: Callable[[str | None], None]) -> None:
    """Call ``listener(problem)`` once the vault's background page check is over: ``None``
    when every page is intact, else the message of the damage (the same as when a damaged
    vault is refused at opening); changes are refused from then on. Called at once when
    the check was done at opening, else on the check's own thread."""
    check = getattr(ctx.vault, "page_check", None)
    if check is None:
        listener(None)
        return
    check.when_done(lambda damaged: listener(damaged_error().message if damaged else None))


@dataclass(frozen=True, slots=True)
class InUse:
    """Why a vault was opened read-only: another pairdesk holds it."""

    member: str | None  # the team member using it, when known
    message: str  # the full explanation (what writing would have said)


def release_memory(ctx: ServiceContext) -> None:
    """Give back the memory the vault's connections keep for pages already read (a view
    at rest); nothing is lost, later reads decrypt again what they need."""
    ctx.vault.release_memory()


def in_use(ctx: ServiceContext) -> InUse | None:
    """``None`` for a vault opened normally; else who holds it."""
    vault = ctx.vault
    if not getattr(vault, "read_only", False):
        return None
    return InUse(getattr(vault, "holder_member", None), vault.read_only_error().message)


# -- a copy of a server -------------------------------------------------------------------


def server_copy(ctx: ServiceContext) -> ServerCopy | None:
    """Where the vault was copied from when it is a server's copy (``pairdesk backup`` on a
    server, ``transfer`` from one), read-only or made independent; ``None`` otherwise."""
    return ctx.vault.server_copy


def read_only_copy(ctx: ServiceContext) -> ServerCopy | None:
    """The origin of a read-only copy of a server (only reading and printing work);
    ``None`` for any other vault, an independent copy included."""
    copy = ctx.vault.server_copy
    return copy if copy is not None and copy.read_only else None


def replaced_under_a_reader(ctx: ServiceContext) -> bool:
    """A vault opened read-only (another pairdesk holds it) whose file that pairdesk has
    since replaced (a restore, a new passphrase): what this one shows is no longer the
    vault. Always False for a vault opened normally or on a server."""
    vault = ctx.vault
    if vault.is_server or in_use(ctx) is None:
        return False
    return bool(vault.replaced_on_disk())


def keeps_automatic_backups(ctx: ServiceContext) -> bool:
    """Whether the window backs this vault up by itself (at a lock, on closing, and once a
    day while it stays open): not a throw-away demo vault, not a server (it keeps its own
    backups), not a vault opened read-only, not a read-only copy of a server."""
    from pairdesk.services.demo.folder import is_demo_vault

    vault = ctx.vault
    return not (
        vault.is_server
        or is_demo_vault(Path(vault.path))
        or in_use(ctx) is not None
        or read_only_copy(ctx) is not None
    )


def make_independent(ctx: ServiceContext, *, now: dt.datetime | None = None) -> ServerCopy:
    """Turn a read-only copy of a server into an independent vault: changes work from now
    on, and the vault never goes back over that server (``transfer`` refuses it: merging
    diverging copies is not supported). Coordinator-only; InvalidInput when the vault is
    not a read-only copy."""
    from pairdesk.domain.enums import AuditAction
    from pairdesk.store import server_copy as copies

    require_coordinator(
        ctx.operator, _("Only a coordinator can turn a copy of a server into an independent vault.")
    )
    copy = read_only_copy(ctx)
    if copy is None:
        raise InvalidInput(_("This vault is not a read-only copy of a server."))
    vault = ctx.vault
    made = copies.independent(copy, now or dt.datetime.now(dt.UTC))
    vault.server_copy = made  # lets the change below through
    try:
        with ctx.transaction() as session:
            copies.record_independent(session, made)
            ctx.audit(session, "setting", None, AuditAction.UPDATE, copies.INDEPENDENT_KEY)
    except BaseException:
        vault.server_copy = copy
        raise
    return made


# -- passphrase ---------------------------------------------------------------------------


def check_current_passphrase(ctx: ServiceContext, old: str) -> None:
    """Before a change: the operator may change it, and ``old`` is the vault's passphrase."""
    require_coordinator(ctx.operator, _passphrase_refusal())
    if not ctx.vault.check_passphrase(old):
        raise InvalidInput(_("This is not the vault's current passphrase."), field="old")


def change_passphrase(
    path: Path,
    old: str,
    new: str,
    operator: Operator,
    *,
    on_step: Callable[[rekey.RekeyStep], None] | None = None,
) -> None:
    """Re-encrypt the closed vault under ``new`` (a copy, verified, then an atomic
    replace). Coordinator-only; raises CannotUnlock when ``old`` is wrong, InvalidInput
    when ``new`` is blank, DiskError when the file is read-only or the disk full."""
    require_coordinator(operator, _passphrase_refusal())
    rekey.change_passphrase(Path(path), old, check_new_passphrase(new), on_step=on_step)


def require_writable(path: Path) -> None:
    """DiskError (exit 8) when the vault file is read-only: before anything is asked."""
    rekey.require_writable(Path(path))


# -- backups ------------------------------------------------------------------------------


def check_backup_passphrase(path: Path, passphrase: str) -> str | None:
    """Raise CannotUnlock / VaultDamaged unless the backup opens with ``passphrase``;
    the id of the vault it was made of (None for a vault older than ids)."""
    from pairdesk.services import backups

    try:
        backup = open_vault(Path(path), passphrase, migrate=False)
    except VaultDamaged:
        # its message speaks of "the vault" and says to restore a backup: here it is the
        # backup that is damaged (the window said otherwise: a tester)
        raise VaultDamaged(backups.damaged_backup_text(Path(path))) from None
    with backup:
        return backups.read_vault_id(backup)


def restore(backup: Path, vault_path: Path, passphrase: str, operator: Operator) -> RestoreReport:
    """Replace the vault by a backup, for an operator already known (the window's): where
    the previous vault was kept, and the erasures made since the backup, applied again."""
    from pairdesk.services import backups

    require_coordinator(operator, _restore_refusal())
    return backups.restore(Path(backup), Path(vault_path), passphrase)


def restore_checked(
    backup: Path,
    vault_path: Path,
    passphrase: str,
    who: Callable[[ServiceContext], Operator],
    *,
    other_vault: bool = False,
) -> RestoreReport:
    """Replace the vault by a backup, the operator named by ``who(ctx)`` (the command line:
    ``--operator``, PIN checked) and checked to be a coordinator in the current vault when
    it opens with ``passphrase``, else in the backup before anything is replaced. A backup
    of another vault than the current one is refused unless ``other_vault``."""
    from pairdesk.services import backups

    def authorise(vault: Vault) -> None:
        require_coordinator(who(ServiceContext(vault)), _restore_refusal())

    vault_path = Path(vault_path)
    checked = False
    expected_id = None
    if vault_path.is_file():
        try:
            current = open_vault(vault_path, passphrase, migrate=False)
        except (CannotUnlock, VaultDamaged, NewerVault):
            pass  # it no longer opens: the backup says who may restore
        else:
            with current:
                authorise(current)
                expected_id = None if other_vault else backups.read_vault_id(current)
            checked = True
    return backups.restore(
        Path(backup),
        vault_path,
        passphrase,
        authorise=None if checked else authorise,
        expected_id=expected_id,
    )
