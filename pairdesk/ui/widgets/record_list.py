"""A list of records in a tab or page: what the team tabs (and the employers directory)
share, written once.

    class ReferentsTab(RecordList[ReferentRow]):
        def __init__(self, ctx, parent=None):
            super().__init__(ctx, parent, "referentsTab")
            label, field = self.search_box("referentSearch", _("Name…"), _("Search referents"))
            self.set_table(ReferentsModel(self), _("Referents"), "referentsTable")
            self.add_button = self.button(_("&Add…"), _("Add a referent"), self.add, new=True)
            self.bind_delete(self.deactivate)
            ...

        def fetch(self):  # the service call, run on the database worker by ``refresh``
            ctx, search = self.ctx, self.search_field.text()
            return lambda: referents.list_referents(ctx, search)

        def count_text(self, count): ...

The base gives: a search field whose typing reloads the list after a short pause (Down goes
to the results, Escape clears), the read-only table of ``make_table`` (Enter or a double
click runs ``activate``, a new selection ``update_buttons``), worded buttons, Ctrl+N and
Delete, the count label, ``refresh(select=id)`` through ``Op`` keeping the selected record,
``selected()`` and the dialog that adds or changes a record (``open_dialog``: its ``saved``
row is announced on ``status_message`` and selected once the list is reloaded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QWidget

from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.ui.models.rows import ID_ROLE, RowsModel
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets.search_field import SearchField
from pairdesk.ui.widgets.tables import make_table

#: How long typing in a search field waits before the list reloads.
SEARCH_DEBOUNCE_MS = 150


class Record(Protocol):
    """A read object with a record id (every row of a ``RecordList``)."""

    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Record)


class SavingDialog(Protocol):
    """A dialog that says which record it saved (a ``FormDialog``)."""

    @property
    def saved(self) -> SignalInstance: ...

    def open(self) -> None: ...


def selected_id(table: QTableView) -> int | None:
    """The id of the selected row, or None."""
    index = table.currentIndex()
    if not index.isValid() or not table.selectionModel().isSelected(index):
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0]
    value = index.siblingAtColumn(0).data(ID_ROLE)
    return int(value) if value is not None else None


def select_id(table: QTableView, record_id: int | None) -> None:
    """Select the row of ``record_id`` (if shown)."""
    model = table.model()
    if record_id is None or model is None:
        return
    for row in range(model.rowCount()):
        if model.index(row, 0).data(ID_ROLE) == record_id:
            table.selectRow(row)
            table.setCurrentIndex(model.index(row, 0))
            return


def note_label(text: str, parent: QWidget) -> QLabel:
    """A sentence explaining something about the list (read-only, privacy…)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(
        "background: #eef3fb; color: #1a2a40; border: 1px solid #9db3d6; padding: 6px;"
    )
    return label


def add_shortcut(
    key: QKeySequence.StandardKey,
    parent: QWidget,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> QShortcut:
    """A shortcut active while the focus is inside ``parent`` (so tabs do not clash)."""
    shortcut = QShortcut(QKeySequence(key), parent)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut


class RecordList(QWidget, Generic[R]):
    """A searchable list of records with its buttons (see the module docstring)."""

    status_message = Signal(str)

    model: RowsModel[R]
    table: QTableView
    search_field: SearchField

    def __init__(self, ctx: ServiceContext, parent: QWidget | None, object_name: str) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.ctx = ctx
        self.dialog: SavingDialog | None = None
        self.count_label = QLabel(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.refresh())

    # -- building ------------------------------------------------------------------------
    def search_box(
        self, object_name: str, placeholder: str, accessible_name: str, *, chars: int = 20
    ) -> tuple[QLabel, SearchField]:
        """The search field (typing reloads the list after a pause) and its label."""
        field = SearchField(self)
        field.setObjectName(object_name)
        field.setClearButtonEnabled(True)
        field.setMinimumWidth(self.fontMetrics().averageCharWidth() * chars)
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(accessible_name)
        field.textChanged.connect(lambda _text: self._debounce.start())
        field.to_results.connect(self.focus_results)
        label = QLabel(_("&Search:"), self)
        label.setBuddy(field)
        self.search_field = field
        return label, field

    def set_table(
        self, model: RowsModel[R], name: str, object_name: str, *, fit_contents: bool = True
    ) -> QTableView:
        """The list's table (``make_table``): Enter runs ``activate``."""
        self.model = model
        self.table = make_table(self, model, name, fit_contents=fit_contents)
        self.table.setObjectName(object_name)
        self.table.activated.connect(lambda _index: self.activate())
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)
        return self.table

    def button(
        self,
        text: str,
        accessible_name: str,
        slot: Callable[[], object],
        *,
        new: bool = False,
    ) -> QPushButton:
        """A button of the list; ``new``: also Ctrl+N while the focus is in the list."""
        button = QPushButton(text, self)
        button.setAccessibleName(accessible_name)
        button.clicked.connect(lambda _checked=False: slot())
        if new:
            button.setToolTip(_("Ctrl+N"))
            add_shortcut(QKeySequence.StandardKey.New, self, slot)
        return button

    def bind_delete(self, slot: Callable[[], object]) -> None:
        """The Delete key on the table runs ``slot`` (deactivate, delete…)."""
        add_shortcut(
            QKeySequence.StandardKey.Delete, self.table, slot, Qt.ShortcutContext.WidgetShortcut
        )

    def focus_results(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if selected_id(self.table) is None and self.model.rowCount() > 0:
            self.table.selectRow(0)

    # -- what a list says ----------------------------------------------------------------
    def fetch(self) -> Callable[[], Sequence[R]]:
        """The service call that reads the rows (run on the database worker)."""
        raise NotImplementedError

    def count_text(self, count: int) -> str:
        raise NotImplementedError

    def activate(self) -> None:
        """Enter or a double click on a row (by default nothing)."""

    def update_buttons(self, *_args: object) -> None:
        """Enable the buttons that fit the selection (by default nothing)."""

    # -- data ----------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        """Reload the rows, then select ``select`` (or keep the selected record)."""
        keep = select if select is not None else selected_id(self.table)
        Op(self, self.fetch()).success(lambda rows: self.show_rows(rows, keep)).run()

    def show_rows(self, rows: Sequence[R], keep: int | None = None) -> None:
        self.model.set_rows(rows)
        self.count_label.setText(self.count_text(len(rows)))
        select_id(self.table, keep)
        self.update_buttons()

    def selected(self) -> R | None:
        chosen = selected_id(self.table)
        row = self.model.row_of(chosen) if chosen is not None else None
        return self.model.row_at(row) if row is not None else None

    # -- actions -------------------------------------------------------------------------
    def open_dialog(self, dialog: SavingDialog, message: str) -> None:
        """Open the dialog that adds or changes a record; its saved row is ``announce``d."""
        self.dialog = dialog
        dialog.saved.connect(self.announce(message))
        dialog.open()

    def message_fields(self, row: R) -> dict[str, str]:
        """The fields of a status message about ``row``: ``{name}`` by default."""
        return {"name": str(getattr(row, "name", ""))}

    def announce(self, message: str) -> Callable[[R], None]:
        """What to do with a saved row: say ``message`` (filled by ``message_fields``) on
        the status bar and reload the list with the row selected."""

        def done(row: R) -> None:
            self.status_message.emit(message.format(**self.message_fields(row)))
            self.refresh(select=row.id)

        return done

    def change(self, fn: Callable[[], R], message: str) -> None:
        """Run a change of one record (deactivate, clear a PIN…), then ``announce`` it."""
        Op(self, fn).success(self.announce(message)).run()
