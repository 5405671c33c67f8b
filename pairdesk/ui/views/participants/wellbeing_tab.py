"""The "Wellbeing plan" tab: private. Nothing is read until "Show the wellbeing plan" is
clicked, every click is written in the audit log (by ``get_wellbeing_plan``), and the plan
is hidden again whenever the tab or the file is left."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pairdesk.i18n import _
from pairdesk.services import wellbeing
from pairdesk.services.context import ServiceContext
from pairdesk.services.wellbeing import WellbeingPlanView
from pairdesk.ui.drafts import FIELDS
from pairdesk.ui.forms import Form
from pairdesk.ui.models.participants_model import format_date
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.common import button, button_row, new_form, scrolled, text_box
from pairdesk.ui.views.participants.file_data import FileHost
from pairdesk.ui.views.participants.file_draft import WELLBEING
from pairdesk.ui.views.participants.tab_form import FileTab


class WellbeingTab(FileTab):
    draft_form = WELLBEING
    changed = Signal()

    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
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
        rows = new_form(self.content)
        self.updated_label = QLabel(self.content)
        self.updated_label.setWordWrap(True)
        rows.addRow(self.updated_label)
        error = QLabel(self.content)
        self.form = Form(self, rows, what=_("The wellbeing plan"), general_error=error)
        add = self.form.add
        self.triggers = add("triggers", _("What can &trigger a crisis:"), text_box(self.content))
        self.warning_signs = add("warning_signs", _("&Warning signs:"), text_box(self.content))
        self.what_helps = add("what_helps", _("What &helps:"), text_box(self.content))
        self.who_to_call = add("who_to_call", _("Who to &call:"), text_box(self.content))
        self.save_button = button(_("Sa&ve the plan"), _("Save the wellbeing plan"), self.content)
        self.hide_button = button(_("&Hide the plan"), _("Hide the wellbeing plan"), self.content)
        rows.addRow(button_row(self.content, self.save_button, self.hide_button))
        rows.addRow(error)
        self.form.save_path = lambda: self.save()
        self.form.reload = self._read_again  # "Reload their version"
        layout = QVBoxLayout(self)
        layout.addWidget(notice)
        layout.addWidget(self.show_button)
        layout.addWidget(scrolled(self.content, self), 1)
        layout.addStretch(0)
        self.content.hide()
        self.form.dirty_changed.connect(lambda _dirty: self.changed.emit())
        self.show_button.clicked.connect(self.reveal)
        self.hide_button.clicked.connect(self.conceal)
        self.save_button.clicked.connect(lambda: self.save())

    @property
    def dirty(self) -> bool:
        return self.form.is_dirty()

    @property
    def revealed(self) -> bool:
        return self._revealed

    def reset(self) -> None:
        """Forget the plan entirely (another file, or changes discarded)."""
        self._fill(None)
        self.conceal()

    def conceal(self) -> None:
        """Hide the plan; text being edited stays (hidden) until saved or discarded."""
        self._revealed = False
        self.content.hide()
        self.show_button.show()
        if not self.dirty:
            self._fill(None)

    def reveal(self) -> None:
        """Read the plan (one audit line) and show it; edits in progress are kept."""
        self._read_plan(self._revealed_plan)

    def _read_plan(self, then: Callable[[WellbeingPlanView | None], None]) -> None:
        """Read the plan as stored now, then ``then(plan)``; each reading is a showing,
        logged as such."""
        pid = self.host.participant_id
        if pid is None:
            return
        ctx = self.host.ctx
        (
            Op(self, lambda: wellbeing.get_wellbeing_plan(ctx, pid), key="reveal")
            .success(then)
            .busy(_("Opening the plan…"))
            .run()
        )

    def _revealed_plan(self, plan: WellbeingPlanView | None) -> None:
        if not self.dirty:
            self._fill(plan)
        self._show_content()
        self.triggers.setFocus()

    def _read_again(self) -> None:
        """The plan as stored now (someone else saved it meanwhile): "Reload their version"."""
        self._read_plan(self._reloaded)

    def _reloaded(self, plan: WellbeingPlanView | None) -> None:
        self._fill(plan)
        self._show_content()

    def _show_content(self) -> None:
        self._revealed = True
        self.show_button.hide()
        self.content.show()

    def _fill(self, plan: WellbeingPlanView | None) -> None:
        """Show ``plan`` (None: nothing, the plan is hidden); the form is clean after."""
        self.form.set_values(
            {
                "triggers": plan.triggers if plan else "",
                "warning_signs": plan.warning_signs if plan else "",
                "what_helps": plan.what_helps if plan else "",
                "who_to_call": plan.who_to_call if plan else "",
            },
            edit_version=plan.edit_version if plan else 0,  # 0: no plan yet
        )
        self.updated_label.setText(
            _("Last changed on {date}.").format(date=format_date(plan.updated_on))
            if plan
            else _("No plan written yet.")
        )

    # -- draft kept at the lock ------------------------------------------------------------
    def restore_fields(self, values: object) -> None:
        """A draft's text, shown again as changes not saved (the stored plan is not read:
        what the person had typed is all the form shows)."""
        self._fill(None)
        self.form.edit_version = None  # the stored plan was not read: nothing to compare
        if isinstance(values, dict):
            self.form.restore_draft({FIELDS: values})
        self.updated_label.setText(_("Your changes from before the lock, not saved yet."))
        self._show_content()

    def save(
        self,
        on_saved: Callable[[], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        texts = (
            self.triggers.toPlainText(),
            self.warning_signs.toPlainText(),
            self.what_helps.toPlainText(),
            self.who_to_call.toPlainText(),
        )
        version = self.form.edit_version

        def action(ctx: ServiceContext, pid: int) -> Callable[[], WellbeingPlanView]:
            return lambda: wellbeing.save_wellbeing_plan(ctx, pid, *texts, edit_version=version)

        def done(plan: WellbeingPlanView) -> None:
            self._fill(plan)
            if not self._revealed:
                self._fill(None)
            self.host.tell(_("Wellbeing plan saved."))

        self.save_tab(action, done, on_saved, on_failed)
