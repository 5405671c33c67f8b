""" "Open another vault…" of the unlock dialog: a file (the "File" tab) or a database on the
association's PostgreSQL server (the "Server" tab: host, port, database, user and, when
the server's certificate comes from the association's own authority, that authority's
file). The result is a location: a ``Path``, or a ``postgresql://USER@HOST[:PORT]/DATABASE``
address (issue 14). The password is never part of it: it is typed in the unlock dialog's
passphrase field, and never remembered.

Standard library and Qt only (no ``pairdesk.store``): the unlock dialog imports this
module when the button is pressed, and the address is parsed again when the vault opens.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pairdesk import paths
from pairdesk.i18n import _
from pairdesk.ui.widgets.dialog_parts import (
    dialog_buttons,
    fit_dialog,
    path_row,
    refusal_line,
    worded_button,
    wrapped_label,
)

DEFAULT_PORT = 5432
FILE_TAB, SERVER_TAB = 0, 1


def server_address(
    *, user: str, host: str, port: int | None, database: str, rootcert: str = ""
) -> str:
    """The address of a database on a server, as ``--vault`` takes it (no password)."""
    shown_host = f"[{host}]" if ":" in host else host
    address = "postgresql://{user}@{host}{port}/{database}".format(
        user=quote(user, safe=""),
        host=shown_host,
        port=f":{port}" if port else "",
        database=quote(database, safe=""),
    )
    if rootcert:
        address += "?" + urlencode({"sslrootcert": rootcert}, safe="/")
    return address


def address_parts(address: str) -> dict[str, str]:
    """The fields of the Server tab for ``address`` (empty ones when it does not parse)."""
    try:
        parts = urlsplit(address.strip())
        port = parts.port
    except ValueError:
        return {}
    options = dict(parse_qsl(parts.query))
    return {
        "user": unquote(parts.username or ""),
        "host": parts.hostname or "",
        "port": str(port) if port else "",
        "database": unquote(parts.path.lstrip("/")),
        "rootcert": options.get("sslrootcert", ""),
    }


class OpenVaultDialog(QDialog):
    """Choose a vault file or a server database; ``chosen(location)`` carries it."""

    chosen = Signal(object)

    def __init__(self, current: paths.Location, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openVaultDialog")
        self.setWindowTitle(_("Open another vault — pairdesk"))
        self.location: paths.Location | None = None

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("vaultKind")
        self.tabs.addTab(self._file_tab(current), _("&File"))
        self.tabs.addTab(self._server_tab(current), _("&Server"))
        self.tabs.setCurrentIndex(SERVER_TAB if paths.is_server_address(current) else FILE_TAB)

        self.error_label = refusal_line(self, "openVaultError")
        buttons = dialog_buttons(self, _("&Choose"), _("Choose this vault"))
        self.choose_button = buttons.accept

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons.box)
        fit_dialog(self, 60)

    # -- the two tabs ------------------------------------------------------------------
    def _file_tab(self, current: paths.Location) -> QWidget:
        tab = QWidget(self)
        shown = "" if paths.is_server_address(current) else str(current)
        self.file_field = QLineEdit(shown, tab)
        self.file_field.setObjectName("vaultFile")
        self.file_field.setAccessibleName(_("Vault file"))
        self.browse_button = worded_button(tab, _("&Browse…"), _("Choose the vault file"))
        self.browse_button.clicked.connect(self.browse_file)
        form = QFormLayout(tab)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(
            wrapped_label(_("A vault file on this computer or a USB stick."), tab),
        )
        label = QLabel(_("Vault f&ile:"), tab)
        row = path_row(tab, self.file_field, self.browse_button)
        label.setBuddy(row)
        form.addRow(label, row)
        return tab

    def _server_tab(self, current: paths.Location) -> QWidget:
        tab = QWidget(self)
        known = address_parts(str(current)) if paths.is_server_address(current) else {}
        self.host_field = self._line(tab, "serverHost", _("Server"), known.get("host", ""))
        self.host_field.setPlaceholderText(_("for example gem.example.org"))
        self.port_field = self._line(tab, "serverPort", _("Port"), known.get("port", ""))
        self.port_field.setPlaceholderText(str(DEFAULT_PORT))
        self.database_field = self._line(
            tab, "serverDatabase", _("Database"), known.get("database", "")
        )
        self.user_field = self._line(tab, "serverUser", _("User name"), known.get("user", ""))
        self.rootcert_field = self._line(
            tab,
            "serverCertificate",
            _("Certificate authority of the association (optional)"),
            known.get("rootcert", ""),
        )
        self.rootcert_button = worded_button(
            tab, _("B&rowse…"), _("Choose the certificate authority file")
        )
        self.rootcert_button.clicked.connect(self.browse_certificate)
        form = QFormLayout(tab)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(
            wrapped_label(
                _(
                    "The association's shared vault on its PostgreSQL server. Type your "
                    "own user name here and your password in the unlock window: the "
                    "password is never remembered."
                ),
                tab,
            )
        )
        for text, widget in (
            (_("Ser&ver:"), self.host_field),
            (_("P&ort:"), self.port_field),
            (_("&Database:"), self.database_field),
            (_("&User name:"), self.user_field),
            (
                _("Certificate &authority:"),
                path_row(tab, self.rootcert_field, self.rootcert_button),
            ),
        ):
            label = QLabel(text, tab)
            label.setBuddy(widget)
            form.addRow(label, widget)
        return tab

    @staticmethod
    def _line(parent: QWidget, name: str, accessible: str, value: str) -> QLineEdit:
        field = QLineEdit(value, parent)
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        return field

    def browse_file(self) -> None:
        start = self.file_field.text().strip()
        folder = Path(start).expanduser().parent if start else Path.home()
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open a vault"),
            str(folder if folder.exists() else Path.home()),
            _("pairdesk vaults (*.pairdesk);;All files (*)"),
        )
        if chosen:
            self.file_field.setText(chosen)

    def browse_certificate(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Certificate authority of the association"),
            str(Path.home()),
            _("Certificates (*.crt *.pem);;All files (*)"),
        )
        if chosen:
            self.rootcert_field.setText(chosen)

    # -- the result ----------------------------------------------------------------------
    def chosen_location(self) -> paths.Location:
        """The location the fields say; ``ValueError`` with the message when incomplete."""
        if self.tabs.currentIndex() == FILE_TAB:
            text = self.file_field.text().strip()
            if not text:
                raise ValueError(_("Choose the vault file."))
            return Path(text).expanduser()
        host = self.host_field.text().strip()
        database = self.database_field.text().strip()
        user = self.user_field.text().strip()
        port_text = self.port_field.text().strip()
        if not host or not database or not user:
            raise ValueError(_("Type the server, the database and your user name."))
        port: int | None = None
        if port_text:
            if not port_text.isdigit() or not 0 < int(port_text) < 65536:
                raise ValueError(_("The port is a number between 1 and 65535."))
            port = int(port_text)
        rootcert = self.rootcert_field.text().strip()
        return server_address(
            user=user,
            host=host,
            port=port,
            database=database,
            rootcert=str(Path(rootcert).expanduser()) if rootcert else "",
        )

    def accept(self) -> None:
        try:
            location = self.chosen_location()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.location = location
        self.chosen.emit(location)
        super().accept()


__all__ = ["OpenVaultDialog", "address_parts", "server_address"]
