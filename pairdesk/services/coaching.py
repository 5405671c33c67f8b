"""Interview coaching: an editable question bank and mock interviews scored on a 1–4 grid.

The bank starts from the questions shipped in ``domain/interview_questions.py`` (English
source text, translated when inserted so that a French vault holds French questions). A
mock interview copies the text of each question it asked, so editing the bank never
rewrites what was asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pairdesk.domain import validation as v
from pairdesk.domain.enums import AuditAction, InterviewCriterion, QuestionCategory
from pairdesk.domain.interview_questions import BUILTIN_QUESTIONS
from pairdesk.domain.permissions import Permission, require
from pairdesk.errors import InvalidInput
from pairdesk.i18n import N_, _
from pairdesk.services.access import participant_for_new_record
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.last_contact import advance_last_contact
from pairdesk.services.records import (
    delete_record,
    flag_record,
    read_object,
    read_record,
    require_version,
    saved,
    stored_or_new,
)
from pairdesk.store.models import (
    InterviewQuestion,
    MockInterview,
    MockInterviewQuestion,
    MockInterviewScore,
    Participant,
    Workshop,
)

SCORE_MIN = 1
SCORE_MAX = 4
SCORE_LABELS = {1: N_("To work on"), 2: N_("Getting there"), 3: N_("Good"), 4: N_("Very good")}

MAX_QUESTION_LENGTH = 500
MAX_ADVICE_LENGTH = 5_000


def score_label(score: int) -> str:
    """The translated label of a score on the 1–4 grid."""
    return _(SCORE_LABELS[score])


# --------------------------------------------------------------------------- question bank


@dataclass(frozen=True, slots=True)
class QuestionView:
    id: int
    text: str
    category: QuestionCategory
    advice: str
    active: bool
    builtin_key: str | None
    edit_version: int


def _question_view(row: InterviewQuestion) -> QuestionView:
    return read_object(QuestionView, row, category=QuestionCategory(row.category))


def _clean_question(
    text: str, category: QuestionCategory | str, advice: str
) -> tuple[str, str, str]:
    return (
        v.required_line(text, "text", _("Question"), max_length=MAX_QUESTION_LENGTH),
        v.enum_value(QuestionCategory, category, "category", _("Category")).value,
        v.free_text(advice, "advice", _("Advice"), max_length=MAX_ADVICE_LENGTH),
    )


def ensure_question_bank(ctx: ServiceContext) -> int:
    """Insert the built-in questions missing from the bank; return how many were added."""
    with ctx.transaction() as session:
        present = set(
            session.scalars(
                select(InterviewQuestion.builtin_key).where(
                    InterviewQuestion.builtin_key.is_not(None)
                )
            )
        )
        added = 0
        for builtin in BUILTIN_QUESTIONS:
            if builtin.key in present:
                continue
            session.add(
                InterviewQuestion(
                    text=_(builtin.text),
                    category=builtin.category.value,
                    advice=_(builtin.advice),
                    active=True,
                    builtin_key=builtin.key,
                )
            )
            added += 1
        if added:
            session.flush()
            ctx.audit(
                session, "interview_question", None, AuditAction.CREATE, detail=f"builtin={added}"
            )
        return added


def list_questions(
    ctx: ServiceContext,
    include_inactive: bool = False,
    category: QuestionCategory | None = None,
) -> list[QuestionView]:
    """The bank, grouped by category in the order of :class:`QuestionCategory`."""
    with ctx.transaction() as session:
        query = select(InterviewQuestion)
        if not include_inactive:
            query = query.where(InterviewQuestion.active.is_(True))
        if category is not None:
            wanted = v.enum_value(QuestionCategory, category, "category", _("Category"))
            query = query.where(InterviewQuestion.category == wanted.value)
        rows = [
            _question_view(row) for row in session.scalars(query.order_by(InterviewQuestion.id))
        ]
    order = {c: i for i, c in enumerate(QuestionCategory)}
    return sorted(rows, key=lambda q: (order[q.category], q.id))


def get_question(ctx: ServiceContext, question_id: int) -> QuestionView:
    return read_record(ctx, InterviewQuestion, question_id, _("question"), _question_view)


def add_question(
    ctx: ServiceContext, text: str, category: QuestionCategory, advice: str = ""
) -> QuestionView:
    return _save_question(ctx, None, text, category, advice)


def update_question(
    ctx: ServiceContext,
    question_id: int,
    text: str,
    category: QuestionCategory,
    advice: str = "",
    *,
    edit_version: int | None = None,
) -> QuestionView:
    """Change a question of the bank; mock interviews already held keep the old text.
    ``edit_version``: the question's, as the form read it (``EditConflict`` if changed)."""
    return _save_question(ctx, question_id, text, category, advice, edit_version)


