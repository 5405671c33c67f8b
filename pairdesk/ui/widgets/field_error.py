"""Validation messages shown under the field they are about, in words (not colour alone).

    errors = FieldErrors()
    form.addRow(email_label, errors.wrap("email", self.email_field))
    ...
    except InvalidInput as exc:
        if not errors.show(exc):   # False when no field of this form has that name
            show_error(self, exc)

``FieldErrors.clear()`` hides every message; nothing the user typed is touched.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from pairdesk.errors import UserError
from pairdesk.i18n import _

#: The dynamic property every label showing an error carries (tests find them by it).
ERROR_LABEL = "pairdesk_error_label"
ERROR_STYLE = "color: #a4000f; font-weight: bold;"
_FOLLOWS = "pairdesk_height_follows_width"


class _HeightFollowsWidth(QObject):
    """Keeps a word-wrapped label's minimum height at what its text needs at its width:
    a layout short of room (a page without a scroll bar, a crowded form) then takes the
    room from a stretch or grows its scroll area instead of cutting the message."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self.label = label
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
            self.follow()
        return False

    def follow(self) -> None:
        label = self.label
        width = label.width()
        needed = label.heightForWidth(width) if label.text() and width > 0 else 0
        if needed >= 0 and needed != label.minimumHeight():
            label.setMinimumHeight(needed)


def selectable_text(label: QLabel) -> None:
    """Let the mouse select ``label``'s text, to copy it. Set by the property's name:
    ``Qt.TextInteractionFlag`` makes PySide6 create the Python enums of the whole ``Qt``
    namespace (~120 classes, 10–15 ms), which the unlock dialog needs for nothing else
    before its first paint (issue 12)."""
    label.setProperty("textInteractionFlags", "TextSelectableByMouse")


def make_error_label(label: QLabel) -> QLabel:
    """Make ``label`` show a whole error, never cut: bold dark red, word-wrapped, its
    height following its width (the layout and ``fit_labels`` grow the window to fit),
    selectable so it can be copied."""
    label.setProperty(ERROR_LABEL, True)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    selectable_text(label)
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
    policy.setVerticalPolicy(QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    label.setMinimumWidth(0)
    return keep_whole_height(label)


def keep_whole_height(label: QLabel) -> QLabel:
    """Keep a word-wrapped ``label``'s minimum height at what its text needs at its width
    (a label outside a form does not claim that height by itself)."""
    if label.property(_FOLLOWS) is None:
        label.setProperty(_FOLLOWS, True)
        _HeightFollowsWidth(label)
    return label


def under_field(parent: QWidget | None, widget: QWidget, error: QLabel) -> QWidget:
    """A container holding ``widget`` and, under it, its ``error`` label; the focus (a
    label's buddy, an error) goes to the widget."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    box.setFocusProxy(widget)
    return box


class FieldError(QLabel):
    """A hidden label that, when given a message, reads "Error: <message>"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt  # not at import: see selectable_text

        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setTextFormat(Qt.TextFormat.PlainText)
        make_error_label(self)
        self._message = ""
        self.hide()

    @property
    def message(self) -> str:
        """The bare message, without the "Error:" prefix ("" when none is shown)."""
        return self._message

    def show_message(self, message: str) -> None:
        self._message = message
        text = _("Error: {message}").format(message=message)
        self.setText(text)
        self.setAccessibleName(text)
        self.show()

    def clear_message(self) -> None:
        self._message = ""
        self.clear()
        self.setAccessibleName("")
        self.hide()


class FieldErrors:
    """The error labels of one form, by the service's field names (``InvalidInput.field``)."""

    def __init__(self) -> None:
        self._labels: dict[str, FieldError] = {}
        self._widgets: dict[str, QWidget] = {}
        self._primary: dict[str, str] = {}

    def wrap(self, field: str, widget: QWidget, *aliases: str) -> QWidget:
        """A container holding ``widget`` and, under it, its error label.

        ``aliases`` are other field names reported by services for the same widget.
        """
        label = FieldError()
        box = under_field(widget.parentWidget(), widget, label)
        self._primary[field] = field
        for name in (field, *aliases):
            self._labels[name] = label
            self._widgets[name] = widget
        return box

    def label(self, field: str) -> FieldError | None:
        return self._labels.get(field)

    def show(self, exc: BaseException) -> bool:
        """Show a ``UserError``'s message next to its field; False if no field matches."""
        self.clear()
        if getattr(exc, "shown_beside_field", False):  # a date field says it itself
            return True
        field = getattr(exc, "field", None)
        if not isinstance(exc, UserError) or field is None:
            return False
        label = self._labels.get(field)
        if label is None and "." in field:
            label = self._labels.get(field.split(".", 1)[0])
        if label is None:
            return False
        label.show_message(exc.message)
        widget = self._widgets.get(field)
        if widget is not None and widget.isVisible():
            widget.setFocus()
        return True

    def clear(self) -> None:
        for label in set(self._labels.values()):
            label.clear_message()

    def shown(self) -> dict[str, str]:
        """Field name (as given to ``wrap``) → message, for the messages showing now."""
        return {
            name: self._labels[name].message for name in self._primary if self._labels[name].message
        }
