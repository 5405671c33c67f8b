"""Blank paper forms for people who prefer a pen: a workshop satisfaction questionnaire
(1–5 with words and drawn faces) and a self-assessment on the pairdesk domains (1–10).

Large type, one idea per line; what is written on them is typed into the views later.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer
from reportlab.platypus.tables import Table, TableStyle

from pairdesk.domain.enums import AssessmentDomain
from pairdesk.i18n import N_, _
from pairdesk.reports.base import (
    FONT,
    INK,
    MARGIN,
    PORTRAIT,
    RULE,
    build_pdf,
    para,
)
from pairdesk.reports.charts import face, number_box
from pairdesk.services.document_data import DocumentHeader

WIDTH = PORTRAIT[0] - 2 * MARGIN

SCALE_WORDS = (
    N_("Not at all satisfied"),
    N_("Not satisfied"),
    N_("So-so"),
    N_("Satisfied"),
    N_("Very satisfied"),
)
SATISFACTION_QUESTIONS = (
    N_("Overall, how satisfied are you with this workshop?"),
    N_("Did you feel welcome and listened to?"),
    N_("Was the workshop useful for your steps towards work?"),
)


def _write_line(label: str, width: float = WIDTH) -> Flowable:
    """A label followed by a ruled space to write in."""
    label_width = min(max(stringWidth(label, FONT, 14) + 8, 40 * mm), width / 2)
    table = Table([[para(label, "large"), ""]], colWidths=[label_width, width - label_width])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, 0), 0.8, RULE),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _ruled_lines(count: int) -> Flowable:
    table = Table([[""]] * count, colWidths=[WIDTH], rowHeights=[8 * mm] * count)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE)]))
    return table


def _scale_row() -> Flowable:
    """Five faces, each with its word and a box to tick."""
    column = WIDTH / 5
    faces = [face(score, 12 * mm) for score in range(1, 6)]
    words = [para(_(w), "scale_word") for w in SCALE_WORDS]
    boxes = [number_box(score) for score in range(1, 6)]
    table = Table([faces, words, boxes], colWidths=[column] * 5)
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONT", (0, 0), (-1, -1), FONT, 11),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def satisfaction_form_pdf(header: DocumentHeader) -> bytes:
    story: list[Flowable] = [
        para(_("Your opinion on the workshop"), "title"),
        Spacer(1, 2 * mm),
        _write_line(_("Workshop:")),
        Spacer(1, 3 * mm),
        _write_line(_("Date:")),
        Spacer(1, 5 * mm),
        para(
            _(
                "Tick one box for each question. You do not have to write your name. "
                "Thank you for your help!"
            ),
            "large",
        ),
    ]
    for number, question in enumerate(SATISFACTION_QUESTIONS, start=1):
        story.append(
            KeepTogether(
                [
                    Spacer(1, 2 * mm),
                    para(
                        _("{number}. {question}").format(number=number, question=_(question)),
                        "large_bold",
                    ),
                    Spacer(1, 2 * mm),
                    _scale_row(),
                ]
            )
        )
    story += [
        Spacer(1, 4 * mm),
        KeepTogether([para(_("What would you like to tell us?"), "large_bold"), _ruled_lines(3)]),
    ]
    return build_pdf(
        story,
        header=header,
        title=_("Workshop satisfaction questionnaire"),
        subject=_("Workshop satisfaction questionnaire"),
    )


def _domain_row(domain: AssessmentDomain) -> Flowable:
    label_width = 64 * mm
    box = (WIDTH - label_width) / 10
    row = [
        para(domain.label, "large"),
        *(number_box(n, size=min(box - 2, 10 * mm)) for n in range(1, 11)),
    ]
    table = Table([row], colWidths=[label_width] + [box] * 10)
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    return table


def self_assessment_form_pdf(header: DocumentHeader) -> bytes:
    story: list[Flowable] = [
        para(_("How I see myself today"), "title"),
        Spacer(1, 2 * mm),
        _write_line(_("Name or pseudonym:")),
        Spacer(1, 3 * mm),
        _write_line(_("Date:")),
        Spacer(1, 5 * mm),
        para(
            _(
                "For each line, tick one box from 1 (not at all) to 10 (completely). There "
                "is no right or wrong answer: it is about how you feel now."
            ),
            "large",
        ),
        Spacer(1, 4 * mm),
    ]
    story += [_domain_row(domain) for domain in AssessmentDomain]
    story += [
        Spacer(1, 8 * mm),
        KeepTogether([para(_("Anything you would like to add?"), "large_bold"), _ruled_lines(5)]),
    ]
    return build_pdf(
        story,
        header=header,
        title=_("Self-assessment form"),
        subject=_("Self-assessment form"),
    )