def _save_question(
    ctx: ServiceContext,
    question_id: int | None,
    text: str,
    category: QuestionCategory,
    advice: str,
    edit_version: int | None = None,
) -> QuestionView:
    """Add (``question_id`` None) or change a question: the one path of both."""
    require(ctx, Permission.COACHING)
    clean_text, clean_category, clean_advice = _clean_question(text, category, advice)
    mine = {"text": text, "category": category, "advice": advice, "edit_version": edit_version}
    with ctx.transaction() as session:
        row, action = stored_or_new(
            session,
            InterviewQuestion,
            question_id,
            _("question"),
            mine=mine,
            this=_("this question"),
            active=True,
        )
        row.text, row.category, row.advice = clean_text, clean_category, clean_advice
        saved(ctx, session, "interview_question", row, action)
        return _question_view(row)


def set_question_active(ctx: ServiceContext, question_id: int, active: bool) -> QuestionView:
    """Hide a question from the bank (or show it again); nothing is deleted."""
    require(ctx, Permission.COACHING)
    return flag_record(
        ctx,
        InterviewQuestion,
        question_id,
        _("question"),
        lambda _session, row: _question_view(row),
        entity="interview_question",
        active=active,
    )


# --------------------------------------------------------------------------- mock interviews


@dataclass(frozen=True, slots=True)
class MockInterviewInput:
    participant_id: int
    held_on: dt.date
    interviewers: str = ""
    target_job: str = ""
    question_ids: tuple[int, ...] = ()
    extra_questions: tuple[str, ...] = ()
    scores: Mapping[InterviewCriterion, int] | None = None
    comments: str = ""
    workshop_id: int | None = None
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """A question as it was asked (its text copied at the time)."""

    question_id: int | None
    text: str
    position: int
    notes: str


@dataclass(frozen=True, slots=True)
class CriterionScore:
    criterion: InterviewCriterion
    score: int

    @property
    def label(self) -> str:
        return score_label(self.score)


def _mean(scores: Sequence[CriterionScore]) -> float | None:
    if not scores:
        return None
    return round(sum(s.score for s in scores) / len(scores), 2)


@dataclass(frozen=True, slots=True)
class MockInterviewView:
    id: int
    participant_id: int
    workshop_id: int | None
    held_on: dt.date
    interviewers: str
    target_job: str
    comments: str
    questions: tuple[AskedQuestion, ...]
    scores: tuple[CriterionScore, ...]
    edit_version: int = 1  # what a change sends back (read objects: the stored one)

    @property
    def mean(self) -> float | None:
        return _mean(self.scores)

    def score_for(self, criterion: InterviewCriterion) -> int | None:
        for item in self.scores:
            if item.criterion == criterion:
                return item.score
        return None


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """One mock interview on the progression chart."""

    interview_id: int
    held_on: dt.date
    scores: tuple[CriterionScore, ...]
    mean: float | None

    def score_for(self, criterion: InterviewCriterion) -> int | None:
        for item in self.scores:
            if item.criterion == criterion:
                return item.score
        return None


_CRITERION_ORDER = {c: i for i, c in enumerate(InterviewCriterion)}


def _scores_of(row: MockInterview) -> tuple[CriterionScore, ...]:
    scores = [CriterionScore(InterviewCriterion(s.criterion), s.score) for s in row.scores]
    return tuple(sorted(scores, key=lambda s: _CRITERION_ORDER[s.criterion]))


def _interview_view(row: MockInterview) -> MockInterviewView:
    return read_object(
        MockInterviewView,
        row,
        questions=tuple(
            AskedQuestion(q.question_id, q.question_text, q.position, q.notes)
            for q in sorted(row.questions, key=lambda q: q.position)
        ),
        scores=_scores_of(row),
    )


@dataclass(frozen=True, slots=True)
class _CleanInterview:
    participant_id: int
    held_on: dt.date
    interviewers: str
    target_job: str
    question_ids: tuple[int, ...]
    extra_questions: tuple[str, ...]
    scores: dict[InterviewCriterion, int]
    comments: str
    workshop_id: int | None


def _clean_interview(ctx: ServiceContext, data: MockInterviewInput) -> _CleanInterview:
    held_on = v.required_date(data.held_on, "held_on", _("Date of the mock interview"))
    if held_on > ctx.today():
        raise InvalidInput(
            _("{field} cannot be in the future.").format(field=_("Date of the mock interview")),
            field="held_on",
        )
    scores: dict[InterviewCriterion, int] = {}
    for key, value in (data.scores or {}).items():
        criterion = v.enum_value(InterviewCriterion, key, "scores", _("Criterion"))
        field = f"score_{criterion.value}"
        checked = v.int_in_range(value, SCORE_MIN, SCORE_MAX, field, criterion.label, required=True)
        assert checked is not None
        scores[criterion] = checked
    question_ids: list[int] = []
    for qid in data.question_ids:
        if qid not in question_ids:
            question_ids.append(qid)
    extras = [
        v.optional_line(text, "extra_questions", _("Question"), max_length=MAX_QUESTION_LENGTH)
        for text in data.extra_questions
    ]
    return _CleanInterview(
        participant_id=data.participant_id,
        held_on=held_on,
        interviewers=v.optional_line(data.interviewers, "interviewers", _("Interviewers")),
        target_job=v.optional_line(
            data.target_job, "target_job", _("Job aimed at"), max_length=200
        ),
        question_ids=tuple(question_ids),
        extra_questions=tuple(e for e in extras if e),
        scores=scores,
        comments=v.free_text(data.comments, "comments", _("Comments")),
        workshop_id=data.workshop_id,
    )


