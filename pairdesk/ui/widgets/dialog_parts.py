"""Parts every hand-built dialog and wizard of the window shares (the form kit's
``FormDialog`` has its own): the row of buttons saying in words what they do, a frameless
scroll area, a wrapping label, the wizards' buttons in words, a path and its "Browse…",
the dialog's column that grows to what it shows, a refusal line, and its size.

    self.buttons = dialog_buttons(
        self, _("C&reate the vault"), _("Create the vault"), on_accept=self.try_create
    )
    layout = growing_column(self)
    layout.addWidget(scroll_area(self, content), 1)
    layout.addWidget(self.buttons.box)
    fit_dialog(self, 90, tall=0.7)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from pairdesk.i18n import _, ngettext
from pairdesk.ui import lifetime
from pairdesk.ui.fit_labels import (
    fit_wrapped_labels,
    fitting_height,
    fitting_width,
    wrapped_labels,
)
from pairdesk.ui.models.rows import RowsModel
from pairdesk.ui.screens import available_area
from pairdesk.ui.widgets.field_error import make_error_label


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
    cancel_default: bool = False,
) -> DialogButtons:
    """The dialog's default button ``text`` (Enter; ``on_accept``, else ``dialog.accept``)
    and Cancel (Escape; ``dialog.reject``), each with its accessible name.
    ``cancel_default``: Enter cancels (the button does what cannot be undone)."""
    box = QDialogButtonBox(dialog)
    accept = QPushButton(text, dialog)
    accept.setAccessibleName(accessible_name)
    cancel = QPushButton(cancel_text or _("Cancel"), dialog)
    cancel.setAccessibleName(cancel_name or _("Cancel"))
    (cancel if cancel_default else accept).setDefault(True)
    box.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(on_accept or dialog.accept)
    box.rejected.connect(dialog.reject)
    return DialogButtons(box, accept, cancel)


def worded_button(parent: QWidget, text: str, accessible_name: str) -> QPushButton:
    """A push button saying what it does (``text`` with its mnemonic) and its accessible
    name."""
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible_name)
    return button


def button_row(*left: QWidget, right: Sequence[QWidget] = ()) -> QHBoxLayout:
    """Buttons on one line: ``left`` at the start, ``right`` at the end (Close)."""
    row = QHBoxLayout()
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row


def status_line(parent: QWidget, object_name: str) -> QLabel:
    """The line that says how a long action goes ("Backing up the vault…", then where
    the file went); it wraps rather than cutting a path."""
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setAccessibleName(_("Progress"))
    return label


def scroll_area(parent: QWidget, content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area: at large text sizes the dialog or page
    scrolls instead of squeezing its fields and buttons."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    return area


def wrapped_label(text: str, parent: QWidget) -> QLabel:
    """A label whose text wraps at the width it is given."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


def name_wizard_buttons(wizard: QWizard, commit_name: str) -> None:
    """The wizard's buttons in words with mnemonics, each with its accessible name; the
    commit button (the step that writes) is named ``commit_name``."""
    for which, name in (
        (QWizard.WizardButton.BackButton, _("Back")),
        (QWizard.WizardButton.NextButton, _("Next")),
        (QWizard.WizardButton.CommitButton, commit_name),
        (QWizard.WizardButton.FinishButton, _("Finish")),
        (QWizard.WizardButton.CancelButton, _("Cancel")),
    ):
        button = wizard.button(which)
        if button is not None:
            button.setAccessibleName(name)
    wizard.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
    wizard.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
    wizard.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
    wizard.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))


def path_row(parent: QWidget, field: QLineEdit, button: QPushButton) -> QWidget:
    """A file or folder path and its "Browse…" button on one line; the focus goes to the
    path (so a label's mnemonic and an error reach it)."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(button)
    row.setFocusProxy(field)
    return row


def choose_image(parent: QWidget) -> Path | None:
    """Ask for a logo image (PNG or JPEG), starting in the home folder; None if cancelled."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose the logo"), str(Path.home()), _("Images (*.png *.jpg *.jpeg)")
    )
    return Path(chosen) if chosen else None


def scrolled_form(parent: QWidget, *parts: QWidget | QLayout) -> QScrollArea:
    """``parts`` (an intro, the form, its error line…) one under the other in a frameless
    scroll area, as high as they need up to half the screen (the form scrolls beyond)."""
    content = QWidget(parent)
    layout = QVBoxLayout(content)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addStretch(1)
    area = scroll_area(parent, content)
    room = available_area(parent)
    most = int(room.height() * 0.5) if room is not None else 400
    area.setMinimumHeight(min(content.sizeHint().height() + 40, most))
    return area


def growing_column(dialog: QDialog) -> QVBoxLayout:
    """The dialog's main column; the dialog grows to what it shows (a long error, a larger
    text size) rather than squeezing it (``SetMinimumSize``)."""
    layout = QVBoxLayout(dialog)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
    return layout


def refusal_line(parent: QWidget, object_name: str) -> QLabel:
    """A hidden line for a refusal about the whole dialog, shown whole when given a text
    (``make_error_label``)."""
    label = QLabel(parent)
    label.setObjectName(object_name)
    make_error_label(label)
    label.hide()
    return label


def fit_dialog(
    dialog: QDialog, characters: int, *, tall: float | None = None, compact: bool = False
) -> None:
    """Size ``dialog``: about ``characters`` average characters wide, ``tall`` times its
    width high (never more than the screen; without ``tall``, as high as it needs); its
    word-wrapped labels (error labels too) keep the height their text needs, a
    ``compact`` dialog gives back the height it no longer needs."""
    width = fitting_width(dialog, characters)
    dialog.resize(width, fitting_height(dialog, int(width * tall)) if tall else 10)
    fit_wrapped_labels(dialog, wrapped_labels(dialog), compact=compact)


def bring_into_view(widget: QWidget) -> None:
    """Scroll the nearest scroll area holding ``widget`` so that it shows whole (a list
    given the focus below the bottom of a page at 200 % text), once the layouts pending
    (rows just put in the list) have been done."""

    def scroll() -> None:
        parent = widget.parentWidget()
        while parent is not None:
            content = parent.widget() if isinstance(parent, QScrollArea) else None
            if isinstance(parent, QScrollArea) and content is not None:
                # not ensureWidgetVisible: for a list it shows only the current row
                corner = widget.mapTo(content, QPoint(0, 0))
                half_width, half_height = widget.width() // 2, widget.height() // 2
                parent.ensureVisible(
                    corner.x() + half_width, corner.y() + half_height, half_width, half_height
                )
                return
            parent = parent.parentWidget()

    lifetime.single_shot(widget, 0, scroll)


def focus_list(table: QTableView) -> None:
    """Down from a search box: the list of results takes the focus, its first row selected
    unless one already is (nothing happens when it is empty)."""
    if table.model().rowCount() == 0:
        return
    table.setFocus(Qt.FocusReason.OtherFocusReason)
    if not table.selectionModel().hasSelection():
        table.selectRow(0)


def choose_among_found(
    table: QTableView, model: RowsModel[Any], found: Sequence[Any], text: str
) -> str:
    """Several people match the name typed at a check-in: they fill ``table``, which takes
    the focus with the first selected and scrolls into view, for the person at the door to
    choose with the arrows and Enter. Returns what the status bar says."""
    model.set_rows(found)  # a reset: no row selected any more
    focus_list(table)
    bring_into_view(table)
    return ngettext(
        "{n} person matches “{text}”: choose with the arrows, then Enter.",
        "{n} people match “{text}”: choose with the arrows, then Enter.",
        len(found),
    ).format(n=len(found), text=text.strip())
