"""Preferences: language, text size, high-contrast theme, and the lock delay.

The language, text size and theme belong to this computer: they live in a QSettings INI
file under ``paths.config_dir()`` (keys ``ui/language``, ``ui/font_percent``,
``ui/high_contrast``) and are read at start-up by ``pairdesk.app``. The language chosen
here comes after ``--lang`` and ``PAIRDESK_LANG`` and before the default (French); it
takes effect the next time pairdesk starts. The lock delay is a vault setting
(``security.lock_minutes``) that only a coordinator may change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from pairdesk import i18n
from pairdesk.domain.enums import Role
from pairdesk.i18n import _

if TYPE_CHECKING:  # the unlock dialog shows before the core is imported (issue 12)
    from pairdesk.services.context import ServiceContext
from pairdesk.ui import fit_labels
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.lock import LOCK_SETTING, read_lock_minutes
from pairdesk.ui.ops import Op
from pairdesk.ui.preferences import (  # the light half, read at start-up: re-exported here
    CONTRAST_KEY,
    FOCUS_STYLE,
    FONT_KEY,
    FONT_PERCENTS,
    LANGUAGE_KEY,
    LANGUAGE_NAMES,
    LOCK_MAX,
    LOCK_MIN,
    PREFERENCES_FILENAME,
    apply_appearance,
    apply_font_percent,
    apply_high_contrast,
    high_contrast_palette,
    preferences,
    save_appearance,
    save_language,
    saved_font_percent,
    saved_high_contrast,
    saved_language,
    startup_language,
)
from pairdesk.ui.screens import available_area

__all__ = [
    "CONTRAST_KEY",
    "FOCUS_STYLE",
    "FONT_KEY",
    "FONT_PERCENTS",
    "LANGUAGE_KEY",
    "LANGUAGE_NAMES",
    "LOCK_MAX",
    "LOCK_MIN",
    "PREFERENCES_FILENAME",
    "PreferencesDialog",
    "apply_appearance",
    "apply_font_percent",
    "apply_high_contrast",
    "high_contrast_palette",
    "preferences",
    "restart_note",
    "save_appearance",
    "save_language",
    "saved_font_percent",
    "saved_high_contrast",
    "saved_language",
    "startup_language",
]


# -- the dialog --------------------------------------------------------------------------


class PreferencesDialog(FormDialog):
    """Edit > Preferences…"""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(
            parent, _("Preferences — pairdesk"), what=_("The preferences"), scrolled=True
        )
        self.ctx = ctx
        self.restart_needed = False
        self.setObjectName("preferencesDialog")
        self.is_coordinator = ctx.operator.role is Role.COORDINATOR
        self.save_button = self.ok_button
        self.save_button.setAccessibleName(_("Save the preferences"))
        # Captions above their field and notes across the whole width: beside each other,
        # the long lock caption took the width and the notes wrapped one word per line.
        form = self.form
        form.layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)

        self.language_combo = QComboBox(self)
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES[code], code)
        form.add("language", _("&Language:"), self.language_combo)
        self.language_note = QLabel(
            _("A new language applies the next time pairdesk starts."), self
        )
        self.language_note.setWordWrap(True)
        self.fields.addRow(self.language_note)

        self.font_combo = QComboBox(self)
        for percent in FONT_PERCENTS:
            self.font_combo.addItem(_("{percent} %").format(percent=percent), percent)
        form.add("font_percent", _("&Text size:"), self.font_combo)

        self.contrast_check = QCheckBox(_("&High contrast (white text on black)"), self)
        self.contrast_check.setAccessibleName(_("High contrast"))
        form.add("high_contrast", "", self.contrast_check)

        self.lock_spin = QSpinBox(self)
        self.lock_spin.setRange(LOCK_MIN, LOCK_MAX)
        self.lock_spin.setSuffix(_(" min"))
        self.lock_spin.setAccessibleName(_("Lock after this many minutes without use"))
        self.lock_spin.setEnabled(False)  # until the value is read
        form.add("lock_minutes", _("Lock &after (minutes without use):"), self.lock_spin)
        self.lock_note = QLabel(self)
        self.lock_note.setWordWrap(True)
        if not self.is_coordinator:
            self.lock_note.setText(_("Only a coordinator can change the lock delay."))
        self.fields.addRow(self.lock_note)
        form.set_values(
            {
                "language": saved_language() or i18n.current_language(),
                "font_percent": saved_font_percent(),
                "high_contrast": saved_high_contrast(),
            }
        )

        # Tall enough for every setting at the current text size (a scroll bar only when the
        # screen is too short); at 200 % a fixed 360 px hid the text size itself.
        layout = self.main_layout
        width = fit_labels.fitting_width(self, 60)
        inner = width - 2 * layout.contentsMargins().left() - 24
        needed = self.content.heightForWidth(inner)
        if needed < 0:
            needed = self.content.sizeHint().height()
        height = needed + self.buttons.sizeHint().height() + 3 * layout.spacing() + 48
        room = available_area(self)
        if room is not None:
            height = min(height, room.height() - 40)
        self.resize(width, height)
        self.loaded = False
        Op(self, lambda: read_lock_minutes(ctx)).success(self._lock_loaded).run()

    def _lock_loaded(self, minutes: int) -> None:
        self.form.set_values({"lock_minutes": minutes})
        self.lock_spin.setEnabled(self.is_coordinator)
        self.loaded = True

    def save(self) -> None:
        self.submit()

    def submit(self) -> None:
        if self.form.busy:
            return
        from pairdesk.services import team

        language = str(self.language_combo.currentData())
        self.restart_needed = language != i18n.current_language()
        save_language(language)
        percent = int(self.font_combo.currentData())
        contrast = self.contrast_check.isChecked()
        save_appearance(percent, contrast)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_font_percent(app, percent)
            apply_high_contrast(app, contrast)
        if not (self.is_coordinator and self.loaded):
            self.form.mark_clean()
            self._finish()
            return
        minutes = self.lock_spin.value()
        ctx = self.ctx
        self.form.save(
            lambda: team.set_setting(ctx, LOCK_SETTING, str(minutes)),
            lambda _result: self._lock_saved(minutes),
        )

    def _lock_saved(self, minutes: int) -> None:
        inactivity = getattr(self.parent(), "inactivity", None)
        if inactivity is not None:
            inactivity.set_minutes(minutes)
        self._finish()

    def _finish(self) -> None:
        if self.restart_needed:
            parent = self.parentWidget()
            show = getattr(parent, "show_message", None)
            if callable(show):
                show(restart_note())
        self.accept()


def restart_note() -> str:
    return _("The new language applies the next time pairdesk starts.")


__all__ = [
    "PreferencesDialog",
    "apply_appearance",
    "apply_font_percent",
    "apply_high_contrast",
    "high_contrast_palette",
    "save_language",
    "saved_language",
    "startup_language",
]
