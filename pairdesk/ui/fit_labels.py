"""Word-wrapped labels in a dialog do not claim the height their text needs at the
dialog's width (Qt lays top-level windows out without height-for-width), so long texts
get cut, most visibly at 200 % text size. ``fit_wrapped_labels(dialog, labels)`` gives
each label the height it needs whenever the dialog is shown or resized; a dialog whose
layout uses ``SetMinimumSize`` then grows to show them.
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QWidget

from pairdesk.ui import lifetime


class _LabelFitter(QObject):
    def __init__(self, dialog: QWidget, labels: Iterable[QLabel], compact: bool) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.labels = list(labels)
        self.compact = compact
        self._pending = False
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.schedule()
        return False

    def schedule(self) -> None:
        if not self._pending:
            self._pending = True
            lifetime.single_shot(self, 0, self.fit)

    def fit(self) -> None:
        self._pending = False
        if not shiboken6.isValid(self.dialog) or not self.dialog.isVisible():
            return
        changed = False
        for label in self.labels:
            if not shiboken6.isValid(label) or not label.wordWrap() or label.isHidden():
                continue
            width = label.width()
            if width <= 0:
                continue
            needed = label.heightForWidth(width) if label.text() else 0
            if needed >= 0 and needed != label.minimumHeight():
                label.setMinimumHeight(needed)
                changed = True
        layout = self.dialog.layout()
        if changed and self.compact and layout is not None:
            # Labels measured before the layout had its width may have asked for too much.
            layout.activate()
            height = max(layout.minimumSize().height(), self.dialog.minimumHeight())
            if self.dialog.height() > height:
                self.dialog.resize(self.dialog.width(), height)


def fit_wrapped_labels(dialog: QWidget, labels: Iterable[QLabel], *, compact: bool = False) -> None:
    """Keep these word-wrapped labels tall enough for their text in ``dialog``; a
    ``compact`` dialog (a short form) also gives back height it no longer needs."""
    _LabelFitter(dialog, labels, compact)


def wrapped_labels(dialog: QWidget) -> list[QLabel]:
    """Every word-wrapped label of the dialog (its field error labels included)."""
    return [label for label in dialog.findChildren(QLabel) if label.wordWrap()]


def fitting_width(widget: QWidget, characters: int) -> int:
    """About ``characters`` average characters wide, never wider than the screen."""
    wanted = max(480, widget.fontMetrics().averageCharWidth() * characters)
    screen = widget.screen()
    if screen is not None:
        wanted = min(wanted, int(screen.availableGeometry().width() * 0.9))
    return wanted
