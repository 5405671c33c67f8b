"""The "Wellbeing plan" tab: private. Nothing is read until "Show the wellbeing plan" is
clicked, every click is written in the audit log (by ``get_wellbeing_plan``), and the plan
is hidden again whenever the tab or the file is left."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pairdesk.i18n import _
from pairdesk.services import wellbeing
from pairdesk.services.wellbeing import WellbeingPlanView
from pairdesk.ui import tasks
from pairdesk.ui.drafts import FIELDS, FORM, FormDraft, read_fields, write_fields
from pairdesk.ui.errors import show_error
from pairdesk.ui.models.participants_model import format_date
from pairdesk.ui.views.participants.common import add_row, button, new_form, scrolled, text_box
from pairdesk.ui.views.participants.file_data import FileHost
from pairdesk.ui.widgets import FieldErrors


class WellbeingTab(QWidget):
    changed = Signal()

    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.errors = FieldErrors()
        self._loading = False
        self._dirty = False
        self._revealed = False
        notice = QLabel(
            _(
                "The wellbeing and relapse-prevention plan is private. It is shown only on "
                "request, and each time it is shown is written in the log."
            ),
            self,
        )
        notice.setWordWrap(True)
        self.show_button = button(_("&Show the wellbeing plan"), _("Show the wellbeing plan"), self)
        self.content = QWidget(self)
        form = new_form(self.content)
        self.updated_label = QLabel(self.content)
        form.addRow(self.updated_label)
        self.triggers = text_box(self.content)
        self.warning_signs = text_box(self.content)
        self.what_helps = text_box(self.content)
        self.who_to_call = text_box(self.content)
        e = self.errors
        add_row(
            form,
            _("What can &trigger a crisis:"),
            self.triggers,
            _("What can trigger a crisis"),
            errors=e,
            field="triggers",
        )
        add_row(
            form,
            _("&Warning signs:"),
            self.warning_signs,
            _("Warning signs"),
            errors=e,
            field="warning_signs",
        )
        add_row(
            form, _("What &helps:"), self.what_helps, _("What helps"), errors=e, field="what_helps"
        )
        add_row(
            form,
            _("Who to &call:"),
            self.who_to_call,
            _("Who to call"),
            errors=e,
            field="who_to_call",
        )
        self.save_button = button(_("Sa&ve the plan"), _("Save the wellbeing plan"), self.content)
        self.hide_button = button(_("&Hide the plan"), _("Hide the wellbeing plan"), self.content)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.hide_button)
        row.addStretch(1)
        form.addRow(row)
        layout = QVBoxLayout(self)
        layout.addWidget(notice)
        layout.addWidget(self.show_button)
        layout.addWidget(scrolled(self.content, self), 1)
        layout.addStretch(0)
        self.content.hide()
        for box in (self.triggers, self.warning_signs, self.what_helps, self.who_to_call):
            box.textChanged.connect(self._edited)
        self.show_button.clicked.connect(self.reveal)
        self.hide_button.clicked.connect(self.conceal)
        self.save_button.clicked.connect(lambda: self.save())

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def revealed(self) -> bool:
        return self._revealed

    def _edited(self, *_args: object) -> None:
        if not self._loading and not self._dirty:
            self._dirty = True
            self.changed.emit()

    def reset(self) -> None:
        """Forget the plan entirely (another file, or changes discarded)."""
        self._fill(None)
        self.conceal()

    def conceal(self) -> None:
        """Hide the plan; text being edited stays (hidden) until saved or discarded."""
        self._revealed = False
        self.content.hide()
        self.show_button.show()
        if not self._dirty:
            self._fill(None)

    def reveal(self) -> None:
        """Read the plan (one audit line) and show it; edits in progress are kept."""
        pid = self.host.participant_id
        if pid is None:
            return
        call = partial(wellbeing.get_wellbeing_plan, self.host.ctx, pid)
        tasks.run_task(self, call, on_done=self._revealed_plan, busy_text=_("Opening the plan…"))

    def _revealed_plan(self, plan: WellbeingPlanView | None) -> None:
        if not self._dirty:
            self._fill(plan)
        self._revealed = True
        self.show_button.hide()
        self.content.show()
        self.triggers.setFocus()

    def _fill(self, plan: WellbeingPlanView | None) -> None:
        self._loading = True
        try:
            self.errors.clear()
            self.triggers.setPlainText(plan.triggers if plan else "")
            self.warning_signs.setPlainText(plan.warning_signs if plan else "")
            self.what_helps.setPlainText(plan.what_helps if plan else "")
            self.who_to_call.setPlainText(plan.who_to_call if plan else "")
            self.updated_label.setText(
                _("Last changed on {date}.").format(date=format_date(plan.updated_on))
                if plan
                else _("No plan written yet.")
            )
        finally:
            self._loading = False
        was_dirty = self._dirty
        self._dirty = False
        if was_dirty:
            self.changed.emit()

    # -- draft kept at the lock ------------------------------------------------------------
    def draft_fields(self) -> dict[str, QWidget]:
        return {
            "triggers": self.triggers,
            "warning_signs": self.warning_signs,
            "what_helps": self.what_helps,
            "who_to_call": self.who_to_call,
        }

    def form_draft(self) -> FormDraft | None:
        from pairdesk.ui.views.participants.file_draft import WELLBEING, describe_form

        pid = self.host.participant_id
        if not self._dirty or pid is None:
            return None
        payload = {FORM: WELLBEING, "participant_id": pid, FIELDS: read_fields(self.draft_fields())}
        return FormDraft(
            f"wellbeing:{pid}", payload, describe_form(WELLBEING, self.host.display_name())
        )

    def restore_fields(self, values: object) -> None:
        """A draft's text, shown again as changes not saved (the stored plan is not read:
        what the person had typed is all the form shows)."""
        self._fill(None)
        write_fields(self.draft_fields(), values)
        self.updated_label.setText(_("Your changes from before the lock, not saved yet."))
        self._dirty = True
        self.changed.emit()
        self._revealed = True
        self.show_button.hide()
        self.content.show()

    def save(
        self,
        on_saved: Callable[[], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        pid = self.host.participant_id
        if pid is None:
            return
        self.errors.clear()
        call = partial(
            wellbeing.save_wellbeing_plan,
            self.host.ctx,
            pid,
            self.triggers.toPlainText(),
            self.warning_signs.toPlainText(),
            self.what_helps.toPlainText(),
            self.who_to_call.toPlainText(),
        )

        def done(plan: WellbeingPlanView) -> None:
            self._fill(plan)
            if not self._revealed:
                self._fill(None)
            self.host.tell(_("Wellbeing plan saved."))
            if on_saved is not None:
                on_saved()

        def failed(exc: BaseException) -> None:
            if not self.errors.show(exc):
                show_error(self, exc)
            if on_failed is not None:
                on_failed()

        tasks.run_task(self, call, on_done=done, on_error=failed, busy_text=_("Saving…"))
