"""Fields for secrets (passphrases, PINs) and the offline strength hint under them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from pairdesk.domain.passphrase import passphrase_strength
from pairdesk.i18n import _


def secret_field(parent: QWidget | None, accessible_name: str, object_name: str = "") -> QLineEdit:
    """A line edit that shows dots and keeps the input method from learning the text."""
    field = QLineEdit(parent)
    if object_name:
        field.setObjectName(object_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    return field


def strength_text(passphrase: str) -> str:
    """The hint under a new passphrase (by length only, offline)."""
    if not passphrase:
        return _("Strength: type a passphrase.")
    strength = passphrase_strength(passphrase)
    return _("Strength: {label}. {advice}").format(label=strength.label, advice=strength.advice)
