"""Right of access: everything held about one participant, as a readable PDF.

Built from the JSON-serialisable export of ``pairdesk.services.privacy.export_participant``
(no queries here). Every section is printed, even the private ones: this document is for
the person themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from pairdesk import formatting
from pairdesk.domain.employers import InteractionKind
from pairdesk.domain.enums import (
    AssessmentDomain,
    Attendance,
    AuditAction,
    ConsentMethod,
    ConsentPurpose,
    ContractType,
    CvSection,
    EntrySituation,
    EventKind,
    FollowUpFrequency,
    FollowUpMode,
    GoalStatus,
    InterviewCriterion,
    LabelledEnum,
    ParticipantStatus,
    RemoteWork,
    RqthStatus,
    Scheme,
    ShareOutcome,
    WorkshopKind,
)
from pairdesk.i18n import N_, _
from pairdesk.reports.base import (
    FONT_BOLD,
    MARGIN,
    PORTRAIT,
    SHADE,
    build_pdf,
    cell,
    grid_table,
    para,
)
from pairdesk.services.document_data import DocumentHeader

WIDTH = PORTRAIT[0] - 2 * MARGIN
LABEL_WIDTH = 55 * mm
LONG_TEXT = 300

_SECTIONS: tuple[tuple[str, str], ...] = (
    ("identity", N_("Identity and contact")),
    ("schemes", N_("Support schemes")),
    ("consents", N_("Consents")),
    ("tutoring", N_("Cross tutoring")),
    ("pathway", N_("Pathway")),
    ("goals", N_("Goals")),
    ("events", N_("Pathway steps")),
    ("contracts", N_("Contracts and job retention")),
    ("wellbeing_plan", N_("Wellbeing plan")),
    ("workshops", N_("Workshops")),
    ("cv_versions", N_("CV versions")),
    ("mock_interviews", N_("Mock interviews")),
    ("offer_shares", N_("Job offers shared")),
    ("self_assessments", N_("Self-assessments")),
    ("days_present", N_("Days present at the GEM")),
    ("employer_contacts", N_("Contacts with employers about you")),
    ("audit", N_("Audit trail: who did what in this file")),
)

_FIELDS: dict[str, str] = {
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "pseudonym": N_("Pseudonym"),
    "birth_date": N_("Birth date"),
    "birth_year": N_("Year of birth"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "address": N_("Address"),
    "city": N_("City"),
    "membership_start": N_("Membership start"),
    "membership_end": N_("Membership end"),
    "status": N_("Status"),
    "notes": N_("Notes"),
    "title": N_("Title"),
    "details": N_("Details"),
    "kind": N_("Kind"),
    "scheme": N_("Support scheme"),
    "purpose": N_("Purpose"),
    "method": N_("How consent was given"),
    "given_on": N_("Date of consent"),
    "withdrawn_on": N_("Date of withdrawal"),
    "referent_name": N_("Referent"),
    "started_on": N_("Start"),
    "ended_on": N_("End"),
    "occurred_on": N_("Date"),
    "held_on": N_("Date"),
    "contract_type": N_("Contract type"),
    "employer": N_("Employer"),
    "job_title": N_("Job"),
    "hours_per_week": N_("Hours per week"),
    "attendance": N_("Attendance"),
    "satisfaction": N_("Satisfaction"),
    "outcome": N_("Outcome"),
    "shared_on": N_("Shared on"),
    "assessed_on": N_("Date"),
    "comment": N_("Comment"),
    "comments": N_("Comments"),
    "at": N_("When"),
    "operator_name": N_("Who"),
    "action": N_("Action"),
    "entity": N_("Record"),
    "text": N_("Note"),
    "member_name": N_("Team member"),
    "what": N_("What was done"),
    "rqth_status": N_("RQTH"),
    "rqth_until": N_("RQTH valid until"),
    "entry_situation": N_("Work situation at entry"),
    "followup_frequency": N_("Follow-up frequency"),
    "followup_mode": N_("How the follow-up is held"),
    "followup_times": N_("Preferred times"),
    "is_peer_helper": N_("Peer helper"),
    "last_contact_on": N_("Last contact"),
    "created_at": N_("File created"),
    "updated_at": N_("Last changed"),
    "planned_end_on": N_("Planned end"),
    "end_reason": N_("Why it ended"),
    "checked_on": N_("Date of the check"),
    "months": N_("Months after the start"),
    "employed": N_("In work"),
    "opened_on": N_("Opened on"),
    "target_on": N_("Target date"),
    "closed_on": N_("Closed on"),
    "created_on": N_("Created on"),
    "updated_on": N_("Updated on"),
    "label": N_("Version"),
    "author_name": N_("Written by"),
    "section": N_("Section"),
    "interviewers": N_("Interviewers"),
    "target_job": N_("Job aimed at"),
    "question_text": N_("Question"),
    "criterion": N_("Criterion"),
    "score": N_("Score (1 to 4)"),
    "outcome_on": N_("Date of the outcome"),
    "offer": N_("Offer"),
    "accommodations": N_("Accommodations"),
    "closing_on": N_("Closing date"),
    "contact": N_("Contact"),
    "description": N_("Description"),
    "employer_open_to_disability": N_("Employer open to disability"),
    "place": N_("Place"),
    "remote": N_("Remote work"),
    "source": N_("Source"),
    "archived": N_("Archived"),
    "aspirations": N_("Aspirations"),
    "lived_experience_skills": N_("Skills from lived experience"),
    "volunteering": N_("Volunteering"),
    "accommodations_needed": N_("Accommodations needed"),
    "preferred_hours_per_week": N_("Preferred hours per week"),
    "preferred_places": N_("Preferred places"),
    "domain": N_("Domain"),
    "rating": N_("Rating"),
    "ratings": N_("Ratings"),
    "scores": N_("Scores"),
    "questions": N_("Questions"),
    "retention_checks": N_("Job retention checks"),
    "peer_helper_name": N_("Peer helper"),
    "professional_name": N_("Professional"),
    "professional_referent_name": N_("Professional referent"),
    "triggers": N_("What can trigger a crisis"),
    "warning_signs": N_("Warning signs"),
    "what_helps": N_("What helps"),
    "who_to_call": N_("Who to call"),
    "registered_on": N_("Registered on"),
    "walk_in": N_("Came without registering"),
    "workshop": N_("Workshop"),
    "cancelled": N_("Cancelled"),
    "capacity": N_("Places"),
    "starts_at": N_("Starts at"),
    "ends_at": N_("Ends at"),
    "visitors": N_("Visitors"),
    "employees_reached": N_("Employees reached"),
}

#: What the database keeps for itself: ids, versions, search keys. The person is shown
#: what is said of them, not how it is stored (a tester's print said « search text »,
#: « edit version » and « anonymised »).
_TECHNICAL = frozenset({"id", "edit_version", "search_text", "sort_name", "anonymised", "position"})

#: The closed lists a field's stored value belongs to, tried in turn (``status`` is a
#: person's or a goal's, ``kind`` a step's, a workshop's or a contact's).
_VOCABULARIES: dict[str, tuple[type[LabelledEnum], ...]] = {
    "status": (ParticipantStatus, GoalStatus),
    "rqth_status": (RqthStatus,),
    "entry_situation": (EntrySituation,),
    "followup_frequency": (FollowUpFrequency,),
    "followup_mode": (FollowUpMode,),
    "scheme": (Scheme,),
    "purpose": (ConsentPurpose,),
    "method": (ConsentMethod,),
    "contract_type": (ContractType,),
    "kind": (EventKind, WorkshopKind, InteractionKind),
    "attendance": (Attendance,),
    "section": (CvSection,),
    "criterion": (InterviewCriterion,),
    "remote": (RemoteWork,),
    "outcome": (ShareOutcome,),
    "domain": (AssessmentDomain,),
    "action": (AuditAction,),
}


def _shown(key: str) -> bool:
    return key not in _TECHNICAL and not key.endswith("_id")


def _audit_line(record: dict[str, Any]) -> dict[str, Any]:
    """A line of the trail as the audit window says it (``what``, from the service):
    the stored record type, action and detail are for the JSON."""
    if not record.get("what"):
        return record
    return {key: record.get(key) for key in ("at", "operator_name", "what")}


_CV_SECTIONS = frozenset(section.value for section in CvSection)


def _label(key: str) -> str:
    known = _FIELDS.get(key)
    if known:
        return _(known)
    if key in _CV_SECTIONS:  # a CV's sections as the CV form names them
        return CvSection(key).label
    return key.replace("_", " ")


def _text(value: Any, key: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return formatting.hours(value)
    if isinstance(value, str):
        for vocabulary in _VOCABULARIES.get(key, ()):
            try:
                return vocabulary(value).label
            except ValueError:
                continue
        return _dated(value)
    return str(value)


def _dated(text: str) -> str:
    """An ISO date, time or moment as the person reads them (03/12/2026, 14:00)."""
    if _ISO_DATE.fullmatch(text):
        return formatting.short_date(dt.date.fromisoformat(text))
    if _ISO_MOMENT.fullmatch(text):
        moment = dt.datetime.fromisoformat(text)
        return f"{formatting.short_date(moment.date())} {formatting.short_time(moment.time())}"
    if _ISO_TIME.fullmatch(text):
        return formatting.short_time(dt.time.fromisoformat(text))
    return text


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
_ISO_TIME = re.compile(r"\d{2}:\d{2}:\d{2}")


def _scalar_rows(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (_label(key), text)
        for key, value in record.items()
        if _shown(key) and not isinstance(value, list | dict) and (text := _text(value, key))
    ]


def _is_long(text: str) -> bool:
    return len(text) > LONG_TEXT or "\n" in text


def _record_table(record: dict[str, Any]) -> list[Flowable]:
    every = _scalar_rows(record)
    rows = [(k, v) for k, v in every if not _is_long(v)]
    story: list[Flowable] = []
    if rows:
        body = [
            [
                cell(k, LABEL_WIDTH, style="cell_bold", font=FONT_BOLD),
                cell(v, WIDTH - LABEL_WIDTH),
            ]
            for k, v in rows
        ]
        story.append(
            grid_table(
                body,
                [LABEL_WIDTH, WIDTH - LABEL_WIDTH],
                header_rows=0,
                extra=[("BACKGROUND", (0, 0), (0, -1), SHADE)],
            )
        )
    # long free text flows below the table (a table row cannot split across pages)
    for k, v in every:
        if _is_long(v):
            story += [para(k, "cell_bold"), para(v)]
    for key, value in record.items():
        if not _shown(key):
            continue
        if isinstance(value, dict):
            story += [para(_label(key), "h3"), *_record_table(value)]
        elif isinstance(value, list) and value:
            story.append(para(_label(key), "h3"))
            for item in value:
                if isinstance(item, dict):
                    story += _record_table(item)
                else:
                    story.append(para(_text(item, key)))
    return story


def _section(title: str, content: Any) -> list[Flowable]:
    heading = para(title, "h2")
    if content is None or content == []:
        return [KeepTogether([heading, para(_("Nothing recorded."))])]
    records = content if isinstance(content, list) else [content]
    story: list[Flowable] = [heading]
    if not any(isinstance(record, dict) for record in records):  # days: one paragraph
        return [*story, para(", ".join(_text(record) for record in records))]
    for record in records:
        story += _record_table(record) if isinstance(record, dict) else [para(_text(record))]
    return story


def privacy_export_pdf(export: dict[str, Any], header: DocumentHeader) -> bytes:
    """The right-of-access document for ``export`` (from ``export_participant``)."""
    reference = str(export.get("reference", ""))
    story: list[Flowable] = [
        para(_("Everything we hold about you"), "title"),
        para(
            _("File {ref}, exported on {date}").format(
                ref=reference, date=_dated(str(export.get("exported_on", "")))
            ),
            "subtitle",
        ),
        para(
            _(
                "This document lists all the information the association keeps about you in "
                "pairdesk, including private notes and the trail of who consulted or changed "
                "your file. You may ask for any of it to be corrected or erased."
            )
        ),
    ]
    for key, title in _SECTIONS:
        content = export.get(key)
        if key == "audit" and isinstance(content, list):
            content = [_audit_line(r) if isinstance(r, dict) else r for r in content]
        story += _section(_(title), content)
    return build_pdf(
        story,
        header=header,
        title=_("Right of access {ref}").format(ref=reference),
        subject=_("Right of access"),
    )
