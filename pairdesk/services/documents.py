"""What each printed document needs, loaded through the other services.

Each function is one user action (print or export a document): it reads in one
transaction, writes one audit line (entity = the document kind, id = the participant or
workshop; never a name in the detail) and returns the plain read objects of
:mod:`pairdesk.services.document_data`, which the documents in :mod:`pairdesk.reports` lay out.

Names on collective documents (attendance sheets) follow consent: a participant who has a
pseudonym and no standing consent for ``COLLECTIVE_DOCUMENTS`` appears under the
pseudonym; everyone else as "First Last".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select

from pairdesk.domain.enums import (
    AuditAction,
    Role,
    RqthStatus,
)
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.rqth import rqth_on
from pairdesk.domain.validation import date_order, int_in_range, required_period
from pairdesk.errors import InvalidInput, PermissionDenied, UnknownId
from pairdesk.i18n import _
from pairdesk.services import (
    assessments,
    attendance,
    coaching,
    contracts,
    cvs,
    gem_year,
    indicators,
    month_totals,
    participants,
    pathways,
    team,
    workshops,
)
from pairdesk.services.access import load_participant, require_participant_access
from pairdesk.services.context import ServiceContext
from pairdesk.services.document_data import (
    ActivityReportData,
    AttendanceSheetData,
    AttestationData,
    ContactDetails,
    CvData,
    DocumentHeader,
    DocumentKind,
    FunderFigures,
    IdentityLines,
    MockInterviewData,
    PathwaySummaryData,
    PathwaySummaryOptions,
    RetentionLine,
    SheetPerson,
    SummarySection,
    header_of,
)
from pairdesk.services.records import read_object
from pairdesk.services.wellbeing import get_wellbeing_plan
from pairdesk.store.models import Workshop

# VIEW is the on-screen preview: recorded too (the data was shown), but not as an export.
DOCUMENT_ACTIONS = frozenset({AuditAction.PRINT, AuditAction.EXPORT, AuditAction.VIEW})
MAX_BLANK_ROWS = 200


# --------------------------------------------------------------------------- helpers


def _check_action(action: AuditAction) -> AuditAction:
    if action not in DOCUMENT_ACTIONS:
        raise InvalidInput(
            _("A document can only be previewed, printed or exported."), field="action"
        )
    return action


def _in_period(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def document_header(ctx: ServiceContext) -> DocumentHeader:
    """The association's name, address and logo, and today's date, for the page header."""
    return header_of(team.get_association(ctx), ctx.today())


def blank_form_header(today: dt.date, ctx: ServiceContext | None = None) -> DocumentHeader:
    """Header of a blank paper form: the association's when a vault is open, else none."""
    if ctx is None:
        return DocumentHeader(association_name="", printed_on=today)
    return document_header(ctx)


