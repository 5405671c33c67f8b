"""What each printed document needs, loaded through the other services.

Each function is one user action (print or export a document): it reads in one
transaction, writes one audit line (entity = the document kind, id = the participant or
workshop; never a name in the detail) and returns the plain read objects of
:mod:`pairdesk.reports.data`, which the documents in :mod:`pairdesk.reports` lay out.

Names on collective documents (attendance sheets) follow consent: a participant who has a
pseudonym and no standing consent for ``COLLECTIVE_DOCUMENTS`` appears under the
pseudonym; everyone else as "First Last".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import (
    Attendance,
    AuditAction,
    ConsentPurpose,
    Role,
    RqthStatus,
    WorkshopKind,
)
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.validation import date_order, int_in_range, required_date
from pairdesk.domain.workshops import is_held
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.i18n import _
from pairdesk.reports.data import (
    ActivityReportData,
    AssessmentPoint,
    AttendanceSheetData,
    AttendedWorkshopLine,
    AttestationData,
    ContactDetails,
    ContractLine,
    CvData,
    DocumentHeader,
    DocumentKind,
    FunderFigures,
    GoalLine,
    IdentityLines,
    MockInterviewLine,
    MonthLine,
    PathwaySummaryData,
    PathwaySummaryOptions,
    RetentionLine,
    SchemeLine,
    SheetPerson,
    SummarySection,
    TimelineLine,
    WellbeingLines,
)
from pairdesk.services import (
    assessments,
    attendance,
    coaching,
    contracts,
    cvs,
    indicators,
    participants,
    pathways,
    team,
    workshops,
)
from pairdesk.services.context import ServiceContext
from pairdesk.services.wellbeing import get_wellbeing_plan
from pairdesk.store.models import Consent, Registration, Workshop

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


def _period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    start = required_date(start, "start", _("Start date"))
    end = required_date(end, "end", _("End date"))
    date_order(start, end, "end", _("End date"))
    return start, end


def document_header(ctx: ServiceContext) -> DocumentHeader:
    """The association's name, address and logo, and today's date, for the page header."""
    profile = team.get_association(ctx)
    return DocumentHeader(
        association_name=profile.name,
        printed_on=ctx.today(),
        association_address=profile.address,
        association_phone=profile.phone,
        association_email=profile.email,
        logo=profile.logo,
    )


def blank_form_header(today: dt.date, ctx: ServiceContext | None = None) -> DocumentHeader:
    """Header of a blank paper form: the association's when a vault is open, else none."""
    if ctx is None:
        return DocumentHeader(association_name="", printed_on=today)
    return document_header(ctx)


