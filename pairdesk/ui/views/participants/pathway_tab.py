"""The "Pathway" tab: aspirations and skills, goals, the dated timeline, contracts and
their job-retention checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import GoalStatus
from pairdesk.i18n import _
from pairdesk.services import pathways
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractRow
from pairdesk.services.pathways import GoalRow, PathwayInput, PathwayView
from pairdesk.ui.forms import Form
from pairdesk.ui.models.pathway_model import ContractsModel, GoalsModel, TimelineModel
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.common import (
    button,
    button_row,
    make_table,
    new_form,
    scrolled_column,
    selected_object,
    text_box,
)
from pairdesk.ui.views.participants.dialogs import (
    ContractDialog,
    EndContractDialog,
    EventDialog,
    GoalDialog,
    RetentionDialog,
    hours_box,
)
from pairdesk.ui.views.participants.file_data import FileData, FileHost
from pairdesk.ui.views.participants.file_draft import PATHWAY
from pairdesk.ui.views.participants.tab_form import FileTab


class PathwayTab(FileTab):
    changed = Signal()
    draft_form = PATHWAY

    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.dialog: Any = None
        content, column = scrolled_column(self)

        # -- what the person wants and brings ----------------------------------------------
        box = QGroupBox(_("Aspirations, skills and needs"), content)
        error = QLabel(box)
        self.form = Form(
            self, new_form(box), what=_("The aspirations and needs"), general_error=error
        )
        self.form.reload = self._reload_details  # "Reload their version"
        add = self.form.add
        self.aspirations = add("aspirations", _("&Aspirations:"), text_box(box))
        self.skills = add("skills", _("S&kills:"), text_box(box))
        self.lived_experience_skills = add(
            "lived_experience_skills", _("Skills from &lived experience:"), text_box(box)
        )
        self.volunteering = add("volunteering", _("&Volunteering:"), text_box(box, 2))
        self.accommodations_needed = add(
            "accommodations_needed", _("Accommodations &needed:"), text_box(box)
        )
        self.preferred_hours = add(
            "preferred_hours",
            _("Preferred &hours per week:"),
            hours_box(box),
            aliases=("preferred_hours_per_week",),
        )
        self.preferred_places = add("preferred_places", _("Preferred &places:"), QLineEdit(box))
        self.save_details_button = button(
            _("&Save aspirations and needs"), _("Save aspirations and needs"), box
        )
        self.form.layout.addRow(self.save_details_button)
        self.form.layout.addRow(error)
        self.form.save_path = lambda: self.save_details()
        column.addWidget(box)

        # -- goals -----------------------------------------------------------------------
        box = QGroupBox(_("Goals"), content)
        inner = QVBoxLayout(box)
        self.goals_model = GoalsModel(self)
        self.goals_table = make_table(self.goals_model, _("Goals"), box, 4)
        self.add_goal_button = button(_("Add a &goal…"), _("Add a goal"), box)
        self.edit_goal_button = button(_("Edit the goa&l…"), _("Edit the selected goal"), box)
        self.reached_button = button(
            _("Mark as rea&ched"), _("Mark the selected goal as reached"), box
        )
        self.aside_button = button(_("Set as&ide"), _("Set the selected goal aside"), box)
        self.reopen_button = button(_("Re&open"), _("Reopen the selected goal"), box)
        goal_buttons = (self.add_goal_button, self.edit_goal_button, self.reached_button)
        inner.addWidget(button_row(box, *goal_buttons, self.aside_button, self.reopen_button))
        inner.addWidget(self.goals_table)
        column.addWidget(box)

        # -- timeline ----------------------------------------------------------------------
        box = QGroupBox(_("Timeline"), content)
        inner = QVBoxLayout(box)
        self.timeline_model = TimelineModel(self)
        self.timeline_table = make_table(self.timeline_model, _("Timeline"), box, 6)
        self.add_event_button = button(_("Add a s&tep…"), _("Add a step"), box)
        self.add_contract_button = button(_("Add a &contract…"), _("Add a contract"), box)
        inner.addWidget(button_row(box, self.add_event_button, self.add_contract_button))
        inner.addWidget(self.timeline_table)
        column.addWidget(box)

        # -- contracts -------------------------------------------------------------------
        box = QGroupBox(_("Contracts and job retention"), content)
        self.contracts_box = box
        inner = QVBoxLayout(box)
        self.contracts_model = ContractsModel(self)
        self.contracts_table = make_table(self.contracts_model, _("Contracts"), box, 3)
        self.end_contract_button = button(
            _("&End the contract…"), _("End the selected contract"), box
        )
        self.retention_button = button(
            _("Record a &retention check…"),
            _("Record a retention check for the selected contract"),
            box,
        )
        inner.addWidget(button_row(box, self.end_contract_button, self.retention_button))
        inner.addWidget(self.contracts_table)
        column.addWidget(box)
        column.addStretch(1)

        self.form.dirty_changed.connect(lambda _dirty: self.changed.emit())
        self.save_details_button.clicked.connect(lambda: self.save_details())
        self.add_goal_button.clicked.connect(self.add_goal)
        self.edit_goal_button.clicked.connect(self.edit_goal)
        self.goals_table.activated.connect(lambda _i: self.edit_goal())
        self.reached_button.clicked.connect(lambda: self.set_goal_status(GoalStatus.REACHED))
        self.aside_button.clicked.connect(lambda: self.set_goal_status(GoalStatus.ABANDONED))
        self.reopen_button.clicked.connect(lambda: self.set_goal_status(GoalStatus.OPEN))
        self.add_event_button.clicked.connect(self.add_event)
        self.add_contract_button.clicked.connect(self.add_contract)
        self.end_contract_button.clicked.connect(self.end_contract)
        self.retention_button.clicked.connect(self.record_retention)

    def show_contract(self, contract_id: int) -> None:
        """Scroll to the contracts and select ``contract_id`` (if it is still there), the
        focus on the table: the retention button beside it then records its check."""
        row = self.contracts_model.row_of(contract_id)
        if row is None:
            return
        self.contracts_table.selectRow(row)
        self.contracts_table.setFocus(Qt.FocusReason.OtherFocusReason)
        area = self.findChild(QScrollArea)
        if area is not None:
            area.ensureWidgetVisible(self.contracts_box, 0, 0)

    # -- details form ------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self.form.is_dirty()

    def set_data(self, data: FileData | None, *, keep_edits: bool = False) -> None:
        view = data.pathway if data else None
        self.goals_model.set_rows(view.goals if view else ())
        self.timeline_model.set_rows(view.timeline if view else ())
        self.contracts_model.set_rows(view.contracts if view else ())
        if keep_edits and self.dirty:
            if view is not None:  # the version follows when only other details changed
                self.form.follow(self._values(view), edit_version=view.edit_version)
            return
        self._set_details(view)

    def _reload_details(self) -> None:
        """The aspirations and needs as stored now (someone else saved them meanwhile)."""
        ctx, pid = self.host.ctx, self.host.participant_id
        if pid is not None:
            Op(self, lambda: pathways.get_pathway(ctx, pid)).success(self._set_details).run()

    def _set_details(self, view: PathwayView | None) -> None:
        if view is None:
            self.form.reset()
            return
        self.form.set_values(self._values(view), edit_version=view.edit_version)

    @staticmethod
    def _values(view: PathwayView) -> dict[str, object]:
        return {
            "aspirations": view.aspirations,
            "skills": view.skills,
            "lived_experience_skills": view.lived_experience_skills,
            "volunteering": view.volunteering,
            "accommodations_needed": view.accommodations_needed,
            "preferred_hours": view.preferred_hours_per_week or 0,
            "preferred_places": view.preferred_places,
        }

    def details_input(self) -> PathwayInput:
        return PathwayInput(
            aspirations=self.aspirations.toPlainText(),
            skills=self.skills.toPlainText(),
            lived_experience_skills=self.lived_experience_skills.toPlainText(),
            volunteering=self.volunteering.toPlainText(),
            accommodations_needed=self.accommodations_needed.toPlainText(),
            preferred_hours_per_week=self.preferred_hours.value() or None,
            preferred_places=self.preferred_places.text(),
            edit_version=self.form.edit_version,
        )

    def save_details(
        self,
        on_saved: Callable[[], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        data = self.details_input()

        def action(ctx: ServiceContext, pid: int) -> Callable[[], PathwayView]:
            return lambda: pathways.update_pathway(ctx, pid, data)

        def done(view: PathwayView) -> None:
            self._set_details(view)
            self.host.tell(_("Aspirations and needs saved."))

        self.save_tab(action, done, on_saved, on_failed)

    # -- goals, steps, contracts -------------------------------------------------------
    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.open()

    def _changed(self, _result: object) -> None:
        self.host.reload()

    def _selected_goal(self) -> GoalRow | None:
        goal = selected_object(self.goals_table)
        if goal is None:
            self.host.tell(_("Select a goal in the table first."))
        return goal

    def _selected_contract(self) -> ContractRow | None:
        contract = selected_object(self.contracts_table)
        if contract is None:
            self.host.tell(_("Select a contract in the table first."))
        return contract

    def add_goal(self) -> None:
        pid = self.host.participant_id
        if pid is not None:
            self._open(GoalDialog(self.host.ctx, pid, self, on_done=self._changed))

    def edit_goal(self) -> None:
        goal = self._selected_goal()
        if goal is not None:
            self._open(GoalDialog(self.host.ctx, goal.participant_id, self, goal, self._changed))

    def set_goal_status(self, status: GoalStatus) -> None:
        goal = self._selected_goal()
        if goal is None:
            return
        ctx, goal_id = self.host.ctx, goal.id
        Op(self, lambda: pathways.set_goal_status(ctx, goal_id, status)).success(
            self._changed
        ).run()

    def add_event(self) -> None:
        pid, data = self.host.participant_id, self.host.data
        if pid is not None and data is not None:
            open_goals = [g for g in data.pathway.goals if g.status is GoalStatus.OPEN]
            self._open(EventDialog(self.host.ctx, pid, open_goals, self, on_done=self._changed))

    def add_contract(self) -> None:
        pid = self.host.participant_id
        if pid is not None:
            self._open(ContractDialog(self.host.ctx, pid, self, on_done=self._changed))

    def end_contract(self) -> None:
        contract = self._selected_contract()
        if contract is not None:
            self._open(EndContractDialog(self.host.ctx, contract, self, on_done=self._changed))

    def record_retention(self) -> None:
        contract = self._selected_contract()
        if contract is not None:
            self._open(RetentionDialog(self.host.ctx, contract, self, on_done=self._changed))
