"""A participant's pathway towards work: goals, dated steps, contracts, job retention and
the private wellbeing plan.

Each public function is one user action in one transaction, with its audit line. Events
(including the ones written for contracts) keep ``participant.last_contact_on`` up to date
through :func:`touch_last_contact`, which other services may call too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pairdesk.domain import validation as v
from pairdesk.domain.dates import add_months
from pairdesk.domain.enums import (
    EMPLOYMENT_CONTRACTS,
    RETENTION_MONTHS,
    Attendance,
    AuditAction,
    ContractType,
    EventKind,
    GoalStatus,
)
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, ngettext
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.privacy import require_participant_access, require_record_access
from pairdesk.store.models import (
    Contract,
    Goal,
    MockInterview,
    Participant,
    Pathway,
    PathwayEvent,
    Registration,
    RetentionCheck,
    SelfAssessment,
    WellbeingPlan,
    Workshop,
)

RETENTION_CONTRACTS = EMPLOYMENT_CONTRACTS | {ContractType.ESAT}
CONTRACT_EVENT_KINDS = frozenset({EventKind.CONTRACT_SIGNED, EventKind.CONTRACT_ENDED})


# -- read objects ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True, kw_only=True)
class PathwayInput:
    aspirations: str = ""
    skills: str = ""
    lived_experience_skills: str = ""
    volunteering: str = ""
    accommodations_needed: str = ""
    preferred_hours_per_week: float | None = None
    preferred_places: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractInput:
    contract_type: ContractType
    employer: str = ""
    job_title: str = ""
    hours_per_week: float | None = None
    started_on: dt.date
    planned_end_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class GoalRow:
    id: int
    participant_id: int
    title: str
    details: str
    status: GoalStatus
    opened_on: dt.date
    target_on: dt.date | None
    closed_on: dt.date | None


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    participant_id: int
    kind: EventKind
    occurred_on: dt.date
    title: str
    notes: str
    goal_id: int | None
    contract_id: int | None


@dataclass(frozen=True, slots=True)
class RetentionCheckRow:
    id: int
    contract_id: int
    months: int
    checked_on: dt.date
    employed: bool
    notes: str


@dataclass(frozen=True, slots=True)
class ContractRow:
    id: int
    participant_id: int
    contract_type: ContractType
    employer: str
    job_title: str
    hours_per_week: float | None
    started_on: dt.date
    planned_end_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    retention_checks: tuple[RetentionCheckRow, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One dated line of the pathway. ``kind`` is ``None`` for a retention check."""

    on: dt.date
    kind: EventKind | None
    label: str
    title: str
    notes: str
    event_id: int | None = None
    goal_id: int | None = None
    contract_id: int | None = None
    retention_months: int | None = None
    employed: bool | None = None


@dataclass(frozen=True, slots=True)
class PathwayView:
    participant_id: int
    aspirations: str
    skills: str
    lived_experience_skills: str
    volunteering: str
    accommodations_needed: str
    preferred_hours_per_week: float | None
    preferred_places: str
    goals: tuple[GoalRow, ...]
    timeline: tuple[TimelineItem, ...]
    contracts: tuple[ContractRow, ...]


@dataclass(frozen=True, slots=True)
class RetentionDue:
    participant_id: int
    participant_name: str
    contract_id: int
    contract_type: ContractType
    employer: str
    job_title: str
    months: int
    due_on: dt.date
    overdue: bool


@dataclass(frozen=True, slots=True)
class WellbeingPlanView:
    id: int
    participant_id: int
    triggers: str
    warning_signs: str
    what_helps: str
    who_to_call: str
    updated_on: dt.date


# -- shared helpers --------------------------------------------------------------------
def touch_last_contact(session: Session, participant_id: int, on: dt.date) -> None:
    """Move ``participant.last_contact_on`` forward to ``on`` (never backwards)."""
    participant = _participant(session, participant_id)
    if participant.last_contact_on is None or on > participant.last_contact_on:
        participant.last_contact_on = on