def _apply_interview(session: Session, row: MockInterview, clean: _CleanInterview) -> None:
    participant = participant_for_new_record(session, clean.participant_id)
    if clean.workshop_id is not None:
        get_or_raise(session, Workshop, clean.workshop_id, _("workshop"))
    row.participant_id = clean.participant_id
    row.workshop_id = clean.workshop_id
    row.held_on = clean.held_on
    row.interviewers = clean.interviewers
    row.target_job = clean.target_job
    row.comments = clean.comments

    # Questions already asked keep the text (and notes) they had: history is not rewritten.
    previous = {q.question_id: q for q in row.questions if q.question_id is not None}
    questions: list[MockInterviewQuestion] = []
    for qid in clean.question_ids:
        kept = previous.get(qid)
        if kept is not None:
            text, notes = kept.question_text, kept.notes
        else:
            text = get_or_raise(session, InterviewQuestion, qid, _("question")).text
            notes = ""
        questions.append(MockInterviewQuestion(question_id=qid, question_text=text, notes=notes))
    questions.extend(
        MockInterviewQuestion(question_id=None, question_text=text, notes="")
        for text in clean.extra_questions
    )
    for position, question in enumerate(questions, start=1):
        question.position = position
    row.questions.clear()
    row.scores.clear()
    session.flush()
    row.questions.extend(questions)
    row.scores.extend(
        MockInterviewScore(criterion=criterion.value, score=score)
        for criterion, score in sorted(
            clean.scores.items(), key=lambda item: _CRITERION_ORDER[item[0]]
        )
    )
    advance_last_contact(participant, clean.held_on)


def record_mock_interview(ctx: ServiceContext, data: MockInterviewInput) -> MockInterviewView:
    return _save_interview(ctx, None, data)


def update_mock_interview(
    ctx: ServiceContext, interview_id: int, data: MockInterviewInput
) -> MockInterviewView:
    return _save_interview(ctx, interview_id, data)


def _compared(row: MockInterview) -> dict[str, object]:
    """What a change of a mock interview is compared with (its scores as the input has
    them), never ORM objects."""
    names = ("held_on", "interviewers", "target_job", "comments", "workshop_id")
    compared: dict[str, object] = {name: getattr(row, name) for name in names}
    compared["scores"] = {InterviewCriterion(s.criterion): s.score for s in row.scores}
    return compared


def _save_interview(
    ctx: ServiceContext, interview_id: int | None, data: MockInterviewInput
) -> MockInterviewView:
    """Record (``interview_id`` None) or change a mock interview: the one path of both."""
    require(ctx, Permission.COACHING)
    clean = _clean_interview(ctx, data)
    with ctx.transaction() as session:
        row, action = stored_or_new(
            session,
            MockInterview,
            interview_id,
            _("mock interview"),
            participant_id=clean.participant_id,
            held_on=clean.held_on,
        )
        if action is AuditAction.UPDATE:
            require_version(row, data, _("this mock interview"), stored=_compared(row))
        _apply_interview(session, row, clean)
        session.flush()
        saved(ctx, session, "mock_interview", row, action)
        return _interview_view(row)


def delete_mock_interview(ctx: ServiceContext, interview_id: int) -> None:
    require(ctx, Permission.COACHING)
    delete_record(ctx, MockInterview, interview_id, _("mock interview"), "mock_interview")


def get_mock_interview(ctx: ServiceContext, interview_id: int) -> MockInterviewView:
    require(ctx, Permission.COACHING)
    with ctx.transaction() as session:
        return _interview_view(
            get_or_raise(session, MockInterview, interview_id, _("mock interview"))
        )


def _interviews_of(session: Session, participant_id: int) -> list[MockInterview]:
    get_or_raise(session, Participant, participant_id, _("participant"))
    return list(
        session.scalars(
            select(MockInterview)
            .where(MockInterview.participant_id == participant_id)
            .options(selectinload(MockInterview.questions), selectinload(MockInterview.scores))
            .order_by(MockInterview.held_on, MockInterview.id)
        )
    )


def list_mock_interviews(ctx: ServiceContext, participant_id: int) -> list[MockInterviewView]:
    """A participant's mock interviews, most recent first."""
    require(ctx, Permission.COACHING)
    with ctx.transaction() as session:
        rows = _interviews_of(session, participant_id)
        return [_interview_view(row) for row in reversed(rows)]


def score_progression(ctx: ServiceContext, participant_id: int) -> list[ScorePoint]:
    """Scored mock interviews, oldest first (interviews without any score are left out)."""
    require(ctx, Permission.COACHING)
    with ctx.transaction() as session:
        points: list[ScorePoint] = []
        for row in _interviews_of(session, participant_id):
            scores = _scores_of(row)
            if scores:
                points.append(ScorePoint(row.id, row.held_on, scores, _mean(scores)))
        return points
