"""Shared machinery of every printed document: font, styles, page template, numbering.

* One Unicode TrueType family (DejaVu Sans, shipped in ``resources/fonts`` with its
  licence) is embedded in every PDF, registered once per process: names such as
  Nguyễn Thị Ánh or Zofia Łukasiewicz print correctly, which the 14 standard PDF fonts
  cannot. Letters the font lacks (CJK, most Arabic) print as the font's empty box: the
  document is still produced.
* The header carries the association's name, address and optional logo; the footer the
  document title (never a person's name), the print date and "Page 1 / 3". Page totals
  come from a canvas that keeps every page until the end (a batch of attendance sheets
  numbers each sheet on its own).
* PDF metadata: title without personal names, author = the association, creator pairdesk.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from babel.dates import format_date
from babel.numbers import format_decimal
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.tables import Table, TableStyle

from pairdesk import i18n, paths
from pairdesk.i18n import _, pgettext
from pairdesk.services.document_data import DocumentHeader, DocumentKind

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 18 * mm
HEADER_HEIGHT = 21 * mm
FOOTER_HEIGHT = 12 * mm

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#e4e7eb")
ACCENT = colors.HexColor("#2c5f8a")

_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans regular/bold/oblique/bold-oblique once for the process."""
    global _fonts_registered
    if _fonts_registered:
        return
    with _font_lock:
        if _fonts_registered:
            return
        folder = paths.resources_dir() / "fonts"
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_registered = True


# --------------------------------------------------------------------------- formatting


def locale_code() -> str:
    """The Babel locale for dates and numbers in the interface language."""
    return "fr_FR" if i18n.current_language() == "fr" else "en_GB"


def format_day(day: dt.date | None) -> str:
    """25/11/2026 in French (and in British English): what people write on paper."""
    if day is None:
        return ""
    return format_date(day, "dd/MM/yyyy", locale=locale_code())


def format_month(year: int, month: int, *, short: bool = False) -> str:
    pattern = "MMM" if short else "MMMM yyyy"
    return format_date(dt.date(year, month, 1), pattern, locale=locale_code())


def format_time(moment: dt.time) -> str:
    return moment.strftime("%H:%M")


def format_number(value: float | int | None, digits: int = 1) -> str:
    """A number in the interface language ("3,5" in French); "—" when there is none."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return format_decimal(value, locale=locale_code())
    return format_decimal(round(value, digits), locale=locale_code())


def hidden_text() -> str:
    """What a figure hidden for publication shows (``domain.suppression``): one neutral
    word for every hidden figure. "< 11" was printed for the figures hidden only so that a
    small one could not be recomputed (65 members, 21 job starts), which a funder read as
    fewer than 11."""
    return pgettext("a figure hidden for publication", "hidden")


def format_percent(value: float | None) -> str:
    if value is None:
        return "—"
    return _("{value} %").format(value=format_number(value * 100, 0))


def markup(text: str) -> str:
    """User text made safe for Paragraph markup; line breaks are kept."""
    return escape(text).replace("\n", "<br/>")


# --------------------------------------------------------------------------- styles

_styles: dict[str, ParagraphStyle] | None = None


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles every document shares (built once, after the fonts)."""
    global _styles
    if _styles is not None:
        return _styles
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK)
    built = {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=FONT_BOLD, fontSize=9),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=4
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=FONT_BOLD, fontSize=10.5, spaceBefore=6, spaceAfter=2
        ),
        "note": ParagraphStyle("note", parent=body, fontName=FONT_ITALIC, textColor=MUTED),
        "large": ParagraphStyle("large", parent=body, fontSize=14, leading=19),
        "large_bold": ParagraphStyle(
            "large_bold", parent=body, fontName=FONT_BOLD, fontSize=14, leading=19
        ),
        "centre": ParagraphStyle("centre", parent=body, alignment=TA_CENTER),
        "scale_word": ParagraphStyle(
            "scale_word", parent=body, fontSize=10.5, leading=12.5, alignment=TA_CENTER
        ),
        "centre_small": ParagraphStyle(
            "centre_small", parent=body, fontSize=8, leading=9.5, alignment=TA_CENTER
        ),
    }
    _styles = built
    return built


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of user (or translated) text, escaped."""
    return Paragraph(markup(text), styles()[style])


def rich(markup_text: str, style: str = "body") -> Paragraph:
    """A paragraph of markup built by the document itself (user parts already escaped)."""
    return Paragraph(markup_text, styles()[style])


def grid_table(
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float],
    *,
    header_rows: int = 1,
    font_size: float = 9,
    extra: Sequence[tuple[Any, ...]] = (),
    row_heights: Sequence[float] | None = None,
    min_row_heights: Sequence[float] | None = None,
) -> Table:
    """A ruled table whose header row is shaded and repeated on every page.

    Text too wide for its column (a longer translation, a long name) wraps instead of
    running into the next cell; ``min_row_heights`` lets a row grow past its height for
    that, where ``row_heights`` fixes it."""
    fitted: list[list[Any]] = []
    for index, row in enumerate(rows):
        style = "cell_bold" if index < header_rows else "cell"
        fitted.append(
            [
                _wrap_if_wide(value, width, style, font_size)
                if isinstance(value, str) and value
                else value
                for value, width in zip(row, col_widths, strict=False)
            ]
        )
    table = Table(
        fitted,
        colWidths=list(col_widths),
        rowHeights=list(row_heights) if row_heights is not None else None,
        minRowHeights=list(min_row_heights) if min_row_heights is not None else None,
        repeatRows=header_rows,
    )
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, font_size),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands += [
            ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, font_size),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
        ]
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


def _wrap_if_wide(text: str, width: float, style: str, font_size: float) -> str | Paragraph:
    # measured in bold: some columns are drawn bold by the table style
    if "\n" not in text and pdfmetrics.stringWidth(text, FONT_BOLD, font_size) <= width - 8:
        return text
    return para(text, style)


def cell(
    text: str, width: float, *, style: str = "cell", font: str = FONT, font_size: float = 9
) -> str | Paragraph:
    """Plain text when it fits in ``width`` (fast), else a wrapping paragraph.

    ``font`` is the one the table style draws that cell in (bold labels are wider)."""
    if "\n" not in text and pdfmetrics.stringWidth(text, font, font_size) <= width - 8:
        return text
    return para(text, style)


# --------------------------------------------------------------------------- page numbering


class NumberedCanvas(Canvas):
    """Keeps every page until ``save`` to print "Page n / total" on each.

    A flowable may set ``canvas._pd_group`` (see :class:`StartGroup`): pages are then
    numbered within their group, so each sheet of a batch reads "Page 1 / 2".
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pd_pages: list[dict[str, Any]] = []
        self._pd_group = 0
        self._pd_group_label = ""
        self._pd_hide_single = False

    def showPage(self) -> None:
        self._pd_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(page["_pd_group"] for page in self._pd_pages)
        seen: Counter[int] = Counter()
        for page in self._pd_pages:
            self.__dict__.update(page)
            group = page["_pd_group"]
            seen[group] += 1
            if not (self._pd_hide_single and totals[group] == 1):
                self._draw_number(seen[group], totals[group], page["_pd_group_label"])
            super().showPage()
        super().save()

    def _draw_number(self, number: int, total: int, label: str = "") -> None:
        width, _height = self._pagesize
        text = _("Page {page} / {total}").format(page=number, total=total)
        if label:  # a loose page of a batch says which sheet it belongs to
            text = _("{group} · {page}").format(group=label, page=text)
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN, FOOTER_HEIGHT - 4 * mm, text)
        self.restoreState()


