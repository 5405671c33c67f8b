"""What the fields people type a value into share (dates, months, times): a line edit as
wide as a sample of the value, the refusal in words under it, and the reading rule.

A subclass says how its text is read (``parse``: ``None`` for nothing typed, raises
``InvalidInput`` saying why) and shown back (``format_value``). The base gives: typing replaces the
value when the field is entered; leaving it (``check``) shows a valid value back in its
usual form or says why the text is not one, never corrected; ``read`` for a form that
saves (shows the refusal, puts the focus there, raises ``invalid`` — an ``InvalidInput``
marked ``shown_beside_field``); ``typed`` that never raises; ``changed`` on any change by
the user or by code; the form kit's ``raw_value`` (the text as typed, kept in drafts).
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from pairdesk.errors import InvalidInput
from pairdesk.ui.widgets.field_error import FieldError

V = TypeVar("V")


class TypedField(QWidget, Generic[V]):
    """A value typed in a line edit, with its refusal under it (see the module docstring)."""

    changed = Signal()

    #: What ``read`` raises: an ``InvalidInput`` whose message already shows beside the field.
    invalid: ClassVar[type[InvalidInput]] = InvalidInput

    def __init__(
        self,
        parent: QWidget | None,
        *,
        object_name: str,
        placeholder: str,
        sample: str,
    ) -> None:
        """``sample``: the widest text the field shows (its width)."""
        super().__init__(parent)
        self._setting = False
        self.editor = QLineEdit(self)
        self.editor.setObjectName(object_name)
        self.editor.setPlaceholderText(placeholder)
        width = self.editor.fontMetrics().horizontalAdvance(sample)
        self.editor.setMinimumWidth(width + 16)
        self.editor.setMaximumWidth(width * 2)
        self.message = FieldError(self)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(2)
        self._column.addWidget(self.editor)
        self._column.addWidget(self.message)
        self.setFocusProxy(self.editor)
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.editingFinished.connect(self.check)

    def add_beside(self, widget: QWidget) -> None:
        """Put ``widget`` (a calendar button) on the editor's line, after it."""
        self._column.removeWidget(self.editor)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.editor)
        row.addWidget(widget)
        row.addStretch(1)
        self._column.insertLayout(0, row)

    # -- what a field says ---------------------------------------------------------------
    def parse(self, text: str) -> V | None:
        """The value of ``text``; ``None`` for nothing typed; raises ``InvalidInput``."""
        raise NotImplementedError

    def format_value(self, value: V) -> str:
        """``value`` as the field shows it back."""
        raise NotImplementedError

    def set_accessible_name(self, name: str) -> None:
        self.setAccessibleName(name)
        self.editor.setAccessibleName(name)

    # -- reading and showing -------------------------------------------------------------
    def read(self, *, empty: str | None = None, focus: bool = True) -> V | None:
        """The value typed. Raises ``invalid`` when the text is not a value, or, with
        ``empty`` (the message), when nothing is typed: the message shows beside the field
        and, with ``focus``, the focus goes there."""
        try:
            value = self.parse(self.editor.text())
            if value is None and empty is not None:
                raise InvalidInput(empty)
        except InvalidInput as exc:
            self.message.show_message(exc.message)
            if focus and self.isVisible():
                self.editor.setFocus()
            raise self.invalid(exc.message) from None
        return value

    def require(self, empty: str) -> V:
        """The value typed, which must be there (``read`` with ``empty``)."""
        value = self.read(empty=empty)
        if value is None:  # ``read`` refused it already; for the type checker
            raise self.invalid(empty)
        return value

    def typed(self) -> V | None:
        """The value typed, or ``None`` when empty or not (yet) a value; never raises."""
        try:
            return self.parse(self.editor.text())
        except InvalidInput:
            return None

    def put(self, value: V) -> None:
        """Show ``value`` (its usual form), without a refusal."""
        self._setting = True
        try:
            self.editor.setText(self.format_value(value))
        finally:
            self._setting = False
        self.message.clear_message()
        self.changed.emit()

    def check(self) -> None:
        """Read what was typed: show a valid value back in its usual form, or say why the
        text is not one (the focus stays where the person put it)."""
        try:
            value = self.read(empty=self.empty_on_leave(), focus=False)
        except InvalidInput:
            return
        self.message.clear_message()
        if value is not None and self.format_value(value) != self.editor.text():
            self.put(value)

    def empty_on_leave(self) -> str | None:
        """The refusal of an emptied field when it is left (none by default)."""
        return None

    def text(self) -> str:
        """Exactly what is typed (kept in drafts)."""
        return self.editor.text()

    def set_text(self, text: str) -> None:
        """Put typed text back (a draft); it is checked when the field is left."""
        self.editor.setText(text)

    # the form kit's protocol (ui/forms/kit.py): what is typed is kept in a draft
    def raw_value(self) -> str:
        return self.editor.text()

    def set_raw_value(self, raw: object) -> None:
        self.editor.setText(str(raw or ""))

    # -- events --------------------------------------------------------------------------
    def _text_changed(self, _text: str) -> None:
        if not self._setting:
            self.message.clear_message()
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusIn:
            # after the mouse press has placed the cursor: typing replaces the value
            QTimer.singleShot(0, self.editor, self.editor.selectAll)
        return super().eventFilter(watched, event)
