"""Choose a vault, type its passphrase, and unlock it off the GUI thread.

The vaults opened before are remembered by their path, or a server's address, only —
never a passphrase or a password — in an INI file under ``paths.config_dir()`` (at most
``MAX_RECENT``, the most recent first); a file that is no longer there is shown as missing.
"Open another vault…" (``OpenVaultDialog``) picks a file or, on its "Server" tab, a
database on the association's PostgreSQL server (issue 14): the passphrase field then
takes that user's password, and the login is who acts (no operator to choose).
"Create a new vault…" opens ``CreateVaultDialog``.

Key derivation takes 100–300 ms, so ``open_vault`` runs on the database worker. A wrong
passphrase (or any ``UserError``) is written under the field and the user tries again.
The passphrase is never kept once the vault is open.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk import paths
from pairdesk.errors import UserError, VaultInUse
from pairdesk.i18n import _
from pairdesk.ui import lifetime
from pairdesk.ui.fit_labels import fit_window_to_text, fitting_width
from pairdesk.ui.local_settings import ini_file
from pairdesk.ui.widgets.field_error import make_error_label, selectable_text

RECENT_FILENAME = "recent_vaults.ini"
MAX_RECENT = 8
_RECENT_GROUP = "recent_vaults"
#: ``Qt.ItemDataRole.UserRole + 1``, by value: ``Qt``'s enums are not needed before the
#: dialog is painted (``field_error.selectable_text``, issue 12).
PATH_ROLE = 0x0100 + 1

if TYPE_CHECKING:  # the core is imported while the passphrase is typed (pairdesk.app)
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QWizard

    from pairdesk.services.context import ServiceContext


# -- recent vaults (paths and addresses only) ----------------------------------------------

Location = paths.Location


def _recent_settings() -> QSettings:
    return ini_file(RECENT_FILENAME)


def _location(value: str | Path) -> Location:
    """A server's address stays text; anything else is a file's path."""
    return str(value).strip() if paths.is_server_address(value) else Path(value)


def _same(a: Location, b: Location) -> bool:
    return _absolute(a) == _absolute(b)


def _absolute(path: Location) -> Location:
    if paths.is_server_address(path):
        return str(path).strip()
    try:
        return Path(path).expanduser().resolve()
    except OSError:
        return Path(path).expanduser().absolute()


def _exists(location: Location) -> bool:
    """A file that is there; a server is taken as there (logging in tells)."""
    return paths.is_server_address(location) or Path(location).exists()


def _has_password(location: Location) -> bool:
    try:
        return paths.is_server_address(location) and urlsplit(str(location)).password is not None
    except ValueError:
        return True


def recent_vaults() -> list[Location]:
    """The remembered vaults, most recent first (missing files included): a file's path,
    or a server's address."""
    settings = _recent_settings()
    count = settings.beginReadArray(_RECENT_GROUP)
    found: list[Location] = []
    for index in range(count):
        settings.setArrayIndex(index)
        value = settings.value("path")
        if isinstance(value, str) and value and not _has_password(value):
            location = _location(value)
            if not any(_same(location, p) for p in found):
                found.append(location)
    settings.endArray()
    return found[:MAX_RECENT]


def _write_recent(vaults: list[Location]) -> None:
    settings = _recent_settings()
    settings.remove(_RECENT_GROUP)
    settings.beginWriteArray(_RECENT_GROUP, len(vaults))
    for index, path in enumerate(vaults):
        settings.setArrayIndex(index)
        settings.setValue("path", str(path))
    settings.endArray()
    settings.sync()


def remember_vault(path: Location) -> list[Location]:
    """Put ``path`` first in the recent vaults (keeping at most ``MAX_RECENT``); an
    address that carries a password is never written."""
    if _has_password(path):
        return recent_vaults()
    path = _absolute(path)
    vaults = [path] + [p for p in recent_vaults() if not _same(p, path)]
    vaults = vaults[:MAX_RECENT]
    _write_recent(vaults)
    return vaults


def forget_vault(path: Location) -> list[Location]:
    """Remove ``path`` from the recent vaults (the file itself is not touched)."""
    vaults = [p for p in recent_vaults() if not _same(p, path)]
    _write_recent(vaults)
    return vaults


def unlock(path: Location, passphrase: str) -> ServiceContext:
    """Open the vault (runs on the worker). Who acts is chosen next, in ``OperatorDialog``
    (on a server, the login is who acts: ``vaults.unlock`` sets it).

    Raises ``VaultInUse`` when another pairdesk holds it (naming who, when the passphrase
    lets us look the member up). The page check of the whole file goes on in the
    background (``vaults.when_page_check_done``)."""
    from pairdesk.services import server_upgrade, vaults

    return vaults.unlock(
        path,
        passphrase,
        background_check=True,
        server_backup=server_upgrade.backup_before_upgrade,
    )


