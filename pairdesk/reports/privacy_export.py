"""Right of access: everything held about one participant, as a readable PDF.

Built from the JSON-serialisable export of ``pairdesk.services.privacy.export_participant``
(no queries here). Every section is printed, even the private ones: this document is for
the person themselves.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

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
}


def _label(key: str) -> str:
    known = _FIELDS.get(key)
    return _(known) if known else key.replace("_", " ")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _scalar_rows(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (_label(key), _text(value))
        for key, value in record.items()
        if not isinstance(value, list | dict) and _text(value) != ""
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
        if isinstance(value, dict):
            story += [para(_label(key), "h3"), *_record_table(value)]
        elif isinstance(value, list) and value:
            story.append(para(_label(key), "h3"))
            for item in value:
                if isinstance(item, dict):
                    story += _record_table(item)
                else:
                    story.append(para(_text(item)))
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
                ref=reference, date=export.get("exported_on", "")
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
        story += _section(_(title), export.get(key))
    return build_pdf(
        story,
        header=header,
        title=_("Right of access {ref}").format(ref=reference),
        subject=_("Right of access"),
    )
