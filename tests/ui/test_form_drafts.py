"""A draft of each form survives a lock: what a window's forms hold is collected as the
lock does it, kept encrypted through ``services.drafts``, and put back by a NEW window (as
after the unlock) where it was, as changes not saved. A draft about a record deleted
meanwhile is reported and kept, never dropped silently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QWidget

from pairdesk.domain.enums import Role, WorkshopKind
from pairdesk.services import coaching, drafts, offers, participants, pathways, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.offers import OfferInput
from pairdesk.ui import drafts as ui_drafts
from pairdesk.ui import tasks
from pairdesk.ui.drafts import Restored
from pairdesk.ui.forms.conflict import ConflictChoice
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.questions import UnsavedChoice
from tests.factories import acting_as, make_participant, make_workshop
from tests.ui.test_edit_conflicts import _input as _participant_input
from tests.ui.test_edit_conflicts import answering


@pytest.fixture
def coordinator(ctx: ServiceContext) -> ServiceContext:
    return acting_as(ctx, "Louis", Role.COORDINATOR, "Exemple")


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The "restore your changes?" questions, each answered Restore."""
    texts: list[str] = []

    def ask(parent, text) -> questions.DraftChoice:  # type: ignore[no-untyped-def]
        texts.append(text)
        return questions.DraftChoice.RESTORE

    monkeypatch.setattr(questions, "ask_restore_draft", ask)
    return texts


@pytest.fixture
def windows(qtbot, coordinator: ServiceContext) -> Iterator[Callable[[], MainWindow]]:
    made: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(coordinator)
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        tasks.wait_for_idle()
        return window

    yield make
    tasks.wait_for_idle()


def lock_and_unlock(qtbot, ctx: ServiceContext, window: MainWindow, make) -> MainWindow:  # type: ignore[no-untyped-def]
    """What the lock keeps, stored as the lock stores it; then a new window offers it."""
    found = window.collect_drafts()
    assert found, "the form being edited left no draft"
    for key, view, payload in found:
        drafts.save_draft(ctx, key, view, payload)
    for dialog in window.findChildren(QWidget):
        if dialog.isWindow() and dialog is not window:
            dialog.hide()
    window.hide()
    fresh = make()
    fresh.offer_drafts()
    return fresh


def wait_no_drafts(qtbot, ctx: ServiceContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: tasks.wait_for_idle() or drafts.list_drafts(ctx) == [], timeout=10_000)


def open_file(qtbot, window: MainWindow, pid: int):  # type: ignore[no-untyped-def]
    window.open_record("participants", pid)
    file_view = window.participants_view.file_view
    qtbot.waitUntil(lambda: file_view.data is not None and file_view.participant_id == pid)
    return file_view


def test_wellbeing_plan_survives_a_lock(qtbot, coordinator, windows, asked) -> None:
    pid = make_participant(coordinator, "Hélène", "Durand").id
    window = windows()
    file_view = open_file(qtbot, window, pid)
    tab = file_view.wellbeing_tab
    file_view.tabs.setCurrentWidget(tab)
    tab.reveal()
    qtbot.waitUntil(lambda: tab.revealed)
    tab.what_helps.setPlainText("Marcher le matin")
    assert tab.dirty

    window = lock_and_unlock(qtbot, coordinator, window, windows)
    file_view = window.participants_view.file_view
    tab = file_view.wellbeing_tab
    qtbot.waitUntil(lambda: tab.what_helps.toPlainText() == "Marcher le matin", timeout=10_000)
    from pairdesk.ui.views.participants.file_draft import WELLBEING, describe_form

    assert asked == [describe_form(WELLBEING, "Hélène Durand")]
    assert tab.dirty and tab.revealed and file_view.tabs.currentWidget() is tab
    assert file_view.participant_id == pid
    wait_no_drafts(qtbot, coordinator)


