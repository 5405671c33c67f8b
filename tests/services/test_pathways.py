from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from pairdesk.domain.enums import AuditAction, ContractType, EventKind, GoalStatus
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.services import contracts, pathways, retention, wellbeing
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput
from pairdesk.services.last_contact import touch_last_contact
from pairdesk.services.pathways import PathwayInput
from pairdesk.store.models import (
    AuditEntry,
    Contract,
    Participant,
    Pathway,
    PathwayEvent,
    RetentionCheck,
)
from tests.factories import insert_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py): contracts, steps

D = dt.date
TODAY = D(2026, 11, 25)  # the ctx fixture acts on this day


def last_contact(ctx: ServiceContext, participant_id: int) -> dt.date | None:
    with ctx.transaction() as session:
        participant = session.get(Participant, participant_id)
        assert participant is not None
        return participant.last_contact_on


def audit_lines(ctx: ServiceContext, entity: str) -> list[tuple[int | None, str, str]]:
    with ctx.transaction() as session:
        return [
            (a.entity_id, a.action, a.detail)
            for a in session.scalars(
                select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
            )
        ]


def count(ctx: ServiceContext, model: type) -> int:
    with ctx.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def contract(
    ctx: ServiceContext, pid: int, started_on: dt.date, **extra: object
) -> contracts.ContractRow:
    values: dict[str, object] = {
        "contract_type": ContractType.CDD,
        "employer": "Boulangerie du Canal",
        "job_title": "Vendeur",
        "hours_per_week": 24.0,
        "started_on": started_on,
    }
    values.update(extra)
    return contracts.add_contract(ctx, pid, ContractInput(**values))  # type: ignore[arg-type]