def latest_contact(session: Session, participant_id: int, until: dt.date) -> dt.date | None:
    """The latest activity on or before ``until``: pathway events, workshops attended,
    mock interviews and self-assessments."""
    session.flush()
    queries = [
        select(func.max(PathwayEvent.occurred_on)).where(
            PathwayEvent.participant_id == participant_id, PathwayEvent.occurred_on <= until
        ),
        select(func.max(Workshop.held_on))
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            Registration.participant_id == participant_id,
            Registration.attendance == Attendance.PRESENT.value,
            Workshop.held_on <= until,
        ),
        select(func.max(MockInterview.held_on)).where(
            MockInterview.participant_id == participant_id, MockInterview.held_on <= until
        ),
        select(func.max(SelfAssessment.assessed_on)).where(
            SelfAssessment.participant_id == participant_id, SelfAssessment.assessed_on <= until
        ),
    ]
    found = [d for d in (session.scalar(q) for q in queries) if d is not None]
    return max(found) if found else None


def _refresh_last_contact(session: Session, participant_id: int, today: dt.date) -> None:
    """Recompute after a date was moved or removed (only if it may have been the latest)."""
    participant = _participant(session, participant_id)
    participant.last_contact_on = latest_contact(session, participant_id, today)


def _contact_from_event(
    ctx: ServiceContext, session: Session, participant_id: int, on: dt.date
) -> None:
    # A planned step (dated after today) is not a contact yet.
    if on <= ctx.today():
        touch_last_contact(session, participant_id, on)


def _participant(session: Session, participant_id: int) -> Participant:
    return get_or_raise(session, Participant, participant_id, _("participant"))


def display_name(participant: Participant) -> str:
    return " ".join(p for p in (participant.first_name, participant.last_name) if p)


def _goal_row(goal: Goal) -> GoalRow:
    return GoalRow(
        id=goal.id,
        participant_id=goal.participant_id,
        title=goal.title,
        details=goal.details,
        status=GoalStatus(goal.status),
        opened_on=goal.opened_on,
        target_on=goal.target_on,
        closed_on=goal.closed_on,
    )


def _event_row(event: PathwayEvent) -> EventRow:
    return EventRow(
        id=event.id,
        participant_id=event.participant_id,
        kind=EventKind(event.kind),
        occurred_on=event.occurred_on,
        title=event.title,
        notes=event.notes,
        goal_id=event.goal_id,
        contract_id=event.contract_id,
    )


def _check_row(check: RetentionCheck) -> RetentionCheckRow:
    return RetentionCheckRow(
        id=check.id,
        contract_id=check.contract_id,
        months=check.months,
        checked_on=check.checked_on,
        employed=check.employed,
        notes=check.notes,
    )


def _contract_row(contract: Contract, checks: tuple[RetentionCheckRow, ...] = ()) -> ContractRow:
    return ContractRow(
        id=contract.id,
        participant_id=contract.participant_id,
        contract_type=ContractType(contract.contract_type),
        employer=contract.employer,
        job_title=contract.job_title,
        hours_per_week=contract.hours_per_week,
        started_on=contract.started_on,
        planned_end_on=contract.planned_end_on,
        ended_on=contract.ended_on,
        end_reason=contract.end_reason,
        retention_checks=checks,
    )


def _contract_description(contract: Contract) -> str:
    if contract.job_title and contract.employer:
        return _("{job_title} at {employer}").format(
            job_title=contract.job_title, employer=contract.employer
        )
    return contract.job_title or contract.employer or ContractType(contract.contract_type).label


