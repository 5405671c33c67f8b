"""Automatic encrypted backups, their rotation, and restoring one.

Backups belong to their vault. Each vault holds a random id (setting ``vault.id``, made by
migration 0003 for older vaults, copied into every backup); a backup's name carries the
vault's file stem and the id's first 8 hex digits:

- ``STEM-ID8-YYYYMMDD-HHMMSS.pairdesk``: an automatic backup (rotated);
- ``STEM-ID8-YYYYMMDD-HHMMSS-manual.pairdesk``: "Back up now" / ``pairdesk backup``
  (listed, never rotated away, and it does not replace the day's automatic backup);
- ``STEM-before-restore-YYYYMMDD-HHMMSS.pairdesk``: the vault kept by ``restore`` (no id:
  the vault being replaced may not open);
- ``STEM-before-upgrade-REV-YYYYMMDD-HHMMSS.pairdesk``: the vault as it was before a schema
  upgrade (``store.migrations.upgrade_with_backup``);
- ``STEM-YYYYMMDD-HHMMSS.pairdesk``: a backup named before vault ids existed (the
  automatic ``vault-…`` ones, manual ``X-…`` ones); listed for the vault of that stem,
  never rotated.

``list_backups(folder, owner)`` lists one vault's backups and nothing else: the stem must be
the vault's and, when its id is known, so must the 8 digits in the name. The id is checked
by name, not inside the file: reading it inside means unlocking each backup (key derivation
and page check, 0.1-0.4 s each, for up to 23 rotated backups plus the manual ones).

``auto_backup`` runs when the vault is closed, once a day and again when something was
recorded since the day's last one (``_changed_since``): a verified encrypted
copy (``Vault.export_copy``) in the backups folder (``paths.backups_dir()``, or the folder
saved in the vault setting ``backups.folder``: a USB stick, which may be missing), then the
rotation keeps 7 daily, 4 weekly and 12 monthly automatic backups *of this vault*.
``backup_on_close`` wraps it for the window: it never raises a ``UserError`` and always
closes the vault.

``restore`` puts a backup in place of the vault without ever destroying data: the current
vault's bytes (and its ``-wal``) are first copied to ``STEM-before-restore-….pairdesk``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from pairdesk import paths
from pairdesk.domain.enums import AuditAction
from pairdesk.errors import DiskError, InvalidInput, UserError, VaultDamaged
from pairdesk.i18n import _
from pairdesk.services import erasures
from pairdesk.store.files import create_owner_only
from pairdesk.store.models import AuditEntry, Setting
from pairdesk.store.rekey import (
    PARTIAL_SUFFIX,
    enable_wal,
    install_vault_file,
    sibling,
)
from pairdesk.store.vault import (
    Vault,
    _fsync,
    _fsync_dir,
    lock_vault,
    open_vault,
    translate_db_error,
)

SETTING_FOLDER = "backups.folder"
#: the vault's random id (32 hex digits), written by migration 0003 and by ``init``
SETTING_VAULT_ID = "vault.id"
SHORT_ID_LENGTH = 8
DAILY, WEEKLY, MONTHLY = 7, 4, 12
STAMP_FORMAT = "%Y%m%d-%H%M%S"
SUFFIX = ".pairdesk"
MANUAL_MARK = "-manual"
# What follows "STEM-" in the name of one of the vault's backups.
_OWN_NAME = re.compile(
    r"^(?P<id>[0-9a-f]{8})-(?P<stamp>\d{8}-\d{6})(?P<manual>-manual)?\.pairdesk$"
)
_OLD_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6})\.pairdesk$")
_KEPT_NAME = re.compile(r"^before-restore-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.pairdesk$")
_UPGRADE_NAME = re.compile(r"^before-upgrade-\w+-(?P<stamp>\d{8}-\d{6})\.pairdesk$")
# Any backup's time, whoever it belongs to (a file chosen by hand to restore).
_ANY_STAMP = re.compile(r"-(?P<stamp>\d{8}-\d{6})(?:-manual|-\d+)?\.pairdesk$")


class BackupFolderMissing(DiskError):
    """The chosen backups folder is not there (a USB stick not plugged in)."""


@dataclass(frozen=True, slots=True)
class BackupOwner:
    """Whose backups: a vault's file stem and its id (None when it cannot be read: the
    backups are then told apart by the stem only)."""

    stem: str
    vault_id: str | None = None

    @property
    def short_id(self) -> str | None:
        return self.vault_id[:SHORT_ID_LENGTH] if self.vault_id else None

    @classmethod
    def of_path(cls, vault_path: Path, vault_id: str | None = None) -> BackupOwner:
        return cls(Path(vault_path).stem, vault_id)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    size_bytes: int
    #: a copy of the vault kept by ``restore`` just before it replaced the vault
    before_restore: bool
    #: made on request ("Back up now", ``pairdesk backup``): never rotated away
    manual: bool = False
    #: rotated by the 7/4/12 policy (automatic, with the vault's id in its name)
    rotated: bool = False
    #: the vault as it was before a schema upgrade
    before_upgrade: bool = False


@dataclass(frozen=True, slots=True)
class CloseBackupResult:
    """What ``backup_on_close`` did: the new backup (None if one of today exists or it
    failed), the backups rotated away, and a translated problem to show, if any."""

    path: Path | None
    removed: tuple[Path, ...]
    problem: str | None


def new_vault_id() -> str:
    return uuid.uuid4().hex


def read_vault_id(vault: Vault) -> str | None:
    """The vault's id (None for a vault not yet upgraded to schema 0003)."""
    with vault.transaction() as session:
        setting = session.get(Setting, SETTING_VAULT_ID)
        value = setting.value.strip() if setting is not None else ""
    return value or None


