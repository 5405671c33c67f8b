"""The employer screens at 1366×768 in French, 100 % and 200 % text (issue 15): the
directory, an employer's file, the disclosure choice on a contract and an awareness
session. No visible text is cut; the pictures are saved to be looked at, in $PAIRDESK_SHOTS or the
temporary folder."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from pairdesk import i18n
from pairdesk.domain.enums import WorkshopKind
from pairdesk.services import demo, employers
from pairdesk.ui import settings_dialog, tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.employers.view import EmployersPage
from pairdesk.ui.views.participants.dialogs import ContractDialog
from pairdesk.ui.views.workshop_form import WorkshopDialog
from tests.ui.test_text_fits import cut_texts


@pytest.fixture(params=[100, 200])
def percent(request: pytest.FixtureRequest, qapp: QApplication):
    settings_dialog.apply_font_percent(qapp, request.param)
    yield request.param
    settings_dialog.apply_font_percent(qapp, 100)


def _shot(widget: QWidget, name: str, percent: int) -> None:
    folder = Path(os.environ.get("PAIRDESK_SHOTS", tempfile.gettempdir()))
    widget.grab().save(str(folder / f"employers-{name}-{percent}.png"))


def test_employer_screens_show_their_whole_text(qtbot, ctx, percent: int) -> None:
    i18n.install("fr")
    demo.generate_demo_data(ctx, participants=20, seed=3, today=dt.date(2026, 11, 25))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.show_page("employers")
    page = window.page("employers")
    assert isinstance(page, EmployersPage)
    tab = page.directory
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=10000)
    tasks.wait_for_idle()
    problems: dict[str, list[str]] = {}
    problems["directory"] = cut_texts(page)
    search = tab.search_field
    metrics = search.fontMetrics()
    assert search.width() > metrics.horizontalAdvance(search.placeholderText()), "search cut"
    _shot(window, "directory", percent)

    placed = max(employers.list_employers(ctx), key=lambda e: e.people_placed)
    tab.open_employer(placed.id)
    panel = tab.file_panel
    qtbot.waitUntil(lambda: panel.data is not None, timeout=10000)
    for index in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(index)
        tasks.wait_for_idle()
        qtbot.wait(30)
        problems[f"file tab {index}"] = cut_texts(page)
        if index in (0, 2):
            _shot(window, f"file-{index}", percent)

    panel.tabs.setCurrentIndex(2)
    shown = next(r for r, line in enumerate(panel.placements_model.rows) if line.participant_id)
    panel.placements_table.selectRow(shown)
    panel.change_disclosure()
    disclosure = panel.dialog
    assert disclosure is not None
    qtbot.waitUntil(lambda: disclosure.history_model.rowCount() > 0, timeout=10000)  # type: ignore[attr-defined]
    qtbot.wait(30)
    problems["disclosure history"] = cut_texts(disclosure)
    _shot(disclosure, "disclosure-history", percent)
    disclosure.reject()
    panel.edit_accommodations()
    listing = panel.list_dialog
    assert listing is not None
    tasks.wait_for_idle()
    qtbot.wait(30)
    problems["accommodations"] = cut_texts(listing)
    _shot(listing, "accommodations", percent)
    listing.accept()

    panel.tabs.setCurrentIndex(1)
    panel.offers_table.selectRow(0)
    panel.show_shares()
    shares = panel.list_dialog
    assert shares is not None
    tasks.wait_for_idle()
    qtbot.wait(30)
    problems["shares"] = cut_texts(shares)
    _shot(shares, "shares", percent)
    shares.accept()

    contract = ContractDialog(ctx, 1, window)
    contract.show()
    tasks.wait_for_idle()
    qtbot.wait(30)
    problems["contract"] = cut_texts(contract)
    _shot(contract, "contract-disclosure", percent)
    contract.form.mark_clean()
    contract.reject()

    workshop = WorkshopDialog(ctx, window, kind=WorkshopKind.AWARENESS)
    workshop.show()
    qtbot.waitUntil(lambda: workshop.is_loaded, timeout=10000)
    workshop.awareness_employer.set_employer(placed.id, placed.name)
    workshop.reached_field.setValue(15)
    tasks.wait_for_idle()
    qtbot.wait(30)
    problems["awareness"] = cut_texts(workshop)
    _shot(workshop, "awareness", percent)
    workshop.form.mark_clean()  # nothing to ask when it closes
    workshop.reject()
    tasks.wait_for_idle()
    assert {k: v for k, v in problems.items() if v} == {}