# -- pathway ---------------------------------------------------------------------------
def get_pathway(ctx: ServiceContext, participant_id: int) -> PathwayView:
    """The pathway with its goals, timeline and contracts (empty if never filled in)."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        return _pathway_view(session, participant_id)


def update_pathway(ctx: ServiceContext, participant_id: int, data: PathwayInput) -> PathwayView:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        values = {
            "aspirations": v.free_text(data.aspirations, "aspirations", _("Aspirations")),
            "skills": v.free_text(data.skills, "skills", _("Skills")),
            "lived_experience_skills": v.free_text(
                data.lived_experience_skills,
                "lived_experience_skills",
                _("Skills from lived experience"),
            ),
            "volunteering": v.free_text(data.volunteering, "volunteering", _("Volunteering")),
            "accommodations_needed": v.free_text(
                data.accommodations_needed, "accommodations_needed", _("Accommodations needed")
            ),
            "preferred_hours_per_week": v.hours(
                data.preferred_hours_per_week,
                "preferred_hours_per_week",
                _("Preferred hours per week"),
            ),
            "preferred_places": v.optional_line(
                data.preferred_places, "preferred_places", _("Preferred places"), max_length=200
            ),
        }
        pathway = session.scalars(
            select(Pathway).where(Pathway.participant_id == participant_id)
        ).one_or_none()
        action = AuditAction.UPDATE
        if pathway is None:
            pathway = Pathway(participant_id=participant_id)
            session.add(pathway)
            action = AuditAction.CREATE
        for name, value in values.items():
            setattr(pathway, name, value)
        session.flush()
        ctx.audit(session, "pathway", pathway.id, action)
        return _pathway_view(session, participant_id)


def _pathway_view(session: Session, participant_id: int) -> PathwayView:
    pathway = session.scalars(
        select(Pathway).where(Pathway.participant_id == participant_id)
    ).one_or_none()
    goals = session.scalars(
        select(Goal).where(Goal.participant_id == participant_id).order_by(Goal.opened_on, Goal.id)
    ).all()
    return PathwayView(
        participant_id=participant_id,
        aspirations=pathway.aspirations if pathway else "",
        skills=pathway.skills if pathway else "",
        lived_experience_skills=pathway.lived_experience_skills if pathway else "",
        volunteering=pathway.volunteering if pathway else "",
        accommodations_needed=pathway.accommodations_needed if pathway else "",
        preferred_hours_per_week=pathway.preferred_hours_per_week if pathway else None,
        preferred_places=pathway.preferred_places if pathway else "",
        goals=tuple(_goal_row(g) for g in goals),
        timeline=tuple(_timeline(session, participant_id)),
        contracts=tuple(_contracts(session, participant_id)),
    )


# -- goals -----------------------------------------------------------------------------
def add_goal(
    ctx: ServiceContext,
    participant_id: int,
    title: str,
    details: str = "",
    target_on: dt.date | None = None,
    opened_on: dt.date | None = None,
) -> GoalRow:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        goal = Goal(participant_id=participant_id, status=GoalStatus.OPEN.value)
        _fill_goal(goal, title, details, target_on, opened_on or ctx.today())
        session.add(goal)
        session.flush()
        ctx.audit(session, "goal", goal.id, AuditAction.CREATE)
        return _goal_row(goal)


def update_goal(
    ctx: ServiceContext,
    goal_id: int,
    title: str,
    details: str = "",
    target_on: dt.date | None = None,
    opened_on: dt.date | None = None,
) -> GoalRow:
    """Change a goal's text and dates; ``opened_on=None`` keeps the opening date."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Goal, goal_id)
        goal = get_or_raise(session, Goal, goal_id, _("goal"))
        _fill_goal(goal, title, details, target_on, opened_on or goal.opened_on)
        if goal.closed_on is not None:
            v.date_order(goal.opened_on, goal.closed_on, "closed_on", _("Closing date"))
        ctx.audit(session, "goal", goal.id, AuditAction.UPDATE)
        return _goal_row(goal)


def _fill_goal(
    goal: Goal, title: str, details: str, target_on: dt.date | None, opened_on: dt.date
) -> None:
    goal.title = v.required_line(title, "title", _("Goal"))
    goal.details = v.free_text(details, "details", _("Details"))
    goal.opened_on = v.required_date(opened_on, "opened_on", _("Opening date"))
    goal.target_on = v.date_in_range(target_on, "target_on", _("Target date"))
    v.date_order(goal.opened_on, goal.target_on, "target_on", _("Target date"))


