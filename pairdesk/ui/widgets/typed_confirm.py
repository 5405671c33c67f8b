"""A dialog that asks to type something (a backup's passphrase, a participant's
reference) before a change that cannot be undone: restoring a backup, anonymising or
deleting a file.

    class ReferenceConfirmDialog(TypedConfirmDialog):
        def __init__(self, ...):
            super().__init__(parent, object_name=..., title=..., text=..., action=...,
                             field_label=_("&Reference:"), field_name="confirm",
                             busy_text=_("Erasing…"))

        def action(self):  # the service call (run on the database worker), or None
            return lambda: privacy.anonymise_participant(ctx, pid, confirm=typed)

What it says, then the field with its error under it; Cancel is the default button (Enter
does not start what cannot be undone). Enter in the field does not cancel either: typing
the passphrase and pressing Enter closed the restore without a word (a tester); it takes
the focus to the action's button, which a second Enter presses. The action runs once at
a time (a second click, or closing the dialog, waits for it); a refusal (``UserError``)
shows under the field, the typed text selected so it can be typed again; success calls
``succeeded`` (accept).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from pairdesk.errors import UserError
from pairdesk.ui.errors import show_error
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets.dialog_parts import dialog_buttons, fit_dialog, growing_column
from pairdesk.ui.widgets.field_error import FieldErrors


class TypedConfirmDialog(QDialog):
    """See the module docstring; ``note``: a hint under the field."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        object_name: str,
        title: str,
        text: str,
        action: str,
        action_name: str,
        field_label: str,
        field_name: str,
        busy_text: str,
        characters: int,
        note: str = "",
        compact: bool = False,
        wrap: QFormLayout.RowWrapPolicy = QFormLayout.RowWrapPolicy.WrapLongRows,
    ) -> None:
        super().__init__(parent)
        self._busy = False
        self.field_name = field_name
        self.busy_text = busy_text
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.errors = FieldErrors()
        self.explanation = QLabel(text, self)
        self.explanation.setWordWrap(True)
        self.field = QLineEdit(self)
        label = QLabel(field_label, self)
        label.setBuddy(self.field)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(wrap)
        self.form.addRow(label, self.errors.wrap(field_name, self.field))
        if note:
            hint = QLabel(note, self)
            hint.setWordWrap(True)
            self.form.addRow("", hint)
        self.buttons, self.ok_button, self.cancel_button = dialog_buttons(
            self, action, action_name, on_accept=self.confirm, cancel_default=True
        )
        layout = growing_column(self)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        fit_dialog(self, characters, compact=compact)
        self.field.installEventFilter(self)
        self.field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if self.field.text() and self.ok_button.isEnabled():
                self.ok_button.setFocus(Qt.FocusReason.TabFocusReason)
            return True  # never the default button (Cancel) from the field
        return super().eventFilter(watched, event)

    def action(self) -> Callable[[], object] | None:
        """The service call that checks what was typed and does the change; ``None`` when
        refused before (the refusal shown with ``errors``)."""
        raise NotImplementedError

    def succeeded(self, _result: object) -> None:
        self.accept()

    def confirm(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        call = self.action()
        if call is None:
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        (
            Op(self, call)
            .success(self._done)
            # Not the default routing: a refusal without a field is about what was typed
            .failure(self._failed)
            .busy(self.busy_text)
            .run()
        )

    def _done(self, result: object) -> None:
        self._busy = False
        self.succeeded(result)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        if not isinstance(exc, UserError):
            show_error(self, exc)
            return
        if not self.errors.show(UserError(exc.message, field=exc.field or self.field_name)):
            self.errors.show(UserError(exc.message, field=self.field_name))
        self.field.selectAll()

    def reject(self) -> None:
        if not self._busy:
            super().reject()
