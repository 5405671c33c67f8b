"""Help → About pairdesk: version, licence, the vault in use, the data folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QLabel

from pairdesk import __version__, paths
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks
from pairdesk.ui.about_dialog import AboutDialog, application_icon
from pairdesk.ui.main_window import MainWindow


def texts(dialog: AboutDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_shows_version_licence_vault_and_folders(qtbot, tmp_path: Path) -> None:
    vault = tmp_path / "gem-fictif.pairdesk"
    dialog = AboutDialog(vault)
    qtbot.addWidget(dialog)
    shown = texts(dialog)
    assert __version__ in dialog.title_label.text()
    assert dialog.vault_field.text() == str(vault)
    assert "GPL-3.0-or-later" in shown
    assert "DejaVu" in shown
    for folder in (paths.data_dir(), paths.config_dir(), paths.backups_dir(), paths.log_dir()):
        assert str(folder) in shown
    # PAIRDESK_HOME (tests/conftest.py) is honoured: the folders are the test's own.
    assert dialog.data_field.text() == str(paths.data_dir())


def test_without_a_vault_says_so(qtbot) -> None:
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.vault_field.text()
    assert dialog.vault_field.text() != "None"


def test_every_button_and_path_is_named(qtbot, tmp_path: Path) -> None:
    dialog = AboutDialog(tmp_path / "v.pairdesk")
    qtbot.addWidget(dialog)
    buttons = dialog.findChildren(QAbstractButton)
    assert {dialog.open_data_button, dialog.close_button} <= set(buttons)
    for button in buttons:
        assert button.accessibleName().strip() or button.text().replace("&", "").strip()
    for field in (dialog.vault_field, dialog.data_field, dialog.logs_field):
        assert field.accessibleName()


def test_open_data_folder_creates_and_opens_it(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = AboutDialog(tmp_path / "v.pairdesk")
    qtbot.addWidget(dialog)
    assert not paths.data_dir().exists()
    dialog.open_data_button.click()
    assert paths.data_dir().is_dir()
    assert [Path(url.toLocalFile()) for url in opened] == [paths.data_dir()]


def test_close_button_closes(qtbot, tmp_path: Path) -> None:
    dialog = AboutDialog(tmp_path / "v.pairdesk")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_application_icon_has_every_size() -> None:
    icon = application_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 64, 128, 256}


def test_help_menu_opens_about_with_the_vault_in_use(qtbot, ctx: ServiceContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    assert any(window.about_action in menu.actions() for menu in menus)
    window.about_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, AboutDialog)
    assert dialog.isVisible()
    assert dialog.vault_field.text() == str(ctx.vault.path)
    dialog.close_button.click()
    window.close()
    tasks.wait_for_idle()
