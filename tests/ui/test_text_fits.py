"""Every view at 200 % text on a 1366×768 window, in French and English: no visible label,
button or check box whose text is cut.

Measured, not compared to pixels: a one-line label's text advance against its width, a
word-wrapped label's ``heightForWidth`` against its height, a button's text advance (plus
its icon and the style's margin) against its width, a check box's minimum size hint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QTabWidget,
    QToolButton,
    QWidget,
)

from pairdesk import i18n
from pairdesk.services import coaching, demo
from pairdesk.ui import settings_dialog, tasks
from pairdesk.ui.main_window import PAGES, MainWindow

#: Cuts known and left to the files' owners (each with its reason): none today.
KNOWN: set[str] = set()


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def cut_texts(root: QWidget) -> list[str]:
    """What is visibly cut under ``root``."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            text = widget.text()
            if not text or widget.textFormat() == Qt.TextFormat.RichText or "<" in text:
                continue
            if widget.wordWrap():
                if widget.heightForWidth(widget.width()) > widget.height() + 1:
                    found.append(f"label {text!r}")
                continue
            shown = _plain(text) if widget.buddy() is not None else text
            advance = max(widget.fontMetrics().horizontalAdvance(x) for x in shown.split("\n"))
            if advance > widget.contentsRect().width() + 1:
                found.append(f"label {text!r}")
        elif isinstance(widget, QPushButton | QCheckBox | QRadioButton | QToolButton):
            text = widget.text()
            if not text or text in KNOWN:
                continue
            if isinstance(widget, QCheckBox | QRadioButton):
                needed = widget.minimumSizeHint().width()
            else:
                icon = widget.iconSize().width() + 4 if not widget.icon().isNull() else 0
                margin = widget.style().pixelMetric(
                    QStyle.PixelMetric.PM_ButtonMargin, None, widget
                )
                needed = widget.fontMetrics().horizontalAdvance(_plain(text)) + icon + margin
            if needed > widget.width() + 1:
                found.append(f"{type(widget).__name__} {text!r}")
    return found


@pytest.fixture
def large_text(qapp: QApplication):
    settings_dialog.apply_font_percent(qapp, 200)
    yield
    settings_dialog.apply_font_percent(qapp, 100)


def demo_window(qtbot, ctx, language: str, size: tuple[int, int]) -> MainWindow:
    """The main window of a small demo vault, shown at ``size`` in ``language``."""
    i18n.install(language)
    coaching.ensure_question_bank(ctx)
    demo.generate_demo_data(ctx, participants=12, seed=2, today=dt.date(2026, 11, 25))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    return window


def every_tab(
    qtbot, ctx, language: str, size: tuple[int, int], check: Callable[[QWidget], list[str]]
) -> dict[str, list[str]]:
    """``check`` of each page, and of each page again with each of its tabs shown, in the
    window of a demo vault of ``size``: what it found, by page ("tab: finding")."""
    window = demo_window(qtbot, ctx, language, size)
    problems: dict[str, list[str]] = {}
    for page in PAGES:
        window.show_page(page.key)
        tasks.wait_for_idle()
        qtbot.wait(30)
        widget = window.page(page.key)
        for tabs in [None, *widget.findChildren(QTabWidget)]:
            for index in range(tabs.count() if tabs is not None else 1):
                if tabs is not None:
                    tabs.setCurrentIndex(index)
                    tasks.wait_for_idle()
                    qtbot.wait(30)
                where = _plain(tabs.tabText(index)) if tabs is not None else ""
                problems.setdefault(page.key, []).extend(f"{where}: {f}" for f in check(widget))
    tasks.wait_for_idle()
    return {key: sorted(set(found)) for key, found in problems.items() if found}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_view_shows_its_whole_text_at_200_percent(qtbot, ctx, large_text, language) -> None:
    assert every_tab(qtbot, ctx, language, (1366, 768), cut_texts) == {}


def sideways(root: QWidget) -> list[str]:
    """The scrolled forms under ``root`` wider than their window: they scroll sideways."""
    found = []
    for area in root.findChildren(QScrollArea):
        if area.isVisible() and area.widget() is not None:
            extra = area.horizontalScrollBar().maximum()
            if extra > 0:
                wide = max(
                    (w for w in area.widget().findChildren(QWidget) if w.isVisible()),
                    key=lambda w: w.minimumSizeHint().width(),
                    default=area.widget(),
                )
                found.append(f"+{extra}px, {type(wide).__name__} {wide.accessibleName()!r}")
    return found


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_view_scrolls_sideways_at_200_percent(qtbot, ctx, large_text, language) -> None:
    """On a 1280×720 window (an old laptop's screen less its panel): the offers page's
    "Partagée avec" row (outcome, notes, button on one line) made the whole page 120 px
    wider than the window at 200 %, so its filters and its list scrolled sideways."""
    assert every_tab(qtbot, ctx, language, (1280, 720), sideways) == {}


def test_a_long_status_message_wraps_instead_of_being_cut(qtbot, ctx, large_text) -> None:
    """At 200 %, "Vos modifications sont revenues : vérifiez-les, puis e…" lost the end of
    its instruction beside the vault's and the operator's names."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    tasks.wait_for_idle()
    bar = window.statusBar()
    one_line = bar.height()
    text = "Vos modifications sont revenues : vérifiez-les, puis enregistrez-les. " * 2
    window.show_message(text)
    qtbot.waitUntil(lambda: bar.height() > one_line, timeout=3000)
    assert bar.currentMessage() == text
    assert cut_texts(bar) == []
    label = bar.findChild(QLabel, "statusMessage")
    assert label is not None and label.heightForWidth(label.width()) <= label.height() + 1
    bar.clearMessage()
    assert bar.currentMessage() == ""


def test_the_indicators_keep_their_words_whole_at_200_percent(qtbot, ctx, large_text) -> None:
    """« Personnes accompag… actives »: the label column took what the others left."""
    from pairdesk.ui.models.indicators_model import Column

    window = demo_window(qtbot, ctx, "fr", (1280, 720))
    window.show_page("indicators")
    page = window.page("indicators")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    tasks.wait_for_idle()
    qtbot.wait(50)
    table = page.table
    width = table.columnWidth(Column.LABEL)
    needed = table.fontMetrics().horizontalAdvance("accompagnées")
    assert width >= needed, (width, needed)
