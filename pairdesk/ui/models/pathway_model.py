"""Table models of a participant's pathway: goals, timeline, contracts, self-assessments.

Each is a ``rows.RowsModel`` over the read objects of ``services.pathways`` and
``services.assessments`` (a person has tens of such rows, never thousands).
"""

from __future__ import annotations

from typing import ClassVar

from pairdesk.domain.enums import AssessmentDomain
from pairdesk.formatting import number
from pairdesk.i18n import N_, _
from pairdesk.services.assessments import SelfAssessmentRow
from pairdesk.services.contracts import ContractRow
from pairdesk.services.pathways import GoalRow, TimelineItem
from pairdesk.ui.models.participants_model import format_date
from pairdesk.ui.models.rows import RowColumn, RowsModel


def _goal_status(goal: GoalRow) -> str:
    if goal.closed_on is not None:
        return _("{status} on {date}").format(
            status=goal.status.label, date=format_date(goal.closed_on)
        )
    return goal.status.label


class GoalsModel(RowsModel[GoalRow]):
    columns: ClassVar[tuple[RowColumn[GoalRow], ...]] = (
        RowColumn(N_("Goal"), lambda g: g.title),
        RowColumn(N_("Status"), _goal_status),
        RowColumn(N_("Opened on"), lambda g: format_date(g.opened_on)),
        RowColumn(N_("Target date"), lambda g: format_date(g.target_on)),
        RowColumn(N_("Details"), lambda g: g.details.replace("\n", " ")),
    )


def _timeline_title(item: TimelineItem) -> str:
    return item.title


class TimelineModel(RowsModel[TimelineItem]):
    """Dated steps, contract starts and ends, retention checks, oldest first."""

    columns: ClassVar[tuple[RowColumn[TimelineItem], ...]] = (
        RowColumn(N_("Date"), lambda i: format_date(i.on)),
        RowColumn(N_("Step"), lambda i: i.label),
        RowColumn(N_("Title"), _timeline_title),
        RowColumn(N_("Notes"), lambda i: i.notes.replace("\n", " ")),
    )


def _hours(contract: ContractRow) -> str:
    if contract.hours_per_week is None:
        return ""
    return _("{hours} h a week").format(hours=number(contract.hours_per_week))


def _checks(contract: ContractRow) -> str:
    return ", ".join(
        _("{months} months: {result}").format(
            months=c.months, result=_("in work") if c.employed else _("no longer in work")
        )
        for c in contract.retention_checks
    )


class ContractsModel(RowsModel[ContractRow]):
    columns: ClassVar[tuple[RowColumn[ContractRow], ...]] = (
        RowColumn(N_("Contract"), lambda c: c.contract_type.label),
        RowColumn(N_("Job"), lambda c: c.job_title),
        RowColumn(N_("Employer"), lambda c: c.employer),
        RowColumn(N_("Hours"), _hours),
        RowColumn(N_("Started on"), lambda c: format_date(c.started_on)),
        RowColumn(
            N_("Ended on"),
            lambda c: format_date(c.ended_on) or _("In progress"),
        ),
        RowColumn(N_("Retention checks"), _checks),
    )


def _rating_column(domain: AssessmentDomain) -> RowColumn[SelfAssessmentRow]:
    def text(row: SelfAssessmentRow) -> str:
        value = row.rating(domain)
        return "" if value is None else str(value)

    return RowColumn(_DOMAIN_HEADERS[domain], text)


_DOMAIN_HEADERS = {
    AssessmentDomain.CONFIDENCE: N_("Confidence"),
    AssessmentDomain.JOB_SEARCH: N_("Job-search skills"),
    AssessmentDomain.WORK_READINESS: N_("Readiness for work"),
    AssessmentDomain.STRESS: N_("Managing stress"),
    AssessmentDomain.SOCIAL_SUPPORT: N_("Social support"),
    AssessmentDomain.AUTONOMY: N_("Autonomy in daily steps"),
}


class AssessmentsModel(RowsModel[SelfAssessmentRow]):
    """Self-assessments, one row each: the date, a rating per domain, the notes."""

    columns: ClassVar[tuple[RowColumn[SelfAssessmentRow], ...]] = (
        RowColumn(N_("Date"), lambda a: format_date(a.assessed_on)),
        *(_rating_column(d) for d in AssessmentDomain),
        RowColumn(N_("Notes"), lambda a: a.notes.replace("\n", " ")),
    )

    def assessment(self, row: int) -> SelfAssessmentRow | None:
        return self.row_object(row)
