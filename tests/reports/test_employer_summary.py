"""The pathway summary printed for an employer (issue 15), read back with pypdf: it never
shows more than the person chose to tell that employer."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from pairdesk.domain.employers import Disclosure
from pairdesk.domain.enums import AuditAction, ContractType, RqthStatus
from pairdesk.i18n import _
from pairdesk.reports.employer_summary import employer_summary_pdf
from pairdesk.services import employer_file, employer_relations, employers, pathways, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput, add_contract
from pairdesk.services.employers import EmployerInput
from pairdesk.services.pathways import PathwayInput
from tests.factories import make_participant

#: Words that tell a person's health, disability or the association's support.
REVEALING = (
    "RQTH",
    "disabled",
    "handicap",
    "GEM",
    "Entraide",
    "santé",
    "health",
    "Peer helper",
    "pair-aidant",
    "Calme le matin",  # the accommodations needed
    "Groupe de parole",  # lived-experience skills
)


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def _person_with_contract(ctx: ServiceContext) -> tuple[int, int, int]:
    team.update_association(ctx, team.AssociationInput(name="GEM L'Entraide Fictive"))
    employer_id = employers.create_employer(ctx, EmployerInput(name="Jardins Fictifs")).id
    person = make_participant(
        ctx,
        "Noémie",
        "Exemple",
        rqth_status=RqthStatus.GRANTED,
        rqth_until=dt.date(2029, 5, 31),
        is_peer_helper=True,
    )
    pathways.update_pathway(
        ctx,
        person.id,
        PathwayInput(
            aspirations="Travailler en espaces verts",
            skills="Taille des haies, conduite de tondeuse",
            lived_experience_skills="Groupe de parole animé chaque mois",
            accommodations_needed="Calme le matin",
        ),
    )
    contract = add_contract(
        ctx,
        person.id,
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDD,
            job_title="Jardinière",
            started_on=dt.date(2026, 9, 1),
            employer_id=employer_id,
        ),
    )
    return person.id, employer_id, contract.id


def _print(ctx: ServiceContext, person: int, employer_id: int) -> str:
    data = employer_file.pathway_summary_for_employer(
        ctx, person, employer_id, action=AuditAction.PRINT
    )
    return _text(employer_summary_pdf(data))


def test_not_disclosed_prints_a_neutral_profile(ctx: ServiceContext) -> None:
    person, employer_id, contract = _person_with_contract(ctx)
    for recorded in (None, Disclosure.NOT_DISCLOSED):
        if recorded is not None:
            employer_relations.set_disclosure(ctx, recorded, contract_id=contract)
        text = _print(ctx, person, employer_id)
        assert "Noémie Exemple" in text and "Jardins Fictifs" in text
        assert "Taille des haies" in text and "espaces verts" in text
        for word in REVEALING:
            assert word.casefold() not in text.casefold(), (recorded, word)


def test_rqth_only_prints_the_rqth_and_nothing_else(ctx: ServiceContext) -> None:
    person, employer_id, contract = _person_with_contract(ctx)
    employer_relations.set_disclosure(ctx, Disclosure.RQTH_ONLY, contract_id=contract)
    text = _print(ctx, person, employer_id)
    assert "RQTH" in text and "31/05/2029" in text
    assert "Taille des haies" in text
    # the RQTH line says what it is ("Recognised disabled-worker status: RQTH granted…");
    # without it, nothing else tells
    label, status = _("Recognised disabled-worker status"), RqthStatus.GRANTED.label
    assert label in text
    rest = text.replace(label, "").replace(status, "")
    for word in REVEALING:
        assert word.casefold() not in rest.casefold(), word


@pytest.mark.parametrize("choice", [Disclosure.WITH_SUPPORT, Disclosure.FULL])
def test_support_disclosed_prints_the_summary_with_the_association(
    ctx: ServiceContext, choice: Disclosure
) -> None:
    person, employer_id, contract = _person_with_contract(ctx)
    employer_relations.set_disclosure(ctx, choice, contract_id=contract)
    text = _print(ctx, person, employer_id)
    assert "GEM L'Entraide Fictive" in text
    assert "RQTH" in text and "Calme le matin" in text
    assert "Groupe de parole" in text