def unlock_read_only(path: Location, passphrase: str) -> ServiceContext:
    """Open the vault read-only, without its lock: for a vault another pairdesk holds."""
    from pairdesk.services import vaults

    return vaults.unlock(path, passphrase, fallback_read_only=True, background_check=True)


class UnlockDialog(QDialog):
    """Choose a vault and type its passphrase. ``unlocked(ctx)`` carries the opened vault."""

    unlocked = Signal(object)

    @staticmethod
    def recent_paths() -> list[Path]:
        """The vault files opened before on this computer (for the first-run assistant)."""
        return [p for p in recent_vaults() if isinstance(p, Path)]

    def __init__(
        self,
        vault_path: Location,
        *,
        demo: bool = False,
        after_lock: bool = False,
        opener: Callable[[Location, str], ServiceContext] = unlock,
        read_only_opener: Callable[[Location, str], ServiceContext] = unlock_read_only,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        #: The vault's file, or a server's address (``postgresql://…``).
        self.vault_path: Location = _location(vault_path)
        self.open_dialog: QDialog | None = None
        self.demo = demo
        #: Shown again after a lock (Ctrl+L or inactivity): Escape clears the passphrase
        #: instead of quitting, as a lock screen does; only « Quitter » quits.
        self.after_lock = after_lock
        self.context: ServiceContext | None = None
        #: The first-run assistant shown over this dialog when there is no vault at all
        #: (``first_run.offer_first_run``, which imports this module, sets it).
        self.first_run: QWizard | None = None
        self._opener = opener
        self._read_only_opener = read_only_opener
        self._busy = False
        self.setObjectName("unlockDialog")
        self.setWindowTitle(_("Unlock the vault — pairdesk"))
        self.setMinimumWidth(fitting_width(self, 64))
        # At start-up it is painted before the application-wide watcher is installed.
        fit_window_to_text(self)

        intro = QLabel(self._intro_text(server=False), self)
        intro.setWordWrap(True)
        self.intro_label = intro

        self.demo_label = QLabel(_("Demo vault — passphrase: demo"), self)
        self.demo_label.setObjectName("demoNote")
        self.demo_label.setAccessibleName(self.demo_label.text())
        self.demo_label.setStyleSheet(
            "background: #fff4ce; color: #3b2f00; border: 1px solid #c9a400; padding: 6px;"
        )
        self.demo_label.setVisible(demo)

        # Recent vaults and the two other ways to get one.
        self.recent_list = QListWidget(self)
        self.recent_list.setObjectName("recentVaults")
        self.recent_list.setAccessibleName(_("Recent vaults"))
        self.recent_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recent_list.setWordWrap(True)
        self.recent_list.setMaximumHeight(self.recent_list.fontMetrics().height() * 7)
        recent_label = QLabel(_("&Recent vaults:"), self)
        recent_label.setBuddy(self.recent_list)
        self.open_other_button = QPushButton(_("&Open another vault…"), self)
        self.open_other_button.setAccessibleName(_("Open another vault"))
        self.create_button = QPushButton(_("&Create a new vault…"), self)
        self.create_button.setAccessibleName(_("Create a new vault"))
        self.forget_button = QPushButton(_("Remove from the &list"), self)
        self.forget_button.setAccessibleName(_("Remove the chosen vault from the recent list"))
        self.forget_button.setToolTip(_("The file itself is not deleted."))
        choice_column = QVBoxLayout()
        choice_column.addWidget(self.open_other_button)
        choice_column.addWidget(self.create_button)
        choice_column.addWidget(self.forget_button)
        choice_column.addStretch(1)
        list_row = QHBoxLayout()
        list_row.addWidget(self.recent_list, 1)
        list_row.addLayout(choice_column)
        self._recent_box = QWidget(self)
        recent_layout = QVBoxLayout(self._recent_box)
        recent_layout.setContentsMargins(0, 0, 0, 0)
        recent_layout.addWidget(recent_label)
        recent_layout.addLayout(list_row)
        self._recent_box.setVisible(not demo)

        self.path_label = QLabel(str(self.vault_path), self)
        self.path_label.setObjectName("vaultPath")
        self.path_label.setWordWrap(True)
        selectable_text(self.path_label)
        self.path_label.setAccessibleName(_("Vault file"))
        path_caption = QLabel(_("Vault:"), self)

        self.passphrase_field = QLineEdit(self)
        self.passphrase_field.setObjectName("passphrase")
        # The password mode also sets the input method's hints: hidden, sensitive, no
        # prediction nor capitals (tests/ui/test_unlock_dialog.py checks them).
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_field.setAccessibleName(_("Passphrase"))
        passphrase_label = QLabel(_("&Passphrase:"), self)
        passphrase_label.setBuddy(self.passphrase_field)
        self.passphrase_label = passphrase_label

        self.error_label = QLabel(self)
        self.error_label.setObjectName("unlockError")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(_("Why the vault did not open"))
        make_error_label(self.error_label)  # selectable too
        self.error_label.hide()

        self.status_label = QLabel(self)
        self.status_label.setObjectName("unlockStatus")
        self.status_label.setAccessibleName(_("Progress"))

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(path_caption, self.path_label)
        form.addRow(passphrase_label, self.passphrase_field)
        form.addRow("", self.error_label)

        # By keyword: a positional parent makes PySide6 try the (orientation, parent)
        # overload, creating the enums of the whole Qt namespace (see selectable_text).
        self.buttons = QDialogButtonBox(parent=self)
        self.unlock_button = QPushButton(_("&Unlock"), self)
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.quit_button = QPushButton(_("&Quit"), self)
        self.quit_button.setAccessibleName(_("Quit"))
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        # Shown only when the vault is in use by another pairdesk.
        self.read_only_button = QPushButton(_("Op&en read-only"), self)
        self.read_only_button.setObjectName("openReadOnly")
        self.read_only_button.setAccessibleName(_("Open the vault read-only"))
        self.read_only_button.setToolTip(
            _("Read the vault while the other pairdesk keeps it; nothing can be changed.")
        )
        self.buttons.addButton(self.read_only_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.read_only_button.hide()
        self.read_only_button.clicked.connect(self.open_read_only)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.demo_label)
        layout.addWidget(self._recent_box)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.recent_list.currentItemChanged.connect(self._recent_chosen)
        self.recent_list.itemActivated.connect(lambda _item: self.passphrase_field.setFocus())
        self.open_other_button.clicked.connect(self.open_other_vault)
        self.create_button.clicked.connect(self.create_new_vault)
        self.forget_button.clicked.connect(self.forget_chosen)

        QWidget.setTabOrder(self.recent_list, self.open_other_button)
        QWidget.setTabOrder(self.open_other_button, self.create_button)
        QWidget.setTabOrder(self.create_button, self.forget_button)
        QWidget.setTabOrder(self.forget_button, self.passphrase_field)
        QWidget.setTabOrder(self.passphrase_field, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.quit_button)

        if not demo:
            self._choose_start_vault()
        self.passphrase_field.setFocus()
        if not demo and not _exists(self.vault_path):
            # maybe no vault at all: the first-run assistant, over this dialog
            lifetime.single_shot(self, 0, self._offer_first_run)

    def _offer_first_run(self) -> None:
        from pairdesk.ui.first_run import offer_first_run

        offer_first_run(self)

    # -- choosing the vault ------------------------------------------------------------
    def _choose_start_vault(self) -> None:
        """The vault asked for, unless it is the default one and it does not exist while a
        remembered one does: then the most recent vault that is still there."""
        recents = recent_vaults()
        if (
            not _exists(self.vault_path)
            and _same(self.vault_path, paths.default_vault_path())
            and any(_exists(p) for p in recents)
        ):
            self.vault_path = next(p for p in recents if _exists(p))
        self._fill_recent(recents)
        self._set_vault(self.vault_path)

    def _fill_recent(self, recents: list[Location]) -> None:
        entries = list(recents)
        if not any(_same(self.vault_path, p) for p in entries):
            entries.insert(0, self.vault_path)
        self.recent_list.blockSignals(True)
        self.recent_list.clear()
        for path in entries:
            item = QListWidgetItem(self._entry_text(path), self.recent_list)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            if _same(path, self.vault_path):
                self.recent_list.setCurrentItem(item)
        self.recent_list.blockSignals(False)

    @staticmethod
    def _entry_text(path: Location) -> str:
        if not isinstance(path, Path):
            parts = urlsplit(path)
            server = parts.netloc.rpartition("@")[2] or _("this computer")
            return _("{database} — on the server {server}, as {user}").format(
                database=parts.path.lstrip("/"), server=server, user=parts.username or ""
            )
        if path.exists():
            return _("{name} — in {folder}").format(name=path.name, folder=path.parent)
        return _("{name} — in {folder} (file not found)").format(name=path.name, folder=path.parent)

    def _recent_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        self._set_vault(_location(str(item.data(PATH_ROLE))))

    def _intro_text(self, server: bool) -> str:
        if self.after_lock:
            return _("pairdesk is locked. Type the passphrase to go on.")
        if self.demo:  # one vault, nothing to choose
            return _("Type the demo vault's passphrase to open it.")
        if server:
            return _("Choose the vault, then type your password on its server to open it.")
        return _("Choose the vault, then type its passphrase to open it.")

    def _set_vault(self, path: Location) -> None:
        self.vault_path = _location(path)
        server = paths.is_server_address(self.vault_path)
        self.path_label.setText(str(self.vault_path))
        self.path_label.setAccessibleName(_("Server address") if server else _("Vault file"))
        # On a server the field takes the user's own password (issue 14).
        self.passphrase_label.setText(_("Pass&word:") if server else _("&Passphrase:"))
        self.intro_label.setText(self._intro_text(server))
        self.passphrase_field.setAccessibleName(_("Password") if server else _("Passphrase"))
        self.error_label.hide()
        self.read_only_button.hide()
        if not self.demo and not _exists(self.vault_path):
            self.error_label.setText(
                _(
                    "There is no vault at this place. Choose another one, open another "
                    "file or create a new vault."
                )
            )
            self.error_label.show()

    def open_other_vault(self) -> None:
        """A file ("File" tab) or a database on a server ("Server" tab)."""
        from pairdesk.ui.open_vault_dialog import OpenVaultDialog

        dialog = OpenVaultDialog(self.vault_path, self)
        dialog.chosen.connect(self.choose_vault)
        self.open_dialog = dialog
        dialog.open()

    def choose_vault(self, location: Location) -> None:
        """Make ``location`` (a file or a server's address) the vault to unlock."""
        self.vault_path = _location(location)
        self._fill_recent(recent_vaults())
        self._set_vault(self.vault_path)
        self.passphrase_field.setFocus()

    def create_new_vault(self) -> None:
        from pairdesk.ui.create_vault_dialog import CreateVaultDialog

        dialog = CreateVaultDialog(self)
        dialog.created.connect(self._created)
        self.create_dialog = dialog
        dialog.open()

    def _created(self, ctx: ServiceContext) -> None:
        self.vault_path = ctx.vault.path
        self._unlocked(ctx)

    def forget_chosen(self) -> None:
        item = self.recent_list.currentItem()
        if item is None:
            return
        forget_vault(_location(str(item.data(PATH_ROLE))))
        self._fill_recent(recent_vaults())
        current = self.recent_list.currentItem()
        if current is not None:
            self._set_vault(_location(str(current.data(PATH_ROLE))))

    # -- unlocking ---------------------------------------------------------------------
    def try_unlock(self) -> None:
        self._open_with(self._opener)

    def open_read_only(self) -> None:
        """The vault is in use elsewhere: open it read-only with the same passphrase."""
        self._open_with(self._read_only_opener)

    def _open_with(self, opener: Callable[[Location, str], ServiceContext]) -> None:
        if self._busy:
            return
        passphrase = self.passphrase_field.text()
        if not passphrase:
            self._show_problem(
                _("Type the password first.")
                if paths.is_server_address(self.vault_path)
                else _("Type the passphrase first.")
            )
            return
        self.read_only_button.hide()
        self._set_busy(True)
        path = self.vault_path
        from pairdesk.ui.ops import Op  # not before the dialog is painted (issue 12)

        (
            Op(self, lambda: opener(path, passphrase))
            .success(self._unlocked)
            .always(lambda: self._set_busy(False))
            .busy(_("Unlocking…"))
            .run()
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.passphrase_field,
            self.unlock_button,
            self.recent_list,
            self.open_other_button,
            self.create_button,
            self.forget_button,
        ):
            widget.setEnabled(not busy)
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
        if not self.demo:
            with contextlib.suppress(OSError):  # an unwritable config folder must not stop work
                remember_vault(self.vault_path if ctx.vault.is_server else ctx.vault.path)
        self.context = ctx
        self.unlocked.emit(ctx)
        self.accept()

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: why the vault did not open, in the dialog itself (a wrong passphrase,
        a vault in use offers read-only); a bug goes on to the polite dialog (logged)."""
        if not isinstance(error, UserError):
            return False
        self._show_problem(error.message)
        if isinstance(error, VaultInUse):
            self.read_only_button.show()
        self._fit_message()
        return True

    def _fit_message(self) -> None:
        """Grow the dialog so that a long message (who holds the vault) is read whole."""
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # on a key only: not before the first paint

        if self.after_lock and event.key() == Qt.Key.Key_Escape:
            # A lock screen: Escape must not close pairdesk under someone who came back to
            # it; it clears what was typed.
            self.passphrase_field.clear()
            self.passphrase_field.setFocus()
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self._busy:  # the vault is being opened: let it finish first
            return
        self.passphrase_field.clear()
        super().reject()
