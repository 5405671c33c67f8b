"""The first-run assistant: shown by the unlock dialog when there is no vault at all.

Welcome (with an offer to explore the demo vault first) and the language → the
association's profile (name, logo, address, opening days and hours) → where to keep the
vault and its backups → the passphrase, typed twice, with its strength and the warning
that nobody can recover it → the vault is created (on the database worker) → the
emergency sheet to print. ``created(ctx)`` then carries the open vault to the operator
dialog, exactly as "Create a new vault…" does.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from pairdesk import i18n, paths
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.ui import lifetime
from pairdesk.ui.errors import show_error
from pairdesk.ui.fit_labels import fitting_width
from pairdesk.ui.ops import Op
from pairdesk.ui.settings_dialog import LANGUAGE_NAMES, save_language, saved_language
from pairdesk.ui.widgets import FieldErrors
from pairdesk.ui.widgets.dialog_parts import (
    choose_image,
    name_wizard_buttons,
    path_row,
    scroll_area,
    wrapped_label,
)
from pairdesk.ui.widgets.secret import NewPassphrase
from pairdesk.ui.widgets.weekdays_field import WeekdaysField

if TYPE_CHECKING:
    from pairdesk.ui.unlock_dialog import UnlockDialog


@dataclass(frozen=True)
class FirstRunSetup:
    """What the assistant gathered (the passphrase only lives here until creation)."""

    name: str
    address: str
    opening_days: tuple[int, ...]
    opening_hours: str
    logo_path: Path | None
    vault_path: Path
    backups_folder: Path | None
    passphrase: str


@dataclass(frozen=True)
class FirstRunResult:
    ctx: ServiceContext
    sheet: Any  # EmergencySheetData, or None when that module is not available


def needs_first_run(vault_path: paths.Location, recent: Iterable[Path]) -> bool:
    """No vault at the place asked for, and none of the ``recent`` vaults still exists."""
    if paths.is_server_address(vault_path):  # a server's database: no first run
        return False
    return not Path(vault_path).exists() and not any(p.exists() for p in recent)


def _read_logo(path: Path | None) -> bytes | None:
    from pairdesk.services.team import logo_kind

    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("The logo cannot be read: {reason}").format(reason=exc.strerror or ""), field="logo"
        ) from None
    if logo_kind(data) is None:
        raise InvalidInput(_("The logo must be a PNG or JPEG image."), field="logo")
    return data


def create_first_vault(setup: FirstRunSetup) -> FirstRunResult:
    """Create and fill the new vault (runs on the worker)."""
    from pairdesk.services import backups, team, vaults

    logo = _read_logo(setup.logo_path)
    ctx = vaults.create(setup.vault_path, setup.passphrase, association_name=setup.name)
    vault = ctx.vault
    try:
        team.update_association(
            ctx,
            team.AssociationInput(
                name=setup.name,
                address=setup.address,
                logo=logo,
                opening_days=setup.opening_days,
                opening_hours=setup.opening_hours,
            ),
        )
        if setup.backups_folder is not None:
            setup.backups_folder.mkdir(parents=True, exist_ok=True)
            backups.set_backup_folder(vault, setup.backups_folder)
        sheet: Any = None
        try:
            from pairdesk.ui.emergency_sheet import load_sheet_data
        except ImportError:  # the emergency sheet is not part of this build
            pass
        else:
            sheet = load_sheet_data(ctx)
    except BaseException:
        vault.close()
        raise
    return FirstRunResult(ctx, sheet)


def _scrolled(page: QWizardPage, content: QWidget) -> None:
    scroll = scroll_area(page, content)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)


class WelcomePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_("Welcome to pairdesk"))
        content = QWidget(self)
        self.intro = wrapped_label(
            _(
                "pairdesk keeps the association's records — the people accompanied, "
                "workshops, job offers — in one encrypted file on this computer, called the "
                "vault. This assistant prepares it in a few steps. Nothing leaves this "
                "computer."
            ),
            content,
        )
        self.language_combo = QComboBox(content)
        self.language_combo.setAccessibleName(_("Language"))
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES[code], code)
        current = saved_language() or i18n.current_language()
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(current)))
        language_label = QLabel(_("&Language:"), content)
        language_label.setBuddy(self.language_combo)
        self.language_note = wrapped_label(
            _("A new language applies the next time pairdesk starts."), content
        )
        self.demo_button = QPushButton(_("&Explore the demo vault first…"), content)
        self.demo_button.setAccessibleName(_("Explore the demo vault first"))
        self.demo_note = wrapped_label(
            _(
                "The demo vault holds fictional people only, so you can try everything "
                "without risk. It is deleted when you close pairdesk; start pairdesk again "
                "to set up your association."
            ),
            content,
        )
        form = QFormLayout(content)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.intro)
        form.addRow(language_label, self.language_combo)
        form.addRow(self.language_note)
        form.addRow(self.demo_button)
        form.addRow(self.demo_note)
        _scrolled(self, content)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.demo_button.clicked.connect(wizard.demo_requested)

    def _language_chosen(self) -> None:
        save_language(str(self.language_combo.currentData()))


class AssociationPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_("Your association"))
        self.setSubTitle(_("Printed at the top of attendance sheets and reports."))
        self.errors = wizard.errors
        content = QWidget(self)
        self.name_field = QLineEdit(content)
        self.name_field.setAccessibleName(_("Name of the association"))
        name_label = QLabel(_("&Name of the association:"), content)
        name_label.setBuddy(self.name_field)
        self.address_field = QPlainTextEdit(content)
        self.address_field.setAccessibleName(_("Address"))
        self.address_field.setTabChangesFocus(True)
        self.address_field.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        address_label = QLabel(_("&Address:"), content)
        address_label.setBuddy(self.address_field)
        self.logo_field = QLineEdit(content)
        self.logo_field.setAccessibleName(_("Logo file (PNG or JPEG, optional)"))
        self.logo_button = QPushButton(_("Choose the &logo…"), content)
        self.logo_button.setAccessibleName(_("Choose the logo"))
        logo_label = QLabel(_("L&ogo (optional):"), content)
        logo_label.setBuddy(self.logo_field)
        days = self.days_field = WeekdaysField(content)
        days.set_value(range(1, 6))  # Monday to Friday until told otherwise
        self.day_checks = days.boxes
        days_label = QLabel(_("Opening days:"), content)
        self.hours_field = QLineEdit(content)
        self.hours_field.setAccessibleName(_("Opening hours"))
        self.hours_field.setPlaceholderText(_("for example 10:00–17:00"))
        hours_label = QLabel(_("Open&ing hours:"), content)
        hours_label.setBuddy(self.hours_field)

        form = QFormLayout(content)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(name_label, self.errors.wrap("name", self.name_field, "association_name"))
        form.addRow(address_label, self.errors.wrap("address", self.address_field))
        form.addRow(
            logo_label,
            self.errors.wrap("logo", path_row(content, self.logo_field, self.logo_button)),
        )
        form.addRow(days_label, self.errors.wrap("opening_days", days))
        form.addRow(hours_label, self.errors.wrap("opening_hours", self.hours_field))
        _scrolled(self, content)
        self.logo_button.clicked.connect(self.choose_logo)

    def choose_logo(self) -> None:
        chosen = choose_image(self)
        if chosen is not None:
            self.logo_field.setText(str(chosen))

    def opening_days(self) -> tuple[int, ...]:
        return self.days_field.value()

    def validatePage(self) -> bool:
        self.errors.clear()
        if not self.name_field.text().strip():
            self.errors.show(InvalidInput(_("Type the name of the association."), field="name"))
            return False
        logo = self.logo_field.text().strip()
        if logo and not Path(logo).expanduser().is_file():
            self.errors.show(InvalidInput(_("There is no file at this place."), field="logo"))
            return False
        return True


class PlacesPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_("Where to keep the vault and its backups"))
        self.errors = wizard.errors
        content = QWidget(self)
        intro = wrapped_label(
            _(
                "pairdesk makes a backup each day when it closes. Keeping the backups on a "
                "USB stick or another disk protects the records if this computer breaks or "
                "is lost."
            ),
            content,
        )
        self.vault_field = QLineEdit(str(paths.default_vault_path()), content)
        self.vault_field.setAccessibleName(_("Where to save the vault"))
        self.vault_button = QPushButton(_("&Browse…"), content)
        self.vault_button.setAccessibleName(_("Choose where to save the vault"))
        vault_label = QLabel(_("&Save the vault as:"), content)
        vault_label.setBuddy(self.vault_field)
        self.backups_field = QLineEdit(str(paths.backups_dir()), content)
        self.backups_field.setAccessibleName(_("Backups folder"))
        self.backups_button = QPushButton(_("Choose the &folder…"), content)
        self.backups_button.setAccessibleName(_("Choose the backups folder"))
        backups_label = QLabel(_("&Backups folder:"), content)
        backups_label.setBuddy(self.backups_field)
        form = QFormLayout(content)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(intro)
        form.addRow(
            vault_label,
            self.errors.wrap("path", path_row(content, self.vault_field, self.vault_button)),
        )
        form.addRow(
            backups_label,
            self.errors.wrap("backups", path_row(content, self.backups_field, self.backups_button)),
        )
        _scrolled(self, content)
        self.vault_button.clicked.connect(self.choose_vault)
        self.backups_button.clicked.connect(self.choose_backups)

    def choose_vault(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the new vault as"),
            self.vault_field.text(),
            _("pairdesk vaults (*.pairdesk)"),
        )
        if chosen:
            self.vault_field.setText(chosen if Path(chosen).suffix else chosen + ".pairdesk")

    def choose_backups(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Choose the backups folder"), self.backups_field.text()
        )
        if chosen:
            self.backups_field.setText(chosen)

    def validatePage(self) -> bool:
        self.errors.clear()
        text = self.vault_field.text().strip()
        path = Path(text).expanduser() if text else None
        if path is None:
            self.errors.show(InvalidInput(_("Choose where to save the vault."), field="path"))
            return False
        if path.is_dir():
            self.errors.show(
                InvalidInput(
                    _("{path} is a folder: add a file name, for example vault.pairdesk.").format(
                        path=path
                    ),
                    field="path",
                )
            )
            return False
        if path.exists():
            self.errors.show(
                InvalidInput(
                    _("A file already exists at {path}; choose another name.").format(path=path),
                    field="path",
                )
            )
            return False
        if not self.backups_field.text().strip():
            self.errors.show(InvalidInput(_("Choose the backups folder."), field="backups"))
            return False
        return True


class PassphrasePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_("The passphrase"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("C&reate the vault"))
        self.errors = wizard.errors
        content = QWidget(self)
        intro = wrapped_label(
            _(
                "The passphrase opens the vault. A sentence of four ordinary words or more "
                "is easy to remember and hard to guess."
            ),
            content,
        )
        self.passphrase = NewPassphrase(content, self.errors)
        self.passphrase_field = self.passphrase.field
        self.confirm_field = self.passphrase.confirm_field
        form = QFormLayout(content)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(intro)
        self.passphrase.add_rows(form, _("&Passphrase:"), _("Passphrase &again:"))
        form.addRow(self.passphrase.warning_label)
        _scrolled(self, content)

    def validatePage(self) -> bool:
        self.errors.clear()
        try:
            self.passphrase.read()
        except InvalidInput as exc:
            self.errors.show(exc)
            return False
        return True


class CreatedPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Creating the vault"))
        self.status_label = wrapped_label("", self)
        self.status_label.setObjectName("firstRunStatus")
        self.sheet_button = QPushButton(_("Print the &emergency sheet…"), self)
        self.sheet_button.setAccessibleName(_("Print the emergency sheet"))
        self.sheet_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.sheet_button)
        layout.addStretch(1)
        self.sheet_button.clicked.connect(self.show_sheet)
        self.sheet_dialog: Any = None

    def initializePage(self) -> None:
        self.wiz.start_creation()

    def show_result(self, result: FirstRunResult | None, problem: str = "") -> None:
        if result is None:
            self.setTitle(_("The vault was not created"))
            self.status_label.setText(
                _("Error: {message}").format(message=problem)
                + "\n\n"
                + _("Press Back to correct it.")
            )
            self.completeChanged.emit()
            return
        self.setTitle(_("The vault is ready"))
        text = _(
            "The vault was created. Press Finish to continue: you will then say who you "
            "are, the first coordinator of the team."
        )
        if result.sheet is not None:
            text += "\n\n" + _(
                "Now print the emergency sheet and keep it in the association's safe with "
                "the passphrase written by hand."
            )
            self.sheet_button.show()
        self.status_label.setText(text)
        self.completeChanged.emit()

    def show_sheet(self) -> None:
        from pairdesk.ui.emergency_sheet import EmergencySheetDialog

        if self.wiz.outcome is None:
            return
        self.sheet_dialog = EmergencySheetDialog(self.wiz.outcome.sheet, self)
        self.sheet_dialog.open()

    def isComplete(self) -> bool:
        return self.wiz.outcome is not None


class FirstRunWizard(QWizard):
    """``created(ctx)`` once the vault exists; ``demo_requested()`` for the demo vault."""

    created = Signal(object)
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(_("First start — pairdesk"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.errors = FieldErrors()
        self.outcome: FirstRunResult | None = None
        self.busy = False
        self.welcome_page = WelcomePage(self)
        self.association_page = AssociationPage(self)
        self.places_page = PlacesPage(self)
        self.passphrase_page = PassphrasePage(self)
        self.created_page = CreatedPage(self)
        for page in (
            self.welcome_page,
            self.association_page,
            self.places_page,
            self.passphrase_page,
            self.created_page,
        ):
            self.addPage(page)
        name_wizard_buttons(self, _("Create the vault"))
        self.resize(fitting_width(self, 80, at_least=640, share=0.95), 560)

    def setup(self) -> FirstRunSetup:
        a, p, s = self.association_page, self.places_page, self.passphrase_page
        logo = a.logo_field.text().strip()
        backups_text = p.backups_field.text().strip()
        backups = Path(backups_text).expanduser() if backups_text else None
        if backups is not None and backups == paths.backups_dir():
            backups = None  # the default: nothing to remember
        return FirstRunSetup(
            name=a.name_field.text().strip(),
            address=a.address_field.toPlainText().strip(),
            opening_days=a.opening_days(),
            opening_hours=a.hours_field.text().strip(),
            logo_path=Path(logo).expanduser() if logo else None,
            vault_path=Path(p.vault_field.text().strip()).expanduser(),
            backups_folder=backups,
            passphrase=s.passphrase_field.text(),
        )

    def start_creation(self) -> None:
        if self.outcome is not None or self.busy:
            return
        setup = self.setup()
        self.busy = True
        self.created_page.status_label.setText(_("Creating the vault…"))
        (
            Op(self, lambda: create_first_vault(setup))
            .success(self._created)
            # Not the default routing: the wizard's last page shows the outcome in its place
            .failure(self._failed)
            .busy(_("Creating the vault…"))
            .run()
        )

    def _created(self, result: FirstRunResult) -> None:
        self.busy = False
        self.outcome = result
        self.passphrase_page.passphrase.clear()
        self.created_page.show_result(result)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, UserError):
            self.created_page.show_result(None, exc.message)
        else:
            self.created_page.show_result(None, _("The vault could not be created."))
            show_error(self, exc)

    def accept(self) -> None:
        super().accept()
        if self.outcome is not None:
            self.created.emit(self.outcome.ctx)

    def reject(self) -> None:
        if self.busy:
            return
        if self.outcome is not None:  # created already: carry on rather than lose it
            self.accept()
            return
        super().reject()


# -- the hook of the unlock dialog -------------------------------------------------------


def offer_first_run(dialog: UnlockDialog) -> FirstRunWizard | None:
    """Show the assistant over the unlock dialog when there is no vault at all."""
    if dialog.demo or not needs_first_run(dialog.vault_path, dialog.recent_paths()):
        return None
    wizard = FirstRunWizard(dialog)
    wizard.created.connect(dialog._created)
    wizard.demo_requested.connect(lambda: _start_demo(dialog, wizard))
    dialog.first_run = wizard
    wizard.show()
    wizard.raise_()
    return wizard


def _start_demo(dialog: UnlockDialog, wizard: FirstRunWizard) -> None:
    """Build a throw-away demo vault and open it (deleted when pairdesk ends)."""
    from pairdesk.ui.demo_vault import DEMO_PASSPHRASE, build_demo_vault, new_demo_folder

    wizard.hide()
    folder = new_demo_folder()
    atexit.register(folder.remove)
    target = folder.vault_path

    def ready(path: Path) -> None:
        wizard.close()
        dialog.demo = True
        dialog.demo_label.show()
        dialog._recent_box.hide()
        dialog._set_vault(path)
        dialog.passphrase_field.setText(DEMO_PASSPHRASE)
        lifetime.single_shot(dialog, 0, dialog.try_unlock)

    (
        Op.with_progress(dialog, lambda progress: build_demo_vault(target, progress))
        # Not the default routing: the wizard shows why the demo failed, on its own page
        .success(ready)
        .failure(lambda exc: _demo_failed(wizard, exc))  # the wizard page
        .cancelled(wizard.show)
        .busy(_("Preparing the demo vault with fictional people…"))
        .run()
    )


def _demo_failed(wizard: FirstRunWizard, exc: BaseException) -> None:
    wizard.show()
    show_error(wizard, exc)


__all__ = [
    "FirstRunSetup",
    "FirstRunWizard",
    "create_first_vault",
    "needs_first_run",
    "offer_first_run",
]
