"""One pairdesk process per vault: an OS lock on a file beside the vault.

``VaultLock.acquire(vault_path)`` creates (or reuses) ``<vault>.lock`` — for
``vault.pairdesk``, ``vault.pairdesk.lock`` — and takes an exclusive, non-blocking OS lock
on it, held until ``release()``:

- POSIX: ``fcntl.flock(LOCK_EX | LOCK_NB)`` on the whole file. Not ``fcntl.lockf``: POSIX
  record locks belong to the process and vanish when *any* descriptor of the file is
  closed, and two opens in one process never conflict. ``flock`` locks belong to the open
  file description, so two ``VaultLock`` objects in one process conflict too.
- Windows: ``msvcrt.locking(LK_NBLCK)`` on one byte at ``LOCK_OFFSET``, far past the holder
  information, because Windows byte-range locks are mandatory and would hide it.

The operating system drops the lock when the process ends, however it ends: a crash or a
``kill -9`` leaves no stale lock (the file may stay; its content means nothing unless its
lock is held).

The file tells a second process who holds the vault, without any name in clear: a JSON
object with the team member's id (``None`` until the operator is known; see
``update_member``), the computer name, the process id and since when. Only someone who can
unlock the vault can turn that id into a name.

On release the holder removes the file while it still holds the lock; an opener therefore
checks, once it holds a lock, that the path still names the file it locked, and retries
otherwise.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pairdesk.errors import DiskError, VaultInUse
from pairdesk.i18n import _

LOCK_SUFFIX = ".lock"
#: Where the Windows lock byte sits: the holder information is written before it.
LOCK_OFFSET = 1 << 20
#: The holder information is never longer than this (it is read with one ``read``).
MAX_INFO = 4096
_ATTEMPTS = 5


def lock_path(vault_path: Path) -> Path:
    """The lock file of a vault: the vault's name followed by ``.lock``, beside it."""
    vault_path = Path(vault_path)
    return vault_path.with_name(vault_path.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockHolder:
    """Who holds a vault open, as written in its lock file (no name in clear)."""

    member_id: int | None
    computer: str
    pid: int
    since: dt.datetime | None

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": "pairdesk-lock/1",
                "member_id": self.member_id,
                "computer": self.computer,
                "pid": self.pid,
                "since": self.since.isoformat(timespec="seconds") if self.since else None,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> LockHolder | None:
        try:
            data: Any = json.loads(text)
            member = data.get("member_id")
            since = data.get("since")
            return cls(
                member_id=int(member) if isinstance(member, int) else None,
                computer=str(data.get("computer") or ""),
                pid=int(data.get("pid") or 0),
                since=dt.datetime.fromisoformat(since) if isinstance(since, str) else None,
            )
        except (ValueError, TypeError, AttributeError):
            return None


def _computer_name() -> str:
    try:
        return socket.gethostname() or "?"
    except OSError:
        return "?"


# -- the OS primitives ---------------------------------------------------------------------

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    try:
        mine, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def read_holder(vault_path: Path) -> LockHolder | None:
    """The information in a vault's lock file (None if absent or unreadable). It only
    means something while the lock is held: see ``is_locked``."""
    try:
        with lock_path(vault_path).open("rb") as fh:
            raw = fh.read(MAX_INFO)
    except OSError:
        return None
    return LockHolder.from_json(raw.split(b"\0", 1)[0].decode("utf-8", "replace"))


def in_use_error(vault_path: Path, holder: LockHolder | None, member: str | None) -> VaultInUse:
    """The French (translated) message for a vault another pairdesk holds open."""
    since = holder.since.strftime("%d/%m/%Y %H:%M") if holder and holder.since else "?"
    tail = _(
        "Close pairdesk there (or wait until it is closed), then try again. Nothing was changed."
    )
    if holder is None:
        text = _("The vault {vault} is already open in another pairdesk window or command.")
        head = text.format(vault=Path(vault_path).name)
    elif member:
        head = _(
            "The vault {vault} is already open: {member} is using it on the computer "
            "{computer} (pairdesk process {pid}, since {since})."
        ).format(
            vault=Path(vault_path).name,
            member=member,
            computer=holder.computer,
            pid=holder.pid,
            since=since,
        )
    else:
        head = _(
            "The vault {vault} is already open in pairdesk on the computer {computer} "
            "(process {pid}, since {since})."
        ).format(vault=Path(vault_path).name, computer=holder.computer, pid=holder.pid, since=since)
    error = VaultInUse(f"{head} {tail}")
    error.holder = holder
    error.member = member
    return error


class VaultLock:
    """An exclusive lock on a vault, held by this object until ``release()``."""

    def __init__(self, vault_path: Path, fd: int, holder: LockHolder) -> None:
        self.vault_path = Path(vault_path)
        self.path = lock_path(self.vault_path)
        self._fd: int | None = fd
        self.holder = holder

    @classmethod
    def acquire(cls, vault_path: Path, *, member_id: int | None = None) -> VaultLock:
        """Take the vault's lock or raise ``VaultInUse`` (naming the holder's computer,
        process and since when; the caller may name the member). ``DiskError`` when the
        lock file cannot be created (a read-only folder)."""
        vault_path = Path(vault_path)
        path = lock_path(vault_path)
        for _attempt in range(_ATTEMPTS):
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            except OSError as exc:
                raise DiskError(
                    _(
                        "The lock file {path} cannot be created beside the vault: {reason}. "
                        "Nothing was changed."
                    ).format(path=path, reason=exc.strerror or type(exc).__name__)
                ) from None
            try:
                locked = _try_lock(fd)
            except BaseException:
                os.close(fd)
                raise
            if not locked:
                os.close(fd)
                raise in_use_error(vault_path, read_holder(vault_path), None)
            if sys.platform != "win32" and not _same_file(fd, path):
                # The previous holder removed this file as we opened it: try the new one.
                _unlock(fd)
                os.close(fd)
                continue
            holder = LockHolder(member_id, _computer_name(), os.getpid(), dt.datetime.now())
            lock = cls(vault_path, fd, holder)
            lock._write(holder)
            return lock
        raise in_use_error(vault_path, None, None)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def update_member(self, member_id: int | None) -> None:
        """Record who is acting (the window after the operator is chosen, the CLI after
        ``--operator``): an id, never a name."""
        if self._fd is None or member_id == self.holder.member_id:
            return
        self.holder = LockHolder(
            member_id, self.holder.computer, self.holder.pid, self.holder.since
        )
        with contextlib.suppress(OSError):  # the information is a courtesy; the lock holds
            self._write(self.holder)

    def _write(self, holder: LockHolder) -> None:
        assert self._fd is not None
        data = holder.to_json().encode("utf-8")[: MAX_INFO - 1]
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, data)
        os.ftruncate(self._fd, len(data))

    def release(self) -> None:
        """Give the vault back. The file is removed while still locked (POSIX) so that a
        later opener never reads stale information; on Windows after closing, if it can."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if sys.platform != "win32":
            with contextlib.suppress(OSError):
                if _same_file(fd, self.path):
                    self.path.unlink()
            _unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - Windows
            _unlock(fd)
            os.close(fd)
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> VaultLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:  # a forgotten lock still ends with its object
        with contextlib.suppress(Exception):
            self.release()


def is_locked(vault_path: Path) -> bool:
    """Whether some process (this one included) holds the vault's lock right now."""
    if not lock_path(vault_path).exists():
        return False
    try:
        VaultLock.acquire(vault_path).release()
    except VaultInUse:
        return True
    except DiskError:
        return False
    return False
