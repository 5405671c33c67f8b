"""The GEM's annual activity report to the ARS (PDF and xlsx), from
:class:`pairdesk.services.gem_year.GemAnnualData`: no query, no name.

Sections in the order of the CNSA's yearly synthesis (see
:mod:`pairdesk.domain.gem_year`): identification, attendance, staff and volunteers,
opening and welcome, the users' association, agreements and partnerships, activities, the
employment pathway indicators. Each figure has its definition and the previous year
beside it; a figure hidden for publication prints "hidden" (``base.hidden_text``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io

from babel.dates import get_day_names
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from pairdesk.domain import ips
from pairdesk.domain.enums import WorkshopKind
from pairdesk.domain.indicators import IndicatorValue
from pairdesk.domain.ips import IpsFigures
from pairdesk.domain.pooling import COUNT, MEAN, indicator_kind
from pairdesk.domain.suppression import (
    PublishedFigure,
    is_small,
    publish_count,
    publish_mean,
    publish_ratio,
)
from pairdesk.i18n import _
from pairdesk.reports.base import (
    FONT_BOLD,
    MARGIN,
    PORTRAIT,
    build_pdf,
    cell,
    format_day,
    format_number,
    format_percent,
    grid_table,
    hidden_text,
    locale_code,
    para,
)
from pairdesk.services.gem_year import IPS_KEYS, AnnualFigure, GemAnnualData

WIDTH = PORTRAIT[0] - 2 * MARGIN

#: Which figures go in which section, in order.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "attendance",
        (
            "members_at_year_end",
            "new_members",
            "people_received",
            "distinct_members",
            "distinct_non_members",
            "anonymous_visits",
            "person_days",
            "member_days",
            "non_member_days",
            "average_per_opening_day",
        ),
    ),
    ("staff", ("paid_staff", "paid_staff_fte", "volunteers")),
    ("opening", ("opening_days",)),
    ("association", ("bureau_members", "bureau_members_from_gem")),
    ("activities", ("workshops_held",)),
)

EMPLOYMENT_IDS = (
    "active_participants",
    "with_goal_rate",
    "employment_access_rate",
    "durable_employment_rate",
    "esat_starts",
    "retention_rate_6m",
    "retention_rate_12m",
    "retention_rate_18m",
)


def _section_title(key: str) -> str:
    return {
        "attendance": _("Attendance"),
        "staff": _("Staff and volunteers"),
        "opening": _("Opening and welcome"),
        "association": _("The GEM as a users' association"),
        "activities": _("Activities"),
    }[key]


def report_title(data: GemAnnualData) -> str:
    return _("Annual activity report {year}").format(year=data.year)


def _figure_text(value: float | int | None, hidden: bool) -> str:
    if hidden:
        return hidden_text()
    if value is None:
        return "—"
    return format_number(value, 2)


def figure_rows(data: GemAnnualData, keys: tuple[str, ...]) -> list[AnnualFigure]:
    by_id = {f.id: f for f in data.figures}
    return [by_id[k] for k in keys if k in by_id]


def _figures_table(figures: list[AnnualFigure], year: int) -> Flowable:
    widths = [50 * mm, 20 * mm, 20 * mm, 0.0]
    widths[3] = WIDTH - sum(widths)
    rows: list[list[object]] = [[_("Figure"), str(year), str(year - 1), _("Definition")]]
    for figure in figures:
        definition = figure.definition
        if figure.typed:
            definition = _("{definition} (typed)").format(definition=definition)
        rows.append(
            [
                cell(figure.label, widths[0], style="cell_bold", font=FONT_BOLD),
                _figure_text(figure.value, figure.hidden),
                _figure_text(figure.previous, figure.previous_hidden),
                para(definition, "small"),
            ]
        )
    return grid_table(
        rows,
        widths,
        extra=[
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("ALIGN", (1, 1), (2, -1), "RIGHT"),
            ("FONT", (0, 1), (0, -1), FONT_BOLD, 9),
        ],
    )


def _published(item: IndicatorValue, for_publication: bool) -> PublishedFigure:
    kind = indicator_kind(item.id, item.denominator)
    numerator = item.numerator or 0
    if not for_publication:
        return PublishedFigure(item.value, item.numerator, item.denominator, ())
    if kind == COUNT:
        return publish_count(int(numerator))
    if kind == MEAN:
        return publish_mean(float(numerator), item.denominator or 0)
    return publish_ratio(int(numerator), item.denominator or 0)


def indicator_text(item: IndicatorValue, for_publication: bool) -> str:
    figure = _published(item, for_publication)
    if "value" in figure.suppressed:
        return hidden_text()
    kind = indicator_kind(item.id, item.denominator)
    if kind == COUNT:
        return format_number(figure.value)
    if kind == MEAN:
        return format_number(figure.value, 2)
    shown = format_percent(None if figure.value is None else float(figure.value))
    if figure.value is None:
        return shown
    return _("{rate} ({numerator} of {denominator})").format(
        rate=shown,
        numerator=format_number(figure.numerator),
        denominator=format_number(figure.denominator),
    )


def _indicator_cells(
    item: IndicatorValue, for_publication: bool
) -> tuple[float | int | str | None, float | int | str | None, float | int | str | None]:
    """``indicator_text`` as a workbook's numbers: the value (a rate as a fraction, shown
    as a percentage), its numerator and denominator; the hidden ones as in the PDF."""
    figure = _published(item, for_publication)

    def shown(part: str, value: float | int | None) -> float | int | str | None:
        if part in figure.suppressed:
            return hidden_text()
        return round(value, 4) if isinstance(value, float) else value

    return (
        shown("value", figure.value),
        shown("numerator", figure.numerator),
        shown("denominator", figure.denominator),
    )


def _employment_table(data: GemAnnualData) -> Flowable:
    # a rate and its counts on one line: « 99 % (79 sur / 80) » broke in 30 mm (a tester)
    widths = [46 * mm, 36 * mm, 36 * mm, 0.0]
    widths[3] = WIDTH - sum(widths)
    rows: list[list[object]] = [
        [_("Indicator"), str(data.year), str(data.year - 1), _("Definition")]
    ]
    for key in EMPLOYMENT_IDS:
        item = data.indicators.items.get(key)
        before = data.previous_indicators.items.get(key)
        if item is None or before is None:
            continue
        rows.append(
            [
                cell(item.label, widths[0], style="cell_bold", font=FONT_BOLD),
                cell(indicator_text(item, data.for_publication), widths[1]),
                cell(indicator_text(before, data.for_publication), widths[2]),
                para(item.definition, "small"),
            ]
        )
    for key, now, last_year in ips_rows(data):
        rows.append(
            [
                cell(ips.label(key), widths[0], style="cell_bold", font=FONT_BOLD),
                now,
                last_year,
                para(ips.definition(key), "small"),
            ]
        )
    return grid_table(
        rows,
        widths,
        extra=[("VALIGN", (0, 1), (-1, -1), "TOP"), ("FONT", (0, 1), (0, -1), FONT_BOLD, 9)],
    )


#: The supported-employment rate printed after the counts of :data:`IPS_KEYS`.
IPS_RATE = "employment_rate_out_of_work"


def _ips_published(
    figures: IpsFigures, for_publication: bool
) -> tuple[dict[str, int], dict[str, bool], bool]:
    """The supported-employment counts, which of them are hidden for publication, and
    whether the rate is: one rule for the PDF's texts and the workbook's numbers."""
    values = {key: int(getattr(figures, key)) for key in IPS_KEYS}
    if not for_publication:
        return values, dict.fromkeys(values, False), False
    employed, out_of_work = values["employed_of_out_of_work"], values["out_of_work_at_entry"]
    starts = publish_ratio(values["first_job_starts"], values["job_starts"])
    employment = publish_ratio(employed, out_of_work)
    hidden = {
        "job_starts": "denominator" in starts.suppressed,
        "first_job_starts": "numerator" in starts.suppressed,
        "unknown_hours": is_small(values["unknown_hours"]),
        "in_work_over_13_weeks": is_small(values["in_work_over_13_weeks"]),
        "out_of_work_at_entry": "denominator" in employment.suppressed,
        "employed_of_out_of_work": "numerator" in employment.suppressed,
        "entry_not_recorded": is_small(values["entry_not_recorded"]),
    }
    return values, hidden, "value" in employment.suppressed


def _ips_texts(figures: IpsFigures, for_publication: bool) -> dict[str, str]:
    values, hidden, rate_hidden = _ips_published(figures, for_publication)
    texts = {
        key: hidden_text() if hidden[key] else format_number(value) for key, value in values.items()
    }
    texts[IPS_RATE] = (
        hidden_text()
        if rate_hidden
        else _rate_text(
            figures.employment_rate_out_of_work,
            values["employed_of_out_of_work"],
            values["out_of_work_at_entry"],
        )
    )
    return texts


def _ips_cells(figures: IpsFigures, for_publication: bool) -> dict[str, float | int | str | None]:
    """The same as :func:`_ips_texts` as a workbook's numbers (the rate a fraction)."""
    values, hidden, rate_hidden = _ips_published(figures, for_publication)
    cells: dict[str, float | int | str | None] = {
        key: hidden_text() if hidden[key] else value for key, value in values.items()
    }
    rate = figures.employment_rate_out_of_work
    cells[IPS_RATE] = hidden_text() if rate_hidden else (None if rate is None else round(rate, 4))
    return cells


