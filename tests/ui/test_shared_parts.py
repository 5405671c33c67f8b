"""The pieces the window shares instead of copying them: the one table factory, the new
passphrase typed twice, the dialogs' worded buttons, the read-only table models' base, the
search field, this computer's INI files."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pairdesk import paths
from pairdesk.errors import InvalidInput
from pairdesk.i18n import N_, _
from pairdesk.ui.local_settings import ini_file
from pairdesk.ui.models.rows import ID_ROLE, ROW_ROLE, RowColumn, RowsModel
from pairdesk.ui.widgets import FieldErrors
from pairdesk.ui.widgets.dialog_parts import (
    dialog_buttons,
    name_wizard_buttons,
    path_row,
    scrolled_form,
)
from pairdesk.ui.widgets.search_field import SearchField
from pairdesk.ui.widgets.secret import NewPassphrase
from pairdesk.ui.widgets.tables import make_table

TWELVE = "douze-lettre"  # 12 characters: the minimum of a new passphrase


@dataclass(frozen=True)
class Thing:
    id: int
    name: str
    note: str


class ThingsModel(RowsModel[Thing]):
    columns = (
        RowColumn(N_("Name"), lambda thing: thing.name),
        RowColumn(N_("Note"), lambda thing: thing.note, alignment=Qt.AlignmentFlag.AlignRight),
    )


class TitledModel(ThingsModel):
    """Row 0 titles the others."""

    def is_heading(self, row: int) -> bool:
        return row == 0


def things() -> list[Thing]:
    return [Thing(1, "Titre", ""), Thing(7, "Camille", "a long note"), Thing(9, "Noa", "")]


# -- the table factory ---------------------------------------------------------------------


def test_table_is_read_only_row_selecting_and_named(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    model = ThingsModel(parent)
    model.set_rows(things())
    table = make_table(parent, model, "Things", rows=4)
    assert table.model() is model and table.accessibleName() == "Things"
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not table.tabKeyNavigation() and not table.wordWrap()
    header = table.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    assert header.stretchLastSection()
    line = table.verticalHeader().defaultSectionSize()
    assert line >= table.fontMetrics().height()
    assert table.minimumHeight() >= 4 * line  # room for four rows whatever the text size


def test_table_stretches_the_column_asked_even_after_a_reset(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    model = ThingsModel(parent)
    table = make_table(parent, model, "Things", stretch=0)
    header = table.horizontalHeader()
    assert not header.stretchLastSection()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    model.set_rows(things())
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.ResizeToContents


def test_table_widths_in_characters_never_cut_the_header(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    model = ThingsModel(parent)
    table = make_table(parent, model, "Things", widths={0: 1, 1: 30})
    header = table.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Interactive
    title = header.fontMetrics().horizontalAdvance(_("Name"))
    assert table.columnWidth(0) >= title  # one character asked, the header's text kept
    assert table.columnWidth(1) >= table.fontMetrics().averageCharWidth() * 30


def test_table_can_share_its_width_between_columns(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    table = make_table(parent, ThingsModel(parent), "Things", fit_contents=False)
    assert table.horizontalHeader().sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch


LONG_NOTE = " ".join(["une note longue qui passe à la ligne"] * 6)


def wrapped_table(qtbot, rows: list[Thing]) -> tuple[QWidget, ThingsModel, QTableView]:
    parent = QWidget()
    qtbot.addWidget(parent)
    layout = QVBoxLayout(parent)
    model = ThingsModel(parent)
    table = make_table(parent, model, "Things", stretch=1, wrap=True)
    layout.addWidget(table)
    parent.resize(600, 400)
    parent.show()
    qtbot.waitExposed(parent)
    return parent, model, table


def test_a_wrapped_row_is_as_high_as_its_text_after_a_reset_and_a_narrower_column(
    qtbot,
) -> None:
    parent, model, table = wrapped_table(qtbot, [])
    model.set_rows([Thing(1, "Camille", LONG_NOTE), Thing(2, "Noa", "court")])
    line = table.verticalHeader().minimumSectionSize()
    # measured at once: a row scrolled to right after the reset is where it is drawn
    assert table.rowHeight(0) == table.sizeHintForRow(0) > 1.5 * line
    assert table.rowHeight(1) == line
    before = table.rowHeight(0)
    parent.resize(350, 400)  # the note's column narrows: more lines
    qtbot.waitUntil(lambda: table.rowHeight(0) > before, timeout=5000)
    assert table.rowHeight(0) == table.sizeHintForRow(0)
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    taller = table.rowHeight(1)
    table.setFont(font)  # a larger text size: every row again
    qtbot.waitUntil(lambda: table.rowHeight(1) > taller, timeout=5000)


class CountingModel(ThingsModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts_asked = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole:
            self.texts_asked += 1
        return super().data(index, role)


def test_wrapped_rows_are_measured_once_not_at_every_layout(qtbot) -> None:
    """Qt's ResizeToContents on the vertical header measured every row at each layout:
    the home page's rows were read eight times over on their first showing."""
    parent = QWidget()
    qtbot.addWidget(parent)
    layout = QVBoxLayout(parent)
    model = CountingModel(parent)
    # the home page's way: widths set, the last column takes the rest
    table = make_table(parent, model, "Things", widths={0: 14}, wrap=True)
    layout.addWidget(table)
    parent.resize(600, 300)
    parent.show()
    qtbot.waitExposed(parent)
    rows = [Thing(n, f"Personne {n}", LONG_NOTE if n % 3 else "") for n in range(300)]
    model.set_rows(rows)
    table.setCurrentIndex(model.index(150, 0))  # scrolls: asks the rows' positions
    qtbot.wait(100)
    cells = len(rows) * model.columnCount()
    assert model.texts_asked < 3 * cells  # Qt's ResizeToContents: 5 times over here


