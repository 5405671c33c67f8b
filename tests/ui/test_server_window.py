"""The window on a PostgreSQL server (issue 14): an address from ``--vault`` or
``PAIRDESK_VAULT`` reaches the unlock dialog, "Open another vault…" has a "Server" tab,
the passphrase field takes the user's password, the login is the operator (no operator
step), the address is remembered without the password, and a refused login, an
unreachable server or a refused certificate is said in the dialog, never as a bug."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pairdesk import app as app_module
from pairdesk import paths
from pairdesk.services import vaults
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.open_vault_dialog import SERVER_TAB, OpenVaultDialog, address_parts
from pairdesk.ui.unlock_dialog import RECENT_FILENAME, UnlockDialog, recent_vaults
from tests import pg
from tests.factories import make_participant


@pytest.fixture
def started():
    launchers: list[app_module.Launcher] = []

    def start(location: paths.Location) -> app_module.Launcher:
        launcher = app_module.Launcher(location)
        launchers.append(launcher)
        launcher.start()
        return launcher

    yield start
    for launcher in launchers:
        launcher.shutdown()
    tasks.wait_for_idle()


@pytest.fixture
def server_with_people(pg_address: str) -> str:
    ctx = vaults.unlock(pg_address, pg.PG_PASSWORD)
    try:
        make_participant(ctx, "Hélène", "Exemple")
        make_participant(ctx, "Karim", "Fictif")
    finally:
        ctx.vault.close()
    return pg_address


def _unlock(qtbot, launcher: app_module.Launcher, password: str) -> UnlockDialog:
    dialog = launcher.unlock_dialog
    assert dialog is not None
    dialog.passphrase_field.setText(password)
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
    return dialog


def test_the_window_opens_on_a_server_and_lists_its_participants(
    qtbot, started, server_with_people: str
) -> None:
    launcher = started(server_with_people)
    dialog = launcher.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.vault_path == server_with_people
    assert dialog.path_label.text() == server_with_people
    assert dialog.passphrase_label.text() == "&Mot de passe :"
    assert not dialog.error_label.isVisible()  # a server is not "no vault at this place"
    _unlock(qtbot, launcher, pg.PG_PASSWORD)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=20_000)
    assert launcher.operator_dialog is None  # the login is the operator
    window = launcher.main_window
    assert isinstance(window, MainWindow)
    assert window.ctx.operator.name == pg.PG_USER
    page = window.participants_view
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    names = {page.model.index(row, 1).data() for row in range(2)}
    assert names == {"Hélène", "Karim"}
    # no file passphrase nor file backups on a server
    assert not window.passphrase_action.isEnabled() and not window.backups_action.isEnabled()
    # remembered by its address, never with the password
    assert recent_vaults()[0] == server_with_people
    stored = (paths.config_dir() / RECENT_FILENAME).read_text(encoding="utf-8")
    assert pg.PG_PASSWORD not in stored


def test_pairdesk_vault_may_name_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    address = "postgresql://camille@gem.example.org:5433/gem"
    monkeypatch.setenv("PAIRDESK_VAULT", address)
    assert paths.vault_location() == address
    assert paths.vault_location("/tmp/autre.pairdesk") == Path("/tmp/autre.pairdesk")
    monkeypatch.delenv("PAIRDESK_VAULT")
    assert paths.vault_location(address) == address
    assert paths.vault_location() == paths.default_vault_path()


def test_the_server_tab_builds_the_address(qtbot, tmp_path: Path) -> None:
    unlock = UnlockDialog(tmp_path / "ailleurs.pairdesk")
    qtbot.addWidget(unlock)
    unlock.show()
    qtbot.mouseClick(unlock.open_other_button, Qt.MouseButton.LeftButton)
    chooser = unlock.open_dialog
    assert isinstance(chooser, OpenVaultDialog)
    qtbot.waitUntil(chooser.isVisible)
    chooser.tabs.setCurrentIndex(SERVER_TAB)
    chooser.host_field.setText("gem.example.org")
    chooser.port_field.setText("port")
    chooser.database_field.setText("gem_tilleuls")
    qtbot.mouseClick(chooser.choose_button, Qt.MouseButton.LeftButton)
    assert chooser.isVisible() and chooser.error_label.isVisible()  # no user name yet
    chooser.user_field.setText("camille.d")
    qtbot.mouseClick(chooser.choose_button, Qt.MouseButton.LeftButton)
    assert chooser.error_label.text() == "Le port est un nombre entre 1 et 65535."
    chooser.port_field.setText("5433")
    chooser.rootcert_field.setText("/etc/gem/ca.crt")
    qtbot.mouseClick(chooser.choose_button, Qt.MouseButton.LeftButton)
    address = "postgresql://camille.d@gem.example.org:5433/gem_tilleuls?sslrootcert=/etc/gem/ca.crt"
    assert unlock.vault_path == address
    assert unlock.path_label.text() == address
    assert unlock.passphrase_field.accessibleName() == "Mot de passe"
    assert "gem_tilleuls — sur le serveur gem.example.org:5433" in (
        unlock.recent_list.currentItem().text()
    )
    # opened again, the Server tab shows that address's fields
    qtbot.mouseClick(unlock.open_other_button, Qt.MouseButton.LeftButton)
    again = unlock.open_dialog
    assert again is not chooser and again.tabs.currentIndex() == SERVER_TAB
    assert again.user_field.text() == "camille.d"
    assert address_parts(address)["rootcert"] == "/etc/gem/ca.crt"
    again.reject()


def _refusal(qtbot, started, location: str, password: str) -> str:
    launcher = started(location)
    dialog = _unlock(qtbot, launcher, password)
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=20_000)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=20_000)
    assert launcher.main_window is None and dialog.isVisible()
    assert recent_vaults() == []  # a vault that did not open is not remembered
    return dialog.error_label.text()


def test_a_wrong_password_is_said_in_the_dialog(qtbot, started, pg_address: str) -> None:
    text = _refusal(qtbot, started, pg_address, "pas le bon")
    assert "mot de passe" in text and "Traceback" not in text


def test_an_unreachable_server_is_said_in_the_dialog(qtbot, started) -> None:
    nobody = f"postgresql://camille@127.0.0.1:{pg.free_port()}/gem"
    text = _refusal(qtbot, started, nobody, "un mot de passe")
    assert "injoignable" in text


def test_a_refused_certificate_is_said_in_the_dialog(qtbot, started, pg_address: str) -> None:
    text = _refusal(qtbot, started, pg_address + "?sslmode=verify-full", pg.PG_PASSWORD)
    assert "certificat" in text


def test_a_bad_address_is_said_in_the_dialog(qtbot, started) -> None:
    text = _refusal(qtbot, started, "postgresql://gem.example.org/", "x")
    assert "postgresql://USER@HOST[:PORT]/DATABASE" in text  # how to write it
