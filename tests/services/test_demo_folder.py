"""The demo's throw-away folders: held while their pairdesk runs, swept by the next demo
once nobody holds them (a pairdesk killed with ``kill -9`` cannot remove its own)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from pairdesk.services.demo.folder import (
    OWNER,
    UNOWNED_AFTER,
    DemoFolder,
    is_demo_vault,
    new_demo_folder,
    sweep_stale_demo_folders,
)
from pairdesk.store.vault_lock import lock_path

#: Holds a demo folder in another process until its standard input closes.
HOLDER = """
import sys
from pathlib import Path
from pairdesk.services.demo.folder import DemoFolder
folder = DemoFolder(Path(sys.argv[1]))
print(folder.path, flush=True)
sys.stdin.read()
"""


def test_a_new_folder_is_held_and_removed_whole(tmp_path: Path) -> None:
    folder = new_demo_folder(tmp_path)
    assert folder.path.parent == tmp_path and folder.path.name.startswith("pairdesk-demo-")
    assert is_demo_vault(folder.vault_path)
    assert lock_path(folder.path / OWNER).exists()
    folder.vault_path.write_bytes(b"fictional")
    assert sweep_stale_demo_folders(tmp_path) == []  # held: this process runs
    folder.remove()
    assert not folder.path.exists()


def test_the_folder_of_a_killed_pairdesk_is_swept(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        held = Path(holder.stdout.readline().strip())  # type: ignore[union-attr]
        (held / "demo.pairdesk").write_bytes(b"fictional")
        mine = new_demo_folder(tmp_path)  # sweeps first: the other one is running
        assert held.exists()
        holder.kill()  # as kill -9: nothing of its own clean-up runs
        holder.wait(timeout=30)
        assert held.exists()
        other = new_demo_folder(tmp_path)
        assert not held.exists()
        assert mine.path.exists() and other.path.exists()  # this process holds both
        mine.remove()
        other.remove()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=30)


def test_unowned_folders_wait_a_day_and_nothing_else_is_touched(tmp_path: Path) -> None:
    fresh = tmp_path / "pairdesk-demo-fresh"
    old = tmp_path / "pairdesk-demo-old"
    for folder in (fresh, old):
        folder.mkdir()
        (folder / "demo.pairdesk").write_bytes(b"fictional")
    past = time.time() - UNOWNED_AFTER.total_seconds() - 60
    os.utime(old, (past, past))
    other = tmp_path / "someone-else"
    other.mkdir()
    os.utime(other, (past, past))
    a_file = tmp_path / "pairdesk-demo-file"
    a_file.write_text("not a folder")
    link = tmp_path / "pairdesk-demo-link"
    link.symlink_to(other, target_is_directory=True)

    assert sweep_stale_demo_folders(tmp_path) == [old]
    assert fresh.exists() and other.exists() and a_file.exists() and link.exists()
    later = dt.datetime.now() + UNOWNED_AFTER + dt.timedelta(minutes=1)
    assert sweep_stale_demo_folders(tmp_path, now=later) == [fresh]
    assert other.exists() and a_file.exists() and link.is_symlink()


def test_two_demo_folders_of_one_process_are_apart(tmp_path: Path) -> None:
    first, second = DemoFolder(tmp_path), DemoFolder(tmp_path)
    assert first.path != second.path
    first.remove()
    assert second.path.exists()
    second.remove()
