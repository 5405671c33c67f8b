"""At 200 % text the dialogs sized from their width (audit trail, backups, privacy review)
stay shorter than the screen: on 1366×768 the audit trail was 921 pixels tall, its Close
button below the bottom of the screen (seen under Xvfb)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from pairdesk.services.context import ServiceContext
from pairdesk.ui import ops, settings_dialog
from pairdesk.ui.audit_dialog import AuditDialog
from pairdesk.ui.backup_dialog import BackupDialog
from pairdesk.ui.fit_labels import fitting_height
from pairdesk.ui.privacy_dialog import PrivacyDialog
from pairdesk.ui.screens import available_area
from pairdesk.ui.widgets import dialog_parts


@pytest.fixture
def large_text(qapp: QApplication) -> Iterator[None]:
    settings_dialog.apply_font_percent(qapp, 200)
    yield
    settings_dialog.apply_font_percent(qapp, 100)


def _room(dialog: QWidget) -> QRect:
    """``available_area``, never ``dialog.screen()`` (see pairdesk/ui/screens.py)."""
    room = available_area(dialog)
    assert room is not None
    return room


def test_fitting_height_never_exceeds_the_screen(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    screen = _room(dialog).height()
    assert fitting_height(dialog, 5000) == screen - 40
    assert fitting_height(dialog, 200) == min(200, screen - 40)


@pytest.mark.parametrize("make", [AuditDialog, BackupDialog, PrivacyDialog])
def test_width_sized_dialogs_fit_the_screen_at_200_percent(
    qtbot,
    ctx: ServiceContext,
    large_text: None,
    make: type[QDialog],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The offscreen screen is 800 px wide: the width these dialogs take on a 1366 px
    # screen at 200 % is given to them, so their width-derived height would overflow.
    monkeypatch.setattr(dialog_parts, "fitting_width", lambda *a, **k: 1229)  # fit_dialog's
    dialog = make(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    ops.wait_for_idle()
    qtbot.wait(50)
    available = _room(dialog).height()
    assert dialog.height() <= available - 40
    dialog.close()
    ops.wait_for_idle()


def test_the_about_dialog_shows_whole_paths_at_200_percent(
    qtbot,
    large_text: None,
    tmp_path,
) -> None:
    """A guard: the cut paths were seen under Xvfb on 1366x768; the 800x800 offscreen
    screen leaves the dialog room enough to grow, so this passes on the old code too."""
    from PySide6.QtWidgets import QLabel

    from pairdesk.ui.about_dialog import AboutDialog

    dialog = AboutDialog(tmp_path / "a-rather-long-folder-name" / "vault.pairdesk")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(100)
    for label in (dialog.vault_field, dialog.data_field, dialog.logs_field):
        assert isinstance(label, QLabel)
        assert label.heightForWidth(label.width()) <= label.height() + 1, label.text()


def test_a_scrolled_form_is_as_wide_as_its_fields_at_200_percent(
    qtbot, ctx: ServiceContext, large_text: None
) -> None:
    from pairdesk.ui.views.employers.dialogs import EmployerDialog

    dialog = EmployerDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(100)
    area = dialog.scroll_area
    assert area is not None
    screen = int(_room(dialog).width() * 0.95)
    fields = dialog.content.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()
    assert dialog.width() >= min(fields, screen)
    dialog.reject()
