"""Roles checked by the services themselves, through real calls, for each role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from pairdesk.domain.enums import (
    Attendance,
    ContractType,
    EventKind,
    Role,
    WorkshopKind,
)
from pairdesk.errors import PermissionDenied
from pairdesk.services import (
    attendance,
    audit,
    coaching,
    contracts,
    cvs,
    documents,
    offer_shares,
    offers,
    participants,
    pathways,
    privacy,
    referents,
    supervision,
    team,
    tutoring,
    wellbeing,
    workshops,
)
from pairdesk.services.context import Operator, ServiceContext
from tests.factories import acting_as

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

TODAY = dt.date(2026, 11, 25)


@dataclass
class World:
    ctx: ServiceContext
    ops: dict[Role, Operator]
    tutored: int
    other: int
    workshop: int
    offer: int
    goal_tutored: int
    goal_other: int


@pytest.fixture
def world(ctx: ServiceContext) -> World:
    ops = {
        Role.COORDINATOR: acting_as(ctx, "Colette", Role.COORDINATOR, "Essai").operator,
        Role.FACILITATOR: acting_as(ctx, "Fabien", Role.FACILITATOR, "Essai").operator,
        Role.PEER_HELPER: acting_as(ctx, "Pascale", Role.PEER_HELPER, "Essai").operator,
        Role.VOLUNTEER: acting_as(ctx, "Victor", Role.VOLUNTEER, "Essai").operator,
    }
    tutored = participants.create_participant(
        ctx, participants.ParticipantInput("Aline", "Tutorée", membership_start=TODAY)
    ).id
    other = participants.create_participant(
        ctx, participants.ParticipantInput("Bruno", "Autre", membership_start=TODAY)
    ).id
    assert ops[Role.PEER_HELPER].id is not None
    tutoring.set_tutoring(ctx, tutored, ops[Role.PEER_HELPER].id, started_on=TODAY)
    workshop = workshops.create_workshop(
        ctx,
        workshops.WorkshopInput(WorkshopKind.CV, "Atelier CV", TODAY, dt.time(14), dt.time(16)),
    ).id
    offer = offers.create_offer(ctx, offers.OfferInput("Agent d'accueil")).id
    goal_tutored = pathways.add_goal(ctx, tutored, "Trouver un stage").id
    goal_other = pathways.add_goal(ctx, other, "Passer le permis").id
    return World(ctx, ops, tutored, other, workshop, offer, goal_tutored, goal_other)


def as_role(w: World, role: Role) -> ServiceContext:
    return w.ctx.with_operator(w.ops[role])


Action = Callable[[ServiceContext, World], Any]

ACTIONS: dict[str, Action] = {
    "create workshop": lambda c, w: workshops.create_workshop(
        c, workshops.WorkshopInput(WorkshopKind.OTHER, "Café", TODAY, dt.time(9), dt.time(10))
    ),
    "register": lambda c, w: workshops.register(c, w.workshop, w.other),
    "mark attendance": lambda c, w: (
        workshops.register(w.ctx, w.workshop, w.tutored),
        attendance.mark_attendance(c, w.workshop, w.tutored, Attendance.PRESENT),
    ),
    "attendance sheet": lambda c, w: documents.attendance_sheet_data(c, w.workshop),
    "save CV (anyone)": lambda c, w: cvs.save_cv_version(
        c, w.other, cvs.CvInput(headline="Accueil")
    ),
    "mock interview": lambda c, w: coaching.record_mock_interview(
        c, coaching.MockInterviewInput(participant_id=w.other, held_on=TODAY)
    ),
    "create offer": lambda c, w: offers.create_offer(c, offers.OfferInput("Magasinier")),
    "share offer": lambda c, w: offer_shares.share_offer(c, w.offer, w.other),
    "supervision": lambda c, w: supervision.record_session(c, TODAY, "Équipe", "Écoute", ""),
    "read tutored file": lambda c, w: participants.get_participant(c, w.tutored),
    "edit tutored pathway": lambda c, w: pathways.update_goal(
        c, w.goal_tutored, "Trouver un stage en mairie"
    ),
    "read other file": lambda c, w: participants.get_participant(c, w.other),
    "edit other goal": lambda c, w: pathways.update_goal(c, w.goal_other, "Permis B"),
    "other wellbeing plan": lambda c, w: wellbeing.get_wellbeing_plan(c, w.other),
    "other contract": lambda c, w: contracts.add_contract(
        c,
        w.other,
        contracts.ContractInput(
            hours_per_week=24.0, contract_type=ContractType.CDI, started_on=TODAY
        ),
    ),
    "other event": lambda c, w: pathways.add_event(c, w.other, EventKind.MEETING, TODAY),
    "create participant": lambda c, w: participants.create_participant(
        c, participants.ParticipantInput("Chloé", "Nouvelle")
    ),
    "choose tutor": lambda c, w: tutoring.set_tutoring(
        c, w.other, w.ops[Role.PEER_HELPER].id or 0, started_on=TODAY
    ),
    "print summary": lambda c, w: documents.pathway_summary_data(c, w.tutored),
    "export whole file": lambda c, w: privacy.export_participant(c, w.tutored),
    "create referent": lambda c, w: referents.create_referent(
        c, referents.ReferentInput("Mme Durand")
    ),
    "anonymise": lambda c, w: privacy.anonymise_participant(
        c, w.other, confirm=privacy.participant_reference(w.other)
    ),
    "delete": lambda c, w: privacy.delete_participant(
        c, w.other, confirm=privacy.participant_reference(w.other)
    ),
    "retention review": lambda c, w: privacy.retention_review(c),
    "team": lambda c, w: team.create_member(
        c, team.TeamMemberInput("Zoé", "Nouvelle", Role.VOLUNTEER)
    ),
    "vault settings": lambda c, w: team.set_setting(c, privacy.RETENTION_SETTING, "5"),
    "audit trail": lambda c, w: audit.list_audit(c),
}

ALL = set(ACTIONS)
COORDINATOR_ONLY = {
    "anonymise",
    "delete",
    "retention review",
    "team",
    "vault settings",
    "audit trail",
}
WORKSHOP_WORK = {"create workshop", "register", "mark attendance", "attendance sheet"}
PEER_WORK = WORKSHOP_WORK | {
    "save CV (anyone)",
    "mock interview",
    "create offer",
    "share offer",
    "supervision",
    "read tutored file",
    "edit tutored pathway",
}

ALLOWED: dict[Role, set[str]] = {
    Role.COORDINATOR: ALL,
    Role.FACILITATOR: ALL - COORDINATOR_ONLY,
    Role.PEER_HELPER: PEER_WORK,
    Role.VOLUNTEER: WORKSHOP_WORK,
}


@pytest.mark.parametrize("role", list(Role))
def test_role_matrix_through_real_service_calls(world: World, role: Role) -> None:
    ctx = as_role(world, role)
    refused: set[str] = set()
    for name, action in ACTIONS.items():
        try:
            action(ctx, world)
        except PermissionDenied as exc:
            assert exc.message, name
            refused.add(name)
    assert ALL - refused == ALLOWED[role]


def test_refusal_changes_nothing_and_names_the_role(world: World) -> None:
    volunteer = as_role(world, Role.VOLUNTEER)
    before = participants.get_participant(world.ctx, world.other)
    with pytest.raises(PermissionDenied) as caught:
        participants.update_participant(
            volunteer, world.other, participants.ParticipantInput("Hacké", "Hacké")
        )
    assert "Bénévole" in caught.value.message
    assert participants.get_participant(world.ctx, world.other) == before


def test_peer_helper_loses_access_when_tutoring_ends(world: World) -> None:
    peer = as_role(world, Role.PEER_HELPER)
    assert participants.get_participant(peer, world.tutored).id == world.tutored
    tutoring.end_tutoring(world.ctx, world.tutored, on=TODAY)
    with pytest.raises(PermissionDenied):
        participants.get_participant(peer, world.tutored)


def test_system_operator_keeps_full_rights(world: World) -> None:
    system = world.ctx  # the conftest coordinator has no id, like the CLI's SYSTEM
    assert system.operator.id is None
    assert privacy.retention_review(system) == []
    assert audit.count_audit(system) > 0
