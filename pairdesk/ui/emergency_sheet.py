"""Offer the emergency sheet (a PDF to print and keep in the association's safe).

Shown right after a vault is created (with what the creation form knew, no vault access
needed) and from the File menu (read through ``load_sheet_data`` on the worker). The
PDF holds no passphrase and no participant: writing it to a file the user chooses is
safe.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk import paths
from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.reports.emergency_sheet import EmergencySheetData, emergency_sheet_pdf
from pairdesk.services import backups, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.document_data import DocumentHeader
from pairdesk.services.documents import document_header
from pairdesk.services.exports import write_file
from pairdesk.ui.fit_labels import fit_wrapped_labels, fitting_width, wrapped_labels
from pairdesk.ui.ops import Op


def load_sheet_data(ctx: ServiceContext) -> EmergencySheetData:
    """What the sheet prints, read from the open vault (runs on the worker)."""
    profile = team.get_association(ctx)
    chosen = backups.chosen_folder(ctx.vault)
    return EmergencySheetData(
        header=document_header(ctx),
        vault_path=str(Path(ctx.vault.path).resolve()),
        created_on=profile.created_on,
        backups_folder=str(chosen or paths.backups_dir()),
        backups_folder_chosen=chosen is not None,
    )


def new_vault_sheet_data(
    vault_path: Path, association_name: str, today: dt.date | None = None
) -> EmergencySheetData:
    """The sheet of a vault just created (default backups folder, created today)."""
    today = today or dt.date.today()
    return EmergencySheetData(
        header=DocumentHeader(association_name=association_name, printed_on=today),
        vault_path=str(Path(vault_path).resolve()),
        created_on=today,
        backups_folder=str(paths.backups_dir()),
    )


def default_filename(on: dt.date) -> str:
    return f"fiche-urgence-pairdesk-{on.isoformat()}.pdf"


def write_sheet(data: EmergencySheetData, target: Path) -> Path:
    """Build the PDF and write it (runs on the worker)."""
    pdf = emergency_sheet_pdf(data)
    return write_file(target, pdf, overwrite=True)


class EmergencySheetDialog(QDialog):
    """Explains the sheet and saves it as a PDF to print."""

    def __init__(self, data: EmergencySheetData | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.saved_path: Path | None = None
        self.setObjectName("emergencySheetDialog")
        self.setWindowTitle(_("Emergency sheet — pairdesk"))
        self.resize(fitting_width(self, 56), 10)

        self.text = QLabel(
            _(
                "Print the emergency sheet and keep it in the association's safe. It shows "
                "where the vault and its backups are, when it was created and what to do if "
                "the laptop is lost. It has an empty space where you write the passphrase "
                "by hand: pairdesk never prints it, and nobody can recover it if it is "
                "forgotten."
            ),
            self,
        )
        self.text.setWordWrap(True)
        self.text.setObjectName("emergencySheetText")
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("emergencySheetStatus")
        self.status_label.setAccessibleName(_("Progress"))
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(_("&Save the sheet as PDF…"), self)
        self.save_button.setAccessibleName(_("Save the emergency sheet as PDF"))
        self.save_button.setDefault(True)
        self.save_button.setEnabled(data is not None)
        self.close_button = QPushButton(_("&Later"), self)
        self.close_button.setAccessibleName(_("Close"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.choose_and_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.text)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        fit_wrapped_labels(self, wrapped_labels(self), compact=True)

    def load(self, ctx: ServiceContext) -> None:
        Op(self, lambda: load_sheet_data(ctx)).success(self._loaded).run()

    def _loaded(self, data: EmergencySheetData) -> None:
        self.data = data
        self.save_button.setEnabled(True)

    def choose_and_save(self) -> None:
        if self.data is None:
            return
        start = Path.home() / default_filename(self.data.header.printed_on)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the emergency sheet"), str(start), _("PDF documents (*.pdf)")
        )
        if chosen:
            target = Path(chosen)
            if not target.suffix:
                target = target.with_suffix(".pdf")
            self.save_to(target)

    def save_to(self, target: Path) -> None:
        data = self.data
        if data is None:
            return
        self.save_button.setEnabled(False)
        self.status_label.setText(_("Preparing the sheet…"))

        def done(path: Path) -> None:
            self.saved_path = path
            self.save_button.setEnabled(True)
            self.close_button.setText(_("&Close"))
            self.status_label.setText(
                _(
                    "Saved as {path}. Print it, write the passphrase on it by hand, and put it "
                    "in the safe."
                ).format(path=path)
            )

        Op(self, lambda: write_sheet(data, target)).success(done).always(
            lambda: self.save_button.setEnabled(True)
        ).run()

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: why the sheet was not written, in the dialog's status line; a bug
        goes on to the polite dialog, which logs it (it used to be shown here unlogged)."""
        if not isinstance(error, UserError):
            return False
        self.status_label.setText(_("Error: {message}").format(message=error.message))
        return True


_offered: list[EmergencySheetDialog] = []


def offer_after_creation(vault_path: Path, association_name: str) -> EmergencySheetDialog:
    """Show the sheet dialog on its own (the creation dialog closes meanwhile)."""
    dialog = EmergencySheetDialog(new_vault_sheet_data(vault_path, association_name))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _offered.append(dialog)
    dialog.destroyed.connect(lambda *_a, d=dialog: _offered.remove(d) if d in _offered else None)
    dialog.show()
    return dialog
