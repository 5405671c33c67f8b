"""Attendance sheets (feuilles d'émargement), blank or filled, one or a batch, and the
attendance attestation of one participant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer
from reportlab.platypus.tables import Table

from pairdesk.domain.dates import period_of_month
from pairdesk.domain.enums import Attendance
from pairdesk.errors import UserError
from pairdesk.formatting import month_name
from pairdesk.i18n import _, ngettext
from pairdesk.reports.base import (
    FONT_BOLD,
    INK,
    LANDSCAPE,
    MARGIN,
    MUTED,
    SHADE,
    StartGroup,
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
from pairdesk.services.document_data import (
    AttendanceSheetData,
    AttestationData,
    DocumentHeader,
    DocumentKind,
)

Progress = Callable[[int, int], bool]

ROW_HEIGHT = 10 * mm  # room to sign
HEADER_ROW_HEIGHT = 8 * mm
NUMBER_WIDTH = 12 * mm
NAME_WIDTH = 90 * mm
STATUS_WIDTH = 38 * mm
SCORE_WIDTH = 34 * mm


def sheet_title(data: AttendanceSheetData) -> str:
    """The PDF title: the workshop's reference, never a person's name."""
    return _("Attendance sheet {ref}").format(
        ref=reference(DocumentKind.ATTENDANCE_SHEET, data.workshop_id)
    )


def _status_label(attendance: Attendance | None) -> str:
    return attendance.label if attendance is not None else ""


def _sheet_story(data: AttendanceSheetData, usable_width: float) -> list[Flowable]:
    story: list[Flowable] = []
    heading = _("Attendance sheet")
    if data.title:
        heading = _("Attendance sheet — {title}").format(title=data.title)
    story.append(para(heading, "title"))
    when = _("{kind} · {date}, {start}–{end}").format(
        kind=data.kind.label,
        date=format_day(data.held_on),
        start=format_time(data.starts_at),
        end=format_time(data.ends_at),
    )
    details = [markup(when)]
    if data.place:
        details.append(markup(_("Place: {place}").format(place=data.place)))
    if data.facilitators:
        details.append(
            markup(_("Facilitators: {names}").format(names=", ".join(data.facilitators)))
        )
    story.append(rich("<br/>".join(details), "subtitle"))
    if data.cancelled:
        story.append(para(_("This workshop was cancelled."), "note"))
        story.append(Spacer(1, 3 * mm))
    story.append(_sheet_table(data, usable_width))
    return story


#: The rows of a sheet kept on the page of its totals.
_ROWS_WITH_TOTALS = 2


def _sheet_table(data: AttendanceSheetData, usable_width: float) -> Table:
    """The sheet as one table, its header row repeated on every page. A filled sheet ends
    with its totals in a last row spanning the table, which the page never separates from
    the two rows before it: the totals line stood alone on a page of its own (a tester's
    November sheets: 14 pages for 9), and when the last rows went over apart, the next
    page had no column headings to sign under (two testers)."""
    rows, widths, extra = _sheet_rows(data, usable_width)
    heights = [HEADER_ROW_HEIGHT] + [ROW_HEIGHT] * (len(rows) - 1)
    if data.filled:
        rows.append([_filled_totals(data), *[""] * (len(widths) - 1)])
        heights.append(ROW_HEIGHT)
        extra = [
            *extra,
            ("SPAN", (0, -1), (-1, -1)),
            ("TEXTCOLOR", (0, -1), (0, -1), INK),
            ("LINEBELOW", (0, -1), (-1, -1), 0, colors.white),
            ("LINEBEFORE", (0, -1), (0, -1), 0, colors.white),
            ("LINEAFTER", (-1, -1), (-1, -1), 0, colors.white),
            ("TOPPADDING", (0, -1), (-1, -1), 3 * mm),
            ("NOSPLIT", (0, max(1, len(rows) - 1 - _ROWS_WITH_TOTALS)), (-1, -1)),
        ]
    return grid_table(rows, widths, extra=extra, min_row_heights=heights)


def _sheet_rows(
    data: AttendanceSheetData, usable_width: float
) -> tuple[list[list[object]], list[float], list[tuple[object, ...]]]:
    if data.filled:
        widths = [NUMBER_WIDTH, NAME_WIDTH, STATUS_WIDTH, SCORE_WIDTH]
        headers = ["#", _("Name"), _("Attendance"), _("Satisfaction (1–5)")]
    else:
        widths = [NUMBER_WIDTH, NAME_WIDTH]
        headers = ["#", _("Name")]
    widths.append(usable_width - sum(widths))
    headers.append(_("Signature"))
    rows: list[list[object]] = [list(headers)]
    walk_in = _("(walk-in)")
    for number, person in enumerate(data.people, start=1):
        name = person.display_name
        if person.walk_in:
            name = _("{name} {walk_in}").format(name=name, walk_in=walk_in)
        row: list[object] = [str(number), cell(name, NAME_WIDTH)]
        if data.filled:
            row += [
                _status_label(person.attendance),
                "" if person.satisfaction is None else str(person.satisfaction),
            ]
        rows.append([*row, ""])
    first_blank = len(data.people) + 1
    for number in range(first_blank, first_blank + data.blank_rows):
        rows.append([str(number), *[""] * (len(headers) - 1)])
    extra: list[tuple[object, ...]] = [
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ("TEXTCOLOR", (0, 1), (0, -1), MUTED),
    ]
    return rows, widths, extra


def _filled_totals(data: AttendanceSheetData) -> Flowable:
    counts = {a: sum(1 for p in data.people if p.attendance is a) for a in Attendance}
    not_marked = sum(1 for p in data.people if p.attendance is None)
    scores = [p.satisfaction for p in data.people if p.satisfaction is not None]
    mean = sum(scores) / len(scores) if scores else None
    text = _(
        "Present: {present} · Absent: {absent} · Excused: {excused} · Not marked: "
        "{not_marked} · Mean satisfaction: {mean}"
    ).format(
        present=counts[Attendance.PRESENT],
        absent=counts[Attendance.ABSENT],
        excused=counts[Attendance.EXCUSED],
        not_marked=not_marked,
        mean=format_number(mean),
    )
    if data.visitors:
        visitors = ngettext(
            "{count} visitor counted at the door, without a file.",
            "{count} visitors counted at the door, without a file.",
            data.visitors,
        ).format(count=data.visitors)
        text = _("{totals} · {visitors}").format(totals=text, visitors=visitors)
    return para(text, "body")


def _sheet_label(data: AttendanceSheetData) -> str:
    """What a page of a batch says of its sheet, beside its number: a workshop, no name."""
    return _("{workshop} of {date}").format(
        workshop=data.title or data.kind.label, date=format_day(data.held_on)
    )


def sheets_title(start: dt.date, end: dt.date) -> str:
    """The title of a batch of sheets, its period in words: « Feuilles d'émargement —
    novembre 2026 », « … — 2026 » (its footer said « 2026-11 »)."""
    if start.day == 1 and end == period_of_month(start.year, start.month)[1]:
        period = month_name(start.year, start.month)
    elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        period = str(start.year)
    else:
        period = _("{start} – {end}").format(start=format_day(start), end=format_day(end))
    return _("Attendance sheets — {period}").format(period=period)


def _usable_width() -> float:
    return LANDSCAPE[0] - 2 * MARGIN


def attendance_sheet_pdf(data: AttendanceSheetData) -> bytes:
    """One workshop's sheet, A4 landscape; the header row repeats on every page, and each
    page names the workshop beside its number (as the pages of a month's sheets do)."""
    return build_pdf(
        [StartGroup(0, label=_sheet_label(data)), *_sheet_story(data, _usable_width())],
        header=data.header,
        title=sheet_title(data),
        pagesize=LANDSCAPE,
        subject=_("Attendance sheet"),
    )


def attendance_sheets_pdf(
    sheets: Sequence[AttendanceSheetData],
    *,
    header: DocumentHeader,
    title: str,
    progress: Progress | None = None,
) -> bytes:
    """Many sheets in one PDF, each starting on a new page and numbered on its own.

    ``progress(done, total)`` is called before each sheet is laid out and once at the end;
    when it returns ``False`` the work stops with ``UserError("Cancelled.")``."""
    total = len(sheets)

    def report(done: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise UserError(_("Cancelled."))

    report(0)
    story: list[Flowable] = []
    width = _usable_width()
    for index, sheet in enumerate(sheets):
        if index:
            story.append(PageBreak())
        story.append(StartGroup(index, report, label=_sheet_label(sheet)))
        story.extend(_sheet_story(sheet, width))
    if not sheets:
        story.append(para(title, "title"))
        story.append(para(_("There is no workshop in this period."), "body"))
    pdf = build_pdf(
        story, header=header, title=title, pagesize=LANDSCAPE, subject=_("Attendance sheets")
    )
    report(total)
    return pdf


# --------------------------------------------------------------------------- attestation


def attestation_title(data: AttestationData) -> str:
    return _("Attendance attestation {ref}").format(
        ref=reference(DocumentKind.ATTENDANCE_ATTESTATION, data.participant_id)
    )


def attestation_pdf(data: AttestationData) -> bytes:
    """Workshops attended over a period, total hours and the coordinator's signature."""
    width = 210 * mm - 2 * MARGIN
    story: list[Flowable] = [
        para(_("Attendance attestation"), "title"),
        Spacer(1, 4 * mm),
    ]
    count = len(data.workshops)
    statement = ngettext(
        "The association {association} certifies that {name} took part in {count} "
        "workshop between {start} and {end}, for a total of {hours} hours.",
        "The association {association} certifies that {name} took part in {count} "
        "workshops between {start} and {end}, for a total of {hours} hours.",
        count,
    ).format(
        association=data.header.association_name or "—",
        name=data.display_name,
        count=count,
        start=format_day(data.start),
        end=format_day(data.end),
        hours=format_number(data.total_hours, 2),
    )
    story.append(para(statement, "body"))
    story.append(Spacer(1, 5 * mm))
    if data.workshops:
        widths = [26 * mm, 54 * mm, 0.0, 22 * mm]
        widths[2] = width - sum(widths)
        rows: list[list[object]] = [[_("Date"), _("Kind"), _("Workshop"), _("Hours")]]
        for line in data.workshops:
            rows.append(
                [
                    format_day(line.held_on),
                    cell(line.kind.label, widths[1]),
                    cell(
                        _("{title} ({start}–{end})").format(
                            title=line.title or line.kind.label,
                            start=format_time(line.starts_at),
                            end=format_time(line.ends_at),
                        ),
                        widths[2],
                    ),
                    format_number(line.hours, 2),
                ]
            )
        rows.append(["", "", _("Total"), format_number(data.total_hours, 2)])
        story.append(
            grid_table(
                rows,
                widths,
                extra=[
                    ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                    ("FONT", (0, -1), (-1, -1), FONT_BOLD, 9),
                    ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                ],
            )
        )
    else:
        story.append(para(_("No workshop attended in this period."), "note"))
    story.append(Spacer(1, 12 * mm))
    signature = [
        para(
            _("Done on {date}, to serve where it may be needed.").format(
                date=format_day(data.header.printed_on)
            )
        ),
        Spacer(1, 4 * mm),
        para(
            _("The coordinator: {name}").format(name=data.coordinator_name or "")
            if data.coordinator_name
            else _("The coordinator:")
        ),
        para(_("Signature:")),
        Spacer(1, 22 * mm),
    ]
    story.append(KeepTogether(signature))
    return build_pdf(
        story,
        header=data.header,
        title=attestation_title(data),
        subject=_("Attendance attestation"),
    )
