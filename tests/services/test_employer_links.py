"""Offers and contracts take an employer from the directory (issue 15): picked by id, or
a typed name matched across spelling variants, or entered inline when new."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from pairdesk.domain.enums import ContractType
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.services import employers
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput, add_contract, update_contract
from pairdesk.services.employers import EmployerInput
from pairdesk.services.offers import OfferInput, create_offer, get_offer, update_offer
from pairdesk.store.models import Employer, EmployerToConfirm, JobOffer
from tests.factories import make_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)


def _employer(ctx: ServiceContext, name: str, town: str = "") -> int:
    return employers.create_employer(ctx, EmployerInput(name=name, town=town)).id


def _directory(ctx: ServiceContext) -> list[str]:
    return [e.name for e in employers.list_employers(ctx, include_inactive=True)]


@pytest.mark.parametrize(
    "typed",
    ["Dupont", "SARL Dupont", "dupont sarl", "DUPONT S.A.R.L.", "Dupont, SAS", " dupont  "],
)
def test_find_by_name_matches_legal_form_case_and_spaces(ctx: ServiceContext, typed: str) -> None:
    wanted = _employer(ctx, "SARL Dupont")
    _employer(ctx, "Dupont Frères")  # another company: its key differs
    with ctx.transaction() as session:
        found = employers.find_by_name(session, typed)
        assert found is not None and found.id == wanted


def test_find_by_name_ignores_accents(ctx: ServiceContext) -> None:
    wanted = _employer(ctx, "Boulangerie Hélène")
    with ctx.transaction() as session:
        for typed in ("boulangerie helene", "BOULANGERIE HÉLÈNE", "Boulangerie Hélène EURL"):
            found = employers.find_by_name(session, typed)
            assert found is not None and found.id == wanted, typed
        assert employers.find_by_name(session, "Boulangerie Hélin") is None
        assert employers.find_by_name(session, "") is None
        assert employers.find_by_name(session, "SARL") is None


def test_find_by_name_skips_inactive_and_refuses_ambiguity(ctx: ServiceContext) -> None:
    old = _employer(ctx, "Garage Central")
    employers.set_active(ctx, old, False)
    with ctx.transaction() as session:
        assert employers.find_by_name(session, "garage central") is None
    _employer(ctx, "Café du Port", town="Brest")
    _employer(ctx, "Cafe du Port", town="Sète")
    with ctx.transaction() as session:
        assert employers.find_by_name(session, "café du port") is None
        assert len(employers.matching_employers(session, "café du port")) == 2
        with pytest.raises(InvalidInput) as caught:
            employers.employer_for_name(ctx, session, "Café du Port")
    assert caught.value.field == "employer"
    assert "Brest" in str(caught.value) and "Sète" in str(caught.value)


def test_employer_for_name_creates_once(ctx: ServiceContext) -> None:
    with ctx.transaction() as session:
        first = employers.employer_for_name(ctx, session, "ESAT Les Ateliers")
        again = employers.employer_for_name(ctx, session, "esat les ateliers")
        blank = employers.employer_for_name(ctx, session, "   ")
        assert first is not None and again is not None
        assert first.id == again.id and blank is None
        assert first.kind == "esat"
    assert _directory(ctx) == ["ESAT Les Ateliers"]


def test_offer_picks_employer_by_id_and_keeps_its_name(ctx: ServiceContext) -> None:
    bakery = _employer(ctx, "Boulangerie Martin")
    offer = create_offer(ctx, OfferInput(title="Vendeur", employer="ignored", employer_id=bakery))
    assert (offer.employer_id, offer.employer) == (bakery, "Boulangerie Martin")
    assert _directory(ctx) == ["Boulangerie Martin"]
    with pytest.raises(UnknownId):
        create_offer(ctx, OfferInput(title="Vendeur", employer_id=9999))


def test_offer_typed_variant_links_to_directory_name(ctx: ServiceContext) -> None:
    bakery = _employer(ctx, "Boulangerie Martin SARL")
    offer = create_offer(ctx, OfferInput(title="Vendeur", employer="boulangerie MARTIN"))
    assert (offer.employer_id, offer.employer) == (bakery, "Boulangerie Martin SARL")
    row = employers.get_employer(ctx, bakery)
    assert row.open_offers == 1


def test_offer_new_name_creates_inline_and_blank_unlinks(ctx: ServiceContext) -> None:
    offer = create_offer(ctx, OfferInput(title="Agent", employer="Mairie de Bron"))
    assert offer.employer_id is not None
    created = employers.get_employer(ctx, offer.employer_id)
    assert (created.name, created.kind.value) == ("Mairie de Bron", "public")
    cleared = update_offer(ctx, offer.id, OfferInput(title="Agent", employer=""))
    assert (cleared.employer_id, cleared.employer) == (None, "")
    assert _directory(ctx) == ["Mairie de Bron"]  # the entry stays in the directory


def test_offer_unchanged_name_keeps_link_and_ambiguous_new_name_refused(
    ctx: ServiceContext,
) -> None:
    _employer(ctx, "Café du Port", town="Brest")
    _employer(ctx, "Café du Port", town="Sète")
    with pytest.raises(InvalidInput):
        create_offer(ctx, OfferInput(title="Serveur", employer="cafe du port"))
    # an offer the upgrade left unlinked keeps its typed name when saved again
    offer = create_offer(ctx, OfferInput(title="Serveur", employer=""))
    with ctx.transaction() as session:
        row = session.get(JobOffer, offer.id)
        assert row is not None
        row.employer = "Café du Port"
        session.add(
            EmployerToConfirm(
                entity="job_offer",
                record_id=offer.id,
                typed_name="Café du Port",
                reason="several_towns",
                details="Brest, Sète",
            )
        )
    kept = update_offer(
        ctx, offer.id, OfferInput(title="Serveur de salle", employer="Café du Port")
    )
    assert (kept.employer_id, kept.employer) == (None, "Café du Port")
    assert len(employers.list_to_confirm(ctx)) == 1
    # picking one from the directory links it and closes the item to confirm
    brest = next(e.id for e in employers.list_employers(ctx) if e.town == "Brest")
    linked = update_offer(
        ctx, offer.id, OfferInput(title="Serveur", employer="Café du Port", employer_id=brest)
    )
    assert linked.employer_id == brest
    assert get_offer(ctx, offer.id).employer_id == brest
    assert employers.list_to_confirm(ctx) == []


def test_offer_search_finds_the_directory_name(ctx: ServiceContext) -> None:
    from pairdesk.services.offers import list_offers

    _employer(ctx, "Jardins de Cocagne")
    create_offer(ctx, OfferInput(title="Maraîcher", employer="jardins de cocagne SCOP"))
    assert [o.employer for o in list_offers(ctx, search="Cocagne")] == ["Jardins de Cocagne"]


def test_contract_takes_employer_by_name_or_id(ctx: ServiceContext) -> None:
    person = make_participant(ctx, "Camille", "Fictif")
    shop = _employer(ctx, "Épicerie Solidaire")
    contract = add_contract(
        ctx,
        person.id,
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDD,
            employer="epicerie solidaire",
            job_title="Vendeur",
            started_on=dt.date(2026, 3, 2),
        ),
    )
    assert (contract.employer_id, contract.employer) == (shop, "Épicerie Solidaire")
    assert employers.get_employer(ctx, shop).people_placed == 1
    other = _employer(ctx, "Recyclerie du Centre")
    moved = update_contract(
        ctx,
        contract.id,
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDD,
            employer_id=other,
            job_title="Valoriste",
            started_on=dt.date(2026, 3, 2),
        ),
    )
    assert (moved.employer_id, moved.employer) == (other, "Recyclerie du Centre")
    new = add_contract(
        ctx,
        person.id,
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDI,
            employer="Atelier Vélo",
            started_on=dt.date(2026, 5, 4),
        ),
    )
    assert new.employer_id is not None
    with ctx.transaction() as session:
        names = session.scalars(select(Employer.name).order_by(Employer.id)).all()
    assert names == ["Épicerie Solidaire", "Recyclerie du Centre", "Atelier Vélo"]


def test_contract_name_too_long_is_refused_on_the_employer_field(ctx: ServiceContext) -> None:
    person = make_participant(ctx, "Camille", "Fictif")
    with pytest.raises(InvalidInput) as caught:
        add_contract(
            ctx,
            person.id,
            ContractInput(
                hours_per_week=24.0,
                contract_type=ContractType.CDD,
                employer="x" * 201,
                started_on=dt.date(2026, 3, 2),
            ),
        )
    assert caught.value.field == "employer"
    assert _directory(ctx) == []


def test_a_text_naming_no_employer_is_kept_unlinked(ctx: ServiceContext) -> None:
    offer = create_offer(ctx, OfferInput(title="Agent", employer=":"))
    assert (offer.employer_id, offer.employer) == (None, ":")
    offer = update_offer(ctx, offer.id, OfferInput(title="Agent", employer="SARL"))
    assert (offer.employer_id, offer.employer) == (None, "SARL")
    assert _directory(ctx) == []
