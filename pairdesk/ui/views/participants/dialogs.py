"""The small dialogs of the participant file; each OK is one service call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any, ClassVar, TypeVar

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
from pairdesk.i18n import N_, _, ngettext
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
from pairdesk.ui.forms.dialog import HasId, row_with_id
from pairdesk.ui.models.participants_model import format_date
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.common import text_box
from pairdesk.ui.views.participants.file_data import FileData, load_file
from pairdesk.ui.widgets import DateField, questions
from pairdesk.ui.widgets.choices import choice_combo
from pairdesk.ui.widgets.employer_picker import (
    EmployerPicker,
    chosen_disclosure,
    disclosure_combo,
)


def referent_combo(
    parent: QWidget, referents: Sequence[ReferentRow], selected: int | None
) -> QComboBox:
    """Referents from the directory, plus "No referent"."""
    choices: list[tuple[str, object]] = [(_("No referent"), None)]
    for referent in referents:
        text = (
            _("{name} ({organisation})").format(
                name=referent.name, organisation=referent.organisation
            )
            if referent.organisation
            else referent.name
        )
        choices.append((text, referent.id))
    return choice_combo(parent, choices, selected)


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


R = TypeVar("R", bound=HasId)


def kept_record(rows: Iterable[R], context: Mapping[str, object], name: str) -> R | None:
    """The record of ``rows`` whose id a draft kept under ``name``; None when it kept none
    (a new record). Raises ``LookupError`` when the record was removed meanwhile."""
    record_id = context.get(name)
    if type(record_id) is not int:
        return None
    return still_there(rows, record_id, name)


def still_there(rows: Iterable[R], record_id: int, name: str) -> R:
    """The record ``record_id`` of ``rows`` (a file read again); ``LookupError`` naming
    ``name`` when it was removed meanwhile."""
    row = row_with_id(rows, record_id)
    if row is None:
        raise LookupError(name)
    return row


class FileDialog(FormDialog):
    """A dialog of the participant file (goal, step, contract, scheme, consent…), declared
    once: its ``draft_kind``, its fields (``self.form.add``), the service call (``action``).

    The participant's and the record's ids given to ``__init__`` are kept in its draft;
    after the lock the file opens first, then builds the dialog again from what it read
    (``from_file``; a record removed meanwhile raises ``LookupError``: no dialog)."""

    restored_by_page = True  # the file opens first (ParticipantFileView.restore_draft)

    def __init__(
        self,
        ctx: ServiceContext,
        parent: QWidget | None,
        title: str,
        ok_text: str,
        on_done: Callable[[Any], None] | None,
        participant_id: int,
        **record_ids: int | None,
    ) -> None:
        super().__init__(parent, title, ok_text=ok_text, on_done=on_done)
        self.ctx = ctx
        self.participant_id = participant_id
        self.set_draft_context(participant_id=participant_id, **record_ids)
        if type(self).record_in is not FileDialog.record_in:
            self.form.reload = self._read_again  # "Reload their version"

    def record_in(self, data: FileData) -> object | None:
        """The record this dialog changes, in the file as read again (None: a new one);
        ``LookupError`` when it is no longer there. A dialog that gives it offers "Reload
        their version" after someone else saved the record."""
        return None

    def show_again(self, record: object) -> None:
        """Show the record as stored now (``record_in``'s)."""
        self.show_record(record)

    def _read_again(self) -> None:
        ctx, participant_id = self.ctx, self.participant_id
        Op(self, lambda: load_file(ctx, participant_id)).success(self._read).run()

    def _read(self, data: FileData) -> None:
        try:
            record = self.record_in(data)
        except LookupError:
            self.form.show_general_error(_("Someone else deleted it meanwhile: close this form."))
            return
        if record is not None:
            self.show_again(record)

    def show_record(self, record: object | None) -> None:
        """Fill each field from the record's attribute of the same name (a choice by its
        stored value); nothing for a new record."""
        if record is None:
            return
        values = {n: getattr(record, n) for n in self.form.fields if hasattr(record, n)}
        self.form.set_values(
            {n: getattr(v, "value", v) for n, v in values.items()},
            edit_version=getattr(record, "edit_version", None),
        )

    @classmethod
    def from_draft(
        cls, parent: QWidget, ctx: ServiceContext, context: Mapping[str, object]
    ) -> FileDialog | None:
        host = file_host(parent, context.get("participant_id"))
        if host is None:
            return None
        try:
            return cls.from_file(ctx, host, host.data, context)
        except LookupError:  # the goal, contract or scheme was removed meanwhile
            return None

    @classmethod
    def from_file(
        cls, ctx: ServiceContext, host: Any, data: FileData, context: Mapping[str, object]
    ) -> FileDialog:  # pragma: no cover - every dialog of the file gives it
        """This dialog for the file ``host`` (showing ``data``), with the draft's ids."""
        raise NotImplementedError


