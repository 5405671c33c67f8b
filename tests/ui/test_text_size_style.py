"""The application's style answers even when PySide6 hands it a stale wrapper.

PySide6 may pass, for a widget being built, the old wrapper of a deleted object that lived
at the same address (seen: a ``QWidgetItem`` for a new ``QLineEdit``). Passed on to the
platform style it raised ``TypeError``, and an error escaping a style method called by Qt
crashed PySide6 6.11 (a segfault in the test suite). The calls below are what Qt makes,
with such a wrapper in the widget's place."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyleFactory,
    QStyleOptionFrame,
    QStyleOptionTab,
    QWidget,
    QWidgetItem,
)

from pairdesk.ui import settings_dialog, text_size


def _style() -> text_size.TextSizeStyle:
    base = QStyleFactory.create("Fusion")
    assert base is not None
    return text_size.TextSizeStyle(base)


def test_a_stale_wrapper_in_the_widgets_place_gets_the_answer_without_it(qtbot) -> None:
    style = _style()
    holder = QWidget()
    qtbot.addWidget(holder)
    stale = QWidgetItem(holder)  # what PySide6 handed over in the crash
    option = QStyleOptionFrame()
    for metric in (QStyle.PixelMetric.PM_DefaultFrameWidth, *text_size.SCALED_METRICS):
        assert style.pixelMetric(metric, option, stale) == style.pixelMetric(metric, option)
    tab = QStyleOptionTab()
    size = QSize(40, 12)
    got = style.sizeFromContents(QStyle.ContentsType.CT_TabBarTab, tab, size, stale)
    assert got == style.sizeFromContents(QStyle.ContentsType.CT_TabBarTab, tab, size, None)


def test_the_indicators_still_follow_the_text_size(qtbot, qapp: QApplication) -> None:
    style = _style()
    metric = QStyle.PixelMetric.PM_IndicatorWidth
    at_100 = style.pixelMetric(metric)
    settings_dialog.apply_font_percent(qapp, 200)
    try:
        assert style.pixelMetric(metric) == round(at_100 * 2)
    finally:
        settings_dialog.apply_font_percent(qapp, 100)