def owner_of(vault: Vault) -> BackupOwner:
    return BackupOwner.of_path(vault.path, read_vault_id(vault))


def backup_name(owner: BackupOwner, when: dt.datetime, *, manual: bool = False) -> str:
    """``STEM-ID8-YYYYMMDD-HHMMSS[-manual].pairdesk`` (``STEM-…`` for a vault without id)."""
    stamp = when.strftime(STAMP_FORMAT)
    mark = MANUAL_MARK if manual else ""
    if owner.short_id is None:
        return f"{owner.stem}-{stamp}{mark}{SUFFIX}"
    return f"{owner.stem}-{owner.short_id}-{stamp}{mark}{SUFFIX}"


def kept_name(stem: str, when: dt.datetime, number: int = 1) -> str:
    """The name of a vault kept aside by ``restore``."""
    tail = "" if number == 1 else f"-{number}"
    return f"{stem}-before-restore-{when.strftime(STAMP_FORMAT)}{tail}{SUFFIX}"


def _stamp(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, STAMP_FORMAT)
    except ValueError:
        return None


def parse_backup_name(name: str) -> dt.datetime | None:
    """The time in any backup's name, whichever vault it belongs to; None otherwise."""
    match = _ANY_STAMP.search(name)
    return _stamp(match.group("stamp")) if match else None


def describe_backup(path: Path, owner: BackupOwner) -> BackupInfo | None:
    """``path`` as one of ``owner``'s backups, or None if it is not one of them."""
    name = path.name
    prefix = owner.stem + "-"
    if not name.startswith(prefix):
        return None
    rest = name[len(prefix) :]
    before = manual = rotated = upgrade = False
    own = _OWN_NAME.match(rest)
    if own is not None:
        if owner.short_id is not None and own.group("id") != owner.short_id:
            return None  # another vault with the same file name
        manual = own.group("manual") is not None
        rotated = not manual
        match: re.Match[str] | None = own
    else:
        match = _OLD_NAME.match(rest)
        if match is None:
            match = _KEPT_NAME.match(rest)
            before = match is not None
        if match is None:
            match = _UPGRADE_NAME.match(rest)
            upgrade = match is not None
    if match is None:
        return None
    taken = _stamp(match.group("stamp"))
    if taken is None:
        return None
    try:
        if not path.is_file():
            return None
        size = path.stat().st_size
    except OSError:
        return None
    return BackupInfo(path, taken, size, before, manual, rotated, upgrade)