class GoalDialog(FileDialog):
    draft_kind = "participant.goal"

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        parent: QWidget | None,
        goal: GoalRow | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        title = _("Edit the goal") if goal else _("New goal")
        goal_id = goal.id if goal else None
        super().__init__(
            ctx, parent, title, _("&Save the goal"), on_done, participant_id, goal_id=goal_id
        )
        self.goal = goal
        add = self.form.add
        self.title_field = add("title", _("&Goal:"), QLineEdit(self))
        self.details_field = add("details", _("&Details:"), text_box(self))
        self.opened_field = add("opened_on", _("&Opened on:"), DateField(self, default=ctx.today()))
        target = DateField(self, optional=True, default=ctx.today())
        self.target_field = add("target_on", _("&Target date:"), target)
        self.show_record(goal)

    @classmethod
    def from_file(
        cls, ctx: ServiceContext, host: Any, data: FileData, context: Mapping[str, object]
    ) -> GoalDialog:
        goal = kept_record(data.pathway.goals, context, "goal_id")
        return cls(ctx, data.detail.id, host, goal, _reload(host))

    def record_in(self, data: FileData) -> GoalRow | None:
        return (
            None if self.goal is None else still_there(data.pathway.goals, self.goal.id, "goal_id")
        )

    def show_again(self, record: object) -> None:
        assert isinstance(record, GoalRow)
        self.goal = record
        self.show_record(record)

    def action(self) -> Callable[[], Any]:
        title = self.title_field.text()
        details = self.details_field.toPlainText()
        target = self.target_field.date()
        opened = self.opened_field.date()
        if self.goal is None:
            return partial(
                pathways.add_goal, self.ctx, self.participant_id, title, details, target, opened
            )
        return partial(
            pathways.update_goal,
            self.ctx,
            self.goal.id,
            title,
            details,
            target,
            opened,
            edit_version=self.form.edit_version,
        )


STEP_KINDS = tuple(k for k in EventKind if k not in pathways.CONTRACT_EVENT_KINDS)


class EventDialog(FileDialog):
    draft_kind = "participant.step"

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        goals: Sequence[GoalRow],
        parent: QWidget | None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(ctx, parent, _("New step"), _("&Add the step"), on_done, participant_id)
        add = self.form.add
        kinds = choice_combo(self, [(k.label, k.value) for k in STEP_KINDS])
        self.kind_combo = add("kind", _("&Kind of step:"), kinds)
        self.date_field = add("occurred_on", _("&Date:"), DateField(self, default=ctx.today()))
        self.title_field = add("title", _("&Title:"), QLineEdit(self))
        self.notes_field = add("notes", _("&Notes:"), text_box(self))
        goal_choices = [(_("No goal"), None), *((g.title, g.id) for g in goals)]
        self.goal_combo = add("goal_id", _("&For the goal:"), choice_combo(self, goal_choices))

    @classmethod
    def from_file(
        cls, ctx: ServiceContext, host: Any, data: FileData, context: Mapping[str, object]
    ) -> EventDialog:
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


class ContractDialog(FileDialog):
    draft_kind = "participant.contract"

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        parent: QWidget | None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        title = _("New contract")
        super().__init__(ctx, parent, title, _("&Add the contract"), on_done, participant_id)
        add = self.form.add
        kinds = choice_combo(self, [(k.label, k.value) for k in ContractType])
        self.type_combo = add("contract_type", _("&Type of contract:"), kinds)
        self.job_field = add("job_title", _("&Job:"), QLineEdit(self))
        self.employer_field = add(
            "employer",
            _("&Employer:"),
            EmployerPicker(ctx, _("Employer"), self),
            aliases=("employer_id",),
        )
        self.hours_field = add("hours_per_week", _("&Hours per week:"), hours_box(self))
        self.start_field = add(
            "started_on", _("&Start date:"), DateField(self, default=ctx.today())
        )
        planned_end = DateField(self, optional=True, default=ctx.today())
        self.planned_end_field = add("planned_end_on", _("&Planned end:"), planned_end)
        # issue 15: what the person chose to tell this employer, dated (changeable later
        # in the employer's file)
        self.disclosure_combo = add(
            "disclosure", _("The person &told the employer:"), disclosure_combo(self)
        )
        self.disclosure_on_field = add(
            "disclosure_on", _("Choice &made on:"), DateField(self, default=ctx.today())
        )
        self.employer_field.search()

    @classmethod
    def from_file(
        cls, ctx: ServiceContext, host: Any, data: FileData, context: Mapping[str, object]
    ) -> ContractDialog:
        return cls(ctx, data.detail.id, host, _reload(host))

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
            row = contracts.add_contract(ctx, participant_id, data)
            if choice is not None:
                employer_relations.set_disclosure(ctx, choice, contract_id=row.id, chosen_on=day)
            return row

        return add


