"""Spreadsheet cells in and out: dates, times, yes/no words, numbers, formula neutralising.

Pure functions, no I/O: :mod:`pairdesk.services.imports` reads files into cells and
calls these to read values; :mod:`pairdesk.services.exports` neutralises text cells
before writing them. Which header names which field, and the French words for each
closed list's values, are the import vocabulary: :mod:`pairdesk.domain.import_vocabulary`.

* Dates: 25/11/2026, 5/1/26, 25-11-2026, 25.11.2026, 2026-11-25 (with or without a
  time), and Excel serial numbers (1900 date system, with Lotus' fictitious 29 February
  1900). A two-digit year is put in the past for birth dates (``past=True``), otherwise in
  the window [today − 69 years, today + 30 years].
* A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  written with a leading apostrophe so that Excel or LibreOffice never runs it as a
  formula; the importer removes that apostrophe again.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from pairdesk.domain.text import fold
from pairdesk.i18n import _

# --------------------------------------------------------------------------- dates

EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2_958_465  # 31/12/9999
_DATE_DMY = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T]+\d{1,2}[:h]\d{2}(?::\d{2})?)?$"
)
_DATE_YMD = re.compile(
    r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_SERIAL = re.compile(r"^\d{1,7}(?:[.,]\d+)?$")
#: Numbers written as text count as Excel serials only from this value on (27/05/1927), so
#: a lone year such as "1985" is never read as a day of 1905.
MIN_TEXT_SERIAL = 10_000


def excel_serial_to_date(serial: float) -> dt.date:
    """A day of Excel's 1900 date system (the fractional part, a time, is dropped).

    Excel counts 29 February 1900, which never existed (kept from Lotus 1-2-3): serial 60
    is refused, serials 1-59 are 1 January-28 February 1900, and from 61 on the count is
    one day ahead of the real calendar.
    """
    if isinstance(serial, bool) or not math.isfinite(serial):
        raise ValueError(serial)
    day = math.floor(serial)
    if day < 1 or day > EXCEL_MAX_SERIAL or day == 60:
        raise ValueError(serial)
    if day < 60:
        return dt.date(1899, 12, 31) + dt.timedelta(days=day)
    return EXCEL_EPOCH + dt.timedelta(days=day)


def date_to_excel_serial(day: dt.date) -> int:
    """The inverse of :func:`excel_serial_to_date` for real dates."""
    serial = (day - EXCEL_EPOCH).days
    return serial if serial > 60 else serial - 1


def expand_year(two_digits: int, today: dt.date, *, past: bool, month: int, day: int) -> int:
    """Four-digit year for ``yy``: in the past for birth dates, else near today."""
    century = today.year // 100 * 100
    year = century + two_digits
    if past:
        candidate = _safe_date(year, month, day)
        if year > today.year or (candidate is not None and candidate > today):
            year -= 100
        return year
    if year > today.year + 30:
        year -= 100
    elif year < today.year - 69:
        year += 100
    return year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: object, *, today: dt.date, past: bool = False) -> dt.date | None:
    """A cell as a date; None for an empty cell; ``ValueError`` when unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return excel_serial_to_date(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    match = _DATE_DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year = expand_year(year, today, past=past, month=month, day=day)
        return dt.date(year, month, day)
    match = _DATE_YMD.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    if _SERIAL.match(text):
        serial = float(text.replace(",", "."))
        if serial >= MIN_TEXT_SERIAL:
            return excel_serial_to_date(serial)
    raise ValueError(text)


# --------------------------------------------------------------------------- times

_TIME = re.compile(r"^(\d{1,2})\s*(?:[:h.]\s*(\d{2})?)?(?::(\d{2}))?$")


def parse_time(value: object) -> dt.time | None:
    """14:30, 14h30, 14h, 9.15, a time cell, or Excel's fraction of a day (0.5 = 12:00)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if not 0 <= value < 1:
            raise ValueError(value)
        minutes = round(float(value) * 24 * 60)
        if minutes >= 24 * 60:
            raise ValueError(value)
        return dt.time(minutes // 60, minutes % 60)
    text = str(value).strip().lower()
    if not text:
        return None
    match = _TIME.match(text)
    if not match:
        raise ValueError(text)
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    return dt.time(hour, minute)


# --------------------------------------------------------------------------- yes / no

YES_WORDS = frozenset({"oui", "o", "x", "vrai", "yes", "y", "true", "1", "ok", "v"})
NO_WORDS = frozenset({"non", "n", "faux", "no", "false", "0", "-"})


def parse_bool(value: object) -> bool | None:
    """oui/non, x, vrai/faux, yes/no, 1/0 (and their translations); None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError(value)
    text = fold(str(value)).strip().rstrip(".")
    if not text:
        return None
    if text in YES_WORDS or text == fold(_("yes")):
        return True
    if text in NO_WORDS or text == fold(_("no")):
        return False
    raise ValueError(text)


# --------------------------------------------------------------------------- numbers


#: Hours and minutes as French write a duration: "17h30", "17 h 30", "35h00".
_HOURS_MINUTES = re.compile(r"(\d{1,3})\s*h\s*(\d{2})")


def parse_number(value: object) -> float | None:
    """12,5 or 12.5 or « 1 234,5 » or 35h, and 17h30 as 17.5; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not text:
            return None
        if (hours := _HOURS_MINUTES.fullmatch(text.lower())) is not None:
            minutes = int(hours.group(2))
            if minutes >= 60:
                raise ValueError(value)
            return int(hours.group(1)) + minutes / 60  # "17h30" read 1730 hours
        text = text.replace(" ", "").replace("\u202f", "").replace("h", "").replace(",", ".")
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def parse_int(value: object) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if number != int(number):
        raise ValueError(value)
    return int(number)


# --------------------------------------------------------------------------- text cells

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_guard(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Make a text cell inert in a spreadsheet: a leading ``'`` before a formula start.

    A text already starting with apostrophes before a formula start gets one more, so
    that :func:`unneutralise` always gives the original back."""
    if _needs_guard(text):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` on a cell read back from a file."""
    if len(text) > 1 and text[0] == "'" and _needs_guard(text[1:]):
        return text[1:]
    return text


def cell_text(value: object) -> str:
    """A cell as text, the way it shows: whole numbers without ".0", dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return unneutralise(str(value))


def split_list(text: str) -> list[str]:
    """« France Travail, Cap Emploi » → two items (also ``;``, ``/`` and line breaks)."""
    return [part.strip() for part in re.split(r"[,;/\n]+", text) if part.strip()]


# --------------------------------------------------------------------------- mojibake


def _byte_chars(start: int, end: int) -> str:
    """The characters bytes ``start``..``end`` become when read as Windows-1252 (the five
    bytes it leaves undefined read as Latin-1, as a program falling back to it does)."""
    chars = {bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(start, end + 1)}
    return "".join(sorted(chars))


#: A UTF-8 continuation byte (0x80-0xBF) read as Windows-1252 or Latin-1.
_CONT = re.escape(_byte_chars(0x80, 0xBF) + "".join(chr(c) for c in range(0x80, 0xA0)))

#: The same for bytes 0xA0-0xBF (Â + one of them is U+00A0-U+00BF: « » ° no-break space).
_CONT_HIGH = re.escape(_byte_chars(0xA0, 0xBF))

#: UTF-8 read as Windows-1252, for the scripts a French association meets: accented Latin
#: letters (Ã + one byte), « » ° and the no-break space (Â + one), Central European
#: letters and œ (Ä, Å + one), Cyrillic (Ð, Ñ + one), typographic punctuation and €
#: (â€…, â‚¬, â„¢), Vietnamese (áº…, á»…). Ã, Ä, Å, Ð, Ñ are not French letters and no
#: French word ends in Â; other pairs (« OÙ… », « É’ », « ÂŒ ») can be genuine text and
#: are left alone.
_MOJIBAKE = re.compile(
    f"\u00c2[{_CONT_HIGH}]"
    f"|[\u00c3-\u00c5\u00d0\u00d1][{_CONT}]"
    f"|\u00e2[\u20ac\u201a\u201e][{_CONT}]"
    f"|\u00e1[\u00ba\u00bb][{_CONT}]"
)


def _as_bytes(text: str) -> bytes:
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            out += char.encode("latin-1")
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """The text as it was meant when it holds UTF-8 read as Windows-1252, else None.

    « HÃ©lÃ¨ne » → « Hélène », « lâ€™atelier » → « l’atelier ». Genuine French text
    (accents, « », ’, œ, €) never matches: the pairs looked for do not occur in it."""
    if text.isascii():  # every pair looked for starts with a non-ASCII character
        return None
    found = False

    def fix(match: re.Match[str]) -> str:
        nonlocal found
        try:
            repaired = _as_bytes(match.group()).decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        found = True
        return repaired

    repaired = _MOJIBAKE.sub(fix, text)
    return repaired if found else None
