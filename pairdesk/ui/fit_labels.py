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
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from pairdesk.ui import lifetime
from pairdesk.ui.screens import available_area


class _DeferredFit(QObject):
    """Watches a window and calls ``fit()`` once, after the events of a resize, a show or a
    layout change have run (several in a row are fitted once)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._pending = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.schedule()
        return False

    def schedule(self) -> None:
        if not self._pending:
            self._pending = True
            lifetime.single_shot(self, 0, self._run)

    def _run(self) -> None:
        self._pending = False
        self.fit()

    def fit(self) -> None:
        raise NotImplementedError


class _LabelFitter(_DeferredFit):
    def __init__(self, dialog: QWidget, labels: Iterable[QLabel], compact: bool) -> None:
        super().__init__(dialog)  # fits after the current events: the fields below are set
        self.dialog = dialog
        self.labels = list(labels)
        self.compact = compact

    def fit(self) -> None:
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


def fitting_width(
    widget: QWidget, characters: int, *, at_least: int = 480, share: float = 0.9
) -> int:
    """About ``characters`` average characters wide (``at_least`` pixels), never wider
    than ``share`` of the screen."""
    wanted = max(at_least, widget.fontMetrics().averageCharWidth() * characters)
    room = available_area(widget)
    if room is not None:
        wanted = min(wanted, int(room.width() * share))
    return wanted


def fitting_height(widget: QWidget, wanted: int) -> int:
    """``wanted`` pixels, never taller than the screen (less room for the title bar): a
    dialog sized from its width (``width * 0.75``) was taller than a 768-pixel screen at
    200 % text, its buttons off the bottom."""
    room = available_area(widget)
    if room is not None:
        wanted = min(wanted, room.height() - 40)
    return max(wanted, 10)


_FITTED = "pairdesk_window_fitted"


class _WindowFitter(_DeferredFit):
    """Keeps one window at least as tall as its layout needs at its width.

    Qt gives a top-level window whose layout has height-for-width (any word-wrapped label)
    no minimum height from that layout, so showing a long error, or a larger text size,
    squeezed the rows and cut the texts. This gives the window the height its layout needs
    at the current width (never more than the screen), and grows it when it is shorter."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def fit(self) -> None:
        fit_window(self.window)


def fit_window(window: QWidget) -> None:
    """Give ``window`` the height its layout needs for its width, now."""
    if not shiboken6.isValid(window) or not window.isVisible():
        return
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width())
    room = available_area(window)
    if room is not None:
        needed = min(needed, room.height() - 40)
    needed = max(needed, layout.totalMinimumSize().height())
    if needed != window.minimumHeight():
        window.setMinimumHeight(needed)
    if window.height() < needed:
        window.resize(window.width(), needed)


class _WindowWatcher(QObject):
    """Installed on the application: fits every dialog the first time it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QDialog)  # first: event.type() builds an Enum every time
            and event.type() == QEvent.Type.Show
            and watched.isWindow()
            and not watched.property(_FITTED)
        ):
            watched.setProperty(_FITTED, True)
            _WindowFitter(watched).schedule()
        return False


def fit_window_to_text(window: QWidget) -> None:
    """For one window, what the application's watcher (``install_window_fitting``) does
    for every dialog: for a window shown before the watcher is installed (the unlock
    dialog, painted before pairdesk installs its application-wide filters, issue 12)."""
    if not window.property(_FITTED):
        window.setProperty(_FITTED, True)
        _WindowFitter(window)  # fits once shown, and after every resize


def install_window_fitting(app: QApplication) -> None:
    """Every dialog of the application grows to show its whole text (once per app)."""
    if app.property(_FITTED):
        return
    app.setProperty(_FITTED, True)
    watcher = _WindowWatcher(app)
    app.installEventFilter(watcher)


def wrapping_form_label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A form's caption that may wrap when long ("Staff (full-time equivalent):"), but
    never breaks a short one ("Téléphone :" once read "Téléphone" over a cut ":")."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    label.setWordWrap(True)
    one_line = label.sizeHint().width()
    label.setMinimumWidth(min(one_line, label.fontMetrics().averageCharWidth() * 16))
    return label


_CHARS = "pairdesk_min_chars"


class _CharacterWidth(QObject):
    """Gives its widget a minimum width of so many average characters, again after every
    change of the text size."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange and isinstance(watched, QWidget):
            _apply_character_width(watched)
        return False


def _apply_character_width(widget: QWidget) -> None:
    chars = widget.property(_CHARS)
    if isinstance(chars, int):
        widget.setMinimumWidth(widget.fontMetrics().averageCharWidth() * chars)


def minimum_width_in_characters(widget: QWidget, characters: int) -> None:
    """Never narrower than ``characters`` average characters at the current text size (a
    search field once shrank to "R…" at 200 %)."""
    first = widget.property(_CHARS) is None
    widget.setProperty(_CHARS, int(characters))
    _apply_character_width(widget)
    if first:
        _CharacterWidth(widget)
