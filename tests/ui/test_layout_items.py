"""ui/layout_items: no Python wrapper outlives the layout item Qt deleted (PySide6 keeps one
for each item of a layout given to ``addLayout``; a new Qt object at the same address then
reached Python as that ``QWidgetItem``)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QVBoxLayout,
    QWidget,
)

from pairdesk.ui import layout_items


def item_wrappers() -> set[int]:
    """The layout items (not layouts) PySide6 holds a valid wrapper for, by address."""
    return {
        shiboken6.getCppPointer(w)[0]
        for w in shiboken6.getAllValidWrappers()
        if isinstance(w, QLayoutItem) and not isinstance(w, QLayout)
    }


def filled_row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    inner = QVBoxLayout()
    inner.addWidget(QLabel("dedans"))
    row.addLayout(inner)
    row.addStretch(1)
    return row


def test_a_widget_deleted_from_an_added_layout_leaves_no_wrapper(qtbot: Any) -> None:
    layout_items.install()  # (the UI conftest did it too; a second call changes nothing)
    before = item_wrappers()
    host = QWidget()
    qtbot.addWidget(host)
    column = QVBoxLayout(host)
    gone = QLabel("supprimé")
    column.addLayout(filled_row(gone, QLabel("reste")), 1)
    column.insertLayout(0, filled_row(QLabel("avant")))
    grid = QGridLayout()
    column.addLayout(grid)
    grid.addLayout(filled_row(QLabel("grille")), 0, 0)
    assert item_wrappers() <= before  # none kept by the glue

    gone.deleteLater()  # Qt deletes its QWidgetItem; PySide6 is not told
    del gone
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert item_wrappers() <= before
    host.show()
    qtbot.waitExposed(host)  # the layouts still work
    assert column.count() == 3
