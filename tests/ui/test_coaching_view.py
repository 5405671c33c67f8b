"""The interview-coaching view driven through the real main window; data checked through
the services."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pairdesk.domain.enums import InterviewCriterion, QuestionCategory, WorkshopKind
from pairdesk.i18n import _
from pairdesk.services import coaching, workshops
from pairdesk.services.workshops import WorkshopInput
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.models.coaching_model import (
    CoachingSessionsModel,
    ScoresAcrossModel,
    score_words,
)
from pairdesk.ui.views.coaching import question_bank
from pairdesk.ui.views.coaching.view import CoachingView
from pairdesk.ui.widgets import UnsavedChoice, questions
from tests.factories import make_participant

TODAY = dt.date(2026, 11, 25)  # the ctx fixture's day (tests/conftest.py)


@pytest.fixture
def people(ctx) -> dict[str, int]:
    coaching.ensure_question_bank(ctx)  # as the app does when a vault is created or opened
    return {
        "helene": make_participant(ctx, "Hélène", "Durand", city="Grenoble").id,
        "karim": make_participant(ctx, "Karim", "Benali", city="Échirolles").id,
    }


@pytest.fixture
def window(qtbot, ctx, people, monkeypatch):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    yield window
    tasks.wait_for_idle()
    window.close()


def _page(window: MainWindow) -> CoachingView:
    window.show_page("interview_coaching")
    page = window.page("interview_coaching")
    assert isinstance(page, CoachingView)
    assert tasks.wait_for_idle()
    return page


def _pick(qtbot, picker, text: str, participant_id: int) -> None:
    picker.search_field.clear()
    qtbot.keyClicks(picker.search_field, text)
    qtbot.waitUntil(lambda: picker.participant_id() == participant_id, timeout=5000)


def _run_interview(qtbot, page: CoachingView, held_on: dt.date, scores: dict) -> None:
    tab = page.interview
    page.tabs.setCurrentWidget(tab)
    tab.date_field.set_date(held_on)
    tab.target_field.setText("Agent d'accueil")
    tab.interviewers_field.setText("Camille (pair-aidante)")
    for row in (0, 1):
        tab.questions.item(row).setCheckState(Qt.CheckState.Checked)
    tab.extra_field.setPlainText("Pourquoi ce quartier ?\n\n")
    for criterion, score in scores.items():
        combo = tab.score_fields[criterion]
        combo.setCurrentIndex(combo.findData(score))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()


def test_run_two_mock_interviews_and_see_the_scores(qtbot, ctx, people, window) -> None:
    page = _page(window)
    tab = page.interview
    bank = coaching.list_questions(ctx)
    qtbot.waitUntil(lambda: tab.questions.count() == len(bank))
    assert tab.questions.count() >= 10  # the built-in French classics

    # Advice of the selected question is shown beside the list.
    tab.questions.setCurrentRow(1)
    assert tab.advice_label.text() == bank[1].advice

    # Saving without a person: the error is next to the field, nothing typed is lost.
    tab.target_field.setText("Vendeuse")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.form.error_label("participant_id").isVisible()
    assert tab.target_field.text() == "Vendeuse"

    _pick(qtbot, tab.picker, "helene", people["helene"])
    _run_interview(
        qtbot,
        page,
        TODAY - dt.timedelta(days=14),
        {InterviewCriterion.PRESENTATION: 2, InterviewCriterion.CLARITY: 1},
    )
    interviews = coaching.list_mock_interviews(ctx, people["helene"])
    assert len(interviews) == 1
    first = interviews[0]
    assert first.held_on == TODAY - dt.timedelta(days=14)
    assert first.target_job == "Agent d'accueil"
    assert [q.question_id for q in first.questions[:2]] == [bank[0].id, bank[1].id]
    assert [q.text for q in first.questions[2:]] == ["Pourquoi ce quartier ?"]
    assert first.score_for(InterviewCriterion.PRESENTATION) == 2
    assert first.score_for(InterviewCriterion.CLARITY) == 1
    assert first.score_for(InterviewCriterion.STRESS) is None
    # The form is ready for the next one, same person kept, nothing ticked.
    assert tab.picker.participant_id() == people["helene"]
    assert tab.checked_question_ids() == []
    assert not tab.is_dirty()

    _run_interview(
        qtbot,
        page,
        TODAY,
        {InterviewCriterion.PRESENTATION: 4, InterviewCriterion.CLARITY: 3},
    )
    assert len(coaching.list_mock_interviews(ctx, people["helene"])) == 2
    # Each listed once to reopen (a tester saw every interview twice after a save).
    tasks.wait_for_idle()
    qtbot.waitUntil(lambda: tab.earlier_field.count() >= 3, timeout=5000)
    tasks.wait_for_idle()
    assert tab.earlier_field.count() == 3  # « None: a new interview » and the two

    scores = page.scores
    qtbot.waitUntil(lambda: scores.model.columnCount() == 3, timeout=5000)
    model = scores.model
    # One row per criterion and the mean; one column per interview, oldest first.
    assert model.rowCount() == len(InterviewCriterion) + 1
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (1, 2)] == [
        (TODAY - dt.timedelta(days=14)).strftime("%d/%m/%Y"),
        TODAY.strftime("%d/%m/%Y"),
    ]
    presentation = list(InterviewCriterion).index(InterviewCriterion.PRESENTATION)
    assert model.index(presentation, 0).data() == InterviewCriterion.PRESENTATION.label
    assert model.index(presentation, 1).data() == score_words(2)
    assert model.index(presentation, 2).data() == score_words(4)
    assert coaching.score_label(4) in model.index(presentation, 2).data()
    assert "4" in model.index(presentation, 2).data()
    assert model.index(ScoresAcrossModel.MEAN_ROW, 2).data() in {"3,5", "3.5"}
    assert model.index(ScoresAcrossModel.MEAN_ROW, 1).data() in {"1,5", "1.5"}
    stress = list(InterviewCriterion).index(InterviewCriterion.STRESS)
    assert model.index(stress, 2).data() == score_words(None)

    # Another person has no scores.
    _pick(qtbot, scores.picker, "karim", people["karim"])
    qtbot.waitUntil(lambda: scores.model.columnCount() == 1)
    assert scores.model.rowCount() == 0


def test_question_bank_add_edit_hide(qtbot, ctx, people, window, monkeypatch) -> None:
    page = _page(window)
    bank = page.bank
    page.tabs.setCurrentWidget(bank)
    total = len(coaching.list_questions(ctx))
    qtbot.waitUntil(lambda: bank.model.rowCount() == total)

    bank.new_question()
    bank.category_field.setCurrentIndex(
        bank.category_field.findData(QuestionCategory.SITUATION.value)
    )
    qtbot.mouseClick(bank.save_button, Qt.MouseButton.LeftButton)  # empty question
    assert tasks.wait_for_idle()
    assert bank.form.error_label("text").isVisible()
    bank.text_field.setPlainText("Comment réagissez-vous à une critique ?")
    bank.advice_field.setPlainText("Écouter, reformuler, proposer.")
    qtbot.mouseClick(bank.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    added = [q for q in coaching.list_questions(ctx) if q.text.startswith("Comment réagissez")]
    assert len(added) == 1
    assert added[0].category is QuestionCategory.SITUATION
    assert added[0].advice == "Écouter, reformuler, proposer."
    qtbot.waitUntil(lambda: bank.model.rowCount() == total + 1)

    # Edit it (it stays selected after saving).
    assert bank._current is not None and bank._current.id == added[0].id
    bank.advice_field.setPlainText("Écouter puis répondre calmement.")
    qtbot.mouseClick(bank.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert coaching.get_question(ctx, added[0].id).advice == "Écouter puis répondre calmement."

    # Hide it: asked first; "keep it" changes nothing, then hiding works.
    answers = iter([False, True])
    asked: list[str] = []

    def fake_ask(parent, title, text, *args, **kwargs) -> bool:
        asked.append(title)
        return next(answers)

    monkeypatch.setattr(question_bank, "ask", fake_ask)
    qtbot.mouseClick(bank.hide_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert coaching.get_question(ctx, added[0].id).active
    qtbot.mouseClick(bank.hide_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert not coaching.get_question(ctx, added[0].id).active
    assert len(asked) == 2
    qtbot.waitUntil(lambda: bank.model.rowCount() == total)
    # The mock-interview form no longer offers it.
    qtbot.waitUntil(lambda: page.interview.questions.count() == total)


def test_unsaved_question_prompts_before_switching(qtbot, ctx, people, window, monkeypatch) -> None:
    page = _page(window)
    bank = page.bank
    qtbot.waitUntil(lambda: bank.model.rowCount() > 2)
    bank.table.selectRow(0)
    first = bank._current
    assert first is not None
    bank.text_field.setPlainText("Texte modifié")
    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda p, w: UnsavedChoice.CANCEL)
    bank.table.selectRow(1)
    assert bank._current is not None and bank._current.id == first.id
    assert bank.text_field.toPlainText() == "Texte modifié"
    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda p, w: UnsavedChoice.DISCARD)
    bank.table.selectRow(1)
    assert bank._current is not None and bank._current.id != first.id
    assert coaching.get_question(ctx, first.id).text != "Texte modifié"


def test_plan_a_coaching_session(qtbot, ctx, window) -> None:
    page = _page(window)
    sessions = page.sessions
    page.tabs.setCurrentWidget(sessions)
    qtbot.mouseClick(sessions.plan_button, Qt.MouseButton.LeftButton)
    dialog = sessions.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.is_loaded)
    dialog.title_field.setText("Entretiens blancs de décembre")
    dialog.place_field.setText("Salle du GEM")
    dialog.date_field.set_date(dt.date(2026, 12, 3))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    rows = workshops.list_workshops(ctx, kind=WorkshopKind.INTERVIEW)
    assert [(r.title, r.held_on, r.place) for r in rows] == [
        ("Entretiens blancs de décembre", dt.date(2026, 12, 3), "Salle du GEM")
    ]
    qtbot.waitUntil(lambda: sessions.model.rowCount() == 1)
    # The session can be chosen in the mock-interview form.
    assert page.interview.session_field.findData(rows[0].id) > 0


def test_a_session_title_is_not_cut_by_a_long_place(qtbot, ctx, window) -> None:
    """The title column was stretched into what the other columns left: a long place made
    it "Coac…" (seen at 200 % text; here a narrow window does the same)."""
    title = "Coaching entretien : se présenter en deux minutes"
    workshops.create_workshop(
        ctx,
        WorkshopInput(
            kind=WorkshopKind.INTERVIEW,
            title=title,
            held_on=dt.date(2026, 12, 3),
            starts_at=dt.time(14),
            ends_at=dt.time(16),
            place="Centre social Les Érables — salle polyvalente du rez-de-chaussée",
        ),
    )
    page = _page(window)
    page.tabs.setCurrentWidget(page.sessions)
    table = page.sessions.table
    qtbot.waitUntil(lambda: page.sessions.model.rowCount() == 1)
    window.resize(900, 600)
    qtbot.wait(50)
    column = CoachingSessionsModel.TITLE
    assert table.columnWidth(column) >= table.fontMetrics().horizontalAdvance(title)


def test_models_pass_the_model_tester(qtbot, qtmodeltester, ctx, people, window) -> None:
    workshops.create_workshop(
        ctx,
        WorkshopInput(
            kind=WorkshopKind.INTERVIEW,
            title="Coaching",
            held_on=TODAY,
            starts_at=dt.time(14),
            ends_at=dt.time(16),
        ),
    )
    coaching.record_mock_interview(
        ctx,
        coaching.MockInterviewInput(
            participant_id=people["karim"],
            held_on=TODAY,
            scores={InterviewCriterion.MOTIVATION: 3},
        ),
    )
    page = _page(window)
    _pick(qtbot, page.scores.picker, "karim", people["karim"])
    qtbot.waitUntil(lambda: page.scores.model.columnCount() == 2)
    qtbot.waitUntil(lambda: page.sessions.model.rowCount() == 1)
    qtbot.waitUntil(lambda: page.bank.model.rowCount() > 0)
    for model in (page.sessions.model, page.bank.model, page.scores.model):
        qtmodeltester.check(model)


def test_mock_interview_date_is_typed_and_an_impossible_one_is_refused(
    qtbot, ctx, people, window
) -> None:
    page = _page(window)
    tab = page.interview
    page.tabs.setCurrentWidget(tab)
    _pick(qtbot, tab.picker, "helene", people["helene"])
    tab.date_field.set_text("31/02/2026")
    tab.date_field.check()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert tab.date_field.text() == "31/02/2026"  # never clamped to 28/02
    assert tab.date_field.message.message
    assert coaching.list_mock_interviews(ctx, people["helene"]) == []

    tab.date_field.set_text("0311")  # typed as people say it: 03/11 of this year
    tab.date_field.check()
    assert tab.date_field.date() == dt.date(2026, 11, 3)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    qtbot.waitUntil(lambda: bool(coaching.list_mock_interviews(ctx, people["helene"])))
    (saved,) = coaching.list_mock_interviews(ctx, people["helene"])
    assert saved.held_on == dt.date(2026, 11, 3)


def test_the_sessions_list_opens_on_the_next_sessions(qtbot, ctx, window) -> None:
    """A year of sessions is listed oldest first: the list shows the coming ones."""
    for week in range(30):
        workshops.create_workshop(
            ctx,
            WorkshopInput(
                kind=WorkshopKind.INTERVIEW,
                title=f"Séance {week + 1}",
                held_on=TODAY - dt.timedelta(days=7 * (30 - week)),
                starts_at=dt.time(14),
                ends_at=dt.time(16),
            ),
        )
    workshops.create_workshop(
        ctx,
        WorkshopInput(
            kind=WorkshopKind.INTERVIEW,
            title="La prochaine",
            held_on=TODAY + dt.timedelta(days=3),
            starts_at=dt.time(14),
            ends_at=dt.time(16),
        ),
    )
    page = _page(window)
    page.tabs.setCurrentWidget(page.sessions)
    table, model = page.sessions.table, page.sessions.model
    qtbot.waitUntil(lambda: model.rowCount() == 31)
    qtbot.wait(50)
    viewport = table.viewport().rect()
    assert viewport.intersects(table.visualRect(model.index(30, 0)))  # « La prochaine »
    assert not viewport.intersects(table.visualRect(model.index(0, 0)))
    assert page.sessions.selected_id() is None  # shown, not chosen


def test_ctrl_p_prints_only_what_the_sessions_tab_shows(qtbot, ctx, window, monkeypatch) -> None:
    """On the scores tab, Ctrl+P printed the sheet of a session chosen on another tab."""
    from pairdesk.ui import printing

    workshop = workshops.create_workshop(
        ctx,
        WorkshopInput(
            kind=WorkshopKind.INTERVIEW,
            title="Entretiens blancs",
            held_on=TODAY,
            starts_at=dt.time(14),
            ends_at=dt.time(16),
        ),
    )
    printed: list[int] = []
    monkeypatch.setattr(printing, "print_attendance_sheet", lambda _p, _c, wid: printed.append(wid))
    page = _page(window)
    page.tabs.setCurrentWidget(page.sessions)
    qtbot.waitUntil(lambda: page.sessions.model.rowCount() == 1)
    page.sessions.table.selectRow(0)
    page.tabs.setCurrentWidget(page.scores)
    with qtbot.waitSignal(page.status_message) as told:
        page.print_current()
    assert printed == [] and "Séances de coaching" in told.args[0]
    page.tabs.setCurrentWidget(page.sessions)
    page.print_current()
    assert printed == [workshop.id]


@pytest.mark.leave_prompts
def test_a_recorded_interview_is_opened_corrected_and_deleted(
    qtbot, ctx, people, window, monkeypatch
) -> None:
    """Saved, a mock interview could not be seen again: a wrong score stayed for good
    (pair-aidant tester)."""
    page = _page(window)
    tab = page.interview
    qtbot.waitUntil(lambda: tab.questions.count() > 0)
    _pick(qtbot, tab.picker, "helene", people["helene"])
    earlier = TODAY - dt.timedelta(days=7)
    _run_interview(qtbot, page, earlier, {InterviewCriterion.PRESENTATION: 2})
    (recorded,) = coaching.list_mock_interviews(ctx, people["helene"])
    qtbot.waitUntil(lambda: tab.earlier_field.findData(recorded.id) > 0, timeout=5000)
    assert tab.earlier_field.isEnabled()

    # Opened: the form shows it, every part.
    index = tab.earlier_field.findData(recorded.id)
    tab.earlier_field.setCurrentIndex(index)
    tab.earlier_field.activated.emit(index)
    assert tab.interview_id == recorded.id and tab.delete_button.isEnabled()
    assert tab.target_field.text() == "Agent d'accueil"
    assert tab.date_field.date() == earlier
    assert tab.extra_field.toPlainText() == "Pourquoi ce quartier ?"
    assert len(tab.checked_question_ids()) == 2
    presentation = tab.score_fields[InterviewCriterion.PRESENTATION]
    assert presentation.currentData() == 2
    assert not tab.is_dirty()

    # Corrected: saved over it, not as a second interview.
    presentation.setCurrentIndex(presentation.findData(3))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    (changed,) = coaching.list_mock_interviews(ctx, people["helene"])
    assert changed.id == recorded.id
    assert changed.score_for(InterviewCriterion.PRESENTATION) == 3
    assert tab.interview_id is None and not tab.delete_button.isEnabled()

    # Deleted after a confirmation ("keep it" first).
    from pairdesk.ui.widgets import questions

    answers = [False, True]
    monkeypatch.setattr(questions, "confirm", lambda *_a, **_k: answers.pop(0))
    qtbot.waitUntil(lambda: tab.earlier_field.findData(recorded.id) > 0, timeout=5000)
    index = tab.earlier_field.findData(recorded.id)
    tab.earlier_field.setCurrentIndex(index)
    tab.earlier_field.activated.emit(index)
    tab.delete_button.click()
    assert tasks.wait_for_idle()
    assert len(coaching.list_mock_interviews(ctx, people["helene"])) == 1
    tab.delete_button.click()
    assert tasks.wait_for_idle()
    assert coaching.list_mock_interviews(ctx, people["helene"]) == []
    assert tab.interview_id is None


def test_clicking_through_questions_does_not_move_the_fields_below(
    qtbot, ctx, people, window
) -> None:
    """The advice box grows to the longest advice read and keeps that height: a shorter
    advice, or none, must not pull the fields under the mouse upwards."""
    window.resize(1000, 700)
    page = _page(window)
    tab = page.interview
    bank = coaching.list_questions(ctx)
    qtbot.waitUntil(lambda: tab.questions.count() == len(bank))
    rows = sorted(range(len(bank)), key=lambda row: len(bank[row].advice))
    shortest, longest = rows[0], rows[-1]
    assert len(bank[longest].advice) > 2 * len(bank[shortest].advice)

    def extra_top() -> int:
        for _turn in range(3):
            QApplication.processEvents()
        return tab.extra_field.mapTo(tab, tab.extra_field.rect().topLeft()).y()

    tab.questions.setCurrentRow(longest)
    after_long = extra_top()
    tab.questions.setCurrentRow(shortest)
    assert extra_top() == after_long
    tab.questions.setCurrentRow(-1)
    assert extra_top() == after_long


def test_the_feedback_of_a_mock_interview_is_printed(qtbot, ctx, people, window) -> None:
    """A mock interview had no print (a tester's finding): the person could not take the
    feedback away. Once an interview is opened, « Imprimer les retours… » and Ctrl+P
    preview it; with changes not saved, nothing is printed and the page says why."""
    import io

    import pypdf

    from pairdesk.ui.print_dialog import PrintPreviewDialog

    page = _page(window)
    tab = page.interview
    qtbot.waitUntil(lambda: tab.questions.count() > 0)
    _pick(qtbot, tab.picker, "karim", people["karim"])
    assert not tab.print_button.isEnabled()  # a new interview: nothing saved to print
    _run_interview(qtbot, page, TODAY, {InterviewCriterion.CLARITY: 3})
    (recorded,) = coaching.list_mock_interviews(ctx, people["karim"])
    qtbot.waitUntil(lambda: tab.earlier_field.findData(recorded.id) > 0, timeout=5000)
    index = tab.earlier_field.findData(recorded.id)
    tab.earlier_field.setCurrentIndex(index)
    tab.earlier_field.activated.emit(index)
    assert tab.print_button.isEnabled()

    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    preview = tab.print_dialog
    assert isinstance(preview, PrintPreviewDialog)
    qtbot.waitUntil(lambda: preview.pdf is not None and not preview._busy, timeout=15_000)
    reader = pypdf.PdfReader(io.BytesIO(preview.pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Karim Benali" in text and "Agent d'accueil" in text
    assert "Pourquoi ce quartier ?" in text
    assert "Karim" not in preview.windowTitle()  # titles name the reference only
    preview.close()

    # Ctrl+P on the tab prints it too; with a change not saved, it says so instead.
    tab.target_field.setText("Magasinier")
    with qtbot.waitSignal(page.status_message) as told:
        page.print_current()
    assert told.args[0] == _("Save the changes first: the feedback is printed as it is saved.")
    assert tab.print_dialog is preview  # no new preview


@pytest.mark.leave_prompts
def test_discarded_changes_do_not_come_back_as_a_draft(
    qtbot, ctx, people, window, monkeypatch
) -> None:
    """« Abandonner les modifications » on leaving the page kept them in the form: the
    lock saved them as a draft and the next unlock offered them back (a tester's
    finding). Discarded, the form shows what it held before and nothing is collected."""
    page = _page(window)
    tab = page.interview
    qtbot.waitUntil(lambda: tab.questions.count() > 0)
    _pick(qtbot, tab.picker, "karim", people["karim"])
    tasks.wait_for_idle()
    tab.form.mark_clean()  # the person chosen is where the form starts from
    tab.date_field.set_text("31/02/2026")  # an impossible date, typed
    tab.interviewers_field.setText("Jury à jeter")
    assert tab.is_dirty() and window.collect_drafts()
    monkeypatch.setattr(
        questions, "ask_unsaved_changes", lambda *_a: questions.UnsavedChoice.DISCARD
    )
    window.show_page("participants")
    assert window.current_page_key() == "participants"
    assert not tab.is_dirty()
    assert tab.interviewers_field.text() == "" and tab.date_field.date() == TODAY
    assert tab.picker.participant_id() == people["karim"]
    assert window.collect_drafts() == []


@pytest.mark.leave_prompts
def test_staying_on_the_page_keeps_it_highlighted(qtbot, ctx, people, window, monkeypatch) -> None:
    """After « Rester ici », the page clicked in the navigation stayed highlighted while
    the coaching page was still shown (a tester's finding)."""
    page = _page(window)
    tab = page.interview
    qtbot.waitUntil(lambda: tab.questions.count() > 0)
    tab.interviewers_field.setText("Jury pas encore enregistré")
    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda *_a: UnsavedChoice.CANCEL)
    navigation = window.navigation
    other = navigation.item(window.page_index("participants"))
    qtbot.mouseClick(
        navigation.viewport(),
        Qt.MouseButton.LeftButton,
        pos=navigation.visualItemRect(other).center(),
    )
    qtbot.wait(50)
    assert window.current_page_key() == "interview_coaching"
    shown = window.page_index("interview_coaching")
    assert navigation.currentRow() == shown
    assert [navigation.row(item) for item in navigation.selectedItems()] == [shown]
