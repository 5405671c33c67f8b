"""The last forms on the kit (issue 11): typed times in the workshop form, impossible
values refused beside the field, the CV editor's draft surviving a lock, the share dialog
saying beside the picker that nobody is chosen, "new" starting fresh."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QWidget

from pairdesk.domain.enums import CvSection, Role
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, ngettext
from pairdesk.services import cvs, drafts, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.cvs import CvInput
from pairdesk.ui import tasks
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.offers.offer_form import ShareDialog
from pairdesk.ui.views.workshop_form import WorkshopDialog
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.tick_list import TickList
from pairdesk.ui.widgets.time_field import TimeField, read_typed_time
from tests.factories import acting_as, insert_participant, make_participant


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14h30", dt.time(14, 30)),
        ("14H", dt.time(14, 0)),
        ("14:30", dt.time(14, 30)),
        ("1430", dt.time(14, 30)),
        ("930", dt.time(9, 30)),
        ("9", dt.time(9, 0)),
        (" 8.05 ", dt.time(8, 5)),
        ("", None),
    ],
)
def test_times_are_read_as_people_type_them(typed: str, expected: dt.time | None) -> None:
    assert read_typed_time(typed) == expected


@pytest.mark.parametrize("typed", ["25h", "14h75", "2400", "midi", "14:3:0"])
def test_impossible_times_are_refused_in_words(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_typed_time(typed)
    assert typed.strip() in refused.value.message


def test_time_field_refuses_beside_itself_and_keeps_what_was_typed(qtbot) -> None:
    field = TimeField(default=dt.time(14, 0))
    qtbot.addWidget(field)
    assert field.text() == "14:00" and field.raw_value() == "14:00"
    field.set_text("1430")
    field.check()
    assert field.text() == "14:30" and field.time() == dt.time(14, 30)
    field.set_text("14h75")
    field.check()
    assert field.text() == "14h75"  # never corrected
    assert field.message.message and not field.message.isHidden()
    with pytest.raises(InvalidInput):
        field.value()
    field.set_raw_value("9h")  # a draft put back: read at once
    assert field.text() == "09:00" and field.message.message == ""


def test_tick_list_keeps_ticks_asked_before_its_items(qtbot) -> None:
    ticks = TickList()
    qtbot.addWidget(ticks)
    ticks.set_raw_value("3,5")  # a draft put back while the list is still being read
    assert ticks.value() == (3, 5)
    ticks.set_items([(3, "Louis"), (4, "Camille"), (5, "Inès")])
    assert ticks.value() == (3, 5) and ticks.raw_value() == "3,5"
    ticks.set_value({4})
    assert ticks.value() == (4,)


@pytest.fixture
def coordinator(ctx: ServiceContext) -> ServiceContext:
    return acting_as(ctx, "Louis", Role.COORDINATOR, "Exemple")


def test_workshop_times_are_typed_and_an_impossible_one_is_refused(
    qtbot, coordinator: ServiceContext
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    dialog = WorkshopDialog(coordinator, window)
    assert isinstance(dialog, FormDialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_loaded, timeout=10_000)
    assert not dialog.is_dirty()
    dialog.title_field.setText("Atelier CV")
    dialog.date_field.set_text("31/02/2026")
    dialog.start_field.set_text("25h")
    dialog.submit()
    tasks.wait_for_idle()
    assert dialog.isVisible() and workshops.list_workshops(coordinator) == []
    assert dialog.date_field.text() == "31/02/2026"  # never clamped to 28/02
    assert dialog.date_field.message.message
    dialog.date_field.set_text("0312")
    dialog.submit()
    tasks.wait_for_idle()
    assert dialog.start_field.message.message and dialog.start_field.text() == "25h"
    dialog.start_field.set_text("9h30")
    dialog.end_field.set_text("1130")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    [row] = workshops.list_workshops(coordinator)
    detail = workshops.get_workshop(coordinator, row.id)
    assert (detail.starts_at, detail.ends_at) == (dt.time(9, 30), dt.time(11, 30))
    assert detail.held_on == dt.date(coordinator.today().year, 12, 3)


def test_share_dialog_says_beside_the_picker_that_nobody_is_chosen(
    qtbot, coordinator: ServiceContext
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    dialog = ShareDialog(coordinator, "Magasinier", window)
    assert isinstance(dialog, FormDialog)
    dialog.show()
    tasks.wait_for_idle()
    chosen: list[tuple[int, str]] = []
    dialog.chosen.connect(lambda pid, name: chosen.append((pid, name)))
    dialog.submit()
    assert "participant_id" in dialog.form.shown_errors() and dialog.isVisible()
    assert chosen == []


def test_new_question_starts_fresh_after_an_edited_one(qtbot, coordinator, monkeypatch) -> None:
    window = MainWindow(coordinator)
    qtbot.addWidget(window)
    window.show()
    window.show_page("interview_coaching")
    bank = window.page("interview_coaching").bank
    bank.category_field.setCurrentIndex(2)
    bank.text_field.setPlainText("Pourquoi ce poste ?")
    assert bank.is_dirty()
    monkeypatch.setattr(
        questions, "ask_unsaved_changes", lambda *a: questions.UnsavedChoice.DISCARD
    )
    bank.new_question()
    assert bank.text_field.toPlainText() == "" and bank.category_field.currentIndex() == 0
    assert not bank.is_dirty() and bank.form.shown_errors() == {}
    tasks.wait_for_idle()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PEER_HELPER])
def test_a_cv_being_written_survives_a_lock(qtbot, coordinator, monkeypatch, role) -> None:
    """For a pair-aidant too, who works on the CVs of people they do not tutor: their
    draft was never restored (the person's file was read to put it back)."""
    pid = make_participant(coordinator, "Hélène", "Durand").id
    cvs.save_cv_version(coordinator, pid, CvInput(headline="Agent de tri"), "")
    if role is Role.PEER_HELPER:
        coordinator = acting_as(coordinator, "Sigríður", Role.PEER_HELPER)
    monkeypatch.setattr(questions, "ask_restore_draft", lambda *a: questions.DraftChoice.RESTORE)
    window = MainWindow(coordinator)
    qtbot.addWidget(window)
    window.show()
    window.show_page("cv_workshops")
    page = window.page("cv_workshops")
    page.tabs.setCurrentWidget(page.cv_panel)
    panel = page.cv_panel
    panel.search_field.setText("Durand")
    panel.find_people()
    qtbot.waitUntil(lambda: panel.people_model.rowCount() == 1, timeout=10_000)
    panel.people_table.selectRow(0)
    qtbot.waitUntil(lambda: panel.participant is not None, timeout=10_000)
    qtbot.waitUntil(lambda: panel.editors[next(iter(panel.editors))].toPlainText() != "")
    skills = panel.editors[CvSection.SKILLS]
    skills.setPlainText("Cariste\nAccueil")
    assert panel.is_dirty()

    found = window.collect_drafts()
    assert [key for key, _v, _p in found] == [f"cv:{pid}"]
    for key, view, payload in found:
        drafts.save_draft(coordinator, key, view, payload)
    window.hide()
    tasks.wait_for_idle()

    fresh = MainWindow(coordinator)
    qtbot.addWidget(fresh)
    fresh.show()
    tasks.wait_for_idle()
    fresh.offer_drafts()
    panel = fresh.page("cv_workshops").cv_panel
    skills = panel.editors[CvSection.SKILLS]
    qtbot.waitUntil(lambda: skills.toPlainText() == "Cariste\nAccueil", timeout=10_000)
    assert panel.participant is not None and panel.participant.id == pid
    assert panel.is_dirty() and fresh.current_page_key() == "cv_workshops"
    qtbot.waitUntil(
        lambda: tasks.wait_for_idle() or drafts.list_drafts(coordinator) == [], timeout=10_000
    )
    assert cvs.latest_cv(coordinator, pid).content.skills == ""  # nothing saved meanwhile


def test_the_picker_says_what_it_shows_when_nothing_is_searched(
    qtbot, coordinator: ServiceContext
) -> None:
    """« 50 résultats ou plus » stood beside an empty field (a tester's finding): with
    nothing typed, the list holds the first people, and the label says so."""
    from pairdesk.ui.widgets.participant_picker import PICKER_LIMIT, ParticipantPicker

    for number in range(PICKER_LIMIT + 1):
        insert_participant(coordinator, "Test", f"Personne{number:02d}")
    insert_participant(coordinator, "Unique", "Zébulon")
    picker = ParticipantPicker(coordinator, "Test")
    qtbot.addWidget(picker)
    picker.search()
    tasks.wait_for_idle()
    assert picker.count_label.text() == _("the first {count}: type a name").format(
        count=PICKER_LIMIT
    )
    picker.search_field.setText("Personne")
    picker.search()
    tasks.wait_for_idle()
    assert picker.count_label.text() == _("{count}+ found").format(count=PICKER_LIMIT)
    picker.search_field.setText("Zébulon")
    picker.search()
    tasks.wait_for_idle()
    assert picker.count_label.text() == ngettext("{count} found", "{count} found", 1).format(
        count=1
    )
