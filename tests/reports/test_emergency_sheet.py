"""The emergency sheet: where the vault and backups are, never the passphrase."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pairdesk import paths
from pairdesk.reports.emergency_sheet import EmergencySheetData, emergency_sheet_pdf
from pairdesk.services import backups, team
from pairdesk.services.document_data import DocumentHeader
from pairdesk.ui import tasks
from pairdesk.ui.emergency_sheet import EmergencySheetDialog

PASSPHRASE = "correct horse ’ battery é"  # as tests/conftest.py


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squeezed(text: str) -> str:
    """Without white space: a long path may wrap over two lines."""
    return "".join(text.split())


def test_sheet_names_the_vault_and_leaves_room_for_the_passphrase() -> None:
    data = EmergencySheetData(
        header=DocumentHeader("GEM Les Tilleuls", dt.date(2026, 11, 25)),
        vault_path="/home/gem/Documents/pairdesk/coffre-de-l-association-les-tilleuls.pairdesk",
        created_on=dt.date(2026, 1, 12),
        backups_folder="/media/CLE-USB/sauvegardes",
        backups_folder_chosen=True,
    )
    pdf = emergency_sheet_pdf(data)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = text_of(pdf)
    assert squeezed(data.vault_path) in squeezed(text)
    assert squeezed(data.backups_folder) in squeezed(text)
    assert "12/01/2026" in text
    assert "GEM Les Tilleuls" in text
    assert "pairdesk restore" in text


def test_sheet_from_the_file_menu_is_saved_without_the_passphrase(
    qtbot, vault, ctx, vault_path, tmp_path, monkeypatch
) -> None:
    stick = tmp_path / "CLE"
    stick.mkdir()
    team.set_setting(ctx, backups.SETTING_FOLDER, str(stick))
    target = tmp_path / "fiche.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    dialog = EmergencySheetDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled()
    dialog.load(ctx)
    qtbot.waitUntil(dialog.save_button.isEnabled)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_path == target, timeout=10_000)
    pdf = target.read_bytes()
    text = text_of(pdf)
    assert squeezed(str(vault_path.resolve())) in squeezed(text)
    assert squeezed(str(stick)) in squeezed(text)
    assert "25/11/2026" in text  # created on the fixture's day
    for secret in (PASSPHRASE, "correct horse", "battery"):
        assert secret not in text
        assert secret.encode() not in pdf


def test_sheet_is_offered_right_after_creating_a_vault(qtbot, tmp_path) -> None:
    from pairdesk.ui.create_vault_dialog import CreateVaultDialog

    created = tmp_path / "nouveau.pairdesk"
    dialog = CreateVaultDialog(default_path=created)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_field.setText("GEM Les Mésanges")
    dialog.passphrase_field.setText("une phrase de passe assez longue")
    dialog.confirm_field.setText("une phrase de passe assez longue")
    contexts = []
    dialog.created.connect(contexts.append)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.sheet_dialog is not None, timeout=15_000)
    sheet = dialog.sheet_dialog
    try:
        assert sheet.isVisible()
        assert sheet.data.vault_path == str(created.resolve())
        assert sheet.data.backups_folder == str(paths.backups_dir())
        assert sheet.data.header.association_name == "GEM Les Mésanges"
        target = tmp_path / "fiche.pdf"
        sheet.save_to(target)
        qtbot.waitUntil(lambda: sheet.saved_path == target, timeout=10_000)
        assert "phrase de passe assez" not in text_of(target.read_bytes())
    finally:
        sheet.close()
        for ctx in contexts:
            tasks.wait_for_idle()
            ctx.vault.close()
    assert Path(created).exists()
