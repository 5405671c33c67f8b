"""The employer directory, an employer's file, disclosure rules and employer indicators
(issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from pairdesk.domain.employers import (
    AccommodationKind,
    AccommodationOutcome,
    Disclosure,
    EmployerKind,
    InteractionKind,
    employer_key,
)
from pairdesk.domain.enums import AuditAction, ContractType, Role, WorkshopKind
from pairdesk.domain.indicators import EMPLOYER_INDICATOR_IDS
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.services import employer_file, employer_relations, employers
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput, add_contract
from pairdesk.services.document_data import SummarySection
from pairdesk.services.employer_relations import AccommodationInput, InteractionInput
from pairdesk.services.employers import ContactInput, EmployerInput
from pairdesk.services.indicators import compute_indicators
from pairdesk.services.offers import OfferInput, create_offer
from pairdesk.store.models import AuditEntry, Tutoring
from tests.factories import acting_as, insert_workshop, make_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

TODAY = dt.date(2026, 11, 25)


def _employer(ctx: ServiceContext, name: str = "Boulangerie Martin", **kw: object) -> int:
    return employers.create_employer(ctx, EmployerInput(name=name, **kw)).id  # type: ignore[arg-type]


def _placed(ctx: ServiceContext, employer_id: int, first: str = "Camille") -> tuple[int, int]:
    person = make_participant(ctx, first, "Fictif")
    contract = add_contract(
        ctx,
        person.id,
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDD,
            job_title="Vendeur",
            started_on=dt.date(2026, 3, 2),
        ),
    )
    employers.link_contract(ctx, contract.id, employer_id)
    return person.id, contract.id


def test_employer_key_groups_variants() -> None:
    assert employer_key("S.A.R.L. Boulangérie  Martin") == "boulangerie martin"
    assert employer_key("boulangerie martin, SAS") == "boulangerie martin"
    assert employer_key("SARL") == ""
    assert employer_key("Café Lumière") != employer_key("Café Lumineux")


def test_search_ignores_accents_and_case_and_counts(ctx: ServiceContext) -> None:
    bakery = _employer(ctx, "Boulangerie Hélène", town="Lyon", sector="Alimentation")
    _employer(ctx, "Mairie de Bron", kind=EmployerKind.PUBLIC)
    create_offer(ctx, OfferInput(title="Vendeur"))
    offer = create_offer(ctx, OfferInput(title="Vendeuse"))
    employers.link_offer(ctx, offer.id, bakery)
    _placed(ctx, bakery)
    found = employers.list_employers(ctx, "HELENE lyon")
    assert [(e.name, e.open_offers, e.people_placed) for e in found] == [
        ("Boulangerie Hélène", 1, 1)
    ]
    assert [e.name for e in employers.list_employers(ctx, kind=EmployerKind.PUBLIC)] == [
        "Mairie de Bron"
    ]
    # the offer's typed name follows the directory
    assert employers.list_employers(ctx, "alimentation")[0].id == bakery


def test_every_write_is_audited(ctx: ServiceContext) -> None:
    employer_id = _employer(ctx)
    employers.update_employer(ctx, employer_id, EmployerInput(name="Boulangerie Martin SARL"))
    contact = employers.add_contact(ctx, employer_id, ContactInput(name="M. Leroy", role="Gérant"))
    employers.remove_contact(ctx, contact.id)
    with ctx.transaction() as session:
        lines = session.execute(
            select(AuditEntry.entity, AuditEntry.action).where(
                AuditEntry.entity.in_(("employer", "employer_contact"))
            )
        ).all()
    assert lines == [
        ("employer", AuditAction.CREATE.value),
        ("employer", AuditAction.UPDATE.value),
        ("employer_contact", AuditAction.CREATE.value),
        ("employer_contact", AuditAction.DELETE.value),
    ]


def test_volunteer_sees_companies_but_no_placed_name(ctx: ServiceContext) -> None:
    employer_id = _employer(ctx)
    _placed(ctx, employer_id)
    volunteer = acting_as(ctx, "Vic", Role.VOLUNTEER)
    assert [e.name for e in employers.list_employers(volunteer)] == ["Boulangerie Martin"]
    seen = employer_file.employer_file(volunteer, employer_id)
    assert seen.names_hidden
    assert [(p.person, p.participant_id, p.job_title) for p in seen.placements] == [
        ("", None, "Vendeur")
    ]
    with pytest.raises(PermissionDenied):
        employers.create_employer(volunteer, EmployerInput(name="Autre"))
    coordinator_view = employer_file.employer_file(ctx, employer_id)
    assert [p.person for p in coordinator_view.placements] == ["Camille Fictif"]


def test_peer_helper_sees_only_tutored_names(ctx: ServiceContext) -> None:
    employer_id = _employer(ctx)
    tutored, _c1 = _placed(ctx, employer_id, "Alex")
    _placed(ctx, employer_id, "Sam")
    helper = acting_as(ctx, "Pia", Role.PEER_HELPER)
    with ctx.transaction() as session:
        session.add(
            Tutoring(
                participant_id=tutored,
                peer_helper_id=helper.operator.id,
                started_on=dt.date(2026, 1, 1),
            )
        )
    seen = employer_file.employer_file(helper, employer_id)
    assert sorted(p.person for p in seen.placements) == ["", "Alex Fictif"]


def test_contact_about_a_person_needs_their_disclosure(ctx: ServiceContext) -> None:
    employer_id = _employer(ctx)
    person, contract = _placed(ctx, employer_id)
    about = InteractionInput(
        occurred_on=TODAY, kind=InteractionKind.RETENTION_FOLLOW_UP, participant_id=person
    )
    with pytest.raises(InvalidInput) as refused:  # no choice recorded: not disclosed
        employer_relations.record_interaction(ctx, employer_id, about)
    assert "employeur" in str(refused.value)
    assert refused.value.field == "participant_id"
    employer_relations.set_disclosure(ctx, Disclosure.NOT_DISCLOSED, contract_id=contract)
    with pytest.raises(InvalidInput):
        employer_relations.record_interaction(ctx, employer_id, about)
    # without naming anyone, the contact is recorded
    employer_relations.record_interaction(
        ctx, employer_id, InteractionInput(occurred_on=TODAY, kind=InteractionKind.VISIT)
    )
    # the person changes their mind: the history keeps both choices
    employer_relations.set_disclosure(ctx, Disclosure.RQTH_ONLY, contract_id=contract)
    row = employer_relations.record_interaction(ctx, employer_id, about)
    assert row.participant_id == person
    history = employer_relations.disclosure_history(ctx, contract_id=contract)
    assert [h.choice for h in history] == [Disclosure.NOT_DISCLOSED, Disclosure.RQTH_ONLY]
    file = employer_file.employer_file(ctx, employer_id)
    assert file.placements[0].disclosure is Disclosure.RQTH_ONLY
    assert [i.kind for i in file.interactions] == [
        InteractionKind.RETENTION_FOLLOW_UP,
        InteractionKind.VISIT,
    ]
    assert file.employer.last_contact == TODAY


def test_pathway_summary_for_employer_respects_the_choice(ctx: ServiceContext) -> None:
    employer_id = _employer(ctx)
    person, contract = _placed(ctx, employer_id)
    # nothing recorded counts as not disclosed: a neutral profile, no association
    neutral = employer_file.pathway_summary_for_employer(ctx, person, employer_id)
    assert neutral.neutral and neutral.choice is Disclosure.NOT_DISCLOSED
    assert neutral.summary.header.association_name == ""
    assert neutral.summary.identity.rqth_label == ""
    assert neutral.summary.options.sections == {
        SummarySection.IDENTITY,
        SummarySection.ASPIRATIONS,
        SummarySection.SKILLS,
    }
    employer_relations.set_disclosure(ctx, Disclosure.RQTH_ONLY, contract_id=contract)
    assert employer_file.pathway_summary_for_employer(ctx, person, employer_id).neutral
    employer_relations.set_disclosure(ctx, Disclosure.WITH_SUPPORT, contract_id=contract)
    with_support = employer_file.pathway_summary_for_employer(ctx, person, employer_id)
    assert not with_support.neutral
    data = with_support.summary
    assert SummarySection.SCHEMES not in data.options.sections
    assert SummarySection.SELF_ASSESSMENT not in data.options.sections
    assert SummarySection.SKILLS in data.options.sections
    assert data.wellbeing is None and data.identity.contact is None
    employer_relations.set_disclosure(ctx, Disclosure.FULL, contract_id=contract)
    full = employer_file.pathway_summary_for_employer(ctx, person, employer_id).summary
    assert SummarySection.RETENTION in full.options.sections
    assert SummarySection.SCHEMES not in full.options.sections  # never the schemes


def test_accommodations_and_whether_they_worked(ctx: ServiceContext) -> None:
    employer_id = _employer(ctx)
    _person, contract = _placed(ctx, employer_id)
    row = employer_relations.add_accommodation(
        ctx,
        contract,
        AccommodationInput(kind=AccommodationKind.BREAKS, details="Deux pauses de 10 min"),
    )
    employer_relations.update_accommodation(
        ctx,
        row.id,
        AccommodationInput(
            kind=AccommodationKind.BREAKS,
            details="Deux pauses de 10 min",
            outcome=AccommodationOutcome.WORKED,
        ),
    )
    employer_relations.add_accommodation(
        ctx, contract, AccommodationInput(kind=AccommodationKind.QUIET_PLACE)
    )
    file = employer_file.employer_file(ctx, employer_id)
    assert [a.kind for a in file.placements[0].accommodations] == [
        AccommodationKind.BREAKS,
        AccommodationKind.QUIET_PLACE,
    ]
    assert file.accommodations_worked == 1


def test_indicators_on_a_hand_computed_fixture(ctx: ServiceContext) -> None:
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    a = _employer(ctx, "A")  # created 2026-11-25: new in the period
    b = _employer(ctx, "B")
    _employer(ctx, "C")  # no placement
    _placed(ctx, a, "P1")  # started 2026-03-02
    _placed(ctx, a, "P2")  # same employer: counted once
    _placed(ctx, b, "P3")
    awareness = insert_workshop(ctx, dt.date(2026, 5, 12), WorkshopKind.AWARENESS, "Sensib.")
    employer_relations.set_awareness_details(ctx, awareness, employer_id=b, employees_reached=14)
    second = insert_workshop(ctx, dt.date(2026, 6, 2), WorkshopKind.AWARENESS, "Sensib. 2")
    employer_relations.set_awareness_details(ctx, second, employer_id=None, employees_reached=9)
    insert_workshop(ctx, dt.date(2026, 6, 9), WorkshopKind.AWARENESS, "Annulé", cancelled=True)
    insert_workshop(ctx, dt.date(2025, 6, 9), WorkshopKind.AWARENESS, "Avant la période")
    cross = insert_workshop(ctx, dt.date(2026, 9, 1), WorkshopKind.CROSS_TRAINING, "FT")
    employer_relations.set_awareness_details(ctx, cross, employer_id=None, employees_reached=6)
    planned = insert_workshop(ctx, dt.date(2026, 12, 10), WorkshopKind.AWARENESS, "Prévu")
    employer_relations.set_awareness_details(ctx, planned, employer_id=a, employees_reached=30)
    items = compute_indicators(ctx, start, end).items  # on 2026-11-25
    assert {key: items[key].value for key in EMPLOYER_INDICATOR_IDS} == {
        "employers_with_placement": 2,  # A and B
        "new_employers": 3,  # A, B, C entered on 2026-11-25
        # 12 May and 2 June; the cancelled one, 2025's and December's (planned) left out
        "awareness_sessions": 2,
        "awareness_people_reached": 23,  # 14 + 9
    }
    assert items["workshops_held"].breakdown["cross_training"] == 1
    # the session in company B is also a contact with B
    assert employers.get_employer(ctx, b).last_contact == dt.date(2026, 5, 12)
    with pytest.raises(InvalidInput):
        cv = insert_workshop(ctx, dt.date(2026, 6, 2), WorkshopKind.CV)
        employer_relations.set_awareness_details(ctx, cv, employer_id=None, employees_reached=3)


def test_follow_ups_due(ctx: ServiceContext) -> None:
    quiet = _employer(ctx, "Silencieux")
    _person, contract = _placed(ctx, quiet)  # working there since 2026-03-02, never contacted
    with ctx.transaction() as session:
        before = employer_file.employer_follow_ups(session, TODAY)
    assert [(f.employer_name, f.participant_id) for f in before] == [("Silencieux", None)]
    employer_relations.set_disclosure(ctx, Disclosure.WITH_SUPPORT, contract_id=contract)
    later = employers.update_employer(
        ctx,
        quiet,
        EmployerInput(name="Silencieux", next_step="Rappeler", next_step_on=TODAY),
    )
    assert later.next_step_on == TODAY
    with ctx.transaction() as session:
        after = employer_file.employer_follow_ups(session, TODAY)
    assert next(f.reason for f in after) == "Rappeler"
    # the 1-month check (2026-04-02) is due and the person disclosed: the employer may be asked
    retention = [f for f in after if f.participant_id is not None]
    assert [(f.due_on, f.participant_id) for f in retention] == [(dt.date(2026, 4, 2), _person)]


def test_no_retention_follow_up_about_an_anonymised_person(ctx: ServiceContext) -> None:
    """Erased on their request: the employer is no longer asked about them, as the
    facilitator's retention list no longer shows them (one rule, ``domain/retention.py``)."""
    from pairdesk.services import privacy, retention

    employer_id = _employer(ctx, "Silencieux")
    person, contract = _placed(ctx, employer_id)
    employer_relations.set_disclosure(ctx, Disclosure.FULL, contract_id=contract)

    def asked() -> list[int | None]:
        with ctx.transaction() as session:
            items = employer_file.employer_follow_ups(session, TODAY)
        return [f.participant_id for f in items if f.participant_id is not None]

    def listed() -> list[int]:
        return [d.participant_id for d in retention.retention_checks_due(ctx, on=TODAY)]

    assert asked() == [person] and person in listed()
    privacy.anonymise_participant(ctx, person, confirm=privacy.participant_reference(person))
    assert asked() == [] and person not in listed()


