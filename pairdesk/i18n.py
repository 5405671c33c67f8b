"""Translations: English source strings, French by default.

``_()`` translates now, ``N_()`` marks a module-level label to translate when shown,
``ngettext()`` chooses the plural. The same catalogue serves the window, the PDFs, the
command line and service messages. The language comes from ``--lang``, then
``PAIRDESK_LANG``, then the saved setting, then French.
"""

from __future__ import annotations

import gettext as _gettext
import os

from pairdesk.paths import locale_dir

DOMAIN = "pairdesk"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def install(language: str | None = None) -> str:
    """Select the language for the whole process and return the code in force."""
    global _translation, _language
    lang = (language or os.environ.get("PAIRDESK_LANG") or DEFAULT_LANGUAGE).lower()[:2]
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    if lang == "en":
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(
            DOMAIN, localedir=str(locale_dir()), languages=[lang], fallback=True
        )
    _language = lang
    return lang


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark for extraction; translate later with ``_()`` when shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translation.pgettext(context, message)


install()
