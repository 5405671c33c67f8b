"""The interview-coaching page: sessions, question bank, mock interview, scores."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import WorkshopKind
from pairdesk.i18n import _, ngettext
from pairdesk.services import coaching, workshops
from pairdesk.services.coaching import ScorePoint
from pairdesk.services.context import ServiceContext
from pairdesk.services.workshops import WorkshopRow
from pairdesk.ui.drafts import FORM, RestoreDone, record_id
from pairdesk.ui.models.coaching_model import CoachingSessionsModel, ScoresAcrossModel
from pairdesk.ui.models.offers_model import ID_ROLE
from pairdesk.ui.ops import Op
from pairdesk.ui.views.coaching.mock_interview import MockInterviewTab
from pairdesk.ui.views.coaching.planning import open_planning_dialog
from pairdesk.ui.views.coaching.question_bank import QuestionBankTab
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.layouts import titled_tabs
from pairdesk.ui.widgets.participant_picker import ParticipantPicker
from pairdesk.ui.widgets.tables import make_table


class SessionsTab(QWidget):
    """The interview-coaching sessions, planned and held."""

    sessions_loaded = Signal(list)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.model = CoachingSessionsModel(self)
        # Every column as wide as its text, as the workshops' list: a stretched title got
        # what the places left of it ("Coac…" at 200 %).
        self.table = make_table(self, self.model, _("Coaching sessions"))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("Number of coaching sessions"))
        self.plan_button = QPushButton(_("&Plan a session…"), self)
        self.plan_button.setAccessibleName(_("Plan a coaching session"))
        self.plan_button.setToolTip(_("Ctrl+N"))
        self.edit_button = QPushButton(_("Edi&t the session…"), self)
        self.edit_button.setAccessibleName(_("Edit the selected coaching session"))
        self.edit_button.setEnabled(False)
        self.print_button = QPushButton(_("Pr&int the sheet…"), self)
        self.print_button.setAccessibleName(_("Print the selected session's attendance sheet"))
        self.print_button.setToolTip(_("Attendance sheet, blank or filled (Ctrl+P)"))
        self.print_button.setEnabled(False)
        buttons = FlowRow(self)  # wraps at 200 % text: "lanifier une séance." was cut
        for widget in (self.plan_button, self.edit_button, self.print_button, self.count_label):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(buttons)
        layout.addWidget(self.table, 1)

        shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.plan)
        self.plan_button.clicked.connect(self.plan)
        self.edit_button.clicked.connect(self.edit)
        self.table.activated.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.edit_button.setEnabled(self.selected_id() is not None)
        )
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.print_button.setEnabled(self.selected_id() is not None)
        )
        self.print_button.clicked.connect(self.print_sheet)
        self.dialog: QWidget | None = None
        self._select_after: int | None = None
        #: the row of the next session, to scroll to once the list is seen
        self._upcoming: int | None = None

    def refresh(self) -> None:
        ctx = self._ctx
        (
            Op(self, lambda: workshops.list_workshops(ctx, kind=WorkshopKind.INTERVIEW))
            .success(self._show)
            .run()
        )

    def _show(self, rows: list[WorkshopRow]) -> None:
        keep = self._select_after or self.selected_id()
        self._select_after = None
        self.model.set_rows(rows)
        self.count_label.setText(
            ngettext("{count} session", "{count} sessions", len(rows)).format(count=len(rows))
        )
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)
        else:  # a year of sessions, oldest first: show the next ones rather than the oldest
            today = self._ctx.today()
            self._upcoming = next((i for i, r in enumerate(rows) if r.held_on >= today), None)
            if self.isVisible():
                self._show_upcoming()
        self.edit_button.setEnabled(self.selected_id() is not None)
        self.sessions_loaded.emit(rows)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._show_upcoming)  # once the table has its size

    def _show_upcoming(self) -> None:
        """Scroll the first session dated today or later to the top, once."""
        row, self._upcoming = self._upcoming, None
        if row is not None and row < self.model.rowCount():
            self.table.scrollTo(
                self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop
            )

    def select(self, workshop_id: int) -> None:
        row = self.model.row_of(workshop_id)
        if row is None:
            self._select_after = workshop_id
            self.refresh()
        else:
            self.table.selectRow(row)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.model.data(rows[0], ID_ROLE)
        return value if isinstance(value, int) else None

    def plan(self) -> None:
        self._open(None)

    def print_sheet(self) -> None:
        from pairdesk.ui import printing

        workshop_id = self.selected_id()
        if workshop_id is not None:
            self.print_dialog = printing.print_attendance_sheet(self, self._ctx, workshop_id)

    def edit(self) -> None:
        workshop_id = self.selected_id()
        if workshop_id is not None:
            self._open(workshop_id)

    def _open(self, workshop_id: int | None) -> None:
        dialog = open_planning_dialog(self._ctx, self, WorkshopKind.INTERVIEW, workshop_id)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._planned(dialog))

    def _planned(self, dialog: QWidget) -> None:
        saved = getattr(dialog, "workshop_id", None)
        self._select_after = saved if isinstance(saved, int) else None
        self.refresh()


class ScoresTab(QWidget):
    """A participant's scores across mock interviews: date × criterion, and the mean."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.picker = ParticipantPicker(ctx, _("Scores of"), self)
        picker_label = QLabel(_("Scores &of:"), self)
        picker_label.setBuddy(self.picker.search_field)
        self.model = ScoresAcrossModel(self)
        self.table = make_table(self, self.model, _("Scores across mock interviews"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.summary_label = QLabel(_("Choose a person to see their scores."), self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(_("Summary of the scores"))
        top = QHBoxLayout()
        top.addWidget(picker_label)
        top.addWidget(self.picker, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        self.picker.participant_changed.connect(self.load)

    def refresh(self) -> None:
        if self.picker.results.count() == 0:
            self.picker.search()
        else:
            self.load(self.picker.participant_id())

    def show_participant(self, participant_id: int) -> None:
        if self.picker.participant_id() == participant_id:
            self.load(participant_id)
        else:
            self.picker.select(participant_id)
            self.picker.search()

    def load(self, participant_id: object) -> None:
        if not isinstance(participant_id, int):
            self.model.set_rows([])
            self.summary_label.setText(_("Choose a person to see their scores."))
            return
        ctx = self._ctx
        (
            Op(self, lambda: coaching.score_progression(ctx, participant_id))
            .success(self._show)
            .run()
        )

    def _show(self, points: list[ScorePoint]) -> None:
        self.model.set_rows(points)
        if not points:
            self.summary_label.setText(_("No scored mock interview yet for this person."))
            return
        self.summary_label.setText(self.model.summary())


class CoachingView(QWidget):
    """Interview coaching, one tab per task."""

    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coachingView")
        self._ctx = ctx
        self.sessions = SessionsTab(ctx, self)
        self.bank = QuestionBankTab(ctx, self)
        self.interview = MockInterviewTab(ctx, self)
        self.scores = ScoresTab(ctx, self)
        self.tabs = titled_tabs(self, _("Interview coaching"), _("Interview coaching sections"))
        self.tabs.addTab(self.interview, _("&Mock interview"))
        self.tabs.addTab(self.scores, _("Sco&res"))
        self.tabs.addTab(self.bank, _("Question &bank"))
        self.tabs.addTab(self.sessions, _("Coaching s&essions"))

        self.bank.status_message.connect(self.status_message)
        self.interview.status_message.connect(self.status_message)
        self.bank.bank_changed.connect(self.interview.refresh)
        self.sessions.sessions_loaded.connect(self.interview.set_sessions)
        self.interview.recorded.connect(self._interview_recorded)

    def can_leave(self, then: Callable[[], None] | None = None) -> bool:
        """Called by the main window before another page, a lock or quitting; ``then``
        runs once a form saved by "Save" is saved."""
        return self.interview.confirm_leave(then) and self.bank._confirm_leave(then)

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """A mock interview or a question of the bank, left when pairdesk locked."""
        if payload.get(FORM) == "workshop":
            self.tabs.setCurrentWidget(self.sessions)
            self.sessions._open(record_id(payload, "workshop_id"))
            restore = getattr(self.sessions.dialog, "restore_draft", None)
            if callable(restore):
                restore(payload, done)
        elif payload.get(FORM) == "question":
            self.tabs.setCurrentWidget(self.bank)
            self.bank.restore_draft(payload, done)
        else:
            self.tabs.setCurrentWidget(self.interview)
            self.interview.restore_draft(payload, done)

    def main_list(self) -> QWidget | None:
        """What Ctrl+4 puts the focus in: the list of the tab shown (the mock interview
        form has none: its first field)."""
        tab = self.tabs.currentWidget()
        if tab is self.interview:
            return self.interview.picker.search_field
        table = getattr(tab, "table", None)
        return table if isinstance(table, QWidget) else None

    def refresh(self) -> None:
        self.sessions.refresh()
        self.bank.refresh()
        self.interview.refresh()
        self.scores.refresh()

    def print_current(self) -> None:
        """File > Print (Ctrl+P) on the sessions tab: the selected session's attendance
        sheet; on the mock interview tab, the feedback of the interview shown. Elsewhere
        nothing is printed: on the scores it printed a sheet chosen on another tab, which
        the person did not see (a tester's finding)."""
        if self.tabs.currentWidget() is self.interview and self.interview.print_shown():
            return
        if self.tabs.currentWidget() is not self.sessions:
            self.status_message.emit(
                _(
                    "Ctrl+P prints a coaching session's attendance sheet (choose the session "
                    "on the “Coaching sessions” tab) or the feedback of a mock interview "
                    "opened on its tab."
                )
            )
            return
        if self.sessions.selected_id() is None:
            self.tabs.setCurrentWidget(self.sessions)
            self.status_message.emit(_("Choose a coaching session first."))
            return
        self.sessions.print_sheet()

    def open_record(self, record_id: int) -> None:
        """Open a coaching session (a workshop id)."""
        self.tabs.setCurrentWidget(self.sessions)
        self.sessions.select(record_id)

    def _interview_recorded(self, participant_id: int) -> None:
        self.scores.show_participant(participant_id)
