"""A mock interview's feedback, printed for the person interviewed to take away: the
questions asked with the notes taken, the scores on the 1–4 grid and the peers' comments.

It names the person and the association (it is theirs, given at the GEM), and nothing
from their file: no contact, no situation, no health.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from pairdesk.formatting import mean
from pairdesk.i18n import _
from pairdesk.reports.base import (
    MARGIN,
    PORTRAIT,
    build_pdf,
    cell,
    format_day,
    grid_table,
    para,
    reference,
)
from pairdesk.reports.pathway_summary import pairs_table
from pairdesk.services.coaching import SCORE_MAX
from pairdesk.services.document_data import DocumentKind, MockInterviewData

WIDTH = PORTRAIT[0] - 2 * MARGIN


def mock_interview_title(data: MockInterviewData) -> str:
    ref = reference(DocumentKind.MOCK_INTERVIEW, data.interview.id)
    return _("Mock interview feedback {ref}").format(ref=ref)


def _details(data: MockInterviewData) -> Flowable:
    interview = data.interview
    rows = [(_("Date"), format_day(interview.held_on))]
    if interview.target_job:
        rows.append((_("Job aimed at"), interview.target_job))
    if interview.interviewers:
        rows.append((_("Interviewers"), interview.interviewers))
    if data.session_title:
        session = data.session_title
        if data.session_on is not None and data.session_on != interview.held_on:
            session = _("{title}, on {date}").format(
                title=session, date=format_day(data.session_on)
            )
        rows.append((_("Coaching session"), session))
    return pairs_table(rows)


def _scores(data: MockInterviewData) -> list[Flowable]:
    interview = data.interview
    if not interview.scores:
        return []
    label_width, score_width = WIDTH * 0.55, WIDTH * 0.15
    rows: list[list[object]] = [[_("Criterion"), _("Score"), _("In words")]]
    for item in interview.scores:
        rows.append(
            [
                cell(item.criterion.label, label_width),
                _("{score} / {top}").format(score=item.score, top=SCORE_MAX),
                cell(item.label, WIDTH - label_width - score_width),
            ]
        )
    table = grid_table(rows, [label_width, score_width, WIDTH - label_width - score_width])
    flow: list[Flowable] = [
        KeepTogether([para(_("Scores (1 to 4)"), "h2"), table]),
        Spacer(1, 2 * mm),
    ]
    if interview.mean is not None:
        flow.append(
            para(_("Mean: {mean} / {top}").format(mean=mean(interview.mean), top=SCORE_MAX))
        )
    return flow


def _questions(data: MockInterviewData) -> list[Flowable]:
    asked = data.interview.questions
    if not asked:
        return []
    flow: list[Flowable] = [para(_("Questions asked"), "h2")]
    for number, question in enumerate(asked, start=1):
        block: list[Flowable] = [
            para(_("{number}. {question}").format(number=number, question=question.text), "h3")
        ]
        if question.notes.strip():
            block.append(para(question.notes))
        flow.append(KeepTogether(block))
    return flow


def mock_interview_pdf(data: MockInterviewData) -> bytes:
    story: list[Flowable] = [
        para(_("Mock interview: feedback"), "title"),
        para(
            _("{name}, on {date}").format(
                name=data.full_name, date=format_day(data.interview.held_on)
            ),
            "subtitle",
        ),
        _details(data),
        Spacer(1, 3 * mm),
    ]
    story += _scores(data)
    story += _questions(data)
    if data.interview.comments.strip():
        story += [para(_("Comments"), "h2"), para(data.interview.comments)]
    story += [
        Spacer(1, 4 * mm),
        para(
            _(
                "A practice interview between peers, to prepare the real ones: the scores "
                "say where you stand today, not what you are worth."
            ),
            "small",
        ),
    ]
    return build_pdf(
        story,
        header=data.header,
        title=mock_interview_title(data),
        subject=_("Mock interview: feedback"),
    )
