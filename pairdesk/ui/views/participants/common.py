"""Building blocks of the participant file: labelled rows, tables, headings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pairdesk.ui.forms import Form
from pairdesk.ui.models.participants_model import ROW_ROLE
from pairdesk.ui.ops import Op
from pairdesk.ui.text_size import relative_font
from pairdesk.ui.widgets import FieldErrors, tables
from pairdesk.ui.widgets.flow_layout import FlowRow


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


T = TypeVar("T")


def save_form(
    form: Form,
    fn: Callable[[], T],
    on_saved: Callable[[T], None],
    on_failed: Callable[[], None] | None = None,
    *,
    busy_text: str,
) -> bool:
    """Run a tab's save (``fn``, a service call) through ``Op``: on success the form is
    clean and ``on_saved(result)`` runs; on failure the error shows on the form (beside its
    field, else under the form, else the error dialog) and ``on_failed`` runs. False when
    not started (a required field empty, or a save of this tab already running).

    ``Form.save`` does the same without ``on_failed``: the file's Save chains the saves of
    its tabs (identity first) and must hear when one of them fails to stop the chain."""
    form.clear_errors()
    if not form.check_required():
        if on_failed is not None:
            on_failed()
        return False

    def saved(result: T) -> None:
        form.mark_clean()
        on_saved(result)

    def failed(error: BaseException) -> None:  # the chain of the file's Save must stop
        if not form.show_op_error(error):
            form.route_error(error)
        if on_failed is not None:
            on_failed()

    op = Op(form.owner, fn, key="save").success(saved).failure(failed).busy(busy_text)
    if op.run():
        return True
    if on_failed is not None:
        on_failed()
    return False


def in_section(form: Form, layout: QFormLayout) -> QFormLayout:
    """The next ``form.add`` rows go into ``layout`` (a form in several group boxes)."""
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.layout = layout
    return layout


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
    """The window's read-only table (``ui/widgets/tables.py``), at least ``rows`` rows high."""
    return tables.make_table(parent, model, name, rows=rows)


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


def button_row(parent: QWidget, *buttons: QWidget) -> FlowRow:
    """Buttons side by side that wrap onto the next line at 200 % text instead of making
    the tab wider than the window (its fields were then cut at the right edge)."""
    row = FlowRow(parent)
    for widget in buttons:
        row.addWidget(widget)
    return row


def scrolled_column(tab: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """A tab's content in a vertical scroll area filling the tab (at 200 % text on
    1366×768 a long tab scrolls; its tables are never squeezed nor cut): the widget to
    build the content in, and its column."""
    content = QWidget(tab)
    column = QVBoxLayout(content)
    layout = QVBoxLayout(tab)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scrolled(content, tab))
    return content, column


def heading(text: str, parent: QWidget, scale: float = 1.2) -> QLabel:
    label = QLabel(text, parent)
    relative_font(label, scale, bold=True)
    label.setWordWrap(True)
    return label