def _rate_text(rate: float | None, numerator: int, denominator: int) -> str:
    shown = format_percent(rate)
    if rate is None:
        return shown
    return _("{rate} ({numerator} of {denominator})").format(
        rate=shown, numerator=format_number(numerator), denominator=format_number(denominator)
    )


def ips_rows(data: GemAnnualData) -> list[tuple[str, str, str]]:
    """``(id, this year, last year)`` of the supported-employment figures, as printed: the
    counts, then the employment rate among people out of work at entry."""
    now = _ips_texts(data.ips, data.for_publication)
    before = _ips_texts(data.previous_ips, data.for_publication)
    return [(key, now[key], before[key]) for key in (*IPS_KEYS, IPS_RATE)]


def _agreement(what: str, name: str, on: dt.date | None) -> str:
    """« Parrain : X (convention du 02/03/2020) », without the parts not filled in:
    « Parrain : — (convention du —) » read oddly (a tester's finding)."""
    if not name and on is None:
        return _("{what}: not filled in").format(what=what)
    if on is None:
        return _("{what}: {name}").format(what=what, name=name)
    return _("{what}: {name} (agreement of {date})").format(
        what=what, name=name or "—", date=format_day(on)
    )


def _days_text(days: tuple[int, ...]) -> str:
    names = get_day_names("wide", locale=locale_code())
    return ", ".join(names[d - 1] for d in days) if days else "—"


