"""The activity report (rapport d'activité) for a period: totals only, nobody named.

Its input holds no participant field at all: the shared indicators with their
definitions, monthly totals and the association's yearly figures.
"""

from __future__ import annotations

from babel.dates import get_day_names
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from pairdesk.domain.enums import AssessmentDomain, WorkshopKind
from pairdesk.domain.indicators import EMPLOYER_INDICATOR_IDS, MEAN_IDS, IndicatorValue
from pairdesk.formatting import mean
from pairdesk.i18n import _
from pairdesk.reports.base import (
    FONT_BOLD,
    MARGIN,
    PORTRAIT,
    SHADE,
    build_pdf,
    cell,
    format_day,
    format_month,
    format_number,
    format_percent,
    grid_table,
    locale_code,
    para,
)
from pairdesk.reports.charts import bar_chart
from pairdesk.services.document_data import ActivityReportData, FunderFigures
from pairdesk.services.month_totals import MonthTotals

WIDTH = PORTRAIT[0] - 2 * MARGIN

_RATIOS = frozenset(
    {
        "attendance_rate",
        "with_goal_rate",
        "employment_access_rate",
        "durable_employment_rate",
        "retention_rate_6m",
        "retention_rate_12m",
        "retention_rate_18m",
        "confidence_regained_rate",
    }
)
_MEANS = MEAN_IDS
EMPLOYMENT_IDS = (
    "employment_access_rate",
    "durable_employment_rate",
    "esat_starts",
    "retention_rate_6m",
    "retention_rate_12m",
    "retention_rate_18m",
)


def report_title(data: ActivityReportData) -> str:
    return _("Activity report {start} – {end}").format(
        start=format_day(data.start), end=format_day(data.end)
    )


def _value(item: IndicatorValue) -> str:
    if item.id in _RATIOS:
        return format_percent(item.value if isinstance(item.value, float | int) else None)
    if item.id in _MEANS:
        value = item.value if isinstance(item.value, float | int) else None
        return mean(value, signed=item.id == "self_assessment_change")
    return format_number(item.value)


def _basis(item: IndicatorValue) -> str:
    if item.id in _RATIOS:
        return _("{numerator} of {denominator}").format(
            numerator=format_number(item.numerator), denominator=format_number(item.denominator)
        )
    if item.id in _MEANS:
        return _("over {count}").format(count=format_number(item.denominator))
    return ""


def _indicator_table(items: list[IndicatorValue]) -> Flowable:
    widths = [48 * mm, 22 * mm, 26 * mm, 0.0]
    widths[3] = WIDTH - sum(widths)
    rows: list[list[object]] = [[_("Indicator"), _("Value"), _("Based on"), _("Definition")]]
    for item in items:
        rows.append(
            [
                cell(item.label, widths[0], style="cell_bold", font=FONT_BOLD),
                _value(item),
                cell(_basis(item), widths[2]),
                para(item.definition, "small"),
            ]
        )
    return grid_table(
        rows,
        widths,
        extra=[
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("ALIGN", (1, 1), (1, -1), "RIGHT"),
            ("FONT", (0, 1), (0, -1), FONT_BOLD, 9),
        ],
    )


def _month_label(line: MonthTotals) -> str:
    return format_month(line.year, line.month)


def _workshops_by_month(data: ActivityReportData) -> list[Flowable]:
    if not data.months:
        return []
    kinds = list(WorkshopKind)
    story: list[Flowable] = [para(_("Workshops by kind and month"), "h2")]
    # A kind per row, a month per column, a table per calendar year: with a kind per
    # column, nine columns of 15 mm cut « Sensibilisation » into « Sensibilis / ation »
    # (coordinator tester); month names are short.
    years = sorted({m.year for m in data.months})
    label_width = 50 * mm
    for year in years:
        months = [m for m in data.months if m.year == year]
        column = (WIDTH - label_width) / 13  # twelve months and the total, whatever shown
        rows: list[list[object]] = [
            [
                _("Kind of workshop ({year})").format(year=year),
                *(para(format_month(m.year, m.month, short=True), "centre_small") for m in months),
                para(_("Total"), "centre_small"),
            ]
        ]
        for kind in kinds:
            rows.append(
                [
                    cell(kind.label, label_width),
                    *(str(m.held_of(kind)) for m in months),
                    str(sum(m.held_of(kind) for m in months)),
                ]
            )
        rows.append(
            [
                _("Total"),
                *(str(m.workshops_held) for m in months),
                str(sum(m.workshops_held for m in months)),
            ]
        )
        table = grid_table(
            rows,
            [label_width] + [column] * (len(months) + 1),
            extra=[
                ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 9),
                ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                # « janv. » and « Total » whole in a column of 10 mm
                ("LEFTPADDING", (1, 0), (-1, -1), 1),
                ("RIGHTPADDING", (1, 0), (-1, -1), 1),
            ],
        )
        table.hAlign = "LEFT"  # a year of two months under a year of twelve
        story += [table, Spacer(1, 2 * mm)]
    chart = bar_chart(
        [format_month(m.year, m.month, short=True) for m in data.months],
        [(k.label, [m.held_of(k) for m in data.months]) for k in kinds],
        width=WIDTH,
        stacked=True,
    )
    return [
        *story,
        Spacer(1, 1 * mm),
        KeepTogether([para(_("Workshops held each month, by kind"), "h3"), chart]),
    ]