# -- rotation ---------------------------------------------------------------------------


def backups_to_keep(
    dates: Iterable[dt.datetime],
    today: dt.date,
    daily: int = DAILY,
    weekly: int = WEEKLY,
    monthly: int = MONTHLY,
) -> set[dt.datetime]:
    """Which backups the rotation keeps, by the time in their names.

    The newest backup of each of the ``daily`` most recent days that have one, of each of
    the ``weekly`` most recent ISO weeks and of each of the ``monthly`` most recent months
    (counted over the backups, so a laptop left unused for a year keeps its history). A
    backup dated after ``today`` (a clock set wrong) counts as one of today. The newest
    backup is always kept.
    """
    ordered = sorted(set(dates), reverse=True)
    if not ordered:
        return set()
    keep: set[dt.datetime] = {ordered[0]}

    def day_of(when: dt.datetime) -> dt.date:
        return min(when.date(), today)

    buckets = (
        (daily, lambda d: d.toordinal()),
        (weekly, lambda d: tuple(d.isocalendar())[:2]),
        (monthly, lambda d: (d.year, d.month)),
    )
    for count, key in buckets:
        seen: list[object] = []
        for when in ordered:  # newest first: the first of each bucket is its newest
            if len(seen) >= count:
                break
            bucket = key(day_of(when))
            if bucket not in seen:
                seen.append(bucket)
                keep.add(when)
    return keep


# -- listing and folders ----------------------------------------------------------------


def list_backups(folder: Path, owner: BackupOwner) -> list[BackupInfo]:
    """``owner``'s backups in ``folder``, newest first (an absent folder has none)."""
    folder = Path(folder)
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = [info for entry in entries if (info := describe_backup(entry, owner)) is not None]
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def chosen_folder(vault: Vault) -> Path | None:
    """The folder saved in the ``backups.folder`` setting, if any."""
    with vault.transaction() as session:
        setting = session.get(Setting, SETTING_FOLDER)
        value = setting.value.strip() if setting is not None else ""
    return Path(value).expanduser() if value else None


def set_backup_folder(vault: Vault, folder: Path | None) -> None:
    """Save (or clear, with None) the folder automatic backups go to."""
    with vault.transaction() as session:
        setting = session.get(Setting, SETTING_FOLDER)
        if folder is None:
            if setting is not None:
                session.delete(setting)
            return
        if setting is None:
            session.add(Setting(key=SETTING_FOLDER, value=str(folder)))
        else:
            setting.value = str(folder)


def backup_folder(vault: Vault) -> Path:
    """Where automatic backups go: the chosen folder, else ``paths.backups_dir()``."""
    return chosen_folder(vault) or paths.backups_dir()


def _check_chosen_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise BackupFolderMissing(
            _(
                "The backup folder {folder} is not available (is the USB stick plugged "
                "in?). No backup was made; the vault itself is unchanged."
            ).format(folder=folder)
        )


# -- automatic backup -------------------------------------------------------------------


def rotate(folder: Path, owner: BackupOwner, today: dt.date) -> list[Path]:
    """Delete ``owner``'s automatic backups the policy no longer keeps; return them.
    Another vault's backups, manual ones and copies kept before a restore are never
    touched; nor is anything when the vault's id is unknown."""
    if owner.short_id is None:
        return []
    backups = [b for b in list_backups(folder, owner) if b.rotated]
    keep = backups_to_keep([b.taken_at for b in backups], today)
    removed = []
    for info in backups:
        if info.taken_at not in keep:
            with contextlib.suppress(FileNotFoundError):
                info.path.unlink()
                removed.append(info.path)
    return removed


