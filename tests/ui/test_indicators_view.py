"""The indicators dashboard on the real main window, over a vault copy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from pairdesk.domain.enums import Attendance, WorkshopKind
from pairdesk.errors import InvalidInput
from pairdesk.formatting import percent
from pairdesk.services import attendance, indicators, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.models.indicators_model import (
    BreakdownModel,
    Column,
    IndicatorsModel,
    fraction_words,
)
from pairdesk.ui.views.indicators.indicators_view import default_period, quick_periods
from tests.factories import make_participant, make_workshop

TODAY = dt.date(2026, 11, 25)  # the ctx fixture's day
HELD_ON = dt.date(2026, 11, 10)


@pytest.fixture
def workshop(ctx: ServiceContext) -> int:
    """One CV workshop this month: 2 present (scores 4 and 5), 1 absent."""
    people = [
        make_participant(ctx, first, last).id
        for first, last in (("Zoé", "Abadie"), ("Yanis", "Bertin"), ("Léa", "Morel"))
    ]
    detail = make_workshop(ctx, HELD_ON, WorkshopKind.CV, "Atelier CV", dt.time(14), dt.time(16))
    for pid in people:
        workshops.register(ctx, detail.id, pid)
    for pid, mark, score in zip(
        people,
        (Attendance.PRESENT, Attendance.PRESENT, Attendance.ABSENT),
        (4, 5, None),
        strict=True,
    ):
        attendance.mark_attendance(ctx, detail.id, pid, mark)
        if score is not None:
            attendance.set_satisfaction(ctx, detail.id, pid, score)
    return detail.id


@pytest.fixture
def window(qtbot, ctx: ServiceContext, workshop: int) -> Iterator[MainWindow]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    window.close()
    tasks.wait_for_idle()


def show_indicators(qtbot, window: MainWindow):
    view = window.page("indicators")
    with qtbot.waitSignal(view.computed, timeout=10_000):
        window.show_page("indicators")
    return view


def click_row(qtbot, view, indicator_id: str) -> None:
    row = view.model.row_of(indicator_id)
    assert row >= 0
    rect = view.table.visualRect(view.model.index(row, Column.LABEL))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_period_computes_and_a_click_shows_numerator_and_denominator(
    qtbot, window: MainWindow, ctx: ServiceContext
) -> None:
    view = show_indicators(qtbot, window)
    assert window.current_page_key() == "indicators"
    with qtbot.waitSignal(view.computed, timeout=10_000):
        qtbot.mouseClick(view.quick_buttons["this_month"], Qt.MouseButton.LeftButton)
    assert view.period() == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert not view.busy_bar.isVisible() and view.compute_button.isEnabled()
    expected = indicators.compute_indicators(ctx, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    rate = expected.items["attendance_rate"]
    assert (rate.numerator, rate.denominator) == (2, 3)

    row = view.model.row_of("attendance_rate")
    assert view.model.index(row, Column.VALUE).data() == percent(2 / 3)
    assert view.model.index(row, Column.LABEL).data(Qt.ItemDataRole.ToolTipRole) == (
        rate.definition
    )
    click_row(qtbot, view, "attendance_rate")
    assert "2 / 3" in view.details.fraction_label.text()
    assert view.details.words_label.text() == fraction_words(rate)
    assert "2" in view.details.words_label.text() and "3" in view.details.words_label.text()
    assert rate.definition in view.details.definition_label.text()
    assert not view.details.breakdown_table.isVisibleTo(view)

    satisfaction = view.model.row_of("satisfaction_mean")
    assert view.model.index(satisfaction, Column.VALUE).data() == "4,50"

    click_row(qtbot, view, "workshops_held")
    assert view.details.breakdown_table.isVisibleTo(view)
    breakdown = view.details.breakdown_model
    parts = {
        breakdown.index(r, 0).data(): breakdown.index(r, 1).data()
        for r in range(breakdown.rowCount())
    }
    assert parts[WorkshopKind.CV.label] == "1"
    assert parts[WorkshopKind.INTERVIEW.label] == "0"


def test_last_year_has_no_ratio_and_says_why(qtbot, window: MainWindow) -> None:
    view = show_indicators(qtbot, window)
    with qtbot.waitSignal(view.computed, timeout=10_000):
        qtbot.mouseClick(view.quick_buttons["last_year"], Qt.MouseButton.LeftButton)
    assert view.period() == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    row = view.model.row_of("attendance_rate")
    assert view.model.index(row, Column.VALUE).data() == "—"
    click_row(qtbot, view, "attendance_rate")
    assert "0 / 0" in view.details.fraction_label.text()
    assert "\n" in view.details.value_label.text()  # the reason is given under the value


def test_a_reversed_period_is_explained_next_to_the_dates(
    qtbot, window: MainWindow, ctx: ServiceContext
) -> None:
    with pytest.raises(InvalidInput) as refused:
        indicators.compute_indicators(ctx, dt.date(2026, 11, 30), dt.date(2026, 11, 1))
    view = show_indicators(qtbot, window)
    view.set_period(dt.date(2026, 11, 30), dt.date(2026, 11, 1))
    view.compute()
    assert tasks.wait_for_idle(10)
    assert view.error_label.isVisible()
    assert refused.value.message in view.error_label.text()
    assert view.period() == (dt.date(2026, 11, 30), dt.date(2026, 11, 1))  # nothing lost
    assert view.compute_button.isEnabled() and not view.busy_bar.isVisible()
    with qtbot.waitSignal(view.computed, timeout=10_000):
        view.choose_period("last_12_months")
    assert not view.error_label.isVisible()
    assert view.period() == (dt.date(2025, 11, 26), TODAY)


def test_the_page_opens_on_the_year_to_report() -> None:
    """On 4 January the new year's figures were almost all 0: January opens on the year
    just ended, the rest of the year on the current one."""
    assert default_period(dt.date(2027, 1, 4)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert default_period(dt.date(2027, 2, 1)) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert default_period(dt.date(2026, 12, 31)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_quick_periods() -> None:
    periods = quick_periods(dt.date(2026, 3, 31))
    assert periods["this_month"] == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert periods["last_month"] == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert periods["this_year"] == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert periods["last_year"] == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert periods["last_12_months"] == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    january = quick_periods(dt.date(2026, 1, 15))
    assert january["last_month"] == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))


def test_indicator_models_pass_the_model_tester(
    qtmodeltester, ctx: ServiceContext, workshop: int
) -> None:
    report = indicators.compute_indicators(ctx, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    model = IndicatorsModel()
    qtmodeltester.check(model)
    model.set_report(report)
    assert model.rowCount() == len(report.items)
    qtmodeltester.check(model)
    breakdown = BreakdownModel()
    qtmodeltester.check(breakdown)
    breakdown.set_indicator(report.items["self_assessment_change"])
    qtmodeltester.check(breakdown)
    breakdown.set_indicator(report.items["workshops_held"])
    assert breakdown.rowCount() == len(WorkshopKind)
    qtmodeltester.check(breakdown)


def test_every_interactive_widget_has_an_accessible_name(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox

    view = show_indicators(qtbot, window)
    widgets = view.findChildren(QAbstractButton) + view.findChildren(QAbstractSpinBox)
    widgets += view.findChildren(QAbstractItemView)
    assert widgets
    for widget in widgets:
        if widget.objectName().startswith("qt_") or not widget.isVisibleTo(view):
            continue  # Qt's own parts (the table's corner), hidden headers
        assert widget.accessibleName(), widget.objectName()


def test_the_ips_figures_are_shown_with_their_definitions(
    qtbot, window: MainWindow, ctx: ServiceContext
) -> None:
    from pairdesk.domain import ips
    from pairdesk.domain.enums import ContractType, EntrySituation
    from pairdesk.services import contracts
    from tests.factories import insert_participant

    people = [
        insert_participant(ctx, name, "Fictif", membership_start=dt.date(2025, 9, 1),
                           entry_situation=EntrySituation.OUT_OF_WORK)
        for name in ("Ana", "Ben")
    ]  # fmt: skip
    contracts.add_contract(
        ctx,
        people[0],
        contracts.ContractInput(
            contract_type=ContractType.CDD, hours_per_week=20, started_on=dt.date(2026, 3, 2)
        ),
    )
    contracts.add_contract(  # an older contract without hours: unknown, not guessed
        ctx,
        people[1],
        contracts.ContractInput(contract_type=ContractType.CDI, started_on=dt.date(2026, 4, 6)),
        hours_required=False,
    )
    view = show_indicators(qtbot, window)  # this year: 2026
    values = {
        key: view.model.index(view.model.row_of(f"ips_{key}"), Column.VALUE).data()
        for key in ("employment_rate_out_of_work", "job_starts", "first_job_starts",
                    "unknown_hours", "in_work_over_13_weeks", "entry_not_recorded")
    }  # fmt: skip
    assert values == {
        "employment_rate_out_of_work": percent(1 / 2),  # Ana of Ana and Ben
        "job_starts": "1",
        "first_job_starts": percent(1.0),
        "unknown_hours": "1",  # Ben's contract
        "in_work_over_13_weeks": "1",  # Ana from 2 March, still running
        "entry_not_recorded": "3",  # the workshop's three participants
    }
    row = view.model.row_of("ips_in_work_over_13_weeks")
    tooltip = view.model.index(row, Column.LABEL).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == ips.definition("in_work_over_13_weeks")
    click_row(qtbot, view, "ips_employment_rate_out_of_work")
    assert "1 / 2" in view.details.fraction_label.text()
    words = view.details.words_label.text()
    assert "1" in words and "2" in words and words != fraction_words(view.model.row_at(row))
    assert ips.definition("employment_rate_out_of_work") in view.details.definition_label.text()


def test_export_proposes_the_period_shown(
    qtbot, window: MainWindow, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+E proposed 01/01 to today whatever the page showed: "Ce mois-ci" on screen
    (20 active people) exported the year's 80 (a tester's finding)."""
    from pairdesk.ui import export_actions

    proposed: list[tuple[object, object]] = []

    def look(dialog: export_actions.ExportListDialog) -> int:
        proposed.append((dialog.start_field.date(), dialog.end_field.date()))
        return 0  # Cancel

    monkeypatch.setattr(export_actions.ExportListDialog, "exec", look)
    view = show_indicators(qtbot, window)
    with qtbot.waitSignal(view.computed, timeout=10_000):
        qtbot.mouseClick(view.quick_buttons["last_year"], Qt.MouseButton.LeftButton)
    export_actions.export_current_list(window, ctx)
    # dates typed but not computed yet: the figures shown decide
    view.start_edit.set_date(dt.date(2026, 3, 1))
    export_actions.export_current_list(window, ctx)
    assert proposed == [(dt.date(2025, 1, 1), dt.date(2025, 12, 31))] * 2


def test_means_on_screen_read_as_in_the_documents() -> None:
    """« 4 » and « 1 » on screen, 4,04 and +0,96 in the activity report: one rule now."""
    from pairdesk.domain.indicators import IndicatorValue
    from pairdesk.ui.models.indicators_model import BreakdownModel, format_value

    satisfaction = IndicatorValue("satisfaction_mean", 1701 / 421, 1701, 421, "", "")
    change = IndicatorValue(
        "self_assessment_change", 47.17 / 49, 47.17, 49, "", "", {"confidence": -1.0}
    )
    assert (format_value(satisfaction), format_value(change)) == ("4,04", "+0,96")
    breakdown = BreakdownModel()
    breakdown.set_indicator(change)
    assert breakdown.index(0, 1).data() == "-1,00"  # two decimals, as every mean


def test_the_counts_are_named_then_given_so_one_reads_right() -> None:
    """« 0,7 points d'évolution au total, pour 1 personnes »: a count before its noun."""
    from pairdesk.domain.indicators import IndicatorValue

    change = IndicatorValue("self_assessment_change", 0.7, 0.7, 1, "", "")
    assert fraction_words(change).endswith("au moins deux fois : 1")
