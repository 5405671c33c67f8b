"""The job-offers view driven through the real main window; data checked through the
services."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel

from pairdesk.domain.employers import Disclosure
from pairdesk.domain.enums import (
    Attendance,
    ConsentMethod,
    ConsentPurpose,
    ContractType,
    ShareOutcome,
    WorkshopKind,
)
from pairdesk.i18n import _
from pairdesk.services import (
    consents,
    employer_relations,
    offer_shares,
    offers,
    pathways,
    workshops,
)
from pairdesk.services.offers import OfferInput
from pairdesk.services.pathways import PathwayInput
from pairdesk.services.workshops import WorkshopInput
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.models.offers_model import OffersModel, SharesModel
from pairdesk.ui.views.offers import sharing
from pairdesk.ui.views.offers import view as offers_view
from pairdesk.ui.views.offers.offer_form import ShareDialog
from pairdesk.ui.views.offers.view import OffersView
from tests.factories import make_participant

TODAY = dt.date(2026, 11, 25)  # the ctx fixture's day (tests/conftest.py)


def _person(ctx, first: str, last: str, aspirations: str = "") -> int:
    pid = make_participant(ctx, first, last, city="Grenoble").id
    if aspirations:
        pathways.update_pathway(
            ctx,
            pid,
            PathwayInput(
                aspirations=aspirations, preferred_hours_per_week=24, preferred_places="Grenoble"
            ),
        )
    return pid


@pytest.fixture
def people(ctx) -> dict[str, int]:
    found = {
        "karim": _person(ctx, "Karim", "Benali", "commis de cuisine, restauration"),
        "sofia": _person(ctx, "Sofia", "Nguyễn", "accueil du public"),
    }
    consents.record_consent(
        ctx, found["sofia"], ConsentPurpose.KEEP_FILE, TODAY, ConsentMethod.ORAL
    )
    return found


@pytest.fixture
def window(qtbot, ctx, people, monkeypatch):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    yield window
    tasks.wait_for_idle()
    window.close()


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Confirmation questions answer "yes" and are recorded."""
    texts: list[str] = []

    def fake_ask(parent, title, text, *args, **kwargs) -> bool:
        texts.append(text)
        return True

    monkeypatch.setattr(sharing, "ask", fake_ask)
    monkeypatch.setattr(offers_view, "ask", fake_ask)
    return texts


def _page(window: MainWindow) -> OffersView:
    window.show_page("job_offers")
    page = window.page("job_offers")
    assert isinstance(page, OffersView)
    assert tasks.wait_for_idle()
    return page