def auto_backup(
    vault: Vault, *, folder: Path | None = None, now: dt.datetime | None = None
) -> Path | None:
    """Write today's backup unless one exists, then rotate. Returns the new file or None.

    Raises BackupFolderMissing (a DiskError) when the chosen folder is absent, DiskError
    when it is full or read-only, UserError when the copy cannot be verified.
    """
    now = now or dt.datetime.now()
    if folder is None:
        chosen = chosen_folder(vault)
        if chosen is not None:
            _check_chosen_folder(chosen)
        folder = chosen or paths.backups_dir()
    folder = Path(folder)
    today = now.date()
    owner = owner_of(vault)
    taken_today = [
        b.taken_at for b in list_backups(folder, owner) if b.rotated and b.taken_at.date() == today
    ]
    if taken_today and not _changed_since(vault, max(taken_today)):
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _disk_error(exc) from None
    destination = vault.export_copy(folder / backup_name(owner, now))
    rotate(folder, owner, today)
    return destination


#: The audit actions that change the vault (a view, a print or an export changes nothing).
_CHANGES = tuple(
    a.value
    for a in (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.ANONYMISE)
)


def _changed_since(vault: Vault, when: dt.datetime) -> bool:
    """Whether anything was recorded since ``when`` (every change writes its audit line in
    its own transaction): the day's work done after the day's backup was in none, even
    after quitting (a tester's finding)."""
    with vault.transaction() as session:
        latest = session.scalar(
            select(func.max(AuditEntry.at)).where(AuditEntry.action.in_(_CHANGES))
        )
    return latest is not None and latest >= when


def backup_on_close(vault: Vault, *, now: dt.datetime | None = None) -> CloseBackupResult:
    """For the window: ``auto_backup`` then close the vault, whatever happens."""
    path: Path | None = None
    removed: tuple[Path, ...] = ()
    problem: str | None = None
    try:
        folder = backup_folder(vault)
        owner = owner_of(vault)
        before = {b.path for b in list_backups(folder, owner)}
        path = auto_backup(vault, now=now)
        removed = tuple(sorted(before - {b.path for b in list_backups(folder, owner)}))
    except UserError as exc:
        problem = exc.message
    except OSError as exc:
        problem = _disk_error(exc).message
    finally:
        vault.close()
    return CloseBackupResult(path, removed, problem)


def _disk_error(exc: OSError) -> UserError:
    translated = translate_db_error(exc)
    if translated is not None:
        return translated
    return DiskError(
        _("The backup could not be written: {reason}").format(
            reason=exc.strerror or type(exc).__name__
        )
    )


# -- restore ----------------------------------------------------------------------------


