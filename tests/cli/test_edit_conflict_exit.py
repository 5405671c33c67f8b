"""An edit conflict (issue 14) has its own exit code on the command line: 12."""

from __future__ import annotations

import io

import pytest

from pairdesk.cli import common
from pairdesk.errors import EditConflict, ExitCode


def test_an_edit_conflict_exits_12_with_its_message(capsys: pytest.CaptureFixture[str]) -> None:
    error = EditConflict("changed meanwhile", changes={"city": "Lyon"}, version=4)
    assert common.exit_code_for(error, io.StringIO()) == ExitCode.EDIT_CONFLICT == 12
    assert "changed meanwhile" in capsys.readouterr().err


def test_exit_code_12_is_listed_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| 12 | edit conflict" in readme
