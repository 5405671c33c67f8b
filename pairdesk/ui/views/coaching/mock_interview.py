"""Running a mock interview: who, when, which questions, the 1–4 grid, comments."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
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
from pairdesk.ui.drafts import (
    FIELDS,
    FORM,
    FormDraft,
    Restored,
    RestoreDone,
    fields_of,
    read_fields,
    record_id,
    write_fields,
)
from pairdesk.ui.errors import show_error
from pairdesk.ui.models.coaching_model import score_words
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.form_errors import ErrorLabel, FormErrors
from pairdesk.ui.widgets.participant_picker import ParticipantPicker
from pairdesk.ui.widgets.questions import UnsavedChoice

QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole
ADVICE_ROLE = Qt.ItemDataRole.UserRole + 1


class MockInterviewTab(QWidget):
    """The mock-interview form, in a scroll area so it fits small screens and big fonts."""

    status_message = Signal(str)
    recorded = Signal(int)  # participant id

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._dirty = False
        self._loading = False
        self._saving = False

        body = QWidget(self)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        general = ErrorLabel(body)
        form.addRow(general)
        self.errors = FormErrors(general)
        add = self.errors.add_row

        self.picker = ParticipantPicker(ctx, _("Person interviewed"), body)
        add(
            form,
            _("&Person interviewed:"),
            self.picker,
            "participant_id",
            buddy=self.picker.search_field,
        )
        self.date_field = DateField(
            body, accessible_name=_("Date of the mock interview"), today=ctx.today
        )
        add(form, _("&Date:"), self.date_field, "held_on")
        self.session_field = QComboBox(body)
        self.session_field.setAccessibleName(_("Coaching session"))
        self.session_field.addItem(_("None (individual mock interview)"), None)
        add(form, _("Coaching &session:"), self.session_field, "workshop_id")
        self.interviewers_field = QLineEdit(body)
        self.interviewers_field.setAccessibleName(_("Interviewers"))
        self.interviewers_field.setPlaceholderText(_("Who played the employer"))
        add(form, _("&Interviewers:"), self.interviewers_field, "interviewers")
        self.target_field = QLineEdit(body)
        self.target_field.setAccessibleName(_("Job aimed at"))
        add(form, _("&Job aimed at:"), self.target_field, "target_job")

        self.questions = QListWidget(body)
        self.questions.setAccessibleName(_("Questions from the bank"))
        self.questions.setAccessibleDescription(
            _("Tick the questions asked; the advice of the selected one is shown below.")
        )
        self.questions.setMinimumHeight(self.fontMetrics().height() * 8)
        self.questions.setWordWrap(True)
        add(form, _("&Questions asked:"), self.questions, "question_ids")
        self.advice_label = QLabel(_("Select a question to read its advice."), body)
        self.advice_label.setWordWrap(True)
        self.advice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice_label.setAccessibleName(_("Advice for the selected question"))
        self.advice_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.advice_label.setMargin(6)
        advice_caption = QLabel(_("Advice:"), body)
        form.addRow(advice_caption, self.advice_label)
        self.extra_field = QPlainTextEdit(body)
        self.extra_field.setAccessibleName(_("Other questions asked, one per line"))
        self.extra_field.setTabChangesFocus(True)
        self.extra_field.setMaximumHeight(self.fontMetrics().height() * 5)
        self.extra_field.setPlaceholderText(_("One question per line"))
        add(form, _("&Other questions:"), self.extra_field, "extra_questions")

        grid = QGroupBox(_("Scores (1 to 4)"), body)
        grid_form = QFormLayout(grid)
        grid_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.score_fields: dict[InterviewCriterion, QComboBox] = {}
        for criterion in InterviewCriterion:
            combo = QComboBox(grid)
            combo.addItem(_("Not scored"), None)
            for score in range(coaching.SCORE_MIN, coaching.SCORE_MAX + 1):
                combo.addItem(score_words(score), score)
            combo.setAccessibleName(_("Score for {criterion}").format(criterion=criterion.label))
            self.score_fields[criterion] = combo
            self.errors.add_row(grid_form, criterion.label, combo, f"score_{criterion.value}")
        form.addRow(grid)
        self.comments_field = QPlainTextEdit(body)
        self.comments_field.setAccessibleName(_("Comments"))
        self.comments_field.setTabChangesFocus(True)
        self.comments_field.setMaximumHeight(self.fontMetrics().height() * 6)
        add(form, _("&Comments:"), self.comments_field, "comments")

        self.scroll_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.save_button = QPushButton(_("&Save the mock interview"), self)
        self.save_button.setAccessibleName(_("Save the mock interview"))
        self.save_button.setToolTip(_("Ctrl+S"))
        self.clear_button = QPushButton(_("Start a &new one"), self)
        self.clear_button.setAccessibleName(_("Start a new mock interview"))
        self.clear_button.setToolTip(_("Ctrl+N"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        for key, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence.StandardKey.New, self.start_new),
        ):
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.start_new)
        self.questions.currentItemChanged.connect(self._show_advice)
        self.questions.itemChanged.connect(self._mark_dirty)
        for signal in (
            self.date_field.changed,
            self.session_field.currentIndexChanged,
            self.interviewers_field.textChanged,
            self.target_field.textChanged,
            self.extra_field.textChanged,
            self.comments_field.textChanged,
        ):
            # Choosing whom the interview is for is not work that could be lost (and the
            # picker selects on its own when its list loads): only what is typed or scored.
            signal.connect(self._mark_dirty)
        for combo in self.score_fields.values():
            combo.currentIndexChanged.connect(self._mark_dirty)
        self._reset_fields()

    # -- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the bank and the coaching sessions; what is typed is kept."""
        ctx = self._ctx
        Op(self, lambda: coaching.list_questions(ctx)).success(self._fill_questions).run()
        if self.picker.results.count() == 0:
            self.picker.search()

    def set_sessions(self, sessions: list[WorkshopRow]) -> None:
        self._loading = True
        chosen = self.session_field.currentData()
        self.session_field.clear()
        self.session_field.addItem(_("None (individual mock interview)"), None)
        for row in reversed(sessions):
            if row.cancelled:
                continue
            self.session_field.addItem(
                _("{date} — {title}").format(date=short_date(row.held_on), title=row.title), row.id
            )
        self.session_field.setCurrentIndex(max(0, self.session_field.findData(chosen)))
        self._loading = False

    def _fill_questions(self, bank: list[QuestionView]) -> None:
        self._loading = True
        ticked = set(self.checked_question_ids())
        self.questions.clear()
        for question in bank:
            item = QListWidgetItem(
                _("{category} — {question}").format(
                    category=question.category.label, question=question.text
                ),
                self.questions,
            )
            item.setData(QUESTION_ID_ROLE, question.id)
            item.setData(ADVICE_ROLE, question.advice)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if question.id in ticked else Qt.CheckState.Unchecked
            )
        self._loading = False

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
        ids: list[int] = []
        for i in range(self.questions.count()):
            item = self.questions.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(QUESTION_ID_ROLE)))
        return ids

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
            workshop_id=self.session_field.currentData(),
        )

    # -- actions -----------------------------------------------------------------------
    def save(self) -> None:
        if self._saving:
            return
        self.errors.clear()
        if self.picker.participant_id() is None:
            self.errors.show(
                InvalidInput(_("Choose the person interviewed first."), field="participant_id")
            )
            return
        try:
            data = self.interview_input()
        except InvalidInput as exc:
            if not getattr(exc, "shown_beside_field", False):
                self.errors.show(exc)
            return
        ctx = self._ctx
        self._saving = True
        (
            Op(self, lambda: coaching.record_mock_interview(ctx, data), key="save")
            .success(self._saved)
            .failure(self._failed)  # a refusal naming a field shows beside it, on this form
            .always(self._not_saving)
            .busy(_("Saving the mock interview…"))
            .run()
        )

    def _not_saving(self) -> None:
        self._saving = False

    def _saved(self, interview: MockInterviewView) -> None:
        self._saving = False
        self._dirty = False
        self.status_message.emit(
            _("Mock interview of {date} saved.").format(date=short_date(interview.held_on))
        )
        self.recorded.emit(interview.participant_id)
        self._reset_fields(keep_person=True)

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, InvalidInput):
            self.errors.show(exc)
        else:
            show_error(self, exc)

    def start_new(self) -> None:
        if not self.confirm_leave():
            return
        self._reset_fields(keep_person=False)
        # A new one starts at the top, the focus on whom it is for.
        self.scroll_area.verticalScrollBar().setValue(0)
        self.scroll_area.horizontalScrollBar().setValue(0)
        self.picker.search_field.setFocus()

    def _reset_fields(self, keep_person: bool = False) -> None:
        self._loading = True
        self.errors.clear()
        today = self._ctx.today()
        self.date_field.set_date(today)
        self.session_field.setCurrentIndex(0)
        self.interviewers_field.clear()
        self.target_field.clear()
        self.extra_field.clear()
        self.comments_field.clear()
        for combo in self.score_fields.values():
            combo.setCurrentIndex(0)
        for i in range(self.questions.count()):
            self.questions.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.questions.setCurrentRow(-1)
        self.questions.scrollToTop()
        self._show_advice(None)
        if not keep_person:
            self.picker.search_field.clear()
            self.picker.select(None)
        self._loading = False
        self._dirty = False

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading:
            self._dirty = True

    def is_dirty(self) -> bool:
        return self._dirty

    # -- draft kept at the lock --------------------------------------------------------
    def draft_fields(self) -> dict[str, QWidget]:
        fields: dict[str, QWidget] = {
            "held_on": self.date_field,
            "workshop_id": self.session_field,
            "interviewers": self.interviewers_field,
            "target_job": self.target_field,
            "question_ids": self.questions,
            "extra_questions": self.extra_field,
            "comments": self.comments_field,
        }
        for criterion, combo in self.score_fields.items():
            fields[f"score_{criterion.value}"] = combo
        return fields

    def form_draft(self) -> FormDraft | None:
        if not self._dirty:
            return None
        payload = {
            FORM: "mock_interview",
            "participant_id": self.picker.participant_id(),
            FIELDS: read_fields(self.draft_fields()),
        }
        name = self.picker.participant_name()
        text = (
            _("You were writing the mock interview of {name} when pairdesk locked. Restore it?")
            if name
            else _("You were writing a mock interview when pairdesk locked. Restore it?")
        ).format(name=name)
        return FormDraft("mock_interview", payload, text)

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """Read the bank (the questions ticked need it), then put the draft back."""
        if self._dirty:
            done(Restored.LATER)
            return
        ctx = self._ctx
        values = fields_of(payload)
        person = record_id(payload, "participant_id")

        def loaded(bank: list[QuestionView]) -> None:
            self._fill_questions(bank)  # after any read already asked for
            self.picker.select(person)
            write_fields(self.draft_fields(), values)
            self._dirty = True
            done(Restored.RESTORED)

        Op(self, lambda: coaching.list_questions(ctx)).success(loaded).run()

    def confirm_leave(self) -> bool:
        if not self._dirty:
            return True
        choice = questions.ask_unsaved_changes(self, _("This mock interview"))
        if choice is UnsavedChoice.SAVE:
            self.save()
            return False
        if choice is UnsavedChoice.DISCARD:
            self._dirty = False
            return True
        return False
