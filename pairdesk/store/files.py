"""Files pairdesk writes: readable by their owner only, and never half-written.

Everything pairdesk puts on disk holds personal data (the vault and its backups are
encrypted, but PDFs, spreadsheets, calendars and privacy exports are not), so every file is
created with mode ``0600`` on POSIX, whatever the umask. SQLite gives a database's
``-wal`` and ``-shm`` the permissions of the database file itself, so creating the vault
file owner-only (before SQLite opens it) covers its journal too.

``write_output_file`` is the one way a document, export or calendar reaches the disk (CLI
and window): a temporary file in the same folder, fsync, then a rename, so a failure never
leaves a half-written file under the chosen name; every failure becomes a ``UserError``
with a French message (exit 7 for a folder that does not exist or a name that is a
folder, 8 for a folder that cannot be written, a full or read-only disk).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from pairdesk.errors import DiskError, InvalidInput
from pairdesk.i18n import _

#: Read and write for the owner, nothing for anyone else.
OWNER_ONLY = 0o600
POSIX = os.name == "posix"


def make_owner_only(path: Path | str) -> None:
    """Set ``0600`` on an existing file (POSIX; nothing to do elsewhere)."""
    if POSIX:
        os.chmod(path, OWNER_ONLY)


def create_owner_only(path: Path | str) -> None:
    """Create ``path`` empty with mode ``0600``; fails if it exists (``FileExistsError``).

    An empty file is a valid new SQLite database: SQLCipher writes its header at the first
    transaction, and its ``-wal``/``-shm`` inherit these permissions."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if POSIX:
            os.fchmod(fd, OWNER_ONLY)  # the umask may have removed more than group/other
    finally:
        os.close(fd)


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".pairdesk-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            if POSIX:
                os.fchmod(out.fileno(), OWNER_ONLY)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _reason(exc: OSError) -> str:
    if exc.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}:
        return _("the disk is full")
    if exc.errno == errno.EROFS:
        return _("the disk is read-only")
    if exc.errno in {errno.EACCES, errno.EPERM}:
        return _("you are not allowed to write in this folder")
    return exc.strerror or type(exc).__name__


def check_output_path(path: Path | str, *, overwrite: bool, cli: bool = False) -> Path:
    """The checks made before writing (and before any slow work): the path, or InvalidInput
    (exit 7) when it is a folder, when it exists and ``overwrite`` is false, or when its
    folder does not exist. ``cli`` words the "exists" message for the command line."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise InvalidInput(
            _("{path} is a folder: give a file name inside it.").format(path=path), field="path"
        )
    if path.exists() and not overwrite:
        if cli:
            message = _("{path} already exists; add --force to replace it.")
        else:
            message = _("{path} already exists; choose another name or allow replacing it.")
        raise InvalidInput(message.format(path=path), field="path")
    if not path.parent.is_dir():
        raise InvalidInput(
            _("The folder {folder} does not exist; nothing was written.").format(
                folder=path.parent
            ),
            field="path",
        )
    return path


def write_output_file(path: Path | str, data: bytes, *, overwrite: bool, cli: bool = False) -> Path:
    """Write ``data`` to ``path`` (owner-only, replaced atomically); return the path.

    Raises InvalidInput (exit 7) as ``check_output_path`` does; DiskError (exit 8) when the
    folder cannot be written or the disk is full or read-only.
    """
    path = check_output_path(path, overwrite=overwrite, cli=cli)
    try:
        _write_atomically(path, data)
    except OSError as exc:
        raise DiskError(
            _("{path} cannot be written: {reason}. Nothing was written.").format(
                path=path, reason=_reason(exc)
            )
        ) from None
    return path


__all__ = [
    "OWNER_ONLY",
    "check_output_path",
    "create_owner_only",
    "make_owner_only",
    "write_output_file",
]
