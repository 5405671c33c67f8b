"""Fields for secrets (passphrases, PINs), the offline strength hint under them, and a new
passphrase typed twice (``NewPassphrase``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from pairdesk.domain.passphrase import check_new_passphrase, passphrase_strength
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.ui.widgets.field_error import FieldErrors, keep_whole_height, under_field


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


class NewPassphrase:
    """A new passphrase typed twice, the strength hint under it and the warning that a
    forgotten passphrase cannot be recovered: the same in the new-vault dialog, the first-run
    wizard and the change-passphrase dialog.

        self.passphrase = NewPassphrase(self, self.errors, field="passphrase", ...)
        self.passphrase.add_rows(form, _("&Passphrase:"), _("Passphrase &again:"))
        layout.addWidget(self.passphrase.warning_label)
        ...
        new = self.passphrase.read()  # InvalidInput on ``field`` or "confirm"
    """

    def __init__(
        self,
        parent: QWidget,
        errors: FieldErrors,
        *,
        field: str = "passphrase",
        accessible_name: str | None = None,
        again_name: str | None = None,
        warning: str | None = None,
    ) -> None:
        if warning is None:
            warning = _(
                "Warning: if this passphrase is forgotten, the vault CANNOT be opened again "
                "and nobody — not the pairdesk team, not a technician — can recover it or "
                "the records inside. Write it down and keep it somewhere safe, away from "
                "the computer."
            )
        self.field_name = field
        self.field = secret_field(parent, accessible_name or _("Passphrase"), "newPassphrase")
        self.strength_label = QLabel(strength_text(""), parent)
        self.strength_label.setObjectName("passphraseStrength")
        self.strength_label.setWordWrap(True)
        self.strength_label.setAccessibleName(_("Passphrase strength"))
        keep_whole_height(self.strength_label)  # its text grows to two lines as one types
        self.box = under_field(parent, errors.wrap(field, self.field), self.strength_label)
        self.confirm_field = secret_field(
            parent, again_name or _("Passphrase, again"), "confirmPassphrase"
        )
        self.confirm_box = errors.wrap("confirm", self.confirm_field)
        self.warning_label = QLabel(warning, parent)
        self.warning_label.setObjectName("forgottenPassphraseWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setAccessibleName(_("Warning about a forgotten passphrase"))
        self.warning_label.setStyleSheet(
            "background: #fff4ce; color: #3b2f00; border: 1px solid #c9a400; padding: 6px;"
        )
        keep_whole_height(self.warning_label)
        self.field.textChanged.connect(
            lambda text: self.strength_label.setText(strength_text(text))
        )
        # A refusal goes once its field is changed: « trop courte : 6 caractères » stayed
        # in red under a 28-character passphrase rated « Solide » (a tester's finding).
        self._errors = errors
        self.field.textChanged.connect(lambda _text: self._clear_message(field))
        self.confirm_field.textChanged.connect(lambda _text: self._clear_message("confirm"))

    def _clear_message(self, name: str) -> None:
        label = self._errors.label(name)
        if label is not None:
            label.clear_message()

    def add_rows(self, form: QFormLayout, label_text: str, again_text: str) -> None:
        """The passphrase (with its strength) and its confirmation as two rows of ``form``."""
        label = QLabel(label_text, form.parentWidget())
        label.setBuddy(self.field)
        form.addRow(label, self.box)
        again = QLabel(again_text, form.parentWidget())
        again.setBuddy(self.confirm_field)
        form.addRow(again, self.confirm_box)

    def read(self) -> str:
        """The new passphrase, or ``InvalidInput`` (too short, or not typed the same twice)."""
        passphrase = self.field.text()
        check_new_passphrase(passphrase, field=self.field_name)
        if self.confirm_field.text() != passphrase:
            raise InvalidInput(
                _("The two passphrases are different. Type the same passphrase twice."),
                field="confirm",
            )
        return passphrase

    def clear(self) -> None:
        self.field.clear()
        self.confirm_field.clear()

    def set_enabled(self, enabled: bool) -> None:
        self.field.setEnabled(enabled)
        self.confirm_field.setEnabled(enabled)