def _copy_file(source: Path, destination: Path) -> None:
    """Copy bytes to a ``.partial`` name, fsync, then rename into place."""
    partial = sibling(destination, PARTIAL_SUFFIX)
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        create_owner_only(partial)
        shutil.copyfile(source, partial)  # into the owner-only file: its mode stays
        _fsync(partial)
        os.replace(partial, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def keep_current_vault(vault_path: Path, folder: Path, now: dt.datetime) -> Path | None:
    """Copy the vault's bytes (and its ``-wal``) aside, even if it cannot be opened."""
    vault_path = Path(vault_path)
    if not vault_path.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    number = 1
    kept = folder / kept_name(vault_path.stem, now)
    while kept.exists():
        number += 1
        kept = folder / kept_name(vault_path.stem, now, number)
    wal = sibling(vault_path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        _copy_file(wal, sibling(kept, "-wal"))
    _copy_file(vault_path, kept)
    _fsync_dir(folder)
    return kept


def damaged_backup_text(backup_path: Path) -> str:
    return _(
        "The backup {path} is damaged: part of it cannot be read. Your vault "
        "was not changed; choose another backup."
    ).format(path=backup_path)


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did: where the replaced vault was kept, and the erasures made
    since the backup that were applied again (:mod:`pairdesk.services.erasures`)."""

    kept: Path | None
    #: the references (P0012…) of the files erased or anonymised again
    erased_again: tuple[str, ...] = ()
    #: the replaced vault did not open with the backup's passphrase: the erasures made
    #: since the backup could not be read (the kept copy still holds them)
    erasures_unchecked: bool = False


def restore(
    backup_path: Path,
    vault_path: Path,
    passphrase: str,
    *,
    keep_folder: Path | None = None,
    now: dt.datetime | None = None,
    authorise: Callable[[Vault], None] | None = None,
    expected_id: str | None = None,
) -> RestoreReport:
    """Replace the vault by a backup: where the previous vault was kept (``kept``, None if
    there was no vault) and the erasures made since the backup, applied again. The vault
    must be closed everywhere: its lock is held for the whole restore, and ``VaultInUse``
    is raised (nothing changed) when another pairdesk holds it.

    The backup is copied beside the vault (``vault.pairdesk.partial``) and that copy is
    checked (it opens with ``passphrase``: CannotUnlock otherwise; every page's HMAC and
    SQLite's structure: VaultDamaged otherwise). ``authorise``, when given, is called with
    that opened copy and may refuse (raise) before anything is replaced: the command line
    checks there who is acting when the current vault no longer opens. ``expected_id``,
    when given (the current vault's id), refuses a backup of another vault. Then the
    current vault is copied to the backups folder and the checked copy replaces it
    atomically; what the replaced vault erased since the backup is erased again
    (:mod:`pairdesk.services.erasures`) before the lock is released.
    """
    backup_path, vault_path = Path(backup_path), Path(vault_path)
    now = now or dt.datetime.now()
    if backup_path.is_dir():
        raise InvalidInput(
            _("{path} is a folder: give the backup file to restore.").format(path=backup_path)
        )
    if not backup_path.is_file():
        raise InvalidInput(_("There is no backup at {path}.").format(path=backup_path))
    if backup_path.resolve() == vault_path.resolve():
        raise InvalidInput(_("This file is the vault itself, not a backup."))
    try:
        vault_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _disk_error(exc) from None
    with lock_vault(vault_path, passphrase) as lock:
        kept, carry = _restore_locked(
            backup_path, vault_path, passphrase, keep_folder, now, authorise, expected_id
        )
        again = erasures.erase_again(vault_path, passphrase, lock, carry)
    return RestoreReport(kept, tuple(again), carry.unchecked)


def _restore_locked(
    backup_path: Path,
    vault_path: Path,
    passphrase: str,
    keep_folder: Path | None,
    now: dt.datetime,
    authorise: Callable[[Vault], None] | None,
    expected_id: str | None,
) -> tuple[Path | None, erasures.ErasureCarry]:
    partial = sibling(vault_path, PARTIAL_SUFFIX)
    try:
        vault_path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        create_owner_only(partial)
        shutil.copyfile(backup_path, partial)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise _disk_error(exc) from None
    try:
        try:
            check = open_vault(partial, passphrase, verify=True, migrate=False)
        except VaultDamaged:
            # it said "The vault is damaged… restore the latest backup": it is the backup
            raise VaultDamaged(damaged_backup_text(backup_path)) from None
        except UserError as exc:
            # The checks ran on the copy: name the user's file, not the copy's name.
            exc.message = exc.message.replace(str(partial), str(backup_path))
            exc.args = (exc.message,)
            raise
        with check:
            if authorise is not None:
                authorise(check)
            backup_id = read_vault_id(check)
            found = backup_id if expected_id is not None else None
            backup_history = erasures.last_audit_id(check)
        if found is not None and found != expected_id:
            raise InvalidInput(
                _(
                    "{path} is a backup of another vault (another association's, or a vault "
                    "created apart): restoring it would replace every record of this one. "
                    "Nothing was changed. Add --force to restore it all the same."
                ).format(path=backup_path)
            )
        carry = erasures.erasures_since(
            vault_path, passphrase, backup_id, backup_history, read_vault_id
        )
        enable_wal(partial, passphrase)
        kept = keep_current_vault(vault_path, keep_folder or paths.backups_dir(), now)
        install_vault_file(partial, vault_path)
    except OSError as exc:
        _remove_partial(partial)
        raise _disk_error(exc) from None
    except BaseException:
        _remove_partial(partial)
        raise
    return kept, carry


def _remove_partial(partial: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            sibling(partial, suffix).unlink()
