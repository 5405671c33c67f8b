"""Change the vault's passphrase: the current one again, the new one twice.

The dialog checks what was typed (the current passphrase on the worker, the new one not
empty and typed the same twice) and says plainly that a forgotten passphrase cannot be
recovered. It then emits ``change_requested(old, new)``: the main window closes, the app
closes the vault, runs ``services.vaults.change_passphrase`` on the database worker (export to
a new encrypted file, verified, then an atomic replace) and re-opens the vault with the
new passphrase for the same operator.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.passphrase import check_new_passphrase
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.services import vaults
from pairdesk.services.context import ServiceContext
from pairdesk.ui.create_vault_dialog import fitting_height
from pairdesk.ui.fit_labels import fit_wrapped_labels, fitting_width, wrapped_labels
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import FieldErrors
from pairdesk.ui.widgets.field_error import make_error_label
from pairdesk.ui.widgets.secret import secret_field, strength_text


class PassphraseDialog(QDialog):
    """``change_requested(old, new)`` once everything typed is right."""

    change_requested = Signal(str, str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = False
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(_("Change the passphrase — pairdesk"))
        self.resize(fitting_width(self, 60), 10)
        self.errors = FieldErrors()

        intro = QLabel(
            _(
                "The vault will be closed, copied under the new passphrase, checked, and "
                "opened again. Everyone who opens this vault must then use the new "
                "passphrase. Backups made before keep the old one."
            ),
            self,
        )
        intro.setWordWrap(True)

        self.old_field = self._secret("oldPassphrase", _("Current passphrase"))
        old_label = QLabel(_("C&urrent passphrase:"), self)
        old_label.setBuddy(self.old_field)
        self.new_field = self._secret("newPassphrase", _("New passphrase"))
        new_label = QLabel(_("&New passphrase:"), self)
        new_label.setBuddy(self.new_field)
        self.strength_label = QLabel(strength_text(""), self)
        self.strength_label.setObjectName("passphraseStrength")
        self.strength_label.setWordWrap(True)
        self.strength_label.setAccessibleName(_("Passphrase strength"))
        new_box = QWidget(self)
        new_layout = QVBoxLayout(new_box)
        new_layout.setContentsMargins(0, 0, 0, 0)
        new_layout.setSpacing(2)
        new_layout.addWidget(self.errors.wrap("new", self.new_field))
        new_layout.addWidget(self.strength_label)
        new_box.setFocusProxy(self.new_field)
        self.confirm_field = self._secret("confirmPassphrase", _("New passphrase, again"))
        confirm_label = QLabel(_("New passphrase &again:"), self)
        confirm_label.setBuddy(self.confirm_field)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(old_label, self.errors.wrap("old", self.old_field))
        form.addRow(new_label, new_box)
        form.addRow(confirm_label, self.errors.wrap("confirm", self.confirm_field))

        self.warning_label = QLabel(
            _(
                "Warning: if the new passphrase is forgotten, the vault CANNOT be opened "
                "again and nobody — not the pairdesk team, not a technician — can recover "
                "it or the records inside. Write it on the emergency sheet kept in the "
                "association's safe."
            ),
            self,
        )
        self.warning_label.setObjectName("forgottenPassphraseWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setAccessibleName(_("Warning about a forgotten passphrase"))
        self.warning_label.setStyleSheet(
            "background: #fff4ce; color: #3b2f00; border: 1px solid #c9a400; padding: 6px;"
        )
        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        make_error_label(self.general_error)
        self.general_error.hide()

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(intro)
        content_layout.addLayout(form)
        content_layout.addWidget(self.general_error)
        content_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setMinimumHeight(min(content.sizeHint().height() + 40, fitting_height(self)))

        self.buttons = QDialogButtonBox(self)
        self.change_button = QPushButton(_("C&hange the passphrase"), self)
        self.change_button.setAccessibleName(_("Change the passphrase"))
        self.change_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_change)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.buttons)

        self.new_field.textChanged.connect(
            lambda text: self.strength_label.setText(strength_text(text))
        )
        QWidget.setTabOrder(self.old_field, self.new_field)
        QWidget.setTabOrder(self.new_field, self.confirm_field)
        QWidget.setTabOrder(self.confirm_field, self.change_button)
        QWidget.setTabOrder(self.change_button, self.cancel_button)
        fit_wrapped_labels(self, wrapped_labels(self), compact=True)
        self.old_field.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.warning_label.width()
        if width > 0:
            self.warning_label.setMinimumHeight(self.warning_label.heightForWidth(width))

    def _secret(self, name: str, accessible: str) -> QLineEdit:
        return secret_field(self, accessible, name)

    def _check(self) -> tuple[str, str]:
        old = self.old_field.text()
        if not old:
            raise InvalidInput(_("Type the current passphrase."), field="old")
        new = self.new_field.text()
        check_new_passphrase(new, field="new")
        if self.confirm_field.text() != new:
            raise InvalidInput(
                _("The two passphrases are different. Type the same passphrase twice."),
                field="confirm",
            )
        if new == old:
            raise InvalidInput(_("The new passphrase is the same as the current one."), field="new")
        return old, new

    def try_change(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        self.general_error.hide()
        try:
            old, new = self._check()
        except InvalidInput as exc:
            self.errors.show(exc)
            return
        self._set_busy(True)
        ctx = self.ctx

        def checked(_result: object) -> None:
            self._set_busy(False)
            self._clear_fields()
            self.accept()
            self.change_requested.emit(old, new)

        (
            Op(self, lambda: vaults.check_current_passphrase(ctx, old))
            .success(checked)
            .always(lambda: self._set_busy(False))
            .run()
        )

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: a refusal beside its field, else in the dialog's error line; a bug
        goes on to the polite dialog (logged)."""
        if not isinstance(error, UserError):
            return False
        if not self.errors.show(error):
            self.general_error.setText(_("Error: {message}").format(message=error.message))
            self.general_error.show()
        return True

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.old_field,
            self.new_field,
            self.confirm_field,
            self.change_button,
            self.cancel_button,
        ):
            widget.setEnabled(not busy)

    def _clear_fields(self) -> None:
        for field in (self.old_field, self.new_field, self.confirm_field):
            field.clear()

    def reject(self) -> None:
        if self._busy:
            return
        self._clear_fields()
        super().reject()
