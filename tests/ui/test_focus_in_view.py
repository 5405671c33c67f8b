"""The field with the focus stays in sight in a scrolling form (``ui/focus_in_view.py``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pairdesk import i18n
from pairdesk.services.context import ServiceContext
from pairdesk.ui.main_window import MainWindow
from pairdesk.ui.mnemonics import shown_mnemonics
from pairdesk.ui.views.participants.identity_tab import IdentityTab
from tests.factories import make_participant, open_participant_file


def _open_file(qtbot, ctx: ServiceContext, height: int) -> tuple[MainWindow, IdentityTab]:
    person = make_participant(ctx, "Hélène", "Durand").id
    window, file = open_participant_file(qtbot, ctx, person, height=height)
    bar = file.identity_tab.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    return window, file.identity_tab


def _shown_whole(field) -> bool:
    return field.visibleRegion().boundingRect().height() == field.height()


def test_a_field_reached_by_its_letter_below_the_form_scrolls_into_view(
    qtbot, ctx: ServiceContext
) -> None:
    """Qt scrolls a form only for Tab: Alt+H ("Horaires souhaités", near the bottom of the
    identity) put the focus in a field nobody could see."""
    window, identity = _open_file(qtbot, ctx, 560)
    field = identity.followup_times
    bar = identity.scroll_area.verticalScrollBar()
    assert bar.value() == 0 and field.visibleRegion().isEmpty()
    assert shown_mnemonics(window.centralWidget())["h"] == [
        i18n._("Preferred ti&mes:").replace("&", "")
    ]

    QTest.keyPress(field.window(), Qt.Key.Key_Alt)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is field
    qtbot.waitUntil(lambda: not field.visibleRegion().isEmpty(), timeout=3000)
    assert bar.value() > 0


def test_the_field_typed_into_stays_in_sight_when_the_form_grows_shorter(
    qtbot, ctx: ServiceContext
) -> None:
    """The line "Modifications pas encore enregistrées" appears above the form at the first
    key and, at 200 % text, wraps: the form lost a line and the field at its bottom edge went
    out of sight under the cursor."""
    window, identity = _open_file(qtbot, ctx, 620)
    field = identity.followup_times
    field.setFocus()
    area = identity.scroll_area
    bar = area.verticalScrollBar()
    # scrolled so that the field stands whole at the bottom edge
    bottom = field.mapTo(area.viewport(), field.rect().bottomLeft()).y() + 1
    bar.setValue(bar.value() + bottom - area.viewport().height())
    qtbot.waitUntil(lambda: _shown_whole(field), timeout=3000)
    assert (
        field.mapTo(area.viewport(), field.rect().bottomLeft()).y() >= area.viewport().height() - 2
    )

    window.resize(1366, 580)  # the form 40 pixels shorter
    qtbot.waitUntil(lambda: _shown_whole(field), timeout=3000)
