"""The indicators' period and the attendance week are typed dates: "0312" and
"03/12/2026" are read, 31/02 is refused beside the field and never clamped."""

from __future__ import annotations

import datetime as dt

from pairdesk.ui import tasks
from pairdesk.ui.main_window import MainWindow


def _type(qtbot, field, text: str) -> None:
    field.editor.setFocus()
    field.editor.selectAll()
    qtbot.keyClicks(field.editor, text)
    field.editor.editingFinished.emit()


def test_indicators_period_reads_typed_dates_and_refuses_31_february(qtbot, ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("indicators")
    page = window.page("indicators")
    _type(qtbot, page.start_edit, "0312")
    _type(qtbot, page.end_edit, "31/12/2026")
    assert page.period() == (dt.date(2026, 12, 3), dt.date(2026, 12, 31))
    _type(qtbot, page.start_edit, "31/02/2026")
    page.compute()  # refused: nothing computed, the reason beside the field
    assert page.start_edit.text() == "31/02/2026"  # kept as typed, never 28/02
    assert page.start_edit.message.isVisible()
    tasks.wait_for_idle()


def test_attendance_week_follows_a_typed_day_and_keeps_it_on_an_impossible_one(qtbot, ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("attendance")
    page = window.page("attendance")
    tasks.wait_for_idle()
    _type(qtbot, page.day_field, "03/12/2026")
    assert page.shown_day() == dt.date(2026, 12, 3)
    assert page.period()[0] == dt.date(2026, 11, 30)  # the Monday of that week
    _type(qtbot, page.day_field, "31/02/2026")
    assert page.shown_day() == dt.date(2026, 12, 3)
    assert page.day_field.text() == "31/02/2026"
    assert page.day_field.message.isVisible()
    tasks.wait_for_idle()
