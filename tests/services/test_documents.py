"""Documents assembled from the vault through the other services, then printed."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from pairdesk.domain.enums import (
    AssessmentDomain,
    Attendance,
    AuditAction,
    ConsentMethod,
    ConsentPurpose,
    ContractType,
    EventKind,
    GoalStatus,
    InterviewCriterion,
    Role,
    WorkshopKind,
)
from pairdesk.errors import InvalidInput, PermissionDenied, UnknownId
from pairdesk.i18n import _
from pairdesk.reports.activity_report import activity_report_pdf
from pairdesk.reports.attendance import attendance_sheet_pdf, attestation_pdf
from pairdesk.reports.cv import cv_pdf
from pairdesk.reports.mock_interview import mock_interview_pdf
from pairdesk.reports.pathway_summary import pathway_summary_pdf
from pairdesk.services import (
    assessments,
    attendance,
    coaching,
    consents,
    contracts,
    cvs,
    pathways,
    wellbeing,
    workshops,
)
from pairdesk.services.context import ServiceContext
from pairdesk.services.document_data import PathwaySummaryOptions
from pairdesk.services.documents import (
    activity_report_data,
    attendance_sheet_data,
    attendance_sheets_for_period,
    attestation_data,
    cv_data,
    mock_interview_data,
    pathway_summary_data,
)
from pairdesk.store.models import AuditEntry
from tests.factories import insert_member, insert_participant, make_workshop

DAY = dt.date(2026, 11, 20)
PHONE = "06 11 22 33 44"


def _workshop(ctx: ServiceContext, day: dt.date = DAY, **changes: Any) -> int:
    facilitator = insert_member(ctx, "Léa", "Martin", Role.FACILITATOR)
    values: dict[str, Any] = {"place": "Salle du GEM", "facilitator_ids": (facilitator,)}
    values.update(changes)
    return make_workshop(ctx, day, **values).id


def _audit(ctx: ServiceContext, entity: str) -> list[AuditEntry]:
    with ctx.transaction() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.entity == entity)).all()
        session.expunge_all()
        return list(rows)


def test_sheet_uses_the_pseudonym_without_consent_and_audits(ctx: ServiceContext) -> None:
    wid = _workshop(ctx)
    anh = insert_participant(ctx, "Nguyễn Thị", "Ánh", pseudonym="Lotus", phone=PHONE)
    zofia = insert_participant(ctx, "Zofia", "Łukasiewicz", pseudonym="Zozo", phone=PHONE)
    ayse = insert_participant(ctx, "Ayşe", "Öztürk", phone=PHONE)
    orjan = insert_participant(ctx, "Ørjan", "Håland", pseudonym="Bjørn", phone=PHONE)
    for pid in (anh, zofia, ayse, orjan):
        workshops.register(ctx, wid, pid)
    consents.record_consent(
        ctx, zofia, ConsentPurpose.COLLECTIVE_DOCUMENTS, dt.date(2026, 2, 1), ConsentMethod.WRITTEN
    )
    withdrawn = consents.record_consent(
        ctx, orjan, ConsentPurpose.COLLECTIVE_DOCUMENTS, dt.date(2026, 2, 1), ConsentMethod.ORAL
    )
    consents.withdraw_consent(ctx, withdrawn.id, dt.date(2026, 6, 1))

    data = attendance_sheet_data(ctx, wid, blank_rows=2, action=AuditAction.PRINT)
    names = sorted(p.display_name for p in data.people)
    # Ánh: pseudonym, no consent; Zofia: consent → full name; Ayşe: no pseudonym → full
    # name; Ørjan: consent withdrawn → pseudonym
    assert names == sorted(["Lotus", "Zofia Łukasiewicz", "Ayşe Öztürk", "Bjørn"])
    assert data.facilitators == ("Léa Martin",)
    assert data.header.association_name == "GEM Les Tilleuls"
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(attendance_sheet_pdf(data))).pages
    )
    assert "Zofia Łukasiewicz" in text and "Lotus" in text
    assert "Nguyễn" not in text and "Håland" not in text

    (entry,) = _audit(ctx, "attendance_sheet")
    assert (entry.entity_id, entry.action) == (wid, AuditAction.PRINT.value)
    assert "Lotus" not in entry.detail and "Zofia" not in entry.detail


def test_filled_sheet_and_period_batch(ctx: ServiceContext) -> None:
    wid = _workshop(ctx)
    other = _workshop(ctx, dt.date(2026, 11, 3))
    cancelled = _workshop(ctx, dt.date(2026, 11, 10))
    workshops.cancel_workshop(ctx, cancelled)
    _workshop(ctx, dt.date(2026, 12, 1))  # outside the month
    pid = insert_participant(ctx, "Zofia", "Łukasiewicz", phone=PHONE)
    workshops.register(ctx, wid, pid)
    attendance.mark_attendance(ctx, wid, pid, Attendance.PRESENT)
    attendance.set_satisfaction(ctx, wid, pid, 5)

    filled = attendance_sheet_data(ctx, wid, filled=True)
    assert filled.people[0].attendance is Attendance.PRESENT
    assert filled.people[0].satisfaction == 5
    blank = attendance_sheet_data(ctx, wid)
    assert blank.people[0].attendance is None and blank.people[0].satisfaction is None

    sheets = attendance_sheets_for_period(ctx, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [s.workshop_id for s in sheets] == [other, wid]
    (entry,) = _audit(ctx, "attendance_sheets")
    assert entry.action == AuditAction.EXPORT.value and "sheets=2" in entry.detail

    # Filled sheets stop at today (25/11): a workshop to come has nothing filled in.
    coming = _workshop(ctx, dt.date(2026, 11, 28))
    to_sign = attendance_sheets_for_period(ctx, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert coming in [s.workshop_id for s in to_sign]
    filled_in = attendance_sheets_for_period(
        ctx, dt.date(2026, 11, 1), dt.date(2026, 11, 30), filled=True
    )
    assert [s.workshop_id for s in filled_in] == [other, wid]


def test_unknown_ids_and_bad_input_are_refused(ctx: ServiceContext) -> None:
    with pytest.raises(UnknownId):
        attendance_sheet_data(ctx, 999)
    with pytest.raises(UnknownId):
        pathway_summary_data(ctx, 999)
    with pytest.raises(UnknownId):
        attestation_data(ctx, 999, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with pytest.raises(UnknownId):
        cv_data(ctx, 999)
    pid = insert_participant(ctx, "Ayşe", "Öztürk", phone=PHONE)
    with pytest.raises(UnknownId):
        cv_data(ctx, pid)  # no CV saved yet
    with pytest.raises(InvalidInput):
        attestation_data(ctx, pid, dt.date(2026, 12, 31), dt.date(2026, 1, 1))
    with pytest.raises(InvalidInput):
        attendance_sheet_data(ctx, _workshop(ctx), blank_rows=-1)
    with pytest.raises(InvalidInput):
        cv_data(ctx, pid, action=AuditAction.DELETE)
    assert _audit(ctx, "cv") == []


def test_attestation_counts_hours_attended_in_the_period(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx, "Nguyễn Thị", "Ánh", phone=PHONE)
    for day in (dt.date(2026, 3, 3), dt.date(2026, 4, 7), dt.date(2026, 9, 1)):
        wid = _workshop(ctx, day)
        workshops.register(ctx, wid, pid)
        attendance.mark_attendance(ctx, wid, pid, Attendance.PRESENT)
    data = attestation_data(ctx, pid, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert data.display_name == "Nguyễn Thị Ánh"
    assert data.total_hours == 5.0
    assert len(data.workshops) == 2
    text = " ".join(PdfReader(io.BytesIO(attestation_pdf(data))).pages[0].extract_text().split())
    assert "Nguyễn Thị Ánh" in text and "03/03/2026" in text and "07/04/2026" in text
    assert "09/2026" not in text
    (entry,) = _audit(ctx, "attendance_attestation")
    assert entry.entity_id == pid


def test_summary_loads_the_pathway_and_the_plan_only_when_asked(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx, "Zofia", "Łukasiewicz", pseudonym="Zozo", phone=PHONE)
    pathways.update_pathway(
        ctx, pid, pathways.PathwayInput(aspirations="Travailler en bibliothèque")
    )
    goal = pathways.add_goal(ctx, pid, "Refaire mon CV", opened_on=dt.date(2026, 2, 1))
    pathways.set_goal_status(ctx, goal.id, GoalStatus.REACHED, dt.date(2026, 3, 1))
    assessments.record_self_assessment(
        ctx, pid, dt.date(2026, 2, 1), {AssessmentDomain.CONFIDENCE: 3}
    )
    assessments.record_self_assessment(
        ctx, pid, dt.date(2026, 6, 1), {AssessmentDomain.CONFIDENCE: 7}
    )
    wellbeing.save_wellbeing_plan(ctx, pid, "Le bruit", "Je dors mal", "Marcher Ψ", "Ma sœur")

    data = pathway_summary_data(ctx, pid)
    assert data.wellbeing is None
    assert data.identity.display_name == "Zofia Łukasiewicz"
    assert data.identity.contact is None
    assert [g.status for g in data.pathway.goals] == [GoalStatus.REACHED]
    assert len(data.assessments) == 2
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pathway_summary_pdf(data))).pages
    )
    assert "Marcher Ψ" not in text
    assert "Travailler en bibliothèque" in text
    assert _("How you see your progress") in text

    ticked = pathway_summary_data(
        ctx,
        pid,
        PathwaySummaryOptions(include_wellbeing=True, include_contact=True, use_pseudonym=True),
    )
    assert ticked.wellbeing is not None and ticked.wellbeing.what_helps == "Marcher Ψ"
    assert ticked.identity.display_name == "Zozo"
    assert ticked.identity.contact is not None
    assert ticked.identity.contact.phone == "06 11 22 33 44"

    later = pathway_summary_data(
        ctx, pid, PathwaySummaryOptions(start=dt.date(2026, 5, 1), end=dt.date(2026, 12, 31))
    )
    assert [a.assessed_on for a in later.assessments] == [dt.date(2026, 6, 1)]
    assert later.pathway.goals == ()  # reached before the period

    entries = _audit(ctx, "pathway_summary")
    assert [e.detail for e in entries] == ["", "with wellbeing plan", ""]
    assert all(e.entity_id == pid for e in entries)


def test_summary_carries_the_services_rows_without_the_teams_notes(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx, "Ayşe", "Öztürk", phone=PHONE)
    pathways.add_event(
        ctx, pid, EventKind.MEETING, dt.date(2026, 3, 2), "Premier rendez-vous", "NOTE-EVENT"
    )
    assessments.record_self_assessment(
        ctx, pid, dt.date(2026, 3, 2), {AssessmentDomain.CONFIDENCE: 4}, "NOTE-ASSESSMENT"
    )
    contract = contracts.add_contract(
        ctx,
        pid,
        contracts.ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDD,
            employer="Médiathèque",
            job_title="Agent d'accueil",
            started_on=dt.date(2026, 4, 1),
        ),
    )
    contracts.end_contract(ctx, contract.id, dt.date(2026, 6, 30), "NOTE-END")

    data = pathway_summary_data(ctx, pid)
    assert [t.title for t in data.pathway.timeline if t.kind is EventKind.MEETING] == [
        "Premier rendez-vous"
    ]
    assert all(t.notes == "" for t in data.pathway.timeline)
    assert [a.notes for a in data.assessments] == [""]
    assert [(c.job_title, c.end_reason) for c in data.pathway.contracts] == [
        ("Agent d'accueil", "")
    ]
    assert "NOTE-" not in repr(data)


def test_the_funders_figures_are_the_annual_reports(ctx: ServiceContext) -> None:
    """« Adhérent·es au 31 décembre 2026 » said 55 in the activity report and 81 in the
    GEM's annual report for the same year: the register's members were missing here."""
    from pairdesk.services import gem_year, register
    from pairdesk.services.register import RegisterPersonInput

    insert_participant(ctx, "Zofia", "Łukasiewicz", phone=PHONE)
    register.add_person(
        ctx, RegisterPersonInput("Adhérent du registre", member_since=dt.date(2026, 2, 1))
    )
    data = activity_report_data(ctx, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    figures = gem_year.year_figures(ctx, 2026)
    assert data.funder is not None
    assert (data.funder.members_at_year_end, data.funder.new_members) == (
        figures["members_at_year_end"],
        figures["new_members"],
    )
    assert data.funder.members_at_year_end == 2


def test_activity_report_names_nobody(ctx: ServiceContext) -> None:
    people = [
        insert_participant(ctx, "Nguyễn Thị", "Ánh", pseudonym="Lotus", phone=PHONE),
        insert_participant(ctx, "Zofia", "Łukasiewicz", phone=PHONE),
        insert_participant(ctx, "Ørjan", "Håland", phone=PHONE),
    ]
    wid = _workshop(ctx, dt.date(2026, 3, 3), title="Atelier CV")
    for pid in people:
        workshops.register(ctx, wid, pid)
    attendance.mark_attendance(ctx, wid, people[0], Attendance.PRESENT)
    attendance.mark_attendance(ctx, wid, people[1], Attendance.ABSENT)

    data = activity_report_data(ctx, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert data.funder is not None
    assert data.funder.members_at_year_end == 3
    assert data.funder.activities_held == 1
    assert [m.month for m in data.months] == list(range(1, 13))
    assert data.months[2].present == 1 and data.months[2].absent == 1
    pdf = activity_report_pdf(data)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for fragment in ("Nguyễn", "Ánh", "Lotus", "Zofia", "Łukasiewicz", "Ørjan", "Håland", "Léa"):
        assert fragment not in text
    assert "50 %" in text  # 1 present of 2 marked
    (entry,) = _audit(ctx, "activity_report")
    assert entry.entity_id is None and entry.detail == "2026-01-01..2026-12-31"


def test_a_pair_aidant_prints_any_cv_its_contact_details_for_her_tutees(
    ctx: ServiceContext,
) -> None:
    """At a CV workshop a pair-aidante could edit every CV but print none but her
    tutees': the contact details made the print a file read."""
    from pairdesk.services import tutoring
    from pairdesk.services.context import Operator

    helper_id = insert_member(ctx, "Sigríður", "Gauthier", Role.PEER_HELPER)
    helper = ctx.with_operator(Operator(id=helper_id, name="Sigríður", role=Role.PEER_HELPER))
    pid = insert_participant(ctx, "Hélène", "Đặng", phone=PHONE)
    cvs.save_cv_version(ctx, pid, cvs.CvInput(headline="Agente d'accueil"))

    printed = cv_data(helper, pid)
    assert (printed.full_name, printed.phone, printed.contact_left_out) == ("Hélène Đặng", "", True)
    text = PdfReader(io.BytesIO(cv_pdf(printed))).pages[0].extract_text()
    assert "Agente d'accueil" in text and PHONE not in text

    tutoring.set_tutoring(ctx, pid, helper_id, started_on=dt.date(2026, 11, 1))
    tutee = cv_data(helper, pid)
    assert (tutee.phone, tutee.contact_left_out) == (PHONE, False)


