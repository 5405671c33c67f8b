"""Lock after inactivity or Ctrl+L: the form being edited becomes an encrypted draft in the
vault, the window is destroyed, the vault backed up and closed; after unlocking, the draft
is offered back where the user was."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pairdesk import app as app_module
from pairdesk import paths
from pairdesk.domain.enums import Role
from pairdesk.services import backups, drafts, participants, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.team import TeamMemberInput
from pairdesk.store.vault import Vault, open_vault
from pairdesk.ui import lock, tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.participants.file_draft import describe
from pairdesk.ui.widgets import questions
from tests.factories import make_member, make_participant

PASSPHRASE = "correct horse ’ battery é"  # as tests/conftest.py


@pytest.fixture
def people(vault: Vault, vault_path: Path, ctx: ServiceContext) -> dict[str, int]:
    """A coordinator and one fictional participant; the vault closed again."""
    make_member(ctx, "Louis", "Exemple", Role.COORDINATOR)
    pid = make_participant(
        ctx, "Hélène", "Durand", city="Grenoble", membership_start=dt.date(2025, 9, 1)
    ).id
    vault.close()
    return {"helene": pid}


@pytest.fixture
def launcher(people, vault_path: Path):
    launcher = app_module.Launcher(vault_path)
    yield launcher
    launcher.shutdown()
    tasks.wait_for_idle()


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Answers to the "restore your changes?" question; the texts asked are recorded."""
    state: dict[str, object] = {"answer": True, "texts": []}

    def ask(parent, text) -> questions.DraftChoice:
        state["texts"].append(text)  # type: ignore[union-attr]
        answer = state["answer"]
        if isinstance(answer, questions.DraftChoice):
            return answer
        return questions.DraftChoice.RESTORE if answer else questions.DraftChoice.DISCARD

    monkeypatch.setattr(questions, "ask_restore_draft", ask)
    return state


@pytest.fixture
def no_unsaved_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> object:
        raise AssertionError("locking must not ask about unsaved changes")

    monkeypatch.setattr(questions, "ask_unsaved_changes", refuse)


def unlock(qtbot, launcher: app_module.Launcher) -> MainWindow:
    dialog = launcher.unlock_dialog
    assert dialog is not None
    dialog.passphrase_field.setText(PASSPHRASE)
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: launcher.operator_dialog is not None, timeout=10_000)
    chooser = launcher.operator_dialog
    qtbot.waitUntil(lambda: chooser.loaded, timeout=10_000)
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    window = launcher.main_window
    assert window is not None
    tasks.wait_for_idle()
    return window


def open_file(qtbot, window: MainWindow, pid: int):
    window.open_record("participants", pid)
    file_view = window.participants_view.file_view
    qtbot.waitUntil(lambda: file_view.data is not None and file_view.participant_id == pid)
    return file_view


def stored_drafts(vault_path: Path) -> list[drafts.DraftInfo]:
    vault = open_vault(vault_path, PASSPHRASE)
    try:
        return drafts.list_drafts(ServiceContext(vault))
    finally:
        vault.close()


@pytest.mark.leave_prompts
def test_inactivity_locks_keeps_the_draft_and_offers_it_back(
    qtbot, launcher, people, vault_path, asked, no_unsaved_prompt
) -> None:
    launcher.start()
    window = unlock(qtbot, launcher)
    assert window.inactivity.interval_ms == lock.DEFAULT_LOCK_MINUTES * 60_000
    file_view = open_file(qtbot, window, people["helene"])
    file_view.tabs.setCurrentWidget(file_view.identity_tab)
    file_view.identity_tab.city.setText("Quimper")
    assert file_view.is_dirty()
    vault = launcher.ctx.vault

    window.inactivity.set_interval_ms(30)  # instead of five minutes
    qtbot.waitUntil(lambda: launcher.main_window is None and vault.closed, timeout=10_000)
    assert launcher.unlock_dialog is not None and launcher.unlock_dialog.isVisible()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))  # destroyed, not hidden
    assert asked["texts"] == []

    (draft,) = stored_drafts(vault_path)
    assert draft.key == f"participant:{people['helene']}"
    assert draft.view == "participants"
    assert draft.payload["participant_id"] == people["helene"]
    assert draft.payload["identity"]["city"] == "Quimper"
    assert draft.payload["identity"]["first_name"] == "Hélène"
    # The vault was backed up on closing (once today).
    assert len(backups.list_backups(paths.backups_dir(), backups.BackupOwner("vault"))) == 1

    window = unlock(qtbot, launcher)
    file_view = window.participants_view.file_view
    qtbot.waitUntil(lambda: file_view.identity_tab.city.text() == "Quimper", timeout=10_000)
    assert len(asked["texts"]) == 1
    assert "Hélène Durand" in asked["texts"][0]
    assert window.current_page_key() == "participants"
    assert window.participants_view.currentWidget() is file_view
    assert file_view.participant_id == people["helene"]
    assert file_view.is_dirty()  # restored as changes, not saved behind the user's back
    ctx = launcher.ctx
    assert participants.get_participant(ctx, people["helene"]).city == "Grenoble"
    assert drafts.list_drafts(ctx) == []

    file_view.save()
    qtbot.waitUntil(lambda: not file_view.is_dirty(), timeout=10_000)
    assert participants.get_participant(ctx, people["helene"]).city == "Quimper"


