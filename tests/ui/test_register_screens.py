"""The register's day view, the year's form and the network export's preview at 1366×768
in French, 100 % and 200 % text (issue 13): no visible text is cut. The pictures are saved
in ``$PAIRDESK_SHOTS`` (else the temporary folder) to be looked at."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from pairdesk import i18n
from pairdesk.services import demo, gem_year
from pairdesk.services.gem_year import AssociationYearInput, StaffLine
from pairdesk.ui import settings_dialog, tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.network_dialogs import NetworkExportDialog
from pairdesk.ui.views.register.view import RegisterPage
from pairdesk.ui.year_form_dialog import AssociationYearDialog
from tests.ui.test_text_fits import cut_texts

TODAY = dt.date(2026, 11, 25)
SHOTS = Path(os.environ.get("PAIRDESK_SHOTS", tempfile.gettempdir()))


@pytest.fixture(params=[100, 200])
def percent(request: pytest.FixtureRequest, qapp: QApplication):
    settings_dialog.apply_font_percent(qapp, request.param)
    yield request.param
    settings_dialog.apply_font_percent(qapp, 100)


def _shot(widget: QWidget, name: str, percent: int) -> None:
    widget.grab().save(str(SHOTS / f"gem13-{name}-{percent}.png"))


def test_register_year_form_and_export_preview_show_their_whole_text(
    qtbot, ctx, percent: int
) -> None:
    i18n.install("fr")
    demo.generate_demo_data(ctx, participants=30, seed=4, today=TODAY)
    gem_year.save_year(
        ctx,
        2026,
        AssociationYearInput(
            staff=(StaffLine("Animatrice", "Moniteur-éducateur", 0.8),),
            volunteers=4,
            bureau_members=5,
            bureau_members_from_gem=4,
            sponsor="Association de parrainage (fictive)",
            activities_held="Ateliers cuisine, sorties, groupe de parole",
        ),
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.go_to_page("register")
    page = window.page("register")
    assert isinstance(page, RegisterPage)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=10000)
    page.show_day(TODAY - dt.timedelta(days=1))  # a Tuesday: the demo GEM is open
    tasks.wait_for_idle()
    qtbot.waitUntil(lambda: page.present_model.rowCount() > 0, timeout=10000)
    page.search_field.setText("a")
    page.find_people()
    tasks.wait_for_idle()
    qtbot.waitUntil(lambda: page.candidates_model.rowCount() > 0, timeout=10000)
    qtbot.wait(30)
    problems: dict[str, list[str]] = {"register": cut_texts(page)}
    _shot(window, "register", percent)

    year = AssociationYearDialog(ctx, gem_year.get_year(ctx, 2026), window)
    year.show()
    tasks.wait_for_idle()
    qtbot.wait(30)
    problems["year form"] = cut_texts(year)
    _shot(year, "year-form", percent)
    year.form.mark_clean()
    year.reject()

    export = NetworkExportDialog(ctx, window)
    export.show()
    qtbot.waitUntil(lambda: export.export is not None, timeout=10000)
    qtbot.wait(30)
    problems["export preview"] = cut_texts(export)
    _shot(export, "export-preview", percent)
    export.form.mark_clean()
    export.reject()
    tasks.wait_for_idle()
    assert {k: v for k, v in problems.items() if v} == {}
