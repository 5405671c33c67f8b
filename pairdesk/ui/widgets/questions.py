"""Questions asked before something is lost: explicit button texts, keyboard defaults.

Tests replace these functions (``monkeypatch.setattr(questions, "confirm", ...)``), so
callers look them up on the module at call time: ``questions.confirm(...)``.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from pairdesk.i18n import _

T = TypeVar("T")


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class DraftChoice(Enum):
    RESTORE = "restore"
    DISCARD = "discard"
    LATER = "later"


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    yes_text: str,
    no_text: str | None = None,
    *,
    warning: bool = False,
) -> bool:
    """Ask a yes/no question whose buttons say what they do; "no" is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setAccessibleName(title)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(no_text or _("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def _three_ways(box: QMessageBox, go: tuple[str, T], lose: tuple[str, T], stay: tuple[str, T]) -> T:
    """``box`` asked with its three worded buttons: ``go`` the default (Return), ``lose``
    a destructive choice only a click or its letter picks, ``stay`` on Escape."""
    default = box.addButton(go[0], QMessageBox.ButtonRole.AcceptRole)
    destructive = box.addButton(lose[0], QMessageBox.ButtonRole.DestructiveRole)
    box.setEscapeButton(box.addButton(stay[0], QMessageBox.ButtonRole.RejectRole))
    box.setDefaultButton(default)
    box.exec()
    clicked = box.clickedButton()
    if clicked is default:
        return go[1]
    return lose[1] if clicked is destructive else stay[1]


def ask_unsaved_changes(parent: QWidget | None, what: str) -> UnsavedChoice:
    """Save / Discard / Cancel for a form with changes not saved yet."""
    box = message_box(
        parent,
        _("Unsaved changes"),
        _("{what} has changes that are not saved yet.").format(what=what),
        icon=QMessageBox.Icon.Warning,
        informative=_("Save them before going on?"),
    )
    return _three_ways(
        box,
        (_("&Save"), UnsavedChoice.SAVE),
        (_("&Discard the changes"), UnsavedChoice.DISCARD),
        (_("&Stay here"), UnsavedChoice.CANCEL),
    )


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    accept_text: str,
    reject_text: str | None = None,
    *,
    warning: bool = False,
) -> bool:
    """``confirm`` under the name the offer and coaching views use."""
    return confirm(parent, title, text, accept_text, reject_text, warning=warning)


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
    informative: str = "",
    details: str = "",
) -> QMessageBox:
    """A message titled ``title`` (its accessible name too) saying ``text``, ``informative``
    under it and ``details`` behind "Show Details"; the caller adds its worded buttons."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setAccessibleName(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    return box


def ask_restore_draft(parent: QWidget | None, text: str) -> DraftChoice:
    """After unlocking, a form left when pairdesk locked: Restore is the default (the
    person has just pressed Return twice to unlock and may press it a third time), Escape
    keeps the draft for the next unlock, and only the explicit "Discard" button loses it."""
    box = message_box(
        parent,
        _("Restore your changes?"),
        text,
        icon=QMessageBox.Icon.Question,
        informative=_("Later: they are offered again at the next unlock."),
    )
    return _three_ways(
        box,
        (_("&Restore the changes"), DraftChoice.RESTORE),
        (_("&Discard them"), DraftChoice.DISCARD),
        (_("&Later"), DraftChoice.LATER),
    )