def set_goal_status(
    ctx: ServiceContext, goal_id: int, status: GoalStatus, on: dt.date | None = None
) -> GoalRow:
    """Reached or set aside: closed on ``on`` (today by default). Reopened: no closing date."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Goal, goal_id)
        goal = get_or_raise(session, Goal, goal_id, _("goal"))
        new_status = v.enum_value(GoalStatus, status, "status", _("Status"))
        if new_status is GoalStatus.OPEN:
            goal.closed_on = None
        else:
            closed_on = v.required_date(on or ctx.today(), "closed_on", _("Closing date"))
            v.date_order(goal.opened_on, closed_on, "closed_on", _("Closing date"))
            goal.closed_on = closed_on
        goal.status = new_status.value
        ctx.audit(session, "goal", goal.id, AuditAction.UPDATE, detail=f"status={new_status.value}")
        return _goal_row(goal)


# -- events ----------------------------------------------------------------------------
def add_event(
    ctx: ServiceContext,
    participant_id: int,
    kind: EventKind,
    occurred_on: dt.date,
    title: str = "",
    notes: str = "",
    goal_id: int | None = None,
) -> EventRow:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        event = PathwayEvent(participant_id=participant_id)
        _fill_event(session, event, kind, occurred_on, title, notes, goal_id)
        session.add(event)
        session.flush()
        _contact_from_event(ctx, session, participant_id, event.occurred_on)
        ctx.audit(session, "pathway_event", event.id, AuditAction.CREATE)
        return _event_row(event)


def update_event(
    ctx: ServiceContext,
    event_id: int,
    kind: EventKind,
    occurred_on: dt.date,
    title: str = "",
    notes: str = "",
    goal_id: int | None = None,
) -> EventRow:
    """Change a step. Steps written for a contract keep their kind and date (change the
    contract instead); their title, notes and goal can be edited."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, PathwayEvent, event_id)
        event = get_or_raise(session, PathwayEvent, event_id, _("pathway step"))
        old_date = event.occurred_on
        if event.contract_id is not None:
            kind_value = v.enum_value(EventKind, kind, "kind", _("Kind of step"))
            if kind_value.value != event.kind or occurred_on != event.occurred_on:
                raise InvalidInput(
                    _("This step belongs to a contract: change the contract's dates instead."),
                    field="occurred_on",
                )
            event.title = v.optional_line(title, "title", _("Title"))
            event.notes = v.free_text(notes, "notes", _("Notes"))
            event.goal_id = _goal_for(session, event.participant_id, goal_id)
        else:
            _fill_event(session, event, kind, occurred_on, title, notes, goal_id)
        session.flush()
        _after_event_date_change(ctx, session, event.participant_id, old_date, event.occurred_on)
        ctx.audit(session, "pathway_event", event.id, AuditAction.UPDATE)
        return _event_row(event)


def delete_event(ctx: ServiceContext, event_id: int) -> None:
    with ctx.transaction() as session:
        require_record_access(ctx, session, PathwayEvent, event_id)
        event = get_or_raise(session, PathwayEvent, event_id, _("pathway step"))
        if event.contract_id is not None:
            raise InvalidInput(
                _("This step belongs to a contract and cannot be deleted on its own."),
                field="kind",
            )
        participant_id, old_date = event.participant_id, event.occurred_on
        session.delete(event)
        session.flush()
        _after_event_date_change(ctx, session, participant_id, old_date, None)
        ctx.audit(session, "pathway_event", event_id, AuditAction.DELETE)


def _after_event_date_change(
    ctx: ServiceContext,
    session: Session,
    participant_id: int,
    old_date: dt.date,
    new_date: dt.date | None,
) -> None:
    participant = _participant(session, participant_id)
    if participant.last_contact_on is not None and old_date == participant.last_contact_on:
        _refresh_last_contact(session, participant_id, ctx.today())
    if new_date is not None:
        _contact_from_event(ctx, session, participant_id, new_date)


