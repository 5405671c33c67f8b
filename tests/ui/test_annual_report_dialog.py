"""Indicators ▸ Annual activity report…: the year, "for publication", saved as PDF or
Excel through the database worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pairdesk.reports.base import hidden_text
from pairdesk.services.context import ServiceContext
from pairdesk.ui import export_actions, tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.views.indicators.annual_report import AnnualReportDialog, with_suffix
from tests.factories import make_participant


@pytest.fixture(autouse=True)
def _idle() -> Iterator[None]:
    yield
    tasks.wait_for_idle()


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    """Replace the Save dialog: it answers ``path``; returns the default names offered."""
    offered: list[str] = []

    def fake(_parent: object, _title: str, name: str, _filters: str) -> Path | None:
        offered.append(name)
        return path

    monkeypatch.setattr(export_actions, "ask_save_path", fake)
    return offered


def test_the_menu_opens_the_dialog_on_the_report_year(qtbot, ctx: ServiceContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.annual_report_action in window.indicators_menu.actions()
    window.annual_report_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, AnnualReportDialog)
    assert dialog.year_field.value() == 2026  # the ctx's day is 25/11/2026
    dialog.close()
    window.close()


def test_save_writes_the_pdf(
    qtbot, ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_participant(ctx, "Zoe", "Abadie")
    dialog = AnnualReportDialog(ctx)
    qtbot.addWidget(dialog)
    offered = save_to(monkeypatch, tmp_path / "rapport")  # no suffix typed
    dialog.save_button.click()
    target = tmp_path / "rapport.pdf"
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    assert dialog.written == target and dialog.save_button.isEnabled()
    assert offered == ["rapport-annuel-gem-2026-2026-11-25.pdf"]
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "2026" in text and "Abadie" not in text


def test_save_for_publication_as_excel_hides_small_counts(
    qtbot, ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_participant(ctx, "Zoe", "Abadie", membership_start=dt.date(2026, 2, 1))
    dialog = AnnualReportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.xlsx_button.setChecked(True)
    dialog.publication_box.setChecked(True)
    offered = save_to(monkeypatch, tmp_path / "rapport.xlsx")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    assert offered[0].endswith(".xlsx")
    cells = [
        str(cell)
        for sheet in load_workbook(tmp_path / "rapport.xlsx").worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert hidden_text() in cells  # one participant: a count from 1 to 10, hidden
    assert "< 11" not in cells
    assert not any("Abadie" in cell for cell in cells)


def test_closing_the_save_dialog_writes_nothing(
    qtbot, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = AnnualReportDialog(ctx)
    qtbot.addWidget(dialog)
    save_to(monkeypatch, None)
    dialog.save_button.click()
    assert dialog.written is None and dialog.save_button.isEnabled()


def test_the_chosen_format_gives_the_missing_suffix() -> None:
    assert with_suffix(Path("a/r"), ".xlsx") == Path("a/r.xlsx")
    assert with_suffix(Path("a/r.PDF"), ".xlsx") == Path("a/r.PDF")
