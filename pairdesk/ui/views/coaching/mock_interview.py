"""Running a mock interview: who, when, which questions, the 1–4 grid, comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import InterviewCriterion
from pairdesk.errors import InvalidInput
from pairdesk.formatting import short_date
from pairdesk.i18n import _
from pairdesk.services import coaching
from pairdesk.services.coaching import MockInterviewInput, MockInterviewView, QuestionView
from pairdesk.services.context import ServiceContext
from pairdesk.services.workshops import WorkshopRow
from pairdesk.ui.drafts import Restored, RestoreDone, fields_of
from pairdesk.ui.forms import Form
from pairdesk.ui.models.coaching_model import score_words
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.form_errors import ErrorLabel
from pairdesk.ui.widgets.participant_picker import ParticipantPicker
from pairdesk.ui.widgets.tick_list import TickList

QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole
ADVICE_ROLE = Qt.ItemDataRole.UserRole + 1


class AdviceBox(QLabel):
    """The selected question's advice. It starts three lines tall and never becomes
    shorter than the tallest advice it has shown: clicking through the questions must
    not move the fields below it under the mouse."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().height() > self.minimumHeight():
            self.setMinimumHeight(event.size().height())


class SessionCombo(QComboBox):
    """The coaching session, as a field of the form kit: kept by the session's id (the
    list is read later and changes), a choice asked before the list is there is kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted: int | None = None

    def set_sessions(self, sessions: list[WorkshopRow]) -> None:
        chosen = self._wanted if self._wanted is not None else self.currentData()
        self._wanted = None
        self.blockSignals(True)
        self.clear()
        self.addItem(_("None (individual mock interview)"), None)
        for row in reversed(sessions):
            if row.cancelled:
                continue
            self.addItem(
                _("{date} — {title}").format(date=short_date(row.held_on), title=row.title), row.id
            )
        self.setCurrentIndex(max(0, self.findData(chosen)))
        self.blockSignals(False)
        self.currentIndexChanged.emit(self.currentIndex())

    def raw_value(self) -> int | None:
        value = self._wanted if self._wanted is not None else self.currentData()
        return value if type(value) is int else None

    def set_raw_value(self, raw: object) -> None:
        index = self.findData(raw) if type(raw) is int else 0
        if index < 0:
            self._wanted = raw if type(raw) is int else None  # the session is not listed yet
            index = 0
        self.setCurrentIndex(index)

    def value(self) -> int | None:
        return self.raw_value()

    def set_value(self, value: object) -> None:
        self.set_raw_value(value)


class MockInterviewTab(QWidget):
    """The mock-interview form, on the form kit (``self.form``), in a scroll area so it
    fits small screens and big fonts. Its draft goes back through the coaching page."""

    status_message = Signal(str)
    recorded = Signal(int)  # participant id

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx

        body = QWidget(self)
        rows = QFormLayout(body)
        general = ErrorLabel(body)
        rows.addRow(general)
        self.form = Form(
            self,
            rows,
            what=_("This mock interview"),
            draft_key="mock_interview",
            general_error=general,
        )
        self.form.draft_form = "mock_interview"
        self.form.save_path = self.save
        self.form.describe_draft = self._describe_draft
        add = self.form.add

        self.picker = add(
            "participant_id",
            _("&Person interviewed:"),
            ParticipantPicker(ctx, _("Person interviewed"), body),
        )
        self.form.fields["participant_id"].label.setBuddy(self.picker.search_field)
        # The person's interviews already recorded: one is opened to be read, corrected
        # or deleted (saved, an interview could not be seen again: a pair-aidant tester).
        self.earlier_field = QComboBox(body)
        self.earlier_field.setAccessibleName(_("Mock interviews already recorded for this person"))
        earlier_label = QLabel(_("A&lready recorded:"), body)
        earlier_label.setBuddy(self.earlier_field)
        rows.addRow(earlier_label, self.earlier_field)
        #: the interview shown, when one recorded was opened (None: a new one), and whose
        self.interview_id: int | None = None
        self._interview_person: int | None = None
        self._earlier: dict[int, MockInterviewView] = {}
        self.date_field = add(
            "held_on",
            _("&Date:"),
            DateField(body, accessible_name=_("Date of the mock interview"), today=ctx.today),
        )
        self.session_field = add("workshop_id", _("Coaching &session:"), SessionCombo(body))
        self.session_field.setAccessibleName(_("Coaching session"))
        self.session_field.set_sessions([])
        self.interviewers_field = add("interviewers", _("&Interviewers:"), QLineEdit(body))
        self.interviewers_field.setPlaceholderText(_("Who played the employer"))
        self.target_field = add("target_job", _("&Job aimed at:"), QLineEdit(body))

        self.questions = add("question_ids", _("&Questions asked:"), TickList(body))
        self.questions.setAccessibleName(_("Questions from the bank"))
        self.questions.setAccessibleDescription(
            _("Tick the questions asked; the advice of the selected one is shown below.")
        )
        self.questions.setMinimumHeight(self.fontMetrics().height() * 8)
        self.questions.setWordWrap(True)
        self.advice_label = AdviceBox(_("Select a question to read its advice."), body)
        self.advice_label.setWordWrap(True)
        self.advice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice_label.setAccessibleName(_("Advice for the selected question"))
        self.advice_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.advice_label.setMargin(6)
        self.advice_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        advice_caption = QLabel(_("Advice:"), body)
        rows.addRow(advice_caption, self.advice_label)
        self.extra_field = add("extra_questions", _("&Other questions:"), QPlainTextEdit(body))
        self.extra_field.setAccessibleName(_("Other questions asked, one per line"))
        self.extra_field.setTabChangesFocus(True)
        self.extra_field.setMaximumHeight(self.fontMetrics().height() * 5)
        self.extra_field.setPlaceholderText(_("One question per line"))

        grid_title = QLabel(_("Scores (1 to 4)"), body)
        font = grid_title.font()
        font.setBold(True)
        grid_title.setFont(font)
        rows.addRow(grid_title)
        self.score_fields: dict[InterviewCriterion, QComboBox] = {}
        for criterion in InterviewCriterion:
            combo = QComboBox(body)
            combo.addItem(_("Not scored"), None)
            for score in range(coaching.SCORE_MIN, coaching.SCORE_MAX + 1):
                combo.addItem(score_words(score), score)
            combo.setAccessibleName(_("Score for {criterion}").format(criterion=criterion.label))
            self.score_fields[criterion] = add(f"score_{criterion.value}", criterion.label, combo)
        self.comments_field = add("comments", _("&Comments:"), QPlainTextEdit(body))
        self.comments_field.setTabChangesFocus(True)
        self.comments_field.setMaximumHeight(self.fontMetrics().height() * 6)
        for entry in self.form.fields.values():  # the state of "new", whatever was shown
            if isinstance(entry.widget, QComboBox) and not isinstance(entry.widget, SessionCombo):
                entry.fresh = 0
        self.form.fields["held_on"].fresh = ""  # "new" is dated today (see start_new)
        self.form.mark_clean()

        self.scroll_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.save_button = QPushButton(_("S&ave the mock interview"), self)
        self.save_button.setAccessibleName(_("Save the mock interview"))
        self.save_button.setToolTip(_("Ctrl+S"))
        self.clear_button = QPushButton(_("Start a &new one"), self)
        self.clear_button.setAccessibleName(_("Start a new mock interview"))
        self.clear_button.setToolTip(_("Ctrl+N"))
        self.delete_button = QPushButton(_("Dele&te this interview…"), self)
        self.delete_button.setAccessibleName(_("Delete the mock interview shown"))
        self.delete_button.setToolTip(_("After a confirmation."))
        self.delete_button.setEnabled(False)
        self.print_button = QPushButton(_("Print the &feedback…"), self)
        self.print_button.setAccessibleName(_("Print the feedback of the mock interview shown"))
        self.print_button.setToolTip(
            _("For the person to take away: questions, notes, scores and comments (Ctrl+P).")
        )
        self.print_button.setEnabled(False)
        buttons = FlowRow(self, spacing=12)  # wraps at 200 % text
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

        for key, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence.StandardKey.New, self.start_new),
        ):
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.start_new)
        self.delete_button.clicked.connect(self.delete_shown)
        self.print_button.clicked.connect(self.print_shown)
        self.earlier_field.activated.connect(self._earlier_chosen)
        self.form.busy_changed.connect(lambda busy: self.save_button.setEnabled(not busy))
        self.questions.currentItemChanged.connect(self._show_advice)
        self.picker.participant_changed.connect(self._person_changed)
        self._reset_fields()

    # -- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the bank and the coaching sessions; what is typed is kept."""
        ctx = self._ctx
        Op(self, lambda: coaching.list_questions(ctx)).success(self._fill_questions).run()
        if self.picker.results.count() == 0:
            self.picker.search()

    def set_sessions(self, sessions: list[WorkshopRow]) -> None:
        self._keeping_state(lambda: self.session_field.set_sessions(sessions))

    def _keeping_state(self, fill: Callable[[], None]) -> None:
        """Fill a list the form shows: a clean form stays clean (nothing was typed)."""
        dirty = self.form.is_dirty()
        fill()
        if not dirty:
            self.form.mark_clean()

    def _fill_questions(self, bank: list[QuestionView]) -> None:
        def fill() -> None:
            self.questions.set_items(
                (
                    question.id,
                    _("{category} — {question}").format(
                        category=question.category.label, question=question.text
                    ),
                )
                for question in bank
            )
            advice = {question.id: question.advice for question in bank}
            for i in range(self.questions.count()):
                item = self.questions.item(i)
                item.setData(ADVICE_ROLE, advice.get(int(item.data(QUESTION_ID_ROLE)), ""))

        self._keeping_state(fill)

    def _show_advice(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        if current is None:
            self.advice_label.setText(_("Select a question to read its advice."))
            return
        advice = current.data(ADVICE_ROLE) or _("No advice written for this question.")
        self.advice_label.setText(advice)
        self.advice_label.setAccessibleName(
            _("Advice for the selected question: {advice}").format(advice=advice)
        )

    def checked_question_ids(self) -> list[int]:
        return list(self.questions.value())

    def _held_on(self) -> dt.date:
        """The typed date (an impossible one is refused beside the field); not later than
        today: a mock interview is recorded once held."""
        held_on = self.date_field.shown_date()
        if held_on > self._ctx.today():
            raise InvalidInput(
                _("A mock interview is recorded once held: its date cannot be in the future."),
                field="held_on",
            )
        return held_on

    def interview_input(self) -> MockInterviewInput:
        scores = {
            criterion: int(combo.currentData())
            for criterion, combo in self.score_fields.items()
            if combo.currentData() is not None
        }
        extras = tuple(line for line in self.extra_field.toPlainText().splitlines() if line.strip())
        participant_id = self.picker.participant_id()
        return MockInterviewInput(
            participant_id=participant_id if participant_id is not None else 0,
            held_on=self._held_on(),
            interviewers=self.interviewers_field.text(),
            target_job=self.target_field.text(),
            question_ids=tuple(self.checked_question_ids()),
            extra_questions=extras,
            scores=scores,
            comments=self.comments_field.toPlainText(),
            workshop_id=self.session_field.value(),
        )

    # -- actions -----------------------------------------------------------------------
    def save(self) -> None:
        if self.form.busy:
            return
        self.form.clear_errors()
        if self.picker.participant_id() is None:
            self.form.show_op_error(
                InvalidInput(_("Choose the person interviewed first."), field="participant_id")
            )
            return
        try:
            data = self.interview_input()
        except InvalidInput as exc:
            self.form.show_op_error(exc)  # a date field has said it beside itself already
            return
        ctx, interview_id = self._ctx, self.interview_id
        if interview_id is None:
            self.form.save(lambda: coaching.record_mock_interview(ctx, data), self._saved)
            return
        changed = replace(data, edit_version=self.form.edit_version)
        self.form.save(
            lambda: coaching.update_mock_interview(ctx, interview_id, changed), self._saved
        )

    def _saved(self, interview: MockInterviewView) -> None:
        self.status_message.emit(
            _("Mock interview of {date} saved.").format(date=short_date(interview.held_on))
        )
        self.recorded.emit(interview.participant_id)
        self._reset_fields(keep_person=True)

    # -- the interviews already recorded -----------------------------------------------
    def _load_earlier(self, participant_id: object) -> None:
        """The person's recorded interviews in the chooser, most recent first."""
        self._earlier = {}
        self.earlier_field.clear()
        self.earlier_field.addItem(_("None: a new interview"), None)
        self.earlier_field.setEnabled(False)
        if not isinstance(participant_id, int):
            return
        ctx = self._ctx
        Op(self, lambda: coaching.list_mock_interviews(ctx, participant_id)).success(
            lambda rows: self._show_earlier(participant_id, rows)
        ).run()

    def _show_earlier(self, participant_id: int, rows: list[MockInterviewView]) -> None:
        if self.picker.participant_id() != participant_id:
            return  # another person was chosen meanwhile
        self._earlier = {row.id: row for row in rows}
        # Built afresh: a save asks for the list twice (the person chosen again, then the
        # reset), and each answer used to add its rows, listing every interview twice.
        blocked = self.earlier_field.blockSignals(True)
        self.earlier_field.clear()
        self.earlier_field.addItem(_("None: a new interview"), None)
        self.earlier_field.blockSignals(blocked)
        for row in rows:
            text = short_date(row.held_on)
            if row.target_job:
                text = _("{date} — {job}").format(date=text, job=row.target_job)
            self.earlier_field.addItem(text, row.id)
        self.earlier_field.setCurrentIndex(max(0, self.earlier_field.findData(self.interview_id)))
        self.earlier_field.setEnabled(bool(rows))

    def _earlier_chosen(self, index: int) -> None:
        chosen = self.earlier_field.itemData(index)
        if chosen == self.interview_id:
            return
        if not self.form.confirm_leave():
            self.earlier_field.setCurrentIndex(
                max(0, self.earlier_field.findData(self.interview_id))
            )
            return
        interview = self._earlier.get(chosen) if isinstance(chosen, int) else None
        if interview is None:
            self._reset_fields(keep_person=True)
        else:
            self.open_interview(interview)

    def open_interview(self, interview: MockInterviewView) -> None:
        """Show a recorded interview in the form, to read, correct (saved over it, with
        the version read) or delete."""
        extras = "\n".join(q.text for q in interview.questions if q.question_id is None)
        values: dict[str, object] = {
            "held_on": interview.held_on,
            "workshop_id": interview.workshop_id,
            "interviewers": interview.interviewers,
            "target_job": interview.target_job,
            "question_ids": [q.question_id for q in interview.questions if q.question_id],
            "extra_questions": extras,
            "comments": interview.comments,
        }
        for criterion in InterviewCriterion:
            values[f"score_{criterion.value}"] = interview.score_for(criterion)
        self.interview_id, self._interview_person = interview.id, interview.participant_id
        self.form.draft_context = {
            "participant_id": interview.participant_id,
            "interview_id": interview.id,  # a draft of it, restored, still saves over it
        }
        self.form.set_values(values, edit_version=interview.edit_version)
        self._set_shown(interview.id)
        self.scroll_area.verticalScrollBar().setValue(0)

    def _set_shown(self, interview_id: int | None) -> None:
        """A recorded interview in the form (deleted, printed, saved over) or a new one."""
        self.interview_id = interview_id
        self.delete_button.setEnabled(interview_id is not None)
        self.print_button.setEnabled(interview_id is not None)
        self.save_button.setText(
            _("S&ave the changes") if interview_id is not None else _("S&ave the mock interview")
        )

    def print_shown(self) -> bool:
        """Preview the feedback of the interview shown, as saved: with changes not saved
        yet, say so rather than print what the form no longer shows. False: nothing to
        print."""
        if self.interview_id is None:
            return False
        if self.form.is_dirty():
            self.status_message.emit(
                _("Save the changes first: the feedback is printed as it is saved.")
            )
            return True
        from pairdesk.ui import printing

        self.print_dialog = printing.print_mock_interview(self, self._ctx, self.interview_id)
        return True

    def delete_shown(self) -> None:
        """Delete the interview shown, once the person confirms."""
        interview = self._earlier.get(self.interview_id or 0)
        if interview is None:
            return
        if not questions.confirm(
            self,
            _("Delete the mock interview"),
            _(
                "Delete the mock interview of {date}, with its questions and scores? It "
                "cannot be undone."
            ).format(date=short_date(interview.held_on)),
            _("&Delete"),
            _("&Keep it"),
            warning=True,
        ):
            return
        ctx = self._ctx

        def deleted(_result: object) -> None:
            self.status_message.emit(
                _("Mock interview of {date} deleted.").format(date=short_date(interview.held_on))
            )
            self.recorded.emit(interview.participant_id)
            self._reset_fields(keep_person=True)

        Op(self, lambda: coaching.delete_mock_interview(ctx, interview.id)).success(deleted).run()

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: beside the field it names, else in the form's error line."""
        return self.form.show_op_error(error)

    def start_new(self) -> None:
        if not self.form.confirm_leave():
            return
        self._reset_fields(keep_person=False)
        self.picker.search_field.setFocus()

    def _reset_fields(self, keep_person: bool = False) -> None:
        """A fresh form (scrolled to the top), dated today; the person kept after a save."""
        person = self.picker.participant_id() if keep_person else None
        self._set_shown(None)
        self.form.reset()
        self.date_field.set_date(self._ctx.today())
        self.questions.setCurrentRow(-1)
        self.questions.scrollToTop()
        self._show_advice(None)
        if keep_person:
            self.picker.select(person)
        else:
            self.picker.search_field.clear()
        self._load_earlier(person)
        self.form.mark_clean()

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    # -- draft kept at the lock (the kit's; the coaching page hands it back) -------------
    def _person_changed(self, participant_id: object) -> None:
        self.form.draft_context = {"participant_id": participant_id}
        if self.interview_id is not None and participant_id == self._interview_person:
            self.form.draft_context["interview_id"] = self.interview_id
        elif self.interview_id is not None:  # another person: no longer that interview
            self._set_shown(None)
        self._load_earlier(participant_id)

    def _describe_draft(self) -> str:
        name = self.picker.participant_name()
        if name:
            return _(
                "You were writing the mock interview of {name} when pairdesk locked. Restore it?"
            ).format(name=name)
        return _("You were writing a mock interview when pairdesk locked. Restore it?")

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """Read the bank (the questions ticked need it), then put the draft back."""
        if self.form.is_dirty():
            done(Restored.LATER)
            return
        ctx = self._ctx
        values = dict(fields_of(payload))
        values.setdefault("participant_id", payload.get("participant_id"))

        interview_id = payload.get("interview_id")

        def loaded(bank: list[QuestionView]) -> None:
            self._fill_questions(bank)  # after any read already asked for
            self.form.restore_draft({"fields": values})
            if isinstance(interview_id, int):
                person = values.get("participant_id")
                self._set_shown(interview_id)
                self._interview_person = person if isinstance(person, int) else None
                self.form.draft_context["interview_id"] = interview_id
            done(Restored.RESTORED)

        Op(self, lambda: coaching.list_questions(ctx)).success(loaded).run()

    def confirm_leave(self, then: Callable[[], None] | None = None) -> bool:
        return self.form.confirm_leave(then)