def _text_block(title: str, text: str) -> list[Flowable]:
    return [para(title, "h3"), para(text or _("Not filled in for this year."))]


def _staff_table(data: GemAnnualData) -> list[Flowable]:
    if not data.form.staff:
        return [para(_("No paid facilitator listed in the year's form."), "note")]
    widths = [WIDTH * 0.45, WIDTH * 0.4, WIDTH * 0.15]
    rows: list[list[object]] = [[_("Function"), _("Qualification"), _("FTE")]]
    for line in data.form.staff:
        rows.append(
            [
                cell(line.function or "—", widths[0]),
                cell(line.qualification or "—", widths[1]),
                format_number(line.fte, 2),
            ]
        )
    return [grid_table(rows, widths)]


def _kind_label(key: str) -> str:
    with contextlib.suppress(ValueError):
        return WorkshopKind(key).label
    return key


def gem_annual_pdf(data: GemAnnualData) -> bytes:
    form = data.form
    story: list[Flowable] = [
        para(report_title(data), "title"),
        para(
            _("Period: {start} to {end}").format(
                start=format_day(data.indicators.start), end=format_day(data.indicators.end)
            ),
            "subtitle",
        ),
        para(
            _(
                "To be sent to the ARS before {due}. This report holds totals only: no person "
                "can be identified in it. Each figure is given with its definition and the "
                "previous year beside it."
            ).format(due=format_day(data.due_on)),
            "note",
        ),
    ]
    if data.for_publication:
        story.append(
            para(
                _(
                    "For publication: counts of people from 1 to 10 are shown "
                    "\u201chidden\u201d, and so are other figures, larger, that would let "
                    "one recompute them; no rate is given on fewer than 11 people."
                ),
                "note",
            )
        )
    story += [
        para(_("Identification"), "h2"),
        para(_("Name: {name}").format(name=data.association_name)),
        para(_("Location: {address}").format(address=data.address or "—")),
    ]
    for key, ids in SECTIONS:
        story.append(para(_section_title(key), "h2"))
        story.append(_figures_table(figure_rows(data, ids), data.year))
        story.append(Spacer(1, 2 * mm))  # the lines below stood against the table
        if key == "staff":
            story += _staff_table(data)
            story += _text_block(_("Volunteers' functions"), form.volunteer_functions)
        elif key == "opening":
            story.append(
                para(
                    _("Opening days of the week: {days}").format(
                        days=_days_text(data.opening_days_of_week)
                    )
                )
            )
            story.append(para(_("Opening hours: {hours}").format(hours=data.opening_hours or "—")))
            story += _text_block(_("Premises"), form.premises)
        elif key == "association":
            story.append(para(_("Sponsorship and agreements"), "h3"))
            story.append(para(_agreement(_("Sponsor"), form.sponsor, form.sponsor_agreement_on)))
            story.append(
                para(
                    _agreement(_("Managing body"), form.managing_body, form.management_agreement_on)
                )
            )
            story += _text_block(_("Partnerships"), form.partnerships)
        elif key == "activities":
            parts = [
                _("{kind}: {count}").format(kind=_kind_label(k), count=v)
                for k, v in data.workshops_by_kind.items()
                if v
            ]
            if parts and not data.for_publication:
                story.append(para(_("; ").join(parts), "small"))  # « ; » spaced in French
            story += _text_block(_("Activities held"), form.activities_held)
            story += _text_block(_("Activities planned"), form.activities_planned)
            story += _text_block(_("Highlights of the year"), form.highlights)
    story.append(para(_("Employment pathway"), "h2"))
    story.append(_employment_table(data))
    story.append(Spacer(1, 3 * mm))
    return build_pdf(
        story, header=data.header, title=report_title(data), subject=_("Annual activity report")
    )


