"""Every error label shows its whole text, at 100 % and at 200 % text size.

Each view of the window (every tab, the participant's file) and each dialog is walked;
every label marked by ``make_error_label`` (``FieldError`` included) is given the longest
error message pairdesk shows (the unlock refusal), and once the layouts settle it must be
as tall as its text needs at its width: ``height() >= heightForWidth(width())``.
Also: titles follow the text size, check boxes grow with it, tabs keep their accents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QStyle,
    QTabWidget,
    QWidget,
)

from pairdesk.i18n import _
from pairdesk.services import coaching, demo
from pairdesk.ui import settings_dialog, tasks
from pairdesk.ui.main_window import PAGES, MainWindow
from pairdesk.ui.widgets.field_error import ERROR_LABEL, FieldError

LONGEST_ERROR = (
    "The vault could not be unlocked: the passphrase is wrong, or the very beginning of the "
    "file is damaged (the two cannot be told apart). Check the passphrase, including capitals "
    "and accents."
)


@pytest.fixture(params=[100, 200], ids=["100%", "200%"])
def text_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[int]:
    settings_dialog.apply_font_percent(qapp, request.param)
    yield request.param
    settings_dialog.apply_font_percent(qapp, 100)


@pytest.fixture
def window(qtbot, ctx, text_size: int) -> Iterator[MainWindow]:
    coaching.ensure_question_bank(ctx)
    demo.generate_demo_data(ctx, participants=8, seed=3, today=dt.date(2026, 11, 25))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    tasks.wait_for_idle()


def settle(qtbot) -> None:
    for _round in range(3):
        tasks.wait_for_idle()
        QApplication.processEvents()
        qtbot.wait(10)


def error_labels(root: QWidget) -> list[QLabel]:
    return [
        label
        for label in root.findChildren(QLabel)
        if isinstance(label, FieldError) or label.property(ERROR_LABEL)
    ]


def cut_labels(qtbot, root: QWidget) -> list[str]:
    """Fill every error label of ``root`` that can be seen, and list those cut."""
    message = _(LONGEST_ERROR)
    filled = []
    for label in error_labels(root):
        if not label.parentWidget().isVisible():
            continue  # on a tab or page not shown now: walked when it is
        if isinstance(label, FieldError):
            label.show_message(message)
        else:
            label.setText(message)
            label.show()
        filled.append(label)
    settle(qtbot)
    cut = []
    for label in filled:
        needed = label.heightForWidth(label.width())
        if label.height() < needed:
            cut.append(
                f"{type(label.window()).__name__}/{label.objectName() or type(label).__name__}:"
                f" {label.height()} < {needed} at width {label.width()}"
            )
        if isinstance(label, FieldError):
            label.clear_message()
        else:
            label.hide()
    return cut


def walk_tabs(qtbot, root: QWidget, check: Callable[[], list[str]]) -> list[str]:
    problems = check()
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle(qtbot)
            problems += check()
    return problems


def test_every_error_label_of_every_view_shows_its_whole_text(qtbot, window) -> None:
    problems: list[str] = []
    for page in PAGES:
        window.show_page(page.key)
        settle(qtbot)
        widget = window.page(page.key)
        problems += walk_tabs(qtbot, widget, lambda w=widget: cut_labels(qtbot, w))
    view = window.participants_view
    window.show_page("participants")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=5000)
    window.open_record("participants", view.model.participant_id(0))
    settle(qtbot)
    problems += walk_tabs(qtbot, view, lambda: cut_labels(qtbot, view))
    assert problems == [], "\n".join(problems)


def _dialogs(window: MainWindow) -> list[tuple[str, Callable[[], QDialog]]]:
    from pairdesk.ui.create_vault_dialog import CreateVaultDialog
    from pairdesk.ui.unlock_dialog import UnlockDialog
    from pairdesk.ui.views.offers.offer_form import OfferDialog
    from pairdesk.ui.views.participants.dialogs import ContractDialog
    from pairdesk.ui.views.team.members_tab import MemberDialog
    from pairdesk.ui.views.workshop_form import WorkshopDialog

    ctx = window.ctx
    participant_id = window.participants_view.model.participant_id(0)

    def shown(make: Callable[[], QDialog | None]) -> Callable[[], QDialog]:
        def open_it() -> QDialog:
            dialog = make()
            if dialog is None:
                dialog = window.dialog
            assert isinstance(dialog, QDialog)
            dialog.show()
            return dialog

        return open_it

    return [
        ("unlock", shown(lambda: UnlockDialog(ctx.vault.path, demo=True, parent=window))),
        ("create vault", shown(lambda: CreateVaultDialog(window))),
        ("passphrase", shown(window.change_passphrase)),
        ("backups", shown(window.show_backups)),
        ("audit", shown(window.show_audit)),
        ("privacy", shown(window.show_privacy_review)),
        ("member", shown(lambda: MemberDialog(ctx, None, window))),
        ("contract", shown(lambda: ContractDialog(ctx, participant_id, window))),
        ("offer", shown(lambda: OfferDialog(ctx, window))),
        ("workshop", shown(lambda: WorkshopDialog(ctx, window))),
    ]


def test_every_error_label_of_every_dialog_shows_its_whole_text(qtbot, window) -> None:
    settle(qtbot)
    qtbot.waitUntil(lambda: window.participants_view.model.rowCount() > 0, timeout=5000)
    problems: list[str] = []
    for name, open_dialog in _dialogs(window):
        dialog = open_dialog()
        settle(qtbot)
        labels = error_labels(dialog)
        assert labels, f"{name}: no error label found"
        problems += [
            f"{name}: {p}" for p in walk_tabs(qtbot, dialog, lambda d=dialog: cut_labels(qtbot, d))
        ]
        dialog.close()
        dialog.deleteLater()
        settle(qtbot)
    assert problems == [], "\n".join(problems)


def test_titles_and_check_boxes_follow_the_text_size(qtbot, ctx, qapp) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    title = window.page("participants").findChild(QLabel, "pageTitle")
    box = QCheckBox("Sans date", window)
    style = qapp.style()
    indicator_before = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
    title_before = title.font().pointSizeF()
    body_before = qapp.font().pointSizeF()
    navigation_before = window.navigation.width()
    try:
        settings_dialog.apply_font_percent(qapp, 200)  # while the window is open
        settle(qtbot)
        assert title.font().pointSizeF() == pytest.approx(title_before * 2, rel=0.01)
        assert title.font().pointSizeF() > qapp.font().pointSizeF() > body_before
        indicator = qapp.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
        assert indicator >= 2 * indicator_before - 1
        assert window.navigation.width() > navigation_before
    finally:
        settings_dialog.apply_font_percent(qapp, 100)
    settle(qtbot)
    assert title.font().pointSizeF() == pytest.approx(title_before, rel=0.01)


def test_tabs_leave_room_for_capital_accents(qtbot, window) -> None:
    window.show_page("team_settings")
    settle(qtbot)
    tabs = window.page("team_settings").findChild(QTabWidget)
    bar = tabs.tabBar()
    metrics = bar.fontMetrics()
    for index in range(bar.count()):
        text = bar.tabText(index).replace("&", "")
        rect = bar.tabRect(index)
        # The whole text with its accents fits, with room above (unselected tabs sit 2 px lower).
        assert rect.height() >= metrics.boundingRect(text).height() + 6, text
        assert rect.width() >= metrics.horizontalAdvance(text), text
