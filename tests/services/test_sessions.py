"""Signing in after unlock: PIN check, LOGIN audit line, first coordinator of an empty vault."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pairdesk.domain.enums import AuditAction, Role
from pairdesk.errors import InvalidInput, UnknownId, UserError
from pairdesk.services import sessions, team
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.team import TeamMemberInput
from pairdesk.store.models import AuditEntry

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)


def logins(ctx: ServiceContext) -> list[tuple[int | None, int | None, str]]:
    with ctx.transaction() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == AuditAction.LOGIN.value)
            .order_by(AuditEntry.id)
        )
        return [(a.operator_id, a.entity_id, a.operator_name) for a in rows]


def add(ctx: ServiceContext, first: str, last: str, role: Role) -> team.TeamMemberRow:
    return team.create_member(ctx, TeamMemberInput(first_name=first, last_name=last, role=role))


def test_sign_in_without_pin_records_login(ctx: ServiceContext) -> None:
    nadia = add(ctx, "Nadia", "Fictive", Role.PEER_HELPER)
    operator = sessions.sign_in(ctx, nadia.id, None)
    assert (operator.id, operator.name, operator.role) == (
        nadia.id,
        "Nadia Fictive",
        Role.PEER_HELPER,
    )
    assert logins(ctx) == [(nadia.id, nadia.id, "Nadia Fictive")]


def test_wrong_pin_refused_and_not_logged(ctx: ServiceContext) -> None:
    chef = add(ctx, "Louis", "Exemple", Role.COORDINATOR)
    team.set_pin(ctx, chef.id, "4821")
    for wrong in (None, "", "0000", "48210", "٤٨٢١"):
        with pytest.raises(InvalidInput) as refused:
            sessions.sign_in(ctx, chef.id, wrong)
        assert refused.value.field == "pin"
    assert logins(ctx) == []
    assert sessions.sign_in(ctx, chef.id, "4821").id == chef.id
    assert logins(ctx) == [(chef.id, chef.id, "Louis Exemple")]


def test_inactive_or_unknown_member_cannot_sign_in(ctx: ServiceContext) -> None:
    add(ctx, "Anne", "Modèle", Role.COORDINATOR)
    gone = add(ctx, "Bob", "Essai", Role.VOLUNTEER)
    team.deactivate_member(ctx, gone.id)
    with pytest.raises(UserError):
        sessions.sign_in(ctx, gone.id, None)
    with pytest.raises(UnknownId):
        sessions.sign_in(ctx, 9999, None)
    assert logins(ctx) == []


def test_first_coordinator_only_in_an_empty_team(ctx: ServiceContext) -> None:
    volunteer_ctx = ctx.with_operator(Operator(id=None, name="Kiosk", role=Role.VOLUNTEER))
    assert sessions.team_is_empty(ctx)
    operator = sessions.create_first_coordinator(volunteer_ctx, "Inès", "Premier")
    assert operator.role is Role.COORDINATOR and operator.name == "Inès Premier"
    assert [m.id for m in team.list_members(ctx)] == [operator.id]
    assert logins(ctx) == [(operator.id, operator.id, "Inès Premier")]
    assert not sessions.team_is_empty(ctx)
    with pytest.raises(UserError):
        sessions.create_first_coordinator(ctx, "Autre", "Personne")
    assert len(team.list_members(ctx, include_inactive=True)) == 1


def test_first_coordinator_name_is_validated(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput) as refused:
        sessions.create_first_coordinator(ctx, "  ", "Premier")
    assert refused.value.field == "first_name"
    assert sessions.team_is_empty(ctx)


def test_authenticate_checks_like_sign_in_without_a_login_line(ctx: ServiceContext) -> None:
    chef = add(ctx, "Louis", "Exemple", Role.COORDINATOR)
    team.set_pin(ctx, chef.id, "4821")
    with pytest.raises(InvalidInput):
        sessions.authenticate(ctx, chef.id, "0000")
    assert sessions.authenticate(ctx, chef.id, "4821").id == chef.id
    assert logins(ctx) == []


def test_find_member_by_number_or_name(ctx: ServiceContext) -> None:
    from pairdesk.errors import UsageError

    helene = add(ctx, "Hélène", "Durand", Role.FACILITATOR)
    twin = add(ctx, "Hélène", "Durand", Role.VOLUNTEER)
    other = add(ctx, "Paul", "Martin", Role.VOLUNTEER)
    assert sessions.find_member(ctx, str(helene.id)).id == helene.id
    assert sessions.find_member(ctx, "martin PAUL").id == other.id
    with pytest.raises(UsageError) as ambiguous:
        sessions.find_member(ctx, "helene durand")
    assert str(helene.id) in ambiguous.value.message and str(twin.id) in ambiguous.value.message
    team.deactivate_member(ctx, twin.id)
    assert sessions.find_member(ctx, "helene durand").id == helene.id  # the active one
    with pytest.raises(UnknownId):
        sessions.find_member(ctx, "Personne")