@pytest.mark.leave_prompts
def test_ctrl_l_keeps_a_new_file_and_discarding_drops_it(
    qtbot, launcher, people, vault_path, asked, no_unsaved_prompt
) -> None:
    launcher.start()
    window = unlock(qtbot, launcher)
    window.participants_view.new_participant()
    file_view = window.participants_view.file_view
    file_view.identity_tab.first_name.setText("Yanis")
    file_view.identity_tab.notes.setPlainText("Note fictive")

    window.lock_action.trigger()
    qtbot.waitUntil(lambda: launcher.main_window is None, timeout=10_000)
    (draft,) = stored_drafts(vault_path)
    assert draft.key == "participant:new"
    assert draft.payload["identity"]["notes"] == "Note fictive"

    asked["answer"] = False
    window = unlock(qtbot, launcher)
    qtbot.waitUntil(lambda: len(asked["texts"]) == 1)
    tasks.wait_for_idle()
    assert asked["texts"][0] == describe({"participant_id": None})
    assert drafts.list_drafts(launcher.ctx) == []
    assert window.participants_view.file_view.identity_tab.first_name.text() == ""


def test_a_draft_is_offered_only_to_the_operator_who_left_it(
    qtbot, launcher, people, vault_path, asked
) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    other = ServiceContext(vault)
    member = team.create_member(other, TeamMemberInput("Nadia", "Fictive", Role.FACILITATOR))
    from pairdesk.services.context import operator_from_member
    from pairdesk.store.models import TeamMember

    with other.transaction() as session:
        nadia = operator_from_member(session.get(TeamMember, member.id))
    drafts.save_draft(other.with_operator(nadia), "participant:new", "participants", {"x": 1})
    vault.close()

    launcher.start()
    dialog = launcher.unlock_dialog
    dialog.passphrase_field.setText(PASSPHRASE)
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: launcher.operator_dialog is not None, timeout=10_000)
    chooser = launcher.operator_dialog
    qtbot.waitUntil(lambda: chooser.loaded)
    louis = next(m for m in chooser._members if m.first_name == "Louis")
    chooser.select_member(louis.id)
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    tasks.wait_for_idle()
    assert asked["texts"] == []
    assert [d.key for d in drafts.list_drafts(launcher.ctx)] == ["participant:new"]


