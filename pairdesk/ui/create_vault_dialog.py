"""Create a new vault: the association's name, where to save it, a passphrase typed twice.

The passphrase cannot be recovered by anyone if it is forgotten — the dialog says so in
plain words. The strength hint (``pairdesk.domain.passphrase``) is offline and based on length only
(no dictionary): fewer than 12 characters is too short, 12 to 19 fair, 20 or more (or
four words or more) strong; only an empty passphrase is refused. Creating the file (key derivation, schema, the interview question bank)
runs on the database worker; ``created(ctx)`` then carries the open vault.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk import paths
from pairdesk.errors import DiskError, InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.ui.fit_labels import fitting_width
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import FieldErrors
from pairdesk.ui.widgets.dialog_parts import dialog_buttons, path_row, scrolled_form
from pairdesk.ui.widgets.field_error import make_error_label
from pairdesk.ui.widgets.secret import NewPassphrase


def create_and_open(path: Path, passphrase: str, association_name: str) -> ServiceContext:
    """Create the vault file and its reference data (runs on the worker)."""
    from pairdesk.services import vaults

    return vaults.create(path, passphrase, association_name=association_name)


class CreateVaultDialog(QDialog):
    """The new-vault form. ``created(ctx)`` is emitted with the vault open."""

    created = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, default_path: Path | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self.context: ServiceContext | None = None
        self.sheet_dialog: QDialog | None = None  # the emergency sheet, offered once created
        self.setObjectName("createVaultDialog")
        self.setWindowTitle(_("Create a new vault — pairdesk"))
        self.setMinimumWidth(fitting_width(self, 64))
        self.errors = FieldErrors()

        intro = QLabel(
            _(
                "A vault is one encrypted file holding all the association's records. "
                "Nothing in it can be read without its passphrase."
            ),
            self,
        )
        intro.setWordWrap(True)

        self.name_field = QLineEdit(self)
        self.name_field.setObjectName("associationName")
        self.name_field.setAccessibleName(_("Name of the association"))
        name_label = QLabel(_("&Name of the association:"), self)
        name_label.setBuddy(self.name_field)

        self.path_field = QLineEdit(str(default_path or paths.default_vault_path()), self)
        self.path_field.setObjectName("vaultLocation")
        self.path_field.setAccessibleName(_("Where to save the vault"))
        self.browse_button = QPushButton(_("&Browse…"), self)
        self.browse_button.setAccessibleName(_("Choose where to save the vault"))
        path_box = path_row(self, self.path_field, self.browse_button)
        path_label = QLabel(_("&Save as:"), self)
        path_label.setBuddy(self.path_field)

        self.passphrase = NewPassphrase(self, self.errors)
        self.passphrase_field = self.passphrase.field
        self.confirm_field = self.passphrase.confirm_field

        self.general_error = QLabel(self)
        self.general_error.setObjectName("createVaultError")
        self.general_error.setWordWrap(True)
        make_error_label(self.general_error)
        self.general_error.hide()

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(name_label, self.errors.wrap("association_name", self.name_field))
        form.addRow(path_label, self.errors.wrap("path", path_box))
        self.passphrase.add_rows(form, _("&Passphrase:"), _("Passphrase &again:"))

        scroll = scrolled_form(self, intro, form, self.general_error)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("createVaultStatus")
        self.status_label.setAccessibleName(_("Progress"))

        buttons = dialog_buttons(
            self, _("C&reate the vault"), _("Create the vault"), on_accept=self.try_create
        )
        self.buttons, self.create_button, self.cancel_button = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.passphrase.warning_label)  # outside the scroll area: always in sight
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

        self.browse_button.clicked.connect(self.browse)
        QWidget.setTabOrder(self.name_field, self.path_field)
        QWidget.setTabOrder(self.path_field, self.browse_button)
        QWidget.setTabOrder(self.browse_button, self.passphrase_field)
        QWidget.setTabOrder(self.passphrase_field, self.confirm_field)
        QWidget.setTabOrder(self.confirm_field, self.create_button)
        QWidget.setTabOrder(self.create_button, self.cancel_button)
        self.name_field.setFocus()

    def browse(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        current = Path(self.path_field.text().strip() or str(paths.default_vault_path()))
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the new vault as"),
            str(current),
            _("pairdesk vaults (*.pairdesk)"),
        )
        if chosen:
            if not Path(chosen).suffix:
                chosen += ".pairdesk"
            self.path_field.setText(chosen)

    # -- creating ----------------------------------------------------------------------
    def _check(self) -> tuple[Path, str, str]:
        """What was typed, or ``InvalidInput`` naming the field to fix."""
        name = self.name_field.text().strip()
        if not name:
            raise InvalidInput(_("Type the name of the association."), field="association_name")
        location = self.path_field.text().strip()
        if not location:
            raise InvalidInput(_("Choose where to save the vault."), field="path")
        path = Path(location).expanduser()
        if path.is_dir():
            raise InvalidInput(
                _("{path} is a folder: add a file name, for example vault.pairdesk.").format(
                    path=path
                ),
                field="path",
            )
        if path.exists():
            raise InvalidInput(
                _("A file already exists at {path}; choose another name.").format(path=path),
                field="path",
            )
        return path, self.passphrase.read(), name

    def try_create(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        self.general_error.hide()
        try:
            path, passphrase, name = self._check()
        except InvalidInput as exc:
            self.errors.show(exc)
            return
        self._set_busy(True)
        (
            Op(self, lambda: create_and_open(path, passphrase, name))
            .success(self._created)
            .always(lambda: self._set_busy(False))
            .busy(_("Creating the vault…"))
            .run()
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.name_field,
            self.path_field,
            self.browse_button,
            self.passphrase_field,
            self.confirm_field,
            self.create_button,
            self.cancel_button,
        ):
            widget.setEnabled(not busy)
        self.status_label.setText(_("Creating the vault…") if busy else "")

    def _created(self, ctx: ServiceContext) -> None:
        from pairdesk.ui.emergency_sheet import offer_after_creation

        self._set_busy(False)
        self.passphrase.clear()
        self.context = ctx
        name = self.name_field.text().strip()
        self.accept()
        self.created.emit(ctx)
        # The emergency sheet, to print and keep in the safe (it never holds the passphrase).
        self.sheet_dialog = offer_after_creation(ctx.vault.path, name)

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: a refusal beside its field, else in the dialog's error line; a bug
        goes on to the polite dialog (logged)."""
        if not isinstance(error, UserError):
            return False
        field = error.field
        if field is None:
            field = "path" if isinstance(error, InvalidInput | DiskError) else None
        if field is not None and self.errors.show(InvalidInput(error.message, field=field)):
            return True
        self.general_error.setText(_("Error: {message}").format(message=error.message))
        self.general_error.show()
        return True

    def reject(self) -> None:
        if self._busy:  # the file is being written: let it finish first
            return
        self.passphrase.clear()
        super().reject()
