"""A participant's pathway towards work: aspirations and skills, goals, dated steps and
the timeline that gathers steps, contracts and retention checks.

Each public function is one user action in one transaction, with its audit line. Steps
keep ``participant.last_contact_on`` up to date through ``services.last_contact``;
contracts, retention checks and the wellbeing plan have their own modules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain import validation as v
from pairdesk.domain.enums import (
    AuditAction,
    EventKind,
    GoalStatus,
)
from pairdesk.domain.text import full_name
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, ngettext
from pairdesk.services.access import (
    load_participant,
    require_participant_access,
    require_record_access,
)
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.contracts import ContractRow, contract_description, contract_rows
from pairdesk.services.last_contact import after_contact_date_change, record_contact
from pairdesk.services.records import (
    participant_record,
    read_object,
    require_version,
    saved,
    stored_to_edit,
)
from pairdesk.store.models import (
    Contract,
    Goal,
    Participant,
    Pathway,
    PathwayEvent,
    RetentionCheck,
)

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
    #: the ``edit_version`` the form read (``PathwayView.edit_version``, 0 when the pathway
    #: was never saved); None: a save that is not checked
    edit_version: int | None = None


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
    edit_version: int = 1  # what ``update_goal`` gets back (read objects: the stored one)


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
    edit_version: int


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
    #: 0 while the pathway was never saved (its row is created by the first save)
    edit_version: int = 0


def display_name(participant: Participant) -> str:
    return full_name(participant.first_name, participant.last_name)


def _goal_row(goal: Goal) -> GoalRow:
    return read_object(GoalRow, goal, status=GoalStatus(goal.status))


def _event_row(event: PathwayEvent) -> EventRow:
    return read_object(EventRow, event, kind=EventKind(event.kind))


# -- pathway ---------------------------------------------------------------------------
def get_pathway(ctx: ServiceContext, participant_id: int) -> PathwayView:
    """The pathway with its goals, timeline and contracts (empty if never filled in)."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        load_participant(session, participant_id)
        return _pathway_view(session, participant_id)


def update_pathway(ctx: ServiceContext, participant_id: int, data: PathwayInput) -> PathwayView:
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        load_participant(session, participant_id)
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
        pathway, action = participant_record(session, Pathway, participant_id)
        if action is AuditAction.UPDATE:
            require_version(pathway, data, _("this pathway"))
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
        contracts=tuple(contract_rows(session, participant_id)),
        edit_version=pathway.edit_version if pathway else 0,
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
        load_participant(session, participant_id)
        goal = Goal(participant_id=participant_id, status=GoalStatus.OPEN.value)
        _fill_goal(goal, title, details, target_on, opened_on or ctx.today())
        saved(ctx, session, "goal", goal)
        return _goal_row(goal)


def update_goal(
    ctx: ServiceContext,
    goal_id: int,
    title: str,
    details: str = "",
    target_on: dt.date | None = None,
    opened_on: dt.date | None = None,
    *,
    edit_version: int | None = None,
) -> GoalRow:
    """Change a goal's text and dates; ``opened_on=None`` keeps the opening date.
    ``edit_version``: the goal's, as the form read it (``EditConflict`` if changed)."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, Goal, goal_id)
        mine: dict[str, object] = {"title": title, "details": details, "target_on": target_on}
        if opened_on is not None:
            mine["opened_on"] = opened_on
        goal = stored_to_edit(
            session,
            Goal,
            goal_id,
            _("goal"),
            {**mine, "edit_version": edit_version},
            _("this goal"),
        )
        _fill_goal(goal, title, details, target_on, opened_on or goal.opened_on)
        if goal.closed_on is not None:
            _not_before_opening(goal.opened_on, goal.closed_on, "closed_on", _("Closing date"))
        saved(ctx, session, "goal", goal, AuditAction.UPDATE)
        return _goal_row(goal)


def _fill_goal(
    goal: Goal, title: str, details: str, target_on: dt.date | None, opened_on: dt.date
) -> None:
    goal.title = v.required_line(title, "title", _("Goal"))
    goal.details = v.free_text(details, "details", _("Details"))
    goal.opened_on = v.required_date(opened_on, "opened_on", _("Opening date"))
    goal.target_on = v.date_in_range(target_on, "target_on", _("Target date"))
    _not_before_opening(goal.opened_on, goal.target_on, "target_on", _("Target date"))


def _not_before_opening(opened_on: dt.date, day: dt.date | None, field: str, label: str) -> None:
    """A goal's date on or after its opening, refused in the form's words (« Ouvert le »:
    « la date d'ouverture de l'objectif », not "the start date")."""
    v.date_order(opened_on, day, field, label, start_label=_("the day the goal was opened"))


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
            _not_before_opening(goal.opened_on, closed_on, "closed_on", _("Closing date"))
            goal.closed_on = closed_on
        goal.status = new_status.value
        session.flush()  # the goal returned carries the edit_version now stored
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
        load_participant(session, participant_id)
        event = PathwayEvent(participant_id=participant_id)
        _fill_event(session, event, kind, occurred_on, title, notes, goal_id)
        session.add(event)
        session.flush()
        record_contact(ctx, session, participant_id, event.occurred_on)
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
    *,
    edit_version: int | None = None,
) -> EventRow:
    """Change a step. Steps written for a contract keep their kind and date (change the
    contract instead); their title, notes and goal can be edited. ``edit_version``: the
    step's, as the form read it (``EditConflict`` if changed)."""
    with ctx.transaction() as session:
        require_record_access(ctx, session, PathwayEvent, event_id)
        mine = {
            "kind": kind,
            "occurred_on": occurred_on,
            "title": title,
            "notes": notes,
            "goal_id": goal_id,
            "edit_version": edit_version,
        }
        event = stored_to_edit(
            session, PathwayEvent, event_id, _("pathway step"), mine, _("this step")
        )
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
        after_contact_date_change(ctx, session, event.participant_id, old_date, event.occurred_on)
        saved(ctx, session, "pathway_event", event, AuditAction.UPDATE)
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
        after_contact_date_change(ctx, session, participant_id, old_date, None)
        ctx.audit(session, "pathway_event", event_id, AuditAction.DELETE)


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


# -- timeline --------------------------------------------------------------------------
def timeline(ctx: ServiceContext, participant_id: int) -> list[TimelineItem]:
    """Steps, contract starts and ends, and retention checks, oldest first."""
    with ctx.transaction() as session:
        require_participant_access(ctx, session, participant_id)
        load_participant(session, participant_id)
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
            title = title or contract_description(contract)
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
                        title=contract_description(contract),
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
