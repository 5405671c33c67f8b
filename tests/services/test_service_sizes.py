"""Issue 10: one service module per glossary subject, none over about 600 lines.

A module that grows past the limit holds more than one subject: split it (a package by
subject, as ``services/imports/`` and ``services/audit_words/``), or move data and rules
that need no database to ``pairdesk/domain/``.
"""

from __future__ import annotations

from pathlib import Path

import pairdesk.services

# Not marked both_engines: it reads the source files, no vault.

SERVICES = Path(pairdesk.services.__file__).resolve().parent
MAX_LINES = 600


def test_no_service_module_over_600_lines() -> None:
    sizes = {
        path.relative_to(SERVICES).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in SERVICES.rglob("*.py")
    }
    assert len(sizes) > 60  # the walk really read the package
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