def test_pathway_and_identity_of_one_file_both_come_back(
    qtbot, coordinator, windows, asked
) -> None:
    pid = make_participant(coordinator, "Yanis", "Fictif").id
    window = windows()
    file_view = open_file(qtbot, window, pid)
    file_view.pathway_tab.aspirations.setPlainText("Travailler en bibliothèque")
    file_view.pathway_tab.preferred_hours.setValue(20)
    file_view.identity_tab.city.setText("Quimper")

    keys = {key for key, _view, _payload in window.collect_drafts()}
    assert keys == {f"participant:{pid}", f"pathway:{pid}"}
    window = lock_and_unlock(qtbot, coordinator, window, windows)
    file_view = window.participants_view.file_view
    pathway = file_view.pathway_tab
    qtbot.waitUntil(
        lambda: (
            pathway.aspirations.toPlainText() == "Travailler en bibliothèque"
            and file_view.identity_tab.city.text() == "Quimper"
        ),
        timeout=10_000,
    )
    assert len(asked) == 2
    assert pathway.preferred_hours.value() == 20
    assert pathway.dirty and file_view.identity_tab.dirty
    wait_no_drafts(qtbot, coordinator)
    file_view.save()
    qtbot.waitUntil(lambda: not file_view.is_dirty(), timeout=10_000)
    assert pathways.get_pathway(coordinator, pid).aspirations == "Travailler en bibliothèque"


def test_association_profile_survives_a_lock(qtbot, coordinator, windows, asked) -> None:
    window = windows()
    window.show_page("team_settings")
    page = window.page("team_settings")
    page.tabs.setCurrentWidget(page.association_tab)
    tab = page.association_tab
    qtbot.waitUntil(lambda: tab.profile is not None)
    tab.phone_field.setText("01 02 03 04 05")
    tab.day_boxes[2].setChecked(not tab.day_boxes[2].isChecked())
    ticked = tab.day_boxes[2].isChecked()

    window = lock_and_unlock(qtbot, coordinator, window, windows)
    tab = window.page("team_settings").association_tab
    qtbot.waitUntil(lambda: tab.phone_field.text() == "01 02 03 04 05", timeout=10_000)
    assert tab.day_boxes[2].isChecked() is ticked
    assert tab.dirty and window.current_page_key() == "team_settings"
    wait_no_drafts(qtbot, coordinator)


def test_mock_interview_and_question_survive_a_lock(qtbot, coordinator, windows, asked) -> None:
    coaching.ensure_question_bank(coordinator)
    bank = coaching.list_questions(coordinator)
    window = windows()
    window.show_page("interview_coaching")
    page = window.page("interview_coaching")
    interview = page.interview
    qtbot.waitUntil(lambda: interview.questions.count() == len(bank))
    interview.target_field.setText("Agent de tri")
    interview.questions.item(1).setCheckState(interview.questions.item(1).checkState().Checked)
    interview.comments_field.setPlainText("Bonne posture")
    page.bank.new_question()
    page.bank.text_field.setPlainText("Pourquoi ce poste ?")

    keys = {key for key, _view, _payload in window.collect_drafts()}
    assert keys == {"mock_interview", "question:new"}
    window = lock_and_unlock(qtbot, coordinator, window, windows)
    page = window.page("interview_coaching")
    qtbot.waitUntil(
        lambda: (
            page.interview.comments_field.toPlainText() == "Bonne posture"
            and page.bank.text_field.toPlainText() == "Pourquoi ce poste ?"
        ),
        timeout=10_000,
    )
    assert page.interview.target_field.text() == "Agent de tri"
    assert page.interview.checked_question_ids() == [bank[1].id]
    assert page.interview.is_dirty() and page.bank.is_dirty()
    wait_no_drafts(qtbot, coordinator)


def test_offer_dialog_survives_an_inactivity_lock(qtbot, coordinator, windows, asked) -> None:
    offer = offers.create_offer(coordinator, OfferInput(title="Magasinier"))
    window = windows()
    window.show_page("job_offers")
    catalogue = window.page("job_offers").catalogue
    catalogue._open_form(offer.id)
    dialog = catalogue.dialog
    qtbot.waitUntil(lambda: dialog.title_field.text() == "Magasinier")
    dialog.description_field.setPlainText("Port de charges légères")
    dialog.hours_field.setValue(24.5)

    (key, view, payload), *_ = window.collect_drafts()
    assert (key, view) == (f"offer:{offer.id}", "job_offers")
    assert "Magasinier" in payload[ui_drafts.DESCRIPTION]
    window = lock_and_unlock(qtbot, coordinator, window, windows)
    catalogue = window.page("job_offers").catalogue
    qtbot.waitUntil(
        lambda: (
            catalogue.dialog is not None
            and catalogue.dialog.description_field.toPlainText() == "Port de charges légères"
        ),
        timeout=10_000,
    )
    assert catalogue.dialog.title_field.text() == "Magasinier"
    assert catalogue.dialog.hours_field.value() == 24.5
    assert catalogue.dialog.is_dirty()
    wait_no_drafts(qtbot, coordinator)


