"""The pathway summary printed for an employer (issue 15).

The service (``employer_file.pathway_summary_for_employer``) has already cut the data to
what the person chose to tell the employer. With the association's support disclosed, it
is the pathway summary itself with the sections allowed. Otherwise it is a neutral
professional profile: no association letterhead, no word of support, health or
disability — but the RQTH when the person chose to disclose it, and nothing else.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from pairdesk.i18n import _
from pairdesk.reports.base import (
    MARGIN,
    PORTRAIT,
    build_pdf,
    format_day,
    format_number,
    para,
    reference,
)
from pairdesk.reports.pathway_summary import pairs_table, pathway_summary_pdf
from pairdesk.services.document_data import DocumentKind
from pairdesk.services.employer_file import EmployerSummaryData

WIDTH = PORTRAIT[0] - 2 * MARGIN


def employer_summary_title(data: EmployerSummaryData) -> str:
    ref = reference(DocumentKind.PATHWAY_SUMMARY, data.summary.participant_id)
    if data.neutral:
        return _("Professional profile {ref}").format(ref=ref)
    return _("Pathway summary {ref}").format(ref=ref)


def employer_summary_pdf(data: EmployerSummaryData) -> bytes:
    if not data.neutral:
        return pathway_summary_pdf(data.summary)
    return _profile_pdf(data)


def _profile_pdf(data: EmployerSummaryData) -> bytes:
    summary = data.summary
    identity, pathway = summary.identity, summary.pathway
    story: list[Flowable] = [
        para(_("Professional profile"), "title"),
        para(
            _("{name}, for {employer}, on {date}").format(
                name=identity.display_name,
                employer=data.employer_name,
                date=format_day(summary.header.printed_on),
            ),
            "subtitle",
        ),
    ]
    rows = [(_("Name"), identity.display_name)]
    if identity.rqth_label:
        rqth = identity.rqth_label
        if identity.rqth_until is not None:
            rqth = _("{status}, until {date}").format(
                status=rqth, date=format_day(identity.rqth_until)
            )
        rows.append((_("Recognised disabled-worker status"), rqth))
    if pathway.preferred_hours_per_week is not None:
        rows.append((_("Hours per week wanted"), format_number(pathway.preferred_hours_per_week)))
    if pathway.preferred_places:
        rows.append((_("Places wanted"), pathway.preferred_places))
    story.append(pairs_table(rows))
    for title, text in (
        (_("Work wanted"), pathway.aspirations),
        (_("Professional skills"), pathway.skills),
    ):
        if text.strip():
            story += [para(title, "h2"), para(text)]
    return build_pdf(
        story,
        header=summary.header,
        title=employer_summary_title(data),
        subject=_("Professional profile"),
        branded=False,
        author="",
    )
