"""Supervision and practice analysis for the peer helpers: a dated log of who took part,
the themes and the follow-ups. There is no participant field: situations are written
anonymously, and the tab says so."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from pairdesk.domain.permissions import Permission, allows
from pairdesk.formatting import short_date
from pairdesk.i18n import _, ngettext
from pairdesk.services import supervision
from pairdesk.services.context import ServiceContext
from pairdesk.services.supervision import SupervisionRow
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.models.supervision_model import SupervisionModel
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import DateField, questions
from pairdesk.ui.widgets.dialog_parts import button_row
from pairdesk.ui.widgets.record_list import RecordList, note_label


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
            self.show_entry(entry)
        self.reads_record(lambda entry_id: supervision.get_session(ctx, entry_id), self.show_entry)
        self.set_record(entry.id if entry is not None else None, _("Change a supervision session"))

    def show_entry(self, entry: SupervisionRow) -> None:
        self.form.set_values(
            {
                "held_on": entry.held_on,
                "attendees": entry.attendees,
                "themes": entry.themes,
                "follow_ups": entry.follow_ups,
            },
            edit_version=entry.edit_version,
        )

    @classmethod
    def blank(cls, parent: QWidget, ctx: ServiceContext) -> FormDialog:
        return cls(ctx, None, parent)

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
        entry_id, version = self.record_id, self.form.edit_version
        if entry_id is None:
            return lambda: supervision.record_session(ctx, held_on, attendees, themes, follow_ups)
        return lambda: supervision.update_session(
            ctx, entry_id, held_on, attendees, themes, follow_ups, edit_version=version
        )


class SupervisionTab(RecordList[SupervisionRow]):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "supervisionTab")
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
        self.count_label.setAccessibleName(_("Number of supervision sessions"))
        self.set_table(
            SupervisionModel(self),
            _("Supervision sessions"),
            "supervisionTable",
            fit_contents=False,
        )
        self.add_button = self.button(
            _("&New session…"), _("Record a supervision session"), self.add_entry, new=True
        )
        self.edit_button = self.button(
            _("&Change…"), _("Change the chosen supervision session"), self.edit_entry
        )
        self.delete_button = self.button(
            _("De&lete"), _("Delete the chosen supervision session"), self.delete_entry
        )
        self.bind_delete(self.delete_entry)
        buttons = button_row(
            self.add_button, self.edit_button, self.delete_button, right=[self.count_label]
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        if not self.allowed:
            layout.addStretch(1)
            self.table.hide()
            for button in (self.add_button, self.edit_button, self.delete_button):
                button.hide()
        self.update_buttons()

    def refresh(self, select: int | None = None) -> None:
        if self.allowed:
            super().refresh(select)

    def fetch(self) -> Callable[[], list[SupervisionRow]]:
        ctx = self.ctx
        return lambda: supervision.list_sessions(ctx)

    def count_text(self, count: int) -> str:
        return ngettext("{count} session", "{count} sessions", count).format(count=count)

    def message_fields(self, row: SupervisionRow) -> dict[str, str]:
        return {"date": short_date(row.held_on)}

    def activate(self) -> None:
        self.edit_entry()

    def update_buttons(self, *_args: object) -> None:
        chosen = self.selected() is not None
        self.add_button.setEnabled(self.allowed)
        self.edit_button.setEnabled(self.allowed and chosen)
        self.delete_button.setEnabled(self.allowed and chosen)

    def add_entry(self) -> None:
        if self.allowed:
            self.open_dialog(
                SupervisionDialog(self.ctx, None, self),
                _("Supervision session of {date} saved."),
            )

    def edit_entry(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.open_dialog(
                SupervisionDialog(self.ctx, entry, self),
                _("Supervision session of {date} saved."),
            )

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
