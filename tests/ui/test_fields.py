"""Fields people can type into: dates typed as said, the wheel left to the page, the
decimal comma, and Qt's own calendar and file dialog in French."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pairdesk.services import coaching, demo, participants
from pairdesk.ui import tasks
from pairdesk.ui.audit_dialog import AuditDialog
from pairdesk.ui.export_actions import ExportListDialog
from pairdesk.ui.main_window import PAGES, MainWindow
from pairdesk.ui.qt_language import install_qt_translation, remove_qt_translations
from pairdesk.ui.settings_dialog import PreferencesDialog
from pairdesk.ui.views.offers.offer_form import OfferDialog
from pairdesk.ui.views.participants.dialogs import ContractDialog, EventDialog, GoalDialog
from pairdesk.ui.views.workshop_form import WorkshopDialog
from pairdesk.ui.wheel_guard import install_wheel_guard
from pairdesk.ui.widgets import DateField


@pytest.fixture
def window(qtbot, ctx) -> Iterator[MainWindow]:
    coaching.ensure_question_bank(ctx)
    demo.generate_demo_data(ctx, participants=8, seed=3, today=dt.date(2026, 11, 25))
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    yield main
    tasks.wait_for_idle()


def _wheel(widget: QWidget) -> QWheelEvent:
    """One notch of the wheel over the middle of ``widget``, sent to it."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120),  # towards the user: next item, lower number
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event


def _value(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    assert isinstance(widget, QAbstractSpinBox)
    return widget.text()


def _wheel_changes(root: QWidget) -> list[str]:
    """Combo and spin boxes under ``root`` that a wheel turn without focus changed."""
    changed = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QComboBox | QAbstractSpinBox) or not widget.isEnabled():
            continue
        if widget.hasFocus():
            widget.clearFocus()
        before = _value(widget)
        event = _wheel(widget)
        if _value(widget) != before or event.isAccepted():
            changed.append(f"{type(widget).__name__} {widget.accessibleName()!r}")
        if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            changed.append(f"{type(widget).__name__} {widget.accessibleName()!r} takes wheel focus")
    return changed


def _every_tab(root: QWidget) -> None:
    for tabs in root.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            tasks.wait_for_idle()


def test_no_combo_or_spin_box_of_any_view_or_dialog_turns_with_the_wheel(
    qtbot, window, ctx
) -> None:
    problems: dict[str, list[str]] = {}
    counted = 0
    for page in PAGES:
        window.show_page(page.key)
        tasks.wait_for_idle()
        widget = window.page(page.key)
        _every_tab(widget)
        counted += len(widget.findChildren(QComboBox)) + len(widget.findChildren(QSpinBox))
        if found := _wheel_changes(widget):
            problems[page.key] = found
    window.show_page("participants")
    page = window.participants_view
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    window.open_record("participants", page.model.participant_id(0))
    tasks.wait_for_idle()
    _every_tab(page)
    if found := _wheel_changes(page):
        problems["participant file"] = found
    participant_id = page.model.participant_id(0)
    dialogs: dict[str, QDialog] = {
        "goal": GoalDialog(ctx, participant_id, window),
        "step": EventDialog(ctx, participant_id, [], window),
        "contract": ContractDialog(ctx, participant_id, window),
        "workshop": WorkshopDialog(ctx, window),
        "offer": OfferDialog(ctx, window),
        "export": ExportListDialog(None, ctx.today(), window),
        "audit": AuditDialog(ctx, window),
        "preferences": PreferencesDialog(ctx, window),
    }
    for name, dialog in dialogs.items():
        dialog.show()
        tasks.wait_for_idle()
        counted += len(dialog.findChildren(QComboBox))
        if found := _wheel_changes(dialog):
            problems[name] = found
        dialog.close()
    assert counted > 20  # the walk really met boxes
    assert problems == {}