def test_cv_from_the_latest_version(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx, "Ayşe", "Öztürk", phone=PHONE)
    cvs.save_cv_version(ctx, pid, cvs.CvInput(headline="Ancienne version"))
    cvs.save_cv_version(
        ctx, pid, cvs.CvInput(headline="Agente d'accueil", skills="Accueil du public")
    )
    data = cv_data(ctx, pid)
    assert data.content.headline == "Agente d'accueil"
    assert data.full_name == "Ayşe Öztürk"
    text = PdfReader(io.BytesIO(cv_pdf(data))).pages[0].extract_text()
    assert "Ayşe Öztürk" in text and "Agente d'accueil" in text
    assert "Ancienne version" not in text
    assert "GEM Les Tilleuls" not in text
    (entry,) = _audit(ctx, "cv")
    assert entry.entity_id == pid


def test_mock_interview_feedback_names_the_person_and_audits(ctx: ServiceContext) -> None:
    """What a pair-aidant prints for the person after a mock interview: the interview as
    saved, the person's name alone (no contact detail, even for a coordinator), the
    coaching session; an audit line on the interview; a volunteer may not."""
    from pairdesk.services.context import Operator

    pid = insert_participant(ctx, "Ørjan", "Håland", phone=PHONE)
    session_id = _workshop(ctx, kind=WorkshopKind.INTERVIEW, title="Coaching du jeudi")
    saved = coaching.record_mock_interview(
        ctx,
        coaching.MockInterviewInput(
            participant_id=pid,
            held_on=DAY,
            interviewers="Léa",
            target_job="Magasinier",
            extra_questions=("Pourquoi nous ?",),
            scores={InterviewCriterion.CLARITY: 3, InterviewCriterion.STRESS: 2},
            comments="Bonne énergie",
            workshop_id=session_id,
        ),
    )
    data = mock_interview_data(ctx, saved.id)
    assert data.full_name == "Ørjan Håland"
    assert (data.session_title, data.session_on) == ("Coaching du jeudi", DAY)
    assert data.interview == coaching.get_mock_interview(ctx, saved.id)
    text = " ".join(PdfReader(io.BytesIO(mock_interview_pdf(data))).pages[0].extract_text().split())
    assert "Ørjan Håland" in text and "Magasinier" in text and "Pourquoi nous ?" in text
    assert PHONE not in text
    exported = [e for e in _audit(ctx, "mock_interview") if e.action == AuditAction.EXPORT.value]
    assert [e.entity_id for e in exported] == [saved.id]

    helper_id = insert_member(ctx, "Ana", "Volontaire", Role.VOLUNTEER)
    volunteer = ctx.with_operator(Operator(id=helper_id, name="Ana", role=Role.VOLUNTEER))
    with pytest.raises(PermissionDenied):
        mock_interview_data(volunteer, saved.id)
    with pytest.raises(UnknownId):
        mock_interview_data(ctx, saved.id + 1000)


def test_the_funder_figures_take_the_year_forms_staff(ctx: ServiceContext) -> None:
    """The activity report gave the profile's staff (2,6) where the annual report gave
    the year form's (1,8) for the same year (a tester's finding): the year's staff
    lines when typed, else the profile's figure."""
    from pairdesk.services import gem_year, team
    from pairdesk.services.gem_year import AssociationYearInput, StaffLine

    team.update_association(ctx, team.AssociationInput(name="GEM Test", staff_fte=2.6))
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert activity_report_data(ctx, first, last).funder.staff_fte == 2.6
    gem_year.save_year(
        ctx,
        2026,
        AssociationYearInput(
            staff=(StaffLine("Animatrice", "", 0.8), StaffLine("Animateur", "", 1.0))
        ),
    )
    funder = activity_report_data(ctx, first, last).funder
    assert funder is not None and funder.staff_fte == 1.8
    annual = {f.id: f.value for f in gem_year.annual_report_data(ctx, 2026).figures}
    assert annual["paid_staff_fte"] == funder.staff_fte
