"""The "Employers" page (issue 15): the directory, an employer's file, contacts with the
employer (refused when the person did not disclose), names to confirm, and the page
opened from a follow-up of "Today"."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from pairdesk.domain.employers import (
    AccommodationKind,
    AccommodationOutcome,
    Disclosure,
    EmployerKind,
    InteractionKind,
    ToConfirmReason,
)
from pairdesk.domain.enums import ContractType, Role
from pairdesk.i18n import _
from pairdesk.services import contracts, employer_file, employer_relations, employers, offers
from pairdesk.services.context import ServiceContext
from pairdesk.services.contracts import ContractInput
from pairdesk.services.employer_relations import AccommodationInput
from pairdesk.services.employers import ContactInput, EmployerInput
from pairdesk.services.offers import OfferInput
from pairdesk.store.models import EmployerToConfirm
from pairdesk.ui import tasks
from pairdesk.ui.main_window import PAGES, MainWindow
from pairdesk.ui.views.employers.view import EmployersPage
from pairdesk.ui.widgets import questions
from tests.factories import acting_as, make_participant

TODAY = dt.date(2026, 11, 25)  # the ctx fixture's today


@pytest.fixture
def directory(ctx: ServiceContext) -> dict[str, int]:
    """Three employers; the bakery has a contact person, an open offer, and Alix placed
    (disclosed with support, one accommodation that worked); Bastien's contract at the
    garage has no disclosure recorded."""
    bakery = employers.create_employer(
        ctx,
        EmployerInput(
            name="Boulangérie Fictive",
            town="Lyon",
            sector="Alimentation",
            open_to_mental_health=True,
            next_step="Rappeler la gérante",
            next_step_on=dt.date(2026, 12, 3),
        ),
    ).id
    garage = employers.create_employer(ctx, EmployerInput(name="Garage Essai", town="Vienne")).id
    esat = employers.create_employer(
        ctx, EmployerInput(name="ESAT Les Ateliers", town="Lyon", kind=EmployerKind.ESAT)
    ).id
    employers.add_contact(ctx, bakery, ContactInput(name="Mme Gérante", role="Gérante"))
    offers.create_offer(ctx, OfferInput(title="Vendeur", employer_id=bakery))
    alix = make_participant(ctx, "Alix", "Test").id
    bastien = make_participant(ctx, "Bastien", "Test").id
    c1 = contracts.add_contract(
        ctx,
        alix,
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDI,
            job_title="Vendeuse",
            started_on=dt.date(2026, 6, 1),
            employer_id=bakery,
        ),
    ).id
    employer_relations.set_disclosure(ctx, Disclosure.WITH_SUPPORT, contract_id=c1)
    employer_relations.add_accommodation(
        ctx,
        c1,
        AccommodationInput(
            AccommodationKind.BREAKS, "Deux pauses", None, AccommodationOutcome.WORKED
        ),
    )
    c2 = contracts.add_contract(
        ctx,
        bastien,
        ContractInput(
            hours_per_week=24.0,
            contract_type=ContractType.CDD,
            job_title="Mécanicien",
            started_on=dt.date(2026, 9, 1),
            employer_id=garage,
        ),
    ).id
    return {
        "bakery": bakery,
        "garage": garage,
        "esat": esat,
        "alix": alix,
        "bastien": bastien,
        "c1": c1,
        "c2": c2,
    }


def open_page(qtbot, ctx: ServiceContext) -> tuple[MainWindow, EmployersPage]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.show_page("employers")
    page = window.page("employers")
    assert isinstance(page, EmployersPage)
    assert tasks.wait_for_idle(10)
    return window, page


def names(page: EmployersPage) -> list[str]:
    return [r.name for r in page.directory.model.rows]


def test_the_page_is_ctrl_9_and_lists_the_directory(qtbot, ctx, directory) -> None:
    assert [p.key for p in PAGES].index("employers") == 8  # Ctrl+9
    window, page = open_page(qtbot, ctx)
    tab = page.directory
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    assert names(page) == ["Boulangérie Fictive", "ESAT Les Ateliers", "Garage Essai"]
    bakery = tab.model.rows[0]
    assert (bakery.open_offers, bakery.people_placed) == (1, 1)
    assert tab.count_label.text()
    window.show_page("today")
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "employers"
    assert window.focusWidget() is tab.table


def test_search_ignores_accents_and_filters_by_kind_and_town(qtbot, ctx, directory) -> None:
    _window, page = open_page(qtbot, ctx)
    tab = page.directory
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    tab.search_field.setText("BOULANGERIE")  # typed without the accent
    qtbot.waitUntil(lambda: names(page) == ["Boulangérie Fictive"], timeout=5000)
    tab.search_field.clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=5000)
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData(EmployerKind.ESAT.value))
    qtbot.waitUntil(lambda: names(page) == ["ESAT Les Ateliers"], timeout=5000)
    tab.kind_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=5000)
    towns = [tab.town_combo.itemText(i) for i in range(tab.town_combo.count())]
    assert towns[1:] == ["Lyon", "Vienne"]
    tab.town_combo.setCurrentIndex(tab.town_combo.findText("Lyon"))
    assert names(page) == ["Boulangérie Fictive", "ESAT Les Ateliers"]


def test_a_new_employer_with_its_first_contact(qtbot, ctx, directory) -> None:
    _window, page = open_page(qtbot, ctx)
    tab = page.directory
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.contact_fields["contact_role"].setText("RH")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.form.shown_errors()), timeout=5000)
    assert set(dialog.form.shown_errors()) == {"contact_name"}  # asked before anything is saved
    dialog.name_field.setText("Mairie de Test")
    dialog.contact_fields["contact_name"].setText("M. Accueil")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: "Mairie de Test" in names(page), timeout=5000)
    row = next(r for r in employers.list_employers(ctx) if r.name == "Mairie de Test")
    assert [c.name for c in employers.list_contacts(ctx, row.id)] == ["M. Accueil"]


def test_the_employer_file_shows_offers_placements_and_accommodations(
    qtbot, ctx, directory
) -> None:
    _window, page = open_page(qtbot, ctx)
    tab = page.directory
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    panel = tab.file_panel
    qtbot.waitUntil(lambda: panel.data is not None, timeout=5000)
    assert tab.stack.currentWidget() is panel
    assert panel.title.text() == "Boulangérie Fictive"
    assert "Lyon" in panel.facts.text() and "Rappeler la gérante" in panel.next_step.text()
    assert [c.name for c in panel.contacts_model.rows] == ["Mme Gérante"]
    assert [o.title for o in panel.offers_model.rows] == ["Vendeur"]
    placed = panel.placements_model.rows
    assert [p.person for p in placed] == ["Alix Test"]
    assert placed[0].disclosure is Disclosure.WITH_SUPPORT
    assert not panel.hidden_note.isVisible()
    cells = [panel.placements_model.index(0, c).data() for c in range(7)]
    assert cells[0] == "Alix Test"
    assert Disclosure.WITH_SUPPORT.label in cells
    assert any(AccommodationKind.BREAKS.label in (c or "") for c in cells)
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert tab.stack.currentIndex() == 0


def test_a_volunteer_sees_the_company_but_not_who_was_placed(qtbot, ctx, directory) -> None:
    volunteer = acting_as(ctx, "Nadia", Role.VOLUNTEER)
    _window, page = open_page(qtbot, volunteer)
    tab = page.directory
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    assert not tab.add_button.isEnabled()
    tab.open_employer(directory["bakery"])
    panel = tab.file_panel
    qtbot.waitUntil(lambda: panel.data is not None, timeout=5000)
    assert panel.placements_model.index(0, 0).data() == _("A person placed")
    assert all("Alix" not in (panel.placements_model.index(0, c).data() or "") for c in range(7))
    assert panel.hidden_note.isVisible()
    panel.placements_table.selectRow(0)
    assert not panel.disclosure_button.isEnabled()
    assert not panel.contact_button.isEnabled() and not panel.edit_button.isEnabled()


def test_a_contact_about_a_person_who_did_not_disclose_is_refused(qtbot, ctx, directory) -> None:
    _window, page = open_page(qtbot, ctx)
    tab = page.directory
    tab.open_employer(directory["garage"])
    panel = tab.file_panel
    qtbot.waitUntil(lambda: panel.data is not None, timeout=5000)
    qtbot.mouseClick(panel.contact_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    person = dialog.person_field  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: person.results.findData(directory["bastien"]) >= 0, timeout=5000)
    person.select(directory["bastien"])
    dialog.kind_combo.setCurrentIndex(  # type: ignore[attr-defined]
        dialog.kind_combo.findData(InteractionKind.RETENTION_FOLLOW_UP.value)  # type: ignore[attr-defined]
    )
    dialog.text_field.setPlainText("Point sur le poste")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.form.shown_errors()), timeout=5000)
    errors = dialog.form.shown_errors()
    assert list(errors) == ["participant_id"]
    assert errors["participant_id"] == str(employer_relations.not_disclosed_refusal())
    assert dialog.isVisible()
    assert employer_file.employer_file(ctx, directory["garage"]).interactions == ()

    # without naming the person, the contact is recorded
    person.select(None)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: panel.interactions_model.rowCount() == 1, timeout=5000)
    saved = employer_file.employer_file(ctx, directory["garage"]).interactions
    assert [(i.kind, i.participant_id) for i in saved] == [
        (InteractionKind.RETENTION_FOLLOW_UP, None)
    ]


def test_the_disclosure_choice_is_changed_from_the_file(qtbot, ctx, directory) -> None:
    _window, page = open_page(qtbot, ctx)
    tab = page.directory
    tab.open_employer(directory["garage"])
    panel = tab.file_panel
    qtbot.waitUntil(lambda: panel.placements_model.rowCount() == 1, timeout=5000)
    assert panel.placements_model.rows[0].disclosure is None
    panel.placements_table.selectRow(0)
    assert panel.disclosure_button.isEnabled()
    qtbot.mouseClick(panel.disclosure_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None
    combo = dialog.choice_combo  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData(Disclosure.RQTH_ONLY.value))
    dialog.date_field.set_date(dt.date(2026, 11, 20))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(
        lambda: (
            panel.placements_model.rows
            and panel.placements_model.rows[0].disclosure is Disclosure.RQTH_ONLY
        ),
        timeout=5000,
    )
    history = employer_relations.disclosure_history(ctx, contract_id=directory["c2"])
    assert [(h.choice, h.chosen_on) for h in history] == [
        (Disclosure.RQTH_ONLY, dt.date(2026, 11, 20))
    ]


def test_the_disclosure_dialog_shows_the_history(qtbot, ctx, directory) -> None:
    employer_relations.set_disclosure(
        ctx, Disclosure.NOT_DISCLOSED, contract_id=directory["c2"], chosen_on=dt.date(2026, 9, 1)
    )
    employer_relations.set_disclosure(
        ctx, Disclosure.RQTH_ONLY, contract_id=directory["c2"], chosen_on=dt.date(2026, 10, 5)
    )
    _window, page = open_page(qtbot, ctx)
    panel = _open_file(qtbot, page, directory["garage"])
    panel.placements_table.selectRow(0)
    qtbot.mouseClick(panel.disclosure_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None
    history = dialog.history_model  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: history.rowCount() == 2, timeout=5000)
    assert [history.index(r, 1).data() for r in range(2)] == [
        Disclosure.NOT_DISCLOSED.label,
        Disclosure.RQTH_ONLY.label,
    ]
    assert history.index(1, 0).data() == "05/10/2026"
    dialog.reject()


def _open_file(qtbot, page: EmployersPage, employer_id: int):  # type: ignore[no-untyped-def]
    tab = page.directory
    tab.open_employer(employer_id)
    panel = tab.file_panel
    qtbot.waitUntil(lambda: panel.placements_model.rowCount() >= 1, timeout=5000)
    return panel


def test_accommodations_are_added_changed_and_removed(qtbot, ctx, directory, monkeypatch) -> None:
    _window, page = open_page(qtbot, ctx)
    panel = _open_file(qtbot, page, directory["bakery"])
    panel.placements_table.selectRow(0)
    qtbot.mouseClick(panel.accommodation_button, Qt.MouseButton.LeftButton)
    listing = panel.list_dialog
    assert listing is not None
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=5000)
    # change it: it did not work after all
    listing.table.selectRow(0)
    qtbot.mouseClick(listing.change_button, Qt.MouseButton.LeftButton)
    form = listing.dialog
    assert form is not None and form.details_field.toPlainText() == "Deux pauses"  # type: ignore[attr-defined]
    outcome = form.outcome_combo  # type: ignore[attr-defined]
    outcome.setCurrentIndex(outcome.findData(AccommodationOutcome.DID_NOT_WORK.value))
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: listing.model.rows[0].outcome is AccommodationOutcome.DID_NOT_WORK, timeout=5000
    )
    # add a second one
    qtbot.mouseClick(listing.add_button, Qt.MouseButton.LeftButton)
    form = listing.dialog
    kind = form.kind_combo  # type: ignore[attr-defined]
    kind.setCurrentIndex(kind.findData(AccommodationKind.QUIET_PLACE.value))
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 2, timeout=5000)
    # the file follows
    qtbot.waitUntil(lambda: len(panel.placements_model.rows[0].accommodations) == 2, timeout=5000)
    # remove the first
    monkeypatch.setattr(questions, "confirm", lambda *_a, **_k: True)
    listing.table.selectRow(0)
    qtbot.mouseClick(listing.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=5000)
    assert [a.kind for a in employer_relations.list_accommodations(ctx, directory["c1"])] == [
        AccommodationKind.QUIET_PLACE
    ]
    listing.accept()


def test_a_contract_moves_to_a_new_employer_created_inline(qtbot, ctx, directory) -> None:
    _window, page = open_page(qtbot, ctx)
    panel = _open_file(qtbot, page, directory["garage"])
    panel.placements_table.selectRow(0)
    qtbot.mouseClick(panel.move_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None
    picker = dialog.picker  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: picker.employer_id() == directory["garage"], timeout=5000)
    picker.search_field.setText("Garage Nouveau")
    picker.search()
    qtbot.waitUntil(lambda: picker.is_new(), timeout=5000)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: panel.placements_model.rowCount() == 0, timeout=5000)
    moved = employers.list_employers(ctx, "garage nouveau")
    assert [e.name for e in moved] == ["Garage Nouveau"]
    assert (
        employer_file.employer_file(ctx, moved[0].id).placements[0].contract_id == (directory["c2"])
    )


def test_print_for_the_employer_opens_the_preview(qtbot, ctx, directory) -> None:
    _window, page = open_page(qtbot, ctx)
    panel = _open_file(qtbot, page, directory["garage"])
    panel.placements_table.selectRow(0)
    assert panel.print_button.isEnabled()
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    preview = panel.preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=10000)
    assert preview.data.neutral  # Bastien told the garage nothing
    preview.reject()


def test_a_share_disclosure_is_recorded_from_the_offers_tab(qtbot, ctx, directory) -> None:
    from pairdesk.services import offer_shares

    offer = employer_file.employer_file(ctx, directory["bakery"]).open_offers[0].id
    share = offer_shares.share_offer(ctx, offer, directory["bastien"]).id
    _window, page = open_page(qtbot, ctx)
    panel = _open_file(qtbot, page, directory["bakery"])
    panel.tabs.setCurrentIndex(1)
    assert not panel.shares_button.isEnabled()
    panel.offers_table.selectRow(0)
    qtbot.mouseClick(panel.shares_button, Qt.MouseButton.LeftButton)
    listing = panel.list_dialog
    assert listing is not None
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=5000)
    assert listing.model.index(0, 0).data() == "Bastien Test"
    assert listing.model.index(0, 2).data() == _("Not recorded (counts as not disclosed)")
    listing.table.selectRow(0)
    qtbot.mouseClick(listing.disclosure_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    dialog = listing.dialog  # type: ignore[attr-defined]
    combo = dialog.choice_combo
    combo.setCurrentIndex(combo.findData(Disclosure.WITH_SUPPORT.value))
    dialog.date_field.set_date(dt.date(2026, 11, 24))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            listing.model.rowCount() == 1
            and listing.model.rows[0].disclosure is Disclosure.WITH_SUPPORT
        ),
        timeout=5000,
    )
    history = employer_relations.disclosure_history(ctx, offer_share_id=share)
    assert [(h.choice, h.chosen_on) for h in history] == [
        (Disclosure.WITH_SUPPORT, dt.date(2026, 11, 24))
    ]
    # the summary for the employer follows the choice made on the share
    listing.table.selectRow(0)
    qtbot.mouseClick(listing.print_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    preview = listing.preview  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=10000)
    assert not preview.data.neutral and preview.data.choice is Disclosure.WITH_SUPPORT
    preview.reject()
    listing.accept()


def test_today_opens_the_employer_file(qtbot, ctx, directory) -> None:
    window, page = open_page(qtbot, ctx)
    window.show_page("today")
    window.open_record("employers", directory["esat"])
    assert window.current_page_key() == "employers"
    panel = page.directory.file_panel
    qtbot.waitUntil(lambda: panel.data is not None, timeout=5000)
    assert panel.title.text() == "ESAT Les Ateliers"
    assert page.main_list() is panel.back_button


def test_a_name_left_to_confirm_is_linked(qtbot, ctx, directory, monkeypatch) -> None:
    offer = offers.create_offer(ctx, OfferInput(title="Plongeur", employer="")).id
    with ctx.transaction() as s:
        s.add(
            EmployerToConfirm(
                entity="job_offer",
                record_id=offer,
                typed_name="Garage",
                reason=ToConfirmReason.SEVERAL_TOWNS.value,
                details="Lyon, Vienne",
            )
        )
    _window, page = open_page(qtbot, ctx)
    tab = page.to_confirm
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    assert "1" in page.tabs.tabText(1)
    page.tabs.setCurrentWidget(tab)
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.resolve_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    picker = dialog.picker
    qtbot.waitUntil(lambda: picker.results.findData(directory["garage"]) >= 0, timeout=5000)
    picker.results.setCurrentIndex(picker.results.findData(directory["garage"]))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=5000)
    assert offers.get_offer(ctx, offer).employer == "Garage Essai"
    assert page.tabs.tabText(1) == _("To confirm")


def test_deactivating_asks_then_hides_the_employer(qtbot, ctx, directory, monkeypatch) -> None:
    monkeypatch.setattr(questions, "confirm", lambda *_a, **_k: True)
    _window, page = open_page(qtbot, ctx)
    tab = page.directory
    tab.open_employer(directory["esat"])
    panel = tab.file_panel
    qtbot.waitUntil(lambda: panel.data is not None, timeout=5000)
    qtbot.mouseClick(panel.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.data is not None and not panel.data.employer.active, timeout=5000)
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ESAT Les Ateliers" not in names(page), timeout=5000)
    tab.show_inactive.setChecked(True)
    qtbot.waitUntil(lambda: "ESAT Les Ateliers" in names(page), timeout=5000)
