"""Shared machinery: font, metadata, file names, escaping, glyph fallback."""

from __future__ import annotations

import datetime as dt
import io
import types

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from pairdesk import i18n
from pairdesk.i18n import _
from pairdesk.reports import base
from pairdesk.reports.attendance import attendance_sheet_pdf
from pairdesk.reports.base import default_filename, format_day, format_number
from pairdesk.services.document_data import DocumentKind, SheetPerson

ON = dt.date(2026, 11, 25)


def _fonts(pdf: bytes) -> list[dict[str, object]]:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = []
    for page in reader.pages:
        resources = page["/Resources"]
        for ref in resources["/Font"].values():
            fonts.append(ref.get_object())
    return fonts


def test_default_filenames_hold_a_reference_and_the_date_never_a_name() -> None:
    assert (
        default_filename(DocumentKind.PATHWAY_SUMMARY, 42, ON)
        == "synthese-parcours-P0042-2026-11-25.pdf"
    )
    assert default_filename("attendance_sheet", 12, ON) == "emargement-A0012-2026-11-25.pdf"
    assert default_filename(DocumentKind.CV, 7, ON) == "cv-P0007-2026-11-25.pdf"
    assert (
        default_filename(DocumentKind.ATTENDANCE_SHEETS, "2026-11", ON)
        == "emargements-2026-11-2026-11-25.pdf"
    )
    assert (
        default_filename(DocumentKind.SATISFACTION_FORM, None, ON)
        == "questionnaire-satisfaction-2026-11-25.pdf"
    )
    # a filled sheet is not named as the blank one, which saving it asked to replace
    assert (
        default_filename("attendance_sheet", 12, ON, variant="remplie")
        == "emargement-remplie-A0012-2026-11-25.pdf"
    )
    # a free reference cannot smuggle a path separator in
    assert "/" not in default_filename(DocumentKind.ACTIVITY_REPORT, "../x/y", ON)


def test_dates_and_numbers_follow_the_interface_language() -> None:
    assert format_day(ON) == "25/11/2026"
    assert format_number(3.25, 2) == "3,25"
    i18n.install("en")
    assert format_number(3.25, 2) == "3.25"
    assert format_day(ON) == "25/11/2026"


def test_dejavu_is_embedded_and_the_metadata_names_nobody(make: types.ModuleType) -> None:
    pdf = attendance_sheet_pdf(make.sheet(4))
    fonts = _fonts(pdf)
    names = {str(f["/BaseFont"]) for f in fonts}
    assert any("DejaVuSans" in n for n in names)
    assert not any("Helvetica" in n for n in names)
    descriptors = [f["/FontDescriptor"].get_object() for f in fonts if "/FontDescriptor" in f]
    assert descriptors and all("/FontFile2" in d for d in descriptors)

    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    assert meta.title == _("Attendance sheet {ref}").format(ref="A0012")
    assert meta.author == "GEM Les Tilleuls"
    assert meta.creator == "pairdesk"
    for name in make.NAMES:
        for part in name.split():
            assert part not in (meta.title or "")


def test_fonts_are_registered_once_with_their_family() -> None:
    base.register_fonts()
    font = pdfmetrics.getFont(base.FONT)
    base.register_fonts()
    assert pdfmetrics.getFont(base.FONT) is font
    assert pdfmetrics.getRegisteredFontNames().count(base.FONT_BOLD) == 1


def test_user_text_is_escaped_not_interpreted(make: types.ModuleType) -> None:
    text = make.pdf_text(attendance_sheet_pdf(make.sheet(1)))
    # the workshop title holds "<entre pairs> & café": printed as typed
    assert "<entre pairs> & café" in text


@pytest.mark.parametrize("name", ["山田太郎", "مريم الحسن", "Ελένη 🙂"])
def test_letters_outside_the_font_print_as_a_box_without_failing(
    make: types.ModuleType, name: str
) -> None:
    sheet = make.sheet(2)
    sheet = type(sheet)(**{**_fields(sheet), "people": (SheetPerson(name), *sheet.people)})
    pdf = attendance_sheet_pdf(sheet)
    assert make.page_count(pdf) == 1
    assert "Zofia Łukasiewicz" in make.pdf_text(pdf)


def _fields(obj: object) -> dict[str, object]:
    return {f: getattr(obj, f) for f in obj.__dataclass_fields__}  # type: ignore[attr-defined]


def test_a_damaged_logo_is_left_out_and_a_real_one_is_drawn(make: types.ModuleType) -> None:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (120, 40), (44, 95, 138)).save(png, format="PNG")
    with_logo = attendance_sheet_pdf(
        type(make.sheet(1))(**{**_fields(make.sheet(1)), "header": make.header(png.getvalue())})
    )
    page = PdfReader(io.BytesIO(with_logo)).pages[0]
    assert page["/Resources"].get("/XObject")
    broken = attendance_sheet_pdf(
        type(make.sheet(1))(**{**_fields(make.sheet(1)), "header": make.header(b"not a png")})
    )
    assert "GEM Les Tilleuls" in make.pdf_text(broken)
