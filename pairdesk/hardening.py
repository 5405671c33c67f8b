"""Keep the process's memory out of crash dumps, before any secret is read.

A core dump of a pairdesk process holds what was in memory: the passphrase, decrypted
pages, names. ``harden()`` runs first thing in every entry point (``pairdesk.__main__``
for the command line and the window, and ``app.run_gui``), before the passphrase is read:

- **Linux**: ``RLIMIT_CORE`` soft and hard limits set to 0 (no ``core`` file, and the
  process cannot raise it again), *and* ``prctl(PR_SET_DUMPABLE, 0)``. Both are needed:
  with ``/proc/sys/fs/suid_dumpable = 2`` or a ``core_pattern`` that pipes to a crash
  handler (apport, systemd-coredump), the kernel hands the dump of a process that is still
  dumpable to that handler whatever its ``RLIMIT_CORE``. Non-dumpable also stops another
  process of the same user from attaching a debugger (ptrace) or reading
  ``/proc/PID/mem``.
- **macOS**: ``RLIMIT_CORE`` = 0 (cores are off by default there, written to ``/cores``
  only when the limit allows). ``ptrace(PT_DENY_ATTACH)`` is *not* used: it only stops a
  debugger of the same user, who could read the vault's passphrase in other ways, and it
  makes the process crash when a developer attaches one. Crash reports of macOS
  (ReportCrash) hold stack traces and register values, not the process's memory.
- **Windows**: there is no core limit; Windows Error Reporting (WER) may write a dump.
  ``SetErrorMode`` stops the "pairdesk stopped working" dialog from holding the process,
  and ``WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP)`` asks WER to leave the heap (where
  the passphrase and decrypted records live) out of its reports. A *LocalDumps* policy set
  by an administrator in the registry can still write full dumps: it is the
  administrator's choice and is said in the README's security section.

Every step is best effort: a platform without one of them gets the others, and a failure
is logged (never personal data), never fatal.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import NamedTuple

log = logging.getLogger(__name__)

#: <linux/prctl.h>
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
#: <errhandlingapi.h>
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002
SEM_NOOPENFILEERRORBOX = 0x8000
#: <werapi.h>
WER_FAULT_REPORTING_FLAG_NOHEAP = 0x1


class Hardening(NamedTuple):
    """What ``harden()`` managed to do in this process."""

    core_limit_zero: bool = False
    non_dumpable: bool = False
    windows_error_reporting: bool = False


def _no_core_files() -> bool:
    if sys.platform == "win32":
        return False
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):
        log.warning("RLIMIT_CORE could not be set to 0")
        return False
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def _linux_non_dumpable() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        # The process's own symbols, libc's among them: ``ctypes.util.find_library("c")``
        # runs ldconfig in a child process (twice per start-up, issue 12).
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
        prctl.restype = ctypes.c_int
        if prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_DUMPABLE, 0) failed: errno %s", ctypes.get_errno())
            return False
        return int(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        log.warning("prctl is not available")
        return False


def _windows_error_reporting() -> bool:
    if sys.platform != "win32":
        return False
    try:
        kernel32 = ctypes.windll.kernel32
        kernel32.SetErrorMode(
            SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX
        )
        wer = ctypes.windll.kernel32  # WerSetFlags lives in kernel32 since Windows 7
        return int(wer.WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP)) == 0  # S_OK
    except (OSError, AttributeError):
        log.warning("Windows Error Reporting flags could not be set")
        return False


def harden() -> Hardening:
    """Keep this process out of core dumps (idempotent; call before reading secrets)."""
    return Hardening(
        core_limit_zero=_no_core_files(),
        non_dumpable=_linux_non_dumpable(),
        windows_error_reporting=_windows_error_reporting(),
    )


__all__ = ["Hardening", "harden"]