def gem_annual_xlsx(data: GemAnnualData) -> bytes:
    """The figures in a workbook: figure, year, previous year, definition (numbers as
    numbers; "hidden" where hidden), then the employment indicators."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(data.year)
    bold = Font(bold=True)
    sheet.append([report_title(data)])
    sheet.append([data.association_name])
    sheet.append([])
    sheet.append([_("Figure"), str(data.year), str(data.year - 1), _("Definition")])
    for c in sheet[sheet.max_row]:
        c.font = bold

    def shown(value: float | int | None, hidden: bool) -> float | int | str | None:
        if hidden:
            return hidden_text()
        if isinstance(value, float):
            return round(value, 2)
        return value

    for figure in data.figures:
        sheet.append(
            [
                figure.label,
                shown(figure.value, figure.hidden),
                shown(figure.previous, figure.previous_hidden),
                figure.definition,
            ]
        )
    # The employment pathway as numbers (a rate a fraction shown as a percentage, its
    # numerator and denominator beside it): as texts (« 16 % (13 sur 80) ») a spreadsheet
    # could neither add nor compare them, and the section had no title (a tester).
    sheet.append([])
    sheet.append([_("Employment pathway")])
    sheet[sheet.max_row][0].font = bold
    sheet.append(
        [
            _("Indicator"),
            str(data.year),
            str(data.year - 1),
            _("Definition"),
            _("Numerator ({year})").format(year=data.year),
            _("Denominator ({year})").format(year=data.year),
        ]
    )
    for c in sheet[sheet.max_row]:
        c.font = bold
    rates: list[int] = []
    for key in EMPLOYMENT_IDS:
        item = data.indicators.items.get(key)
        before = data.previous_indicators.items.get(key)
        if item is None or before is None:
            continue
        value, numerator, denominator = _indicator_cells(item, data.for_publication)
        sheet.append(
            [
                item.label,
                value,
                _indicator_cells(before, data.for_publication)[0],
                item.definition,
                numerator if denominator is not None else None,
                denominator,
            ]
        )
        if indicator_kind(item.id, item.denominator) not in (COUNT, MEAN):
            rates.append(sheet.max_row)
    now_cells = _ips_cells(data.ips, data.for_publication)
    before_cells = _ips_cells(data.previous_ips, data.for_publication)
    for key in (*IPS_KEYS, IPS_RATE):
        sheet.append([ips.label(key), now_cells[key], before_cells[key], ips.definition(key)])
        if key == IPS_RATE:
            rates.append(sheet.max_row)
    for row in rates:
        for column in "BC":
            sheet[f"{column}{row}"].number_format = "0.0%"
    for column, width in zip("ABCDEF", (44, 18, 18, 90, 16, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows():
        for c in line:
            if isinstance(c.value, str):
                c.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
