"""The field with the focus stays in sight in a scrolling form.

Qt scrolls a form (a ``QScrollArea``) to the focused field for Tab only. Two other ways left
a person typing into a field they could not see, on a participant's file at 200 % text:
Alt+letter going to a field below the window's bottom, and the form growing shorter under
the cursor (the line "Modifications pas encore enregistrées" appears above it at the first
key and wraps). :class:`FocusInView` scrolls the field back into view in both cases.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from pairdesk.ui.widgets.dialog_parts import bring_into_view


def _shrunk_form(watched: QObject, event: QEvent) -> QScrollArea | None:
    """The scroll area whose viewport ``event`` made shorter, if it is one."""
    if not (event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent)):
        return None
    if event.size().height() >= event.oldSize().height() or event.oldSize().height() < 0:
        return None
    area = watched.parent() if isinstance(watched, QWidget) else None
    if isinstance(area, QScrollArea) and area.viewport() is watched:
        return area
    return None


class FocusInView(QObject):
    """An application-wide event filter (the focus may be in any window), removed with its
    ``parent``."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and event.reason() == Qt.FocusReason.ShortcutFocusReason
            and isinstance(watched, QWidget)
        ):
            bring_into_view(watched)
        elif (area := _shrunk_form(watched, event)) is not None:
            focus = QApplication.focusWidget()
            content = area.widget()
            if focus is not None and content is not None and content.isAncestorOf(focus):
                bring_into_view(focus)
        return False