def _fill_event(
    session: Session,
    event: PathwayEvent,
    kind: EventKind,
    occurred_on: dt.date,
    title: str,
    notes: str,
    goal_id: int | None,
) -> None:
    kind_value = v.enum_value(EventKind, kind, "kind", _("Kind of step"))
    if kind_value in CONTRACT_EVENT_KINDS:
        raise InvalidInput(
            _("Contract steps are written when a contract is recorded or ended."), field="kind"
        )
    event.kind = kind_value.value
    event.occurred_on = v.required_date(occurred_on, "occurred_on", _("Date"))
    event.title = v.optional_line(title, "title", _("Title"))
    event.notes = v.free_text(notes, "notes", _("Notes"))
    event.goal_id = _goal_for(session, event.participant_id, goal_id)


def _goal_for(session: Session, participant_id: int, goal_id: int | None) -> int | None:
    if goal_id is None:
        return None
    goal = get_or_raise(session, Goal, goal_id, _("goal"))
    if goal.participant_id != participant_id:
        raise InvalidInput(_("This goal belongs to someone else."), field="goal_id")
    return goal.id


# -- contracts -------------------------------------------------------------------------
def add_contract(ctx: ServiceContext, participant_id: int, data: ContractInput) -> ContractRow:
    """Record a contract and its "contract signed" step on the start date."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        contract = Contract(participant_id=participant_id, end_reason="")
        _fill_contract(contract, data)
        session.add(contract)
        session.flush()
        session.add(
            PathwayEvent(
                participant_id=participant_id,
                kind=EventKind.CONTRACT_SIGNED.value,
                occurred_on=contract.started_on,
                title="",
                notes="",
                contract_id=contract.id,
            )
        )
        session.flush()
        _contact_from_event(ctx, session, participant_id, contract.started_on)
        ctx.audit(session, "contract", contract.id, AuditAction.CREATE)
        return _contract_row(contract)


def update_contract(ctx: ServiceContext, contract_id: int, data: ContractInput) -> ContractRow:
    """Correct a contract; its "contract signed" step follows the start date."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = get_or_raise(session, Contract, contract_id, _("contract"))
        old_start = contract.started_on
        _fill_contract(contract, data)
        v.date_order(contract.started_on, contract.ended_on, "ended_on", _("End date"))
        for event in _contract_events(session, contract.id, EventKind.CONTRACT_SIGNED):
            event.occurred_on = contract.started_on
        session.flush()
        _after_event_date_change(
            ctx, session, contract.participant_id, old_start, contract.started_on
        )
        ctx.audit(session, "contract", contract.id, AuditAction.UPDATE)
        return _contract_row(contract, _checks_of(session, contract.id))


def delete_contract(ctx: ServiceContext, contract_id: int) -> None:
    """Delete a contract entered by mistake, with its steps and retention checks."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = get_or_raise(session, Contract, contract_id, _("contract"))
        participant_id = contract.participant_id
        dates = [contract.started_on] + ([contract.ended_on] if contract.ended_on else [])
        session.execute(delete(RetentionCheck).where(RetentionCheck.contract_id == contract_id))
        session.execute(delete(PathwayEvent).where(PathwayEvent.contract_id == contract_id))
        session.delete(contract)
        session.flush()
        participant = _participant(session, participant_id)
        if participant.last_contact_on in dates:
            _refresh_last_contact(session, participant_id, ctx.today())
        ctx.audit(session, "contract", contract_id, AuditAction.DELETE)


def end_contract(
    ctx: ServiceContext, contract_id: int, ended_on: dt.date, reason: str = ""
) -> ContractRow:
    """Record the end of a contract and its "contract ended" step (moved if ended again)."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = get_or_raise(session, Contract, contract_id, _("contract"))
        end = v.required_date(ended_on, "ended_on", _("End date"))
        v.date_order(contract.started_on, end, "ended_on", _("End date"))
        old_end = contract.ended_on
        contract.ended_on = end
        contract.end_reason = v.free_text(reason, "reason", _("Reason for the end"))
        events = _contract_events(session, contract.id, EventKind.CONTRACT_ENDED)
        if events:
            for event in events:
                event.occurred_on = end
        else:
            session.add(
                PathwayEvent(
                    participant_id=contract.participant_id,
                    kind=EventKind.CONTRACT_ENDED.value,
                    occurred_on=end,
                    title="",
                    notes="",
                    contract_id=contract.id,
                )
            )
        session.flush()
        if old_end is not None:
            _after_event_date_change(ctx, session, contract.participant_id, old_end, end)
        else:
            _contact_from_event(ctx, session, contract.participant_id, end)
        ctx.audit(session, "contract", contract.id, AuditAction.UPDATE, detail="ended")
        return _contract_row(contract, _checks_of(session, contract.id))


def _fill_contract(contract: Contract, data: ContractInput) -> None:
    contract.contract_type = v.enum_value(
        ContractType, data.contract_type, "contract_type", _("Type of contract")
    ).value
    contract.employer = v.optional_line(data.employer, "employer", _("Employer"), max_length=200)
    contract.job_title = v.optional_line(data.job_title, "job_title", _("Job"), max_length=200)
    contract.hours_per_week = v.hours(data.hours_per_week, "hours_per_week", _("Hours per week"))
    contract.started_on = v.required_date(data.started_on, "started_on", _("Start date"))
    contract.planned_end_on = v.date_in_range(
        data.planned_end_on, "planned_end_on", _("Planned end date")
    )
    v.date_order(
        contract.started_on, contract.planned_end_on, "planned_end_on", _("Planned end date")
    )


def _contract_events(
    session: Session, contract_id: int, kind: EventKind | None = None
) -> list[PathwayEvent]:
    query = select(PathwayEvent).where(PathwayEvent.contract_id == contract_id)
    if kind is not None:
        query = query.where(PathwayEvent.kind == kind.value)
    return list(session.scalars(query))


def _checks_of(session: Session, contract_id: int) -> tuple[RetentionCheckRow, ...]:
    checks = session.scalars(
        select(RetentionCheck)
        .where(RetentionCheck.contract_id == contract_id)
        .order_by(RetentionCheck.months)
    )
    return tuple(_check_row(c) for c in checks)


def _contracts(session: Session, participant_id: int) -> list[ContractRow]:
    contracts = session.scalars(
        select(Contract)
        .where(Contract.participant_id == participant_id)
        .order_by(Contract.started_on, Contract.id)
    ).all()
    checks: dict[int, list[RetentionCheckRow]] = {}
    if contracts:
        for check in session.scalars(
            select(RetentionCheck)
            .where(RetentionCheck.contract_id.in_([c.id for c in contracts]))
            .order_by(RetentionCheck.months)
        ):
            checks.setdefault(check.contract_id, []).append(_check_row(check))
    return [_contract_row(c, tuple(checks.get(c.id, ()))) for c in contracts]


