"""What each document prints: plain frozen read objects, built by ``services.documents``.

A document holds the read objects the other services already return (a goal is a
``pathways.PathwayView`` on screen and on paper), with the team's internal notes emptied by
``services.documents``; the classes here are only what exists for documents alone (the
header, the options, the identity block). Nothing here touches the vault. Text fields
hold what the user typed (already cleaned by the services); the documents escape it
before giving it to ReportLab's markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from pairdesk.domain.enums import Attendance, WorkshopKind
from pairdesk.domain.indicators import IndicatorReport
from pairdesk.services.assessments import SelfAssessmentRow
from pairdesk.services.attendance import AttendedWorkshop
from pairdesk.services.coaching import MockInterviewView
from pairdesk.services.cvs import CvInput
from pairdesk.services.month_totals import MonthTotals
from pairdesk.services.pathways import PathwayView
from pairdesk.services.schemes import SchemeRow
from pairdesk.services.team import AssociationProfile
from pairdesk.services.wellbeing import WellbeingPlanView


class DocumentKind(StrEnum):
    """Every printed document; the value is the audit entity and the file-name key."""

    PATHWAY_SUMMARY = "pathway_summary"
    ATTENDANCE_SHEET = "attendance_sheet"
    ATTENDANCE_SHEETS = "attendance_sheets"
    ATTENDANCE_ATTESTATION = "attendance_attestation"
    ACTIVITY_REPORT = "activity_report"
    CV = "cv"
    SATISFACTION_FORM = "satisfaction_form"
    SELF_ASSESSMENT_FORM = "self_assessment_form"
    MOCK_INTERVIEW = "mock_interview"


@dataclass(frozen=True, slots=True)
class DocumentHeader:
    """The association printed at the top of every page (never on a CV's body)."""

    association_name: str
    printed_on: dt.date
    association_address: str = ""
    association_phone: str = ""
    association_email: str = ""
    logo: bytes | None = None


def header_of(profile: AssociationProfile, printed_on: dt.date) -> DocumentHeader:
    """The header of a document printed on ``printed_on`` for the association ``profile``."""
    return DocumentHeader(
        association_name=profile.name,
        printed_on=printed_on,
        association_address=profile.address,
        association_phone=profile.phone,
        association_email=profile.email,
        logo=profile.logo,
    )


# --------------------------------------------------------------------------- attendance


@dataclass(frozen=True, slots=True)
class SheetPerson:
    """One registered person on an attendance sheet, named as the caller decided."""

    display_name: str
    walk_in: bool = False
    attendance: Attendance | None = None
    satisfaction: int | None = None


@dataclass(frozen=True, slots=True)
class AttendanceSheetData:
    header: DocumentHeader
    workshop_id: int
    title: str
    kind: WorkshopKind
    held_on: dt.date
    starts_at: dt.time
    ends_at: dt.time
    place: str = ""
    facilitators: tuple[str, ...] = ()
    people: tuple[SheetPerson, ...] = ()
    blank_rows: int = 5
    filled: bool = False
    cancelled: bool = False
    #: People counted at the door without a file (no name: only in the totals).
    visitors: int = 0


@dataclass(frozen=True, slots=True)
class AttestationData:
    header: DocumentHeader
    participant_id: int
    display_name: str
    start: dt.date
    end: dt.date
    workshops: tuple[AttendedWorkshop, ...] = ()
    coordinator_name: str = ""

    @property
    def total_hours(self) -> float:
        return round(sum(w.hours for w in self.workshops), 2)


# --------------------------------------------------------------------------- pathway summary


class SummarySection(StrEnum):
    """The sections a pathway summary may hold, in print order."""

    IDENTITY = "identity"
    SCHEMES = "schemes"
    ASPIRATIONS = "aspirations"
    SKILLS = "skills"
    ACCOMMODATIONS = "accommodations"
    GOALS = "goals"
    TIMELINE = "timeline"
    WORKSHOPS = "workshops"
    MOCK_INTERVIEWS = "mock_interviews"
    SELF_ASSESSMENT = "self_assessment"
    RETENTION = "retention"


ALL_SECTIONS: frozenset[SummarySection] = frozenset(SummarySection)


@dataclass(frozen=True, slots=True)
class PathwaySummaryOptions:
    """What the person printing chose. The wellbeing plan is never printed unless ticked."""

    start: dt.date | None = None
    end: dt.date | None = None
    sections: frozenset[SummarySection] = ALL_SECTIONS
    include_contact: bool = False
    include_wellbeing: bool = False
    use_pseudonym: bool = False


@dataclass(frozen=True, slots=True)
class ContactDetails:
    phone: str = ""
    email: str = ""
    address: str = ""
    city: str = ""


@dataclass(frozen=True, slots=True)
class IdentityLines:
    display_name: str
    membership_start: dt.date
    status_label: str
    rqth_label: str = ""
    rqth_until: dt.date | None = None
    peer_helper: bool = False
    contact: ContactDetails | None = None


@dataclass(frozen=True, slots=True)
class RetentionLine:
    contract: str
    months: int
    checked_on: dt.date
    employed: bool


@dataclass(frozen=True, slots=True)
class PathwaySummaryData:
    header: DocumentHeader
    participant_id: int
    identity: IdentityLines
    # Aspirations, skills, goals, steps and contracts: the pathway as the window shows it,
    # its goals, steps and contracts kept to the period, the team's notes emptied.
    pathway: PathwayView
    options: PathwaySummaryOptions = field(default_factory=PathwaySummaryOptions)
    schemes: tuple[SchemeRow, ...] = ()
    referents: tuple[tuple[str, str], ...] = ()  # (role, name): cross tutoring
    workshops: tuple[AttendedWorkshop, ...] = ()
    mock_interviews: tuple[MockInterviewView, ...] = ()
    assessments: tuple[SelfAssessmentRow, ...] = ()
    retention_checks: tuple[RetentionLine, ...] = ()
    wellbeing: WellbeingPlanView | None = None


# --------------------------------------------------------------------------- activity report


@dataclass(frozen=True, slots=True)
class FunderFigures:
    """The yearly figures a funder asks for (CNSA / ARS GEM activity reports)."""

    year: int
    members_at_year_end: int
    new_members: int
    activities_held: int
    opening_days: tuple[int, ...] = ()  # ISO weekdays
    opening_days_per_year: int | None = None
    opening_hours: str = ""
    staff_fte: float | None = None


@dataclass(frozen=True, slots=True)
class ActivityReportData:
    header: DocumentHeader
    start: dt.date
    end: dt.date
    indicators: IndicatorReport
    months: tuple[MonthTotals, ...] = ()
    funder: FunderFigures | None = None


# --------------------------------------------------------------------------- CV


@dataclass(frozen=True, slots=True)
class CvData:
    """A CV for an employer: the person's own contact, no association branding."""

    header: DocumentHeader  # used only for the print date; never printed on the CV
    participant_id: int
    full_name: str
    version_on: dt.date
    phone: str = ""
    email: str = ""
    city: str = ""
    content: CvInput = field(default_factory=CvInput)
    #: The contact details were left out: whoever printed it may not open the file.
    contact_left_out: bool = False


@dataclass(frozen=True, slots=True)
class MockInterviewData:
    """A mock interview's feedback, for the person interviewed to take away: the interview
    as recorded, their name alone (no contact detail), and the coaching session it was
    part of, if any."""

    header: DocumentHeader
    full_name: str
    interview: MockInterviewView
    session_title: str = ""
    session_on: dt.date | None = None