# -- pathway -----------------------------------------------------------------------------
def test_pathway_is_empty_until_filled_and_created_lazily(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    view = pathways.get_pathway(ctx, pid)
    assert view.aspirations == "" and view.preferred_hours_per_week is None
    assert view.goals == () and view.contracts == () and view.timeline == ()
    assert count(ctx, Pathway) == 0

    created = pathways.update_pathway(
        ctx,
        pid,
        PathwayInput(
            aspirations="Travailler en espace vert\r\n",
            skills="Jardinage",
            lived_experience_skills="Écoute",
            preferred_hours_per_week=20,
            preferred_places="  Lyon   7e ",
        ),
    )
    assert created.aspirations == "Travailler en espace vert"
    assert created.preferred_hours_per_week == 20.0
    assert created.preferred_places == "Lyon 7e"

    pathways.update_pathway(ctx, pid, PathwayInput(aspirations="Menuiserie"))
    again = pathways.get_pathway(ctx, pid)
    assert again.aspirations == "Menuiserie" and again.skills == ""
    assert count(ctx, Pathway) == 1
    assert [line[1] for line in audit_lines(ctx, "pathway")] == [
        AuditAction.CREATE.value,
        AuditAction.UPDATE.value,
    ]


@pytest.mark.parametrize("hours", [0, -3, 61, float("nan")])
def test_pathway_rejects_preferred_hours_out_of_range(ctx: ServiceContext, hours: float) -> None:
    pid = insert_participant(ctx)
    with pytest.raises(InvalidInput) as err:
        pathways.update_pathway(ctx, pid, PathwayInput(preferred_hours_per_week=hours))
    assert err.value.field == "preferred_hours_per_week"
    assert count(ctx, Pathway) == 0


def test_unknown_participant_is_reported(ctx: ServiceContext) -> None:
    with pytest.raises(UnknownId):
        pathways.get_pathway(ctx, 999)
    with pytest.raises(UnknownId):
        pathways.add_goal(ctx, 999, "Un objectif")


# -- goals -------------------------------------------------------------------------------
def test_goal_opens_today_and_closes_and_reopens(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    goal = pathways.add_goal(ctx, pid, "  Passer le permis B ", target_on=D(2027, 6, 1))
    assert goal.title == "Passer le permis B"
    assert goal.opened_on == TODAY and goal.status is GoalStatus.OPEN and goal.closed_on is None

    reached = pathways.set_goal_status(ctx, goal.id, GoalStatus.REACHED, on=D(2026, 12, 10))
    assert reached.status is GoalStatus.REACHED and reached.closed_on == D(2026, 12, 10)

    reopened = pathways.set_goal_status(ctx, goal.id, GoalStatus.OPEN)
    assert reopened.status is GoalStatus.OPEN and reopened.closed_on is None

    abandoned = pathways.set_goal_status(ctx, goal.id, GoalStatus.ABANDONED)
    assert abandoned.closed_on == TODAY

    assert [g.status for g in pathways.get_pathway(ctx, pid).goals] == [GoalStatus.ABANDONED]
    lines = audit_lines(ctx, "goal")
    assert [line[1] for line in lines] == ["create", "update", "update", "update"]
    assert lines[-1][2] == "status=abandoned"


def test_goal_validation(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    with pytest.raises(InvalidInput) as err:
        pathways.add_goal(ctx, pid, "   ")
    assert err.value.field == "title"
    with pytest.raises(InvalidInput) as err:
        pathways.add_goal(ctx, pid, "Objectif", opened_on=D(2026, 5, 1), target_on=D(2026, 4, 1))
    assert err.value.field == "target_on"
    # named as the form names it (« Ouvert le »), not "the start date"
    assert "ouverture de l'objectif" in err.value.message

    goal = pathways.add_goal(ctx, pid, "Objectif", opened_on=D(2026, 5, 1))
    with pytest.raises(InvalidInput) as err:
        pathways.set_goal_status(ctx, goal.id, GoalStatus.REACHED, on=D(2026, 4, 30))
    assert err.value.field == "closed_on"
    with pytest.raises(UnknownId):
        pathways.set_goal_status(ctx, 4242, GoalStatus.REACHED)


def test_update_goal_keeps_opening_date_unless_given(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    goal = pathways.add_goal(ctx, pid, "Objectif", opened_on=D(2026, 3, 2))
    updated = pathways.update_goal(ctx, goal.id, "Trouver un stage", details="En cuisine")
    assert (updated.title, updated.details, updated.opened_on) == (
        "Trouver un stage",
        "En cuisine",
        D(2026, 3, 2),
    )
    moved = pathways.update_goal(ctx, goal.id, "Trouver un stage", opened_on=D(2026, 2, 1))
    assert moved.opened_on == D(2026, 2, 1)


# -- events and last contact -------------------------------------------------------------
def test_events_keep_last_contact_at_the_latest_past_date(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    october = pathways.add_event(ctx, pid, EventKind.MEETING, D(2026, 10, 1), title="Point")
    assert last_contact(ctx, pid) == D(2026, 10, 1)
    september = pathways.add_event(ctx, pid, EventKind.WORKSHOP, D(2026, 9, 1))
    assert last_contact(ctx, pid) == D(2026, 10, 1)
    pathways.add_event(ctx, pid, EventKind.INTERVIEW, D(2026, 12, 15))  # planned, not yet
    assert last_contact(ctx, pid) == D(2026, 10, 1)

    pathways.update_event(ctx, september.id, EventKind.WORKSHOP, D(2026, 11, 2))
    assert last_contact(ctx, pid) == D(2026, 11, 2)

    pathways.delete_event(ctx, september.id)
    assert last_contact(ctx, pid) == D(2026, 10, 1)

    pathways.update_event(ctx, october.id, EventKind.MEETING, D(2026, 8, 20), notes="Décalé")
    assert last_contact(ctx, pid) == D(2026, 8, 20)

    pathways.delete_event(ctx, october.id)
    assert last_contact(ctx, pid) is None
    assert [line[1] for line in audit_lines(ctx, "pathway_event")] == [
        "create",
        "create",
        "create",
        "update",
        "delete",
        "update",
        "delete",
    ]


def test_touch_last_contact_never_moves_backwards(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    with ctx.transaction() as session:
        touch_last_contact(session, pid, D(2026, 6, 1))
        touch_last_contact(session, pid, D(2026, 5, 1))
    assert last_contact(ctx, pid) == D(2026, 6, 1)
    with ctx.transaction() as session:
        touch_last_contact(session, pid, D(2026, 6, 2))
    assert last_contact(ctx, pid) == D(2026, 6, 2)


def test_event_validation(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    other = insert_participant(ctx, "Noé", "Arnaud")
    others_goal = pathways.add_goal(ctx, other, "Objectif de Noé")
    with pytest.raises(InvalidInput) as err:
        pathways.add_event(ctx, pid, EventKind.MEETING, D(2026, 10, 1), goal_id=others_goal.id)
    assert err.value.field == "goal_id"
    with pytest.raises(InvalidInput) as err:
        pathways.add_event(ctx, pid, EventKind.CONTRACT_SIGNED, D(2026, 10, 1))
    assert err.value.field == "kind"
    with pytest.raises(InvalidInput) as err:
        pathways.add_event(ctx, pid, "party", D(2026, 10, 1))  # type: ignore[arg-type]
    assert err.value.field == "kind"
    with pytest.raises(InvalidInput) as err:
        pathways.add_event(ctx, pid, EventKind.MEETING, D(1850, 1, 1))
    assert err.value.field == "occurred_on"
    assert count(ctx, PathwayEvent) == 0
    assert last_contact(ctx, pid) is None

    own_goal = pathways.add_goal(ctx, pid, "Objectif")
    event = pathways.add_event(ctx, pid, "immersion", D(2026, 10, 1), goal_id=own_goal.id)  # type: ignore[arg-type]
    assert event.kind is EventKind.IMMERSION and event.goal_id == own_goal.id


# -- contracts ---------------------------------------------------------------------------
def test_contract_writes_signed_and_ended_steps(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    row = contract(ctx, pid, D(2026, 3, 2), planned_end_on=D(2026, 9, 1))
    assert row.contract_type is ContractType.CDD and row.ended_on is None
    assert last_contact(ctx, pid) == D(2026, 3, 2)

    ended = contracts.end_contract(ctx, row.id, D(2026, 8, 14), reason="Fin anticipée")
    assert ended.ended_on == D(2026, 8, 14) and ended.end_reason == "Fin anticipée"
    assert last_contact(ctx, pid) == D(2026, 8, 14)

    # Ending again corrects the date instead of adding a second step.
    contracts.end_contract(ctx, row.id, D(2026, 8, 31))
    with ctx.transaction() as session:
        steps = session.execute(
            select(PathwayEvent.kind, PathwayEvent.occurred_on, PathwayEvent.contract_id).order_by(
                PathwayEvent.occurred_on
            )
        ).all()
    assert [tuple(s) for s in steps] == [
        ("contract_signed", D(2026, 3, 2), row.id),
        ("contract_ended", D(2026, 8, 31), row.id),
    ]
    assert last_contact(ctx, pid) == D(2026, 8, 31)
    assert [line[1] for line in audit_lines(ctx, "contract")] == ["create", "update", "update"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"planned_end_on": D(2026, 3, 1)}, "planned_end_on"),
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 60.5}, "hours_per_week"),
        ({"contract_type": "freelance"}, "contract_type"),
        ({"employer": "x" * 201}, "employer"),
    ],
)
def test_contract_validation(ctx: ServiceContext, extra: dict[str, object], field: str) -> None:
    pid = insert_participant(ctx)
    with pytest.raises(InvalidInput) as err:
        contract(ctx, pid, D(2026, 3, 2), **extra)
    assert err.value.field == field
    assert count(ctx, Contract) == 0 and count(ctx, PathwayEvent) == 0
    assert audit_lines(ctx, "contract") == []


def test_contract_end_cannot_precede_start(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    row = contract(ctx, pid, D(2026, 3, 2), hours_per_week=60)
    with pytest.raises(InvalidInput) as err:
        contracts.end_contract(ctx, row.id, D(2026, 3, 1))
    assert err.value.field == "ended_on"
    same_day = contracts.end_contract(ctx, row.id, D(2026, 3, 2))
    assert same_day.ended_on == D(2026, 3, 2)


def test_contract_steps_follow_the_contract(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    row = contract(ctx, pid, D(2026, 3, 2))
    signed = pathways.timeline(ctx, pid)[0]
    assert signed.event_id is not None
    with pytest.raises(InvalidInput):
        pathways.update_event(ctx, signed.event_id, EventKind.CONTRACT_SIGNED, D(2026, 3, 5))
    with pytest.raises(InvalidInput):
        pathways.delete_event(ctx, signed.event_id)
    edited = pathways.update_event(
        ctx, signed.event_id, EventKind.CONTRACT_SIGNED, D(2026, 3, 2), notes="Signé en agence"
    )
    assert edited.notes == "Signé en agence"

    contracts.update_contract(
        ctx,
        row.id,
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDI,
            employer="Mairie",
            started_on=D(2026, 2, 16),
        ),
    )
    item = pathways.timeline(ctx, pid)[0]
    assert (item.on, item.kind, item.notes) == (
        D(2026, 2, 16),
        EventKind.CONTRACT_SIGNED,
        "Signé en agence",
    )
    assert last_contact(ctx, pid) == D(2026, 2, 16)

    retention.record_retention_check(ctx, row.id, 1, D(2026, 3, 20), True)
    contracts.delete_contract(ctx, row.id)
    assert count(ctx, Contract) == 0
    assert count(ctx, PathwayEvent) == 0
    assert count(ctx, RetentionCheck) == 0
    assert last_contact(ctx, pid) is None


# -- retention ---------------------------------------------------------------------------
def test_retention_check_is_upserted_per_milestone(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    row = contract(ctx, pid, D(2026, 1, 5))
    first = retention.record_retention_check(
        ctx, row.id, 3, D(2026, 4, 6), True, notes="Tout va bien"
    )
    second = retention.record_retention_check(ctx, row.id, 3, D(2026, 4, 8), False)
    assert second.id == first.id and second.employed is False and second.notes == ""
    assert count(ctx, RetentionCheck) == 1
    assert audit_lines(ctx, "retention_check") == [
        (first.id, "create", "months=3"),
        (first.id, "update", "months=3"),
    ]
    checks = pathways.get_pathway(ctx, pid).contracts[0].retention_checks
    assert [(c.months, c.checked_on, c.employed) for c in checks] == [(3, D(2026, 4, 8), False)]


@pytest.mark.parametrize(
    ("months", "checked_on", "field"),
    [
        (2, D(2026, 3, 5), "months"),
        (24, D(2026, 3, 5), "months"),
        (1, D(2026, 1, 4), "checked_on"),
    ],
)
def test_retention_check_validation(
    ctx: ServiceContext, months: int, checked_on: dt.date, field: str
) -> None:
    pid = insert_participant(ctx)
    row = contract(ctx, pid, D(2026, 1, 5))
    with pytest.raises(InvalidInput) as err:
        retention.record_retention_check(ctx, row.id, months, checked_on, True)
    assert err.value.field == field
    assert count(ctx, RetentionCheck) == 0


def test_retention_checks_due(ctx: ServiceContext) -> None:
    # Today is 2026-11-25; with a 7-day horizon, milestones up to 2026-12-02 are listed.
    ana = insert_participant(ctx, "Ana", "Perrin")
    bob = insert_participant(ctx, "Bastien", "Roux")
    gone = insert_participant(ctx, "Xavier", "Anonyme", anonymised=True)

    # 31 May + 1/3/6 months = 30 June, 31 August, 30 November (month ends clamp).
    a = contract(ctx, ana, D(2026, 5, 31))
    retention.record_retention_check(ctx, a.id, 1, D(2026, 7, 1), True)
    # Started 15 Jan, ended 20 June: before its 6-month milestone (15 July).
    b = contract(ctx, bob, D(2026, 1, 15), contract_type=ContractType.INTERIM)
    contracts.end_contract(ctx, b.id, D(2026, 6, 20))
    # ESAT counts; ended exactly on its 1-month milestone: still in work that day.
    c = contract(ctx, bob, D(2026, 10, 31), contract_type=ContractType.ESAT)
    contracts.end_contract(ctx, c.id, D(2026, 11, 30))
    # Milestone 2 Dec is inside the horizon, 3 Dec is not.
    d = contract(ctx, ana, D(2026, 11, 2), contract_type=ContractType.CDI)
    contract(ctx, ana, D(2026, 11, 3), contract_type=ContractType.CDI)
    contract(ctx, gone, D(2026, 5, 1))

    due = retention.retention_checks_due(ctx, on=TODAY)
    assert [(r.contract_id, r.months, r.due_on, r.overdue) for r in due] == [
        (b.id, 1, D(2026, 2, 15), True),
        (b.id, 3, D(2026, 4, 15), True),
        (a.id, 3, D(2026, 8, 31), True),
        (a.id, 6, D(2026, 11, 30), False),
        (c.id, 1, D(2026, 11, 30), False),
        (d.id, 1, D(2026, 12, 2), False),
    ]
    assert due[0].participant_id == bob and due[0].participant_name == "Bastien Roux"
    assert due[0].contract_type is ContractType.INTERIM
    assert due[3].participant_name == "Ana Perrin"

    # No horizon: only what falls due by today.
    assert [
        (r.contract_id, r.months)
        for r in retention.retention_checks_due(ctx, on=TODAY, horizon_days=0)
    ] == [
        (b.id, 1),
        (b.id, 3),
        (a.id, 3),
    ]


def test_retention_milestone_after_31_january(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    row = contract(ctx, pid, D(2027, 1, 31))
    due = retention.retention_checks_due(ctx, on=D(2027, 2, 27), horizon_days=1)
    assert [(r.contract_id, r.months, r.due_on, r.overdue) for r in due] == [
        (row.id, 1, D(2027, 2, 28), False)
    ]
    leap = retention.retention_checks_due(ctx, on=D(2028, 2, 29), horizon_days=0)
    assert (row.id, 12, D(2028, 1, 31)) in [(r.contract_id, r.months, r.due_on) for r in leap]


# -- timeline ----------------------------------------------------------------------------
def test_timeline_merges_steps_contracts_and_checks(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    goal = pathways.add_goal(ctx, pid, "Trouver un emploi", opened_on=D(2026, 1, 2))
    pathways.add_event(
        ctx, pid, EventKind.APPLICATION, D(2026, 2, 10), title="Candidature", goal_id=goal.id
    )
    row = contract(ctx, pid, D(2026, 3, 2))
    pathways.add_event(ctx, pid, EventKind.MEETING, D(2026, 1, 20), title="Premier rendez-vous")
    retention.record_retention_check(ctx, row.id, 1, D(2026, 4, 3), True, notes="Bonne intégration")
    contracts.end_contract(ctx, row.id, D(2026, 6, 30))
    # A contract written without its steps (as an import might) still shows.
    with ctx.transaction() as session:
        session.add(
            Contract(
                participant_id=pid,
                contract_type=ContractType.CDI.value,
                employer="Atelier Bois",
                job_title="",
                started_on=D(2026, 9, 1),
            )
        )

    items = pathways.timeline(ctx, pid)
    assert [(i.on, i.kind) for i in items] == [
        (D(2026, 1, 20), EventKind.MEETING),
        (D(2026, 2, 10), EventKind.APPLICATION),
        (D(2026, 3, 2), EventKind.CONTRACT_SIGNED),
        (D(2026, 4, 3), None),
        (D(2026, 6, 30), EventKind.CONTRACT_ENDED),
        (D(2026, 9, 1), EventKind.CONTRACT_SIGNED),
    ]
    assert items[1].goal_id == goal.id
    assert items[2].contract_id == row.id and "Vendeur" in items[2].title
    assert items[3].retention_months == 1 and items[3].employed is True
    assert items[3].notes == "Bonne intégration"
    assert items[5].title == "Atelier Bois" and items[5].event_id is None
    assert all(i.label for i in items)

    view = pathways.get_pathway(ctx, pid)
    assert view.timeline == tuple(items)
    assert [c.started_on for c in view.contracts] == [D(2026, 3, 2), D(2026, 9, 1)]
    assert [g.title for g in view.goals] == ["Trouver un emploi"]


# -- wellbeing plan ----------------------------------------------------------------------
def test_wellbeing_plan_views_are_audited(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    assert wellbeing.get_wellbeing_plan(ctx, pid) is None
    saved = wellbeing.save_wellbeing_plan(
        ctx,
        pid,
        triggers="Les transports bondés",
        warning_signs="Je dors mal",
        what_helps="Marcher",
        who_to_call="Ma sœur",
    )
    assert saved.updated_on == TODAY
    shown = wellbeing.get_wellbeing_plan(ctx, pid)
    assert shown == saved
    wellbeing.get_wellbeing_plan(ctx, pid)

    updated = wellbeing.save_wellbeing_plan(ctx, pid, "", "Je m'isole", "", "")
    assert (
        updated.id == saved.id and updated.triggers == "" and updated.warning_signs == "Je m'isole"
    )

    lines = audit_lines(ctx, "wellbeing_plan")
    assert [(entity_id, action) for entity_id, action, _detail in lines] == [
        (None, "view"),
        (saved.id, "create"),
        (saved.id, "view"),
        (saved.id, "view"),
        (saved.id, "update"),
    ]
    assert all(detail == f"participant={pid}" for _id, _action, detail in lines)
    with pytest.raises(UnknownId):
        wellbeing.get_wellbeing_plan(ctx, 999)
