"""The year's form and the annual activity report's figures, by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from pairdesk.domain.enums import Role
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.reports.base import hidden_text
from pairdesk.reports.gem_annual import gem_annual_pdf, gem_annual_xlsx
from pairdesk.services import gem_year, register, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.gem_year import AssociationYearInput, StaffLine
from pairdesk.services.register import RegisterKind, RegisterPersonInput
from pairdesk.store.models import AuditEntry
from tests.factories import acting_as, insert_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)


def _form() -> AssociationYearInput:
    return AssociationYearInput(
        staff=(
            StaffLine("Animatrice", "Moniteur-éducateur", 1.0),
            StaffLine("Animateur", "BPJEPS", 0.5),
        ),
        volunteers=3,
        volunteer_functions="Accueil le samedi",
        bureau_members=5,
        bureau_members_from_gem=4,
        sponsor="Association Parrain Fictive",
        sponsor_agreement_on=dt.date(2024, 9, 1),
        managing_body="Gestionnaire Exemple",
        premises="Un local de 80 m² en rez-de-chaussée",
        partnerships="Mairie, CMP",
        activities_held="Sorties, ateliers cuisine",
        activities_planned="Journée régionale de la pair-aidance",
        highlights="Dix ans du GEM",
    )


def test_the_form_is_kept_per_year(ctx: ServiceContext) -> None:
    assert gem_year.get_year(ctx, 2026).saved is False
    saved = gem_year.save_year(ctx, 2026, _form())
    assert saved.saved and saved.staff[1].fte == 0.5
    assert gem_year.get_year(ctx, 2025).saved is False
    assert gem_year.get_year(ctx, 2026).highlights == "Dix ans du GEM"


def test_form_errors_name_their_field(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput) as error:
        gem_year.save_year(
            ctx, 2026, AssociationYearInput(bureau_members=2, bureau_members_from_gem=3)
        )
    assert error.value.field == "bureau_members_from_gem"
    with pytest.raises(InvalidInput) as error:
        gem_year.save_year(ctx, 2026, AssociationYearInput(staff=(StaffLine("A", "", 1.5),)))
    assert error.value.field == "staff"


def test_only_a_coordinator_saves_the_year(ctx: ServiceContext) -> None:
    facilitator = acting_as(ctx, "Fabien", Role.FACILITATOR)
    with pytest.raises(PermissionDenied):
        gem_year.save_year(facilitator, 2026, _form())


def _fixture(ctx: ServiceContext) -> None:
    """Opening Monday and Tuesday. 2026: register members A (since 2025), B (joined
    2026-03-01), visitor V; participant P (member since 2026-01-05)."""
    profile = team.get_association(ctx)
    team.update_association(ctx, team.AssociationInput(name=profile.name, opening_days=(1, 2)))
    a = register.add_person(ctx, RegisterPersonInput("A", member_since=dt.date(2025, 5, 1)))
    b = register.add_person(ctx, RegisterPersonInput("B", member_since=dt.date(2026, 3, 1)))
    v = register.add_person(ctx, RegisterPersonInput("V", RegisterKind.VISITOR))
    p = insert_participant(ctx, "Paul", "Fictif", membership_start=dt.date(2026, 1, 5))
    mon, tue = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    for day, people in ((mon, [("register", a.id), ("register", v.id)]),
                        (tue, [("register", a.id), ("register", b.id), ("participant", p)])):  # fmt: skip
        for person in people:
            register.set_present(ctx, day, person, True)
    register.set_anonymous_visitors(ctx, tue, 2)
    # 2025: A once.
    register.set_present(ctx, dt.date(2025, 6, 2), ("register", a.id), True)


def test_the_year_figures_by_hand(ctx: ServiceContext) -> None:
    _fixture(ctx)
    figures = gem_year.year_figures(ctx, 2026)
    # Members on 31/12: A, B from the register + P from the files = 3; new: B and P = 2.
    assert figures["members_at_year_end"] == 3
    assert figures["new_members"] == 2
    # Named: A, V, B, P = 4 distinct (members A, B, P; non-member V) + 2 anonymous visits.
    assert figures["people_received"] == 6
    assert (figures["distinct_members"], figures["distinct_non_members"]) == (3, 1)
    # Person-days: Monday 2, Tuesday 3 + 2 anonymous = 7; members 1 + 3 = 4; others 3.
    assert (figures["person_days"], figures["member_days"], figures["non_member_days"]) == (
        7,
        4,
        3,
    )
    # Opening Mondays and Tuesdays from 1 January to 25 November 2026 (today):
    # 47 Mondays (5/1 … 23/11) + 47 Tuesdays (6/1 … 24/11) = 94.
    assert figures["opening_days"] == 94
    assert figures["average_per_opening_day"] == pytest.approx(7 / 94)
    # The form not typed: staff unknown, not zero.
    assert figures["paid_staff"] is None and figures["volunteers"] is None
    # Typed members override the computed ones.
    gem_year.save_year(ctx, 2026, AssociationYearInput(members_at_year_end=40))
    assert gem_year.year_figures(ctx, 2026)["members_at_year_end"] == 40
    before = gem_year.year_figures(ctx, 2025)
    assert before["person_days"] == 1 and before["members_at_year_end"] == 1


def test_the_report_pdf_and_xlsx_read_back(ctx: ServiceContext) -> None:
    _fixture(ctx)
    gem_year.save_year(ctx, 2026, _form())
    data = gem_year.annual_report_data(ctx, 2026)
    by_id = {f.id: f for f in data.figures}
    assert (by_id["person_days"].value, by_id["person_days"].previous) == (7, 1)
    assert by_id["paid_staff_fte"].value == 1.5 and by_id["paid_staff_fte"].typed
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(gem_annual_pdf(data))).pages
    )
    for expected in (
        "Rapport d'activité annuel 2026",
        "28/02/2027",
        "Journée régionale de la pair-aidance",
        "Moniteur-éducateur",
        "Association Parrain Fictive",
        "01/09/2024",
    ):
        assert expected in text, expected
    for name in ("Paul", "Fictif"):
        assert name not in text
    flat = " ".join(text.split())
    assert " ; " in flat and "; " not in flat.replace(" ; ", "")  # French list spacing
    # an agreement not filled in says so, not « — (convention du —) »
    blank = dataclasses.replace(
        data, form=dataclasses.replace(data.form, managing_body="", management_agreement_on=None)
    )
    blank_text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(gem_annual_pdf(blank))).pages
        ).split()
    )
    assert "Organisme gestionnaire : non renseigné" in blank_text
    assert "(convention du —)" not in blank_text
    workbook = load_workbook(io.BytesIO(gem_annual_xlsx(data)))
    rows = {r[0]: r[1:3] for r in workbook.active.iter_rows(values_only=True) if r and r[0]}
    assert rows[by_id["person_days"].label] == (7, 1)
    assert rows[by_id["people_received"].label] == (6, 1)
    with ctx.transaction() as session:
        lines = session.scalars(select(AuditEntry).where(AuditEntry.entity == "gem_annual")).all()
    assert [(line.entity_id, line.detail) for line in lines] == [(2026, "year=2026 publication=no")]


def test_for_publication_small_counts_print_as_less_than_11(ctx: ServiceContext) -> None:
    _fixture(ctx)
    data = gem_year.annual_report_data(ctx, 2026, for_publication=True)
    by_id = {f.id: f for f in data.figures}
    assert by_id["person_days"].hidden and by_id["members_at_year_end"].hidden
    assert not by_id["opening_days"].hidden
    workbook = load_workbook(io.BytesIO(gem_annual_xlsx(data)))
    rows = {r[0]: r[1:3] for r in workbook.active.iter_rows(values_only=True) if r and r[0]}
    assert rows[by_id["person_days"].label][0] == hidden_text()
    published = [
        v
        for label, values in rows.items()
        for v in values
        if isinstance(v, int) and label != by_id["opening_days"].label
    ]
    assert not [v for v in published if 1 <= v <= 10]


def test_the_report_gives_the_supported_employment_figures(ctx: ServiceContext) -> None:
    from pairdesk.services.ips import compute_ips
    from pairdesk.store.models import Contract

    pid = insert_participant(ctx, "Paul", "Fictif")
    with ctx.transaction() as session:
        session.add_all(
            [
                Contract(participant_id=pid, contract_type="cdi", hours_per_week=24.0,
                         started_on=dt.date(2026, 2, 2)),
                Contract(participant_id=pid, contract_type="cdd", hours_per_week=None,
                         started_on=dt.date(2026, 9, 1), planned_end_on=dt.date(2026, 9, 30)),
            ]
        )  # fmt: skip
    figures = compute_ips(ctx, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (figures.job_starts, figures.first_job_starts, figures.unknown_hours) == (1, 1, 1)
    assert figures.in_work_over_13_weeks == 1
    data = gem_year.annual_report_data(ctx, 2026)
    rows = {r[0]: r[1:3] for r in load_workbook(io.BytesIO(gem_annual_xlsx(data))).active.iter_rows(values_only=True) if r and r[0]}  # fmt: skip
    assert rows["dont premières prises de poste"] == (1, 0)  # numbers, not texts
    published = gem_year.annual_report_data(ctx, 2026, for_publication=True)
    rows = {r[0]: r[1:3] for r in load_workbook(io.BytesIO(gem_annual_xlsx(published))).active.iter_rows(values_only=True) if r and r[0]}  # fmt: skip
    assert rows["dont premières prises de poste"] == (hidden_text(), 0)
    assert gem_year.export_counts(ctx, 2026)["ips_first_job_starts"] == 1
