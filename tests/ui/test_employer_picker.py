"""The employer picker (search the directory, or a new employer created when saved) and the
person's disclosure choice on a new contract (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pairdesk.domain.employers import Disclosure
from pairdesk.services import contracts, employer_relations, employers
from pairdesk.services.context import ServiceContext
from pairdesk.services.employers import EmployerInput
from pairdesk.ui import tasks
from pairdesk.ui.views.participants.dialogs import ContractDialog
from pairdesk.ui.widgets.employer_picker import NEW_EMPLOYER, EmployerPicker
from tests.factories import make_participant

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def known(ctx: ServiceContext) -> dict[str, int]:
    return {
        "bakery": employers.create_employer(
            ctx, EmployerInput(name="Boulangerie Fictive SARL", town="Lyon")
        ).id,
        "garage": employers.create_employer(ctx, EmployerInput(name="Garage Essai")).id,
    }


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_typing_finds_the_employer_across_spellings(qtbot, ctx, known, parent) -> None:
    picker = EmployerPicker(ctx, "Employeur", parent)
    picker.search_field.setText("boulangerie fictive")  # no legal form, lower case
    qtbot.waitUntil(lambda: picker.employer_id() == known["bakery"], timeout=5000)
    assert picker.employer_name() == "Boulangerie Fictive SARL"
    assert picker.results.findData(NEW_EMPLOYER) < 0  # the same employer: no "new" offered


def test_an_unknown_name_is_offered_as_a_new_employer(qtbot, ctx, known, parent) -> None:
    picker = EmployerPicker(ctx, "Employeur", parent)
    picker.search_field.setText("Menuiserie Test")
    qtbot.waitUntil(lambda: picker.is_new(), timeout=5000)
    assert picker.employer_id() is None
    assert picker.employer_name() == "Menuiserie Test"
    picker.search_field.clear()
    qtbot.waitUntil(lambda: picker.results.count() == 3, timeout=5000)
    assert picker.employer_id() is None and picker.employer_name() == ""


def test_the_picker_keeps_its_choice_through_a_draft(qtbot, ctx, known, parent) -> None:
    picker = EmployerPicker(ctx, "Employeur", parent)
    picker.set_employer(known["garage"], "Garage")
    qtbot.waitUntil(lambda: picker.employer_id() == known["garage"], timeout=5000)
    raw = picker.raw_value()
    other = EmployerPicker(ctx, "Employeur", parent)
    other.set_raw_value(raw)
    qtbot.waitUntil(lambda: other.employer_id() == known["garage"], timeout=5000)
    assert other.search_field.text() == "Garage"


def _contracts(ctx: ServiceContext, person: int) -> list[contracts.ContractRow]:
    with ctx.transaction() as session:
        return contracts.contract_rows(session, person)


def _dialog(qtbot, ctx: ServiceContext, parent: QWidget, person: int) -> ContractDialog:
    dialog = ContractDialog(ctx, person, parent)
    qtbot.addWidget(dialog)
    dialog.open()
    assert tasks.wait_for_idle(10)
    dialog.hours_field.setValue(20)  # required on a new contract (issue 13)
    return dialog


def test_a_contract_picks_its_employer_and_records_the_disclosure(
    qtbot, ctx, known, parent
) -> None:
    person = make_participant(ctx, "Alix", "Test").id
    dialog = _dialog(qtbot, ctx, parent, person)
    dialog.job_field.setText("Vendeuse")
    dialog.employer_field.search_field.setText("Boulangerie")
    qtbot.waitUntil(lambda: dialog.employer_field.employer_id() == known["bakery"], timeout=5000)
    combo = dialog.disclosure_combo
    combo.setCurrentIndex(combo.findData(Disclosure.RQTH_ONLY.value))
    dialog.disclosure_on_field.set_date(dt.date(2026, 11, 2))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    (contract,) = _contracts(ctx, person)
    assert contract.employer_id == known["bakery"]
    assert contract.employer == "Boulangerie Fictive SARL"
    history = employer_relations.disclosure_history(ctx, contract_id=contract.id)
    assert [(h.choice, h.chosen_on) for h in history] == [
        (Disclosure.RQTH_ONLY, dt.date(2026, 11, 2))
    ]


def test_a_new_employer_typed_on_a_contract_enters_the_directory(qtbot, ctx, known, parent) -> None:
    person = make_participant(ctx, "Bastien", "Test").id
    dialog = _dialog(qtbot, ctx, parent, person)
    dialog.employer_field.search_field.setText("Menuiserie Test")
    qtbot.waitUntil(lambda: dialog.employer_field.is_new(), timeout=5000)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    (contract,) = _contracts(ctx, person)
    created = [e for e in employers.list_employers(ctx) if e.name == "Menuiserie Test"]
    assert [e.id for e in created] == [contract.employer_id]
    # no choice recorded: nothing written, it counts as not disclosed
    assert employer_relations.disclosure_history(ctx, contract_id=contract.id) == []


def test_a_disclosure_dated_in_the_future_is_refused_before_anything_is_saved(
    qtbot, ctx, known, parent
) -> None:
    person = make_participant(ctx, "Chloe", "Test").id
    dialog = _dialog(qtbot, ctx, parent, person)
    combo = dialog.disclosure_combo
    combo.setCurrentIndex(combo.findData(Disclosure.FULL.value))
    dialog.disclosure_on_field.set_date(TODAY + dt.timedelta(days=3))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.form.shown_errors()), timeout=5000)
    assert list(dialog.form.shown_errors()) == ["disclosure_on"]
    assert _contracts(ctx, person) == []


def test_an_offer_share_records_the_persons_disclosure_choice(qtbot, ctx, known) -> None:
    from pairdesk.domain.enums import ConsentMethod, ConsentPurpose
    from pairdesk.services import consents, offer_shares, offers
    from pairdesk.services.offers import OfferInput
    from pairdesk.ui.main_window import MainWindow
    from pairdesk.ui.views.offers.view import OffersView

    person = make_participant(ctx, "Sofia", "Test").id
    consents.record_consent(ctx, person, ConsentPurpose.KEEP_FILE, TODAY, ConsentMethod.ORAL)
    offer = offers.create_offer(ctx, OfferInput(title="Vendeuse", employer_id=known["bakery"]))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("job_offers")
    page = window.page("job_offers")
    assert isinstance(page, OffersView)
    cat = page.catalogue
    qtbot.waitUntil(lambda: cat.model.rowCount() == 1, timeout=5000)
    cat.table.selectRow(0)
    qtbot.mouseClick(cat.share_button, Qt.MouseButton.LeftButton)
    dialog = cat.dialog
    qtbot.keyClicks(dialog.picker.search_field, "sofia")
    qtbot.waitUntil(lambda: dialog.picker.participant_id() == person, timeout=5000)
    combo = dialog.disclosure_combo
    combo.setCurrentIndex(combo.findData(Disclosure.WITH_SUPPORT.value))
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(offer_shares.list_shares(ctx, offer_id=offer.id)), timeout=5000)
    assert tasks.wait_for_idle()
    (share,) = offer_shares.list_shares(ctx, offer_id=offer.id)
    history = employer_relations.disclosure_history(ctx, offer_share_id=share.id)
    assert [(h.choice, h.chosen_on) for h in history] == [(Disclosure.WITH_SUPPORT, TODAY)]
    window.close()


def test_an_offer_picks_its_employer_and_an_edit_keeps_it(qtbot, ctx, known) -> None:
    from pairdesk.services import offers
    from pairdesk.ui.views.offers.offer_form import OfferDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = OfferDialog(ctx, parent)
    dialog.show()
    dialog.title_field.setText("Mecanicien")
    dialog.employer_field.search_field.setText("garage")
    qtbot.waitUntil(lambda: dialog.employer_field.employer_id() == known["garage"], timeout=5000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    (offer,) = offers.list_offers(ctx)
    assert (offer.employer_id, offer.employer) == (known["garage"], "Garage Essai")

    again = OfferDialog(ctx, parent, offer.id)
    again.show()
    qtbot.waitUntil(lambda: again.employer_field.employer_id() == known["garage"], timeout=5000)
    assert again.employer_field.search_field.text() == "Garage Essai"
    assert tasks.wait_for_idle()
    assert not again.form.is_dirty()  # loading the employer is not an edit


def test_several_matches_ask_for_a_choice_before_saving(qtbot, ctx, known) -> None:
    """« Logistique » typed with two such employers in the directory was saved as a new,
    third employer « Logistique » (a tester's offer): it now waits for a choice."""
    from pairdesk.errors import InvalidInput
    from pairdesk.services import offers
    from pairdesk.ui.views.offers.offer_form import OfferDialog
    from pairdesk.ui.widgets.employer_picker import CHOOSE

    for name in ("Logistique Rhône-Vallée", "Logistique des Alpes"):
        employers.create_employer(ctx, EmployerInput(name=name))
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = OfferDialog(ctx, parent)
    dialog.show()
    dialog.title_field.setText("Magasinier")
    picker = dialog.employer_field
    picker.search_field.setText("Logistique")
    qtbot.waitUntil(lambda: picker.results.currentData() == CHOOSE, timeout=5000)
    with pytest.raises(InvalidInput):
        picker.employer_id()
    before = len(employers.list_employers(ctx))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert dialog.isVisible() and offers.list_offers(ctx) == []
    assert "Logistique" in dialog.form.shown_errors()["employer"]
    assert len(employers.list_employers(ctx)) == before

    # The new name is still there to keep, on purpose.
    picker.results.setCurrentIndex(picker.results.findData(NEW_EMPLOYER))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert [o.employer for o in offers.list_offers(ctx)] == ["Logistique"]
