"""Questions asked before something is lost: explicit button texts, keyboard defaults.

Tests replace these functions (``monkeypatch.setattr(questions, "confirm", ...)``), so
callers look them up on the module at call time: ``questions.confirm(...)``.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from pairdesk.i18n import _


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


def ask_unsaved_changes(parent: QWidget | None, what: str) -> UnsavedChoice:
    """Save / Discard / Cancel for a form with changes not saved yet."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("{what} has changes that are not saved yet.").format(what=what))
    box.setInformativeText(_("Save them before leaving?"))
    box.setAccessibleName(_("Unsaved changes"))
    save = box.addButton(_("&Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("&Discard the changes"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("&Stay here"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return UnsavedChoice.SAVE
    if clicked is discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


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
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Restore your changes?"))
    box.setText(text)
    box.setInformativeText(_("Later: they are offered again at the next unlock."))
    box.setAccessibleName(_("Restore your changes?"))
    restore = box.addButton(_("&Restore the changes"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("&Discard them"), QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(later)
    box.exec()
    clicked = box.clickedButton()
    if clicked is restore:
        return DraftChoice.RESTORE
    if clicked is discard:
        return DraftChoice.DISCARD
    return DraftChoice.LATER
