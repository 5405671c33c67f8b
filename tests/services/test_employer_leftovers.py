"""Issue 15 leftovers: the months without a contact after which an employer is followed
up (a setting, 6 by default), and the employers a summary can be printed for from the
participant's file."""

from __future__ import annotations

import datetime as dt

import pytest

from pairdesk.domain.employers import Disclosure, InteractionKind
from pairdesk.domain.enums import ContractType, Role
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.services import employer_file, employer_relations, employers, home, offer_shares, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput, add_contract
from pairdesk.services.employer_file import PersonEmployer
from pairdesk.services.employer_relations import InteractionInput
from pairdesk.services.employers import EmployerInput
from pairdesk.services.home import TodoKind
from pairdesk.services.offers import OfferInput, create_offer
from tests.factories import acting_as, make_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

TODAY = dt.date(2026, 11, 25)  # the ctx fixture's today


def _employer(ctx: ServiceContext, name: str) -> int:
    return employers.create_employer(ctx, EmployerInput(name=name)).id


def _contract(ctx: ServiceContext, person: int, employer_id: int) -> int:
    return add_contract(
        ctx,
        person,
        ContractInput(
            contract_type=ContractType.CDI,
            job_title="Vendeur",
            started_on=dt.date(2026, 3, 2),
            hours_per_week=24.0,
            employer_id=employer_id,
        ),
    ).id


def _follow_up_names(ctx: ServiceContext) -> list[str]:
    section = home.todo(ctx, today=TODAY).section(TodoKind.EMPLOYER_FOLLOW_UP)
    return [item.title for item in section.items]


def test_the_months_without_contact_are_a_setting(ctx: ServiceContext) -> None:
    quiet = _employer(ctx, "Atelier Calme")
    _contract(ctx, make_participant(ctx, "Camille", "Fictif").id, quiet)
    # last contact on 2026-07-10: 4 months and 15 days before TODAY
    employer_relations.record_interaction(
        ctx, quiet, InteractionInput(occurred_on=dt.date(2026, 7, 10), kind=InteractionKind.VISIT)
    )
    assert employer_file.get_contact_months(ctx) == 6  # the default
    assert _follow_up_names(ctx) == []  # 2026-07-10 is after 2026-05-25 (6 months back)
    assert employer_file.set_contact_months(ctx, 4) == 4
    assert employer_file.get_contact_months(ctx) == 4
    # 4 months back is 2026-07-25: the contact of 2026-07-10 is older
    section = home.todo(ctx, today=TODAY).section(TodoKind.EMPLOYER_FOLLOW_UP)
    assert [i.title for i in section.items] == ["Atelier Calme"]
    assert "4" in section.items[0].detail
    assert section.items[0].due_on == dt.date(2026, 11, 10)  # the contact + 4 months
    employer_file.set_contact_months(ctx, 5)  # 2026-06-25: the contact is more recent
    assert _follow_up_names(ctx) == []


def test_the_setting_is_checked_and_kept_to_coordinators(ctx: ServiceContext) -> None:
    for wrong in (0, 37, -2):
        with pytest.raises(InvalidInput) as refused:
            employer_file.set_contact_months(ctx, wrong)
        assert refused.value.field == "contact_months"
    assert employer_file.get_contact_months(ctx) == 6
    peer = acting_as(ctx, "Paul", Role.PEER_HELPER)
    with pytest.raises(PermissionDenied):
        employer_file.set_contact_months(peer, 3)
    assert employer_file.get_contact_months(peer) == 6  # anyone reads it
    # a value stored by hand that cannot be read falls back to the default
    team.set_setting(ctx, employer_file.CONTACT_MONTHS_SETTING, "six")
    assert employer_file.get_contact_months(ctx) == 6
    team.set_setting(ctx, employer_file.CONTACT_MONTHS_SETTING, "120")
    assert employer_file.get_contact_months(ctx) == 6


def test_employers_of_a_participant_come_from_contracts_and_shares(ctx: ServiceContext) -> None:
    bakery = _employer(ctx, "Boulangerie Fictive")
    garage = _employer(ctx, "Garage Essai")
    _employer(ctx, "Mairie Sans Lien")  # nothing to do with the person
    other_person = make_participant(ctx, "Bastien", "Test").id
    person = make_participant(ctx, "Alix", "Test").id
    contract = _contract(ctx, person, bakery)
    _contract(ctx, other_person, garage)
    offer = create_offer(ctx, OfferInput(title="Mécanicien", employer_id=garage))
    share = offer_shares.share_offer(ctx, offer.id, person).id
    # a second contract with the bakery lists it once
    _contract(ctx, person, bakery)
    employer_relations.set_disclosure(ctx, Disclosure.RQTH_ONLY, contract_id=contract)
    assert employer_file.employers_of_participant(ctx, person) == [
        PersonEmployer(bakery, "Boulangerie Fictive", Disclosure.RQTH_ONLY),
        PersonEmployer(garage, "Garage Essai", None),
    ]
    employer_relations.set_disclosure(ctx, Disclosure.WITH_SUPPORT, offer_share_id=share)
    assert [e.disclosure for e in employer_file.employers_of_participant(ctx, person)] == [
        Disclosure.RQTH_ONLY,
        Disclosure.WITH_SUPPORT,
    ]
    assert employer_file.employers_of_participant(ctx, make_participant(ctx, "Cy", "Seul").id) == []
    volunteer = acting_as(ctx, "Nadia", Role.VOLUNTEER)
    with pytest.raises(PermissionDenied):
        employer_file.employers_of_participant(volunteer, person)