# -- retention -------------------------------------------------------------------------
def record_retention_check(
    ctx: ServiceContext,
    contract_id: int,
    months: int,
    checked_on: dt.date,
    employed: bool,
    notes: str = "",
) -> RetentionCheckRow:
    """Record (or correct) whether the person was still in work ``months`` after the start."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Contract, contract_id)
        contract = get_or_raise(session, Contract, contract_id, _("contract"))
        if months not in RETENTION_MONTHS or isinstance(months, bool):
            raise InvalidInput(
                _("Retention is checked after {choices} months.").format(
                    choices=", ".join(str(m) for m in RETENTION_MONTHS)
                ),
                field="months",
            )
        checked = v.required_date(checked_on, "checked_on", _("Date of the check"))
        v.date_order(contract.started_on, checked, "checked_on", _("Date of the check"))
        cleaned_notes = v.free_text(notes, "notes", _("Notes"))
        check = session.scalars(
            select(RetentionCheck).where(
                RetentionCheck.contract_id == contract_id, RetentionCheck.months == months
            )
        ).one_or_none()
        action = AuditAction.UPDATE
        if check is None:
            check = RetentionCheck(contract_id=contract_id, months=months)
            session.add(check)
            action = AuditAction.CREATE
        check.checked_on = checked
        check.employed = bool(employed)
        check.notes = cleaned_notes
        session.flush()
        ctx.audit(session, "retention_check", check.id, action, detail=f"months={months}")
        return _check_row(check)


def retention_checks_due(
    ctx: ServiceContext, *, on: dt.date, horizon_days: int = 7
) -> list[RetentionDue]:
    """Retention milestones due by ``on + horizon_days`` and not yet checked, for contracts
    that had not ended before the milestone; overdue when the milestone is before ``on``.

    Reads only the columns it needs (no ORM entities): the home page calls it on every
    visit, and a large vault holds tens of thousands of contracts."""
    limit = on + dt.timedelta(days=horizon_days)
    with ctx.transaction() as session:
        session.flush()  # the Core reads below bypass the ORM's autoflush
        done = _checked_milestones(session)
        # Core execution on the session's connection: plain tuples, no ORM row processing.
        # No ``started_on <= limit`` in SQL: nearly every contract started before the limit,
        # and SQLite would then walk the started_on index and fetch each row at random,
        # about twice as slow as scanning the table; the loop below skips later starts.
        rows = (
            session.connection()
            .execute(
                select(
                    Contract.id,
                    Contract.participant_id,
                    Contract.contract_type,
                    Contract.employer,
                    Contract.job_title,
                    Contract.started_on,
                    Contract.ended_on,
                    Participant.first_name,
                    Participant.last_name,
                )
                .join(Participant, Participant.id == Contract.participant_id)
                .where(
                    Contract.contract_type.in_([t.value for t in RETENTION_CONTRACTS]),
                    Participant.anonymised.is_(False),
                )
            )
            .all()
        )
    milestones = sorted(RETENTION_MONTHS)  # ascending, so the loop below may stop early
    # Many contracts share a start date: compute each date's milestones once.
    milestone_dates: dict[dt.date, list[dt.date]] = {}
    contract_types = {t.value: t for t in ContractType}
    due: list[RetentionDue] = []
    for (
        contract_id,
        participant_id,
        contract_type,
        employer,
        job_title,
        started_on,
        ended_on,
        first_name,
        last_name,
    ) in rows:
        if started_on > limit:
            continue
        dates = milestone_dates.get(started_on)
        if dates is None:
            dates = milestone_dates[started_on] = [add_months(started_on, m) for m in milestones]
        name: str | None = None
        for months, due_on in zip(milestones, dates, strict=True):
            if due_on > limit:
                break  # milestones grow with ``months``: the later ones are further still
            if ended_on is not None and ended_on < due_on:
                break  # ended before this milestone, so before every later one too
            if (contract_id, months) in done:
                continue
            if name is None:
                name = " ".join(p for p in (first_name, last_name) if p)
            due.append(
                RetentionDue(
                    participant_id=participant_id,
                    participant_name=name,
                    contract_id=contract_id,
                    contract_type=contract_types.get(contract_type) or ContractType(contract_type),
                    employer=employer,
                    job_title=job_title,
                    months=months,
                    due_on=due_on,
                    overdue=due_on < on,
                )
            )
    due.sort(key=lambda d: (d.due_on, d.participant_name.casefold(), d.contract_id, d.months))
    return due


def _checked_milestones(session: Session) -> set[tuple[int, int]]:
    """``(contract_id, months)`` of every retention check already recorded (read from the
    unique index alone)."""
    rows = session.connection().execute(select(RetentionCheck.contract_id, RetentionCheck.months))
    return {(contract_id, months) for contract_id, months in rows.all()}


# -- timeline --------------------------------------------------------------------------
def timeline(ctx: ServiceContext, participant_id: int) -> list[TimelineItem]:
    """Steps, contract starts and ends, and retention checks, oldest first."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        return _timeline(session, participant_id)


_KIND_ORDER = {kind: index for index, kind in enumerate(EventKind)}


