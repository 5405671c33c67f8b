"""The computer's preferences, read at start-up before the unlock dialog is shown:
language, text size and high-contrast theme, in a QSettings INI file under
``paths.config_dir()`` (keys ``ui/language``, ``ui/font_percent``, ``ui/high_contrast``).

Kept apart from the Preferences dialog (``pairdesk/ui/settings_dialog.py``, which
re-exports these names): that dialog is built on the form kit, which brings the date
fields and with them Babel; the unlock dialog needs none of it before it is painted
(issue 12).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from pairdesk import i18n
from pairdesk.ui import fit_labels
from pairdesk.ui.local_settings import ini_file

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
    tabs and the navigation follow (``pairdesk.ui.text_size``, imported here: at 100 %
    start-up applies it only once the unlock dialog is painted, issue 12)."""
    from pairdesk.ui import text_size

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
