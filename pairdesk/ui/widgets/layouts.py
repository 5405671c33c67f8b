"""A page title and a flow layout (rows of filters that wrap at 200 % text size)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QTabWidget, QVBoxLayout, QWidget

from pairdesk.ui.text_size import relative_font
from pairdesk.ui.widgets.flow_layout import field_pair


def page_title(parent: QWidget, text: str) -> QLabel:
    title = QLabel(text, parent)
    title.setObjectName("pageTitle")
    relative_font(title, 1.4, bold=True)
    title.setAccessibleName(text)
    return title


def titled_tabs(page: QWidget, title: str, accessible_name: str) -> QTabWidget:
    """A page made of its title over its tabs (the page's layout); add the tabs to it."""
    tabs = QTabWidget(page)
    tabs.setAccessibleName(accessible_name)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 12, 12, 12)
    layout.addWidget(page_title(page, title))
    layout.addWidget(tabs, 1)
    return tabs


def tab_order(widgets: list[QWidget]) -> None:
    """Tab moves through ``widgets`` in this order."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps to the next line when the width runs
    out, so rows of filters stay readable at 200 % font size (Qt's "flow layout" example).

    Superseded by ``widgets.flow_layout.FlowRow`` (a widget, safe in ``QWidget.grab()``):
    only ``views/coaching/question_bank.py`` still uses this one; delete it when that
    editor moves to ``FlowRow``."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 12) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            width = min(hint.width(), area.width())
            if x > area.x() and x + width > area.right() + 1:
                x = area.x()
                y += line_height + self._spacing // 2
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


def labelled_pair(parent: QWidget, text: str, field: QWidget) -> QWidget:
    """A label (with its & mnemonic and buddy) and its field, kept together in a flow."""
    label = QLabel(text, parent)
    label.setBuddy(field)
    return field_pair(parent, label, field)