def test_the_wheel_goes_to_the_page_unless_the_box_has_the_focus(qtbot) -> None:
    install_wheel_guard(QApplication.instance())
    form = QWidget()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    name, combo, spin = QLineEdit(form), QComboBox(form), QSpinBox(form)
    combo.addItems(["Non renseigné", "Téléphone", "En personne"])
    spin.setValue(5)
    for widget in (name, combo, spin):
        layout.addWidget(widget)
    form.show()
    qtbot.waitExposed(form)
    name.setFocus()
    assert not _wheel(combo).isAccepted() and combo.currentIndex() == 0
    assert not _wheel(spin).isAccepted() and spin.value() == 5
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a wheel turn gives no focus
    combo.setFocus()  # as a dialog gives its first field the focus: not the person's choice
    qtbot.waitUntil(combo.hasFocus)
    assert not _wheel(combo).isAccepted() and combo.currentIndex() == 0
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Tab)  # reached with Tab: chosen, it turns
    qtbot.waitUntil(combo.hasFocus)
    assert _wheel(combo).isAccepted() and combo.currentIndex() == 1
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    assert not _wheel(spin).isAccepted() and spin.value() == 5
    qtbot.mouseClick(spin, Qt.MouseButton.LeftButton, pos=spin.rect().center() - QPoint(20, 0))
    assert _wheel(spin).isAccepted() and spin.value() == 4  # clicked: it turns


