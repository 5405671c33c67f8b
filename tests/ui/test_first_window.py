"""The first window: unlock (wrong then right passphrase), main window, lock, tasks, errors."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from pairdesk import app as app_module
from pairdesk import paths
from pairdesk.domain.text import fold, search_text
from pairdesk.errors import CannotUnlock, UserError
from pairdesk.i18n import _
from pairdesk.store.models import Participant
from pairdesk.store.vault import Vault, open_vault
from pairdesk.ui import demo_vault, tasks
from pairdesk.ui.errors import error_message
from pairdesk.ui.main_window import PAGES, MainWindow
from pairdesk.ui.models.participants_model import Column

# Same constant as tests/conftest.py (conftest is not importable as a module).
PASSPHRASE = "correct horse ’ battery é"
PEOPLE = [("Hélène", "Durand"), ("Karim", "Benali"), ("Sofia", "Nguyễn"), ("Paul", "Zimmer")]


@pytest.fixture
def filled_vault(vault: Vault, vault_path: Path) -> Path:
    """The vault file with a few fictional participants, closed again."""
    with vault.transaction() as session:
        for first, last in PEOPLE:
            session.add(
                Participant(
                    first_name=first,
                    last_name=last,
                    city="Grenoble",
                    membership_start=dt.date(2025, 9, 1),
                    search_text=search_text(first, last, "Grenoble"),
                    sort_name=fold(f"{last} {first}"),
                )
            )
    vault.close()
    return vault_path


@pytest.fixture
def launcher(filled_vault: Path):
    launcher = app_module.Launcher(filled_vault)
    yield launcher
    launcher.shutdown()
    tasks.wait_for_idle()


@pytest.fixture
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes record their text instead of blocking the test."""
    shown: list[str] = []

    def fake_exec(self: QMessageBox) -> int:
        shown.append(self.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def unlock(qtbot, launcher: app_module.Launcher, passphrase: str) -> MainWindow:
    """Type the passphrase, then pass the operator dialog: the vault's only (or the demo's
    first) coordinator, or a first coordinator created for an empty team."""
    dialog = launcher.unlock_dialog
    assert dialog is not None
    dialog.passphrase_field.setText(passphrase)
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: launcher.operator_dialog is not None, timeout=10_000)
    chooser = launcher.operator_dialog
    assert chooser is not None
    qtbot.waitUntil(lambda: chooser.loaded, timeout=10_000)
    if chooser.first_group.isVisible():
        chooser.first_name_field.setText("Camille")
        chooser.last_name_field.setText("Exemple")
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    assert launcher.main_window is not None
    return launcher.main_window


def test_wrong_then_right_passphrase_opens_the_list(qtbot, launcher, filled_vault) -> None:
    launcher.start()
    dialog = launcher.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.path_label.text() == str(filled_vault)
    assert not dialog.demo_label.isVisible()
    assert dialog.passphrase_field.echoMode() == dialog.passphrase_field.EchoMode.Password

    qtbot.keyClicks(dialog.passphrase_field, "not the passphrase")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    with pytest.raises(CannotUnlock) as refused:
        open_vault(filled_vault, "not the passphrase")
    assert dialog.error_label.text() == refused.value.message
    assert launcher.main_window is None
    assert dialog.isVisible() and dialog.passphrase_field.isEnabled()

    window = unlock(qtbot, launcher, PASSPHRASE)
    assert window.isVisible()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    view = window.participants_view
    assert window.stack.currentWidget() is view
    assert view.model.rowCount() == len(PEOPLE)
    assert view.model.index(0, Column.LAST_NAME).data() == "Benali"
    assert "4" in view.count_label.text()
    assert filled_vault.name in window.vault_label.text()
    assert launcher.ctx is not None
    assert launcher.ctx.operator.name in window.operator_label.text()


def test_search_as_you_type_and_ctrl_f(qtbot, launcher) -> None:
    launcher.start()
    window = unlock(qtbot, launcher, PASSPHRASE)
    view = window.participants_view
    window.navigation.setCurrentRow(0)
    window.search_action.trigger()
    assert window.stack.currentWidget() is view
    assert window.focusWidget() is view.search_field

    qtbot.keyClicks(view.search_field, "helene")
    assert view.model.rowCount() == len(PEOPLE)  # debounced: not yet
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)
    assert view.model.index(0, Column.FIRST_NAME).data() == "Hélène"
    view.search_field.setText("nguyen")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.model.index(0, 1).data() == "Sofia")
    view.search_field.setText("zzzz")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.count_label.text() == _("No participant matches this search.")


