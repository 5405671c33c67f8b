"""Attendance sheets (blank, filled, batch) and the attendance attestation."""

from __future__ import annotations

import dataclasses
import io
import re
import types

import pytest
from pypdf import PdfReader

from pairdesk.domain.enums import Attendance
from pairdesk.errors import UserError
from pairdesk.i18n import _, ngettext
from pairdesk.reports.attendance import (
    attendance_sheet_pdf,
    attendance_sheets_pdf,
    attestation_pdf,
)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _row_numbers(text: str) -> list[int]:
    """The row numbers printed in the first column (lines holding only a number)."""
    return [int(line) for line in text.splitlines() if re.fullmatch(r"\d{1,3}", line.strip())]


def test_blank_sheet_lists_every_name_with_its_letters(make: types.ModuleType) -> None:
    pdf = attendance_sheet_pdf(make.sheet(4, blank_rows=3))
    text = make.pdf_text(pdf)
    for name in make.NAMES:
        assert name in text
    assert "24/11/2026" in text
    assert "14:00–16:30" in text
    assert "Léa Martin, Marc Dupont" in text
    assert "Salle des Tilleuls" in text
    assert _("Signature") in text
    assert _row_numbers(text) == [1, 2, 3, 4, 5, 6, 7]
    # nothing of the filled variant on a blank sheet
    assert Attendance.PRESENT.label not in text


def test_landscape_page(make: types.ModuleType) -> None:
    page = PdfReader(io.BytesIO(attendance_sheet_pdf(make.sheet(1)))).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_37_people_and_10_blank_rows_take_four_pages_with_the_header_on_each(
    make: types.ModuleType,
) -> None:
    """Landscape A4 is 210 mm high; the frame is 210 − 18 (margin) − 21 (association
    header) − 20 (bottom margin and footer) = 151 mm. Rows are 10 mm, the column header
    row 8 mm. Continuation pages: (151 − 8) // 10 = 14 rows. The first page also carries
    the title block: title 21 pt + 4 pt after, three subtitle lines of 14 pt + 8 pt after
    = 75 pt ≈ 26.5 mm, leaving (151 − 26.5 − 8) // 10 = 11 rows. 47 rows = 11 + 14 + 14 + 8:
    four pages, starting with rows 1, 12, 26 and 40."""
    pdf = attendance_sheet_pdf(make.sheet(37, blank_rows=10))
    pages = _pages(pdf)
    assert len(pages) == 4
    assert [_row_numbers(p)[0] for p in pages] == [1, 12, 26, 40]
    assert _row_numbers(pages[-1])[-1] == 47
    for number, page in enumerate(pages, start=1):
        assert _("Name") in page and _("Signature") in page  # repeated header row
        assert _("Page {page} / {total}").format(page=number, total=4) in page
    assert "Personne n°36" in "".join(pages)


def test_filled_sheet_shows_attendance_satisfaction_and_totals(make: types.ModuleType) -> None:
    text = make.pdf_text(attendance_sheet_pdf(make.sheet(8, blank_rows=0, filled=True)))
    assert Attendance.PRESENT.label in text
    assert Attendance.EXCUSED.label in text
    assert _("(walk-in)") in text
    # people 0, 3, 4, 7 present; 1, 5 absent; 2, 6 excused; scores 4, 5, 4, 5 → mean 4,5
    assert _(
        "Present: {present} · Absent: {absent} · Excused: {excused} · Not marked: "
        "{not_marked} · Mean satisfaction: {mean}"
    ).format(present=4, absent=2, excused=2, not_marked=0, mean="4,5") in " ".join(text.split())


def test_batch_numbers_each_sheet_on_its_own_and_reports_progress(
    make: types.ModuleType,
) -> None:
    sheets = [make.sheet(20, blank_rows=0), make.sheet(3, blank_rows=0)]
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    pdf = attendance_sheets_pdf(
        sheets, header=make.header(), title="Feuilles 2026-11", progress=progress
    )
    pages = _pages(pdf)
    # 20 rows: 11 on the first page, 9 on the second; the second sheet fits on one page
    assert len(pages) == 3
    assert _("Page {page} / {total}").format(page=2, total=2) in pages[1]
    assert _("Page {page} / {total}").format(page=1, total=1) in pages[2]
    assert calls[0] == (0, 2) and calls[-1] == (2, 2)
    assert (1, 2) in calls


def test_batch_cancel_stops_with_a_user_error(make: types.ModuleType) -> None:
    sheets = [make.sheet(3) for _i in range(5)]
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 2

    with pytest.raises(UserError) as caught:
        attendance_sheets_pdf(sheets, header=make.header(), title="x", progress=progress)
    assert caught.value.message == _("Cancelled.")
    assert max(seen) == 2


