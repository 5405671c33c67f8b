"""Change the vault's passphrase, and put a verified vault file into place atomically.

The passphrase is changed by exporting the vault to a new encrypted file beside it
(``<vault>.rekey-new``, written and verified by ``Vault.export_copy``), switching that copy
to WAL, checkpointing and closing the old vault, removing the old vault's empty ``-wal`` and
``-shm`` and only then ``os.replace``-ing the copy over the vault. Whatever moment the
process is killed at, the file named like the vault is either the old vault (opens with the
old passphrase) or the complete new one (opens with the new passphrase); leftovers such as
``.rekey-new`` or ``.partial`` are ignored when opening and removed by the next change.

Close every window on the vault before calling ``change_passphrase``; reopen it with the new
passphrase afterwards. ``change_passphrase`` holds the vault's lock (``store.vault_lock``)
from before it opens the vault until the new file is in place, so no other pairdesk can
open the vault in between; when another one holds it, it raises ``VaultInUse`` and changes
nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import sqlcipher3

from pairdesk.domain.passphrase import check_new_passphrase
from pairdesk.errors import DiskError, UserError
from pairdesk.i18n import _
from pairdesk.store.files import make_owner_only
from pairdesk.store.vault import (
    Vault,
    _fsync,
    _fsync_dir,
    lock_vault,
    open_vault,
    translate_db_error,
)
from pairdesk.store.vault_lock import VaultLock

REKEY_SUFFIX = ".rekey-new"
PARTIAL_SUFFIX = ".partial"
#: Files SQLite keeps beside a database.
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")


class RekeyStep(StrEnum):
    """Milestones of ``change_passphrase``, reported to ``on_step`` (tests, progress)."""

    OPENED = "opened"
    COPY_WRITTEN = "copy_written"
    COPY_IN_WAL = "copy_in_wal"
    VAULT_CLOSED = "vault_closed"
    OLD_JOURNAL_REMOVED = "old_journal_removed"
    REPLACED = "replaced"


def sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def leftover_files(vault_path: Path) -> list[Path]:
    """Files an interrupted passphrase change or restore may have left beside the vault."""
    vault_path = Path(vault_path)
    names = [REKEY_SUFFIX, REKEY_SUFFIX + PARTIAL_SUFFIX, PARTIAL_SUFFIX]
    found: list[Path] = []
    for name in names:
        base = sibling(vault_path, name)
        for candidate in (base, *(sibling(base, s) for s in JOURNAL_SUFFIXES)):
            if candidate.exists():
                found.append(candidate)
    return found


def clean_leftovers(vault_path: Path) -> list[Path]:
    """Remove what ``leftover_files`` finds; return what was removed."""
    removed = []
    for path in leftover_files(vault_path):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def enable_wal(path: Path, passphrase: str) -> None:
    """Switch a (copied) vault file to write-ahead logging, as every vault uses."""
    vault = Vault(Path(path), passphrase)
    try:
        vault.verify_key()
        vault._raw_execute("PRAGMA journal_mode = WAL")
    finally:
        vault.close()


def remove_journal_files(vault_path: Path) -> None:
    """Remove the ``-wal``/``-shm``/``-journal`` beside a vault that is closed everywhere."""
    for suffix in JOURNAL_SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            sibling(Path(vault_path), suffix).unlink()


def install_vault_file(source: Path, vault_path: Path) -> None:
    """Atomically put ``source`` (complete, verified, closed) in place of ``vault_path``.

    The old vault's journal files are removed first: SQLite would otherwise try to replay an
    old write-ahead log onto the new file. Callers make sure that log holds nothing
    unsaved (a checkpoint on close) or that a copy of it was kept.
    """
    source, vault_path = Path(source), Path(vault_path)
    make_owner_only(source)  # readable by its owner only, whatever the old file's mode
    _fsync(source)
    remove_journal_files(vault_path)
    os.replace(source, vault_path)
    _fsync_dir(vault_path.parent)


def _checkpoint(vault: Vault) -> None:
    raw = vault.engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert dbapi is not None
        row = dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    if row is not None and row[0]:
        raise UserError(
            _(
                "The vault is in use by another pairdesk window or command. Close it, "
                "then change the passphrase again. Nothing was changed."
            )
        )


def require_writable(vault_path: Path) -> None:
    """DiskError (exit 8) when the vault file is read-only: checked before anything opens it."""
    if vault_path.is_file() and not os.access(vault_path, os.W_OK):
        raise DiskError(
            _(
                "The vault file {path} is read-only: the passphrase cannot be changed. "
                "Nothing was changed."
            ).format(path=vault_path)
        )


def change_passphrase(
    vault_path: Path,
    old: str,
    new: str,
    *,
    on_step: Callable[[RekeyStep], None] | None = None,
) -> None:
    """Re-encrypt the vault under ``new``. Raises CannotUnlock if ``old`` is wrong,
    InvalidInput if ``new`` is empty or under 12 characters, DiskError if the copy cannot be written."""
    vault_path = Path(vault_path)
    check_new_passphrase(new)

    def step(what: RekeyStep) -> None:
        if on_step is not None:
            on_step(what)

    require_writable(vault_path)
    with lock_vault(vault_path, old) as lock:
        _change_passphrase_locked(vault_path, old, new, lock, step)


def _change_passphrase_locked(
    vault_path: Path, old: str, new: str, lock: VaultLock, step: Callable[[RekeyStep], None]
) -> None:
    clean_leftovers(vault_path)
    new_file = sibling(vault_path, REKEY_SUFFIX)
    vault = open_vault(vault_path, old, lock=lock)
    try:
        step(RekeyStep.OPENED)
        vault.export_copy(new_file, new_passphrase=new)
        step(RekeyStep.COPY_WRITTEN)
        enable_wal(new_file, new)
        step(RekeyStep.COPY_IN_WAL)
        _checkpoint(vault)
    except BaseException as exc:
        vault.close()
        with contextlib.suppress(OSError):
            clean_leftovers(vault_path)
        if isinstance(exc, sqlcipher3.dbapi2.Error | OSError):
            translated = translate_db_error(exc)
            if translated is not None:
                raise translated from None
        raise
    vault.close()
    step(RekeyStep.VAULT_CLOSED)
    wal = sibling(vault_path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        clean_leftovers(vault_path)
        raise UserError(
            _(
                "The vault is in use by another pairdesk window or command. Close it, "
                "then change the passphrase again. Nothing was changed."
            )
        )
    try:
        remove_journal_files(vault_path)
        step(RekeyStep.OLD_JOURNAL_REMOVED)
        install_vault_file(new_file, vault_path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            clean_leftovers(vault_path)
        raise DiskError(
            _(
                "The passphrase could not be changed: {reason}. The vault still opens with "
                "the old passphrase."
            ).format(reason=exc.strerror or type(exc).__name__)
        ) from None
    step(RekeyStep.REPLACED)
