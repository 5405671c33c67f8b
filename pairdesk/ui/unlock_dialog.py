"""Ask for the passphrase and unlock the vault off the GUI thread.

Key derivation takes 100–300 ms, so ``open_vault`` runs on the database worker. A wrong
passphrase (or any ``UserError``) is written under the field and the user tries again.
The passphrase is never kept once the vault is open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, first_coordinator
from pairdesk.store.vault import open_vault
from pairdesk.ui.errors import show_error
from pairdesk.ui.tasks import run_task

DEMO_PASSPHRASE = "demo"


def unlock(path: Path, passphrase: str) -> ServiceContext:
    """Open the vault and choose who acts (runs on the worker)."""
    vault = open_vault(path, passphrase)
    try:
        ctx = ServiceContext(vault)
        return ctx.with_operator(first_coordinator(ctx))
    except BaseException:
        vault.close()
        raise


class UnlockDialog(QDialog):
    """The passphrase prompt. ``unlocked(ctx)`` is emitted with the opened vault."""

    unlocked = Signal(object)

    def __init__(
        self,
        vault_path: Path,
        *,
        demo: bool = False,
        opener: Callable[[Path, str], ServiceContext] = unlock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self.context: ServiceContext | None = None
        self._opener = opener
        self._busy = False
        self.setObjectName("unlockDialog")
        self.setWindowTitle(_("Unlock the vault — pairdesk"))
        self.setMinimumWidth(520)

        intro = QLabel(_("Enter the passphrase of the vault to open it."), self)
        intro.setWordWrap(True)

        self.path_label = QLabel(str(self.vault_path), self)
        self.path_label.setObjectName("vaultPath")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setAccessibleName(_("Vault file"))
        path_caption = QLabel(_("Vault:"), self)

        self.passphrase_field = QLineEdit(self)
        self.passphrase_field.setObjectName("passphrase")
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_field.setAccessibleName(_("Passphrase"))
        self.passphrase_field.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        passphrase_label = QLabel(_("&Passphrase:"), self)
        passphrase_label.setBuddy(self.passphrase_field)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("unlockError")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(_("Why the vault did not open"))
        self.error_label.setStyleSheet("color: #a4000f; font-weight: bold;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.demo_label = QLabel(_("Demo vault — passphrase: demo"), self)
        self.demo_label.setObjectName("demoNote")
        self.demo_label.setAccessibleName(self.demo_label.text())
        self.demo_label.setStyleSheet(
            "background: #fff4ce; color: #3b2f00; border: 1px solid #c9a400; padding: 6px;"
        )
        self.demo_label.setVisible(demo)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("unlockStatus")
        self.status_label.setAccessibleName(_("Progress"))

        form = QFormLayout()
        form.addRow(path_caption, self.path_label)
        form.addRow(passphrase_label, self.passphrase_field)
        form.addRow("", self.error_label)

        self.buttons = QDialogButtonBox(self)
        self.unlock_button = QPushButton(_("&Unlock"), self)
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.quit_button = QPushButton(_("&Quit"), self)
        self.quit_button.setAccessibleName(_("Quit"))
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.demo_label)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

        QWidget.setTabOrder(self.passphrase_field, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.quit_button)
        self.passphrase_field.setFocus()

    # -- unlocking ---------------------------------------------------------------------
    def try_unlock(self) -> None:
        if self._busy:
            return
        passphrase = self.passphrase_field.text()
        if not passphrase:
            self._show_problem(_("Type the passphrase first."))
            return
        self._set_busy(True)
        path = self.vault_path
        opener = self._opener
        run_task(
            self,
            lambda: opener(path, passphrase),
            on_done=self._unlocked,
            on_error=self._failed,
            busy_text=_("Unlocking…"),
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.passphrase_field.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.status_label.setText(_("Unlocking…") if busy else "")

    def _show_problem(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.passphrase_field.setFocus()
        self.passphrase_field.selectAll()

    def _unlocked(self, ctx: ServiceContext) -> None:
        self._set_busy(False)
        self.passphrase_field.clear()
        self.error_label.hide()
        self.context = ctx
        self.unlocked.emit(ctx)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            self._show_problem(exc.message)
        else:
            show_error(self, exc)

    def reject(self) -> None:
        if self._busy:  # the vault is being opened: let it finish first
            return
        self.passphrase_field.clear()
        super().reject()
