"""The pathway summary (synthèse de parcours), written for the participant to read.

Plain, respectful words addressed to the person ("your goals"); internal notes are never
printed; the wellbeing plan appears only when it was explicitly asked for (the service
does not even load it otherwise).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from pairdesk.domain.enums import AssessmentDomain, GoalStatus, InterviewCriterion
from pairdesk.i18n import _
from pairdesk.reports.base import (
    FONT_BOLD,
    MARGIN,
    PORTRAIT,
    SHADE,
    build_pdf,
    cell,
    format_day,
    format_number,
    format_time,
    grid_table,
    markup,
    para,
    reference,
    rich,
)
from pairdesk.reports.charts import line_chart
from pairdesk.services.document_data import DocumentKind, PathwaySummaryData, SummarySection

WIDTH = PORTRAIT[0] - 2 * MARGIN
MAX_INTERVIEW_COLUMNS = 6


def summary_title(data: PathwaySummaryData) -> str:
    return _("Pathway summary {ref}").format(
        ref=reference(DocumentKind.PATHWAY_SUMMARY, data.participant_id)
    )


def _heading(text: str) -> Flowable:
    return para(text, "h2")


def _text_block(title: str, text: str) -> list[Flowable]:
    if not text.strip():
        return []
    return [_heading(title), para(text)]


def pairs_table(rows: list[tuple[str, str]]) -> Flowable:
    label_width = 52 * mm
    body = [
        [cell(k, label_width, style="cell_bold", font=FONT_BOLD), cell(v, WIDTH - label_width)]
        for k, v in rows
    ]
    return grid_table(
        body,
        [label_width, WIDTH - label_width],
        header_rows=0,
        extra=[
            ("FONT", (0, 0), (0, -1), FONT_BOLD, 9),
            ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ],
    )


def _identity(data: PathwaySummaryData) -> list[Flowable]:
    identity = data.identity
    rows = [
        (_("Name"), identity.display_name),
        (_("Member since"), format_day(identity.membership_start)),
        (_("Membership"), identity.status_label),
    ]
    if identity.rqth_label:
        rqth = identity.rqth_label
        if identity.rqth_until is not None:
            rqth = _("{status}, until {date}").format(
                status=rqth, date=format_day(identity.rqth_until)
            )
        rows.append((_("Recognised disabled-worker status"), rqth))
    if identity.peer_helper:
        rows.append((_("Role in the association"), _("Peer helper")))
    contact = identity.contact
    if contact is not None:
        for label, value in (
            (_("Phone"), contact.phone),
            (_("Email"), contact.email),
            (_("Address"), ", ".join(p for p in (contact.address, contact.city) if p)),
        ):
            if value:
                rows.append((label, value))
    return [_heading(_("About you")), pairs_table(rows)]


def _schemes(data: PathwaySummaryData) -> list[Flowable]:
    if not data.schemes and not data.referents:
        return []
    story: list[Flowable] = [_heading(_("Who supports you"))]
    if data.schemes:
        widths = [50 * mm, 0.0, 42 * mm]
        widths[1] = WIDTH - sum(widths)
        rows: list[list[object]] = [[_("Support scheme"), _("Referent"), _("Dates")]]
        for line in data.schemes:
            referent = ", ".join(p for p in (line.referent_name, line.referent_organisation) if p)
            if line.started_on and line.ended_on:
                dates = _("{start} to {end}").format(
                    start=format_day(line.started_on), end=format_day(line.ended_on)
                )
            elif line.started_on:
                dates = _("since {date}").format(date=format_day(line.started_on))
            else:
                dates = ""
            rows.append(
                [
                    cell(line.scheme.label, widths[0]),
                    cell(referent, widths[1]),
                    cell(dates, widths[2]),
                ]
            )
        story.append(grid_table(rows, widths))
    if data.referents:
        story.append(Spacer(1, 2 * mm))
        story.append(pairs_table(list(data.referents)))
    return story


def _skills(data: PathwaySummaryData) -> list[Flowable]:
    pathway = data.pathway
    story: list[Flowable] = []
    story += _text_block(_("Your skills"), pathway.skills)
    story += _text_block(_("Skills from your lived experience"), pathway.lived_experience_skills)
    story += _text_block(_("Volunteering and roles in the association"), pathway.volunteering)
    return story


def _aspirations(data: PathwaySummaryData) -> list[Flowable]:
    pathway = data.pathway
    story = _text_block(_("What you would like to do"), pathway.aspirations)
    wishes = []
    if pathway.preferred_hours_per_week is not None:
        wishes.append(
            _("Hours per week you would like: {hours}").format(
                hours=format_number(pathway.preferred_hours_per_week)
            )
        )
    if pathway.preferred_places:
        wishes.append(_("Places you would like: {places}").format(places=pathway.preferred_places))
    if wishes:
        if not story:
            story.append(_heading(_("What you would like to do")))
        story.append(para("\n".join(wishes)))
    return story


def _goals(data: PathwaySummaryData) -> list[Flowable]:
    pathway = data.pathway
    if not pathway.goals:
        return []
    widths = [0.0, 34 * mm, 50 * mm]
    widths[0] = WIDTH - sum(widths)
    rows: list[list[object]] = [[_("Goal"), _("Where it stands"), _("Dates")]]
    for goal in pathway.goals:
        text = markup(goal.title)
        if goal.details:
            text += "<br/>" + f'<font size="8">{markup(goal.details)}</font>'
        dates = [_("set on {date}").format(date=format_day(goal.opened_on))]
        if goal.status is GoalStatus.OPEN and goal.target_on is not None:
            dates.append(_("aimed for {date}").format(date=format_day(goal.target_on)))
        if goal.closed_on is not None:
            dates.append(
                _("closed on {date}").format(date=format_day(goal.closed_on))
                if goal.status is not GoalStatus.REACHED
                else _("reached on {date}").format(date=format_day(goal.closed_on))
            )
        rows.append([rich(text, "cell"), goal.status.label, para("\n".join(dates), "cell")])
    return [_heading(_("Your goals")), grid_table(rows, widths)]


def _timeline(data: PathwaySummaryData) -> list[Flowable]:
    pathway = data.pathway
    story: list[Flowable] = []
    if pathway.timeline:
        widths = [26 * mm, 58 * mm, 0.0]
        widths[2] = WIDTH - sum(widths)
        rows: list[list[object]] = [[_("Date"), _("Step"), _("Details")]]
        for item in pathway.timeline:
            rows.append(
                [format_day(item.on), cell(item.label, widths[1]), cell(item.title, widths[2])]
            )
        story += [_heading(_("Your steps so far")), grid_table(rows, widths)]
    if pathway.contracts:
        widths = [0.0, 50 * mm, 26 * mm, 26 * mm]
        widths[0] = WIDTH - sum(widths)
        rows = [[_("Job"), _("Contract"), _("Start"), _("End")]]
        for contract in pathway.contracts:
            job = ", ".join(p for p in (contract.job_title, contract.employer) if p)
            if contract.hours_per_week is not None:
                job = _("{job} ({hours} h a week)").format(
                    job=job or "—", hours=format_number(contract.hours_per_week)
                )
            end = contract.ended_on or contract.planned_end_on
            rows.append(
                [
                    cell(job or "—", widths[0]),
                    cell(contract.contract_type.label, widths[1]),
                    format_day(contract.started_on),
                    format_day(end) if end else "",
                ]
            )
        story += [_heading(_("Your contracts")), grid_table(rows, widths)]
    return story


def _workshops(data: PathwaySummaryData) -> list[Flowable]:
    if not data.workshops:
        return []
    widths = [26 * mm, 0.0, 52 * mm, 22 * mm]
    widths[1] = WIDTH - sum(widths)
    rows: list[list[object]] = [[_("Date"), _("Workshop"), _("Kind"), _("Hours")]]
    for line in data.workshops:
        rows.append(
            [
                format_day(line.held_on),
                cell(
                    _("{title} ({start}–{end})").format(
                        title=line.title or line.kind.label,
                        start=format_time(line.starts_at),
                        end=format_time(line.ends_at),
                    ),
                    widths[1],
                ),
                cell(line.kind.label, widths[2]),
                format_number(line.hours, 2),
            ]
        )
    total = round(sum(w.hours for w in data.workshops), 2)
    rows.append(["", _("Total"), "", format_number(total, 2)])
    return [
        _heading(_("Workshops you took part in")),
        grid_table(
            rows,
            widths,
            extra=[
                ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 9),
            ],
        ),
    ]


def _interviews(data: PathwaySummaryData) -> list[Flowable]:
    if not data.mock_interviews:
        return []
    shown = data.mock_interviews[-MAX_INTERVIEW_COLUMNS:]
    label_width = 60 * mm
    column = (WIDTH - label_width) / len(shown)
    rows: list[list[object]] = [[_("Scores from 1 to 4"), *(format_day(i.held_on) for i in shown)]]
    for criterion in InterviewCriterion:
        values = [i.score_for(criterion) for i in shown]
        if any(v is not None for v in values):
            rows.append(
                [cell(criterion.label, label_width), *("" if v is None else str(v) for v in values)]
            )
    rows.append([_("Mean"), *(format_number(i.mean, 2) for i in shown)])
    story: list[Flowable] = [
        _heading(_("Your mock interviews")),
        grid_table(
            rows,
            [label_width] + [column] * len(shown),
            extra=[
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 9),
                ("BACKGROUND", (0, -1), (-1, -1), SHADE),
            ],
        ),
    ]
    if len(data.mock_interviews) > len(shown):
        story.append(
            para(
                _("The {count} most recent mock interviews are shown.").format(count=len(shown)),
                "small",
            )
        )
    return story


def _assessments(data: PathwaySummaryData) -> list[Flowable]:
    if not data.assessments:
        return []
    story: list[Flowable] = [
        _heading(_("How you see your progress")),
        para(
            _("Your own ratings, from 1 (not at all) to 10 (completely), at each self-assessment.")
        ),
        Spacer(1, 2 * mm),
    ]
    domains = [
        d for d in AssessmentDomain if any(p.rating(d) is not None for p in data.assessments)
    ]
    if len(data.assessments) >= 2:
        categories = [format_day(p.assessed_on) for p in data.assessments]
        series = [(d.label, [p.rating(d) for p in data.assessments]) for d in domains]
        story.append(line_chart(categories, series, width=WIDTH))
        story.append(Spacer(1, 2 * mm))
    first, last = data.assessments[0], data.assessments[-1]
    label_width = 70 * mm
    if first is last:
        rows: list[list[object]] = [[_("Domain"), format_day(first.assessed_on)]]
        for domain in domains:
            rows.append([cell(domain.label, label_width), str(first.rating(domain) or "—")])
        widths = [label_width, WIDTH - label_width]
    else:
        rows = [[_("Domain"), format_day(first.assessed_on), format_day(last.assessed_on)]]
        for domain in domains:
            before, after = first.rating(domain), last.rating(domain)
            rows.append(
                [
                    cell(domain.label, label_width),
                    "—" if before is None else str(before),
                    "—" if after is None else str(after),
                ]
            )
        rest = (WIDTH - label_width) / 2
        widths = [label_width, rest, rest]
    story.append(grid_table(rows, widths, extra=[("ALIGN", (1, 0), (-1, -1), "CENTER")]))
    return story


def _retention(data: PathwaySummaryData) -> list[Flowable]:
    if not data.retention_checks:
        return []
    widths = [0.0, 32 * mm, 26 * mm, 40 * mm]
    widths[0] = WIDTH - sum(widths)
    rows: list[list[object]] = [[_("Job"), _("After"), _("Checked on"), _("Situation")]]
    for check in data.retention_checks:
        rows.append(
            [
                cell(check.contract, widths[0]),
                _("{months} months").format(months=check.months),
                format_day(check.checked_on),
                _("Still in work") if check.employed else _("No longer in work"),
            ]
        )
    return [_heading(_("Keeping your job")), grid_table(rows, widths)]


def _wellbeing(data: PathwaySummaryData) -> list[Flowable]:
    plan = data.wellbeing
    if plan is None or not data.options.include_wellbeing:
        return []
    story: list[Flowable] = [
        _heading(_("Your wellbeing plan")),
        para(
            _(
                "Written with you, updated on {date}. It is private: share it only if you wish."
            ).format(date=format_day(plan.updated_on)),
            "note",
        ),
    ]
    for title, text in (
        (_("What can trigger a crisis"), plan.triggers),
        (_("Warning signs"), plan.warning_signs),
        (_("What helps"), plan.what_helps),
        (_("Who to call"), plan.who_to_call),
    ):
        if text.strip():
            story += [para(title, "h3"), para(text)]
    return story


_SECTIONS = {
    SummarySection.IDENTITY: _identity,
    SummarySection.SCHEMES: _schemes,
    SummarySection.ASPIRATIONS: _aspirations,
    SummarySection.SKILLS: _skills,
    SummarySection.ACCOMMODATIONS: lambda d: _text_block(
        _("What helps you at work"), d.pathway.accommodations_needed
    ),
    SummarySection.GOALS: _goals,
    SummarySection.TIMELINE: _timeline,
    SummarySection.WORKSHOPS: _workshops,
    SummarySection.MOCK_INTERVIEWS: _interviews,
    SummarySection.SELF_ASSESSMENT: _assessments,
    SummarySection.RETENTION: _retention,
}


def pathway_summary_pdf(data: PathwaySummaryData) -> bytes:
    """The summary with the sections chosen in ``data.options``."""
    options = data.options
    story: list[Flowable] = [para(_("Pathway summary"), "title")]
    subtitle = [
        _("Prepared for {name} on {date}").format(
            name=data.identity.display_name, date=format_day(data.header.printed_on)
        )
    ]
    # a period open at one end is said as such (« du 03/12/2026 au … » was printed)
    if options.start is not None and options.end is not None:
        subtitle.append(
            _("Period: {start} to {end}").format(
                start=format_day(options.start), end=format_day(options.end)
            )
        )
    elif options.start is not None:
        subtitle.append(_("Period: from {start}").format(start=format_day(options.start)))
    elif options.end is not None:
        subtitle.append(_("Period: up to {end}").format(end=format_day(options.end)))
    story.append(para("\n".join(subtitle), "subtitle"))
    story.append(
        para(
            _(
                "This document sums up the path you have travelled with {association}. "
                "It belongs to you: if something is missing or not right, tell us and we will "
                "correct it together."
            ).format(association=data.header.association_name or _("the association"))
        )
    )
    for section in SummarySection:
        if section in options.sections:
            flowables = _SECTIONS[section](data)
            if flowables:
                # keep each heading with what follows it
                story.append(KeepTogether(flowables[:2]))
                story.extend(flowables[2:])
    story += _wellbeing(data)
    return build_pdf(
        story,
        header=data.header,
        title=summary_title(data),
        subject=_("Pathway summary"),
    )
