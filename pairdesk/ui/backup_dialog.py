"""Backups: the list, "Back up now", the backups folder (a USB stick), restoring one.

Automatic backups are made when the vault closes (``backups.backup_on_close``); this
dialog shows them and makes one on request. A coordinator chooses where they go (the
vault setting ``backups.folder``, written with ``team.set_setting``: checked and
audited) and may restore one: the dialog checks the backup opens with the passphrase
typed, then ``restore_requested(path, passphrase)`` asks the main window to close the
vault, run ``backups.restore`` (which first keeps the current vault as
``STEM-before-restore-….pairdesk``) and go back to the unlock dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from pairdesk import paths
from pairdesk.domain.permissions import Permission, allows
from pairdesk.errors import DiskError, UserError
from pairdesk.i18n import _
from pairdesk.services import backups, team, vaults
from pairdesk.services.backups import BackupFolderMissing, BackupInfo
from pairdesk.services.context import ServiceContext
from pairdesk.services.vaults import Vault
from pairdesk.ui.errors import show_error
from pairdesk.ui.models.backups_model import BackupsModel, taken_text
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.dialog_parts import (
    button_row,
    fit_dialog,
    growing_column,
    refusal_line,
    status_line,
    worded_button,
)
from pairdesk.ui.widgets.tables import make_table
from pairdesk.ui.widgets.typed_confirm import TypedConfirmDialog


@dataclass(frozen=True, slots=True)
class BackupState:
    folder: Path
    chosen: bool  # a folder the user chose (a USB stick), not the default one
    available: bool
    backups: tuple[BackupInfo, ...]
    #: the vault's id: a backup chosen as a file that is another vault's asks first
    vault_id: str | None = None


def read_state(ctx: ServiceContext) -> BackupState:
    """Where backups go and which of this vault's exist (runs on the worker). Copies kept
    before a restore live in the default folder: they are listed too. Another vault's
    backups in the same folders are not."""
    chosen = backups.chosen_folder(ctx.vault)
    folder = chosen or paths.backups_dir()
    owner = backups.owner_of(ctx.vault)
    found = {b.path: b for b in backups.list_backups(folder, owner)}
    if chosen is not None:
        for info in backups.list_backups(paths.backups_dir(), owner):
            found.setdefault(info.path, info)
    ordered = sorted(found.values(), key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return BackupState(folder, chosen is not None, folder.is_dir(), tuple(ordered), owner.vault_id)


def backup_now(vault: Vault, now: dt.datetime | None = None) -> Path:
    """A verified manual backup right now (never rotated away), then the rotation of the
    vault's automatic backups."""
    now = now or dt.datetime.now()
    chosen = backups.chosen_folder(vault)
    if chosen is not None and not chosen.is_dir():
        raise BackupFolderMissing(
            _(
                "The backup folder {folder} is not available (is the USB stick plugged "
                "in?). No backup was made; the vault itself is unchanged."
            ).format(folder=chosen)
        )
    folder = chosen or paths.backups_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DiskError(
            _("The backup could not be written: {reason}").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from None
    owner = backups.owner_of(vault)
    destination = folder / backups.backup_name(owner, now, manual=True)
    if not destination.exists():
        vault.export_copy(destination)
    backups.rotate(folder, owner, now.date())
    return destination


class RestoreDialog(TypedConfirmDialog):
    """Confirm a restore: what happens, and the passphrase of the backup."""

    confirmed = Signal(object, str)

    def __init__(
        self,
        info: BackupInfo,
        parent: QWidget | None = None,
        *,
        vault_stem: str = "vault",
        vault_id: str | None = None,
    ) -> None:
        super().__init__(
            parent,
            object_name="restoreDialog",
            title=_("Restore a backup — pairdesk"),
            text=_(
                "The vault will be closed and replaced by the backup of {date}. What was "
                "recorded after that backup will no longer be in the vault. Nothing is "
                "destroyed: the current vault is first kept as a file named "
                "{name}-before-restore-… in {folder}. You will then type the passphrase "
                "again to open the vault."
            ).format(date=taken_text(info), name=vault_stem, folder=paths.backups_dir()),
            action=_("&Restore and close the vault"),
            action_name=_("Restore and close the vault"),
            field_label=_("&Passphrase of this backup:"),
            field_name="passphrase",
            note=_("Usually the vault's passphrase at the time of the backup."),
            busy_text=_("Checking the backup…"),
            characters=56,
            wrap=QFormLayout.RowWrapPolicy.WrapAllRows,
        )
        self.info = info
        self.vault_id = vault_id
        self.explanation.setObjectName("restoreExplanation")
        self.passphrase_field = self.field
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_field.setAccessibleName(_("Passphrase of the backup"))
        self.passphrase_field.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhSensitiveData
        )
        self.restore_button = self.ok_button
        self._checked = ""  # the passphrase being checked

    def action(self) -> Callable[[], object] | None:
        passphrase = self.passphrase_field.text()
        if not passphrase:
            self.errors.show(
                UserError(_("Type the passphrase of this backup."), field="passphrase")
            )
            return None
        path, self._checked = self.info.path, passphrase
        return lambda: vaults.check_backup_passphrase(path, passphrase)

    def succeeded(self, result: object) -> None:
        passphrase, self._checked = self._checked, ""
        self.passphrase_field.clear()
        other = self.vault_id is not None and result is not None and result != self.vault_id
        if other and not questions.confirm(
            self,
            _("Another vault's backup"),
            _(
                "This backup is of another vault (another association's, or a vault created "
                "apart): restoring it would replace every record of this one by its own."
            ),
            _("&Restore it all the same"),
            _("&Do not restore it"),
            warning=True,
        ):
            self.ok_button.setEnabled(True)  # the passphrase is typed again to go on
            self.passphrase_field.setFocus()
            return
        self.accept()
        self.confirmed.emit(self.info.path, passphrase)

    def reject(self) -> None:
        if not self._busy:
            self.passphrase_field.clear()
        super().reject()


