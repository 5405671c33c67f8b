"""The throw-away folder of a demo vault (``pairdesk --demo``, "explore the demo").

Each demo lives in its own ``pairdesk-demo-*`` folder of the system's temporary folder,
removed when pairdesk ends. A pairdesk that was killed (``kill -9``, a crash, a power cut)
cannot remove its folder, so every new demo first sweeps the folders nobody holds any
more: the pairdesk using a folder holds an OS lock on ``owner.lock`` inside it (the same
lock as a vault's, :mod:`pairdesk.store.vault_lock`), which the operating system drops
when the process ends, however it ends. A folder without that file (made by an older
pairdesk, or killed between creating the folder and locking it) is swept once it is a day
old. The data in these folders is fictional; the sweep only ever touches folders with the
demo's prefix, directly in the temporary folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from pairdesk.store.vault_lock import VaultLock, lock_path

FOLDER_PREFIX = "pairdesk-demo-"
DEMO_VAULT_NAME = "demo.pairdesk"
#: ``owner.lock``: held by the pairdesk whose demo the folder is.
OWNER = "owner"
#: A folder without an owner lock is swept once it is this old.
UNOWNED_AFTER = dt.timedelta(days=1)


def is_demo_vault(path: Path) -> bool:
    path = Path(path)
    return path.name == DEMO_VAULT_NAME and path.parent.name.startswith(FOLDER_PREFIX)


class DemoFolder:
    """A new demo folder, held by this process until :meth:`remove`."""

    def __init__(self, parent: Path | None = None) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=parent))
        self._lock: VaultLock | None = VaultLock.acquire(self.path / OWNER)

    @property
    def vault_path(self) -> Path:
        return self.path / DEMO_VAULT_NAME

    def remove(self) -> None:
        """Delete the folder and everything in it (the vault, its lock, its journal)."""
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()
        shutil.rmtree(self.path, ignore_errors=True)


def new_demo_folder(parent: Path | None = None) -> DemoFolder:
    """Sweep the demo folders left by pairdesks that no longer run, then make one."""
    sweep_stale_demo_folders(parent)
    return DemoFolder(parent)


def sweep_stale_demo_folders(
    parent: Path | None = None, *, now: dt.datetime | None = None
) -> list[Path]:
    """Remove the demo folders of ``parent`` (the temporary folder) that no running
    pairdesk holds; returns those removed. Never raises: a folder that cannot be read or
    removed is left as it is."""
    parent = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    now = now or dt.datetime.now()
    removed: list[Path] = []
    try:
        candidates = sorted(parent.glob(FOLDER_PREFIX + "*"))
    except OSError:
        return removed
    for folder in candidates:
        with contextlib.suppress(OSError):
            if folder.is_symlink() or not folder.is_dir():
                continue
            if not _abandoned(folder, now):
                continue
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


def _abandoned(folder: Path, now: dt.datetime) -> bool:
    if not lock_path(folder / OWNER).exists():
        age = now - dt.datetime.fromtimestamp(folder.stat().st_mtime)
        return age >= UNOWNED_AFTER
    try:
        lock = VaultLock.acquire(folder / OWNER)
    except Exception:  # its pairdesk runs (VaultInUse), or another user's: not ours
        return False
    lock.release()
    return True
