"""A row of buttons or filters that wraps onto the next line instead of being cut.

At 200 % text size on a 1366×768 screen a row of five buttons ("Planifier un atelier…",
"Imprimer la feuille…") is wider than the page: in a ``QHBoxLayout`` the buttons were
squeezed until their words were cut, or the page scrolled sideways. ``FlowRow`` places
its widgets left to right and starts a new line when the next one does not fit; the page
gives it the height its lines need (height-for-width).

    row = FlowRow(parent)
    row.addWidget(plan_button)
    row.addWidget(edit_button)
    layout.addWidget(row)

A widget whose horizontal size policy expands (a search field) takes the room left on its
line; no widget is ever narrower than its minimum size, nor wider than the row.

It is a widget that places its children itself rather than a ``QLayout`` subclass: Qt
calls a Python layout's virtuals from deep inside its own layout passes, and a nested one
crashed PySide6 6.12 in ``QWidget.grab()``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QStyle, QWidget


class FlowRow(QWidget):
    """Children left to right, wrapping to a new line when the line is full."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._spacing = spacing
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def addWidget(self, widget: QWidget) -> None:
        widget.setParent(self)
        widget.installEventFilter(self)
        self._changed()

    def add_button(
        self,
        text: str,
        accessible_name: str,
        tooltip: str = "",
        *,
        clicked: Callable[[], object] | None = None,
    ) -> QPushButton:
        """A button saying in words what it does (``text`` with its ``&`` shortcut), next
        in the row; ``tooltip`` says its keyboard shortcut or more; ``clicked`` runs on a
        click."""
        button = QPushButton(text, self)
        button.setAccessibleName(accessible_name)
        if tooltip:
            button.setToolTip(tooltip)
        if clicked is not None:
            button.clicked.connect(lambda _checked=False: clicked())
        self.addWidget(button)
        return button

    def widgets(self) -> list[QWidget]:
        """The children in the order they were added."""
        return [child for child in self.children() if isinstance(child, QWidget)]

    # -- size ------------------------------------------------------------------------
    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(width, move=False)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        shown = self._shown()
        width = sum(w.sizeHint().expandedTo(w.minimumSize()).width() for w in shown)
        width += self._gap() * max(0, len(shown) - 1)
        height = max((w.sizeHint().height() for w in shown), default=0)
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest single widget: everything else wraps."""
        size = QSize(0, 0)
        for widget in self._shown():
            size = size.expandedTo(widget.minimumSizeHint().expandedTo(widget.minimumSize()))
        return QSize(size.width(), self._place(max(1, self.width()), move=False))

    # -- events ----------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self._changed()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(self.width(), move=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._changed()
        return False

    def _changed(self) -> None:
        self.updateGeometry()
        self._place(self.width(), move=True)

    # -- placing ---------------------------------------------------------------------
    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        value = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        return value if value >= 0 else 6

    def _shown(self) -> list[QWidget]:
        return [w for w in self.widgets() if not w.isHidden()]

    def _place(self, width: int, *, move: bool) -> int:
        width = max(1, width)
        gap = self._gap()
        lines: list[list[tuple[QWidget, int]]] = [[]]
        used = 0
        for widget in self._shown():
            hint = widget.sizeHint().expandedTo(widget.minimumSize())
            wanted = min(hint.width(), width)
            line = lines[-1]
            if line and used + gap + wanted > width:
                lines.append([])
                line = lines[-1]
                used = 0
            used += (gap if line else 0) + wanted
            line.append((widget, wanted))
        y = 0
        for line in lines:
            if not line:
                continue
            height = max(w.sizeHint().height() for w, _ in line)
            free = width - sum(w for _, w in line) - gap * (len(line) - 1)
            growing = [w for w, _ in line if _expands(w)]
            x = 0
            for widget, item_width in line:
                if widget in growing:
                    item_width += free // len(growing)
                if move:
                    item_height = min(height, max(widget.sizeHint().height(), 1))
                    top = y + (height - item_height) // 2
                    widget.setGeometry(QRect(x, top, item_width, item_height))
                x += item_width + gap
            y += height + gap
        return max(0, y - gap)


def _expands(widget: QWidget) -> bool:
    policy = widget.sizePolicy().horizontalPolicy()
    return policy in (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)


def field_pair(parent: QWidget, label: QWidget, field: QWidget) -> QWidget:
    """A caption and its field on one line, kept together when a ``FlowRow`` wraps."""
    holder = QWidget(parent)
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label)
    row.addWidget(field, 1)
    return holder
