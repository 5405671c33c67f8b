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

#: Tables with a participant's number that are not records of the file (the export gathers
#: them on their own, see below): the days present at the GEM and the contacts with an
#: employer about the person; and ``assessment_progress`` and ``activity_year``, computed
#: from records the export gathers, which go with them (test_perf_paths.py). A new
#: table with a ``participant_id`` must be added to FILE_RECORDS or, knowingly, here.
NOT_IN_FILE = {"day_presence", "employer_interaction", "assessment_progress", "activity_year"}


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


def test_the_export_gathers_days_present_and_employer_contacts_about_the_person(
    ctx: ServiceContext,
) -> None:
    """Right of access: not records of the file, but about the person all the same."""
    from pairdesk.domain.employers import Disclosure, InteractionKind
    from pairdesk.services import employer_relations, employers, register
    from pairdesk.services.employer_relations import InteractionInput
    from pairdesk.services.employers import EmployerInput

    helene = make_participant(ctx, "Hélène", "Dupont").id
    other = make_participant(ctx, "Marc", "Lefort").id
    contract = add_contract(
        ctx,
        helene,
        ContractInput(
            contract_type=ContractType.CDD, hours_per_week=20.0, started_on=dt.date(2026, 3, 2)
        ),
    ).id
    garage = employers.create_employer(ctx, EmployerInput(name="Garage Fictif")).id
    employers.link_contract(ctx, contract, garage)
    employer_relations.set_disclosure(ctx, Disclosure.FULL, contract_id=contract)
    employer_relations.record_interaction(
        ctx,
        garage,
        InteractionInput(
            occurred_on=dt.date(2026, 11, 20),
            kind=InteractionKind.RETENTION_FOLLOW_UP,
            text="Point sur les horaires",
            participant_id=helene,
        ),
    )
    for day in (dt.date(2026, 11, 23), dt.date(2026, 11, 16)):
        register.set_present(ctx, day, ("participant", helene), True)
    register.set_present(ctx, dt.date(2026, 11, 23), ("participant", other), True)

    data = privacy.export_participant(ctx, helene)
    assert data["days_present"] == ["2026-11-16", "2026-11-23"]
    [contact] = data["employer_contacts"]
    assert contact["employer"] == "Garage Fictif"
    assert contact["text"] == "Point sur les horaires"
    assert ("employer_interaction", "create") in {
        (line["entity"], line["action"]) for line in data["audit"]
    }
    assert privacy.export_participant(ctx, other)["employer_contacts"] == []

    import io

    from pypdf import PdfReader

    from pairdesk.reports.privacy_export import privacy_export_pdf
    from pairdesk.services import documents

    pdf = privacy_export_pdf(data, documents.document_header(ctx))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Jours de présence au GEM" in text
    assert "16/11/2026, 23/11/2026" in text  # the French way, not ISO
    assert "Garage Fictif" in text
