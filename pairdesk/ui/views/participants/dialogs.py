"""The small dialogs of the participant file; each OK is one service call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QWidget,
)

from pairdesk.domain.enums import (
    RETENTION_MONTHS,
    ConsentMethod,
    ConsentPurpose,
    ContractType,
    EventKind,
    GoalStatus,
    ParticipantStatus,
    Scheme,
)
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, ngettext
from pairdesk.services import (
    consents,
    contracts,
    employer_relations,
    participants,
    pathways,
    retention,
    schemes,
)
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput, ContractRow
from pairdesk.services.pathways import GoalRow
from pairdesk.services.referents import ReferentRow
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.models.participants_model import format_date
from pairdesk.ui.views.participants.common import set_combo_data, text_box
from pairdesk.ui.views.participants.file_data import FileData
from pairdesk.ui.widgets import DateField, questions
from pairdesk.ui.widgets.employer_picker import (
    EmployerPicker,
    chosen_disclosure,
    disclosure_combo,
)


def referent_combo(
    parent: QWidget, referents: Sequence[ReferentRow], selected: int | None
) -> QComboBox:
    """Referents from the directory, plus "No referent"."""
    combo = QComboBox(parent)
    combo.addItem(_("No referent"), None)
    for referent in referents:
        text = (
            _("{name} ({organisation})").format(
                name=referent.name, organisation=referent.organisation
            )
            if referent.organisation
            else referent.name
        )
        combo.addItem(text, referent.id)
    set_combo_data(combo, selected)
    return combo


def _optional_hours(box: QDoubleSpinBox) -> float | None:
    return box.value() or None


def hours_box(parent: QWidget) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(0, 60)
    box.setDecimals(1)
    box.setSingleStep(1)
    box.setSpecialValueText(_("Not set"))
    return box


def file_host(parent: QWidget, participant_id: object) -> Any:
    """The participant file under, or above, ``parent`` that shows ``participant_id``'s
    data (a ``FileHost``): a dialog re-opened from its draft is built from what the file
    read, and reloads it once saved. None when no such file is open."""
    if not isinstance(participant_id, int):
        return None
    widgets: list[QWidget] = [parent]
    ancestor = parent.parentWidget()
    while ancestor is not None:
        widgets.append(ancestor)
        ancestor = ancestor.parentWidget()
    widgets.extend(parent.findChildren(QWidget))
    for widget in widgets:
        data = getattr(widget, "data", None)
        if (
            isinstance(data, FileData)
            and data.detail.id == participant_id
            and getattr(widget, "participant_id", None) == participant_id
        ):
            return widget
    return None


def _reload(host: Any) -> Callable[[Any], None]:
    return lambda _result: host.reload()


def _context_id(context: Mapping[str, object], name: str) -> int | None:
    value = context.get(name)
    return value if type(value) is int else None


class GoalDialog(FormDialog):
    draft_kind = "participant.goal"
    restored_by_page = True  # the file opens first (ParticipantFileView.restore_draft)

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        parent: QWidget | None,
        goal: GoalRow | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(
            parent,
            _("Edit the goal") if goal else _("New goal"),
            ok_text=_("&Save the goal"),
            on_done=on_done,
        )
        self.ctx = ctx
        self.participant_id = participant_id
        self.goal = goal
        self.title_field = QLineEdit(self)
        self.details_field = text_box(self)
        self.opened_field = DateField(self, default=ctx.today())
        self.target_field = DateField(self, optional=True, default=ctx.today())
        self.form.add("title", _("&Goal:"), self.title_field)
        self.form.add("details", _("&Details:"), self.details_field)
        self.form.add("opened_on", _("&Opened on:"), self.opened_field)
        self.form.add("target_on", _("&Target date:"), self.target_field)
        if goal is not None:
            self.title_field.setText(goal.title)
            self.details_field.setPlainText(goal.details)
            self.opened_field.set_date(goal.opened_on)
            self.target_field.set_date(goal.target_on)
        self.set_draft_context(participant_id=participant_id, goal_id=goal.id if goal else None)

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> GoalDialog | None:
        host = file_host(parent, context.get("participant_id"))
        if host is None:
            return None
        data: FileData = host.data
        goal_id = _context_id(context, "goal_id")
        goal = next((g for g in data.pathway.goals if g.id == goal_id), None)
        if goal_id is not None and goal is None:
            return None  # the goal was deleted meanwhile
        return cls(ctx, data.detail.id, host, goal, _reload(host))

    def action(self) -> Callable[[], Any]:
        title = self.title_field.text()
        details = self.details_field.toPlainText()
        target = self.target_field.date()
        opened = self.opened_field.date()
        if self.goal is None:
            return partial(
                pathways.add_goal, self.ctx, self.participant_id, title, details, target, opened
            )
        return partial(pathways.update_goal, self.ctx, self.goal.id, title, details, target, opened)


STEP_KINDS = tuple(k for k in EventKind if k not in pathways.CONTRACT_EVENT_KINDS)


class EventDialog(FormDialog):
    draft_kind = "participant.step"
    restored_by_page = True  # the file opens first (ParticipantFileView.restore_draft)

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        goals: Sequence[GoalRow],
        parent: QWidget | None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(parent, _("New step"), ok_text=_("&Add the step"), on_done=on_done)
        self.ctx = ctx
        self.participant_id = participant_id
        self.kind_combo = QComboBox(self)
        for kind in STEP_KINDS:
            self.kind_combo.addItem(kind.label, kind.value)
        self.date_field = DateField(self, default=ctx.today())
        self.title_field = QLineEdit(self)
        self.notes_field = text_box(self)
        self.goal_combo = QComboBox(self)
        self.goal_combo.addItem(_("No goal"), None)
        for goal in goals:
            self.goal_combo.addItem(goal.title, goal.id)
        self.form.add("kind", _("&Kind of step:"), self.kind_combo)
        self.form.add("occurred_on", _("&Date:"), self.date_field)
        self.form.add("title", _("&Title:"), self.title_field)
        self.form.add("notes", _("&Notes:"), self.notes_field)
        self.form.add("goal_id", _("&For the goal:"), self.goal_combo)
        self.set_draft_context(participant_id=participant_id)

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> EventDialog | None:
        host = file_host(parent, context.get("participant_id"))
        if host is None:
            return None
        data: FileData = host.data
        goals = [g for g in data.pathway.goals if g.status is GoalStatus.OPEN]
        return cls(ctx, data.detail.id, goals, host, _reload(host))

    def action(self) -> Callable[[], Any]:
        return partial(
            pathways.add_event,
            self.ctx,
            self.participant_id,
            EventKind(self.kind_combo.currentData()),
            self.date_field.shown_date(),
            self.title_field.text(),
            self.notes_field.toPlainText(),
            self.goal_combo.currentData(),
        )


class ContractDialog(FormDialog):
    draft_kind = "participant.contract"
    restored_by_page = True  # the file opens first (ParticipantFileView.restore_draft)

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        parent: QWidget | None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(parent, _("New contract"), ok_text=_("&Add the contract"), on_done=on_done)
        self.ctx = ctx
        self.participant_id = participant_id
        self.type_combo = QComboBox(self)
        for kind in ContractType:
            self.type_combo.addItem(kind.label, kind.value)
        self.job_field = QLineEdit(self)
        self.employer_field = EmployerPicker(ctx, _("Employer"), self)
        self.hours_field = hours_box(self)
        self.start_field = DateField(self, default=ctx.today())
        self.planned_end_field = DateField(self, optional=True, default=ctx.today())
        self.form.add("contract_type", _("&Type of contract:"), self.type_combo)
        self.form.add("job_title", _("&Job:"), self.job_field)
        self.form.add("employer", _("&Employer:"), self.employer_field, aliases=("employer_id",))
        self.form.add("hours_per_week", _("&Hours per week:"), self.hours_field)
        self.form.add("started_on", _("&Start date:"), self.start_field)
        self.form.add("planned_end_on", _("&Planned end:"), self.planned_end_field)
        # issue 15: what the person chose to tell this employer, dated (changeable later
        # in the employer's file)
        self.disclosure_combo = self.form.add(
            "disclosure", _("The person &told the employer:"), disclosure_combo(self)
        )
        self.disclosure_on_field = self.form.add(
            "disclosure_on", _("Choice &made on:"), DateField(self, default=ctx.today())
        )
        self.employer_field.search()
        self.set_draft_context(participant_id=participant_id)

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> ContractDialog | None:
        host = file_host(parent, context.get("participant_id"))
        if host is None:
            return None
        return cls(ctx, host.data.detail.id, host, _reload(host))

    def action(self) -> Callable[[], Any]:
        start = self.start_field.date()
        assert start is not None
        data = ContractInput(
            contract_type=ContractType(self.type_combo.currentData()),
            employer=self.employer_field.employer_name(),
            employer_id=self.employer_field.employer_id(),
            job_title=self.job_field.text(),
            hours_per_week=_optional_hours(self.hours_field),
            started_on=start,
            planned_end_on=self.planned_end_field.date(),
        )
        choice = chosen_disclosure(self.disclosure_combo)
        day = self.disclosure_on_field.date() if choice is not None else None
        if day is not None and day > self.ctx.today():
            raise InvalidInput(
                _("The choice cannot be dated in the future."), field="disclosure_on"
            )
        ctx, participant_id = self.ctx, self.participant_id

        def add() -> ContractRow:
            row = contracts.add_contract(ctx, participant_id, data, hours_required=True)
            if choice is not None:
                employer_relations.set_disclosure(ctx, choice, contract_id=row.id, chosen_on=day)
            return row

        return add


def _contract_from(
    parent: QWidget, context: Mapping[str, object]
) -> tuple[Any, ContractRow] | None:
    host = file_host(parent, context.get("participant_id"))
    contract_id = _context_id(context, "contract_id")
    if host is None:
        return None
    data: FileData = host.data
    contract = next((c for c in data.pathway.contracts if c.id == contract_id), None)
    return None if contract is None else (host, contract)


def contract_text(contract: ContractRow) -> str:
    what = contract.job_title or contract.employer or contract.contract_type.label
    return _("{what}, since {date}").format(what=what, date=format_date(contract.started_on))


class EndContractDialog(FormDialog):
    draft_kind = "participant.contract_end"
    restored_by_page = True  # the file opens first (ParticipantFileView.restore_draft)

    def __init__(
        self,
        ctx: ServiceContext,
        contract: ContractRow,
        parent: QWidget | None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(
            parent,
            _("End of the contract: {contract}").format(contract=contract_text(contract)),
            ok_text=_("&Record the end"),
            on_done=on_done,
        )
        self.ctx = ctx
        self.contract = contract
        self.end_field = DateField(self, default=contract.ended_on or ctx.today())
        self.reason_field = text_box(self)
        self.reason_field.setPlainText(contract.end_reason)
        self.form.add("ended_on", _("&End date:"), self.end_field)
        self.form.add("reason", _("&Reason:"), self.reason_field)
        self.set_draft_context(participant_id=contract.participant_id, contract_id=contract.id)

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> EndContractDialog | None:
        found = _contract_from(parent, context)
        return None if found is None else cls(ctx, found[1], found[0], _reload(found[0]))

    def action(self) -> Callable[[], Any]:
        return partial(
            contracts.end_contract,
            self.ctx,
            self.contract.id,
            self.end_field.shown_date(),
            self.reason_field.toPlainText(),
        )


class RetentionDialog(FormDialog):
    draft_kind = "participant.retention"
    restored_by_page = True  # the file opens first (ParticipantFileView.restore_draft)

    def __init__(
        self,
        ctx: ServiceContext,
        contract: ContractRow,
        parent: QWidget | None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(
            parent,
            _("Job retention: {contract}").format(contract=contract_text(contract)),
            ok_text=_("&Record the check"),
            on_done=on_done,
        )
        self.ctx = ctx
        self.contract = contract
        done = {c.months for c in contract.retention_checks}
        self.months_combo = QComboBox(self)
        for months in RETENTION_MONTHS:
            text = ngettext("After {months} month", "After {months} months", months).format(
                months=months
            )
            if months in done:
                text = _("{milestone} (already recorded: correct it)").format(milestone=text)
            self.months_combo.addItem(text, months)
        pending = [m for m in RETENTION_MONTHS if m not in done]
        if pending:
            set_combo_data(self.months_combo, pending[0])
        self.checked_field = DateField(self, default=ctx.today())
        self.employed_box = QCheckBox(_("Still in work on that date"), self)
        self.employed_box.setChecked(True)
        self.notes_field = text_box(self)
        self.form.add("months", _("&Milestone:"), self.months_combo)
        self.form.add("checked_on", _("&Checked on:"), self.checked_field)
        self.form.add("employed", _("In &work:"), self.employed_box)
        self.form.add("notes", _("&Notes:"), self.notes_field)
        self.set_draft_context(participant_id=contract.participant_id, contract_id=contract.id)

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> RetentionDialog | None:
        found = _contract_from(parent, context)
        return None if found is None else cls(ctx, found[1], found[0], _reload(found[0]))

    def action(self) -> Callable[[], Any]:
        return partial(
            retention.record_retention_check,
            self.ctx,
            self.contract.id,
            int(self.months_combo.currentData()),
            self.checked_field.shown_date(),
            self.employed_box.isChecked(),
            self.notes_field.toPlainText(),
        )


class SchemeDialog(FormDialog):
    """Add a support scheme, or change the referent, dates and notes of one."""

    draft_kind = "participant.scheme"
    restored_by_page = True  # the file opens first (ParticipantFileView.restore_draft)

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        referents: Sequence[ReferentRow],
        parent: QWidget | None,
        scheme: schemes.SchemeRow | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(
            parent,
            _("Edit the support scheme") if scheme else _("New support scheme"),
            ok_text=_("&Save the scheme"),
            on_done=on_done,
        )
        self.ctx = ctx
        self.participant_id = participant_id
        self.scheme = scheme
        self.scheme_combo = QComboBox(self)
        for value in Scheme:
            self.scheme_combo.addItem(value.label, value.value)
        self.referent_combo = referent_combo(
            self, referents, scheme.referent_id if scheme else None
        )
        self.start_field = DateField(self, optional=True, default=ctx.today())
        self.end_field = DateField(self, optional=True, default=ctx.today())
        self.notes_field = text_box(self)
        self.form.add("scheme", _("&Scheme:"), self.scheme_combo)
        self.form.add("referent_id", _("&Referent:"), self.referent_combo)
        self.form.add("started_on", _("S&ince:"), self.start_field)
        self.form.add("ended_on", _("&Until:"), self.end_field)
        self.form.add("notes", _("&Notes:"), self.notes_field)
        if scheme is not None:
            set_combo_data(self.scheme_combo, scheme.scheme.value)
            self.scheme_combo.setEnabled(False)
            self.start_field.set_date(scheme.started_on)
            self.end_field.set_date(scheme.ended_on)
            self.notes_field.setPlainText(scheme.notes)
        else:
            self.start_field.set_date(ctx.today())
        self.set_draft_context(
            participant_id=participant_id, scheme_id=scheme.id if scheme else None
        )

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> SchemeDialog | None:
        host = file_host(parent, context.get("participant_id"))
        if host is None:
            return None
        data: FileData = host.data
        scheme_id = _context_id(context, "scheme_id")
        scheme = next((x for x in data.detail.schemes if x.id == scheme_id), None)
        if scheme_id is not None and scheme is None:
            return None  # removed meanwhile
        return cls(ctx, data.detail.id, data.referents, host, scheme, _reload(host))

    def action(self) -> Callable[[], Any]:
        referent = self.referent_combo.currentData()
        if self.scheme is None:
            return partial(
                schemes.add_scheme,
                self.ctx,
                self.participant_id,
                Scheme(self.scheme_combo.currentData()),
                referent,
                self.start_field.date(),
                self.end_field.date(),
                self.notes_field.toPlainText(),
            )
        return partial(
            schemes.update_scheme,
            self.ctx,
            self.scheme.id,
            referent_id=referent,
            started_on=self.start_field.date(),
            ended_on=self.end_field.date(),
            notes=self.notes_field.toPlainText(),
        )


class DateActionDialog(FormDialog):
    """Ask for one date, then run ``call(date)`` (end a scheme, withdraw a consent…)."""

    def __init__(
        self,
        ctx: ServiceContext,
        title: str,
        label: str,
        ok_text: str,
        call: Callable[[dt.date | None], Any],
        parent: QWidget | None,
        *,
        field: str,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(parent, title, ok_text=ok_text, on_done=on_done)
        self.ctx = ctx
        self._call = call
        self.date_field = DateField(self, default=ctx.today())
        self.form.add(field, label, self.date_field, aliases=("on",))

    def action(self) -> Callable[[], Any]:
        day = self.date_field.date()
        return lambda: self._call(day)


class ConsentDialog(FormDialog):
    draft_kind = "participant.consent"
    restored_by_page = True  # the file opens first (ParticipantFileView.restore_draft)

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        referents: Sequence[ReferentRow],
        parent: QWidget | None,
        purpose: ConsentPurpose | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(
            parent, _("Record a consent"), ok_text=_("&Record the consent"), on_done=on_done
        )
        self.ctx = ctx
        self.participant_id = participant_id
        self.purpose_combo = QComboBox(self)
        for value in ConsentPurpose:
            self.purpose_combo.addItem(value.label, value.value)
        if purpose is not None:
            set_combo_data(self.purpose_combo, purpose.value)
        self.given_field = DateField(self, default=ctx.today())
        self.method_combo = QComboBox(self)
        for method in ConsentMethod:
            self.method_combo.addItem(method.label, method.value)
        self.referent_combo = referent_combo(self, referents, None)
        self.notes_field = text_box(self)
        self.form.add("purpose", _("&Purpose:"), self.purpose_combo)
        self.form.add("given_on", _("&Given on:"), self.given_field)
        self.form.add("method", _("&How:"), self.method_combo)
        self.form.add("referent_id", _("&Referent concerned:"), self.referent_combo)
        self.form.add("notes", _("&Notes:"), self.notes_field)
        self.set_draft_context(participant_id=participant_id)

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> ConsentDialog | None:
        host = file_host(parent, context.get("participant_id"))
        if host is None:
            return None
        data: FileData = host.data
        return cls(ctx, data.detail.id, data.referents, host, None, _reload(host))

    def action(self) -> Callable[[], Any]:
        return partial(
            consents.record_consent,
            self.ctx,
            self.participant_id,
            ConsentPurpose(self.purpose_combo.currentData()),
            self.given_field.shown_date(),
            ConsentMethod(self.method_combo.currentData()),
            self.referent_combo.currentData(),
            self.notes_field.toPlainText(),
        )


class StatusDialog(FormDialog):
    """Pause, reactivate or close a membership; "Left" is confirmed first."""

    draft_kind = "participant.status"
    restored_by_page = True  # the file opens first (ParticipantFileView.restore_draft)

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        current: ParticipantStatus,
        name: str,
        parent: QWidget | None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(
            parent, _("Change the status"), ok_text=_("&Change the status"), on_done=on_done
        )
        self.ctx = ctx
        self.participant_id = participant_id
        self.name = name
        self.status_combo = QComboBox(self)
        for status in ParticipantStatus:
            self.status_combo.addItem(status.label, status.value)
        set_combo_data(self.status_combo, current.value)
        self.date_field = DateField(self, default=ctx.today())
        self.form.add("status", _("&New status:"), self.status_combo)
        self.form.add("on", _("&Date of leaving:"), self.date_field)
        self.date_label = self.form.fields["on"].label
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self.set_draft_context(participant_id=participant_id)

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> StatusDialog | None:
        host = file_host(parent, context.get("participant_id"))
        if host is None:
            return None
        detail = host.data.detail
        if detail.anonymised:
            return None
        return cls(ctx, detail.id, detail.status, detail.full_name, host, _reload(host))

    def chosen(self) -> ParticipantStatus:
        return ParticipantStatus(self.status_combo.currentData())

    def _status_changed(self, *_args: object) -> None:
        leaving = self.chosen() is ParticipantStatus.LEFT
        self.date_field.setEnabled(leaving)
        self.date_label.setEnabled(leaving)

    def before_submit(self) -> bool:
        if self.chosen() is not ParticipantStatus.LEFT:
            return True
        return questions.confirm(
            self,
            _("Close the membership?"),
            _(
                "{name} will be marked as having left the association on {date}. "
                "The file is kept; the status can be changed back later."
            ).format(name=self.name, date=format_date(self.date_field.date())),
            _("&Mark as left"),
            _("&Keep the membership"),
        )

    def action(self) -> Callable[[], Any]:
        status = self.chosen()
        on = self.date_field.date() if status is ParticipantStatus.LEFT else None
        return partial(participants.set_status, self.ctx, self.participant_id, status, on=on)