def test_inactivity_lock_keeps_an_open_dialog_before_closing_it(
    qtbot, coordinator, windows, monkeypatch
) -> None:
    """The lock closes open dialogs first: their fields are collected before that."""
    window = windows()
    window.show_page("job_offers")
    catalogue = window.page("job_offers").catalogue
    catalogue._open_form(None)
    dialog = catalogue.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.title_field.setText("Agent d'accueil")
    kept: list[list[tuple[str, str, dict[str, object]]]] = []
    monkeypatch.setattr(MainWindow, "_finish_lock", lambda self, **_kw: None)
    monkeypatch.setattr(questions, "ask_unsaved_changes", lambda *a: UnsavedChoice.DISCARD)
    original = MainWindow._collect_for_lock

    def spy(self):  # type: ignore[no-untyped-def]
        result = original(self)
        kept.append(result)
        return result

    monkeypatch.setattr(MainWindow, "_collect_for_lock", spy)
    window.lock_for_inactivity()
    qtbot.waitUntil(lambda: not window._modal_tries and window._locking, timeout=10_000)
    tasks.wait_for_idle()
    qtbot.waitUntil(lambda: bool(drafts.list_drafts(coordinator)), timeout=10_000)
    (stored,) = drafts.list_drafts(coordinator)
    assert stored.key == "offer:new"
    assert stored.payload[ui_drafts.FIELDS]["title"] == "Agent d'accueil"


def test_workshop_dialog_survives_a_lock(qtbot, coordinator, windows, asked) -> None:
    workshop = make_workshop(coordinator, dt.date(2026, 3, 12), place="Salle 1")
    window = windows()
    window.show_page("cv_workshops")
    page = window.page("cv_workshops")
    page._open_dialog(workshop.id)
    dialog = page.workshop_dialog
    qtbot.waitUntil(lambda: dialog.is_loaded)
    dialog.place_field.setText("Salle 2")
    dialog.notes_field.setPlainText("Apporter des CV imprimés")
    dialog.capacity_field.setValue(8)

    window = lock_and_unlock(qtbot, coordinator, window, windows)
    page = window.page("cv_workshops")
    qtbot.waitUntil(
        lambda: (
            page.workshop_dialog is not None
            and page.workshop_dialog.is_loaded
            and page.workshop_dialog.place_field.text() == "Salle 2"
        ),
        timeout=10_000,
    )
    dialog = page.workshop_dialog
    assert dialog.capacity_field.value() == 8
    assert dialog.notes_field.toPlainText() == "Apporter des CV imprimés"
    assert dialog.is_dirty()
    wait_no_drafts(qtbot, coordinator)
    assert workshops.get_workshop(coordinator, workshop.id).place == "Salle 1"


def test_a_draft_of_a_deleted_record_is_reported_and_kept(
    qtbot, coordinator, windows, asked, monkeypatch
) -> None:
    shown: list[str] = []

    def gone(parent, payload) -> bool:  # type: ignore[no-untyped-def]
        shown.append(ui_drafts.readable_text(payload))
        return True  # keep it

    monkeypatch.setattr(ui_drafts, "ask_about_gone_draft", gone)
    workshop = make_workshop(coordinator, dt.date(2026, 3, 12), kind=WorkshopKind.CV)
    window = windows()
    window.show_page("cv_workshops")
    page = window.page("cv_workshops")
    page._open_dialog(workshop.id)
    dialog = page.workshop_dialog
    qtbot.waitUntil(lambda: dialog.is_loaded)
    dialog.notes_field.setPlainText("Note à ne pas perdre")
    found = window.collect_drafts()
    for key, view, payload in found:
        drafts.save_draft(coordinator, key, view, payload)
    dialog.hide()
    window.hide()
    workshops.delete_workshop(coordinator, workshop.id)

    fresh = windows()
    fresh.offer_drafts()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "Note à ne pas perdre" in shown[0]
    tasks.wait_for_idle()
    assert [d.key for d in drafts.list_drafts(coordinator)] == [f"workshop:{workshop.id}"]


