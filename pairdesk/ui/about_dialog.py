"""Help → About pairdesk: the version, the licence, where the data is kept.

Shows the vault in use and the folders from ``pairdesk.paths`` (data, settings,
backups, logs) as selectable text, so a volunteer can read them out on the phone to
whoever helps them; a button opens the data folder in the file manager.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk import __version__, paths
from pairdesk.i18n import _
from pairdesk.ui.app_icon import application_icon as application_icon  # re-exported
from pairdesk.ui.fit_labels import fitting_width
from pairdesk.ui.widgets.dialog_parts import wrapped_label

LICENCE = "GPL-3.0-or-later"
LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"
ICON_FILE = "pairdesk-64.png"


class AboutDialog(QDialog):
    """Version, licence, fonts' licence, the vault in use and the data folders."""

    def __init__(self, vault_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About pairdesk"))
        self.setAccessibleName(_("About pairdesk"))
        self.vault_path = vault_path
        self.data_folder = paths.data_dir()

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.icon_label = QLabel(self)
        icon_file = paths.resources_dir() / "icons" / ICON_FILE
        if icon_file.is_file():
            self.icon_label.setPixmap(QIcon(str(icon_file)).pixmap(64, 64))
        self.icon_label.setAccessibleName(_("pairdesk icon"))
        header.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        self.title_label = QLabel(
            _("<b>pairdesk</b> — version {version}").format(version=__version__), self
        )
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label = wrapped_label(
            _(
                "Keeps the record and the workshops of a peer-support association, "
                "offline and encrypted on this computer."
            ),
            self,
        )
        titles = QVBoxLayout()
        titles.addWidget(self.title_label)
        titles.addWidget(self.summary_label)
        header.addLayout(titles, 1)
        layout.addLayout(header)

        self.licence_label = QLabel(
            _(
                "Free software under the GNU General Public License, version 3 or any "
                "later version ({licence}): you may use, study, share and improve it. "
                'It comes with no warranty. <a href="{url}">Read the licence</a>.'
            ).format(licence=LICENCE, url=LICENCE_URL),
            self,
        )
        self.licence_label.setTextFormat(Qt.TextFormat.RichText)
        self.licence_label.setOpenExternalLinks(True)
        self.licence_label.setWordWrap(True)
        layout.addWidget(self.licence_label)
        self.fonts_label = wrapped_label(
            _(
                "The documents use the DejaVu fonts (free licence, derived from the "
                "Bitstream Vera licence); the text of that licence is shipped in "
                "the fonts folder."
            ),
            self,
        )
        layout.addWidget(self.fonts_label)

        form = QFormLayout()
        vault_text = str(vault_path) if vault_path is not None else _("No vault open")
        self.vault_field = self._path_row(form, _("Vault in use"), vault_text)
        self.data_field = self._path_row(form, _("Data folder"), str(self.data_folder))
        self.config_field = self._path_row(form, _("Settings folder"), str(paths.config_dir()))
        self.backups_field = self._path_row(
            form, _("Backups folder (default)"), str(paths.backups_dir())
        )
        self.logs_field = self._path_row(form, _("Log folder"), str(paths.log_dir()))
        layout.addLayout(form)

        buttons = QDialogButtonBox(self)
        self.open_data_button = QPushButton(_("Open the &data folder"), self)
        self.open_data_button.setAccessibleName(_("Open the data folder"))
        self.open_data_button.setToolTip(_("Show the data folder in the file manager"))
        self.open_data_button.clicked.connect(self.open_data_folder)
        buttons.addButton(self.open_data_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("&Close"))
        self.close_button.setAccessibleName(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        # Wide enough for a folder path on one or two lines: at its size hint (563 px at
        # 200 % text) each path wrapped onto four lines and the rows were cut.
        self.resize(fitting_width(self, 70), 10)

    def _path_row(self, form: QFormLayout, name: str, text: str) -> QLabel:
        """A row "name: path", the path selectable (and readable by a screen reader)."""
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        label.setAccessibleDescription(text)
        title = QLabel(_("{name}:").format(name=name), self)
        title.setBuddy(label)
        form.addRow(title, label)
        return label

    def open_data_folder(self) -> bool:
        """Open the data folder in the file manager (created first if missing)."""
        folder = self.data_folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
