"""Supervision and practice analysis for the peer helpers: a dated log of who took part,
the themes and the follow-ups. There is no participant field: situations are written
anonymously, and the tab says so."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.permissions import Permission, allows
from pairdesk.formatting import short_date
from pairdesk.i18n import _, ngettext
from pairdesk.services import supervision
from pairdesk.services.context import ServiceContext
from pairdesk.services.supervision import SupervisionRow
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.models.supervision_model import SupervisionModel
from pairdesk.ui.ops import Op
from pairdesk.ui.views.team.common import (
    add_shortcut,
    make_table,
    note_label,
    select_id,
    selected_id,
)
from pairdesk.ui.widgets import DateField, questions


class SupervisionDialog(FormDialog):
    """Record or change one supervision session."""

    draft_kind = "team.supervision"

    def __init__(
        self,
        ctx: ServiceContext,
        entry: SupervisionRow | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            _("New supervision session") if entry is None else _("Change a supervision session"),
            what=_("This supervision session"),
        )
        self.ctx = ctx
        self.entry_id = entry.id if entry is not None else None
        privacy = note_label(
            _("Write situations without naming or describing a participant."), self
        )
        self.fields.addRow(privacy)
        form = self.form
        self.date_field = form.add(
            "held_on", _("&Date:"), DateField(self, default=ctx.today(), today=ctx.today)
        )
        self.attendees_field = form.add("attendees", _("&Who took part:"), self._text())
        self.themes_field = form.add("themes", _("&Themes:"), self._text())
        self.follow_ups_field = form.add("follow_ups", _("&Follow-ups:"), self._text())
        if entry is not None:
            form.set_values(
                {
                    "held_on": entry.held_on,
                    "attendees": entry.attendees,
                    "themes": entry.themes,
                    "follow_ups": entry.follow_ups,
                }
            )
        self.set_draft_context(entry_id=self.entry_id)

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> SupervisionDialog:
        dialog = cls(ctx, None, parent)
        entry_id = context.get("entry_id")
        if isinstance(entry_id, int):
            dialog.entry_id = entry_id
            dialog.setWindowTitle(_("Change a supervision session"))
            dialog.set_draft_context(entry_id=entry_id)
        return dialog

    def _text(self) -> QPlainTextEdit:
        field = QPlainTextEdit(self)
        field.setTabChangesFocus(True)
        field.setMinimumHeight(field.fontMetrics().height() * 3)
        return field

    def action(self) -> Callable[[], SupervisionRow]:
        ctx = self.ctx
        held_on = self.date_field.shown_date()
        attendees = self.attendees_field.toPlainText()
        themes = self.themes_field.toPlainText()
        follow_ups = self.follow_ups_field.toPlainText()
        entry_id = self.entry_id
        if entry_id is None:
            return lambda: supervision.record_session(ctx, held_on, attendees, themes, follow_ups)
        return lambda: supervision.update_session(
            ctx, entry_id, held_on, attendees, themes, follow_ups
        )


class SupervisionTab(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisionTab")
        self.ctx = ctx
        self.dialog: SupervisionDialog | None = None
        self.allowed = allows(ctx.operator, Permission.SUPERVISION)

        if self.allowed:
            note = _(
                "Supervision and practice analysis for the peer helpers. This log has no "
                "participant field: write situations anonymously."
            )
        else:
            note = _(
                "The supervision log is kept by the peer helpers and the staff: your role "
                "({role}) does not give access to it."
            ).format(role=ctx.operator.role.label)
        self.note = note_label(note, self)
        self.note.setAccessibleName(_("About the supervision log"))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("Number of supervision sessions"))
        self.model = SupervisionModel(self)
        self.table = make_table(self, self.model, _("Supervision sessions"), fit_contents=False)
        self.table.setObjectName("supervisionTable")

        self.add_button = QPushButton(_("&New session…"), self)
        self.add_button.setAccessibleName(_("Record a supervision session"))
        self.add_button.setToolTip(_("Ctrl+N"))
        self.edit_button = QPushButton(_("&Change…"), self)
        self.edit_button.setAccessibleName(_("Change the chosen supervision session"))
        self.delete_button = QPushButton(_("De&lete"), self)
        self.delete_button.setAccessibleName(_("Delete the chosen supervision session"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        if not self.allowed:
            layout.addStretch(1)
            self.table.hide()
            for button in (self.add_button, self.edit_button, self.delete_button):
                button.hide()

        self.add_button.clicked.connect(self.add_entry)
        self.edit_button.clicked.connect(self.edit_entry)
        self.delete_button.clicked.connect(self.delete_entry)
        self.table.activated.connect(lambda _index: self.edit_entry())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        add_shortcut(QKeySequence.StandardKey.New, self, self.add_entry)
        add_shortcut(
            QKeySequence.StandardKey.Delete,
            self.table,
            self.delete_entry,
            Qt.ShortcutContext.WidgetShortcut,
        )
        self._update_buttons()

    def refresh(self, select: int | None = None) -> None:
        if not self.allowed:
            return
        ctx = self.ctx
        keep = select if select is not None else selected_id(self.table)
        Op(self, lambda: supervision.list_sessions(ctx)).success(
            lambda rows: self._show_rows(rows, keep)
        ).run()

    def _show_rows(self, rows: list[SupervisionRow], keep: int | None) -> None:
        self.model.set_rows(rows)
        self.count_label.setText(
            ngettext("{count} session", "{count} sessions", len(rows)).format(count=len(rows))
        )
        select_id(self.table, keep)
        self._update_buttons()

    def selected(self) -> SupervisionRow | None:
        entry_id = selected_id(self.table)
        row = self.model.row_of(entry_id) if entry_id is not None else None
        return self.model.row_at(row) if row is not None else None

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected() is not None
        self.add_button.setEnabled(self.allowed)
        self.edit_button.setEnabled(self.allowed and chosen)
        self.delete_button.setEnabled(self.allowed and chosen)

    def _open(self, dialog: SupervisionDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, row: SupervisionRow) -> None:
        self.status_message.emit(
            _("Supervision session of {date} saved.").format(date=short_date(row.held_on))
        )
        self.refresh(select=row.id)

    def add_entry(self) -> None:
        if not self.allowed:
            return
        self._open(SupervisionDialog(self.ctx, None, self))

    def edit_entry(self) -> None:
        entry = self.selected()
        if entry is not None:
            self._open(SupervisionDialog(self.ctx, entry, self))

    def delete_entry(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if not questions.confirm(
            self,
            _("Delete a supervision session"),
            _("Delete the supervision session of {date}? This cannot be undone.").format(
                date=short_date(entry.held_on)
            ),
            _("De&lete"),
        ):
            return
        ctx, entry_id, date = self.ctx, entry.id, entry.held_on

        def done(_result: object) -> None:
            self.status_message.emit(
                _("Supervision session of {date} deleted.").format(date=short_date(date))
            )
            self.refresh()

        Op(self, lambda: supervision.delete_session(ctx, entry_id)).success(done).run()
