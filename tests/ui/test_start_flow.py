"""Start-up: create a vault through the dialog, recent vaults, operator sign-in with a PIN."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from pairdesk import app as app_module
from pairdesk import paths
from pairdesk.domain.enums import AuditAction, Role
from pairdesk.domain.passphrase import Strength
from pairdesk.i18n import _
from pairdesk.services import coaching, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.team import TeamMemberInput
from pairdesk.store.models import AuditEntry
from pairdesk.store.vault import Vault
from pairdesk.ui import tasks
from pairdesk.ui.create_vault_dialog import CreateVaultDialog
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.unlock_dialog import (
    MAX_RECENT,
    RECENT_FILENAME,
    UnlockDialog,
    recent_vaults,
    remember_vault,
)

PASSPHRASE = "correct horse ’ battery é"  # as tests/conftest.py
NEW_PASSPHRASE = "quatre mots très ordinaires ’ é"


@pytest.fixture
def started():
    launchers: list[app_module.Launcher] = []

    def start(path: Path, demo: bool = False) -> app_module.Launcher:
        launcher = app_module.Launcher(path, demo=demo)
        launchers.append(launcher)
        launcher.start()
        return launcher

    yield start
    for launcher in launchers:
        launcher.shutdown()
    tasks.wait_for_idle()


def type_passphrase(qtbot, launcher: app_module.Launcher, passphrase: str) -> None:
    dialog = launcher.unlock_dialog
    assert dialog is not None
    dialog.passphrase_field.setText(passphrase)
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)


def wait_for_operator_dialog(qtbot, launcher: app_module.Launcher):
    qtbot.waitUntil(lambda: launcher.operator_dialog is not None, timeout=10_000)
    chooser = launcher.operator_dialog
    qtbot.waitUntil(lambda: chooser.loaded, timeout=10_000)
    return chooser


def logins(ctx: ServiceContext) -> list[tuple[int | None, int | None]]:
    with ctx.transaction() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.LOGIN.value)
        )
        return [(a.operator_id, a.entity_id) for a in rows]


def test_create_a_vault_then_the_first_coordinator(qtbot, started, tmp_path) -> None:
    launcher = started(paths.default_vault_path())  # nothing there yet
    unlock = launcher.unlock_dialog
    assert unlock is not None and unlock.error_label.isVisible()  # "no vault at this place"
    qtbot.mouseClick(unlock.create_button, Qt.MouseButton.LeftButton)
    dialog: CreateVaultDialog = unlock.create_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.path_field.text() == str(paths.default_vault_path())
    assert dialog.passphrase.warning_label.isVisible()
    assert dialog.passphrase.warning_label.text() == _(
        "Warning: if this passphrase is forgotten, the vault CANNOT be opened again "
        "and nobody — not the pairdesk team, not a technician — can recover it or "
        "the records inside. Write it down and keep it somewhere safe, away from "
        "the computer."
    )

    target = tmp_path / "gem" / "nouveau.pairdesk"
    dialog.name_field.setText("GEM Les Mésanges")
    dialog.path_field.setText(str(target))
    qtbot.keyClicks(dialog.passphrase_field, "court")
    assert Strength.TOO_SHORT.label in dialog.passphrase.strength_label.text()
    dialog.passphrase_field.setText(NEW_PASSPHRASE)
    assert Strength.STRONG.label in dialog.passphrase.strength_label.text()
    dialog.confirm_field.setText(NEW_PASSPHRASE + "x")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.shown().keys() == {"confirm"}
    assert not target.exists() and dialog.isVisible()
    assert dialog.name_field.text() == "GEM Les Mésanges"  # nothing typed is lost

    dialog.confirm_field.setText(NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert target.exists()
    assert chooser.first_group.isVisible() and not chooser.choose_box.isVisible()

    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)  # no name typed
    qtbot.waitUntil(lambda: "first_name" in chooser.errors.shown(), timeout=5000)
    chooser.first_name_field.setText("Inès")
    chooser.last_name_field.setText("Fictive")
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    window: MainWindow = launcher.main_window
    assert "Inès Fictive" in window.operator_label.text()
    assert target.name in window.vault_label.text()

    ctx = launcher.ctx
    assert ctx.operator.role is Role.COORDINATOR
    members = team.list_members(ctx)
    assert [(m.name, m.role) for m in members] == [("Inès Fictive", Role.COORDINATOR)]
    assert team.get_association(ctx).name == "GEM Les Mésanges"
    assert coaching.ensure_question_bank(ctx) == 0  # the bank was filled at creation
    assert logins(ctx) == [(members[0].id, members[0].id)]

    assert recent_vaults()[0] == target.resolve()
    ini = (paths.config_dir() / RECENT_FILENAME).read_text(encoding="utf-8", errors="replace")
    assert "nouveau.pairdesk" in ini
    assert NEW_PASSPHRASE not in ini and "quatre mots" not in ini
    for leftover in paths.config_dir().iterdir():
        text = leftover.read_bytes().decode("utf-8", errors="replace")
        assert "quatre mots" not in text


def test_create_refuses_an_existing_file(qtbot, tmp_path) -> None:
    existing = tmp_path / "pris.pairdesk"
    existing.write_bytes(b"not mine")
    dialog = CreateVaultDialog(default_path=existing)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_field.setText("GEM")
    dialog.passphrase_field.setText("a")
    dialog.confirm_field.setText("a")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert set(dialog.errors.shown()) == {"path"}
    dialog.path_field.setText(str(tmp_path / "libre.pairdesk"))
    dialog.passphrase_field.setText("   ")
    dialog.confirm_field.setText("   ")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert set(dialog.errors.shown()) == {"passphrase"}
    assert existing.read_bytes() == b"not mine"
    assert not (tmp_path / "libre.pairdesk").exists()


@pytest.fixture
def team_vault(vault: Vault, vault_path: Path, ctx: ServiceContext) -> dict[str, int]:
    """A coordinator with a PIN and a volunteer without one; the vault closed again."""
    chef = team.create_member(ctx, TeamMemberInput("Louis", "Exemple", Role.COORDINATOR))
    team.set_pin(ctx, chef.id, "4821")
    helper = team.create_member(ctx, TeamMemberInput("Nadia", "Fictive", Role.VOLUNTEER))
    vault.close()
    return {"chef": chef.id, "helper": helper.id}


def test_operator_pin_wrong_then_right(qtbot, started, vault_path, team_vault) -> None:
    launcher = started(vault_path)
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert chooser.member_list.count() == 2
    assert chooser.selected_member() is None  # nobody chosen for the user
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    assert "member" in chooser.errors.shown()

    assert chooser.select_member(team_vault["chef"])
    assert chooser.pin_field.isEnabled()
    chooser.pin_field.setText("1234")
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "pin" in chooser.errors.shown(), timeout=10_000)
    assert launcher.main_window is None and chooser.isVisible()
    assert chooser.errors.shown()["pin"] == _("This PIN is not the right one. Try again.")

    chooser.pin_field.setText("4821")
    qtbot.keyClick(chooser.pin_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    assert "Louis Exemple" in launcher.main_window.operator_label.text()
    assert launcher.ctx.operator.id == team_vault["chef"]
    assert logins(launcher.ctx) == [(team_vault["chef"], team_vault["chef"])]


def test_member_without_pin_and_back_to_unlock(qtbot, started, vault_path, team_vault) -> None:
    launcher = started(vault_path)
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    vault = launcher.ctx.vault
    qtbot.mouseClick(chooser.back_button, Qt.MouseButton.LeftButton)
    assert vault.closed
    assert launcher.unlock_dialog is not None and launcher.unlock_dialog.isVisible()
    assert not shiboken6.isValid(chooser) or not chooser.isVisible()

    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    chooser.select_member(team_vault["helper"])
    assert not chooser.pin_field.isEnabled()
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    assert launcher.ctx.operator.role is Role.VOLUNTEER

    launcher.main_window.lock_action.trigger()  # lock: passphrase, then operator again
    assert launcher.unlock_dialog is not None
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert launcher.main_window is None
    chooser.select_member(team_vault["helper"])
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    assert len(logins(launcher.ctx)) == 2


def test_the_last_operator_is_preselected_per_vault_by_id(
    qtbot, started, vault_path, team_vault, tmp_path
) -> None:
    from pairdesk.ui.operator_dialog import LAST_OPERATOR_FILENAME, last_operator_id

    launcher = started(vault_path)
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert chooser.selected_member() is None  # no session yet on this computer
    chooser.select_member(team_vault["helper"])
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    assert last_operator_id(vault_path) == team_vault["helper"]

    launcher.main_window.lock_action.trigger()
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert chooser.selected_member().id == team_vault["helper"]
    assert chooser.member_list.hasFocus() or chooser.focusWidget() is chooser.member_list
    qtbot.keyClick(chooser.member_list, Qt.Key.Key_Return)  # Enter signs in: no PIN
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    assert launcher.ctx.operator.id == team_vault["helper"]

    # The chief with a PIN next time: preselected, the focus in the PIN field.
    launcher.main_window.lock_action.trigger()
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    chooser.select_member(team_vault["chef"])
    chooser.pin_field.setText("4821")
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    launcher.main_window.lock_action.trigger()
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert chooser.selected_member().id == team_vault["chef"]
    assert chooser.focusWidget() is chooser.pin_field
    assert chooser.pin_field.text() == ""

    # Settings keep an id under a hash of the path: no name, no path.
    text = (paths.config_dir() / LAST_OPERATOR_FILENAME).read_text(encoding="utf-8")
    for word in ("Louis", "Exemple", "Nadia", "Fictive", vault_path.name, vault_path.stem):
        assert word not in text
    assert str(team_vault["chef"]) in text

    # Another vault (a copy elsewhere) has no last operator of its own.
    assert last_operator_id(tmp_path / "ailleurs.pairdesk") is None


def test_a_last_operator_no_longer_in_the_team_is_not_preselected(
    qtbot, started, vault_path, team_vault
) -> None:
    from pairdesk.ui.operator_dialog import remember_operator

    remember_operator(vault_path, 999)
    launcher = started(vault_path)
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert chooser.selected_member() is None


def test_recent_vaults_show_missing_files_and_keep_eight(qtbot, tmp_path, vault_path) -> None:
    gone = tmp_path / "parti.pairdesk"
    for number in range(MAX_RECENT + 2):
        remember_vault(tmp_path / f"old{number}.pairdesk")
    remember_vault(gone)
    remember_vault(vault_path)
    remembered = recent_vaults()
    assert len(remembered) == MAX_RECENT
    assert remembered[:2] == [vault_path.resolve(), gone.resolve()]

    dialog = UnlockDialog(vault_path)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [dialog.recent_list.item(i).text() for i in range(dialog.recent_list.count())]
    assert len(texts) == MAX_RECENT
    assert texts[0] == _("{name} — in {folder}").format(
        name=vault_path.name, folder=vault_path.resolve().parent
    )
    assert texts[1] == _("{name} — in {folder} (file not found)").format(
        name=gone.name, folder=gone.resolve().parent
    )
    dialog.recent_list.setCurrentRow(1)
    assert dialog.vault_path == gone.resolve() and dialog.error_label.isVisible()

    dialog.forget_chosen()
    assert gone.resolve() not in recent_vaults()


def test_open_another_vault_with_the_file_dialog(qtbot, monkeypatch, tmp_path, vault_path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(vault_path), ""))
    )
    dialog = UnlockDialog(tmp_path / "ailleurs.pairdesk")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.open_other_button, Qt.MouseButton.LeftButton)
    chooser = dialog.open_dialog  # its "File" tab (its "Server" tab: test_server_window.py)
    assert chooser is not None
    qtbot.mouseClick(chooser.browse_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(chooser.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.vault_path == vault_path
    assert dialog.path_label.text() == str(vault_path)
    assert not dialog.error_label.isVisible()


def test_demo_preselects_the_first_coordinator(qtbot, started, vault_path, team_vault) -> None:
    launcher = started(vault_path, demo=True)
    assert not launcher.unlock_dialog.recent_list.isVisible()
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert chooser.selected_member().id == team_vault["chef"]
    assert recent_vaults() == []  # a throw-away demo vault is not remembered


def test_screenshots_of_the_start_dialogs(qtbot, vault, ctx, tmp_path, vault_path) -> None:
    """Not an assertion of looks: saves what a person would see, to be looked at."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from pairdesk.ui.operator_dialog import OperatorDialog

    team.create_member(ctx, TeamMemberInput("Louis", "Exemple", Role.COORDINATOR))
    remember_vault(vault_path)
    remember_vault(tmp_path / "ancien coffre de l'association.pairdesk")
    app = QApplication.instance()
    font = app.font()
    try:
        for suffix, size in (("1366", font.pointSizeF()), ("200", font.pointSizeF() * 2)):
            app.setFont(QFont(font.family(), int(size)))
            unlock = UnlockDialog(vault_path)
            qtbot.addWidget(unlock)
            unlock.show()
            unlock.adjustSize()
            qtbot.wait(50)
            unlock.grab().save(f"/tmp/start-unlock-{suffix}.png")
            create = CreateVaultDialog(unlock)
            create.show()
            create.passphrase_field.setText("abc")
            create.confirm_field.setText("abd")
            create.name_field.setText("GEM")
            create.try_create()
            create.adjustSize()
            qtbot.wait(50)
            create.grab().save(f"/tmp/start-create-{suffix}.png")
            create.reject()
            chooser = OperatorDialog(ctx)
            qtbot.addWidget(chooser)
            chooser.show()
            chooser.load()
            qtbot.waitUntil(lambda chooser=chooser: chooser.loaded)
            chooser.adjustSize()
            qtbot.wait(50)
            chooser.grab().save(f"/tmp/start-operator-{suffix}.png")
            chooser.close()
            unlock.close()
    finally:
        app.setFont(font)


