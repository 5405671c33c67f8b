"""A participant's CV for an employer: clean, one or two pages, their own contact on top.

Nothing on it names the association or pairdesk (a GEM's name would tell an employer
about the person's health): no header, no footer text, and the PDF author left empty.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer

from pairdesk.i18n import _
from pairdesk.reports.base import (
    FONT,
    FONT_BOLD,
    MARGIN,
    PORTRAIT,
    RULE,
    build_pdf,
    markup,
    reference,
    styles,
)
from pairdesk.services.document_data import CvData, DocumentKind

WIDTH = PORTRAIT[0] - 2 * MARGIN
_BULLETS = ("- ", "* ", "• ", "– ")


def cv_title(data: CvData) -> str:
    return _("CV {ref}").format(ref=reference(DocumentKind.CV, data.participant_id))


def _cv_styles() -> dict[str, ParagraphStyle]:
    base = styles()["body"]
    return {
        "name": ParagraphStyle("cv_name", parent=base, fontName=FONT_BOLD, fontSize=22, leading=27),
        "contact": ParagraphStyle(
            "cv_contact", parent=base, fontSize=9.5, leading=13, textColor=HexColor("#52606d")
        ),
        "headline": ParagraphStyle(
            "cv_headline", parent=base, fontSize=12, leading=16, spaceBefore=4, spaceAfter=2
        ),
        "section": ParagraphStyle(
            "cv_section",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=HexColor("#2c5f8a"),
            spaceBefore=9,
            spaceAfter=2,
        ),
        "text": ParagraphStyle("cv_text", parent=base, fontName=FONT, fontSize=10, leading=13.5),
        "bullet": ParagraphStyle(
            "cv_bullet",
            parent=base,
            fontSize=10,
            leading=13.5,
            leftIndent=5 * mm,
            bulletIndent=1 * mm,
        ),
    }


def _lines(text: str, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Each line of a section becomes a paragraph; "- " lines become bullets."""
    out: list[Flowable] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            out.append(Spacer(1, 2 * mm))
            continue
        bullet = next((b for b in _BULLETS if line.startswith(b)), None)
        if bullet is not None:
            out.append(Paragraph(markup(line[len(bullet) :]), st["bullet"], bulletText="•"))
        else:
            out.append(Paragraph(markup(line), st["text"]))
    return out


def cv_pdf(data: CvData) -> bytes:
    st = _cv_styles()
    story: list[Flowable] = [Paragraph(markup(data.full_name), st["name"])]
    contact = " · ".join(p for p in (data.phone, data.email, data.city) if p)
    if contact:
        story.append(Paragraph(markup(contact), st["contact"]))
    content = data.content
    if content.headline:
        story.append(Paragraph(markup(content.headline), st["headline"]))
    story.append(Spacer(1, 2 * mm))
    story.append(HRFlowable(width="100%", thickness=0.8, color=RULE, spaceAfter=2 * mm))
    for title, text in (
        (_("Experience"), content.experience),
        (_("Skills"), content.skills),
        (_("Training"), content.training),
        (_("Languages"), content.languages),
        (_("Interests"), content.interests),
    ):
        if text.strip():
            body = _lines(text, st)
            story.append(KeepTogether([Paragraph(markup(title), st["section"]), *body[:2]]))
            story.extend(body[2:])
    return build_pdf(
        story,
        header=data.header,
        title=cv_title(data),
        branded=False,
        author="",
        subject=_("CV"),
        hide_single_page_number=True,
        footer=False,
    )