def test_generic_fields_read_back_what_they_wrote(qtbot) -> None:
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

    from pairdesk.ui.widgets.date_field import DateField

    parent = QWidget()
    qtbot.addWidget(parent)
    combo = QComboBox(parent)
    combo.addItem("a", "x")
    combo.addItem("b", "y")
    fields: dict[str, QWidget] = {
        "line": QLineEdit(parent),
        "box": QPlainTextEdit(parent),
        "combo": combo,
        "spin": QSpinBox(parent),
        "check": QCheckBox(parent),
        "date": DateField(parent),
    }
    values = {
        "line": "Léa",
        "box": "deux\nlignes",
        "combo": {"data": "y"},
        "spin": 7,
        "check": True,
        "date": "31/02",  # kept as typed, even when it is not a date
    }
    ui_drafts.write_fields(fields, values)
    assert ui_drafts.read_fields(fields) == values
    assert Restored.GONE.value == "gone"


def test_a_change_saved_during_the_lock_is_asked_about_not_overwritten(
    qtbot, coordinator, windows, asked, monkeypatch
) -> None:
    """Locked out mid-edit while someone else saves the same file: the drafts put back
    keep the version their person had read, so saving them asks (identity and pathway),
    where it used to take the version read at the restore and overwrite silently."""
    conflicts = answering(monkeypatch, ConflictChoice.KEEP)
    pid = make_participant(coordinator, "Inès", "Fictive", city="Lyon").id
    window = windows()
    file_view = open_file(qtbot, window, pid)
    file_view.identity_tab.notes.setPlainText("Rappeler lundi")
    file_view.pathway_tab.aspirations.setPlainText("Travailler en bibliothèque")
    found = window.collect_drafts()
    for key, view, payload in found:
        drafts.save_draft(coordinator, key, view, payload)
    window.hide()

    nadia = acting_as(coordinator, "Nadia", Role.FACILITATOR)  # while the window is locked
    theirs = participants.get_participant(nadia, pid)
    participants.update_participant(nadia, pid, _participant_input(theirs, city="Grenoble"))
    pathway = pathways.get_pathway(nadia, pid)
    pathways.update_pathway(
        nadia,
        pid,
        pathways.PathwayInput(aspirations="Espaces verts", edit_version=pathway.edit_version),
    )

    window = windows()
    window.offer_drafts()
    file_view = window.participants_view.file_view
    identity, pathway_tab = file_view.identity_tab, file_view.pathway_tab
    qtbot.waitUntil(
        lambda: (
            identity.notes.toPlainText() == "Rappeler lundi"
            and pathway_tab.aspirations.toPlainText() == "Travailler en bibliothèque"
        ),
        timeout=10_000,
    )
    wait_no_drafts(qtbot, coordinator)
    file_view.reload(force=False)  # read again meanwhile: the forms keep the drafts' versions
    tasks.wait_for_idle()
    file_view.save()  # the identity first: asked, kept (the pathway waits for it)
    qtbot.waitUntil(lambda: len(conflicts) == 1, timeout=10_000)
    _what, lines, _can_overwrite = conflicts[0]
    assert any("Grenoble" in line for line in lines)  # their city, named
    file_view.pathway_tab.save_details(lambda: None, lambda: None)
    qtbot.waitUntil(lambda: len(conflicts) == 2, timeout=10_000)
    assert any("Espaces verts" in line for line in conflicts[1][1])
    tasks.wait_for_idle()
    assert participants.get_participant(coordinator, pid).city == "Grenoble"  # theirs, kept
    assert pathways.get_pathway(coordinator, pid).aspirations == "Espaces verts"
    assert identity.dirty and pathway_tab.dirty  # mine still shown, not lost
