"""The month field of the batch print options: typed "12/2026" or "1226", month 13 refused
beside the field (never corrected), kept as typed in a draft."""

from __future__ import annotations

import pytest

from pairdesk.errors import InvalidInput
from pairdesk.ui.widgets.date_field import MonthField, read_typed_month


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12/2026", (2026, 12)), ("1226", (2026, 12)), ("3/27", (2027, 3)), ("032027", (2027, 3))],
)
def test_typed_months(typed: str, expected: tuple[int, int]) -> None:
    assert read_typed_month(typed) == expected


@pytest.mark.parametrize("typed", ["13/2026", "0026", "décembre", "12/2026/1"])
def test_impossible_months_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        read_typed_month(typed)


def test_the_field_says_why_beside_it_and_keeps_the_text(qtbot) -> None:
    field = MonthField(None, year=2026, month=11)
    qtbot.addWidget(field)
    assert field.month() == (2026, 11)
    assert field.raw_value() == "11/2026"
    field.editor.setText("13/2026")
    with pytest.raises(InvalidInput):
        field.month()
    assert "13" in field.message.message
    assert field.editor.text() == "13/2026"
    field.set_raw_value("1226")
    field.check()
    assert field.editor.text() == "12/2026" and not field.message.message


def test_clicking_the_field_selects_the_month_so_typing_replaces_it(qtbot) -> None:
    """The month field reads typed text like the date and time fields (one TypedField)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    form = QWidget()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    field = MonthField(form, year=2026, month=11)
    after = QLineEdit(form)
    layout.addWidget(field)
    layout.addWidget(after)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    changes: list[None] = []
    field.changed.connect(lambda: changes.append(None))
    qtbot.mouseClick(field.editor, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.editor.selectedText() == "11/2026")
    qtbot.keyClicks(field.editor, "0327")
    qtbot.keyClick(field.editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)
    assert field.month() == (2027, 3) and field.raw_value() == "03/2027"
    assert changes  # every change is said