def test_activating_a_row_opens_the_file(qtbot, launcher) -> None:
    launcher.start()
    window = unlock(qtbot, launcher, PASSPHRASE)
    view = window.participants_view
    view.table.setFocus()
    view.table.selectRow(0)
    first_id = view.model.participant_id(0)
    view.table.activated.emit(view.model.index(0, 0))
    qtbot.waitUntil(lambda: view.file_view.participant_id == first_id, timeout=5000)


def test_every_page_is_a_real_view(qtbot, launcher) -> None:
    """No placeholder hides a view that cannot be imported: each page is its view's own
    widget (issue 10: a broken import fails loudly)."""
    launcher.start()
    window = unlock(qtbot, launcher, PASSPHRASE)
    assert window.navigation.count() == len(PAGES) == 10
    for index, page in enumerate(PAGES):
        window.navigation.setCurrentRow(index)
        widget = window.stack.currentWidget()
        assert type(widget).__module__.startswith("pairdesk.ui.views."), page.key
        assert widget.accessibleName() or widget is window.participants_view


def test_lock_returns_to_unlock_and_settings_hold_no_names(qtbot, launcher) -> None:
    launcher.start()
    window = unlock(qtbot, launcher, PASSPHRASE)
    vault = launcher.ctx.vault
    window.participants_view.search_field.setText("Hélène")
    window.resize(1100, 700)
    window.lock_action.trigger()
    assert vault.closed
    assert launcher.main_window is None
    assert launcher.unlock_dialog is not None and launcher.unlock_dialog.isVisible()
    settings = paths.config_dir() / "window.ini"
    text = settings.read_text(encoding="utf-8", errors="replace")
    assert "geometry" in text
    for first, last in PEOPLE:
        assert first not in text and last not in text
    assert PASSPHRASE not in text

    window = unlock(qtbot, launcher, PASSPHRASE)  # the same dialog flow again
    assert window.participants_view.model.rowCount() == len(PEOPLE)


