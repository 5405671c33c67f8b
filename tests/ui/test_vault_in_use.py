"""The window on a vault another pairdesk holds: the unlock dialog says who, and offers
to open it read-only; read-only, the status bar says so and changes fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pairdesk import app as app_module
from pairdesk import paths
from pairdesk.domain.enums import Role
from pairdesk.errors import VaultInUse
from pairdesk.i18n import _
from pairdesk.services import participants, team
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.team import TeamMemberInput
from pairdesk.store.vault import Vault, open_vault
from pairdesk.store.vault_lock import is_locked
from pairdesk.ui import tasks

PASSPHRASE = "correct horse ’ battery é"  # as tests/conftest.py


@pytest.fixture
def held(vault: Vault, vault_path: Path, ctx: ServiceContext):
    """A team of two; the vault then held by another opening, signed in as the
    coordinator (a second window, for the lock, is no different from another process)."""
    chef = team.create_member(ctx, TeamMemberInput("Louis", "Exemple", Role.COORDINATOR))
    helper = team.create_member(ctx, TeamMemberInput("Nadia", "Fictive", Role.VOLUNTEER))
    vault.close()
    holder = open_vault(vault_path, PASSPHRASE)
    ServiceContext(holder, Operator(chef.id, "Louis Exemple", Role.COORDINATOR))
    yield {"chef": chef.id, "helper": helper.id, "holder": holder}
    holder.close()


def test_unlock_says_who_holds_the_vault_then_opens_read_only(
    qtbot, vault_path: Path, held, tmp_path: Path
) -> None:
    launcher = app_module.Launcher(vault_path)
    launcher.start()
    try:
        dialog = launcher.unlock_dialog
        assert dialog is not None
        assert not dialog.read_only_button.isVisible()
        dialog.passphrase_field.setText(PASSPHRASE)
        qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=15_000)
        text = dialog.error_label.text()
        assert "Louis Exemple" in text and "déjà ouvert" in text
        assert dialog.read_only_button.isVisible()
        assert launcher.ctx is None  # nothing opened
        dialog.grab().save(str(tmp_path / "unlock-in-use.png"))

        qtbot.mouseClick(dialog.read_only_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: launcher.operator_dialog is not None, timeout=15_000)
        chooser = launcher.operator_dialog
        qtbot.waitUntil(lambda: chooser.loaded, timeout=10_000)
        chooser.select_member(held["chef"])
        qtbot.mouseClick(chooser.continue_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=15_000)
        window = launcher.main_window
        ctx = launcher.ctx
        assert ctx is not None and ctx.vault.read_only
        label = window.read_only_label
        assert label is not None and label.isVisible()
        assert label.text() == _("Read-only: {member} is using this vault").format(
            member="Louis Exemple"
        )
        window.grab().save(str(tmp_path / "window-read-only.png"))

        # Reading works; a change fails with a clear message, not a crash.
        assert participants.list_participants(ctx, participants.ParticipantFilter()) == []
        with pytest.raises(VaultInUse) as caught:
            participants.create_participant(
                ctx, participants.ParticipantInput(first_name="Anatole", last_name="Fictif")
            )
        assert "lecture seule" in caught.value.message and "Louis Exemple" in caught.value.message
        assert is_locked(vault_path)  # still the holder's
    finally:
        launcher.shutdown()
        tasks.wait_for_idle()
    assert not list(paths.backups_dir().glob("*.pairdesk"))  # no backup from a reader
    assert is_locked(vault_path)