def _attendance(data: ActivityReportData) -> list[Flowable]:
    items = data.indicators.items
    story: list[Flowable] = [
        para(_("Attendance and satisfaction"), "h2"),
        _indicator_table(
            [items[k] for k in ("attendance_rate", "satisfaction_mean") if k in items]
        ),
    ]
    if not data.months:
        return story
    # "Not marked" too: without it the rows did not add up to the registrations (632
    # registrations, 618 present, absent or excused: a tester's finding). The widths keep
    # « septembre 2026 » and « Inscriptions » on one line each (« Inscription / s »).
    shares = (22, 19, 19, 19, 20, 23, 20)
    widths = [32 * mm] + [(WIDTH - 32 * mm) * share / sum(shares) for share in shares]
    rows: list[list[object]] = [
        [
            _("Month"),
            para(_("Registrations"), "centre_small"),
            para(_("Present"), "centre_small"),
            para(_("Absent"), "centre_small"),
            para(_("Excused"), "centre_small"),
            para(_("Not marked"), "centre_small"),
            para(_("Different people present"), "centre_small"),
            para(_("Hours of presence"), "centre_small"),
        ]
    ]
    for line in data.months:
        rows.append(
            [
                _month_label(line),
                str(line.registrations),
                str(line.present),
                str(line.absent),
                str(line.excused),
                str(line.not_marked),
                str(line.distinct_present),
                format_number(line.presence_hours),
            ]
        )
    rows.append(
        [
            _("Total"),
            str(sum(m.registrations for m in data.months)),
            str(sum(m.present for m in data.months)),
            str(sum(m.absent for m in data.months)),
            str(sum(m.excused for m in data.months)),
            str(sum(m.not_marked for m in data.months)),
            "",
            format_number(round(sum(m.presence_hours for m in data.months), 2)),
        ]
    )
    story += [
        Spacer(1, 3 * mm),
        grid_table(
            rows,
            widths,
            extra=[
                ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 9),
                ("BACKGROUND", (0, -1), (-1, -1), SHADE),
            ],
        ),
        para(
            _(
                "Monthly totals cover whole calendar months; a different person is counted "
                "once a month however often they came."
            ),
            "small",
        ),
        Spacer(1, 3 * mm),
        KeepTogether(
            [
                para(_("Presence and absence each month"), "h3"),
                bar_chart(
                    [format_month(m.year, m.month, short=True) for m in data.months],
                    [
                        (_("Present"), [m.present for m in data.months]),
                        (_("Absent"), [m.absent for m in data.months]),
                        (_("Excused"), [m.excused for m in data.months]),
                    ],
                    width=WIDTH,
                ),
            ]
        ),
    ]
    return story


def _employment(data: ActivityReportData) -> list[Flowable]:
    items = data.indicators.items
    chosen = [items[k] for k in EMPLOYMENT_IDS if k in items]
    story: list[Flowable] = [
        para(_("Access to and retention in employment"), "h2"),
        _indicator_table(chosen),
    ]
    rates = [i for i in chosen if i.id in _RATIOS]
    if rates:
        short = {
            "employment_access_rate": _("Access"),
            "durable_employment_rate": _("Durable"),
            "retention_rate_6m": _("Kept 6 months"),
            "retention_rate_12m": _("Kept 12 months"),
            "retention_rate_18m": _("Kept 18 months"),
        }
        chart = bar_chart(
            [short.get(i.id, i.label) for i in rates],
            [(_("Share"), [round((i.value or 0) * 100, 1) for i in rates])],
            width=WIDTH,
            value_max=100,
            percent=True,
            height=55 * mm,
        )
        story += [
            Spacer(1, 3 * mm),
            KeepTogether(
                [para(_("Access to and retention in employment, in percent"), "h3"), chart]
            ),
        ]
    return story


