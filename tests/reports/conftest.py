"""Report data objects built by hand (fast: no vault), and PDF reading helpers."""

from __future__ import annotations

import datetime as dt
import io
import sys
import types

import pytest
from pypdf import PdfReader

from pairdesk.domain.enums import (
    AssessmentDomain,
    Attendance,
    ContractType,
    EventKind,
    GoalStatus,
    InterviewCriterion,
    Scheme,
    WorkshopKind,
)
from pairdesk.domain.indicators import IndicatorData, compute_report
from pairdesk.services.assessments import SelfAssessmentRow
from pairdesk.services.attendance import AttendedWorkshop
from pairdesk.services.coaching import CriterionScore, MockInterviewView
from pairdesk.services.contracts import ContractRow
from pairdesk.services.cvs import CvInput
from pairdesk.services.document_data import (
    ActivityReportData,
    AttendanceSheetData,
    AttestationData,
    ContactDetails,
    CvData,
    DocumentHeader,
    FunderFigures,
    IdentityLines,
    PathwaySummaryData,
    PathwaySummaryOptions,
    RetentionLine,
    SheetPerson,
)
from pairdesk.services.month_totals import MonthTotals
from pairdesk.services.pathways import GoalRow, PathwayView, TimelineItem
from pairdesk.services.schemes import SchemeRow
from pairdesk.services.wellbeing import WellbeingPlanView
from pairdesk.services.workshops import duration_hours

PRINTED_ON = dt.date(2026, 11, 25)
NAMES = ("Nguyễn Thị Ánh", "Zofia Łukasiewicz", "Ayşe Öztürk", "Ørjan Håland")
WELLBEING_MARK = "Promenade au parc Ψ"


def header(logo: bytes | None = None) -> DocumentHeader:
    return DocumentHeader(
        association_name="GEM Les Tilleuls",
        printed_on=PRINTED_ON,
        association_address="12 rue des Lilas\n69003 Lyon",
        association_phone="04 00 00 00 00",
        association_email="contact@gem-tilleuls.example",
        logo=logo,
    )


def sheet(people: int = 4, *, blank_rows: int = 5, filled: bool = False) -> AttendanceSheetData:
    names = [*NAMES, *(f"Personne n°{i}" for i in range(len(NAMES), people))][:people]
    statuses = (Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED, Attendance.PRESENT)
    return AttendanceSheetData(
        header=header(),
        workshop_id=12,
        title="Atelier CV <entre pairs> & café",
        kind=WorkshopKind.CV,
        held_on=dt.date(2026, 11, 24),
        starts_at=dt.time(14, 0),
        ends_at=dt.time(16, 30),
        place="Salle des Tilleuls",
        facilitators=("Léa Martin", "Marc Dupont"),
        people=tuple(
            SheetPerson(
                display_name=name,
                walk_in=i == 3,
                attendance=statuses[i % 4] if filled else None,
                satisfaction=(4 if i % 4 == 0 else 5 if i % 4 == 3 else None) if filled else None,
            )
            for i, name in enumerate(names)
        ),
        blank_rows=blank_rows,
        filled=filled,
    )


def attended(
    held_on: dt.date, starts_at: dt.time, ends_at: dt.time, kind: WorkshopKind, title: str
) -> AttendedWorkshop:
    return AttendedWorkshop(
        workshop_id=held_on.toordinal(),
        held_on=held_on,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        title=title,
        hours=duration_hours(starts_at, ends_at),
    )


def mock_interview(
    held_on: dt.date, scores: tuple[tuple[InterviewCriterion, int], ...]
) -> MockInterviewView:
    return MockInterviewView(
        id=held_on.toordinal(),
        participant_id=42,
        workshop_id=None,
        held_on=held_on,
        interviewers="",
        target_job="Agent d'accueil",
        comments="",
        questions=(),
        scores=tuple(CriterionScore(criterion, score) for criterion, score in scores),
    )


def self_assessment(
    assessed_on: dt.date, ratings: tuple[tuple[AssessmentDomain, int], ...]
) -> SelfAssessmentRow:
    return SelfAssessmentRow(
        id=assessed_on.toordinal(),
        participant_id=42,
        assessed_on=assessed_on,
        notes="",
        ratings=ratings,
    )


