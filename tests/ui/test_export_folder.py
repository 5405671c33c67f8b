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


def test_a_list_the_role_may_not_export_is_refused_before_naming_a_file(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A volunteer chose a file name, then was refused (a tester's finding): the refusal
    now comes before the save dialog."""
    from pairdesk.domain.enums import Role
    from pairdesk.ui.main_window import MainWindow
    from tests.factories import acting_as

    volunteer = acting_as(ctx, "Bernard", Role.VOLUNTEER)
    window = MainWindow(volunteer)
    qtbot.addWidget(window)
    asked: list[str] = []
    refused: list[str] = []
    monkeypatch.setattr(export_actions.ExportListDialog, "exec", lambda _self: 1)
    monkeypatch.setattr(
        export_actions, "ask_save_path", lambda *args, **kwargs: asked.append("asked")
    )
    monkeypatch.setattr(export_actions, "show_error", lambda _w, exc: refused.append(str(exc)))
    export_actions.export_current_list(window, volunteer)
    assert asked == [] and len(refused) == 1