def _assessment(data: ActivityReportData) -> list[Flowable]:
    items = data.indicators.items
    chosen = [
        items[k] for k in ("self_assessment_change", "confidence_regained_rate") if k in items
    ]
    story: list[Flowable] = [para(_("Self-assessment change"), "h2"), _indicator_table(chosen)]
    change = items.get("self_assessment_change")
    if change is not None and change.breakdown:
        label_width = 80 * mm
        rows: list[list[object]] = [[_("Domain"), _("Mean change (points out of 10)")]]
        for domain in AssessmentDomain:
            if domain.value in change.breakdown:
                shown = mean(change.breakdown[domain.value], signed=True)
                rows.append([cell(domain.label, label_width), shown])
        story += [
            Spacer(1, 3 * mm),
            grid_table(
                rows,
                [label_width, WIDTH - label_width],
                extra=[("ALIGN", (1, 1), (1, -1), "CENTER")],
            ),
        ]
    return story


def _employers(data: ActivityReportData) -> list[Flowable]:
    """The employer side (issue 15): employers who took someone on, the directory's growth,
    awareness sessions in companies and the employees they reached."""
    items = data.indicators.items
    chosen = [items[k] for k in EMPLOYER_INDICATOR_IDS if k in items]
    if not chosen:
        return []
    return [para(_("Employers and awareness"), "h2"), _indicator_table(chosen)]


def _weekdays(days: tuple[int, ...]) -> str:
    names = get_day_names("wide", locale=locale_code())
    return ", ".join(names[d - 1] for d in days if 1 <= d <= 7)


def _funder(figures: FunderFigures) -> list[Flowable]:
    rows = [
        (
            _("Members at 31 December {year}").format(year=figures.year),
            format_number(figures.members_at_year_end),
        ),
        (_("New members in {year}").format(year=figures.year), format_number(figures.new_members)),
        (_("Activities held (workshops)"), format_number(figures.activities_held)),
        (
            _("Opening days planned in the year (association profile)"),
            format_number(figures.opening_days_per_year),
        ),
        (_("Opening days of the week"), _weekdays(figures.opening_days) or "—"),
        (_("Opening hours"), figures.opening_hours or "—"),
        (_("Staff (full-time equivalent)"), format_number(figures.staff_fte, 2)),
    ]
    label_width = 80 * mm
    table = grid_table(
        [
            [
                cell(k, label_width, style="cell_bold", font=FONT_BOLD),
                cell(v, WIDTH - label_width),
            ]
            for k, v in rows
        ],
        [label_width, WIDTH - label_width],
        header_rows=0,
        extra=[("FONT", (0, 0), (0, -1), FONT_BOLD, 9), ("BACKGROUND", (0, 0), (0, -1), SHADE)],
    )
    return [
        KeepTogether(
            [
                para(_("Yearly figures for the funders ({year})").format(year=figures.year), "h2"),
                table,
                # where they come from: they differed from the key figures above without a
                # word (a tester's finding)
                para(
                    _(
                        "The whole year {year}, as known on the day printed, as in the GEM's "
                        "annual report: members count the register's members with the "
                        "participants' (or what the year's form says); the staff is the sum "
                        "of the year's staff lines (else the association profile's figure)."
                    ).format(year=figures.year),
                    "small",
                ),
            ]
        )
    ]


def activity_report_pdf(data: ActivityReportData) -> bytes:
    """The report: key indicators with definitions, then tables and charts by subject."""
    items = data.indicators.items
    story: list[Flowable] = [
        para(_("Activity report"), "title"),
        para(
            _("Period: {start} to {end}").format(
                start=format_day(data.start), end=format_day(data.end)
            ),
            "subtitle",
        ),
        para(
            _(
                "This report holds totals only: no person can be identified in it. Each "
                "indicator is given with its definition and what it was computed from."
            ),
            "note",
        ),
        para(_("Key figures"), "h2"),
        _indicator_table(
            [
                items[k]
                for k in (
                    "active_participants",
                    "new_members",
                    "members_at_end",
                    "workshops_held",
                    "with_goal_rate",
                )
                if k in items
            ]
        ),
    ]
    story += _workshops_by_month(data)
    story += _attendance(data)
    story += _employment(data)
    story += _assessment(data)
    story += _employers(data)
    if data.funder is not None:
        story += _funder(data.funder)
    return build_pdf(
        story, header=data.header, title=report_title(data), subject=_("Activity report")
    )
