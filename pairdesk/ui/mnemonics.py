"""Alt+letter reaches the page's field, button or tab before the menu bar.

Qt hands an Alt+letter claimed by a menu title and by a label or button of the window to
each in turn: on a participant's file, the first Alt+A opened the "Aller à" menu instead of
going to "Adresse", and a button sharing a menu's letter was never pressed by it. When a
page is shown and when Alt goes down, :class:`MenuMnemonicsYield` looks at the mnemonics
the window shows below its menu bar: a menu title whose letter one of them uses loses its
underline (and its claim) while that is so. Its other titles are unchanged, and Alt alone
still puts the focus in the menu bar (then the arrows and Enter). A field reached by its
letter below the bottom of a scrolling form is scrolled into view by
``ui/focus_in_view.py``. Two widgets of a page sharing a letter get it in turn (Qt's
cycle, a button then only focused); the pages keep their letters apart where they have
letters enough (``tests/ui/test_mnemonics.py``). :func:`second_key` gives a button a key
of its own (Ctrl+S) without taking its letter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabBar,
    QWidget,
)

#: the title a menu was given (with its ``&``), kept on its action
_FULL_TEXT = "pairdesk_full_title"
#: the title last shown, to notice a title changed since (a new language)
_SHOWN_TEXT = "pairdesk_shown_title"


def _mnemonic_at(text: str) -> int | None:
    """Where the ``&`` of ``text``'s mnemonic stands: the first single ``&`` followed by a
    character that is not a space (``&&`` is an ampersand shown as such)."""
    i = 0
    while (i := text.find("&", i)) != -1 and i + 1 < len(text):
        following = text[i + 1]
        if following == "&":
            i += 2
            continue
        return None if following.isspace() else i
    return None


def mnemonic(text: str) -> str | None:
    """The letter of ``text``'s mnemonic, lower case."""
    at = _mnemonic_at(text)
    return None if at is None else text[at + 1].lower()


def without_mnemonic(text: str) -> str:
    """``text`` with its mnemonic's ``&`` removed (``&&`` kept)."""
    at = _mnemonic_at(text)
    return text if at is None else text[:at] + text[at + 1 :]


def _claims(widget: QWidget) -> list[str]:
    """The texts with which ``widget`` claims an Alt+letter."""
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.buddy() is not None else []
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    return []


def shown_mnemonics(root: QWidget) -> dict[str, list[str]]:
    """The letters claimed by the widgets shown inside ``root``, each with its texts."""
    found: dict[str, list[str]] = {}
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        for text in _claims(widget):
            letter = mnemonic(text)
            if letter is not None:
                found.setdefault(letter, []).append(without_mnemonic(text))
    return found


def yield_menus(window: QMainWindow) -> None:
    """Give the menu titles their letter back, except those the page shown uses."""
    central = window.centralWidget()
    taken = set(shown_mnemonics(central)) if central is not None else set()
    for action in window.menuBar().actions():
        text = action.text()
        if text != action.property(_SHOWN_TEXT):  # a title never seen, or changed since
            action.setProperty(_FULL_TEXT, text)
        full = str(action.property(_FULL_TEXT))
        shown = without_mnemonic(full) if mnemonic(full) in taken else full
        if shown != text:
            action.setText(shown)
        action.setProperty(_SHOWN_TEXT, shown)


class MenuMnemonicsYield(QObject):
    """Watches the application for Alt going down in ``window`` (an application-wide event
    filter, since the key goes to whichever widget has the focus)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Alt
            and not event.isAutoRepeat()
            and QApplication.activeWindow() is self._window
        ):
            yield_menus(self._window)
        return False


def second_key(button: QAbstractButton, key: QKeySequence | QKeySequence.StandardKey) -> QShortcut:
    """``key`` (Ctrl+S, Page Down…) presses ``button`` too, and its Alt+letter still does: a
    button's own ``setShortcut`` replaced the letter's shortcut, and "Enre&gistrer comme
    nouvelle version" typed a "g" into the CV instead. Like a button's own shortcut, the
    key acts while the button is shown, anywhere in its window, and not while disabled."""
    shortcut = QShortcut(QKeySequence(key), button)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    def press() -> None:
        if button.isEnabled():
            button.animateClick()

    shortcut.activated.connect(press)
    return shortcut