def test_demo_note_is_shown(qtbot, filled_vault) -> None:
    from pairdesk.ui.unlock_dialog import UnlockDialog

    dialog = UnlockDialog(filled_vault, demo=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.demo_label.isVisible()
    assert dialog.demo_label.text() == _("Demo vault — passphrase: demo")
    # No list of vaults is shown: the note does not ask to choose one.
    assert dialog.intro_label.text() == _("Type the demo vault's passphrase to open it.")


def test_run_task_delivers_on_gui_thread(qtbot) -> None:
    results: list[tuple[int, bool]] = []
    gui = threading.get_ident()

    def work() -> int:
        assert threading.get_ident() != gui
        return 42

    tasks.run_task(None, work, on_done=lambda r: results.append((r, threading.get_ident() == gui)))
    assert tasks.wait_for_idle(5)
    assert results == [(42, True)]


def test_run_task_errors_and_cancel(qtbot) -> None:
    errors: list[BaseException] = []
    tasks.run_task(
        None,
        lambda: (_ for _ in ()).throw(UserError("refused")),
        on_done=lambda r: pytest.fail("no result expected"),
        on_error=errors.append,
    )
    assert tasks.wait_for_idle(5)
    assert [str(e) for e in errors] == ["refused"]

    started = threading.Event()
    seen: list[int] = []
    cancelled: list[bool] = []

    def long_work(progress) -> None:
        started.set()
        for i in range(10_000):
            if not progress(i, 10_000):
                seen.append(i)
                raise tasks.TaskCancelled
            threading.Event().wait(0.001)
        pytest.fail("should have been stopped")

    task = tasks.run_task(
        None,
        long_work,
        on_done=lambda r: pytest.fail("no result expected"),
        on_cancel=lambda: cancelled.append(True),
        progress=True,
    )
    assert started.wait(5)
    task.cancel()
    assert tasks.wait_for_idle(10)
    assert cancelled == [True] and seen and seen[0] < 10_000


def test_progress_dialog_appears_after_a_second(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(tasks, "PROGRESS_DELAY_MS", 50)
    release = threading.Event()
    task = tasks.run_task(
        None,
        lambda progress: (progress(1, 4), release.wait(5))[0],
        on_done=lambda r: None,
        busy_text="Working on it",
        progress=True,
    )
    qtbot.waitUntil(lambda: task._dialog is not None and task._dialog.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: task._dialog.maximum() == 4)
    cancel_button = task._dialog.findChild(QPushButton)
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert task.cancelled
    release.set()
    assert tasks.wait_for_idle(5)
    assert task._dialog is None


def test_bug_is_logged_without_personal_data(qtbot, no_modal_boxes, caplog) -> None:
    first, street = "Hélène", "rue des Lilas"  # source lines are logged: keep data out of them
    try:
        raise ValueError(f"{first} Durand, 12 {street}")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR, logger="pairdesk"):
            app_module._excepthook(type(exc), exc, exc.__traceback__)
    assert "ValueError" in caplog.text
    assert "test_bug_is_logged_without_personal_data" in caplog.text
    assert "Hélène" not in caplog.text and "Lilas" not in caplog.text
    assert len(no_modal_boxes) == 1
    assert str(paths.log_dir()) in no_modal_boxes[0]
    assert "Hélène" not in no_modal_boxes[0]


def test_user_error_shows_its_own_message(qtbot, no_modal_boxes, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="pairdesk"):
        app_module._excepthook(UserError, UserError("Le coffre est verrouillé."), None)
    assert no_modal_boxes == ["Le coffre est verrouillé."]
    assert error_message(UserError("x")) == "x"
    assert caplog.text == ""


def test_demo_vault_opens_with_demo_passphrase(qtbot, tmp_path) -> None:
    pytest.importorskip("pairdesk.services.demo")
    steps: list[tuple[int, int]] = []
    path = demo_vault.build_demo_vault(
        tmp_path / "demo.pairdesk", lambda d, t: not steps.append((d, t))
    )
    assert steps and steps[-1] == (demo_vault.DEMO_PARTICIPANTS, demo_vault.DEMO_PARTICIPANTS)
    launcher = app_module.Launcher(path, demo=True)
    try:
        launcher.start()
        assert launcher.unlock_dialog is not None and launcher.unlock_dialog.demo_label.isVisible()
        window = unlock(qtbot, launcher, "demo")
        assert window.participants_view.model.rowCount() == demo_vault.DEMO_PARTICIPANTS
    finally:
        launcher.shutdown()


def test_cancelled_demo_raises_task_cancelled(tmp_path) -> None:
    pytest.importorskip("pairdesk.services.demo")
    with pytest.raises(tasks.TaskCancelled):
        demo_vault.build_demo_vault(tmp_path / "demo.pairdesk", lambda d, t: d < 10)


def test_columns_fill_the_table_until_the_user_resizes(qtbot, launcher) -> None:
    launcher.start()
    window = unlock(qtbot, launcher, PASSPHRASE)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.isVisible())
    view = window.participants_view
    table = view.table

    def total() -> int:
        return sum(table.columnWidth(c) for c in range(view.model.columnCount()))

    qtbot.waitUntil(lambda: abs(total() - table.viewport().width()) < len(Column) + 2)
    table.horizontalHeader().resizeSection(Column.CITY, 300)  # as a user dragging
    window.resize(1200, 700)
    qtbot.wait(50)
    assert table.columnWidth(Column.CITY) == 300


def test_lock_during_pending_search_reaches_no_deleted_widget(
    qtbot, launcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9: a search typed just before the lock comes due while the vault closes (the
    backup on close keeps the event loop turning); it must not touch the destroyed page."""
    from pairdesk.services import backups
    from pairdesk.ui.views.participants.list_view import SEARCH_DEBOUNCE_MS

    original = backups.backup_on_close

    def slow_backup(vault: Vault) -> backups.CloseBackupResult:
        # As on a loaded 2-core machine: the debounce fires while the backup runs.
        threading.Event().wait((SEARCH_DEBOUNCE_MS + 200) / 1000)
        return original(vault)

    monkeypatch.setattr(backups, "backup_on_close", slow_backup)
    launcher.start()
    window = unlock(qtbot, launcher, PASSPHRASE)
    view = window.participants_view.list_view
    searched: list[str] = []
    monkeypatch.setattr(view.model, "set_filter", lambda flt: searched.append(flt.search))
    view.search_field.setText("Hél")  # starts the debounce timer
    window.lock_action.trigger()
    qtbot.wait(SEARCH_DEBOUNCE_MS + 100)  # pytest-qt fails the test on an exception in a slot
    assert launcher.main_window is None
    assert searched == []  # dropped, not run against a closed vault and a deleted label
    assert launcher.unlock_dialog is not None and launcher.unlock_dialog.isVisible()