class BackupDialog(QDialog):
    """The backups list and what can be done with it."""

    #: (backup path, its passphrase): close the vault and restore this backup.
    restore_requested = Signal(object, str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state: BackupState | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.coordinator = allows(ctx.operator, Permission.VAULT_SETTINGS)
        self.setObjectName("backupDialog")
        self.setWindowTitle(_("Backups — pairdesk"))

        intro = QLabel(
            _(
                "pairdesk backs the vault up when it closes (once a day, and again when "
                "something was recorded since) and keeps 7 daily, 4 weekly and 12 monthly "
                "backups. Backups are encrypted with the passphrase the vault had when they "
                "were made."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("backupFolder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_problem = refusal_line(self, "backupFolderProblem")

        self.model = BackupsModel(self)
        self.table = make_table(self, self.model, _("Backups"))
        self.table.setObjectName("backupsTable")
        table_label = QLabel(_("&Backups:"), self)
        table_label.setBuddy(self.table)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.status_label = status_line(self, "backupStatus")

        self.backup_button = worded_button(self, _("Back &up now"), _("Back up now"))
        self.choose_button = worded_button(
            self, _("&Choose the folder…"), _("Choose the backups folder")
        )
        self.default_button = worded_button(
            self, _("Use the &default folder"), _("Use the default folder")
        )
        self.restore_button = worded_button(
            self, _("&Restore this backup…"), _("Restore this backup")
        )
        self.restore_file_button = worded_button(
            self, _("Restore from a &file…"), _("Restore from a file")
        )
        self.close_button = worded_button(self, _("Close"), _("Close"))
        for widget in (
            self.choose_button,
            self.default_button,
            self.restore_button,
            self.restore_file_button,
        ):
            if not self.coordinator:
                widget.setToolTip(_("Only a coordinator can use this."))
        self.backup_button.setDefault(True)

        layout = growing_column(self)
        layout.addWidget(intro)
        layout.addWidget(self.folder_label)
        layout.addLayout(button_row(self.choose_button, self.default_button))
        layout.addWidget(self.folder_problem)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(button_row(self.restore_button, self.restore_file_button))
        layout.addWidget(self.status_label)
        layout.addLayout(button_row(self.backup_button, right=[self.close_button]))

        self.backup_button.clicked.connect(self.back_up_now)
        self.choose_button.clicked.connect(self.choose_folder)
        self.default_button.clicked.connect(lambda: self.set_folder(None))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.close_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.activated.connect(self.refresh)
        QWidget.setTabOrder(self.choose_button, self.default_button)
        QWidget.setTabOrder(self.default_button, self.table)
        QWidget.setTabOrder(self.table, self.backup_button)
        QWidget.setTabOrder(self.backup_button, self.restore_button)
        QWidget.setTabOrder(self.restore_button, self.restore_file_button)
        QWidget.setTabOrder(self.restore_file_button, self.close_button)
        fit_dialog(self, 90, tall=0.7)
        self._update_buttons()
        self.refresh()

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        ctx = self.ctx
        Op(self, lambda: read_state(ctx)).success(self._show_state).run()

    def _show_state(self, state: BackupState) -> None:
        self.state = state
        self.model.set_rows(state.backups)
        if state.chosen:
            text = _("Backups go to the folder you chose: {folder}").format(folder=state.folder)
        else:
            text = _("Backups go to the default folder: {folder}").format(folder=state.folder)
        self.folder_label.setText(text)
        self.folder_label.setAccessibleName(text)
        if state.chosen and not state.available:
            self.folder_problem.setText(
                _(
                    "Error: this folder is not available (is the USB stick plugged in?). "
                    "No backup can be made until it is back."
                )
            )
            self.folder_problem.show()
        else:
            self.folder_problem.hide()
        self.empty_label.setText("" if state.backups else _("No backup yet."))
        self.empty_label.setVisible(not state.backups)
        if state.backups and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def select_backup(self, path: Path) -> bool:
        for row, info in enumerate(self.model.rows):
            if info.path == path:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        self.choose_button.setEnabled(self.coordinator)
        chosen = self.state is not None and self.state.chosen
        self.default_button.setEnabled(self.coordinator and chosen)
        self.restore_button.setEnabled(self.coordinator and self.selected() is not None)
        self.restore_file_button.setEnabled(self.coordinator)

    # -- actions -----------------------------------------------------------------------
    def back_up_now(self) -> None:
        vault = self.ctx.vault
        self.backup_button.setEnabled(False)
        self.status_label.setText(_("Backing up the vault…"))

        def done(path: Path) -> None:
            self.backup_button.setEnabled(True)
            self.status_label.setText(_("Backup made and checked: {name}").format(name=path.name))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            if isinstance(exc, UserError):
                self.status_label.setText(_("Error: {message}").format(message=exc.message))
            else:
                self.status_label.clear()
                show_error(self, exc)
            self.refresh()

        (
            Op(self, lambda: backup_now(vault))
            # Not the default routing: the status line, then the list is read again
            .success(done)
            .failure(failed)  # status line, reload
            .busy(_("Backing up the vault…"))
            .run()
        )

    def choose_folder(self) -> None:
        start = str(self.state.folder if self.state else paths.backups_dir())
        chosen = QFileDialog.getExistingDirectory(
            self, _("Choose the folder for the backups (a USB stick, for example)"), start
        )
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, folder: Path | None) -> None:
        ctx = self.ctx
        value = str(folder) if folder is not None else None
        (
            Op(self, lambda: team.set_setting(ctx, backups.SETTING_FOLDER, value))
            .success(lambda _r: self.refresh())
            .run()
        )

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not self.coordinator:
            return
        self._ask_restore(info)

    def restore_from_file(self) -> None:
        if not self.coordinator:
            return
        start = str(self.state.folder if self.state else paths.backups_dir())
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the backup to restore"), start, _("pairdesk vaults (*.pairdesk)")
        )
        if not chosen:
            return
        path = Path(chosen)
        when = backups.parse_backup_name(path.name)
        if when is None:
            when = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
        self._ask_restore(BackupInfo(path, when, path.stat().st_size, False))

    def _ask_restore(self, info: BackupInfo) -> None:
        dialog = RestoreDialog(
            info,
            self,
            vault_stem=self.ctx.vault.path.stem,
            vault_id=self.state.vault_id if self.state else None,
        )
        dialog.confirmed.connect(self._restore_confirmed)
        self.restore_dialog = dialog
        dialog.open()

    def _restore_confirmed(self, path: Path, passphrase: str) -> None:
        self.accept()
        self.restore_requested.emit(path, passphrase)