def test_missing_usb_folder_is_reported_when_locking(
    qtbot, launcher, vault_path, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    stick = tmp_path / "CLE-USB" / "sauvegardes"
    launcher.start()
    window = unlock(qtbot, launcher)
    team.set_setting(launcher.ctx, backups.SETTING_FOLDER, str(stick))
    window.lock_action.trigger()
    assert launcher.unlock_dialog is not None
    box = launcher.message_box
    assert box is not None and box.isVisible()
    assert str(stick) in box.text()
    assert not stick.exists()
    assert backups.list_backups(paths.backups_dir(), backups.BackupOwner("vault")) == []


def test_lock_delay_comes_from_the_vault_setting(qtbot, launcher, people, vault_path) -> None:
    vault = open_vault(vault_path, PASSPHRASE)
    team.set_setting(ServiceContext(vault), lock.LOCK_SETTING, "2")
    vault.close()
    launcher.start()
    window = unlock(qtbot, launcher)
    assert window.inactivity.interval_ms == 2 * 60_000


@pytest.mark.parametrize(
    ("stored", "minutes"),
    [("1", 1), ("120", 120), ("0", 5), ("121", 5), ("", 5), ("dix", 5), (" 7 ", 7), (None, 5)],
)
def test_lock_minutes_are_checked(stored, minutes) -> None:
    assert lock.lock_minutes(stored) == minutes


def test_user_input_restarts_the_countdown(qtbot) -> None:
    """A key press starts the countdown again (read from the timer, not from a race between
    short waits and a short delay, which a loaded machine loses)."""
    from PySide6.QtWidgets import QLineEdit

    watcher = lock.InactivityWatcher()
    fired: list[int] = []
    watcher.timed_out.connect(lambda: fired.append(1))
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    watcher.timer.setTimerType(Qt.TimerType.PreciseTimer)  # remainingTime to the ms
    watcher.set_interval_ms(60_000)
    watcher.start()
    try:
        # Let the countdown run a little (waited for on the timer itself: qtbot.wait(300)
        # measured 285 ms on the timer's clock in CI).
        qtbot.waitUntil(lambda: watcher.timer.remainingTime() <= 59_700, timeout=5000)
        before = watcher.timer.remainingTime()
        assert 0 <= before <= 59_700
        qtbot.keyClick(field, Qt.Key.Key_A)
        assert watcher.timer.remainingTime() > before
        assert fired == []
        watcher.set_interval_ms(50)  # and once nobody types, it fires
        qtbot.waitUntil(lambda: fired == [1], timeout=5000)
    finally:
        watcher.stop()


@pytest.mark.leave_prompts
def test_inactivity_closes_a_changed_dialog_without_asking(
    qtbot, launcher, people, asked, no_unsaved_prompt
) -> None:
    from pairdesk.ui.views.team.members_tab import MemberDialog

    launcher.start()
    window = unlock(qtbot, launcher)
    dialog = MemberDialog(launcher.ctx, None, window)
    dialog.open()
    dialog.first_name_field.setText("Nadia")
    assert dialog.form.is_dirty()
    vault = launcher.ctx.vault
    window.inactivity.set_interval_ms(30)
    qtbot.waitUntil(lambda: launcher.main_window is None and vault.closed, timeout=10_000)
    assert launcher.unlock_dialog is not None and launcher.unlock_dialog.isVisible()


@pytest.mark.leave_prompts
def test_ctrl_l_in_an_open_dialog_locks_and_keeps_what_it_holds(
    qtbot, launcher, people, vault_path, no_unsaved_prompt
) -> None:
    """The window's Ctrl+L does not reach past a modal dialog: pressed in « Nouvelle
    étape », nothing happened (a tester). Now it locks as inactivity does."""
    from pairdesk.ui.views.participants.dialogs import EventDialog

    launcher.start()
    window = unlock(qtbot, launcher)
    dialog = EventDialog(launcher.ctx, people["helene"], [], window)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.title_field.setText("Rendez-vous Cap Emploi")
    vault = launcher.ctx.vault
    qtbot.keyClick(dialog.title_field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: launcher.main_window is None and vault.closed, timeout=10_000)
    assert launcher.unlock_dialog is not None and launcher.unlock_dialog.after_lock
    texts = [str(d.payload) for d in stored_drafts(vault_path)]
    assert any("Rendez-vous Cap Emploi" in text for text in texts), texts


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (Qt.Key.Key_Return, questions.DraftChoice.RESTORE),
        (Qt.Key.Key_Escape, questions.DraftChoice.LATER),
    ],
)
def test_return_or_escape_never_throws_a_draft_away(qtbot, key, expected) -> None:
    """ "Discard" was the default and the Escape button: a person who had just pressed
    Return twice to unlock lost their CV at the third (a tester did)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, answer)
    assert questions.ask_restore_draft(None, "Vous rédigiez un CV.") is expected


def test_later_keeps_the_draft_for_the_next_unlock(
    qtbot, launcher, people, vault_path, asked
) -> None:
    launcher.start()
    window = unlock(qtbot, launcher)
    window.participants_view.new_participant()
    window.participants_view.file_view.identity_tab.first_name.setText("Yanis")
    window.lock_action.trigger()
    qtbot.waitUntil(lambda: launcher.main_window is None, timeout=10_000)

    asked["answer"] = questions.DraftChoice.LATER
    window = unlock(qtbot, launcher)
    qtbot.waitUntil(lambda: len(asked["texts"]) == 1)
    tasks.wait_for_idle()
    assert [d.key for d in drafts.list_drafts(launcher.ctx)] == ["participant:new"]
    assert window.participants_view.file_view.identity_tab.first_name.text() == ""

    window.lock_action.trigger()
    qtbot.waitUntil(lambda: launcher.main_window is None, timeout=10_000)
    asked["answer"] = questions.DraftChoice.RESTORE
    window = unlock(qtbot, launcher)
    qtbot.waitUntil(lambda: len(asked["texts"]) == 2)
    qtbot.waitUntil(
        lambda: window.participants_view.file_view.identity_tab.first_name.text() == "Yanis",
        timeout=5000,
    )


def test_escape_on_the_lock_screen_does_not_quit(qtbot, launcher, people) -> None:
    """After Ctrl+L the unlock dialog is a lock screen: Escape clears the passphrase and
    pairdesk stays; « Quitter » still quits. At start-up Escape quits as before."""
    finished: list[int] = []
    launcher.finished.connect(finished.append)
    launcher.start()
    first = launcher.unlock_dialog
    assert first is not None and not first.after_lock
    window = unlock(qtbot, launcher)
    window.lock_action.trigger()
    qtbot.waitUntil(lambda: launcher.unlock_dialog is not None, timeout=10_000)
    dialog = launcher.unlock_dialog
    assert dialog.after_lock
    assert "locked" in dialog.intro_label.text() or "verrouillé" in dialog.intro_label.text()

    dialog.passphrase_field.setText("a mistyped one")
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Escape)
    assert dialog.isVisible() and launcher.unlock_dialog is dialog
    assert dialog.passphrase_field.text() == ""
    assert finished == []

    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: finished == [0], timeout=5_000)


def test_escape_at_start_up_still_quits(qtbot, launcher) -> None:
    finished: list[int] = []
    launcher.finished.connect(finished.append)
    launcher.start()
    dialog = launcher.unlock_dialog
    assert dialog is not None
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: finished == [0], timeout=5_000)


@pytest.mark.leave_prompts
def test_a_signal_to_quit_keeps_the_draft_without_asking(
    qtbot, launcher, people, vault_path, no_unsaved_prompt
) -> None:
    """``kill`` or a session closing (``app._quit_on_signals``): what was typed is kept as
    a draft, as at a lock, and pairdesk ends without any question."""
    finished: list[int] = []
    launcher.finished.connect(finished.append)
    launcher.start()
    window = unlock(qtbot, launcher)
    file_view = open_file(qtbot, window, people["helene"])
    file_view.identity_tab.city.setText("Morlaix")
    vault = launcher.ctx.vault

    launcher.quit_keeping_drafts()
    qtbot.waitUntil(lambda: finished == [0], timeout=10_000)
    assert vault.closed and launcher.unlock_dialog is None
    (draft,) = stored_drafts(vault_path)
    assert draft.payload["identity"]["city"] == "Morlaix"


def test_a_window_left_open_backs_the_vault_up_once_a_day(qtbot, ctx, vault) -> None:
    """Backups were made at a lock and on closing only: a laptop left open for weeks got
    none (a tester). The window asks for today's every hour; once made, nothing more."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    tasks.wait_for_idle()
    assert window.backup_timer.isActive()
    owner = backups.BackupOwner("vault")
    assert backups.list_backups(paths.backups_dir(), owner) == []
    window.backup_timer.timeout.emit()  # as an hour later
    tasks.wait_for_idle()
    made = backups.list_backups(paths.backups_dir(), owner)
    assert len(made) == 1
    window.backup_timer.timeout.emit()
    tasks.wait_for_idle()
    assert backups.list_backups(paths.backups_dir(), owner) == made  # one a day


