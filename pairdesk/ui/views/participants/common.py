"""Building blocks of the participant file: labelled rows, tables, small record dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks
from pairdesk.ui.errors import show_error
from pairdesk.ui.models.participants_model import ROW_ROLE
from pairdesk.ui.text_size import relative_font
from pairdesk.ui.widgets import FieldErrors


def add_row(
    form: QFormLayout,
    label_text: str,
    widget: QWidget,
    accessible_name: str,
    *,
    errors: FieldErrors | None = None,
    field: str | None = None,
    aliases: tuple[str, ...] = (),
) -> QLabel:
    """A form row: ``label_text`` (with its ``&`` mnemonic) is the buddy label of ``widget``;
    with ``errors`` and ``field`` the field's error message shows under it."""
    widget.setAccessibleName(accessible_name)
    set_name = getattr(widget, "set_accessible_name", None)
    if callable(set_name):
        set_name(accessible_name)
    label = QLabel(label_text, form.parentWidget())
    label.setBuddy(widget)
    shown: QWidget = widget
    if errors is not None and field is not None:
        shown = errors.wrap(field, widget, *aliases)
    form.addRow(label, shown)
    return label


def new_form(parent: QWidget | None = None) -> QFormLayout:
    form = QFormLayout(parent)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return form


def text_box(parent: QWidget | None = None, lines: int = 3) -> QPlainTextEdit:
    """A multi-line field about ``lines`` lines high; Tab moves on to the next field."""
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * (lines + 3) + 12)
    return box


def make_table(model: QAbstractItemModel, name: str, parent: QWidget, rows: int = 5) -> QTableView:
    """A read-only table, whole rows selected, at least ``rows`` rows high."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    row_height = table.fontMetrics().height() + 10
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.setMinimumHeight(row_height * (rows + 1) + 6)
    return table


def selected_object(table: QTableView) -> Any:
    """The read object of the selected row, or ``None``."""
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    if not rows:
        return None
    return rows[0].data(ROW_ROLE)


def button(text: str, accessible_name: str, parent: QWidget) -> QPushButton:
    widget = QPushButton(text, parent)
    widget.setAccessibleName(accessible_name)
    return widget


def set_combo_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(0, index))


def scrolled(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """Put a long form in a vertical scroll area (so it fits 1366x768 at 200% text)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(content)
    return area


def heading(text: str, parent: QWidget, scale: float = 1.2) -> QLabel:
    label = QLabel(text, parent)
    relative_font(label, scale, bold=True)
    label.setWordWrap(True)
    return label


class RecordDialog(QDialog):
    """A small form whose OK button calls one service through ``run_task``.

    Subclasses fill ``self.form`` (with ``self.errors``) and implement ``action()``, which
    returns the function to run on the database worker. Validation errors show next to
    their field and the dialog stays open with everything typed; on success
    ``self.result_value`` holds the service's answer, ``on_done`` is called and the
    dialog closes. Open it with ``open()`` (window-modal, does not block).
    """

    def __init__(
        self,
        ctx: ServiceContext,
        title: str,
        parent: QWidget | None,
        *,
        ok_text: str,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.errors = FieldErrors()
        self.result_value: Any = None
        self._on_done = on_done
        self._running = False
        layout = QVBoxLayout(self)
        self.form = new_form()
        layout.addLayout(self.form)
        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def action(self) -> Callable[[], Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def before_submit(self) -> bool:
        """A last question before running (e.g. a confirmation); False stays open."""
        return True

    def submit(self) -> None:
        if self._running:
            return
        self.errors.clear()
        self.general_error.hide()
        try:
            if not self.before_submit():
                return
            call = self.action()
        except Exception as exc:
            self._failed(exc)
            return
        self._running = True
        self.ok_button.setEnabled(False)
        tasks.run_task(self, call, on_done=self._succeeded, on_error=self._failed)

    def _succeeded(self, result: Any) -> None:
        self._running = False
        self.ok_button.setEnabled(True)
        self.result_value = result
        self.accept()
        if self._on_done is not None:
            self._on_done(result)

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.ok_button.setEnabled(True)
        if self.errors.show(exc):
            return
        from pairdesk.errors import UserError

        if isinstance(exc, UserError):
            self.general_error.setText(_("Error: {message}").format(message=exc.message))
            self.general_error.setAccessibleName(self.general_error.text())
            self.general_error.show()
            return
        show_error(self, exc)
