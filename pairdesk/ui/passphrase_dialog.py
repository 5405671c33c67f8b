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
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.services import vaults
from pairdesk.services.context import ServiceContext
from pairdesk.ui.fit_labels import fit_wrapped_labels, fitting_width, wrapped_labels
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import FieldErrors
from pairdesk.ui.widgets.dialog_parts import dialog_buttons, scrolled_form
from pairdesk.ui.widgets.field_error import make_error_label
from pairdesk.ui.widgets.secret import NewPassphrase, secret_field


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

        self.old_field = secret_field(self, _("Current passphrase"), "oldPassphrase")
        old_label = QLabel(_("C&urrent passphrase:"), self)
        old_label.setBuddy(self.old_field)
        self.passphrase = NewPassphrase(
            self,
            self.errors,
            field="new",
            accessible_name=_("New passphrase"),
            again_name=_("New passphrase, again"),
            warning=_(
                "Warning: if the new passphrase is forgotten, the vault CANNOT be opened "
                "again and nobody — not the pairdesk team, not a technician — can recover "
                "it or the records inside. Write it on the emergency sheet kept in the "
                "association's safe."
            ),
        )
        self.new_field = self.passphrase.field
        self.confirm_field = self.passphrase.confirm_field

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(old_label, self.errors.wrap("old", self.old_field))
        self.passphrase.add_rows(form, _("&New passphrase:"), _("New passphrase &again:"))

        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        make_error_label(self.general_error)
        self.general_error.hide()

        scroll = scrolled_form(self, intro, form, self.general_error)

        buttons = dialog_buttons(
            self, _("C&hange the passphrase"), _("Change the passphrase"), on_accept=self.try_change
        )
        self.buttons, self.change_button, self.cancel_button = buttons

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.passphrase.warning_label)
        layout.addWidget(self.buttons)

        QWidget.setTabOrder(self.old_field, self.new_field)
        QWidget.setTabOrder(self.new_field, self.confirm_field)
        QWidget.setTabOrder(self.confirm_field, self.change_button)
        QWidget.setTabOrder(self.change_button, self.cancel_button)
        fit_wrapped_labels(self, wrapped_labels(self), compact=True)
        self.old_field.setFocus()

    def _check(self) -> tuple[str, str]:
        old = self.old_field.text()
        if not old:
            raise InvalidInput(_("Type the current passphrase."), field="old")
        new = self.passphrase.read()
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
        self.old_field.clear()
        self.passphrase.clear()

    def reject(self) -> None:
        if self._busy:
            return
        self._clear_fields()
        super().reject()
