"""Printing the pathway summary for an employer (issue 15): the preview of the document
``employer_file.pathway_summary_for_employer`` cuts to what the person chose to tell."""

from __future__ import annotations

from typing import Any

from pairdesk.domain.enums import AuditAction
from pairdesk.i18n import _
from pairdesk.reports.base import default_filename, reference
from pairdesk.reports.employer_summary import employer_summary_pdf
from pairdesk.services import employer_file
from pairdesk.services.context import ServiceContext
from pairdesk.services.document_data import DocumentKind
from pairdesk.ui.print_dialog import PrintJob


def employer_summary_job(ctx: ServiceContext, participant_id: int, employer_id: int) -> PrintJob:
    def fetch(action: AuditAction) -> Any:
        return employer_file.pathway_summary_for_employer(
            ctx, participant_id, employer_id, action=action
        )

    return PrintJob(
        title=_("Summary for the employer {ref}").format(
            ref=reference(DocumentKind.PATHWAY_SUMMARY, participant_id)
        ),
        filename=default_filename(DocumentKind.PATHWAY_SUMMARY, participant_id, ctx.today()),
        fetch=fetch,
        render=lambda data, _progress: employer_summary_pdf(data),
    )
