"""The "Schemes and referents" tab: support schemes with their referent from the directory."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QWidget

from pairdesk.i18n import _
from pairdesk.services import schemes
from pairdesk.services.schemes import SchemeRow
from pairdesk.ui.models.participants_model import SchemesModel
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.common import (
    button,
    button_row,
    make_table,
    scrolled_column,
    selected_object,
)
from pairdesk.ui.views.participants.dialogs import DateActionDialog, SchemeDialog
from pairdesk.ui.views.participants.file_data import FileData, FileHost
from pairdesk.ui.widgets import questions


class SchemesTab(QWidget):
    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.dialog: Any = None
        self.model = SchemesModel(self)
        self.table = make_table(self.model, _("Support schemes"), self)
        intro = QLabel(
            _("Schemes that follow this person, each with their referent from the directory."),
            self,
        )
        intro.setWordWrap(True)
        self.add_button = button(_("&Add a scheme…"), _("Add a scheme"), self)
        self.edit_button = button(_("&Edit…"), _("Edit the selected scheme"), self)
        self.end_button = button(_("E&nd…"), _("End the selected scheme"), self)
        self.remove_button = button(_("&Remove…"), _("Remove the selected scheme"), self)
        self.remove_button.setToolTip(_("For a scheme entered by mistake (Delete)"))
        buttons = (self.add_button, self.edit_button, self.end_button, self.remove_button)
        row = button_row(self, *buttons)
        _content, column = scrolled_column(self)  # at 200 % the tab scrolls, never cut
        column.addWidget(intro)
        column.addWidget(row)
        column.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add_scheme)
        self.edit_button.clicked.connect(self.edit_scheme)
        self.end_button.clicked.connect(self.end_scheme)
        self.remove_button.clicked.connect(self.remove_scheme)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_scheme)
        self.table.activated.connect(lambda _index: self.edit_scheme())

    def set_data(self, data: FileData | None) -> None:
        self.model.set_rows(data.detail.schemes if data else ())

    def _selected(self) -> SchemeRow | None:
        found = selected_object(self.table)
        if found is None:
            self.host.tell(_("Select a scheme in the table first."))
        return found

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.open()

    def add_scheme(self) -> None:
        data, pid = self.host.data, self.host.participant_id
        if data is None or pid is None:
            return
        self._open(SchemeDialog(self.host.ctx, pid, data.referents, self, on_done=self._changed))

    def edit_scheme(self) -> None:
        scheme, data = self._selected(), self.host.data
        if scheme is None or data is None:
            return
        self._open(
            SchemeDialog(
                self.host.ctx, scheme.participant_id, data.referents, self, scheme, self._changed
            )
        )

    def end_scheme(self) -> None:
        scheme = self._selected()
        if scheme is None:
            return
        ctx = self.host.ctx
        self._open(
            DateActionDialog(
                ctx,
                _("End the scheme: {scheme}").format(scheme=scheme.scheme.label),
                _("&End date:"),
                _("&End the scheme"),
                lambda day: schemes.end_scheme(ctx, scheme.id, day),
                self,
                field="ended_on",
                on_done=self._changed,
            )
        )

    def remove_scheme(self) -> None:
        scheme = self._selected()
        if scheme is None:
            return
        if not questions.confirm(
            self,
            _("Remove the scheme?"),
            _(
                "Remove {scheme} from this file? Use this for a scheme entered by mistake; "
                "to keep the history, end it instead."
            ).format(scheme=scheme.scheme.label),
            _("&Remove the scheme"),
            _("&Keep it"),
        ):
            return
        ctx = self.host.ctx
        Op(self, lambda: schemes.remove_scheme(ctx, scheme.id)).success(self._changed).run()

    def _changed(self, _result: object) -> None:
        self.host.reload()
