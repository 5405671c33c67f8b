"""Parts every hand-built dialog of the window shares (the form kit's ``FormDialog`` has its
own): the row of buttons saying in words what they do, and a frameless scroll area.

    self.buttons = dialog_buttons(
        self, _("C&reate the vault"), _("Create the vault"), on_accept=self.try_create
    )
    layout.addWidget(scroll_area(self, content), 1)
    layout.addWidget(self.buttons.box)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QScrollArea, QWidget

from pairdesk.i18n import _


class DialogButtons(NamedTuple):
    box: QDialogButtonBox
    accept: QPushButton
    cancel: QPushButton


def dialog_buttons(
    dialog: QDialog,
    text: str,
    accessible_name: str,
    *,
    on_accept: Callable[[], object] | None = None,
    cancel_text: str | None = None,
    cancel_name: str | None = None,
) -> DialogButtons:
    """The dialog's default button ``text`` (Enter; ``on_accept``, else ``dialog.accept``)
    and Cancel (Escape; ``dialog.reject``), each with its accessible name."""
    box = QDialogButtonBox(dialog)
    accept = QPushButton(text, dialog)
    accept.setAccessibleName(accessible_name)
    accept.setDefault(True)
    cancel = QPushButton(cancel_text or _("Cancel"), dialog)
    cancel.setAccessibleName(cancel_name or _("Cancel"))
    box.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(on_accept or dialog.accept)
    box.rejected.connect(dialog.reject)
    return DialogButtons(box, accept, cancel)


def scroll_area(parent: QWidget, content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area: at large text sizes the dialog or page
    scrolls instead of squeezing its fields and buttons."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    return area
