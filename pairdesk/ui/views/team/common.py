"""Small pieces shared by the tabs of the "Team and settings" page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from pairdesk.ui.models.team_model import ID_ROLE
from pairdesk.ui.widgets.tables import make_table as make_table


def selected_id(table: QTableView) -> int | None:
    """The id of the selected row, or None."""
    index = table.currentIndex()
    if not index.isValid() or not table.selectionModel().isSelected(index):
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0]
    value = index.siblingAtColumn(0).data(ID_ROLE)
    return int(value) if value is not None else None


def select_id(table: QTableView, record_id: int | None) -> None:
    """Select the row of ``record_id`` (if shown)."""
    model = table.model()
    if record_id is None or model is None:
        return
    for row in range(model.rowCount()):
        if model.index(row, 0).data(ID_ROLE) == record_id:
            table.selectRow(row)
            table.setCurrentIndex(model.index(row, 0))
            return


def note_label(text: str, parent: QWidget) -> QLabel:
    """A sentence explaining something about the tab (read-only, privacy…)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(
        "background: #eef3fb; color: #1a2a40; border: 1px solid #9db3d6; padding: 6px;"
    )
    return label


def add_shortcut(
    key: QKeySequence.StandardKey,
    parent: QWidget,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> QShortcut:
    """A shortcut active while the focus is inside ``parent`` (so tabs do not clash)."""
    shortcut = QShortcut(QKeySequence(key), parent)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut
