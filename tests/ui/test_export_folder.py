"""The Save dialog of exports opens where the last document or list was saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from pairdesk.ui import export_actions, print_dialog


def test_an_export_opens_in_the_folder_used_last(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An indicators export opened in the home folder though a PDF had just been saved
    in another one (coordinator tester)."""
    proposed: list[str] = []
    answers = [str(tmp_path / "rapports" / "indicateurs.csv"), ""]
    (tmp_path / "rapports").mkdir()

    def save_dialog(_parent: Any, _title: str, start: str, _filters: str) -> tuple[str, str]:
        proposed.append(start)
        return answers.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    print_dialog.remember_folder(tmp_path)  # a PDF saved there
    chosen = export_actions.ask_save_path(None, "Exporter", "indicateurs.csv", "CSV (*.csv)")
    assert proposed[0] == str(tmp_path / "indicateurs.csv")
    assert chosen == tmp_path / "rapports" / "indicateurs.csv"
    assert print_dialog.last_folder() == tmp_path / "rapports"
    assert export_actions.ask_save_path(None, "Exporter", "x.csv", "CSV (*.csv)") is None
    assert proposed[1] == str(tmp_path / "rapports" / "x.csv")
    assert print_dialog.last_folder() == tmp_path / "rapports"  # a cancel changes nothing


def test_the_export_dialog_says_the_file_is_not_encrypted(qtbot: Any) -> None:
    """Before any file is chosen: what the dialog does, and that the list leaves the
    vault's encryption (the tester found a dialog with neither)."""
    import datetime as dt

    from pairdesk.i18n import _

    dialog = export_actions.ExportListDialog(None, dt.date(2026, 12, 3))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.note.isVisible()
    assert dialog.windowTitle() == _("Export a list — pairdesk")
    said = _(
        "Choose the list, then where to write it (.csv for Excel or .xlsx). The file "
        "is not encrypted: whoever has it can read it. Keep it on this computer or on "
        "a drive you control, and delete it once it has served."
    )
    assert dialog.note.text() == said
