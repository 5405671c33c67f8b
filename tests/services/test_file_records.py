"""``access.FILE_RECORDS`` is the one list of a participant's records that hold their
number: the privacy export gathers them, the audit trail's page leads lines back to them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from pairdesk.domain.enums import ConsentMethod, ConsentPurpose, ContractType, EventKind
from pairdesk.services import consents, privacy
from pairdesk.services.access import FILE_RECORDS
from pairdesk.services.audit_words.page import OWNED
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput, add_contract
from pairdesk.services.pathways import add_event, add_goal
from pairdesk.store.models import Base
from tests.factories import make_participant

pytestmark = pytest.mark.both_engines  # the export and the deletion also on PostgreSQL

#: Tables with a participant's number that are NOT gathered with the file (yet): the days
#: present at the GEM and the contacts with an employer about the person. A new table with
#: a ``participant_id`` must be added to FILE_RECORDS or, knowingly, here.
NOT_IN_FILE = {"day_presence", "employer_interaction"}


def test_every_table_with_a_participant_number_is_a_file_record_or_known() -> None:
    with_number = {
        mapper.local_table.name
        for mapper in Base.registry.mappers
        if "participant_id" in mapper.local_table.columns
    }
    listed = {model.__tablename__ for model in FILE_RECORDS.values()}
    assert with_number - listed == NOT_IN_FILE
    assert listed <= with_number
    assert set(FILE_RECORDS) == {model.__tablename__ for model in FILE_RECORDS.values()}


def test_the_audit_page_follows_every_file_record_but_the_wellbeing_plan() -> None:
    assert set(FILE_RECORDS) - set(OWNED) == {"wellbeing_plan"}
    assert all(OWNED[entity] is FILE_RECORDS[entity] for entity in OWNED)


def test_the_export_gathers_the_file_records_of_that_person_only(ctx: ServiceContext) -> None:
    helene = make_participant(ctx, "Hélène", "Dupont").id
    other = make_participant(ctx, "Marc", "Lefort").id
    add_goal(ctx, helene, "Trouver un stage")
    add_goal(ctx, other, "Passer le permis")
    consents.record_consent(
        ctx, helene, ConsentPurpose.PHOTOS, dt.date(2026, 1, 5), ConsentMethod.WRITTEN
    )
    data = privacy.export_participant(ctx, helene)
    assert [g["title"] for g in data["goals"]] == ["Trouver un stage"]
    assert [c["purpose"] for c in data["consents"]] == ["photos"]
    assert {(line["entity"], line["action"]) for line in data["audit"]} >= {
        ("goal", "create"),
        ("consent", "create"),
    }


def test_deleting_a_person_deletes_every_file_record_of_theirs_only(ctx: ServiceContext) -> None:
    helene = make_participant(ctx, "Hélène", "Dupont").id
    other = make_participant(ctx, "Marc", "Lefort").id
    for pid in (helene, other):
        goal = add_goal(ctx, pid, "Trouver un emploi")
        add_event(ctx, pid, EventKind.MEETING, dt.date(2026, 2, 1), "Point", goal_id=goal.id)
        add_contract(  # and its "contract signed" step, which names it
            ctx,
            pid,
            ContractInput(
                contract_type=ContractType.CDD, hours_per_week=20.0, started_on=dt.date(2026, 3, 2)
            ),
        )
    privacy.delete_participant(ctx, helene, confirm=privacy.participant_reference(helene))
    with ctx.transaction() as session:
        for entity, model in FILE_RECORDS.items():
            mine = select(func.count()).where(model.participant_id == helene)
            assert session.scalar(mine.select_from(model)) == 0, entity
    kept = privacy.export_participant(ctx, other)
    assert (len(kept["goals"]), len(kept["events"]), len(kept["contracts"])) == (1, 2, 1)