# -- the read-only models' base ------------------------------------------------------------


def test_rows_model_headers_roles_and_headings(qtmodeltester) -> None:
    model = TitledModel()
    qtmodeltester.check(model)
    model.set_rows(things())
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == _("Name")
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole)
    assert model.headerData(5, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    heading, line = model.index(0, 0), model.index(1, 1)
    assert not heading.flags() & Qt.ItemFlag.ItemIsSelectable
    assert isinstance(heading.data(Qt.ItemDataRole.FontRole), QFont)
    assert heading.data(Qt.ItemDataRole.FontRole).bold()
    assert line.flags() & Qt.ItemFlag.ItemIsSelectable
    assert line.data(Qt.ItemDataRole.FontRole) is None
    assert line.data() == "a long note" and line.data(ID_ROLE) == 7
    assert line.data(ROW_ROLE) == things()[1]
    assert model.row_of(9) == 2 and model.row_of(42) is None


# -- a new passphrase typed twice ----------------------------------------------------------


def test_new_passphrase_refuses_short_and_different_then_reads(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    errors = FieldErrors()
    passphrase = NewPassphrase(parent, errors, field="new")
    form = QFormLayout(parent)
    passphrase.add_rows(form, "&New:", "&Again:")
    assert form.rowCount() == 2
    assert passphrase.field.echoMode() == QLineEdit.EchoMode.Password
    assert passphrase.confirm_field.echoMode() == QLineEdit.EchoMode.Password
    passphrase.field.setText("court")
    assert passphrase.strength_label.text() != passphrase.warning_label.text()
    with pytest.raises(InvalidInput) as short:
        passphrase.read()
    assert short.value.field == "new"
    passphrase.field.setText(TWELVE)
    passphrase.confirm_field.setText(TWELVE + "x")
    with pytest.raises(InvalidInput) as different:
        passphrase.read()
    assert different.value.field == "confirm"
    assert errors.show(different.value)  # shown beside the confirmation field
    passphrase.confirm_field.setText(TWELVE)
    assert passphrase.read() == TWELVE
    passphrase.clear()
    assert passphrase.field.text() == passphrase.confirm_field.text() == ""


def test_the_forgotten_passphrase_warning_keeps_its_whole_height(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    passphrase = NewPassphrase(parent, FieldErrors())
    warning = passphrase.warning_label
    assert warning.wordWrap() and warning.objectName() == "forgottenPassphraseWarning"
    parent.show()
    warning.resize(200, 10)
    qtbot.waitUntil(lambda: warning.minimumHeight() >= warning.heightForWidth(warning.width()))


# -- dialogs and wizards -------------------------------------------------------------------


def test_dialog_buttons_say_what_they_do(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    pressed: list[bool] = []
    box, accept, cancel = dialog_buttons(
        dialog, "&Create", "Create the thing", on_accept=lambda: pressed.append(True)
    )
    assert box.buttons() == [accept, cancel] or set(box.buttons()) == {accept, cancel}
    assert accept.isDefault() and accept.accessibleName() == "Create the thing"
    assert cancel.text() == _("Cancel") and cancel.accessibleName() == _("Cancel")
    accept.click()
    assert pressed == [True]
    rejected: list[bool] = []
    dialog.rejected.connect(lambda: rejected.append(True))
    cancel.click()
    assert rejected == [True]
    back = dialog_buttons(dialog, "&Go", "Go", cancel_text="&Back", cancel_name="Back: lock")
    assert back.cancel.text() == "&Back" and back.cancel.accessibleName() == "Back: lock"


def test_path_row_and_scrolled_form(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    field, button = QLineEdit(parent), QPushButton("&Browse…", parent)
    row = path_row(parent, field, button)
    assert row.focusProxy() is field
    form = QFormLayout()
    form.addRow("&Where:", row)
    area = scrolled_form(parent, QLabel("Intro", parent), form)
    assert area.widget() is not None and area.widgetResizable()
    assert area.minimumHeight() > 0


def test_wizard_buttons_in_words(qtbot) -> None:
    from PySide6.QtWidgets import QWizard

    wizard = QWizard()
    qtbot.addWidget(wizard)
    name_wizard_buttons(wizard, "Import")
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == _("&Next >")
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit is not None and commit.accessibleName() == "Import"


# -- the search field ----------------------------------------------------------------------


def test_search_field_down_goes_to_results_escape_clears(qtbot) -> None:
    field = SearchField()
    qtbot.addWidget(field)
    moved: list[bool] = []
    field.to_results.connect(lambda: moved.append(True))
    field.setText("cam")
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert moved == [True]
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""


# -- this computer's settings files --------------------------------------------------------


def test_ini_files_live_in_the_configuration_folder() -> None:
    settings = ini_file("shared-parts-test.ini")
    settings.setValue("answer", 42)
    settings.sync()
    assert settings.fileName() == str(paths.config_dir() / "shared-parts-test.ini")
    assert (paths.config_dir() / "shared-parts-test.ini").is_file()


def test_bring_into_view_shows_a_whole_list_below_the_bottom_of_a_page(qtbot) -> None:
    """A list given the focus low on a page at 200 % text shows whole, not only its current
    row (what QScrollArea.ensureWidgetVisible does for a list): two people found, both seen."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QScrollArea, QTableView, QVBoxLayout, QWidget

    from pairdesk.ui.widgets.dialog_parts import bring_into_view

    area = QScrollArea()
    qtbot.addWidget(area)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addSpacing(1500)
    model = QStandardItemModel(4, 1)
    for row in range(4):
        model.setItem(row, 0, QStandardItem(f"Personne {row}"))
    table = QTableView(page)
    table.setModel(model)
    table.setMinimumHeight(200)
    layout.addWidget(table)
    layout.addSpacing(500)
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.resize(400, 300)
    area.show()
    qtbot.waitExposed(area)
    table.setCurrentIndex(model.index(0, 0))
    bring_into_view(table)
    viewport = area.viewport()

    def whole() -> bool:
        top = table.mapTo(viewport, QPoint(0, 0)).y()
        return top >= 0 and top + table.height() <= viewport.height()

    qtbot.waitUntil(whole, timeout=2000)


def test_a_cut_cell_shows_its_whole_text_on_hover_and_a_whole_one_none(qtbot) -> None:
    """The RQTH column at 200 % read "Obtenue jusqu'au 11…" with nothing on hover."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QHelpEvent, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QToolTip

    model = QStandardItemModel(1, 2)
    whole, cut = "Oui", "Obtenue jusqu'au 11/06/2028"
    model.setItem(0, 0, QStandardItem(whole))
    model.setItem(0, 1, QStandardItem(cut))
    parent = QWidget()
    qtbot.addWidget(parent)
    table = make_table(parent, model, "Essai", widths={0: 10, 1: 10})
    table.horizontalHeader().setStretchLastSection(False)
    table.setColumnWidth(1, table.fontMetrics().horizontalAdvance("Obtenue") + 4)
    table.resize(400, 200)
    parent.show()
    qtbot.waitExposed(parent)

    def hover(column: int) -> str:
        QToolTip.hideText()
        qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)
        centre = table.visualRect(model.index(0, column)).center()
        event = QHelpEvent(
            QEvent.Type.ToolTip, centre, table.viewport().mapToGlobal(QPoint(centre))
        )
        QApplication.sendEvent(table.viewport(), event)
        return QToolTip.text() if QToolTip.isVisible() else ""

    assert hover(0) == ""
    assert hover(1) == cut