def _full_name(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".strip()


def _sheet(
    detail: workshops.WorkshopDetail,
    header: DocumentHeader,
    named: set[int],
    *,
    filled: bool,
    blank_rows: int,
) -> AttendanceSheetData:
    people = tuple(
        SheetPerson(
            display_name=participants.participant_label(
                row, use_pseudonym=row.participant_id not in named
            ),
            walk_in=row.walk_in,
            attendance=row.attendance if filled else None,
            satisfaction=row.satisfaction if filled else None,
        )
        for row in detail.registrations
    )
    return read_object(
        AttendanceSheetData,
        detail,
        header=header,
        workshop_id=detail.id,
        facilitators=tuple(f.name for f in detail.facilitators),
        people=people,
        blank_rows=blank_rows,
        filled=filled,
    )


def _blank_rows(value: int) -> int:
    checked = int_in_range(value, 0, MAX_BLANK_ROWS, "blank_rows", _("Blank rows"), required=True)
    assert checked is not None
    return checked


# --------------------------------------------------------------------------- attendance


def attendance_sheet_data(
    ctx: ServiceContext,
    workshop_id: int,
    filled: bool = False,
    blank_rows: int = 5,
    *,
    action: AuditAction = AuditAction.EXPORT,
) -> AttendanceSheetData:
    """One workshop's attendance sheet, blank (to sign) or filled (after the session)."""
    require(ctx, Permission.ATTENDANCE)
    action = _check_action(action)
    blank_rows = _blank_rows(blank_rows)
    with ctx.transaction() as session:
        detail = workshops.get_workshop(ctx, workshop_id)
        named = attendance.named_on_sheets(
            session, (r.participant_id for r in detail.registrations), ctx.today()
        )
        sheet = _sheet(detail, document_header(ctx), named, filled=filled, blank_rows=blank_rows)
        ctx.audit(
            session,
            DocumentKind.ATTENDANCE_SHEET.value,
            workshop_id,
            action,
            "filled" if filled else "blank",
        )
        return sheet


def attendance_sheets_for_period(
    ctx: ServiceContext,
    start: dt.date,
    end: dt.date,
    *,
    filled: bool = False,
    blank_rows: int = 5,
    include_cancelled: bool = False,
    action: AuditAction = AuditAction.EXPORT,
) -> list[AttendanceSheetData]:
    """The sheets of every workshop dated in ``[start, end]`` (a month, a year), in date
    order; cancelled workshops are left out unless asked for, and ``filled`` sheets stop at
    today (a workshop still to come has no attendance to show: the month's filled sheets
    printed the rest of December, every line « Non renseigné »)."""
    require(ctx, Permission.ATTENDANCE)
    action = _check_action(action)
    start, end = required_period(start, end)
    blank_rows = _blank_rows(blank_rows)
    with ctx.transaction() as session:
        query = (
            select(Workshop.id)
            .where(Workshop.held_on.between(start, end))
            .order_by(Workshop.held_on, Workshop.starts_at, Workshop.id)
        )
        if not include_cancelled:
            query = query.where(Workshop.cancelled.is_(False))
        if filled:
            query = query.where(Workshop.held_on <= ctx.today())
        details = [workshops.get_workshop(ctx, wid) for wid in session.scalars(query).all()]
        named = attendance.named_on_sheets(
            session, (r.participant_id for d in details for r in d.registrations), ctx.today()
        )
        header = document_header(ctx)
        sheets = [_sheet(d, header, named, filled=filled, blank_rows=blank_rows) for d in details]
        ctx.audit(
            session,
            DocumentKind.ATTENDANCE_SHEETS.value,
            None,
            action,
            f"{start.isoformat()}..{end.isoformat()} sheets={len(sheets)}",
        )
        return sheets


def _coordinator_name(ctx: ServiceContext) -> str:
    if ctx.operator.id is not None and ctx.operator.role is Role.COORDINATOR:
        return ctx.operator.name
    for member in team.list_members(ctx):
        if member.role is Role.COORDINATOR:
            return _full_name(member.first_name, member.last_name)
    return ""


def attestation_data(
    ctx: ServiceContext,
    participant_id: int,
    start: dt.date,
    end: dt.date,
    *,
    action: AuditAction = AuditAction.EXPORT,
) -> AttestationData:
    """The workshops a participant attended in ``[start, end]`` and their total hours."""
    require(ctx, Permission.PRINT_DOCUMENTS)
    action = _check_action(action)
    start, end = required_period(start, end)
    with ctx.transaction() as session:
        person = participants.get_participant(ctx, participant_id)
        attended = attendance.attended_workshops(ctx, participant_id, start, end)
        data = AttestationData(
            header=document_header(ctx),
            participant_id=participant_id,
            display_name=_full_name(person.first_name, person.last_name),
            start=start,
            end=end,
            workshops=tuple(attended),
            coordinator_name=_coordinator_name(ctx),
        )
        ctx.audit(
            session,
            DocumentKind.ATTENDANCE_ATTESTATION.value,
            participant_id,
            action,
            f"{start.isoformat()}..{end.isoformat()}",
        )
        return data


# --------------------------------------------------------------------------- pathway summary


def _contract_text(contract: contracts.ContractRow) -> str:
    return ", ".join(p for p in (contract.job_title, contract.employer) if p) or (
        contract.contract_type.label
    )


def _overlaps(
    began: dt.date, ended: dt.date | None, start: dt.date | None, end: dt.date | None
) -> bool:
    return (end is None or began <= end) and (start is None or ended is None or ended >= start)


def pathway_summary_data(
    ctx: ServiceContext,
    participant_id: int,
    options: PathwaySummaryOptions | None = None,
    *,
    action: AuditAction = AuditAction.EXPORT,
) -> PathwaySummaryData:
    """Everything the participant's pathway summary shows, for the chosen period and
    sections. The wellbeing plan is read only when ``options.include_wellbeing``."""
    require(ctx, Permission.PRINT_DOCUMENTS)
    action = _check_action(action)
    options = options or PathwaySummaryOptions()
    start, end = options.start, options.end
    if start is not None and end is not None:
        date_order(start, end, "end", _("End date"))
    with ctx.transaction() as session:
        person = participants.get_participant(ctx, participant_id)
        pathway = pathways.get_pathway(ctx, participant_id)
        display = participants.participant_label(person, use_pseudonym=options.use_pseudonym)
        rqth = rqth_on(person.rqth_status, person.rqth_until, ctx.today())  # expired if past
        identity = IdentityLines(
            display_name=display,
            membership_start=person.membership_start,
            status_label=person.status.label,
            rqth_label="" if rqth is RqthStatus.NONE else rqth.label,
            rqth_until=person.rqth_until if rqth is not RqthStatus.NONE else None,
            peer_helper=person.is_peer_helper,
            contact=ContactDetails(
                phone=person.phone, email=person.email, address=person.address, city=person.city
            )
            if options.include_contact
            else None,
        )
        referents: list[tuple[str, str]] = []
        if person.tutoring is not None:
            if person.tutoring.peer_helper_name:
                referents.append((_("Peer helper"), person.tutoring.peer_helper_name))
            professional = (
                person.tutoring.professional_name or person.tutoring.professional_referent_name
            )
            if professional:
                referents.append((_("Professional referent"), professional))
        sections = options.sections
        attended = (
            attendance.attended_workshops(ctx, participant_id, start, end)
            if SummarySection.WORKSHOPS in sections
            else []
        )
        interviews = (
            [
                replace(i, interviewers="", comments="", questions=())
                for i in reversed(coaching.list_mock_interviews(ctx, participant_id))
                if i.scores and _in_period(i.held_on, start, end)
            ]
            if SummarySection.MOCK_INTERVIEWS in sections
            else []
        )
        points = (
            [
                replace(a, notes="")
                for a in assessments.list_self_assessments(ctx, participant_id)
                if a.ratings and _in_period(a.assessed_on, start, end)
            ]
            if SummarySection.SELF_ASSESSMENT in sections
            else []
        )
        wellbeing = get_wellbeing_plan(ctx, participant_id) if options.include_wellbeing else None
        contracts = [
            c
            for c in pathway.contracts
            if _overlaps(c.started_on, c.ended_on or c.planned_end_on, start, end)
        ]
        data = PathwaySummaryData(
            header=document_header(ctx),
            participant_id=participant_id,
            identity=identity,
            options=options,
            schemes=tuple(
                replace(s, notes="")
                for s in person.schemes
                if _overlaps(s.started_on or dt.date.min, s.ended_on, start, end)
            ),
            referents=tuple(referents),
            pathway=replace(
                pathway,
                goals=tuple(
                    g for g in pathway.goals if _overlaps(g.opened_on, g.closed_on, start, end)
                ),
                # Steps only (titles, never the team's notes); retention checks have their
                # own section.
                timeline=tuple(
                    replace(t, notes="")
                    for t in pathway.timeline
                    if t.kind is not None and _in_period(t.on, start, end)
                ),
                contracts=tuple(replace(c, end_reason="", retention_checks=()) for c in contracts),
            ),
            workshops=tuple(attended),
            mock_interviews=tuple(interviews),
            assessments=tuple(points),
            retention_checks=tuple(
                RetentionLine(
                    contract=_contract_text(c),
                    months=check.months,
                    checked_on=check.checked_on,
                    employed=check.employed,
                )
                for c in pathway.contracts
                for check in sorted(c.retention_checks, key=lambda r: (r.checked_on, r.months))
                if _in_period(check.checked_on, start, end)
            ),
            wellbeing=wellbeing,
        )
        ctx.audit(
            session,
            DocumentKind.PATHWAY_SUMMARY.value,
            participant_id,
            action,
            "with wellbeing plan" if wellbeing is not None else "",
        )
        return data


# --------------------------------------------------------------------------- activity report


def _count(report: indicators.IndicatorReport, key: str) -> int:
    value = report.items[key].value
    return int(value) if value is not None else 0


def activity_report_data(
    ctx: ServiceContext,
    start: dt.date,
    end: dt.date,
    *,
    action: AuditAction = AuditAction.EXPORT,
) -> ActivityReportData:
    """Totals only: the shared indicators, monthly figures, and the funder's yearly figures
    for the calendar year of ``end``."""
    require(ctx, Permission.PRINT_DOCUMENTS)
    action = _check_action(action)
    start, end = required_period(start, end)
    with ctx.transaction() as session:
        report = indicators.compute_indicators(ctx, start, end)
        year = end.year
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        yearly = (
            report
            if (start, end) == (first, last)
            else indicators.compute_indicators(ctx, first, last)
        )
        profile = team.get_association(ctx)
        # The members and new members the GEM's annual report gives (the register's
        # members with the participants', or what the year form typed): the same label
        # said 55 here and 81 there for the same year (coordinator tester).
        figures = gem_year.year_figures(ctx, year)
        funder = FunderFigures(
            year=year,
            members_at_year_end=int(figures["members_at_year_end"] or 0),
            new_members=int(figures["new_members"] or 0),
            activities_held=_count(yearly, "workshops_held"),
            opening_days=profile.opening_days,
            opening_days_per_year=profile.opening_days_per_year,
            opening_hours=profile.opening_hours,
            # the year's staff lines when typed, as the annual report: the profile's figure
            # stood beside the year form's for the same year (2,6 here, 1,8 there)
            staff_fte=(
                float(figures["paid_staff_fte"])
                if figures["paid_staff_fte"] is not None
                else profile.staff_fte
            ),
        )
        data = ActivityReportData(
            header=document_header(ctx),
            start=start,
            end=end,
            indicators=report,
            months=tuple(month_totals.totals_by_month(session, start, end, ctx.today())),
            funder=funder,
        )
        ctx.audit(
            session,
            DocumentKind.ACTIVITY_REPORT.value,
            None,
            action,
            f"{start.isoformat()}..{end.isoformat()}",
        )
        return data


# --------------------------------------------------------------------------- CV


def cv_data(
    ctx: ServiceContext, participant_id: int, *, action: AuditAction = AuditAction.EXPORT
) -> CvData:
    """The participant's latest CV version with their own contact details.

    Anyone working on CVs prints one (a pair-aidant at a CV workshop did not, when the
    person was not her tutee: the file's contact details made it a file read). Those
    details come with it only for whoever may open the file; for the others the CV has
    the name alone, and ``contact_left_out`` says so."""
    require(ctx, Permission.CVS)
    action = _check_action(action)
    with ctx.transaction() as session:
        version = cvs.latest_cv(ctx, participant_id)
        if version is None:
            raise UnknownId(
                _("No CV has been saved yet for participant number {id}.").format(id=participant_id)
            )
        try:
            require_participant_access(ctx, session, participant_id)
        except PermissionDenied:
            stored = load_participant(session, participant_id)
            first, last = stored.first_name, stored.last_name
            phone = email = city = ""
            contact_left_out = True
        else:
            detail = participants.get_participant(ctx, participant_id)
            first, last = detail.first_name, detail.last_name
            phone, email, city = detail.phone, detail.email, detail.city
            contact_left_out = False
        data = CvData(
            header=document_header(ctx),
            participant_id=participant_id,
            full_name=_full_name(first, last),
            version_on=version.created_on,
            phone=phone,
            email=email,
            city=city,
            content=version.content,
            contact_left_out=contact_left_out,
        )
        ctx.audit(session, DocumentKind.CV.value, participant_id, action, f"version={version.id}")
        return data


# --------------------------------------------------------------------------- mock interview


def mock_interview_data(
    ctx: ServiceContext, interview_id: int, *, action: AuditAction = AuditAction.EXPORT
) -> MockInterviewData:
    """A mock interview's feedback for the person to take away (questions, notes, scores,
    comments). Whoever may record mock interviews prints one, as with CVs: it carries the
    person's name and nothing from their file."""
    require(ctx, Permission.COACHING)
    action = _check_action(action)
    with ctx.transaction() as session:
        interview = coaching.get_mock_interview(ctx, interview_id)
        person = load_participant(session, interview.participant_id)
        held = (
            session.get(Workshop, interview.workshop_id)
            if interview.workshop_id is not None
            else None
        )
        data = MockInterviewData(
            header=document_header(ctx),
            full_name=_full_name(person.first_name, person.last_name),
            interview=interview,
            session_title=held.title if held is not None else "",
            session_on=held.held_on if held is not None else None,
        )
        ctx.audit(session, DocumentKind.MOCK_INTERVIEW.value, interview_id, action)
        return data