def test_a_read_only_window_locks_when_its_file_is_replaced(
    qtbot, ctx, vault, vault_path, tmp_path
) -> None:
    """Opened read-only while another pairdesk holds the vault; that pairdesk restores a
    backup: this window went on showing the old file without a word (a tester). It now
    locks, saying why."""
    import shutil

    copy = backups.auto_backup(vault, folder=tmp_path / "bk")
    assert copy is not None
    read_only = open_vault(vault_path, PASSPHRASE, read_only=True)
    try:
        window = MainWindow(ServiceContext(read_only, ctx.operator, ctx.clock))
        qtbot.addWidget(window)
        window.show()
        tasks.wait_for_idle()
        assert window.replaced_timer.isActive()
        locked: list[bool] = []
        window.lock_requested.connect(lambda: locked.append(True))
        window.replaced_timer.timeout.emit()  # nothing replaced yet
        tasks.wait_for_idle()
        assert locked == [] and window.lock_reason is None

        staged = tmp_path / "restored.pairdesk"
        shutil.copyfile(copy, staged)
        os.replace(staged, vault_path)  # as a restore puts the backup in place
        window.replaced_timer.timeout.emit()
        qtbot.waitUntil(lambda: locked == [True], timeout=10_000)
        assert window.lock_reason and "remplacé" in window.lock_reason
    finally:
        read_only.close()