def test_empty_batch_still_gives_a_page(make: types.ModuleType) -> None:
    pdf = attendance_sheets_pdf([], header=make.header(), title="Feuilles 2026-08")
    assert _("There is no workshop in this period.") in make.pdf_text(pdf)


def test_attestation_lists_the_workshops_and_the_total(make: types.ModuleType) -> None:
    pdf = attestation_pdf(make.attestation())
    text = " ".join(make.pdf_text(pdf).split())
    assert "Nguyễn Thị Ánh" in text
    assert "01/01/2026" in text and "30/06/2026" in text
    for day in ("03/02/2026", "03/03/2026", "03/04/2026"):
        assert day in text
    assert "7,5" in text  # 3 × 2,5 h
    assert "Léa Martin" in text
    assert _("Signature:") in text
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and "Nguy" not in (meta.title or "")


def test_filled_sheet_counts_visitors_in_its_totals_only(make: types.ModuleType) -> None:
    sheet = dataclasses.replace(make.sheet(2, blank_rows=0, filled=True), visitors=3)
    text = " ".join(make.pdf_text(attendance_sheet_pdf(sheet)).split())
    assert (
        ngettext(
            "{count} visitor counted at the door, without a file.",
            "{count} visitors counted at the door, without a file.",
            3,
        ).format(count=3)
        in text
    )
    # no visitor, no sentence; a blank sheet never carries it
    for quiet in (
        make.sheet(2, blank_rows=0, filled=True),
        dataclasses.replace(sheet, filled=False),
    ):
        text = " ".join(make.pdf_text(attendance_sheet_pdf(quiet)).split())
        assert "visit" not in text.casefold()


def test_the_totals_never_stand_alone_and_each_page_of_a_batch_names_its_sheet(
    make: types.ModuleType,
) -> None:
    """A tester's November sheets: when the table filled its first page, the totals line
    went alone to a page of its own, and a loose page said only "Page 2 / 2"."""
    totals_start = _(
        "Present: {present} · Absent: {absent} · Excused: {excused} · Not marked: "
        "{not_marked} · Mean satisfaction: {mean}"
    ).split("{")[0]
    for people in range(6, 16):  # around a full first page (11 rows)
        data = make.sheet(people, blank_rows=0, filled=True)
        pages = _pages(attendance_sheet_pdf(data))
        last = pages[-1]
        assert totals_start in last
        # the last two rows go with the totals, under the column headings, and every page
        # of the sheet names its workshop (two testers: page 2 had neither)
        assert {people - 1, people} <= set(_row_numbers(last)), (people, len(pages))
        label = _("{workshop} of {date}").format(workshop=data.title, date="24/11/2026")
        for page in pages:
            assert _("Name") in page and _("Signature") in page, (people, len(pages))
            assert label in " ".join(page.split()), (people, len(pages))
    sheet = make.sheet(11, blank_rows=0, filled=True)
    pages = _pages(attendance_sheets_pdf([sheet], header=make.header(), title="Feuilles"))
    label = _("{workshop} of {date}").format(
        workshop=sheet.title or sheet.kind.label, date="24/11/2026"
    )
    for page in pages:
        assert label in " ".join(page.split())


def test_a_name_on_three_lines_stays_in_its_row(make: types.ModuleType) -> None:
    """The row was 10 mm high whatever its name: a name wrapped on three lines ran over
    the rule below it. A row now grows with its name."""
    from pairdesk.reports import attendance

    sheet = make.sheet(2, blank_rows=0)
    long_name = "Marie-Bénédicte-Geneviève " * 4
    people = [dataclasses.replace(sheet.people[0], display_name=long_name), *sheet.people[1:]]
    tables = attendance._sheet_table(
        dataclasses.replace(sheet, people=tuple(people)), attendance._usable_width()
    )
    tables.wrap(attendance._usable_width(), 10_000)
    heights = tables._rowHeights  # what ReportLab laid out
    assert heights[1] > attendance.ROW_HEIGHT and heights[2] == attendance.ROW_HEIGHT


def test_a_batch_is_titled_by_its_period_in_words() -> None:
    """The footer of a month's sheets said « Feuilles d'émargement 2026-11 »."""
    import datetime as dt

    from pairdesk import i18n
    from pairdesk.reports.attendance import sheets_title

    i18n.install("fr")
    assert sheets_title(dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == (
        "Feuilles d'émargement — novembre 2026"
    )
    assert sheets_title(dt.date(2024, 2, 1), dt.date(2024, 2, 29)).endswith("février 2024")
    assert sheets_title(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).endswith("— 2026")
    assert sheets_title(dt.date(2026, 3, 2), dt.date(2026, 3, 9)).endswith(
        "du 02/03/2026 au 09/03/2026"
    )
