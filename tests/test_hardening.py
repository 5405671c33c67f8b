"""No core dumps: every pairdesk process is non-dumpable with RLIMIT_CORE 0 before it
reads a passphrase (pairdesk.hardening)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pairdesk.__main__ as entry
from pairdesk import hardening

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")

#: prints this process's own state as the kernel sees it, at exit
PROBE = (
    "import atexit, ctypes\n"
    "def probe():\n"
    "    dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE\n"
    "    core = [l.split()[4:6] for l in open('/proc/self/limits') if 'core' in l][0]\n"
    "    print('STATE', dumpable, *core, flush=True)\n"
    "atexit.register(probe)\n"
)


def _state(code: str, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE + code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PAIRDESK_LANG": "en"},
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("STATE ")][-1]
    return line.split()[1:]


@linux_only
def test_a_plain_python_process_is_dumpable_so_the_probe_can_fail() -> None:
    dumpable, _soft, _hard = _state("pass")
    assert dumpable == "1"


@linux_only
def test_harden_makes_the_process_non_dumpable_without_core_files() -> None:
    assert _state("from pairdesk.hardening import harden; harden()") == ["0", "0", "0"]


@linux_only
def test_the_real_entry_point_hardens_the_process(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pairdesk.__main__ import main\n"
        f"sys.argv = ['pairdesk', 'backups', '--folder', {str(tmp_path)!r}]\n"
        "main()\n"
    )
    assert _state(code) == ["0", "0", "0"]


def test_main_and_gui_main_harden_before_running_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(hardening, "harden", lambda: calls.append("harden"))
    monkeypatch.setattr("pairdesk.cli.main", lambda: calls.append("cli") or 0)
    for function in (entry.main, entry.gui_main):
        calls.clear()
        with pytest.raises(SystemExit):
            function()
        assert calls == ["harden", "cli"]


def test_harden_reports_what_it_did_and_can_run_twice() -> None:
    first, second = hardening.harden(), hardening.harden()
    assert first == second
    if sys.platform.startswith("linux"):
        assert first.core_limit_zero and first.non_dumpable
    if sys.platform == "darwin":
        assert first.core_limit_zero and not first.non_dumpable


@linux_only
def test_a_command_waiting_for_its_passphrase_is_already_hardened(tmp_path: Path) -> None:
    """Seen from outside, while ``pairdesk init`` waits at its passphrase prompt."""
    import pty

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "PAIRDESK_PASSPHRASE"}
    env.update(PAIRDESK_LANG="en", PAIRDESK_HOME=str(tmp_path))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pairdesk",
            "init",
            "--association",
            "GEM Fictif",
            "--vault",
            str(tmp_path / "v.pairdesk"),
        ],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while b"passphrase" not in seen.lower() and time.monotonic() < deadline:
            ready, _w, _x = select.select([master], [], [], 1)
            if ready:
                try:
                    seen += os.read(master, 1024)
                except OSError:  # the command ended: the assertion below says how
                    break
        assert b"passphrase" in seen.lower(), seen
        assert proc.poll() is None  # it is waiting for the passphrase
        limits = Path(f"/proc/{proc.pid}/limits").read_text()
        core = next(line for line in limits.splitlines() if "core" in line).split()
        assert core[4:6] == ["0", "0"]
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


@linux_only
def test_harden_runs_no_child_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ctypes.util.find_library`` runs ldconfig in a child process: start-up (which
    hardens twice) does without it (issue 12)."""
    import ctypes.util

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("no child process while hardening")

    monkeypatch.setattr(ctypes.util, "find_library", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    assert hardening.harden().non_dumpable
