"""Team service: members and PINs, referents, association profile, settings, permissions."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from sqlalchemy import select

from pairdesk.domain import pins
from pairdesk.domain.enums import ReferentKind, Role, Scheme
from pairdesk.errors import InvalidInput, PermissionDenied, UnknownId, UserError
from pairdesk.services import participants, referents, schemes, team
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.participants import ParticipantFilter, ParticipantInput
from pairdesk.services.referents import ReferentInput
from pairdesk.services.team import AssociationInput, TeamMemberInput
from pairdesk.store.models import Association, AuditEntry, Participant, TeamMember
from tests.factories import make_member

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def volunteer(ctx: ServiceContext, member_id: int | None = None) -> ServiceContext:
    return ctx.with_operator(Operator(id=member_id, name="V", role=Role.VOLUNTEER))


def audits(ctx: ServiceContext, entity: str) -> list[tuple[int | None, str, str]]:
    with ctx.transaction() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
        )
        return [(a.entity_id, a.action, a.detail) for a in rows]


# -- team members ----------------------------------------------------------------------------


def test_create_update_list_members(ctx: ServiceContext) -> None:
    claire = make_member(ctx, "Claire", "Martin", email="claire@example.org")
    emile = make_member(ctx, "Émile", "Zola", Role.FACILITATOR)
    alice = make_member(ctx, "Alice", "Écart", Role.PEER_HELPER)
    assert claire.role is Role.COORDINATOR and claire.active and not claire.has_pin
    assert [m.id for m in team.list_members(ctx)] == [alice.id, claire.id, emile.id]  # É sorts as E

    updated = team.update_member(
        ctx, emile.id, TeamMemberInput("Émile", "Zola", Role.VOLUNTEER, phone="06 00 00 00 00")
    )
    assert (updated.role, updated.phone) == (Role.VOLUNTEER, "06 00 00 00 00")
    assert team.get_member(ctx, emile.id) == updated

    team.deactivate_member(ctx, emile.id)
    assert [m.id for m in team.list_members(ctx)] == [alice.id, claire.id]
    assert [m.id for m in team.list_members(ctx, include_inactive=True)] == [
        alice.id,
        claire.id,
        emile.id,
    ]
    assert team.reactivate_member(ctx, emile.id).active
    assert [a[1] for a in audits(ctx, "team_member")] == ["create"] * 3 + ["update"] * 3


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("first_name", {"first_name": ""}),
        ("last_name", {"last_name": " \t"}),
        ("last_name", {"last_name": "y" * 101}),
        ("role", {"role": "boss"}),
        ("email", {"email": "claire@"}),
        ("phone", {"phone": "0" * 51}),
    ],
)
def test_member_validation(ctx: ServiceContext, field: str, changes: dict[str, Any]) -> None:
    data = dataclasses.replace(TeamMemberInput("Claire", "Martin", Role.COORDINATOR), **changes)
    with pytest.raises(InvalidInput) as caught:
        team.create_member(ctx, data)
    assert caught.value.field == field
    assert team.list_members(ctx, include_inactive=True) == []


def test_last_active_coordinator_is_kept(ctx: ServiceContext) -> None:
    claire = make_member(ctx)
    with pytest.raises(UserError):
        team.deactivate_member(ctx, claire.id)
    with pytest.raises(UserError):
        team.update_member(ctx, claire.id, TeamMemberInput("Claire", "Martin", Role.FACILITATOR))
    other = make_member(ctx, "Omar", "Benali")
    assert not team.deactivate_member(ctx, claire.id).active
    with pytest.raises(UserError):
        team.deactivate_member(ctx, other.id)


def test_unknown_member(ctx: ServiceContext) -> None:
    with pytest.raises(UnknownId):
        team.update_member(ctx, 77, TeamMemberInput("A", "B", Role.VOLUNTEER))
    with pytest.raises(UnknownId):
        team.verify_pin(ctx, 77, "1234")


# -- PIN -------------------------------------------------------------------------------------


def test_pin_is_hashed_with_scrypt_and_verified(ctx: ServiceContext) -> None:
    claire = make_member(ctx)
    assert not team.verify_pin(ctx, claire.id, "1234")  # no PIN yet
    assert team.set_pin(ctx, claire.id, "482913").has_pin
    with ctx.transaction() as session:
        stored = session.get_one(TeamMember, claire.id).pin_hash
    assert stored is not None
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert "482913" not in stored

    assert team.verify_pin(ctx, claire.id, "482913")
    assert not team.verify_pin(ctx, claire.id, "482914")
    assert not team.verify_pin(ctx, claire.id, "")
    assert not team.verify_pin(ctx, claire.id, "４８２９１３")  # full-width digits

    # Same PIN again: a new salt, a different hash.
    team.set_pin(ctx, claire.id, "482913")
    with ctx.transaction() as session:
        assert session.get_one(TeamMember, claire.id).pin_hash != stored
    assert [a[2] for a in audits(ctx, "team_member")][-2:] == ["pin set", "pin set"]

    assert not team.set_pin(ctx, claire.id, None).has_pin
    assert not team.verify_pin(ctx, claire.id, "482913")


def test_inactive_member_pin_never_matches(ctx: ServiceContext) -> None:
    make_member(ctx)
    peer = make_member(ctx, "Paul", "Pair", Role.PEER_HELPER)
    team.set_pin(ctx, peer.id, "2468")
    team.deactivate_member(ctx, peer.id)
    assert not team.verify_pin(ctx, peer.id, "2468")


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "12 34", "", "١٢٣٤"])
def test_pin_must_be_4_to_12_digits(ctx: ServiceContext, pin: str) -> None:
    claire = make_member(ctx)
    with pytest.raises(InvalidInput) as caught:
        team.set_pin(ctx, claire.id, pin)
    assert caught.value.field == "pin"


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "scrypt$16384$8$1$zz$00",
        "scrypt$3$8$1$00$00",
        "scrypt$1073741824$8$1$00$00",
        "bcrypt$1$2$3$4$5",
    ],
)
def test_malformed_stored_hash_never_matches(stored: str) -> None:
    assert not pins.pin_matches(stored, "1234")


def test_member_may_set_own_pin_but_not_others(ctx: ServiceContext) -> None:
    make_member(ctx)
    vera = make_member(ctx, "Vera", "Bénévole", Role.VOLUNTEER)
    other = make_member(ctx, "Paul", "Pair", Role.PEER_HELPER)
    as_vera = volunteer(ctx, vera.id)
    team.set_pin(as_vera, vera.id, "13579")
    assert team.verify_pin(ctx, vera.id, "13579")
    with pytest.raises(PermissionDenied):
        team.set_pin(as_vera, other.id, "13579")


# -- permissions -----------------------------------------------------------------------------


def test_volunteer_cannot_change_team_association_or_settings(ctx: ServiceContext) -> None:
    claire = make_member(ctx)
    as_volunteer = volunteer(ctx)
    refusals = [
        lambda: team.create_member(as_volunteer, TeamMemberInput("Vera", "V", Role.VOLUNTEER)),
        lambda: team.update_member(
            as_volunteer, claire.id, TeamMemberInput("X", "Y", Role.COORDINATOR)
        ),
        lambda: team.deactivate_member(as_volunteer, claire.id),
        lambda: team.reactivate_member(as_volunteer, claire.id),
        lambda: team.update_association(as_volunteer, AssociationInput(name="Hijacked")),
        lambda: team.set_setting(as_volunteer, "retention_years", "3"),
    ]
    for attempt in refusals:
        with pytest.raises(PermissionDenied) as caught:
            attempt()
        assert caught.value.message
    assert [m.first_name for m in team.list_members(ctx)] == ["Claire"]
    assert team.get_association(ctx).name == "GEM Les Tilleuls"
    assert team.get_setting(ctx, "retention_years", "default") == "default"
    # Reading stays open to everyone, and so does the referents directory.
    assert team.get_setting(as_volunteer, "retention_years", "x") == "x"
    assert (
        referents.create_referent(as_volunteer, ReferentInput("Sylvie Marchand")).name
        == "Sylvie Marchand"
    )


# -- referents -------------------------------------------------------------------------------


def test_referents_directory_search_and_kind(ctx: ServiceContext) -> None:
    sylvie = referents.create_referent(
        ctx,
        ReferentInput(
            "Sylvie Marchand",
            "Cap Emploi Rhône",
            ReferentKind.CAP_EMPLOI,
            email="s.marchand@example.org",
        ),
    )
    jerome = referents.create_referent(
        ctx, ReferentInput("Jérôme Bérenger", "CMP Villeurbanne", ReferentKind.HEALTH)
    )
    referents.create_referent(
        ctx, ReferentInput("Ana Łopez", "Mission Locale", ReferentKind.MISSION_LOCALE)
    )

    assert [r.name for r in referents.list_referents(ctx)] == [
        "Ana Łopez",
        "Jérôme Bérenger",
        "Sylvie Marchand",
    ]
    assert [r.id for r in referents.list_referents(ctx, "berenger")] == [jerome.id]
    assert [r.id for r in referents.list_referents(ctx, "RHONE cap")] == [sylvie.id]
    assert [r.name for r in referents.list_referents(ctx, "lopez")] == ["Ana Łopez"]
    assert referents.list_referents(ctx, "100%") == []
    assert [r.id for r in referents.list_referents(ctx, kind=ReferentKind.HEALTH)] == [jerome.id]
    assert referents.get_referent(ctx, sylvie.id).email == "s.marchand@example.org"

    referents.deactivate_referent(ctx, jerome.id)
    assert referents.list_referents(ctx, "berenger") == []
    assert [r.active for r in referents.list_referents(ctx, "berenger", include_inactive=True)] == [
        False
    ]


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("name", {"name": ""}),
        ("kind", {"kind": "alien"}),
        ("email", {"email": "nope"}),
        ("organisation", {"organisation": "o" * 201}),
    ],
)
def test_referent_validation(ctx: ServiceContext, field: str, changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as caught:
        referents.create_referent(ctx, dataclasses.replace(ReferentInput("Sylvie"), **changes))
    assert caught.value.field == field


def test_renaming_a_referent_refreshes_participant_search(ctx: ServiceContext) -> None:
    sylvie = referents.create_referent(
        ctx, ReferentInput("Sylvie Marchand", kind=ReferentKind.CAP_EMPLOI)
    )
    helene = participants.create_participant(ctx, ParticipantInput("Hélène", "Dupont"))
    participants.create_participant(ctx, ParticipantInput("Marc", "Autre"))
    schemes.add_scheme(ctx, helene.id, Scheme.CAP_EMPLOI, sylvie.id)

    def found(text: str) -> list[int]:
        return [r.id for r in participants.list_participants(ctx, ParticipantFilter(search=text))]

    assert found("marchand") == [helene.id]
    renamed = referents.update_referent(
        ctx, sylvie.id, ReferentInput("Sylvie Lémoine", kind=ReferentKind.CAP_EMPLOI)
    )
    assert renamed.name == "Sylvie Lémoine"
    assert found("marchand") == []
    assert found("lemoine") == [helene.id]
    with ctx.transaction() as session:
        assert "lemoine" in session.get_one(Participant, helene.id).search_text
    assert [a[1] for a in audits(ctx, "referent")] == ["create", "update"]


# -- association profile ---------------------------------------------------------------------


def test_association_profile_round_trip(ctx: ServiceContext) -> None:
    profile = team.get_association(ctx)
    assert (
        profile.name == "GEM Les Tilleuls" and profile.logo is None and profile.opening_days == ()
    )
    updated = team.update_association(
        ctx,
        AssociationInput(
            name=" GEM Le Phare ",
            address="3 rue des Lilas\n69000 Lyon",
            email="contact@example.org",
            logo=PNG,
            opening_days=(4, 1, 2, 2),
            opening_hours="10h-17h",
            opening_days_per_year=220,
            staff_fte=2.5,
        ),
    )
    assert updated.name == "GEM Le Phare"
    assert updated.opening_days == (1, 2, 4)
    assert (updated.logo, updated.logo_kind) == (PNG, "png")
    assert (updated.staff_fte, updated.opening_days_per_year) == (2.5, 220)
    assert team.get_association(ctx) == updated
    with ctx.transaction() as session:
        assert session.get_one(Association, 1).opening_days == "1,2,4"
    jpeg = team.update_association(ctx, AssociationInput(name="GEM Le Phare", logo=JPEG))
    assert jpeg.logo_kind == "jpeg"
    assert team.update_association(ctx, AssociationInput(name="GEM Le Phare")).logo is None
    assert [a[1] for a in audits(ctx, "association")] == ["update"] * 3


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("name", {"name": "  "}),
        ("email", {"email": "x@y"}),
        ("logo", {"logo": b"GIF89a" + b"\x00" * 10}),
        ("logo", {"logo": PNG + b"\x00" * (2 * 1024 * 1024)}),
        ("opening_days", {"opening_days": (0, 1)}),
        ("opening_days", {"opening_days": (8,)}),
        ("opening_days_per_year", {"opening_days_per_year": 367}),
        ("staff_fte", {"staff_fte": 100.5}),
        ("staff_fte", {"staff_fte": -1.0}),
        ("staff_fte", {"staff_fte": math.nan}),
    ],
)
def test_association_validation(ctx: ServiceContext, field: str, changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as caught:
        team.update_association(ctx, dataclasses.replace(AssociationInput(name="GEM"), **changes))
    assert caught.value.field == field
    assert team.get_association(ctx).name == "GEM Les Tilleuls"


def test_logo_of_exactly_two_megabytes_is_accepted(ctx: ServiceContext) -> None:
    logo = PNG + b"\x00" * (2 * 1024 * 1024 - len(PNG))
    assert team.update_association(ctx, AssociationInput(name="GEM", logo=logo)).logo == logo


# -- settings --------------------------------------------------------------------------------


def test_settings_set_get_remove(ctx: ServiceContext) -> None:
    assert team.get_setting(ctx, "retention_years", "3") == "3"
    team.set_setting(ctx, "retention_years", "5")
    assert team.get_setting(ctx, "retention_years", "3") == "5"
    team.set_setting(ctx, "retention_years", "5")  # unchanged: no audit line
    team.set_setting(ctx, "retention_years", "6")
    team.set_setting(ctx, "retention_years", None)
    assert team.get_setting(ctx, "retention_years") == ""
    assert audits(ctx, "setting") == [
        (None, "create", "retention_years"),
        (None, "update", "retention_years"),
        (None, "delete", "retention_years"),
    ]
    with pytest.raises(InvalidInput) as caught:
        team.set_setting(ctx, "", "x")
    assert caught.value.field == "key"
    with pytest.raises(InvalidInput):
        team.set_setting(ctx, "k" * 101, "x")