def _timeline(session: Session, participant_id: int) -> list[TimelineItem]:
    contracts = {
        c.id: c
        for c in session.scalars(select(Contract).where(Contract.participant_id == participant_id))
    }
    items: list[TimelineItem] = []
    covered: set[tuple[int, EventKind]] = set()
    for event in session.scalars(
        select(PathwayEvent).where(PathwayEvent.participant_id == participant_id)
    ):
        kind = EventKind(event.kind)
        title = event.title
        contract = contracts.get(event.contract_id) if event.contract_id is not None else None
        if contract is not None:
            covered.add((contract.id, kind))
            title = title or _contract_description(contract)
        items.append(
            TimelineItem(
                on=event.occurred_on,
                kind=kind,
                label=kind.label,
                title=title,
                notes=event.notes,
                event_id=event.id,
                goal_id=event.goal_id,
                contract_id=event.contract_id,
            )
        )
    # Contracts written without their steps (an import, older data) still show.
    for contract in contracts.values():
        ends = [(EventKind.CONTRACT_SIGNED, contract.started_on)]
        if contract.ended_on is not None:
            ends.append((EventKind.CONTRACT_ENDED, contract.ended_on))
        for kind, on in ends:
            if (contract.id, kind) not in covered:
                items.append(
                    TimelineItem(
                        on=on,
                        kind=kind,
                        label=kind.label,
                        title=_contract_description(contract),
                        notes=contract.end_reason if kind is EventKind.CONTRACT_ENDED else "",
                        contract_id=contract.id,
                    )
                )
    if contracts:
        for check in session.scalars(
            select(RetentionCheck).where(RetentionCheck.contract_id.in_(list(contracts)))
        ):
            items.append(
                TimelineItem(
                    on=check.checked_on,
                    kind=None,
                    label=ngettext(
                        "Job retention check after {months} month",
                        "Job retention check after {months} months",
                        check.months,
                    ).format(months=check.months),
                    title=_("Still in work") if check.employed else _("No longer in work"),
                    notes=check.notes,
                    contract_id=check.contract_id,
                    retention_months=check.months,
                    employed=check.employed,
                )
            )
    items.sort(
        key=lambda i: (
            i.on,
            len(_KIND_ORDER) if i.kind is None else _KIND_ORDER[i.kind],
            i.event_id or 0,
            i.contract_id or 0,
            i.retention_months or 0,
        )
    )
    return items


# -- wellbeing plan --------------------------------------------------------------------
def get_wellbeing_plan(ctx: ServiceContext, participant_id: int) -> WellbeingPlanView | None:
    """The private wellbeing plan; every look is written to the audit log."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        plan = session.scalars(
            select(WellbeingPlan).where(WellbeingPlan.participant_id == participant_id)
        ).one_or_none()
        ctx.audit(
            session,
            "wellbeing_plan",
            plan.id if plan else None,
            AuditAction.VIEW,
            detail=f"participant={participant_id}",
        )
        return _plan_view(plan) if plan else None


def save_wellbeing_plan(
    ctx: ServiceContext,
    participant_id: int,
    triggers: str,
    warning_signs: str,
    what_helps: str,
    who_to_call: str,
) -> WellbeingPlanView:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        _participant(session, participant_id)
        values = {
            "triggers": v.free_text(triggers, "triggers", _("What can trigger a crisis")),
            "warning_signs": v.free_text(warning_signs, "warning_signs", _("Warning signs")),
            "what_helps": v.free_text(what_helps, "what_helps", _("What helps")),
            "who_to_call": v.free_text(who_to_call, "who_to_call", _("Who to call")),
        }
        plan = session.scalars(
            select(WellbeingPlan).where(WellbeingPlan.participant_id == participant_id)
        ).one_or_none()
        action = AuditAction.UPDATE
        if plan is None:
            plan = WellbeingPlan(participant_id=participant_id)
            session.add(plan)
            action = AuditAction.CREATE
        for name, value in values.items():
            setattr(plan, name, value)
        plan.updated_on = ctx.today()
        session.flush()
        ctx.audit(
            session, "wellbeing_plan", plan.id, action, detail=f"participant={participant_id}"
        )
        return _plan_view(plan)


def _plan_view(plan: WellbeingPlan) -> WellbeingPlanView:
    return WellbeingPlanView(
        id=plan.id,
        participant_id=plan.participant_id,
        triggers=plan.triggers,
        warning_signs=plan.warning_signs,
        what_helps=plan.what_helps,
        who_to_call=plan.who_to_call,
        updated_on=plan.updated_on,
    )
