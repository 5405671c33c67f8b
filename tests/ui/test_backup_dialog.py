"""Backups dialog (back up now, folder, restore) and the passphrase change, through the
real window and launcher."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pairdesk import app as app_module
from pairdesk import paths
from pairdesk.domain.enums import Role
from pairdesk.domain.passphrase import Strength
from pairdesk.errors import CannotUnlock
from pairdesk.i18n import _
from pairdesk.services import backups, participants, team
from pairdesk.services.context import ServiceContext, operator_from_member
from pairdesk.services.team import TeamMemberInput
from pairdesk.store.models import TeamMember
from pairdesk.store.vault import Vault, open_vault
from pairdesk.ui import tasks
from pairdesk.ui.backup_dialog import BackupDialog
from pairdesk.ui.main_window import MainWindow
from tests.factories import make_participant

PASSPHRASE = "correct horse ’ battery é"  # as tests/conftest.py
NEW_PASSPHRASE = "quatre mots bien ordinaires ’ ü"


@pytest.fixture
def launcher(vault: Vault, vault_path: Path, ctx: ServiceContext, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    team.create_member(ctx, TeamMemberInput("Louis", "Exemple", Role.COORDINATOR))
    vault.close()
    launcher = app_module.Launcher(vault_path)
    yield launcher
    launcher.shutdown()
    tasks.wait_for_idle()


def unlock(qtbot, launcher: app_module.Launcher, passphrase: str = PASSPHRASE) -> MainWindow:
    dialog = launcher.unlock_dialog
    assert dialog is not None
    dialog.passphrase_field.setText(passphrase)
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: launcher.operator_dialog is not None, timeout=10_000)
    chooser = launcher.operator_dialog
    qtbot.waitUntil(lambda: chooser.loaded, timeout=10_000)
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    tasks.wait_for_idle()
    return launcher.main_window


def names(ctx: ServiceContext) -> set[str]:
    rows = participants.list_participants(ctx, participants.ParticipantFilter())
    return {r.first_name for r in rows}


def open_backups(qtbot, window: MainWindow) -> BackupDialog:
    window.backups_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, BackupDialog)
    qtbot.waitUntil(lambda: dialog.state is not None)
    return dialog


def test_restore_keeps_the_current_vault_and_returns_to_unlock(qtbot, launcher, vault_path) -> None:
    launcher.start()
    window = unlock(qtbot, launcher)
    make_participant(launcher.ctx, "Avant", membership_start=dt.date(2025, 1, 6))
    dialog = open_backups(qtbot, window)
    assert dialog.model.rowCount() == 0 and dialog.empty_label.isVisible()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    (made,) = backups.list_backups(paths.backups_dir(), backups.BackupOwner("vault"))
    assert dialog.selected() == made
    make_participant(
        launcher.ctx, "Apres", membership_start=dt.date(2025, 1, 6)
    )  # recorded after the backup

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    confirm = dialog.restore_dialog
    assert confirm is not None and confirm.isVisible()
    assert "vault-before-restore" in confirm.explanation.text()
    confirm.passphrase_field.setText("pas la bonne")
    qtbot.mouseClick(confirm.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "passphrase" in confirm.errors.shown(), timeout=10_000)
    assert launcher.main_window is window and not launcher.ctx.vault.closed

    confirm.passphrase_field.setText(PASSPHRASE)
    qtbot.mouseClick(confirm.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: launcher.unlock_dialog is not None and launcher.message_box is not None,
        timeout=15_000,
    )
    assert launcher.main_window is None and launcher.ctx is None
    kept = [
        b
        for b in backups.list_backups(paths.backups_dir(), backups.BackupOwner("vault"))
        if b.before_restore
    ]
    assert len(kept) == 1 and kept[0].path.name.startswith("vault-before-restore-")
    old = open_vault(kept[0].path, PASSPHRASE)  # the replaced vault, intact
    try:
        assert names(ServiceContext(old)) == {"Avant", "Apres"}
    finally:
        old.close()

    window = unlock(qtbot, launcher)
    assert names(launcher.ctx) == {"Avant"}


def test_back_up_now_and_choose_a_folder(qtbot, launcher, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    stick = tmp_path / "CLE"
    stick.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(stick))
    )
    launcher.start()
    window = unlock(qtbot, launcher)
    dialog = open_backups(qtbot, window)
    assert not dialog.default_button.isEnabled()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state is not None and dialog.state.chosen)
    assert str(stick) in dialog.folder_label.text()
    assert team.get_setting(launcher.ctx, backups.SETTING_FOLDER) == str(stick)

    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert len(backups.list_backups(stick, backups.BackupOwner("vault"))) == 1
    assert backups.list_backups(paths.backups_dir(), backups.BackupOwner("vault")) == []

    stick.rename(tmp_path / "retiree")  # the USB stick is unplugged
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.folder_problem.isVisible())
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: str(stick) in dialog.status_label.text())
    assert str(stick) in dialog.status_label.text()

    qtbot.mouseClick(dialog.default_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state is not None and not dialog.state.chosen)


def test_a_facilitator_cannot_choose_the_folder_nor_restore(qtbot, vault, ctx, monkeypatch) -> None:
    member = team.create_member(ctx, TeamMemberInput("Nadia", "Fictive", Role.FACILITATOR))
    with ctx.transaction() as session:
        helper = ctx.with_operator(operator_from_member(session.get(TeamMember, member.id)))
    window = MainWindow(helper)
    qtbot.addWidget(window)
    dialog = open_backups(qtbot, window)
    assert dialog.backup_button.isEnabled()
    for button in (dialog.choose_button, dialog.restore_button, dialog.restore_file_button):
        assert not button.isEnabled()
    assert not window.passphrase_action.isEnabled()
    assert not window.audit_action.isEnabled()
    assert not window.privacy_action.isEnabled()


def test_change_the_passphrase_then_reopen_with_the_new_one(qtbot, launcher, vault_path) -> None:
    from pairdesk.ui.passphrase_dialog import PassphraseDialog

    launcher.start()
    window = unlock(qtbot, launcher)
    operator = launcher.ctx.operator
    window.passphrase_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, PassphraseDialog) and dialog.passphrase.warning_label.isVisible()
    assert dialog.passphrase.warning_label.text() == _(
        "Warning: if the new passphrase is forgotten, the vault CANNOT be opened "
        "again and nobody — not the pairdesk team, not a technician — can recover "
        "it or the records inside. Write it on the emergency sheet kept in the "
        "association's safe."
    )

    dialog.old_field.setText("pas la bonne")
    dialog.new_field.setText(NEW_PASSPHRASE)
    assert Strength.STRONG.label in dialog.passphrase.strength_label.text()
    dialog.confirm_field.setText(NEW_PASSPHRASE + "x")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert set(dialog.errors.shown()) == {"confirm"}
    dialog.confirm_field.setText(NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "old" in dialog.errors.shown(), timeout=10_000)
    assert dialog.new_field.text() == NEW_PASSPHRASE  # nothing typed is lost

    dialog.old_field.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: launcher.main_window is not None and launcher.main_window is not window,
        timeout=20_000,
    )
    assert launcher.ctx.operator == operator  # same person, no second sign-in
    assert launcher.unlock_dialog is None
    launcher.shutdown()
    with pytest.raises(CannotUnlock):
        open_vault(vault_path, PASSPHRASE)
    open_vault(vault_path, NEW_PASSPHRASE).close()


def test_the_dialog_lists_this_vaults_backups_and_nothing_else(qtbot, launcher) -> None:
    from pairdesk.ui.models.backups_model import kind_text

    folder = paths.backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stranger = backups.BackupOwner("vault", "f" * 32)  # same file name, another vault
    (folder / backups.backup_name(stranger, dt.datetime(2026, 11, 20, 10))).write_bytes(b"x")
    (folder / "asso-20261120-100000.pairdesk").write_bytes(b"x")  # another vault's file
    old = folder / "vault-20261119-100000.pairdesk"  # named before vault ids: still shown
    old.write_bytes(b"x")
    launcher.start()
    window = unlock(qtbot, launcher)
    dialog = open_backups(qtbot, window)
    assert [b.path for b in dialog.state.backups] == [old]
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10_000)
    made = dialog.state.backups[0]
    assert made.manual and made.path.name.endswith("-manual.pairdesk")
    assert kind_text(made) == _("Manual backup")
    assert len(list(folder.iterdir())) == 4


def test_a_backup_of_another_vault_chosen_as_a_file_asks_first(
    qtbot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Restore from a file…" took another association's backup without a word."""
    from pairdesk.store.vault import create_vault
    from pairdesk.ui.backup_dialog import RestoreDialog
    from pairdesk.ui.widgets import questions

    other = create_vault(tmp_path / "erables.pairdesk", PASSPHRASE, association_name="GEM B")
    other_id = backups.read_vault_id(other)
    other.close()
    info = backups.BackupInfo(other.path, dt.datetime(2026, 11, 20, 18, 0), 1, False)
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def confirm(_parent, title, *_args, **_kwargs) -> bool:
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(questions, "confirm", confirm)
    own_id = backups.read_vault_id(vault)
    assert own_id is not None and other_id is not None and own_id != other_id
    dialog = RestoreDialog(info, vault_id=own_id)
    qtbot.addWidget(dialog)
    confirmed: list[object] = []
    dialog.confirmed.connect(lambda path, _p: confirmed.append(path))
    dialog.show()
    for attempt in (1, 2):
        dialog.passphrase_field.setText(PASSPHRASE)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda n=attempt: len(asked) == n, timeout=10_000)
        tasks.wait_for_idle()
    assert confirmed == [other.path]  # "Do not restore it" first, then "all the same"
    same = RestoreDialog(info, vault_id=other_id)
    qtbot.addWidget(same)
    same.confirmed.connect(lambda path, _p: confirmed.append(path))
    same.show()
    same.passphrase_field.setText(PASSPHRASE)
    qtbot.mouseClick(same.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(confirmed) == 2, timeout=10_000)
    assert len(asked) == 2  # its own vault's backup: no question


def test_enter_after_the_passphrase_never_cancels_the_restore(qtbot, vault: Vault) -> None:
    """Typing the passphrase then Enter closed the restore dialog without a word (Cancel
    is the default button, a tester): Enter in the field now takes the focus to
    « Restaurer », which a second Enter presses."""
    from pairdesk.ui.backup_dialog import RestoreDialog

    copy = backups.auto_backup(vault, folder=vault.path.parent / "copies")
    assert copy is not None
    info = backups.BackupInfo(copy, dt.datetime(2026, 11, 20, 18, 0), 1, False)
    dialog = RestoreDialog(info, vault_id=backups.read_vault_id(vault))
    qtbot.addWidget(dialog)
    confirmed: list[object] = []
    dialog.confirmed.connect(lambda path, _p: confirmed.append(path))
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)  # nothing typed: stays
    assert dialog.isVisible() and dialog.focusWidget() is dialog.passphrase_field
    dialog.passphrase_field.setText(PASSPHRASE)  # not keyClicks: its ’ and é are not ASCII
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.focusWidget() is dialog.restore_button
    qtbot.keyClick(dialog.restore_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: confirmed == [copy], timeout=10_000)