def test_a_dialog_s_first_drop_down_does_not_turn_until_chosen(qtbot, window, ctx) -> None:
    """A small dialog opens with the focus in its first field: the wheel over it, without
    a click, changed a contract's type and a retention check's milestone (tester)."""
    install_wheel_guard(QApplication.instance())
    participant_id = participants.list_participants(ctx, participants.ParticipantFilter())[0].id
    dialog = ContractDialog(ctx, participant_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tasks.wait_for_idle()
    first = dialog.focusWidget()
    assert isinstance(first, QComboBox), first
    before = first.currentIndex()
    assert not _wheel(first).isAccepted()
    assert first.currentIndex() == before
    qtbot.keyClick(first, Qt.Key.Key_Down)  # used with the keyboard: now it is chosen
    after_key = first.currentIndex()
    assert after_key != before
    assert _wheel(first).isAccepted() and first.currentIndex() != after_key


def test_on_a_page_that_scrolls_the_wheel_scrolls_even_over_a_focused_box(qtbot) -> None:
    """A box picked with the mouse keeps the focus: scrolling on with the pointer over it
    leaves its value and the wheel to the page (arrow keys still change it)."""
    install_wheel_guard(QApplication.instance())
    area = QScrollArea()
    qtbot.addWidget(area)
    page = QWidget()
    layout = QVBoxLayout(page)
    combo, spin = QComboBox(page), QSpinBox(page)
    combo.addItems(["Sans emploi", "En emploi", "En formation"])
    spin.setValue(5)
    layout.addWidget(combo)
    layout.addWidget(spin)
    layout.addSpacing(2000)  # a long form
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.resize(400, 300)
    area.show()
    qtbot.waitExposed(area)
    assert area.verticalScrollBar().maximum() > 0
    for box in (combo, spin):
        box.setFocus()
        qtbot.waitUntil(box.hasFocus)
        # ignored: Qt hands a real (spontaneous) wheel event on to the scroll area
        assert not _wheel(box).isAccepted()
    assert (combo.currentIndex(), spin.value()) == (0, 5)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == 1  # the keyboard still changes it


@pytest.fixture
def form_with_date(qtbot) -> Iterator[tuple[QWidget, DateField, QLineEdit]]:
    form = QWidget()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    first = QLineEdit(form)
    field = DateField(form, optional=True, accessible_name="Date de début")
    after = QLineEdit(form)
    for widget in (first, field, after):
        layout.addWidget(widget)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    yield form, field, after


def test_click_and_type_a_date_then_tab_to_the_next_field(qtbot, form_with_date) -> None:
    _form, field, after = form_with_date
    field.set_date(dt.date(2025, 6, 14))
    qtbot.mouseClick(field.editor, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(field.editor.hasFocus)
    qtbot.waitUntil(lambda: field.editor.selectedText() == "14/06/2025")
    qtbot.keyClicks(field.editor, "0312")  # replaces the date at once
    qtbot.keyClick(field.editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)  # Tab leaves the field: no day, month, year walk
    assert field.date() == dt.date(dt.date.today().year, 12, 3)
    assert field.text() == f"03/12/{dt.date.today().year}"
    assert not field.message.isVisible()


def test_an_impossible_date_is_refused_beside_the_field_not_clamped(qtbot, form_with_date) -> None:
    _form, field, after = form_with_date
    field.setFocus()
    qtbot.keyClicks(field.editor, "31/02/2026")
    qtbot.keyClick(field.editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)
    assert field.text() == "31/02/2026"  # kept as typed, never 28/02
    assert field.message.isVisible()
    assert field.message.text() == (
        "Erreur : « 31/02/2026 » n'est pas une date : février 2026 a 28 jours."
    )
    with pytest.raises(Exception, match="février 2026 a 28 jours"):
        field.date()
    field.editor.setText("28/02/2026")
    assert not field.message.isVisible()  # typing again takes the message away
    assert field.date() == dt.date(2026, 2, 28)


def test_a_form_with_an_impossible_date_stays_open_and_says_why_once(qtbot, ctx) -> None:
    dialog = GoalDialog(ctx, 1, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.title_field.setText("Trouver un stage")
    dialog.target_field.set_text("30/02/2027")
    dialog.submit()
    assert dialog.isVisible() and dialog.result_value is None
    assert "février 2027 a 28 jours" in dialog.target_field.message.text()
    assert not dialog.general_error.isVisible()  # said beside the field, not twice
    qtbot.waitUntil(dialog.target_field.editor.hasFocus)  # where the problem is


def test_the_calendar_popup_picks_a_date_in_french(qtbot, form_with_date, window) -> None:
    _form, field, _after = form_with_date
    field.set_date(dt.date(2026, 12, 3))
    field.open_calendar()
    popup = field.popup
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    assert calendar.locale().language() == QLocale.Language.French
    header = calendar.findChild(QWidget, "qt_calendar_monthbutton")
    assert header is not None and "décembre" in header.text()
    assert calendar.locale().dayName(1, QLocale.FormatType.ShortFormat) == "lun."
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    popup.grab().save("/tmp/fields-calendar-fr.png")
    calendar.setSelectedDate(calendar.selectedDate().addDays(7))
    calendar.activated.emit(calendar.selectedDate())
    assert field.date() == dt.date(2026, 12, 10) and not popup.isVisible()


def test_spin_boxes_and_hours_show_the_decimal_comma(qtbot, window, ctx) -> None:
    dialog = ContractDialog(ctx, 1, window)
    qtbot.addWidget(dialog)
    dialog.hours_field.setValue(24)
    assert dialog.hours_field.text() == "24,0"
    box = QDoubleSpinBox(window)
    box.setValue(17.5)
    assert box.text() == "17,50"
    assert QLocale().toString(2.5) == "2,5"


def test_qt_dialogs_speak_french_with_the_catalogue_the_application_loads(qtbot, window) -> None:
    app = QApplication.instance()
    assert install_qt_translation(app, "fr")
    try:
        dialog = QFileDialog(window, "Exporter")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setNameFilter("CSV (*.csv)")
        qtbot.addWidget(dialog)
        dialog.show()
        texts = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
        texts |= {button.text().replace("&", "") for button in dialog.findChildren(QPushButton)}
        dialog.grab().save("/tmp/fields-file-dialog-fr.png")
        assert any("Regarder dans" in text for text in texts), texts
        assert any("Fichiers de type" in text for text in texts), texts
        assert "Annuler" in texts and "Ouvrir" in texts, texts
        calendar = QCalendarWidget(window)
        qtbot.addWidget(calendar)
        calendar.setSelectedDate(calendar.selectedDate().fromString("2026-12-03", "yyyy-MM-dd"))
        header = calendar.findChild(QWidget, "qt_calendar_monthbutton")
        assert header is not None and header.text() == "décembre"
        dialog.close()
    finally:
        remove_qt_translations(app)


def test_return_presses_a_focused_button_of_a_page_not_of_a_dialog(qtbot) -> None:
    """Tab from the search to "Nouvelle personne accompagnée", Return: it opens, as Space
    does (Qt answers Return only with a dialog's buttons). In a dialog, Return still goes
    to the default button."""
    install_wheel_guard(QApplication.instance())
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    search, button = QLineEdit(page), QPushButton("Nouvelle personne accompagnée", page)
    layout.addWidget(search)
    layout.addWidget(button)
    page.show()
    qtbot.waitExposed(page)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    with qtbot.waitSignal(button.clicked, timeout=2000):
        qtbot.keyClick(button, Qt.Key.Key_Return)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    box = QVBoxLayout(dialog)
    other, ok = QPushButton("Parcourir…", dialog), QPushButton("OK", dialog)
    other.setAutoDefault(False)
    ok.setDefault(True)
    box.addWidget(other)
    box.addWidget(ok)
    pressed: list[str] = []
    other.clicked.connect(lambda: pressed.append("other"))
    ok.clicked.connect(lambda: pressed.append("ok"))
    dialog.show()
    qtbot.waitExposed(dialog)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    qtbot.keyClick(other, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert pressed == ["ok"]
