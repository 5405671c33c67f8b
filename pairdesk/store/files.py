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
from collections.abc import Sequence
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


def _write_beside(path: Path, data: bytes) -> str:
    """``data`` written and synced to a temporary file in ``path``'s folder (owner-only);
    its name. Nothing is left behind when this fails."""
    handle, temporary = tempfile.mkstemp(prefix=".pairdesk-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            if POSIX:
                os.fchmod(out.fileno(), OWNER_ONLY)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _write_all_or_none(files: Sequence[tuple[Path, bytes]]) -> None:
    """Every file written in full before any takes its name: a disk full at the second
    leaves none of them (a half-written export would hold personal data nobody asked to
    keep, said "Nothing was written" and was not in the audit trail). Raises DiskError
    naming the file that could not be written."""
    written: list[tuple[str, Path]] = []
    path = files[0][0]
    try:
        for path, data in files:
            written.append((_write_beside(path, data), path))
        for temporary, path in written:
            os.replace(temporary, path)
    except BaseException as exc:
        for temporary, _path in written:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            raise DiskError(
                _("{path} cannot be written: {reason}. Nothing was written.").format(
                    path=path, reason=_reason(exc)
                )
            ) from None
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
    (written,) = write_output_files([(path, data)], overwrite=overwrite, cli=cli)
    return written


def write_output_files(
    files: Sequence[tuple[Path | str, bytes]], *, overwrite: bool, cli: bool = False
) -> list[Path]:
    """Write several files, all or none (``write_output_file`` for each, checked first).

    A file that cannot be written raises DiskError (exit 8) naming it, and none of the
    others is left: a person's data export never stays half on a full USB stick."""
    checked = [(check_output_path(p, overwrite=overwrite, cli=cli), d) for p, d in files]
    _write_all_or_none(checked)
    return [p for p, _d in checked]


__all__ = [
    "OWNER_ONLY",
    "check_output_path",
    "create_owner_only",
    "make_owner_only",
    "write_output_file",
    "write_output_files",
]
