"""Two people on one file lose nothing (issue 14): optimistic concurrency through each
record's ``edit_version``."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from pairdesk.domain.enums import Role
from pairdesk.errors import EditConflict, ExitCode, UserError
from pairdesk.services import participants as svc
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantDetail, ParticipantInput
from pairdesk.store.models import Participant
from tests.factories import acting_as, make_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)


def _input(detail: ParticipantDetail, **changes: object) -> ParticipantInput:
    """What a form showing ``detail`` sends after the person typed ``changes``."""
    names = {f.name for f in dataclasses.fields(ParticipantInput)}
    values = {name: getattr(detail, name) for name in names if hasattr(detail, name)}
    return ParticipantInput(**{**values, **changes})  # type: ignore[arg-type]


def test_each_save_of_a_file_adds_one_to_its_version(ctx: ServiceContext) -> None:
    detail = make_participant(ctx)
    assert detail.edit_version >= 1
    saved = svc.update_participant(ctx, detail.id, _input(detail, city="Lyon"))
    assert saved.edit_version > detail.edit_version
    assert svc.get_participant(ctx, detail.id).edit_version == saved.edit_version


def test_the_second_save_of_a_file_read_before_the_first_is_refused(
    ctx: ServiceContext,
) -> None:
    other = acting_as(ctx, "Nadia", Role.FACILITATOR)
    detail = make_participant(ctx, city="Lyon", phone="01 02 03 04 05")
    mine = svc.get_participant(ctx, detail.id)  # both open the same file
    theirs = svc.get_participant(other, detail.id)

    svc.update_participant(other, detail.id, _input(theirs, city="Grenoble"))
    with pytest.raises(EditConflict) as caught:
        svc.update_participant(ctx, detail.id, _input(mine, phone="06 07 08 09 10"))

    conflict = caught.value
    assert isinstance(conflict, UserError)
    assert conflict.exit_code == ExitCode.EDIT_CONFLICT == 12
    assert conflict.changes == {"city": "Grenoble", "phone": "01 02 03 04 05"}
    assert conflict.version > theirs.edit_version
    assert "city" in conflict.message
    stored = svc.get_participant(ctx, detail.id)  # nothing of mine was written
    assert (stored.city, stored.phone) == ("Grenoble", "01 02 03 04 05")
    assert stored.edit_version == conflict.version

    reloaded = svc.get_participant(ctx, detail.id)  # "Reload their version"
    saved = svc.update_participant(ctx, detail.id, _input(reloaded, phone="06 07 08 09 10"))
    assert (saved.city, saved.phone) == ("Grenoble", "06 07 08 09 10")
    assert saved.edit_version > conflict.version


def test_overwriting_with_mine_saves_against_the_version_the_conflict_gives(
    ctx: ServiceContext,
) -> None:
    detail = make_participant(ctx)
    svc.update_participant(ctx, detail.id, _input(detail, city="Grenoble"))
    with pytest.raises(EditConflict) as caught:
        svc.update_participant(ctx, detail.id, _input(detail, city="Lyon"))
    again = _input(detail, city="Lyon", edit_version=caught.value.version)
    assert svc.update_participant(ctx, detail.id, again).city == "Lyon"


def test_a_late_save_that_changes_nothing_stored_goes_on(ctx: ServiceContext) -> None:
    detail = make_participant(ctx)
    svc.update_participant(ctx, detail.id, _input(detail, city="Grenoble"))
    same = svc.update_participant(ctx, detail.id, _input(detail, city="Grenoble"))
    assert same.city == "Grenoble"
    with pytest.raises(EditConflict) as caught:  # my own change too is listed: theirs
        svc.update_participant(ctx, detail.id, _input(detail, city="Grenoble", notes="ok"))
    assert caught.value.changes == {"notes": ""}


def test_a_save_without_a_version_is_not_checked(ctx: ServiceContext) -> None:
    detail = make_participant(ctx)
    svc.update_participant(ctx, detail.id, _input(detail, city="Grenoble"))
    blind = _input(detail, city="Lyon", edit_version=None)
    assert svc.update_participant(ctx, detail.id, blind).city == "Lyon"


def test_the_database_refuses_a_row_changed_under_a_loaded_object(ctx: ServiceContext) -> None:
    """``version_id_col``: even two transactions racing between read and write cannot
    overwrite each other silently (the engine-level guard under the services' check)."""
    detail = make_participant(ctx)
    with ctx.transaction() as session:
        row = session.scalars(select(Participant).where(Participant.id == detail.id)).one()
        svc.update_participant(ctx, detail.id, _input(detail, city="Grenoble"))  # joins
        session.expire_all()
        assert row.edit_version > detail.edit_version
    with pytest.raises(EditConflict) as caught, ctx.transaction() as session:
        row = session.get_one(Participant, detail.id)
        table = Participant.__table__  # Core, behind the ORM's back (another client's write)
        session.connection().execute(
            update(table).where(table.c.id == detail.id).values(edit_version=7)
        )
        row.city = "Lyon"
        session.flush()
    assert isinstance(caught.value.__cause__, StaleDataError)
    assert (caught.value.changes, caught.value.version) == ({}, None)
    assert svc.get_participant(ctx, detail.id).city == "Grenoble"
