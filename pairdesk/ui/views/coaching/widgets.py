"""Small pieces shared by the coaching and job-offer views: a participant search picker,
errors shown next to their field, and confirmation questions with explicit buttons."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, ngettext
from pairdesk.services import participants
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantFilter, ParticipantRow
from pairdesk.ui import tasks
from pairdesk.ui.text_size import relative_font
from pairdesk.ui.widgets.field_error import make_error_label

PICKER_LIMIT = 50
PICKER_DEBOUNCE_MS = 200


# --------------------------------------------------------------------------- picker


def person_text(row: ParticipantRow) -> str:
    name = f"{row.first_name} {row.last_name}".strip()
    if row.city:
        return _("{name} ({city})").format(name=name, city=row.city)
    return name


class ParticipantPicker(QWidget):
    """Type part of a name, then choose the person in the list below the field.

    ``participant_changed(id or None)`` is emitted when the choice changes.
    """

    participant_changed = Signal(object)

    def __init__(self, ctx: ServiceContext, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._pending_select: int | None = None
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText(_("Type part of a name…"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.search_field.setAccessibleName(_("{what}: search by name").format(what=what))
        self.results = QComboBox(self)
        self.results.setAccessibleName(_("{what}: choose the person").format(what=what))
        self.results.setMinimumContentsLength(18)
        self.results.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("{what}: people found").format(what=what))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_field, 1)
        layout.addWidget(self.results, 2)
        layout.addWidget(self.count_label)
        self.setFocusProxy(self.search_field)
        QWidget.setTabOrder(self.search_field, self.results)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(PICKER_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search)
        self.search_field.textChanged.connect(self._debounce.start)
        self.search_field.returnPressed.connect(self._search_now)
        self.results.currentIndexChanged.connect(self._changed)

    def participant_id(self) -> int | None:
        value = self.results.currentData()
        return value if isinstance(value, int) else None

    def participant_name(self) -> str:
        return self.results.currentText() if self.participant_id() is not None else ""

    def select(self, participant_id: int | None) -> None:
        """Choose this person once they are in the list (search again if needed)."""
        if participant_id is None:
            self.results.setCurrentIndex(0)
            return
        index = self.results.findData(participant_id)
        if index >= 0:
            self.results.setCurrentIndex(index)
        else:
            self._pending_select = participant_id

    def _search_now(self) -> None:
        self._debounce.stop()
        self.search()
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def search(self) -> None:
        self._debounce.stop()
        text = self.search_field.text()
        flt = ParticipantFilter(search=text, include_anonymised=False)
        tasks.run_task(
            self,
            lambda: participants.list_participants(self._ctx, flt, limit=PICKER_LIMIT),
            on_done=self._show,
        )

    def _show(self, rows: list[ParticipantRow]) -> None:
        keep = self._pending_select or self.participant_id()
        self.results.blockSignals(True)
        self.results.clear()
        if rows:
            self.results.addItem(_("Choose a person…"), None)
        else:
            self.results.addItem(_("Nobody found"), None)
        for row in rows:
            self.results.addItem(person_text(row), row.id)
        index = self.results.findData(keep) if keep is not None else -1
        if index < 0 and len(rows) == 1 and self.search_field.text().strip():
            index = 1
        self.results.setCurrentIndex(max(index, 0))
        self.results.blockSignals(False)
        self._pending_select = None
        more = len(rows) >= PICKER_LIMIT
        self.count_label.setText(
            _("{count}+ found").format(count=len(rows))
            if more
            else ngettext("{count} found", "{count} found", len(rows)).format(count=len(rows))
        )
        self._changed()

    def _changed(self, _index: int = 0) -> None:
        self.participant_changed.emit(self.participant_id())


# --------------------------------------------------------------------------- errors


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
        holder = QWidget(form.parentWidget())
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = ErrorLabel(holder)
        column.addWidget(error)
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


# --------------------------------------------------------------------------- questions


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    accept_text: str,
    reject_text: str | None = None,
    *,
    warning: bool = False,
) -> bool:
    """A question with explicit button texts; True when the first button is chosen."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setAccessibleName(title)
    yes = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(reject_text or _("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_unsaved(parent: QWidget | None) -> str:
    """Save / Discard / Cancel for a form with unsaved changes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("You have changed this form without saving. Save the changes?"))
    box.setAccessibleName(_("Unsaved changes"))
    save = box.addButton(_("&Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("&Discard the changes"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return SAVE
    if clicked is discard:
        return DISCARD
    return CANCEL


def page_title(parent: QWidget, text: str) -> QLabel:
    title = QLabel(text, parent)
    title.setObjectName("pageTitle")
    relative_font(title, 1.4, bold=True)
    title.setAccessibleName(text)
    return title


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps to the next line when the width runs
    out, so rows of filters stay readable at 200 % font size (Qt's "flow layout" example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 12) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            width = min(hint.width(), area.width())
            if x > area.x() and x + width > area.right() + 1:
                x = area.x()
                y += line_height + self._spacing // 2
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


def labelled_pair(parent: QWidget, text: str, field: QWidget) -> QWidget:
    """A label (with its & mnemonic and buddy) and its field, kept together in a flow."""
    holder = QWidget(parent)
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text, holder)
    label.setBuddy(field)
    row.addWidget(label)
    row.addWidget(field, 1)
    return holder