def test_to_confirm_resolution(ctx: ServiceContext) -> None:
    from pairdesk.store.models import EmployerToConfirm

    offer = create_offer(ctx, OfferInput(title="Serveur", employer="Café Lumière"))
    # a typed name now enters the directory inline: unlink it as the upgrade left it
    employers.link_offer(ctx, offer.id, None)
    with ctx.transaction() as session:
        session.add(
            EmployerToConfirm(
                entity="job_offer",
                record_id=offer.id,
                typed_name="Café Lumière",
                reason="several_towns",
                details="Lyon, Villeurbanne",
            )
        )
    (item,) = employers.list_to_confirm(ctx)
    employers.resolve_to_confirm(
        ctx, item.id, new_employer=EmployerInput(name="Café Lumière", town="Lyon")
    )
    assert employers.list_to_confirm(ctx) == []
    (cafe,) = employers.list_employers(ctx, "lumiere lyon")
    assert cafe.open_offers == 1
    with pytest.raises(InvalidInput):
        employers.resolve_to_confirm(ctx, item.id, cafe.id)


def test_share_disclosures_hide_names_from_a_volunteer(ctx: ServiceContext) -> None:
    from pairdesk.services import offer_shares

    employer_id = _employer(ctx)
    offer = create_offer(ctx, OfferInput(title="Vendeur", employer_id=employer_id)).id
    person = make_participant(ctx, "Inès", "Fictive").id
    share = offer_shares.share_offer(ctx, offer, person).id
    employer_relations.set_disclosure(ctx, Disclosure.RQTH_ONLY, offer_share_id=share)
    [line] = employer_file.offer_share_disclosures(ctx, offer)
    assert (line.person, line.participant_id, line.disclosure) == (
        "Inès Fictive",
        person,
        Disclosure.RQTH_ONLY,
    )
    volunteer = acting_as(ctx, "Nadia", Role.VOLUNTEER)
    [hidden] = employer_file.offer_share_disclosures(volunteer, offer)
    assert (hidden.person, hidden.participant_id) == ("", None)


def test_a_contract_changes_employer_new_name_entered_inline(ctx: ServiceContext) -> None:
    employer_id = _employer(ctx)
    _person, contract = _placed(ctx, employer_id)
    moved = employers.set_contract_employer(ctx, contract, None, "Fromagerie Essai SARL")
    assert moved is not None and moved.name == "Fromagerie Essai SARL"
    assert employer_file.employer_file(ctx, employer_id).placements == ()
    # a spelling variant of a known name joins it, no second entry
    again = employers.set_contract_employer(ctx, contract, employer_id)
    assert again is not None and again.id == employer_id
    assert employers.set_contract_employer(ctx, contract, None, "fromagerie essai") is not None
    assert [e.name for e in employers.list_employers(ctx, "fromagerie")] == [
        "Fromagerie Essai SARL"
    ]
    assert employers.set_contract_employer(ctx, contract, None, "") is None