class StartGroup(Flowable):
    """Zero-size marker starting a new numbering group (one sheet of a batch); it also
    reports progress and lets the caller cancel."""

    def __init__(
        self, group: int, on_start: Callable[[int], None] | None = None, label: str = ""
    ) -> None:
        super().__init__()
        self.group = group
        self.on_start = on_start
        self.label = label  # printed beside the page numbers of the group
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.canv._pd_group = self.group
        self.canv._pd_group_label = self.label
        if self.on_start is not None:
            self.on_start(self.group)


# --------------------------------------------------------------------------- the template


def _logo_reader(logo: bytes | None) -> ImageReader | None:
    if not logo:
        return None
    try:
        reader = ImageReader(io.BytesIO(logo))
        reader.getSize()
    except Exception:  # a damaged logo must not stop the printing
        return None
    return reader


class DocumentTemplate(BaseDocTemplate):
    """A4 page with the association's header, the footer, and a single frame."""

    def __init__(
        self,
        target: BinaryIO,
        *,
        header: DocumentHeader,
        title: str,
        pagesize: tuple[float, float] = PORTRAIT,
        branded: bool = True,
        author: str | None = None,
        subject: str = "",
        footer: bool = True,
    ) -> None:
        self.pd_header = header
        self.pd_footer = footer
        self.pd_title = title
        self.pd_branded = branded and bool(header.association_name)
        self.pd_logo = _logo_reader(header.logo) if self.pd_branded else None
        top = MARGIN + HEADER_HEIGHT if self.pd_branded else MARGIN
        super().__init__(
            target,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=top,
            bottomMargin=MARGIN + 2 * mm,
            title=title,
            author=header.association_name if author is None else author,
            subject=subject,
            creator="pairdesk",
            producer="pairdesk (ReportLab)",
            lang=i18n.current_language(),
        )
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        canvas.saveState()
        if self.pd_branded:
            self._draw_header(canvas, width, height)
        if self.pd_footer:
            canvas.setFont(FONT, 8)
            canvas.setFillColor(MUTED)
            footer = _("{title} · printed on {date}").format(
                title=self.pd_title, date=format_day(self.pd_header.printed_on)
            )
            canvas.drawString(MARGIN, FOOTER_HEIGHT - 4 * mm, footer)
        canvas.restoreState()

    def _draw_header(self, canvas: Canvas, width: float, height: float) -> None:
        header = self.pd_header
        top = height - MARGIN + 4 * mm
        text_right = width - MARGIN
        if self.pd_logo is not None:
            logo_w, logo_h = self.pd_logo.getSize()
            box_h, box_w = 16 * mm, 40 * mm
            scale = min(box_h / logo_h, box_w / logo_w)
            draw_w, draw_h = logo_w * scale, logo_h * scale
            canvas.drawImage(
                self.pd_logo,
                width - MARGIN - draw_w,
                top - draw_h,
                draw_w,
                draw_h,
                mask="auto",
            )
            text_right -= draw_w + 6 * mm
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(
            MARGIN, top - 4 * mm, _fit(header.association_name, FONT_BOLD, 11, text_right - MARGIN)
        )
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        lines = [" · ".join(p for p in header.association_address.splitlines() if p.strip())]
        contact = " · ".join(p for p in (header.association_phone, header.association_email) if p)
        if contact:
            lines.append(contact)
        y = top - 8.5 * mm
        for line in lines:
            if line:
                canvas.drawString(MARGIN, y, _fit(line, FONT, 8, text_right - MARGIN))
                y -= 3.6 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        rule_y = height - MARGIN - HEADER_HEIGHT + 4 * mm
        canvas.line(MARGIN, rule_y, width - MARGIN, rule_y)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten one header line with an ellipsis so it never runs under the logo."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def build_pdf(
    story: list[Flowable],
    *,
    header: DocumentHeader,
    title: str,
    pagesize: tuple[float, float] = PORTRAIT,
    branded: bool = True,
    author: str | None = None,
    subject: str = "",
    hide_single_page_number: bool = False,
    footer: bool = True,
) -> bytes:
    """Lay the story out on A4 pages and return the PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = DocumentTemplate(
        buffer,
        header=header,
        title=title,
        pagesize=pagesize,
        branded=branded,
        author=author,
        subject=subject,
        footer=footer,
    )

    def canvasmaker(*args: Any, **kwargs: Any) -> NumberedCanvas:
        # Without this the first font of every page is Helvetica (referenced, unused).
        kwargs["initialFontName"] = FONT
        canvas = NumberedCanvas(*args, **kwargs)
        canvas._pd_hide_single = hide_single_page_number
        return canvas

    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


# --------------------------------------------------------------------------- output

_FILE_SLUGS: dict[DocumentKind, tuple[str, str]] = {
    DocumentKind.PATHWAY_SUMMARY: ("synthese-parcours", "P"),
    DocumentKind.ATTENDANCE_SHEET: ("emargement", "A"),
    DocumentKind.ATTENDANCE_SHEETS: ("emargements", ""),
    DocumentKind.ATTENDANCE_ATTESTATION: ("attestation-presence", "P"),
    DocumentKind.ACTIVITY_REPORT: ("rapport-activite", ""),
    DocumentKind.CV: ("cv", "P"),
    DocumentKind.SATISFACTION_FORM: ("questionnaire-satisfaction", ""),
    DocumentKind.SELF_ASSESSMENT_FORM: ("auto-evaluation", ""),
    DocumentKind.MOCK_INTERVIEW: ("entretien-blanc", "E"),
}


def reference(kind: DocumentKind, ref_id: int) -> str:
    """P0042 for a participant, A0012 for a workshop: what a document refers to."""
    prefix = _FILE_SLUGS[DocumentKind(kind)][1]
    return f"{prefix}{ref_id:04d}"


def default_filename(
    kind: DocumentKind | str, ref_id: int | str | None, on: dt.date, *, variant: str = ""
) -> str:
    """A file name that never holds a person's name (file dialogs remember recent files):
    ``synthese-parcours-P0042-2026-11-25.pdf``, ``emargement-A0012-2026-11-25.pdf``;
    ``variant`` follows the kind (``emargement-remplie-A0012-…``: a filled sheet saved
    after the blank one no longer asks to replace it)."""
    kind = DocumentKind(kind)
    slug = _FILE_SLUGS[kind][0]
    parts = [slug, variant] if variant else [slug]
    if isinstance(ref_id, int):
        parts.append(reference(kind, ref_id) if _FILE_SLUGS[kind][1] else str(ref_id))
    elif ref_id:
        parts.append("".join(c if c.isalnum() or c in "-_" else "-" for c in ref_id))
    parts.append(on.isoformat())
    return "-".join(parts) + ".pdf"


def write_pdf(pdf: bytes, destination: str | Path | BinaryIO) -> None:
    """Write PDF bytes to a path (owner-only, replaced atomically) or an open binary file."""
    if isinstance(destination, str | Path):
        from pairdesk.store.files import write_output_file

        write_output_file(destination, pdf, overwrite=True)
    else:
        destination.write(pdf)
