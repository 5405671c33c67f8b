"""The window on a read-only copy of a server (issue 14): a banner over every page says
where and when it was taken; every page opens and reads; "Make independent…", once
confirmed, hides it and changes work. No drafts are kept for a copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pairdesk.domain.enums import Role
from pairdesk.services import vaults
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store import server_copy
from pairdesk.store.vault import open_vault
from pairdesk.ui import errors as ui_errors
from pairdesk.ui import settings_dialog, tasks
from pairdesk.ui.main_window import PAGES, MainWindow
from pairdesk.ui.widgets import questions
from tests.factories import PASSPHRASE, insert_participant, make_participant

ADDRESS = "postgresql://marie@gem.example.org/tilleuls"
TAKEN = dt.datetime(2026, 11, 24, 17, 30).astimezone()
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def copy_ctx(vault_path: Path):
    with open_vault(vault_path, PASSPHRASE) as vault:
        insert_participant(ServiceContext(vault), "Karim", "Benali")
        with vault.engine.begin() as conn:
            server_copy.record(conn, ADDRESS, TAKEN)
    vault = open_vault(vault_path, PASSPHRASE)
    yield ServiceContext(vault, Operator(None, "Test", Role.COORDINATOR), lambda: TODAY)
    tasks.wait_for_idle()
    vault.close()


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    shown: list[BaseException] = []
    monkeypatch.setattr(ui_errors, "show_error", lambda _parent, exc: shown.append(exc))
    return shown


def _window(qtbot, ctx: ServiceContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tasks.wait_for_idle()
    return window


def test_the_banner_is_over_every_page_and_every_page_reads(
    qtbot, copy_ctx: ServiceContext, shown_errors: list[BaseException], tmp_path: Path
) -> None:
    window = _window(qtbot, copy_ctx)
    banner = window.copy_banner
    assert banner is not None and banner.isVisible()
    text = banner.label.text()
    assert text == (
        "Copie en lecture seule du serveur postgresql://marie@gem.example.org/tilleuls, prise "
        "le 24/11/2026 à 17:30 — consultation et impression."
    )
    assert banner.button.isEnabled() and banner.button.text() == "Rendre &indépendante…"
    for page in PAGES:
        window.go_to_page(page.key)
        tasks.wait_for_idle()
        qtbot.wait(50)
        tasks.wait_for_idle()
        # The banner sits above the pages: the same one whichever page is shown.
        assert banner.isVisible() and banner.geometry().bottom() <= window.stack.geometry().top()
    assert shown_errors == []
    assert window._collect_for_lock() == []  # no draft written into a copy
    window.grab().save(str(tmp_path / "copy-100.png"))


def test_the_banner_wraps_at_200_percent(
    qtbot, qapp, copy_ctx: ServiceContext, tmp_path: Path
) -> None:
    settings_dialog.apply_font_percent(qapp, 200)
    try:
        window = _window(qtbot, copy_ctx)
        window.resize(1366, 768)
        qtbot.wait(50)
        banner = window.copy_banner
        assert banner is not None
        window.grab().save(str(tmp_path / "copy-200.png"))
        assert banner.button.isVisible() and banner.label.isVisible()
        assert banner.button.geometry().right() <= banner.width()
        text_height = banner.label.fontMetrics().height()
        assert banner.label.height() >= 2 * text_height  # wrapped, not cut
    finally:
        settings_dialog.apply_font_percent(qapp, 100)


def test_make_independent_asks_then_changes_work(
    qtbot, copy_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, copy_ctx)
    banner = window.copy_banner
    assert banner is not None
    asked: list[str] = []

    def answer(_parent: QWidget | None, _title: str, text: str, *_a: object, **_k: object) -> bool:
        asked.append(text)
        return len(asked) > 1  # "Cancel" the first time, then yes

    monkeypatch.setattr(questions, "confirm", answer)
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    tasks.wait_for_idle()
    assert vaults.read_only_copy(copy_ctx) is not None and banner.isVisible()
    assert "ne reviendra jamais sur le serveur" in asked[0]

    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=10_000)
    assert vaults.read_only_copy(copy_ctx) is None
    assert "indépendant" in window.statusBar().currentMessage()
    make_participant(copy_ctx, "Alex", "Essai")  # changes work at once


def test_only_a_coordinator_may_press_it(qtbot, copy_ctx: ServiceContext) -> None:
    helper = copy_ctx.with_operator(Operator(7, "Nadia Fictive", Role.PEER_HELPER))
    window = _window(qtbot, helper)
    assert window.copy_banner is not None and not window.copy_banner.button.isEnabled()


def test_an_ordinary_vault_has_no_banner(qtbot, ctx: ServiceContext) -> None:
    assert _window(qtbot, ctx).copy_banner is None


def test_unlocking_a_copy_shows_the_banner_and_closing_makes_no_backup(
    qtbot, copy_ctx: ServiceContext, vault_path: Path
) -> None:
    from pairdesk import app as app_module
    from pairdesk import paths

    copy_ctx.vault.close()  # the launcher opens it itself
    launcher = app_module.Launcher(vault_path)
    launcher.start()
    try:
        dialog = launcher.unlock_dialog
        assert dialog is not None
        dialog.passphrase_field.setText(PASSPHRASE)
        qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
        # The copy's team is empty (a server's team are its logins): the name typed acts
        # as a coordinator, and nothing is written into the copy.
        qtbot.waitUntil(lambda: launcher.operator_dialog is not None, timeout=15_000)
        chooser = launcher.operator_dialog
        qtbot.waitUntil(lambda: chooser.loaded, timeout=10_000)
        chooser.first_name_field.setText("Marie")
        chooser.last_name_field.setText("Exemple")
        qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=15_000)
        window = launcher.main_window
        assert launcher.ctx is not None and launcher.ctx.operator.name == "Marie Exemple"
        assert window.copy_banner is not None and window.copy_banner.isVisible()
        window.close()
        tasks.wait_for_idle()
        assert launcher.last_backup is None
        assert not list(paths.backups_dir().glob("*.pairdesk"))
    finally:
        launcher.shutdown()
        tasks.wait_for_idle()
