"""Error labels of the forms not on the form kit yet (offer, mock interview, question
bank): they go once those forms are on ``pairdesk.ui.forms`` (helper "pageforms")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.ui.widgets.field_error import make_error_label, under_field


class ErrorLabel(QLabel):
    """An error under its field: an icon and the words "Error:", never colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        make_error_label(self)
        self.setVisible(False)

    def show_message(self, message: str) -> None:
        self.setText(_("⚠ Error: {message}").format(message=message))
        self.setAccessibleName(self.text())
        self.setVisible(True)

    def clear_message(self) -> None:
        self.clear()
        self.setVisible(False)


class FormErrors:
    """Error labels keyed by the service's field names (``InvalidInput.field``)."""

    def __init__(self, general: ErrorLabel) -> None:
        self.general = general
        self.labels: dict[str, ErrorLabel] = {}
        self.widgets: dict[str, QWidget] = {}

    def add_row(
        self,
        form: QFormLayout,
        text: str,
        widget: QWidget,
        *fields: str,
        buddy: QWidget | None = None,
    ) -> ErrorLabel:
        """Add ``text`` (with its & mnemonic) and ``widget`` with an error label under it."""
        error = ErrorLabel()
        holder = under_field(form.parentWidget(), widget, error)
        label = QLabel(text, form.parentWidget())
        label.setBuddy(buddy or widget)
        form.addRow(label, holder)
        for field in fields:
            self.labels[field] = error
            self.widgets[field] = buddy or widget
        return error

    def clear(self) -> None:
        self.general.clear_message()
        for label in self.labels.values():
            label.clear_message()

    def show(self, exc: InvalidInput) -> None:
        """Show the message next to its field (or at the top) and move the focus there."""
        self.clear()
        field = exc.field or ""
        label = self.labels.get(field)
        if label is None:
            matches = [name for name in self.labels if field.startswith(name)]
            label = self.labels[matches[0]] if matches else None
            field = matches[0] if matches else field
        if label is None:
            self.general.show_message(exc.message)
            return
        label.show_message(exc.message)
        widget = self.widgets.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
