"""The unlock dialog keeps, without naming ``Qt``'s enums before its first paint (issue
12), what they used to set: the passphrase field's input hints, selectable path and error,
the recent vaults' path role."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from pairdesk.ui.unlock_dialog import PATH_ROLE, UnlockDialog
from pairdesk.ui.widgets.field_error import selectable_text


def test_the_passphrase_field_hides_and_does_not_predict(qtbot, tmp_path: Path) -> None:
    dialog = UnlockDialog(tmp_path / "coffre.pairdesk")
    qtbot.addWidget(dialog)
    hints = dialog.passphrase_field.inputMethodHints()
    for hint in (
        Qt.InputMethodHint.ImhHiddenText,
        Qt.InputMethodHint.ImhSensitiveData,
        Qt.InputMethodHint.ImhNoPredictiveText,
    ):
        assert hints & hint


def test_the_path_and_the_error_can_be_selected(qtbot, tmp_path: Path) -> None:
    dialog = UnlockDialog(tmp_path / "absent.pairdesk")
    qtbot.addWidget(dialog)
    for label in (dialog.path_label, dialog.error_label):
        assert label.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    assert dialog.error_label.text()  # no vault there: said under the field


def test_selectable_text_by_the_propertys_name(qtbot) -> None:
    label = QLabel("GEM Test (fictif)")
    qtbot.addWidget(label)
    selectable_text(label)
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse


def test_the_recent_vaults_keep_their_path_in_the_first_user_role(qtbot, tmp_path: Path) -> None:
    assert Qt.ItemDataRole.UserRole + 1 == PATH_ROLE
    path = tmp_path / "coffre.pairdesk"
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    item = dialog.recent_list.item(0)
    assert item is not None and item.data(PATH_ROLE) == str(path)