def summary(options: PathwaySummaryOptions | None = None) -> PathwaySummaryData:
    options = options or PathwaySummaryOptions()
    return PathwaySummaryData(
        header=header(),
        participant_id=42,
        options=options,
        identity=IdentityLines(
            display_name="Zofia Łukasiewicz",
            membership_start=dt.date(2025, 3, 4),
            status_label="Active",
            rqth_label="RQTH granted",
            rqth_until=dt.date(2029, 6, 30),
            contact=ContactDetails(phone="06 12 34 56 78", email="zofia@example.org", city="Lyon")
            if options.include_contact
            else None,
        ),
        schemes=(
            SchemeRow(
                id=1,
                participant_id=42,
                scheme=Scheme.CAP_EMPLOI,
                referent_id=3,
                referent_name="Ørjan Håland",
                referent_organisation="Cap Emploi Rhône",
                started_on=dt.date(2025, 4, 1),
                ended_on=None,
                notes="",
            ),
        ),
        referents=(("Peer helper", "Ayşe Öztürk"),),
        pathway=PathwayView(
            participant_id=42,
            aspirations="Travailler dans une bibliothèque, à temps partiel.",
            skills="Accueil du public\nClassement & archivage <rigoureux>",
            lived_experience_skills="Écoute, patience, connaissance des dispositifs.",
            accommodations_needed="Horaires aménagés le matin.",
            preferred_hours_per_week=24.0,
            volunteering="",
            preferred_places="",
            goals=(
                GoalRow(
                    id=1,
                    participant_id=42,
                    title="Refaire mon CV",
                    details="",
                    status=GoalStatus.REACHED,
                    opened_on=dt.date(2025, 4, 1),
                    target_on=None,
                    closed_on=dt.date(2025, 6, 2),
                ),
                GoalRow(
                    id=2,
                    participant_id=42,
                    title="Trouver un stage en médiathèque",
                    details="Immersion de deux semaines",
                    status=GoalStatus.OPEN,
                    opened_on=dt.date(2025, 6, 3),
                    target_on=dt.date(2026, 12, 31),
                    closed_on=None,
                ),
            ),
            timeline=(
                TimelineItem(
                    on=dt.date(2025, 4, 1),
                    kind=EventKind.MEETING,
                    label="Meeting",
                    title="Premier rendez-vous",
                    notes="",
                ),
                TimelineItem(
                    on=dt.date(2026, 1, 12),
                    kind=EventKind.CONTRACT_SIGNED,
                    label="Contract signed",
                    title="Agent d'accueil, Médiathèque",
                    notes="",
                ),
            ),
            contracts=(
                ContractRow(
                    id=1,
                    participant_id=42,
                    contract_type=ContractType.CDD,
                    employer="Médiathèque de Lyon",
                    job_title="Agent d'accueil",
                    hours_per_week=24.0,
                    started_on=dt.date(2026, 1, 12),
                    planned_end_on=dt.date(2026, 12, 31),
                    ended_on=None,
                    end_reason="",
                ),
            ),
        ),
        workshops=(
            attended(dt.date(2026, 2, 3), dt.time(14), dt.time(16), WorkshopKind.CV, "Atelier CV"),
            attended(
                dt.date(2026, 3, 3),
                dt.time(9, 30),
                dt.time(12),
                WorkshopKind.INTERVIEW,
                "Entretiens blancs",
            ),
        ),
        mock_interviews=(
            mock_interview(
                dt.date(2026, 3, 3),
                ((InterviewCriterion.PRESENTATION, 2), (InterviewCriterion.STRESS, 1)),
            ),
            mock_interview(
                dt.date(2026, 5, 5),
                ((InterviewCriterion.PRESENTATION, 3), (InterviewCriterion.STRESS, 3)),
            ),
        ),
        assessments=(
            self_assessment(
                dt.date(2025, 4, 1),
                ((AssessmentDomain.CONFIDENCE, 3), (AssessmentDomain.STRESS, 4)),
            ),
            self_assessment(
                dt.date(2025, 10, 1),
                ((AssessmentDomain.CONFIDENCE, 5), (AssessmentDomain.STRESS, 5)),
            ),
            self_assessment(
                dt.date(2026, 4, 1),
                ((AssessmentDomain.CONFIDENCE, 7), (AssessmentDomain.STRESS, 6)),
            ),
        ),
        retention_checks=(
            RetentionLine("Agent d'accueil, Médiathèque de Lyon", 6, dt.date(2026, 7, 12), True),
        ),
        wellbeing=WellbeingPlanView(
            id=1,
            participant_id=42,
            triggers="Les transports bondés",
            warning_signs="Je dors mal",
            what_helps=WELLBEING_MARK,
            who_to_call="Ma sœur",
            updated_on=dt.date(2026, 9, 1),
        )
        if options.include_wellbeing
        else None,
    )


def attestation() -> AttestationData:
    lines = tuple(
        attended(
            dt.date(2026, month, 3), dt.time(14), dt.time(16, 30), WorkshopKind.CV, "Atelier CV"
        )
        for month in (2, 3, 4)
    )
    return AttestationData(
        header=header(),
        participant_id=42,
        display_name="Nguyễn Thị Ánh",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
        workshops=lines,
        coordinator_name="Léa Martin",
    )


def activity(year: int = 2026) -> ActivityReportData:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    indicators = compute_report(IndicatorData(), start, end, today=end)
    months = tuple(
        MonthTotals(
            year=year,
            month=m,
            workshops_held=3,
            by_kind=((WorkshopKind.CV, 2), (WorkshopKind.INTERVIEW, 1)),
            registrations=20,
            present=15,
            absent=3,
            excused=2,
            not_marked=0,
            distinct_present=9,
            presence_hours=37.5,
        )
        for m in range(1, 13)
    )
    funder = FunderFigures(
        year=year,
        members_at_year_end=57,
        new_members=13,
        activities_held=36,
        opening_days=(1, 2, 4, 5),
        opening_days_per_year=198,
        opening_hours="10 h – 17 h",
        staff_fte=2.5,
    )
    return ActivityReportData(header(), start, end, indicators, months, funder)


def cv() -> CvData:
    return CvData(
        header=header(),
        participant_id=42,
        full_name="Ayşe Öztürk",
        version_on=dt.date(2026, 10, 2),
        phone="06 98 76 54 32",
        email="ayse@example.org",
        city="Villeurbanne",
        content=CvInput(
            headline="Agente d'accueil bilingue français – turc",
            experience="- 2024–2026 : accueil & orientation, GEM (bénévole)\n- 2019 : vendeuse, Lyon",
            skills="Accueil du public\nCaisse",
            training="CAP vente (2015)",
            languages="Français, turc, anglais (notions)",
            interests="Jardinage partagé",
        ),
    )


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def make() -> types.ModuleType:
    """This module: the factories above (``make.sheet(37, blank_rows=10)``…)."""
    return sys.modules[__name__]