def test_the_smoke_exit_waits_for_the_background_imports(qtbot, monkeypatch) -> None:
    """The bundle check's hook (``PAIRDESK_SMOKE_EXIT_MS``) quits only once the modules
    imported behind the unlock dialog are loaded, so that the check can read in the log
    whether one was missing from the bundle (installers/build_linux_bundle.sh)."""
    import threading

    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QWidget

    class FakeApp(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.exits: list[int] = []

        def exit(self, code: int) -> None:
            self.exits.append(code)

    class FakeLauncher:
        def __init__(self, shown: QWidget) -> None:
            self.unlock_dialog = shown
            self.main_window = None

    importing = threading.Event()
    preload = threading.Thread(target=importing.wait, daemon=True)
    preload.start()
    monkeypatch.setattr(app_module, "_preload_thread", preload)
    monkeypatch.setenv(app_module.SMOKE_EXIT_ENV, "0")
    dialog = QWidget()
    qtbot.addWidget(dialog)
    dialog.show()
    fake = FakeApp()
    timer = app_module._arm_smoke_exit(fake, FakeLauncher(dialog))  # type: ignore[arg-type]
    assert timer is not None
    qtbot.wait(400)  # the hook looks every 100 ms
    assert fake.exits == []
    importing.set()
    preload.join()
    qtbot.waitUntil(lambda: fake.exits == [0], timeout=2000)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_ends_the_demo_and_removes_its_folder(tmp_path: Path) -> None:
    """``kill`` (SIGTERM) on ``pairdesk --demo``: it ends by itself, code 0, and its
    throw-away folder is gone (it stayed behind before)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PAIRDESK_HOME": str(tmp_path / "home"),
        "TMPDIR": str(temp),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "pairdesk", "--demo"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not list(temp.glob("pairdesk-demo-*/demo.pairdesk")):
            assert process.poll() is None, process.stderr.read()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "no demo folder"
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert code == 0, process.stderr.read()  # type: ignore[union-attr]
    assert list(temp.glob("pairdesk-demo-*")) == []


def test_after_a_lock_whoever_locked_is_chosen_again(
    qtbot, started, vault_path, team_vault
) -> None:
    """In the demo the first coordinator is chosen at the start; after Nadia locks, Nadia
    is chosen again, not the coordinator (a quick Return put a tester's work under
    another name)."""
    launcher = started(vault_path, demo=True)
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert chooser.select_member(team_vault["helper"])
    qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=10_000)
    tasks.wait_for_idle()
    launcher.main_window.lock_action.trigger()
    qtbot.waitUntil(lambda: launcher.unlock_dialog is not None, timeout=10_000)
    type_passphrase(qtbot, launcher, PASSPHRASE)
    chooser = wait_for_operator_dialog(qtbot, launcher)
    assert chooser.selected_member().id == team_vault["helper"]


def test_the_team_is_listed_in_the_order_of_the_names_shown(qtbot, ctx: ServiceContext) -> None:
    """« Prénom Nom » sorted by last name looked unsorted (a tester's finding)."""
    from pairdesk.ui import tasks
    from pairdesk.ui.operator_dialog import OperatorDialog

    team.create_member(ctx, TeamMemberInput("Zoé", "Abadie", Role.FACILITATOR))
    team.create_member(ctx, TeamMemberInput("Albert", "Zola", Role.VOLUNTEER))
    dialog = OperatorDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.load()
    tasks.wait_for_idle()
    qtbot.waitUntil(lambda: dialog.member_list.count() >= 2, timeout=5000)
    shown = [dialog.member_list.item(i).text() for i in range(dialog.member_list.count())]
    assert [t.split(" —")[0] for t in shown if t.startswith(("Zoé", "Albert"))] == [
        "Albert Zola",
        "Zoé Abadie",
    ]
