"""Interview coaching: the question bank and mock interviews scored on the 1–4 grid."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from pairdesk.domain.enums import InterviewCriterion, QuestionCategory
from pairdesk.errors import InvalidInput, UnknownId
from pairdesk.i18n import _
from pairdesk.services import coaching
from pairdesk.services.coaching import (
    BUILTIN_QUESTIONS,
    SCORE_LABELS,
    MockInterviewInput,
    add_question,
    delete_mock_interview,
    ensure_question_bank,
    get_mock_interview,
    list_mock_interviews,
    list_questions,
    record_mock_interview,
    score_progression,
    set_question_active,
    update_mock_interview,
    update_question,
)
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import AuditEntry, MockInterviewScore, Participant
from tests.factories import insert_participant

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)

C = InterviewCriterion


def interview(participant_id: int, held_on: dt.date, **changes: Any) -> MockInterviewInput:
    base = MockInterviewInput(
        participant_id=participant_id,
        held_on=held_on,
        interviewers="Léa (pair-aidante), Marc (bénévole)",
        target_job="Agent d'accueil",
        question_ids=(),
        extra_questions=(),
        scores={C.PRESENTATION: 2, C.STRESS: 1},
        comments="Premier essai",
    )
    return dataclasses.replace(base, **changes)


def last_contact(ctx: ServiceContext, participant_id: int) -> dt.date | None:
    with ctx.transaction() as session:
        row = session.get(Participant, participant_id)
        assert row is not None
        return row.last_contact_on


# --------------------------------------------------------------------------- bank


def test_question_bank_is_filled_once(ctx: ServiceContext) -> None:
    assert ensure_question_bank(ctx) == len(BUILTIN_QUESTIONS)
    assert ensure_question_bank(ctx) == 0

    questions = list_questions(ctx)
    assert len(questions) == len(BUILTIN_QUESTIONS)
    assert {q.builtin_key for q in questions} == {b.key for b in BUILTIN_QUESTIONS}
    gap = next(q for q in questions if q.builtin_key == "cv_gap")
    builtin_gap = next(b for b in BUILTIN_QUESTIONS if b.key == "cv_gap")
    assert gap.text == _(builtin_gap.text)
    assert gap.category == QuestionCategory.PATHWAY_GAP
    # listed grouped by category, in the enum's order
    order = [list(QuestionCategory).index(q.category) for q in questions]
    assert order == sorted(order)


def test_hidden_or_edited_builtins_are_not_added_again(ctx: ServiceContext) -> None:
    ensure_question_bank(ctx)
    gap = next(q for q in list_questions(ctx) if q.builtin_key == "cv_gap")
    set_question_active(ctx, gap.id, False)
    update_question(ctx, gap.id, "Parlez-moi de cette période", QuestionCategory.PATHWAY_GAP)

    assert ensure_question_bank(ctx) == 0
    assert gap.id not in {q.id for q in list_questions(ctx)}
    hidden = next(q for q in list_questions(ctx, include_inactive=True) if q.id == gap.id)
    assert hidden.text == "Parlez-moi de cette période"
    assert hidden.active is False


def test_builtin_bank_covers_disclosure_as_a_personal_choice() -> None:
    keys = [b.key for b in BUILTIN_QUESTIONS]
    assert len(keys) == len(set(keys)) >= 15
    disclosure = [b for b in BUILTIN_QUESTIONS if b.category == QuestionCategory.DISCLOSURE]
    assert any("personal choice" in b.advice and "never compulsory" in b.advice for b in disclosure)
    assert all(b.advice for b in BUILTIN_QUESTIONS)


def test_add_and_filter_questions(ctx: ServiceContext) -> None:
    added = add_question(
        ctx, "  Que faites-vous\x07 le week-end ?  ", QuestionCategory.OTHER, "Restez simple."
    )
    assert added.text == "Que faites-vous le week-end ?"
    assert added.builtin_key is None
    assert [q.id for q in list_questions(ctx, category=QuestionCategory.OTHER)] == [added.id]
    assert list_questions(ctx, category=QuestionCategory.DISCLOSURE) == []

    with pytest.raises(InvalidInput) as error:
        add_question(ctx, "   ", QuestionCategory.OTHER)
    assert error.value.field == "text"
    with pytest.raises(InvalidInput):
        add_question(ctx, "Une question", "not-a-category")  # type: ignore[arg-type]
    with pytest.raises(UnknownId):
        set_question_active(ctx, 9999, False)


def test_score_labels_cover_the_grid() -> None:
    assert sorted(SCORE_LABELS) == [1, 2, 3, 4]
    assert coaching.score_label(4) == _("Very good")


# --------------------------------------------------------------------------- mock interviews


@pytest.mark.parametrize("bad", [0, 5, -1, True])
def test_scores_outside_one_to_four_are_refused(ctx: ServiceContext, bad: int) -> None:
    pid = insert_participant(ctx)
    with pytest.raises(InvalidInput) as error:
        record_mock_interview(ctx, interview(pid, dt.date(2026, 11, 2), scores={C.CLARITY: bad}))
    assert error.value.field == "score_clarity"
    with ctx.transaction() as session:
        assert session.scalar(select(func.count()).select_from(MockInterviewScore)) == 0


def test_record_copies_question_text_so_editing_the_bank_keeps_history(ctx: ServiceContext) -> None:
    ensure_question_bank(ctx)
    q1, q2 = list_questions(ctx)[:2]
    pid = insert_participant(ctx)

    recorded = record_mock_interview(
        ctx,
        interview(
            pid,
            dt.date(2026, 11, 2),
            question_ids=(q1.id, q2.id, q1.id),
            extra_questions=("Pourquoi la boulangerie ?", "  "),
            scores={C.STRESS: 1, C.PRESENTATION: 4},
        ),
    )
    assert [(q.question_id, q.text, q.position) for q in recorded.questions] == [
        (q1.id, q1.text, 1),
        (q2.id, q2.text, 2),
        (None, "Pourquoi la boulangerie ?", 3),
    ]
    assert [(s.criterion, s.score) for s in recorded.scores] == [(C.PRESENTATION, 4), (C.STRESS, 1)]
    assert recorded.mean == 2.5

    update_question(ctx, q1.id, "Texte modifié", q1.category, q1.advice)
    assert get_mock_interview(ctx, recorded.id).questions[0].text == q1.text

    # an update keeps the text of questions already asked, and takes new ones from the bank
    q3 = list_questions(ctx)[2]
    updated = update_mock_interview(
        ctx,
        recorded.id,
        interview(pid, dt.date(2026, 11, 3), question_ids=(q1.id, q3.id), scores={C.STRESS: 2}),
    )
    assert [q.text for q in updated.questions] == [q1.text, q3.text]
    assert [(s.criterion, s.score) for s in updated.scores] == [(C.STRESS, 2)]
    assert updated.held_on == dt.date(2026, 11, 3)


def test_progression_is_oldest_first_with_means(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    other = insert_participant(ctx, "Noé", "Exemple")
    late = record_mock_interview(
        ctx, interview(pid, dt.date(2026, 11, 20), scores={C.PRESENTATION: 4, C.STRESS: 3})
    )
    early = record_mock_interview(
        ctx, interview(pid, dt.date(2026, 9, 1), scores={C.PRESENTATION: 1, C.STRESS: 2})
    )
    record_mock_interview(ctx, interview(pid, dt.date(2026, 10, 1), scores={}))  # not scored
    middle = record_mock_interview(
        ctx, interview(pid, dt.date(2026, 10, 15), scores={C.PRESENTATION: 3})
    )
    record_mock_interview(ctx, interview(other, dt.date(2026, 10, 16)))

    points = score_progression(ctx, pid)

    assert [p.interview_id for p in points] == [early.id, middle.id, late.id]
    assert [p.mean for p in points] == [1.5, 3.0, 3.5]
    assert [p.score_for(C.PRESENTATION) for p in points] == [1, 3, 4]
    assert points[1].score_for(C.STRESS) is None
    assert [i.held_on for i in list_mock_interviews(ctx, pid)] == [
        dt.date(2026, 11, 20),
        dt.date(2026, 10, 15),
        dt.date(2026, 10, 1),
        dt.date(2026, 9, 1),
    ]


def test_last_contact_only_moves_forward(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    record_mock_interview(ctx, interview(pid, dt.date(2026, 11, 10)))
    assert last_contact(ctx, pid) == dt.date(2026, 11, 10)
    record_mock_interview(ctx, interview(pid, dt.date(2026, 10, 1)))
    assert last_contact(ctx, pid) == dt.date(2026, 11, 10)


def test_invalid_interviews_are_refused(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    gone = insert_participant(ctx, "Anonyme", "Anonyme", anonymised=True)
    with pytest.raises(InvalidInput) as error:
        record_mock_interview(ctx, interview(pid, dt.date(2026, 11, 26)))  # after ctx.today()
    assert error.value.field == "held_on"
    with pytest.raises(UnknownId):
        record_mock_interview(ctx, interview(pid, dt.date(2026, 11, 2), question_ids=(4242,)))
    with pytest.raises(UnknownId):
        record_mock_interview(ctx, interview(9999, dt.date(2026, 11, 2)))
    with pytest.raises(UnknownId):
        record_mock_interview(ctx, interview(pid, dt.date(2026, 11, 2), workshop_id=77))
    with pytest.raises(InvalidInput):
        record_mock_interview(ctx, interview(gone, dt.date(2026, 11, 2)))
    assert list_mock_interviews(ctx, pid) == []
    assert last_contact(ctx, pid) is None


def test_delete_mock_interview_is_audited(ctx: ServiceContext) -> None:
    pid = insert_participant(ctx)
    recorded = record_mock_interview(ctx, interview(pid, dt.date(2026, 11, 2)))
    delete_mock_interview(ctx, recorded.id)
    assert list_mock_interviews(ctx, pid) == []
    with pytest.raises(UnknownId):
        get_mock_interview(ctx, recorded.id)
    with ctx.transaction() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "mock_interview", AuditEntry.entity_id == recorded.id
            )
        ).all()
    assert actions == ["create", "delete"]
