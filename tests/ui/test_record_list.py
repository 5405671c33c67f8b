"""The list base of the team tabs (``ui/widgets/record_list.py``): a search reloads the
list, Down goes to the results, the selection is kept across a reload, Ctrl+N and Delete
reach the tab's actions, a saved record is announced and selected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout

from pairdesk.i18n import N_, _
from pairdesk.ui import ops
from pairdesk.ui.models.rows import RowColumn, RowsModel
from pairdesk.ui.widgets.record_list import RecordList


@dataclass(frozen=True)
class Row:
    id: int
    name: str


class Model(RowsModel[Row]):
    columns = (RowColumn(N_("Name"), lambda row: row.name),)


ROWS = [Row(1, "Anne"), Row(2, "Bruno"), Row(3, "Chloé")]


class FakeDialog(QObject):
    saved = Signal(object)

    def open(self) -> None:
        self.saved.emit(Row(2, "Bruno"))


class Names(RecordList[Row]):
    def __init__(self, ctx) -> None:
        super().__init__(ctx, None, "names")
        label, field = self.search_box("nameSearch", "Name…", "Search names")
        self.set_table(Model(self), "Names", "namesTable")
        self.actions: list[str] = []
        self.add_button = self.button("&Add…", "Add a name", self.add, new=True)
        self.bind_delete(lambda: self.actions.append("delete"))
        layout = QVBoxLayout(self)
        for widget in (label, field, self.table, self.add_button, self.count_label):
            layout.addWidget(widget)

    def fetch(self) -> Callable[[], list[Row]]:
        search = self.search_field.text().lower()
        return lambda: [row for row in ROWS if search in row.name.lower()]

    def count_text(self, count: int) -> str:
        return f"{count} found"

    def add(self) -> None:
        self.actions.append("add")
        self.open_dialog(FakeDialog(self), _("{name}: changes saved."))


def test_search_reload_selection_keys_and_announce(qtbot, ctx) -> None:
    names = Names(ctx)
    qtbot.addWidget(names)
    names.show()
    qtbot.waitExposed(names)
    names.activateWindow()
    names.refresh()
    qtbot.waitUntil(lambda: names.model.rowCount() == 3)
    assert names.count_label.text() == "3 found" and names.selected() is None

    names.search_field.setFocus()
    qtbot.keyClicks(names.search_field, "br")
    qtbot.waitUntil(lambda: names.model.rowCount() == 1, timeout=3000)
    qtbot.keyClick(names.search_field, Qt.Key.Key_Down)  # to the results, first row chosen
    qtbot.waitUntil(lambda: QApplication.focusWidget() is names.table)
    assert names.selected() == Row(2, "Bruno")

    names.search_field.clear()
    qtbot.waitUntil(lambda: names.model.rowCount() == 3, timeout=3000)
    assert names.selected() == Row(2, "Bruno")  # kept across the reload

    qtbot.keyClick(names.table, Qt.Key.Key_Delete)
    qtbot.keyClick(names.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert names.actions == ["delete", "add"]
    messages: list[str] = []
    names.status_message.connect(messages.append)
    names.table.selectRow(0)
    names.add()
    ops.wait_for_idle()
    qtbot.waitUntil(lambda: names.selected() == Row(2, "Bruno"))
    assert messages == [_("{name}: changes saved.").format(name="Bruno")]