def contract_text(contract: ContractRow) -> str:
    what = contract.job_title or contract.employer or contract.contract_type.label
    return _("{what}, since {date}").format(what=what, date=format_date(contract.started_on))


class ContractFollowUpDialog(FileDialog):
    """A dialog about one contract of the file (its end, a retention check), declared by
    its ``title_text`` (naming the ``{contract}``), ``ok_words`` and ``add_fields``; its
    draft keeps the contract's id."""

    title_text: ClassVar[str]
    ok_words: ClassVar[str]

    def __init__(
        self,
        ctx: ServiceContext,
        contract: ContractRow,
        parent: QWidget | None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        title = _(self.title_text).format(contract=contract_text(contract))
        pid, contract_id = contract.participant_id, contract.id
        super().__init__(
            ctx, parent, title, _(self.ok_words), on_done, pid, contract_id=contract_id
        )
        self.contract = contract
        self.add_fields()

    def add_fields(self) -> None:  # pragma: no cover - every follow-up gives it
        raise NotImplementedError

    @classmethod
    def from_file(
        cls, ctx: ServiceContext, host: Any, data: FileData, context: Mapping[str, object]
    ) -> ContractFollowUpDialog:
        contract = kept_record(data.pathway.contracts, context, "contract_id")
        if contract is None:
            raise LookupError("contract_id")
        return cls(ctx, contract, host, _reload(host))

    def record_in(self, data: FileData) -> ContractRow | None:
        return still_there(data.pathway.contracts, self.contract.id, "contract_id")


class EndContractDialog(ContractFollowUpDialog):
    draft_kind = "participant.contract_end"
    title_text = N_("End of the contract: {contract}")
    ok_words = N_("&Record the end")

    def add_fields(self) -> None:
        end = DateField(self, default=self.contract.ended_on or self.ctx.today())
        self.end_field = self.form.add("ended_on", _("&End date:"), end)
        self.reason_field = self.form.add("reason", _("&Reason:"), text_box(self))
        self.show_again(self.contract)

    def show_again(self, record: object) -> None:
        assert isinstance(record, ContractRow)
        self.contract = record
        self.form.set_values(
            {"ended_on": record.ended_on or self.ctx.today(), "reason": record.end_reason},
            edit_version=record.edit_version,
        )

    def action(self) -> Callable[[], Any]:
        return partial(
            contracts.end_contract,
            self.ctx,
            self.contract.id,
            self.end_field.shown_date(),
            self.reason_field.toPlainText(),
            edit_version=self.form.edit_version,
        )


def _milestones(done: set[int]) -> list[tuple[str, object]]:
    """The retention milestones to choose from, those already recorded said so."""
    choices: list[tuple[str, object]] = []
    for months in RETENTION_MONTHS:
        text = ngettext("After {months} month", "After {months} months", months).format(
            months=months
        )
        if months in done:
            text = _("{milestone} (already recorded: correct it)").format(milestone=text)
        choices.append((text, months))
    return choices


class RetentionDialog(ContractFollowUpDialog):
    draft_kind = "participant.retention"
    title_text = N_("Job retention: {contract}")
    ok_words = N_("&Record the check")

    def add_fields(self) -> None:
        today = self.ctx.today()
        done = {c.months for c in self.contract.retention_checks}
        pending = [m for m in RETENTION_MONTHS if m not in done]
        add = self.form.add
        months = choice_combo(self, _milestones(done), pending[0] if pending else None)
        self.months_combo = add("months", _("&Milestone:"), months)
        self.checked_field = add("checked_on", _("&Checked on:"), DateField(self, default=today))
        employed = QCheckBox(_("Still in work on that date"), self)
        self.employed_box = add("employed", _("In &work:"), employed)
        self.employed_box.setChecked(True)
        self.notes_field = add("notes", _("&Notes:"), text_box(self))

    def show_again(self, record: object) -> None:
        """The contract as read again; the check of the milestone chosen as stored now.
        The save then sends that check's version (``action``)."""
        assert isinstance(record, ContractRow)
        self.contract = record
        # The milestones recorded meanwhile are said so, as when the dialog opened.
        for text, milestone in _milestones({c.months for c in record.retention_checks}):
            index = self.months_combo.findData(milestone)
            if index >= 0:
                self.months_combo.setItemText(index, text)
        months = int(self.months_combo.currentData())
        check = next((c for c in record.retention_checks if c.months == months), None)
        if check is not None:
            values = {"checked_on": check.checked_on, "employed": check.employed}
            self.form.set_values({"months": months, "notes": check.notes, **values})

    def action(self) -> Callable[[], Any]:
        months = int(self.months_combo.currentData())
        known = {c.months: c.edit_version for c in self.contract.retention_checks}
        # "Overwrite with mine" set the version stored now; else the one this file showed
        # (0: not recorded yet, so a check someone else recorded meanwhile is asked about)
        version = self.form.edit_version
        if version is None:
            version = known.get(months, 0)
        return partial(
            retention.record_retention_check,
            self.ctx,
            self.contract.id,
            months,
            self.checked_field.shown_date(),
            self.employed_box.isChecked(),
            self.notes_field.toPlainText(),
            edit_version=version,
        )


class SchemeDialog(FileDialog):
    """Add a support scheme, or change the referent, dates and notes of one."""

    draft_kind = "participant.scheme"

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        referents: Sequence[ReferentRow],
        parent: QWidget | None,
        scheme: schemes.SchemeRow | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        title = _("Edit the support scheme") if scheme else _("New support scheme")
        scheme_id = scheme.id if scheme else None
        super().__init__(
            ctx, parent, title, _("&Save the scheme"), on_done, participant_id, scheme_id=scheme_id
        )
        self.scheme = scheme
        add = self.form.add
        choices = choice_combo(self, [(value.label, value.value) for value in Scheme])
        self.scheme_combo = add("scheme", _("&Scheme:"), choices)
        self.referent_combo = add(
            "referent_id", _("&Referent:"), referent_combo(self, referents, None)
        )
        self.start_field = add(
            "started_on", _("S&ince:"), DateField(self, optional=True, default=ctx.today())
        )
        self.end_field = add(
            "ended_on", _("&Until:"), DateField(self, optional=True, default=ctx.today())
        )
        self.notes_field = add("notes", _("&Notes:"), text_box(self))
        self.start_field.set_date(ctx.today())
        self.show_record(scheme)
        self.scheme_combo.setEnabled(scheme is None)

    @classmethod
    def from_file(
        cls, ctx: ServiceContext, host: Any, data: FileData, context: Mapping[str, object]
    ) -> SchemeDialog:
        scheme = kept_record(data.detail.schemes, context, "scheme_id")
        return cls(ctx, data.detail.id, data.referents, host, scheme, _reload(host))

    def record_in(self, data: FileData) -> schemes.SchemeRow | None:
        if self.scheme is None:
            return None
        return still_there(data.detail.schemes, self.scheme.id, "scheme_id")

    def show_again(self, record: object) -> None:
        assert isinstance(record, schemes.SchemeRow)
        self.scheme = record
        self.show_record(record)

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
            edit_version=self.form.edit_version,
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


class ConsentDialog(FileDialog):
    draft_kind = "participant.consent"

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        referents: Sequence[ReferentRow],
        parent: QWidget | None,
        purpose: ConsentPurpose | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        title, ok_text = _("Record a consent"), _("&Record the consent")
        super().__init__(ctx, parent, title, ok_text, on_done, participant_id)
        add = self.form.add
        purposes = [(value.label, value.value) for value in ConsentPurpose]
        chosen = purpose.value if purpose is not None else None
        self.purpose_combo = add("purpose", _("&Purpose:"), choice_combo(self, purposes, chosen))
        self.given_field = add("given_on", _("&Given on:"), DateField(self, default=ctx.today()))
        methods = [(method.label, method.value) for method in ConsentMethod]
        self.method_combo = add("method", _("&How:"), choice_combo(self, methods))
        concerned = referent_combo(self, referents, None)
        self.referent_combo = add("referent_id", _("&Referent concerned:"), concerned)
        self.notes_field = add("notes", _("&Notes:"), text_box(self))

    @classmethod
    def from_file(
        cls, ctx: ServiceContext, host: Any, data: FileData, context: Mapping[str, object]
    ) -> ConsentDialog:
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


class StatusDialog(FileDialog):
    """Pause, reactivate or close a membership; "Left" is confirmed first."""

    draft_kind = "participant.status"

    def __init__(
        self,
        ctx: ServiceContext,
        participant_id: int,
        current: ParticipantStatus,
        name: str,
        parent: QWidget | None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        title, ok_text = _("Change the status"), _("&Change the status")
        super().__init__(ctx, parent, title, ok_text, on_done, participant_id)
        self.name = name
        statuses = [(status.label, status.value) for status in ParticipantStatus]
        combo = choice_combo(self, statuses, current.value)
        self.status_combo = self.form.add("status", _("&New status:"), combo)
        leaving = DateField(self, default=ctx.today())
        self.date_field = self.form.add("on", _("&Date of leaving:"), leaving)
        self.date_label = self.form.fields["on"].label
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    @classmethod
    def from_file(
        cls, ctx: ServiceContext, host: Any, data: FileData, context: Mapping[str, object]
    ) -> StatusDialog:
        detail = data.detail
        if detail.anonymised:
            raise LookupError("participant_id")
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
