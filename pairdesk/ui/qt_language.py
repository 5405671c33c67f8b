"""Qt speaks the chosen language: its locale (calendars, month and day names, the decimal
comma of spin boxes) and its own catalogue ``qtbase_fr.qm`` (OK / Annuler, the file
dialog's "Regarder dans" and "Fichiers de type", context menus).

``pairdesk.app`` calls both at start-up, before any window; the main window calls
``set_qt_locale`` too, so tests building a ``MainWindow`` get the same numbers and dates.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_qt_translators: list[QTranslator] = []

#: Strings Qt 6 asks for that its own French catalogue leaves in English: ``qtbase_fr.qm``
#: translates "Look in:" and "Files of type:", but the file dialog asks for "&Look in:" and
#: "Files of &type:" (with their shortcut letters). Keyed by (Qt's context, English text).
QT_GAPS: dict[str, dict[tuple[str, str], str]] = {
    "fr": {
        ("QFileDialog", "&Look in:"): "&Regarder dans\u00a0:",
        ("QFileDialog", "Files of &type:"): "Fichiers de &type\u00a0:",
    }
}


class QtCatalogueGaps(QTranslator):
    """Answers only the strings of ``QT_GAPS``; anything else is left to Qt's catalogue."""

    def __init__(self, parent: QCoreApplication, words: dict[tuple[str, str], str]) -> None:
        super().__init__(parent)
        self._words = words

    def translate(
        self,
        context: str,
        sourceText: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None, not "": an empty answer would blank the text instead of passing it on
        return self._words.get((str(context), str(sourceText)))

    def isEmpty(self) -> bool:
        return not self._words


def qt_locale(language: str) -> QLocale:
    """French (France) for "fr", English (United Kingdom: dd/mm/yyyy, Monday first) else."""
    if language == "fr":
        return QLocale(QLocale.Language.French, QLocale.Country.France)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def set_qt_locale(language: str) -> None:
    """Widgets created from now on format numbers and dates in ``language``."""
    wanted = qt_locale(language)
    if QLocale().name() != wanted.name():
        QLocale.setDefault(wanted)


def install_qt_translation(app: QCoreApplication, language: str) -> bool:
    """Qt's own strings in French through ``qtbase_fr.qm``; False when none is loaded."""
    if language == "en":
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        return False
    gaps = QtCatalogueGaps(app, QT_GAPS.get(language, {}))
    app.installTranslator(gaps)  # asked last: the translator installed after it goes first
    app.installTranslator(translator)
    _qt_translators.extend((gaps, translator))
    return True


def remove_qt_translations(app: QCoreApplication) -> None:
    """Take Qt's catalogues out again (tests switching language)."""
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
