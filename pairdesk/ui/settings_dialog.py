"""Preferences: language, text size, high-contrast theme, and the lock delay.

The language, text size and theme belong to this computer: they live in a QSettings INI
file under ``paths.config_dir()`` (keys ``ui/language``, ``ui/font_percent``,
``ui/high_contrast``) and are read at start-up by ``pairdesk.app``. The language chosen
here comes after ``--lang`` and ``PAIRDESK_LANG`` and before the default (French); it
takes effect the next time pairdesk starts. The lock delay is a vault setting
(``security.lock_minutes``) that only a coordinator may change.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
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
from pairdesk.ui import fit_labels, text_size
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.local_settings import ini_file
from pairdesk.ui.lock import LOCK_SETTING, read_lock_minutes
from pairdesk.ui.ops import Op

PREFERENCES_FILENAME = "preferences.ini"
LANGUAGE_KEY = "ui/language"
FONT_KEY = "ui/font_percent"
CONTRAST_KEY = "ui/high_contrast"
FONT_PERCENTS = (100, 125, 150, 200)
LOCK_MIN, LOCK_MAX = 1, 120
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}  # each in its own language

_BASE_POINT_SIZE = "pairdesk_base_point_size"
FOCUS_STYLE = "*:focus { outline: 2px solid #ffd800; border: 2px solid #ffd800; }"


# -- the INI file ------------------------------------------------------------------------


def preferences() -> QSettings:
    return ini_file(PREFERENCES_FILENAME)


def saved_language() -> str | None:
    value = preferences().value(LANGUAGE_KEY)
    return value if isinstance(value, str) and value in i18n.LANGUAGES else None


def save_language(language: str) -> None:
    if language not in i18n.LANGUAGES:
        raise ValueError(language)
    settings = preferences()
    settings.setValue(LANGUAGE_KEY, language)
    settings.sync()


def startup_language(cli_language: str | None = None) -> str:
    """``--lang`` > ``PAIRDESK_LANG`` > the saved setting > French."""
    for candidate in (cli_language, os.environ.get("PAIRDESK_LANG"), saved_language()):
        if candidate and candidate.lower()[:2] in i18n.LANGUAGES:
            return candidate.lower()[:2]
    return i18n.DEFAULT_LANGUAGE


def saved_font_percent() -> int:
    try:
        value = int(str(preferences().value(FONT_KEY, 100)))
    except ValueError:
        return 100
    return value if value in FONT_PERCENTS else 100


def saved_high_contrast() -> bool:
    return str(preferences().value(CONTRAST_KEY, "false")).lower() in {"true", "1"}


def save_appearance(font_percent: int, high_contrast: bool) -> None:
    settings = preferences()
    settings.setValue(FONT_KEY, int(font_percent))
    settings.setValue(CONTRAST_KEY, bool(high_contrast))
    settings.sync()


# -- applying them -----------------------------------------------------------------------


def high_contrast_palette() -> QPalette:
    """White text on black, yellow selection with black text (about 19:1 contrast)."""
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffd800")
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
            palette.setColor(group, role, black)
        palette.setColor(group, QPalette.ColorRole.AlternateBase, QColor("#1a1a1a"))
        for role in (
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.ButtonText,
            QPalette.ColorRole.ToolTipText,
            QPalette.ColorRole.PlaceholderText,
        ):
            palette.setColor(group, role, white)
        palette.setColor(group, QPalette.ColorRole.ToolTipBase, black)
        palette.setColor(group, QPalette.ColorRole.Highlight, yellow)
        palette.setColor(group, QPalette.ColorRole.HighlightedText, black)
        palette.setColor(group, QPalette.ColorRole.Link, yellow)
        palette.setColor(group, QPalette.ColorRole.BrightText, yellow)
    grey = QColor("#bfbfbf")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, grey)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window, black)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, black)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, black)
    return palette


def apply_high_contrast(app: QApplication, enabled: bool) -> None:
    """Switch the whole application to (or back from) the high-contrast theme."""
    if enabled:
        app.setPalette(high_contrast_palette())
        app.setStyleSheet(FOCUS_STYLE)
    else:
        app.setPalette(app.style().standardPalette())
        app.setStyleSheet("")
    app.setProperty("pairdesk_high_contrast", enabled)


def apply_font_percent(app: QApplication, percent: int) -> None:
    """Scale the application font from the size it had at start-up; titles, check boxes,
    tabs and the navigation follow (``pairdesk.ui.text_size``)."""
    base = app.property(_BASE_POINT_SIZE)
    if not isinstance(base, float | int) or base <= 0:
        base = app.font().pointSizeF()
        if base <= 0:
            base = 10.0
        app.setProperty(_BASE_POINT_SIZE, float(base))
    text_size.apply_text_size(app, float(base), percent)


def apply_appearance(app: QApplication) -> None:
    """At start-up: the saved text size and theme, and the windows' fitting to their text."""
    fit_labels.install_window_fitting(app)
    apply_font_percent(app, saved_font_percent())
    if saved_high_contrast():
        apply_high_contrast(app, True)


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
        screen = self.screen()
        if screen is not None:
            height = min(height, screen.availableGeometry().height() - 40)
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
