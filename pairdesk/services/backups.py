"""Automatic encrypted backups, their rotation, and restoring one.

``auto_backup`` runs when the vault is closed, at most once a day: a verified encrypted
copy (``Vault.export_copy``) named ``vault-YYYYMMDD-HHMMSS.pairdesk`` in the backups folder
(``paths.backups_dir()``, or the folder saved in the vault setting ``backups.folder``: a USB
stick, which may be missing), then the rotation keeps 7 daily, 4 weekly and 12 monthly
backups. ``backup_on_close`` wraps it for the window: it never raises a ``UserError`` and
always closes the vault.

``restore`` puts a backup in place of the vault without ever destroying data: the current
vault's bytes (and its ``-wal``) are first copied to ``vault-before-restore-….pairdesk``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pairdesk import paths
from pairdesk.errors import DiskError, InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.store.files import create_owner_only
from pairdesk.store.models import Setting
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
DAILY, WEEKLY, MONTHLY = 7, 4, 12
STAMP_FORMAT = "%Y%m%d-%H%M%S"
_BACKUP_NAME = re.compile(r"^vault-(\d{8}-\d{6})\.pairdesk$")
_KEPT_NAME = re.compile(r"^vault-before-restore-(\d{8}-\d{6})(?:-\d+)?\.pairdesk$")


class BackupFolderMissing(DiskError):
    """The chosen backups folder is not there (a USB stick not plugged in)."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    size_bytes: int
    #: a copy of the vault kept by ``restore`` just before it replaced the vault
    before_restore: bool


@dataclass(frozen=True, slots=True)
class CloseBackupResult:
    """What ``backup_on_close`` did: the new backup (None if one of today exists or it
    failed), the backups rotated away, and a translated problem to show, if any."""

    path: Path | None
    removed: tuple[Path, ...]
    problem: str | None


def backup_name(when: dt.datetime) -> str:
    return f"vault-{when.strftime(STAMP_FORMAT)}.pairdesk"


def parse_backup_name(name: str) -> dt.datetime | None:
    """The time in a rotated backup's name, or None for any other file."""
    match = _BACKUP_NAME.match(name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), STAMP_FORMAT)
    except ValueError:
        return None


def _parse_kept_name(name: str) -> dt.datetime | None:
    match = _KEPT_NAME.match(name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), STAMP_FORMAT)
    except ValueError:
        return None


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


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first (an absent folder has none)."""
    folder = Path(folder)
    found: list[BackupInfo] = []
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        taken = parse_backup_name(entry.name)
        before = False
        if taken is None:
            taken = _parse_kept_name(entry.name)
            before = True
        if taken is None or not entry.is_file():
            continue
        found.append(BackupInfo(entry, taken, entry.stat().st_size, before))
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


def rotate(folder: Path, today: dt.date) -> list[Path]:
    """Delete the rotated backups the policy no longer keeps; return them."""
    backups = [b for b in list_backups(folder) if not b.before_restore]
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
    if any(b.taken_at.date() == today for b in list_backups(folder) if not b.before_restore):
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _disk_error(exc) from None
    destination = vault.export_copy(folder / backup_name(now))
    rotate(folder, today)
    return destination


def backup_on_close(vault: Vault, *, now: dt.datetime | None = None) -> CloseBackupResult:
    """For the window: ``auto_backup`` then close the vault, whatever happens."""
    path: Path | None = None
    removed: tuple[Path, ...] = ()
    problem: str | None = None
    try:
        folder = backup_folder(vault)
        before = {b.path for b in list_backups(folder)}
        path = auto_backup(vault, now=now)
        removed = tuple(sorted(before - {b.path for b in list_backups(folder)}))
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
    stamp = now.strftime(STAMP_FORMAT)
    kept = folder / f"vault-before-restore-{stamp}.pairdesk"
    number = 1
    while kept.exists():
        number += 1
        kept = folder / f"vault-before-restore-{stamp}-{number}.pairdesk"
    wal = sibling(vault_path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        _copy_file(wal, sibling(kept, "-wal"))
    _copy_file(vault_path, kept)
    _fsync_dir(folder)
    return kept


def restore(
    backup_path: Path,
    vault_path: Path,
    passphrase: str,
    *,
    keep_folder: Path | None = None,
    now: dt.datetime | None = None,
    authorise: Callable[[Vault], None] | None = None,
) -> Path | None:
    """Replace the vault by a backup. Returns where the previous vault was kept (None if
    there was no vault). The vault must be closed everywhere: its lock is held for the whole
    restore, and ``VaultInUse`` is raised (nothing changed) when another pairdesk holds it.

    The backup is copied beside the vault (``vault.pairdesk.partial``) and that copy is
    checked (it opens with ``passphrase``: CannotUnlock otherwise; every page's HMAC and
    SQLite's structure: VaultDamaged otherwise). ``authorise``, when given, is called with
    that opened copy and may refuse (raise) before anything is replaced: the command line
    checks there who is acting when the current vault no longer opens. Then the current
    vault is copied to the backups folder and the checked copy replaces it atomically.
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
    with lock_vault(vault_path, passphrase):
        return _restore_locked(backup_path, vault_path, passphrase, keep_folder, now, authorise)


def _restore_locked(
    backup_path: Path,
    vault_path: Path,
    passphrase: str,
    keep_folder: Path | None,
    now: dt.datetime,
    authorise: Callable[[Vault], None] | None,
) -> Path | None:
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
        except UserError as exc:
            # The checks ran on the copy: name the user's file, not the copy's name.
            exc.message = exc.message.replace(str(partial), str(backup_path))
            exc.args = (exc.message,)
            raise
        with check:
            if authorise is not None:
                authorise(check)
        enable_wal(partial, passphrase)
        kept = keep_current_vault(vault_path, keep_folder or paths.backups_dir(), now)
        install_vault_file(partial, vault_path)
    except OSError as exc:
        _remove_partial(partial)
        raise _disk_error(exc) from None
    except BaseException:
        _remove_partial(partial)
        raise
    return kept


def _remove_partial(partial: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            sibling(partial, suffix).unlink()
