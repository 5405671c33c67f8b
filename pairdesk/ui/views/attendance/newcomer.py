"""The inline offer shown at the door when the name typed is on no list.

"“Zoé Martin” is not on the list": add her as a new person (first and last name prefilled
from what was typed, her agreement to a file asked in one plain sentence), or count her
as a visitor without a file. No dialog: it opens under the check-in field, Enter adds
(once the agreement is ticked), Escape goes back to the field. Someone whose role may not
open files (a volunteer) is offered only the visitor count, and told why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.names import split_name
from pairdesk.i18n import _
from pairdesk.ui.widgets.dialog_parts import wrapped_label
from pairdesk.ui.widgets.field_error import FieldErrors

NAME_MAX = 100


class _SentenceLabel(QLabel):
    """The consent sentence: wraps at any text size, and a click ticks its check box."""

    def __init__(self, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(parent)
        self._box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._box.isEnabled():
            self._box.toggle()
            self._box.setFocus(Qt.FocusReason.MouseFocusReason)
            return
        super().mousePressEvent(event)


class NewcomerOffer(QFrame):
    """Add someone not on the list as a new person, or count them as a visitor."""

    add_requested = Signal(str, str, bool)  # first name, last name, consent
    visitor_requested = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget, *, may_add: bool) -> None:
        super().__init__(parent)
        self.setObjectName("newcomerOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Never squeezed below its natural height (at 200 % text the page scrolls instead).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Someone not on the list"))
        self._may_add = may_add
        self._typed = ""

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        font = self.message.font()
        font.setBold(True)
        self.message.setFont(font)

        self.first_field = QLineEdit(self)
        self.first_field.setMaxLength(NAME_MAX)
        self.first_field.setAccessibleName(_("First name of the new person"))
        self.last_field = QLineEdit(self)
        self.last_field.setMaxLength(NAME_MAX)
        self.last_field.setAccessibleName(_("Last name of the new person"))
        self.errors = FieldErrors()
        first_label = QLabel(_("&First name:"), self)
        first_label.setBuddy(self.first_field)
        last_label = QLabel(_("&Last name:"), self)
        last_label.setBuddy(self.last_field)
        names = QFormLayout()
        names.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        names.addRow(first_label, self.errors.wrap("first_name", self.first_field))
        names.addRow(last_label, self.errors.wrap("last_name", self.last_field))

        consent_holder = QWidget(self)
        self.consent_box = QCheckBox(consent_holder)
        self.consent_sentence = _SentenceLabel(self.consent_box, consent_holder)
        consent_row = QHBoxLayout(consent_holder)
        consent_row.setContentsMargins(0, 0, 0, 0)
        consent_row.addWidget(self.consent_box, 0, Qt.AlignmentFlag.AlignTop)
        consent_row.addWidget(self.consent_sentence, 1)
        consent_holder.setFocusProxy(self.consent_box)
        consent_wrapped = self.errors.wrap("consent", consent_holder)

        self.add_button = QPushButton(_("&Add as a new person and check in"), self)
        self.add_button.setAccessibleName(_("Add as a new person and mark them present"))
        self.visitor_button = QPushButton(_("Count as a &visitor, without a file"), self)
        self.visitor_button.setAccessibleName(
            _("Count one visitor at this workshop, keeping no name")
        )
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAccessibleName(_("Close this offer and go back to the check-in"))
        for button in (self.add_button, self.visitor_button, self.cancel_button):
            button.setAutoDefault(True)  # Enter presses the button that has the focus

        self.role_note = wrapped_label(
            _(
                "Your role does not let you open a file for a new person. You can count "
                "them as a visitor now; a coordinator or a facilitator can add them later."
            ),
            self,
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.visitor_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)

        self.add_part = QWidget(self)
        add_layout = QVBoxLayout(self.add_part)
        add_layout.setContentsMargins(0, 0, 0, 0)
        add_layout.addLayout(names)
        add_layout.addWidget(consent_wrapped)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.add_part)
        layout.addWidget(self.role_note)
        layout.addLayout(buttons)

        self.add_part.setVisible(may_add)
        self.add_button.setVisible(may_add)
        self.role_note.setVisible(not may_add)
        if may_add:
            QWidget.setTabOrder(self.first_field, self.last_field)
            QWidget.setTabOrder(self.last_field, self.consent_box)
            QWidget.setTabOrder(self.consent_box, self.add_button)
            QWidget.setTabOrder(self.add_button, self.visitor_button)
        QWidget.setTabOrder(self.visitor_button, self.cancel_button)

        self.first_field.textChanged.connect(self._names_changed)
        self.last_field.textChanged.connect(self._names_changed)
        self.consent_box.toggled.connect(self._update)
        self.add_button.clicked.connect(self.add)
        self.visitor_button.clicked.connect(self.visitor_requested)
        self.cancel_button.clicked.connect(self.cancel)
        self._names_changed()  # the agreement's sentence is its accessible name
        self.hide()

    @property
    def may_add(self) -> bool:
        return self._may_add

    @property
    def typed(self) -> str:
        """The text this offer was opened for."""
        return self._typed

    def offer(self, typed: str) -> None:
        """Open for ``typed``: names prefilled, agreement not ticked, focus where the next
        key is pressed (the agreement, or the visitor button for a volunteer)."""
        self._typed = " ".join(typed.split())
        if self._may_add:
            text = _(
                "“{text}” is not on the list. Add them as a new person, or count them as a "
                "visitor without a file."
            )
        else:
            text = _("“{text}” is not on the list.")
        self.message.setText(text.format(text=self._typed))
        first, last = split_name(self._typed)
        self.first_field.setText(first)
        self.last_field.setText(last)
        self.consent_box.setChecked(False)
        side = max(self.consent_box.fontMetrics().height() * 4 // 5, 13)
        self.consent_box.setStyleSheet(
            f"QCheckBox::indicator {{ width: {side}px; height: {side}px; }}"
        )  # the one box that matters here grows with the text size
        self.errors.clear()
        self._names_changed()
        self.show()
        target = self.consent_box if self._may_add else self.visitor_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_offer(self) -> None:
        self._typed = ""
        self.errors.clear()
        self.hide()

    def cancel(self) -> None:
        self.close_offer()
        self.cancelled.emit()

    def add(self) -> None:
        if not self._may_add:
            return
        if not self.consent_box.isChecked():
            self.consent_box.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.add_requested.emit(self.first_field.text(), self.last_field.text(), True)

    def show_error(self, exc: BaseException) -> bool:
        """Show a service's refusal beside its field; False if it names none of them."""
        return self.errors.show(exc)

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: the check-in of a newcomer runs with this panel as its parent."""
        return self.show_error(error)

    def _name(self) -> str:
        name = " ".join(f"{self.first_field.text()} {self.last_field.text()}".split())
        return name or _("This person")

    def _names_changed(self) -> None:
        sentence = _("{name} agrees that the association keeps a file about them.").format(
            name=self._name()
        )
        self.consent_sentence.setText(sentence)
        self.consent_box.setAccessibleName(sentence)
        self._update()

    def _update(self) -> None:
        self.add_button.setEnabled(self._may_add and self.consent_box.isChecked())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter (from a name field or the agreement) adds; Escape closes the offer."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._may_add:
                self.add()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)
