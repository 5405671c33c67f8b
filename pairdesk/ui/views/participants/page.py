"""The participants page: the list and a participant's file, one in front of the other.

``MainWindow`` finds here what it expects of a page (``refresh``, ``open_record``,
``focus_search``, ``search_field``, ``model``, ``status_message``, ``save_state`` /
``restore_state``). Leaving a file with changes asks Save / Discard / Stay from the
page's own actions (Back, opening another file, New, Ctrl+F). The main window does not
ask a page before switching to another one or locking: the changes then stay in the
hidden form, untouched by refreshes, and are there again when the page is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QStackedWidget, QTableView, QWidget

from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.ui import lifetime
from pairdesk.ui.drafts import RestoreDone
from pairdesk.ui.models.participants_model import ParticipantsModel
from pairdesk.ui.views.participants.file_view import FileSection, ParticipantFileView
from pairdesk.ui.views.participants.list_view import ParticipantsListView
from pairdesk.ui.widgets import UnsavedChoice, questions

#: How long after the page's first paint its participant file is built, if not yet needed.
PREPARE_FILE_AFTER_MS = 300


class ParticipantsPage(QStackedWidget):
    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("participantsPage")
        self.setAccessibleName(_("Participants"))
        self.ctx = ctx
        self.list_view = ParticipantsListView(ctx, self)
        self.addWidget(self.list_view)
        self.setCurrentWidget(self.list_view)
        self._file_view: ParticipantFileView | None = None
        self._file_prepared_later = False

        self.new_action = QAction(_("&New participant"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_participant)
        self.addAction(self.new_action)

        self.list_view.participant_activated.connect(self.open_record)
        self.list_view.new_requested.connect(self.new_participant)
        self.list_view.status_message.connect(self.status_message)

    @property
    def file_view(self) -> ParticipantFileView:
        """The participant's file, built the first time it is needed: its tabs and forms
        are 160 ms of widgets, which the window used to build between Unlock and its first
        paint (bench_startup). Once the page is on screen, it is built in the next idle
        moment anyway, so that the first file opened does not wait for it."""
        if self._file_view is None:
            view = ParticipantFileView(self.ctx, self)
            self.addWidget(view)
            view.status_message.connect(self.status_message)
            view.back_requested.connect(self.show_list)
            view.saved.connect(self._file_saved)
            self._file_view = view
        return self._file_view

    def _showing_file(self) -> bool:
        return self._file_view is not None and self.currentWidget() is self._file_view

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._file_prepared_later:
            self._file_prepared_later = True
            # after this first paint (a zero timer set now would run before it)
            lifetime.single_shot(self, PREPARE_FILE_AFTER_MS, self._prepare_file_view)

    def _prepare_file_view(self) -> None:
        self.file_view  # noqa: B018 - built now, while nobody waits for it

    # -- what the main window and the tests use ----------------------------------------
    @property
    def search_field(self) -> QLineEdit:
        return self.list_view.search_field

    @property
    def model(self) -> ParticipantsModel:
        return self.list_view.model

    @property
    def table(self) -> QTableView:
        return self.list_view.table

    @property
    def count_label(self) -> QLabel:
        return self.list_view.count_label

    @property
    def status_combo(self) -> QComboBox:
        return self.list_view.status_combo

    def main_list(self) -> QWidget | None:
        """What Ctrl+2 puts the focus in: the list (a file being shown stays as it is)."""
        if self.currentWidget() is self.list_view:
            return self.list_view.table
        return None

    def refresh(self) -> None:
        if self._showing_file():
            self.file_view.refresh()
        else:
            self.list_view.refresh()

    def focus_search(self) -> None:
        def go() -> None:
            self._show_list_now()
            self.list_view.focus_search()

        self.leave_file(go)

    def open_record(
        self, record_id: int, section: str | None = None, row_id: int | None = None
    ) -> None:
        """Open a participant's file (after dealing with changes to the current one), on
        its ``section`` tab if given (a ``FileSection`` value), ``row_id`` selected there."""
        tab = None if section is None else FileSection(section)

        def go() -> None:
            self.setCurrentWidget(self.file_view)
            self.file_view.open_participant(record_id, tab, row_id)

        if self._showing_file() and self.file_view.participant_id == record_id:
            if self.file_view.is_dirty():  # kept as it is, changes and all
                if tab is not None:
                    self.file_view.show_section(tab, row_id)
            elif tab is None:
                self.file_view.reload(force=True)
            else:  # read again, then shown there (a reload resets the tables' selection)
                self.file_view.open_participant(record_id, tab, row_id)
            return
        self.leave_file(go)

    def new_participant(self) -> None:
        def go() -> None:
            self.setCurrentWidget(self.file_view)
            self.file_view.new_participant()

        self.leave_file(go)

    def show_list(self) -> None:
        self.leave_file(self._show_list_now)

    def _show_list_now(self) -> None:
        if self.currentWidget() is not self.list_view:
            self.setCurrentWidget(self.list_view)
            self.list_view.refresh()
            pid = None if self._file_view is None else self._file_view.participant_id
            if pid is not None:
                self.list_view.select_participant(pid)
            self.list_view.table.setFocus()

    def leave_file(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the file's changes are saved or discarded (or none exist)."""
        if not self._showing_file() or not self.file_view.is_dirty():
            then()
            return
        choice = questions.ask_unsaved_changes(self, self._file_words())
        if choice is UnsavedChoice.SAVE:
            self.file_view.save(on_saved=then)
        elif choice is UnsavedChoice.DISCARD:
            self.file_view.discard()
            then()

    def _file_words(self) -> str:
        """The file in the unsaved-changes question: « Le dossier de Léa Martin », or the
        new file not saved yet."""
        if self.file_view.participant_id is None:
            return _("The new participant's file")
        return _("The file of {name}").format(name=self.file_view.display_name())

    def can_leave(self, then: Callable[[], None] | None = None) -> bool:
        """Called by the main window before another page, a lock or quitting; ``then``
        runs once "Save" has saved the file (what the person was doing goes on)."""
        if not self._showing_file() or not self.file_view.is_dirty():
            return True
        choice = questions.ask_unsaved_changes(self, self._file_words())
        if choice is UnsavedChoice.SAVE:
            self.file_view.save(on_saved=then)
            return False  # stay until the save has gone through
        if choice is UnsavedChoice.DISCARD:
            self.file_view.discard()
            return True
        return False

    def _file_saved(self, _participant_id: int) -> None:
        self.list_view.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._showing_file() and self.file_view.is_dirty():
            self.status_message.emit(
                _("The participant file has changes not saved yet; they wait for you there.")
            )
        super().hideEvent(event)

    # -- drafts: the forms of the file give theirs at the lock (pairdesk/ui/drafts.py) ------
    def restore_draft(self, payload: dict[str, Any], done: RestoreDone) -> None:
        self.setCurrentWidget(self.file_view)
        self.file_view.restore_draft(payload, done)

    def draft_description(self, payload: dict[str, Any]) -> str:
        """For a draft left by an older pairdesk (no question stored with it)."""
        from pairdesk.ui.views.participants.file_draft import describe

        return describe(payload)

    def save_state(self, settings: QSettings) -> None:
        self.list_view.save_state(settings)

    def restore_state(self, settings: QSettings) -> None:
        self.list_view.restore_state(settings)