def _full_name(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".strip()


def collective_consents(session: Session, participant_ids: Iterable[int], on: dt.date) -> set[int]:
    """Participants whose consent to appear by name on collective documents stands on ``on``
    (one query for a whole batch; the same rule as ``participants.has_consent``: any
    record given by then and not withdrawn by then)."""
    ids = list(set(participant_ids))
    if not ids:
        return set()
    rows = session.execute(
        select(Consent.participant_id, Consent.withdrawn_on).where(
            Consent.participant_id.in_(ids),
            Consent.purpose == ConsentPurpose.COLLECTIVE_DOCUMENTS.value,
            Consent.given_on <= on,
        )
    )
    return {pid for pid, withdrawn in rows if withdrawn is None or withdrawn > on}


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
    return AttendanceSheetData(
        header=header,
        workshop_id=detail.id,
        title=detail.title,
        kind=detail.kind,
        held_on=detail.held_on,
        starts_at=detail.starts_at,
        ends_at=detail.ends_at,
        place=detail.place,
        facilitators=tuple(f.name for f in detail.facilitators),
        people=people,
        blank_rows=blank_rows,
        filled=filled,
        cancelled=detail.cancelled,
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
        named = collective_consents(
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
    order; cancelled workshops are left out unless asked for."""
    require(ctx, Permission.ATTENDANCE)
    action = _check_action(action)
    start, end = _period(start, end)
    blank_rows = _blank_rows(blank_rows)
    with ctx.transaction() as session:
        query = (
            select(Workshop.id)
            .where(Workshop.held_on.between(start, end))
            .order_by(Workshop.held_on, Workshop.starts_at, Workshop.id)
        )
        if not include_cancelled:
            query = query.where(Workshop.cancelled.is_(False))
        details = [workshops.get_workshop(ctx, wid) for wid in session.scalars(query).all()]
        named = collective_consents(
            session,
            (r.participant_id for d in details for r in d.registrations),
            ctx.today(),
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


def _attended_lines(
    items: Iterable[attendance.AttendedWorkshop],
) -> tuple[AttendedWorkshopLine, ...]:
    return tuple(
        AttendedWorkshopLine(
            held_on=w.held_on,
            starts_at=w.starts_at,
            ends_at=w.ends_at,
            kind=w.kind,
            title=w.title,
            hours=w.hours,
        )
        for w in items
    )


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
    start, end = _period(start, end)
    with ctx.transaction() as session:
        person = participants.get_participant(ctx, participant_id)
        attended = attendance.attended_workshops(ctx, participant_id, start, end)
        data = AttestationData(
            header=document_header(ctx),
            participant_id=participant_id,
            display_name=_full_name(person.first_name, person.last_name),
            start=start,
            end=end,
            workshops=_attended_lines(attended),
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
        identity = IdentityLines(
            display_name=display,
            membership_start=person.membership_start,
            status_label=person.status.label,
            rqth_label="" if person.rqth_status is RqthStatus.NONE else person.rqth_status.label,
            rqth_until=person.rqth_until if person.rqth_status is not RqthStatus.NONE else None,
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
                MockInterviewLine(
                    held_on=i.held_on,
                    target_job=i.target_job,
                    scores=tuple((s.criterion, s.score) for s in i.scores),
                )
                for i in reversed(coaching.list_mock_interviews(ctx, participant_id))
                if i.scores and _in_period(i.held_on, start, end)
            ]
            if SummarySection.MOCK_INTERVIEWS in sections
            else []
        )
        points = (
            [
                AssessmentPoint(a.assessed_on, a.ratings)
                for a in assessments.list_self_assessments(ctx, participant_id)
                if a.ratings and _in_period(a.assessed_on, start, end)
            ]
            if SummarySection.SELF_ASSESSMENT in sections
            else []
        )
        wellbeing = None
        if options.include_wellbeing:
            plan = get_wellbeing_plan(ctx, participant_id)
            if plan is not None:
                wellbeing = WellbeingLines(
                    triggers=plan.triggers,
                    warning_signs=plan.warning_signs,
                    what_helps=plan.what_helps,
                    who_to_call=plan.who_to_call,
                    updated_on=plan.updated_on,
                )
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
                SchemeLine(
                    scheme_label=s.scheme.label,
                    referent=s.referent_name,
                    organisation=s.referent_organisation,
                    started_on=s.started_on,
                    ended_on=s.ended_on,
                )
                for s in person.schemes
                if _overlaps(s.started_on or dt.date.min, s.ended_on, start, end)
            ),
            referents=tuple(referents),
            aspirations=pathway.aspirations,
            skills=pathway.skills,
            lived_experience_skills=pathway.lived_experience_skills,
            volunteering=pathway.volunteering,
            accommodations_needed=pathway.accommodations_needed,
            preferred_hours_per_week=pathway.preferred_hours_per_week,
            preferred_places=pathway.preferred_places,
            goals=tuple(
                GoalLine(
                    title=g.title,
                    status=g.status,
                    opened_on=g.opened_on,
                    details=g.details,
                    target_on=g.target_on,
                    closed_on=g.closed_on,
                )
                for g in pathway.goals
                if _overlaps(g.opened_on, g.closed_on, start, end)
            ),
            # Steps only (titles, never the team's notes); retention checks have their
            # own section.
            timeline=tuple(
                TimelineLine(on=t.on, label=t.label, title=t.title)
                for t in pathway.timeline
                if t.kind is not None and _in_period(t.on, start, end)
            ),
            contracts=tuple(
                ContractLine(
                    type_label=c.contract_type.label,
                    employer=c.employer,
                    job_title=c.job_title,
                    started_on=c.started_on,
                    planned_end_on=c.planned_end_on,
                    ended_on=c.ended_on,
                    hours_per_week=c.hours_per_week,
                )
                for c in contracts
            ),
            workshops=_attended_lines(attended),
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


def _months(session: Session, start: dt.date, end: dt.date, today: dt.date) -> list[MonthLine]:
    """One line per calendar month met by ``[start, end]``, each clipped to the period: a
    period ending on the 25th counts the workshops up to the 25th only, so the lines add
    up to the report's "workshops held" indicator (dated in the period and held by
    ``today``, :func:`pairdesk.domain.workshops.is_held`: workshops still planned count
    nowhere). Figures per month as in ``attendance.monthly_totals``."""
    held = [
        (workshop_id, kind, held_on, starts_at, ends_at)
        for workshop_id, kind, held_on, starts_at, ends_at, cancelled in session.execute(
            select(
                Workshop.id,
                Workshop.kind,
                Workshop.held_on,
                Workshop.starts_at,
                Workshop.ends_at,
                Workshop.cancelled,
            )
            .where(Workshop.held_on.between(start, end))
            .order_by(Workshop.held_on, Workshop.id)
        ).all()
        if is_held(held_on, cancelled, today)
    ]
    registrations = session.execute(
        select(Registration.workshop_id, Registration.participant_id, Registration.attendance)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(Workshop.held_on.between(start, end))
    ).all()
    months: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    workshops_of: dict[tuple[int, int], int] = dict.fromkeys(months, 0)
    kinds = {key: dict.fromkeys(WorkshopKind, 0) for key in months}
    month_of: dict[int, tuple[int, int]] = {}
    hours_of: dict[int, float] = {}
    for workshop_id, kind, held_on, starts_at, ends_at in held:
        key = (held_on.year, held_on.month)
        month_of[workshop_id] = key
        hours_of[workshop_id] = workshops.duration_hours(starts_at, ends_at)
        workshops_of[key] += 1
        kinds[key][WorkshopKind(kind)] += 1
    counted = {key: dict.fromkeys(("registrations", *Attendance), 0) for key in months}
    hours = dict.fromkeys(months, 0.0)
    people: dict[tuple[int, int], set[int]] = {key: set() for key in months}
    for workshop_id, participant_id, mark in registrations:
        held_in = month_of.get(workshop_id)
        if held_in is None:  # a registration to a workshop not held
            continue
        key = held_in
        counted[key]["registrations"] += 1
        if mark:
            counted[key][Attendance(mark)] += 1
        if mark == Attendance.PRESENT.value:
            hours[key] += hours_of[workshop_id]
            people[key].add(participant_id)
    return [
        MonthLine(
            year=year,
            month=month,
            workshops_held=workshops_of[(year, month)],
            by_kind=tuple(kinds[(year, month)].items()),
            registrations=counted[(year, month)]["registrations"],
            present=counted[(year, month)][Attendance.PRESENT],
            absent=counted[(year, month)][Attendance.ABSENT],
            excused=counted[(year, month)][Attendance.EXCUSED],
            distinct_present=len(people[(year, month)]),
            presence_hours=round(hours[(year, month)], 2),
        )
        for year, month in months
    ]


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
    start, end = _period(start, end)
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
        funder = FunderFigures(
            year=year,
            members_at_year_end=_count(yearly, "members_at_end"),
            new_members=_count(yearly, "new_members"),
            activities_held=_count(yearly, "workshops_held"),
            opening_days=profile.opening_days,
            opening_days_per_year=profile.opening_days_per_year,
            opening_hours=profile.opening_hours,
            staff_fte=profile.staff_fte,
        )
        data = ActivityReportData(
            header=document_header(ctx),
            start=start,
            end=end,
            indicators=report,
            months=tuple(_months(session, start, end, ctx.today())),
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
    """The participant's latest CV version with their own contact details."""
    require(ctx, Permission.CVS)
    action = _check_action(action)
    with ctx.transaction() as session:
        person = participants.get_participant(ctx, participant_id)
        version = cvs.latest_cv(ctx, participant_id)
        if version is None:
            raise UnknownId(
                _("No CV has been saved yet for participant number {id}.").format(id=participant_id)
            )
        content = version.content
        data = CvData(
            header=document_header(ctx),
            participant_id=participant_id,
            full_name=_full_name(person.first_name, person.last_name),
            version_on=version.created_on,
            phone=person.phone,
            email=person.email,
            city=person.city,
            headline=content.headline,
            experience=content.experience,
            skills=content.skills,
            training=content.training,
            languages=content.languages,
            interests=content.interests,
        )
        ctx.audit(session, DocumentKind.CV.value, participant_id, action, f"version={version.id}")
        return data
