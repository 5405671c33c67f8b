"""The command line's fast path (issue 12): ``pairdesk --help`` and the other parser-only
commands import neither Qt nor SQLAlchemy nor the core; a command imports what it needs
when it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pairdesk.cli.run import _window_arguments

SCRIPT = """
import json, sys
from pairdesk.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("PySide6", "sqlalchemy", "sqlcipher3", "alembic", "reportlab",
                           "openpyxl", "pypdfium2", "pairdesk.services", "pairdesk.ui")
               if m in sys.modules)
print(json.dumps({"code": code, "heavy": heavy}))
"""


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["--version"], ["--lang", "en", "--help"], ["report", "--help"], ["nonsense"]],
)
def test_help_imports_neither_qt_nor_sqlalchemy(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
        timeout=120,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["heavy"] == []
    assert report["code"] in (0, 2)


def test_only_a_command_free_line_starts_the_window() -> None:
    window = _window_arguments(["--demo", "--vault", "x.pairdesk", "--lang", "en"])
    assert window is not None
    assert (window.demo, window.vault, window.lang) == (True, "x.pairdesk", "en")
    assert _window_arguments([]) is not None
    for argv in (["check"], ["--vault", "x", "check"], ["--help"], ["--lang", "xx"], ["--vault"]):
        assert _window_arguments(argv) is None, argv
