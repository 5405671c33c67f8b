"""The main window asks a page before leaving it, locking or quitting (unsaved work)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from pairdesk.services.context import ServiceContext
from pairdesk.ui.main_window import MainWindow


class StayingPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.asked = 0
        self.allow = False

    def can_leave(self, then: Any = None) -> bool:
        self.asked += 1
        return self.allow


def window_on_a_staying_page(
    qtbot: Any, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, StayingPage]:
    """A main window showing, as its CV workshops page, one that refuses to be left."""
    page = StayingPage()
    original = MainWindow._create_page

    def create(self, spec):  # type: ignore[no-untyped-def]
        return page if spec.key == "cv_workshops" else original(self, spec)

    monkeypatch.setattr(MainWindow, "_create_page", create)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page("cv_workshops")
    assert window.current_page_key() == "cv_workshops"
    return window, page


@pytest.mark.leave_prompts
def test_page_with_unsaved_work_can_refuse_to_be_left(qtbot, ctx, monkeypatch) -> None:
    window, page = window_on_a_staying_page(qtbot, ctx, monkeypatch)

    window.show_page("participants")
    assert page.asked == 1
    assert window.current_page_key() == "cv_workshops"
    assert window.navigation.currentRow() == window.page_index("cv_workshops")

    window.show()
    assert not window.close()
    assert page.asked == 2
    assert window.isVisible()

    page.allow = True
    window.show_page("participants")
    assert window.current_page_key() == "participants"


@pytest.mark.leave_prompts
def test_a_record_asked_for_elsewhere_is_not_opened_behind_a_page_that_stays(
    qtbot, ctx, monkeypatch
) -> None:
    """The privacy review's "open the file" while a workshop form keeps unsaved work: the
    person chooses to stay, so the file is not opened behind their back either."""
    from tests.factories import make_participant

    pid = make_participant(ctx, "Jeanne", "Dufour").id
    window, page = window_on_a_staying_page(qtbot, ctx, monkeypatch)
    window.open_record("participants", pid)
    assert page.asked == 1 and window.current_page_key() == "cv_workshops"
    window.focus_participant_search()  # Ctrl+F from the workshop: the same answer
    assert page.asked == 2 and window.current_page_key() == "cv_workshops"
    people = window.participants_view
    assert people.currentWidget() is not people.file_view
    assert people.file_view.participant_id is None

    page.allow = True
    window.open_record("participants", pid)
    assert window.current_page_key() == "participants"
    qtbot.waitUntil(lambda: people.file_view.participant_id == pid, timeout=5000)


def test_menu_opens_an_empty_participant_file(qtbot, ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page("today")
    window.new_participant_action.trigger()
    page = window.participants_view
    assert window.current_page_key() == "participants"
    qtbot.waitUntil(lambda: page.currentWidget() is page.file_view, timeout=5000)
    assert page.file_view.participant_id is None


@pytest.mark.leave_prompts
def test_visiting_every_page_without_typing_never_asks(qtbot, ctx, monkeypatch) -> None:
    """Loading a page is not an edit: leaving it must not ask about unsaved changes."""
    import datetime as dt

    from PySide6.QtWidgets import QMessageBox

    from pairdesk.services import coaching, demo
    from pairdesk.ui import tasks
    from pairdesk.ui.main_window import PAGES

    coaching.ensure_question_bank(ctx)
    demo.generate_demo_data(ctx, participants=10, seed=4, today=dt.date(2026, 11, 25))
    asked: list[str] = []

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(str(args[:3]))
        return QMessageBox.StandardButton.Cancel

    for name in ("question", "warning", "exec"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    for page in (*PAGES, PAGES[0]):
        window.show_page(page.key)
        tasks.wait_for_idle()
        qtbot.wait(30)
        tasks.wait_for_idle()
        assert window.current_page_key() == page.key, asked
    assert asked == []


def _file_typed_then_left(qtbot, ctx, monkeypatch, window: MainWindow) -> Any:
    """A new participant's file with a name typed, the question answered "Save"."""
    from pairdesk.ui.widgets import UnsavedChoice, questions

    asked: list[str] = []

    def save(_parent: Any, what: str) -> UnsavedChoice:
        asked.append(what)
        return UnsavedChoice.SAVE

    monkeypatch.setattr(questions, "ask_unsaved_changes", save)
    window.new_participant_action.trigger()
    people = window.participants_view
    qtbot.waitUntil(lambda: people.currentWidget() is people.file_view, timeout=5000)
    people.file_view.identity_tab.first_name.insert("Léa")
    people.file_view.identity_tab.last_name.insert("Restauration")
    assert people.file_view.is_dirty()
    return asked


@pytest.mark.leave_prompts
def test_save_then_the_restore_goes_on(qtbot, ctx, monkeypatch, tmp_path) -> None:
    """« Enregistrer » in the question before a restore saved the file, then nothing: no
    restore, no message, and the person believed the vault rolled back."""
    from pairdesk.services.participants import ParticipantFilter, list_participants

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    asked = _file_typed_then_left(qtbot, ctx, monkeypatch, window)
    with qtbot.waitSignal(window.vault_work_requested, timeout=10_000) as requested:
        window.restore_backup(tmp_path / "backup.pairdesk", "phrase")
    assert asked == ["Le dossier de la nouvelle personne accompagnée"]
    assert requested.args[0].busy_text == "Restauration de la sauvegarde…"
    saved = list_participants(ctx, ParticipantFilter(search="Restauration"))
    assert [p.first_name for p in saved] == ["Léa"]
    assert not window.isVisible()


@pytest.mark.leave_prompts
def test_save_then_on_to_the_page_asked_for(qtbot, ctx, monkeypatch) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    _file_typed_then_left(qtbot, ctx, monkeypatch, window)
    window.show_page("job_offers")
    qtbot.waitUntil(lambda: window.current_page_key() == "job_offers", timeout=10_000)
    assert not window.participants_view.file_view.is_dirty()


@pytest.mark.leave_prompts
def test_a_save_that_fails_stays_on_the_file(qtbot, ctx, monkeypatch) -> None:
    """A refused save (a required name missing) leaves the person on the file, with the
    reason, and nothing goes on behind their back once they fix it and save."""
    from pairdesk.ui import tasks

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    _file_typed_then_left(qtbot, ctx, monkeypatch, window)
    identity = window.participants_view.file_view.identity_tab
    identity.last_name.clear()
    window.show_page("job_offers")
    tasks.wait_for_idle()
    qtbot.wait(100)
    assert window.current_page_key() == "participants"
    identity.last_name.insert("Enfin")
    window.participants_view.file_view.save()
    tasks.wait_for_idle()
    qtbot.wait(100)
    assert not window.participants_view.file_view.is_dirty()
    assert window.current_page_key() == "participants"
