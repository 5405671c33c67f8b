"""Issue 15 leftovers in the window: "Summary for an employer…" from the participant's
file, deleting a contact with an employer, and the months without contact after which an
employer is followed up."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from pairdesk.domain.employers import Disclosure, InteractionKind
from pairdesk.domain.enums import Role, WorkshopKind
from pairdesk.i18n import _
from pairdesk.services import employer_file, employer_relations, employers
from pairdesk.services.context import ServiceContext
from pairdesk.services.employer_relations import InteractionInput
from pairdesk.services.employers import EmployerInput
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.employers.printing import EmployerSummaryDialog, what_the_summary_shows
from pairdesk.ui.views.workshop_form import FACILITATOR_ROWS_SHOWN, WorkshopDialog
from pairdesk.ui.widgets import questions
from tests.factories import acting_as, make_member, make_participant
from tests.ui.test_employers_view import directory, open_page

__all__ = ["directory"]  # the fixture, shared with the employers page's tests


def _summary_dialog(qtbot, window: MainWindow, pid: int) -> EmployerSummaryDialog:  # type: ignore[no-untyped-def]
    page = window.participants_view
    window.open_record("participants", pid)
    qtbot.waitUntil(
        lambda: page.file_view.data is not None and page.file_view.data.detail.id == pid,
        timeout=5000,
    )
    page.file_view.print_employer_action.trigger()
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, EmployerSummaryDialog) and w.isVisible()
    ]
    assert len(found) == 1
    dialog = found[0]
    qtbot.waitUntil(lambda: dialog.shows_label.text() != "", timeout=5000)
    return dialog


def test_summary_for_an_employer_from_the_participant_file(qtbot, ctx, directory) -> None:
    window, _page = open_page(qtbot, ctx)
    dialog = _summary_dialog(qtbot, window, directory["alix"])
    qtbot.waitUntil(lambda: dialog.employer_combo.count() == 1, timeout=5000)
    assert dialog.employer_combo.currentData() == directory["bakery"]
    assert Disclosure.WITH_SUPPORT.label in dialog.employer_combo.currentText()
    assert dialog.shows_label.text() == what_the_summary_shows(Disclosure.WITH_SUPPORT)
    assert dialog.preview_button.isEnabled()
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    preview = dialog.preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=15000)
    assert not preview.data.neutral  # Alix told the bakery, with the peer helper's support
    assert preview.data.employer_name == "Boulangérie Fictive"
    preview.reject()


def test_a_person_who_told_nothing_gets_the_neutral_profile(qtbot, ctx, directory) -> None:
    window, _page = open_page(qtbot, ctx)
    dialog = _summary_dialog(qtbot, window, directory["bastien"])
    qtbot.waitUntil(lambda: dialog.employer_combo.count() == 1, timeout=5000)
    assert dialog.shows_label.text() == what_the_summary_shows(None)
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    preview = dialog.preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=15000)
    assert preview.data.neutral
    preview.reject()


def test_a_person_without_employer_cannot_preview(qtbot, ctx, directory) -> None:
    lone = make_participant(ctx, "Cy", "Seul").id
    window, _page = open_page(qtbot, ctx)
    dialog = _summary_dialog(qtbot, window, lone)
    assert tasks.wait_for_idle(10)  # the person's employers are read: none
    assert dialog.shows_label.text() != _("Reading the person's employers…")
    assert dialog.employer_combo.count() == 0
    assert not dialog.preview_button.isEnabled()
    dialog.reject()


def test_a_contact_with_the_employer_is_deleted_after_a_question(
    qtbot, ctx, directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day, kind in (
        (dt.date(2026, 10, 1), InteractionKind.VISIT),
        (dt.date(2026, 11, 2), InteractionKind.PHONE_CALL),
    ):
        employer_relations.record_interaction(
            ctx, directory["garage"], InteractionInput(occurred_on=day, kind=kind)
        )
    _window, page = open_page(qtbot, ctx)
    tab = page.directory
    tab.open_employer(directory["garage"])
    panel = tab.file_panel
    qtbot.waitUntil(lambda: panel.interactions_model.rowCount() == 2, timeout=5000)
    panel.tabs.setCurrentIndex(3)
    assert not panel.delete_interaction_button.isEnabled()
    row = next(
        r for r in range(2) if panel.interactions_model.rows[r].kind is InteractionKind.VISIT
    )
    panel.interactions_table.selectRow(row)
    assert panel.delete_interaction_button.isEnabled()
    asked: list[str] = []

    def answer(yes: bool):  # type: ignore[no-untyped-def]
        def confirm(_parent, _title, text, *_a, **_k) -> bool:  # type: ignore[no-untyped-def]
            asked.append(text)
            return yes

        return confirm

    monkeypatch.setattr(questions, "confirm", answer(False))
    qtbot.mouseClick(panel.delete_interaction_button, Qt.MouseButton.LeftButton)
    assert "01/10/2026" in asked[0] and "Garage Essai" in asked[0]
    assert len(employer_file.employer_file(ctx, directory["garage"]).interactions) == 2
    monkeypatch.setattr(questions, "confirm", answer(True))
    qtbot.mouseClick(panel.delete_interaction_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.interactions_model.rowCount() == 1, timeout=5000)
    left = employer_file.employer_file(ctx, directory["garage"]).interactions
    assert [i.kind for i in left] == [InteractionKind.PHONE_CALL]


def test_a_volunteer_cannot_delete_a_contact(qtbot, ctx, directory) -> None:
    employer_relations.record_interaction(
        ctx,
        directory["garage"],
        InteractionInput(occurred_on=dt.date(2026, 10, 1), kind=InteractionKind.VISIT),
    )
    _window, page = open_page(qtbot, acting_as(ctx, "Nadia", Role.VOLUNTEER))
    panel = page.directory.file_panel
    page.directory.open_employer(directory["garage"])
    qtbot.waitUntil(lambda: panel.interactions_model.rowCount() == 1, timeout=5000)
    panel.interactions_table.selectRow(0)
    assert not panel.delete_interaction_button.isEnabled()


def test_the_months_without_contact_are_set_in_the_directory(
    qtbot, ctx: ServiceContext, directory
) -> None:
    employer_file.set_contact_months(ctx, 9)
    _window, page = open_page(qtbot, ctx)
    tab = page.directory
    qtbot.waitUntil(lambda: tab.months_spin.value() == 9, timeout=5000)
    assert tab.months_spin.isEnabled()
    tab.months_spin.setValue(3)
    qtbot.mouseClick(tab.months_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: employer_file.get_contact_months(ctx) == 3, timeout=5000)


def test_only_a_coordinator_sets_the_months(qtbot, ctx, directory) -> None:
    peer = acting_as(ctx, "Paul", Role.PEER_HELPER)
    _window, page = open_page(qtbot, peer)
    tab = page.directory
    assert not tab.months_spin.isEnabled() and not tab.months_button.isEnabled()
    assert tab.months_spin.value() == employer_file.EMPLOYER_CONTACT_MONTHS


# -- the awareness-session form at 200 % (its company and its facilitators) -------------
LONG_NAME = "Etablissement et Service d'Accompagnement par le Travail Les Ateliers du Grand Pre"


def _workshop_dialog(qtbot, ctx: ServiceContext, parent: QWidget) -> WorkshopDialog:  # type: ignore[no-untyped-def]
    dialog = WorkshopDialog(ctx, parent, kind=WorkshopKind.AWARENESS)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_loaded, timeout=5000)
    return dialog


def test_a_long_company_name_is_said_whole_under_the_box(qtbot, ctx: ServiceContext) -> None:
    workshop_ctx = ctx
    long_id = employers.create_employer(ctx, EmployerInput(name=LONG_NAME, town="Vienne")).id
    short_id = employers.create_employer(ctx, EmployerInput(name="Bar Zinc")).id
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = _workshop_dialog(qtbot, workshop_ctx, parent)
    dialog.resize(420, 600)  # narrower than the name, as at 200 % text
    picker = dialog.awareness_employer
    picker.set_employer(long_id, LONG_NAME)
    qtbot.waitUntil(lambda: picker.employer_id() == long_id, timeout=5000)
    qtbot.waitUntil(lambda: picker.full_text.isVisible(), timeout=5000)
    assert picker.full_text.text() == f"{LONG_NAME} (Vienne)"
    assert picker.results.toolTip() == f"{LONG_NAME} (Vienne)"
    picker.set_employer(short_id, "Bar Zinc")
    qtbot.waitUntil(lambda: picker.employer_id() == short_id, timeout=5000)
    assert not picker.full_text.isVisible()
    dialog.form.mark_clean()
    dialog.reject()


def test_the_facilitators_checklist_shows_whole_rows(qtbot, ctx: ServiceContext) -> None:
    for i in range(10):
        make_member(ctx, f"Membre{i}", "Equipe", Role.FACILITATOR)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = _workshop_dialog(qtbot, ctx, parent)
    checklist = dialog.facilitators_list
    count = checklist.count()
    assert count == 10 < FACILITATOR_ROWS_SHOWN
    viewport = checklist.viewport().rect()
    for row in range(count):  # every member seen, none cut
        assert viewport.contains(checklist.visualItemRect(checklist.item(row)))
    # a bigger font (the text size changed while the form is open) keeps whole rows
    font = dialog.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    dialog.setFont(font)
    qtbot.waitUntil(lambda: checklist.height() >= count * checklist.sizeHintForRow(0), timeout=5000)
    viewport = checklist.viewport().rect()
    last = checklist.visualItemRect(checklist.item(count - 1))
    assert viewport.contains(last) or checklist.horizontalScrollBar().isVisible()
    dialog.form.mark_clean()
    dialog.reject()