def _column(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_create_match_share_and_record_the_outcome(
    qtbot, ctx, people, window, asked, monkeypatch
) -> None:
    page = _page(window)
    cat = page.catalogue
    qtbot.mouseClick(cat.new_button, Qt.MouseButton.LeftButton)
    dialog = cat.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.title_field.setText("Commis de cuisine")
    dialog.employer_field.search_field.setText("Restaurant Le Tilleul")  # a new employer
    qtbot.waitUntil(dialog.employer_field.is_new, timeout=5000)
    dialog.place_field.setText("Grenoble")
    dialog.hours_field.setValue(24)
    dialog.contract_field.setCurrentIndex(dialog.contract_field.findData(ContractType.CDD.value))
    dialog.source_field.setText("France Travail")
    dialog.closing_field.set_text("31/02/2026")  # no such day
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert dialog.closing_field.message.isVisible()  # beside the field, never clamped
    assert dialog.closing_field.text() == "31/02/2026"
    assert dialog.isVisible() and dialog.title_field.text() == "Commis de cuisine"
    assert offers.list_offers(ctx) == []
    dialog.closing_field.set_text("15/12/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    created = offers.list_offers(ctx)
    assert [
        (o.title, o.employer, o.contract_type, o.hours_per_week, o.closing_on) for o in created
    ] == [
        (
            "Commis de cuisine",
            "Restaurant Le Tilleul",
            ContractType.CDD,
            24.0,
            dt.date(2026, 12, 15),
        )
    ]
    offer_id = created[0].id
    assert not dialog.isVisible()

    # The new offer is selected; Karim, whose aspirations say "cuisine", is suggested.
    qtbot.waitUntil(lambda: cat.selected_id() == offer_id, timeout=5000)
    qtbot.waitUntil(lambda: cat.matches_model.rowCount() >= 1, timeout=5000)
    names = _column(cat.matches_model, 0)
    assert names[0] == "Karim Benali"
    match = cat.matches_model.row_at(0)
    assert match.reasons and all(reason.strip() for reason in match.reasons)
    assert cat.matches_model.index(0, 2).data() == " ; ".join(match.reasons)  # French spacing
    # the reasons wrap in their cell, read whole without a mouse (they were cut, whole
    # only in a tooltip: a tester's finding)
    table = cat.matches_table
    table.setColumnWidth(2, table.fontMetrics().averageCharWidth() * 20)
    table.resizeRowToContents(0)
    assert table.wordWrap() and table.rowHeight(0) >= 2 * table.fontMetrics().height()

    # Share with him: the share dialog opens with him chosen, so that what he told the
    # employer is asked here too (it was not: only « Partager avec… » asked); the focus
    # is on that question. Consent is missing, so the warning comes first.
    cat.matches_table.selectRow(0)
    qtbot.mouseClick(cat.share_match_button, Qt.MouseButton.LeftButton)
    share_dialog = cat.dialog
    assert isinstance(share_dialog, ShareDialog) and share_dialog.isVisible()
    qtbot.waitUntil(lambda: share_dialog.picker.participant_id() == people["karim"], timeout=5000)
    assert share_dialog.picker.participant_name().startswith("Karim Benali")
    assert any("Commis de cuisine" in label.text() for label in share_dialog.findChildren(QLabel))
    assert share_dialog.focusWidget() is share_dialog.disclosure_combo
    assert offer_shares.list_shares(ctx, offer_id=offer_id) == []  # nothing before OK
    combo = share_dialog.disclosure_combo
    combo.setCurrentIndex(combo.findData(Disclosure.RQTH_ONLY.value))
    qtbot.mouseClick(share_dialog.share_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert len(asked) == 1 and "Karim Benali" in asked[0]
    shares = offer_shares.list_shares(ctx, offer_id=offer_id)
    assert [(s.participant_id, s.outcome) for s in shares] == [
        (people["karim"], ShareOutcome.SHARED)
    ]
    history = employer_relations.disclosure_history(ctx, offer_share_id=shares[0].id)
    assert [h.choice for h in history] == [Disclosure.RQTH_ONLY]
    qtbot.waitUntil(lambda: cat.shares_model.rowCount() == 1)
    assert "Karim Benali" not in _column(cat.matches_model, 0)

    # Record the outcome "applied".
    cat.shares_table.selectRow(0)
    cat.outcome_field.setCurrentIndex(cat.outcome_field.findData(ShareOutcome.APPLIED.value))
    cat.outcome_notes.setText("Candidature envoyée par courriel")
    qtbot.mouseClick(cat.outcome_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    share = offer_shares.list_shares(ctx, offer_id=offer_id)[0]
    assert share.outcome is ShareOutcome.APPLIED
    assert share.outcome_on == TODAY
    assert share.notes == "Candidature envoyée par courriel"
    qtbot.waitUntil(
        lambda: cat.shares_model.index(0, SharesModel.OUTCOME).data() == ShareOutcome.APPLIED.label
    )

    # The outcome's date is typed (it was always today), and Enter in the notes records
    # it (Enter did nothing): a date before the share is refused, the typed one is kept.
    from pairdesk.ui import errors

    refused: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, exc: refused.append(str(exc)))
    cat.shares_table.selectRow(0)
    cat.outcome_field.setCurrentIndex(cat.outcome_field.findData(ShareOutcome.INTERVIEW.value))
    cat.outcome_date.set_text("20/11/2026")  # before the share, made today
    cat.outcome_notes.setText("Entretien chez l'employeur")
    qtbot.keyClick(cat.outcome_notes, Qt.Key.Key_Return)
    assert tasks.wait_for_idle()
    assert refused and offer_shares.list_shares(ctx, offer_id=offer_id)[0].outcome_on == TODAY
    assert offer_shares.list_shares(ctx, offer_id=offer_id)[0].outcome is ShareOutcome.APPLIED
    cat.outcome_date.set_text("25/11/2026")
    qtbot.keyClick(cat.outcome_notes, Qt.Key.Key_Return)
    assert tasks.wait_for_idle()
    share = offer_shares.list_shares(ctx, offer_id=offer_id)[0]
    assert (share.outcome, share.outcome_on) == (ShareOutcome.INTERVIEW, TODAY)


def test_share_with_dialog_and_consent_refused(qtbot, ctx, people, window, monkeypatch) -> None:
    offer = offers.create_offer(ctx, OfferInput(title="Agent d'accueil", place="Grenoble"))
    page = _page(window)
    cat = page.catalogue
    qtbot.waitUntil(lambda: cat.model.rowCount() == 1)
    cat.table.selectRow(0)

    # Karim has no consent: answering "do not share" records nothing.
    monkeypatch.setattr(sharing, "ask", lambda *args, **kwargs: False)
    cat.share(offer.id, people["karim"], "Karim Benali")
    assert tasks.wait_for_idle()
    assert offer_shares.list_shares(ctx, offer_id=offer.id) == []

    # Sofia has given consent: no question, shared through the "Share with…" dialog.
    monkeypatch.setattr(sharing, "ask", lambda *a, **k: pytest.fail("no question expected"))
    qtbot.mouseClick(cat.share_button, Qt.MouseButton.LeftButton)
    dialog = cat.dialog
    qtbot.keyClicks(dialog.picker.search_field, "nguyen")
    qtbot.waitUntil(lambda: dialog.picker.participant_id() == people["sofia"], timeout=5000)
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert [s.participant_id for s in offer_shares.list_shares(ctx, offer_id=offer.id)] == [
        people["sofia"]
    ]


def test_filters_expired_and_archive(qtbot, ctx, people, window, asked) -> None:
    old = offers.create_offer(
        ctx,
        OfferInput(
            title="Magasinier", closing_on=TODAY - dt.timedelta(days=3), source="Newsletter"
        ),
    )
    soon = offers.create_offer(
        ctx,
        OfferInput(
            title="Jardinier",
            contract_type=ContractType.CDD,
            hours_per_week=20,
            accommodations="Horaires adaptés",
            closing_on=TODAY + dt.timedelta(days=2),
        ),
    )
    page = _page(window)
    cat = page.catalogue
    qtbot.waitUntil(lambda: cat.model.rowCount() == 2)
    titles = _column(cat.model, OffersModel.TITLE)
    states = dict(zip(titles, _column(cat.model, OffersModel.STATE), strict=True))
    assert states["Magasinier"] == _("Expired")
    assert states["Jardinier"] == _("Closes soon")
    assert cat.count_label.text() == "2 offres, dont 1 expirée"  # not « expirée(s) »

    cat.open_only.setChecked(True)
    qtbot.waitUntil(lambda: _column(cat.model, OffersModel.TITLE) == ["Jardinier"])
    cat.open_only.setChecked(False)
    cat.accommodations_filter.setCurrentIndex(cat.accommodations_filter.findData(True))
    qtbot.waitUntil(lambda: _column(cat.model, OffersModel.TITLE) == ["Jardinier"])
    cat.accommodations_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: cat.source_filter.findData("Newsletter") > 0)
    cat.source_filter.setCurrentIndex(cat.source_filter.findData("Newsletter"))
    qtbot.waitUntil(lambda: _column(cat.model, OffersModel.TITLE) == ["Magasinier"])
    cat.source_filter.setCurrentIndex(0)
    cat.hours_filter.setValue(25)
    qtbot.waitUntil(lambda: _column(cat.model, OffersModel.TITLE) == ["Jardinier"], timeout=3000)
    cat.hours_filter.setValue(0)
    cat.search_field.setText("magasin")
    qtbot.waitUntil(lambda: _column(cat.model, OffersModel.TITLE) == ["Magasinier"], timeout=3000)
    cat.search_field.clear()
    qtbot.waitUntil(lambda: cat.model.rowCount() == 2, timeout=3000)

    # Archive after a confirmation.
    cat.select(old.id)
    qtbot.mouseClick(cat.archive_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert len(asked) == 1
    assert offers.get_offer(ctx, old.id).archived
    assert not offers.get_offer(ctx, soon.id).archived
    qtbot.waitUntil(lambda: _column(cat.model, OffersModel.TITLE) == ["Jardinier"])
    # shown again, the archived one is counted apart (a tester read « 2 offres » only)
    cat.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: cat.model.rowCount() == 2, timeout=3000)
    assert cat.count_label.text() == "2 offres ; 1 archivée"


def test_offers_for_a_participant(qtbot, ctx, people, window, asked) -> None:
    cook = offers.create_offer(ctx, OfferInput(title="Aide de cuisine", place="Grenoble"))
    offers.create_offer(ctx, OfferInput(title="Comptable", place="Lyon"))
    page = _page(window)
    tab = page.for_participant
    page.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.picker.search_field, "karim")
    qtbot.waitUntil(lambda: tab.picker.participant_id() == people["karim"], timeout=5000)
    qtbot.waitUntil(lambda: tab.model.rowCount() >= 1, timeout=5000)
    assert _column(tab.model, 0)[0] == "Aide de cuisine"
    assert "Comptable" not in _column(tab.model, 0)
    assert tab.model.row_at(0).reasons
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.share_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    assert [s.participant_id for s in offer_shares.list_shares(ctx, offer_id=cook.id)] == [
        people["karim"]
    ]


def test_sharing_workshop_records_who_took_which_offer(qtbot, ctx, people, window) -> None:
    first = offers.create_offer(ctx, OfferInput(title="Agent d'accueil"))
    second = offers.create_offer(ctx, OfferInput(title="Employé de rayon"))
    workshop = workshops.create_workshop(
        ctx,
        WorkshopInput(
            kind=WorkshopKind.OFFER_SHARING,
            title="Partage d'offres",
            held_on=TODAY,
            starts_at=dt.time(10),
            ends_at=dt.time(12),
        ),
    )
    workshops.register(ctx, workshop.id, people["sofia"])
    page = _page(window)
    tab = page.workshop
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.workshop_field.findData(workshop.id) > 0)
    tab.workshop_field.setCurrentIndex(tab.workshop_field.findData(workshop.id))
    qtbot.waitUntil(lambda: tab.people_list.count() == 1)
    # Sofia, registered, is listed unticked until someone says she came.
    assert tab.people_list.item(0).checkState() == Qt.CheckState.Unchecked
    tab.people_list.item(0).setCheckState(Qt.CheckState.Checked)
    # Karim came without registering: added on the spot.
    qtbot.keyClicks(tab.picker.search_field, "benali")
    qtbot.waitUntil(lambda: tab.picker.participant_id() == people["karim"], timeout=5000)
    qtbot.mouseClick(tab.add_person_button, Qt.MouseButton.LeftButton)
    assert tab.people_list.count() == 2
    for i in range(tab.offer_list.count()):
        tab.offer_list.item(i).setCheckState(Qt.CheckState.Checked)
    assert tab.model.rowCount() == 2 and tab.model.columnCount() == 2
    people_rows = [pid for pid, _n in tab.model.people()]
    offer_cols = [oid for oid, _t in tab.model.offers()]
    sofia_first = tab.model.index(people_rows.index(people["sofia"]), offer_cols.index(first.id))
    karim_both = [
        tab.model.index(people_rows.index(people["karim"]), c) for c in range(len(offer_cols))
    ]
    for index in (sofia_first, *karim_both):
        assert tab.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_idle()
    recorded = {
        (s.offer_id, s.participant_id, s.workshop_id, s.shared_on)
        for oid in (first.id, second.id)
        for s in offer_shares.list_shares(ctx, offer_id=oid)
    }
    assert recorded == {
        (first.id, people["sofia"], workshop.id, TODAY),
        (first.id, people["karim"], workshop.id, TODAY),
        (second.id, people["karim"], workshop.id, TODAY),
    }
    # Already shared pairs show as such and cannot be ticked again.
    qtbot.waitUntil(lambda: not (tab.model.flags(sofia_first) & Qt.ItemFlag.ItemIsEnabled))
    assert tab.model.new_pairs() == []
    # Who came is kept as attendance (the indicators and the sheets count them): the
    # tester's workshop showed « Présent·es : 0 » after the same steps.
    came = {
        r.participant_id: r.attendance
        for r in workshops.get_workshop(ctx, workshop.id).registrations
    }
    assert came == {people["sofia"]: Attendance.PRESENT, people["karim"]: Attendance.PRESENT}

    # Back to the workshop later: the offers shown there and the people present are there.
    tab.workshop_field.setCurrentIndex(0)
    for i in range(tab.offer_list.count()):
        tab.offer_list.item(i).setCheckState(Qt.CheckState.Unchecked)
    tab.workshop_field.setCurrentIndex(tab.workshop_field.findData(workshop.id))
    qtbot.waitUntil(lambda: tab.people_list.count() == 2)
    ticked = [
        tab.offer_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(tab.offer_list.count())
        if tab.offer_list.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert sorted(ticked) == sorted([first.id, second.id])


def test_models_pass_the_model_tester(qtbot, qtmodeltester, ctx, people, window) -> None:
    offer = offers.create_offer(ctx, OfferInput(title="Commis de cuisine", place="Grenoble"))
    offer_shares.share_offer(ctx, offer.id, people["sofia"])
    page = _page(window)
    cat = page.catalogue
    qtbot.waitUntil(lambda: cat.model.rowCount() == 1)
    cat.table.selectRow(0)
    qtbot.waitUntil(lambda: cat.shares_model.rowCount() == 1 and cat.matches_model.rowCount() == 1)
    tab = page.for_participant
    qtbot.keyClicks(tab.picker.search_field, "karim")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    grid = page.workshop.model
    grid.set_grid([(people["karim"], "Karim"), (people["sofia"], "Sofia")], [(offer.id, "Commis")])
    grid.setData(grid.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    for model in (cat.model, cat.shares_model, cat.matches_model, tab.model, grid):
        qtmodeltester.check(model)
    assert grid.data(QModelIndex()) is None


def test_a_pair_aidant_shares_as_at_a_workshop(qtbot, ctx, people, monkeypatch) -> None:
    """« Partager avec… » refused a pair-aidante who is not the person's tutor (it read the
    file's consents), while a sharing workshop recorded the same share. The consent is
    now a yes or no the offers may ask; a disclosure choice, part of the file, is still
    hers to record only for her tutees, and then the share is not left behind alone."""
    from PySide6.QtWidgets import QWidget

    from pairdesk.domain.employers import Disclosure
    from pairdesk.domain.enums import Role
    from pairdesk.services.context import Operator
    from tests.factories import insert_member

    helper_id = insert_member(ctx, "Sigríður", "Gauthier", Role.PEER_HELPER)
    helper = ctx.with_operator(Operator(id=helper_id, name="Sigríður", role=Role.PEER_HELPER))
    offer = offers.create_offer(ctx, OfferInput(title="Agent d'accueil"))
    parent = QWidget()
    qtbot.addWidget(parent)
    shared: list[object] = []
    monkeypatch.setattr(sharing, "ask", lambda *a, **k: pytest.fail("Sofia has consented"))
    sharing.share_with(parent, helper, offer.id, people["sofia"], "Sofia", shared.append)
    assert tasks.wait_for_idle() and len(shared) == 1

    other = offers.create_offer(ctx, OfferInput(title="Employé de rayon"))
    from pairdesk.ui import errors

    refused: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, exc: refused.append(str(exc)))
    sharing.share_with(
        parent,
        helper,
        other.id,
        people["sofia"],
        "Sofia",
        shared.append,
        disclosure=Disclosure.RQTH_ONLY,
    )
    assert tasks.wait_for_idle()
    assert len(shared) == 1 and offer_shares.list_shares(ctx, offer_id=other.id) == []
    assert refused and "tuteur" in refused[0]
