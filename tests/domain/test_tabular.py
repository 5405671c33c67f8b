"""Spreadsheet cells: French headers, dates (French, ISO, Excel serials), yes/no, formulas."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pairdesk.domain.import_vocabulary import (
    ImportKind,
    guess_columns,
    normalise_header,
    recognise_header,
)
from pairdesk.domain.tabular import (
    FORMULA_STARTS,
    date_to_excel_serial,
    excel_serial_to_date,
    neutralise,
    parse_bool,
    parse_date,
    parse_number,
    parse_time,
    repair_mojibake,
    unneutralise,
)

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Nom", "last_name"),
        ("NOM DE FAMILLE", "last_name"),
        ("Prénom", "first_name"),
        ("prenom :", "first_name"),
        ("Date de naissance", "birth_date"),
        ("Né(e) le", "birth_date"),
        ("Téléphone", "phone"),
        ("Tél.", "phone"),
        ("Téléphone (portable)", "phone"),
        ("Courriel", "email"),
        ("E-mail", "email"),
        ("Mail", "email"),
        ("Ville", "city"),
        ("Code postal", "postal_code"),
        ("RQTH", "rqth_status"),
        ("Dispositif", "schemes"),
        ("Référent·e", "referents"),
        ("Référent", "referents"),
        ("Remarques", "notes"),
        ("Commentaires", "notes"),
        ("Pseudonyme", "pseudonym"),
        ("Date d'adhésion", "membership_start"),
        ("Date d’adhésion", "membership_start"),
        ("Pair-aidant", "is_peer_helper"),
        ("Last name", "last_name"),  # the English label (what an English export writes)
        ("Birth date", "birth_date"),
    ],
)
def test_french_participant_headers(header: str, key: str) -> None:
    assert recognise_header(ImportKind.PARTICIPANTS, header) == key


@pytest.mark.parametrize(
    ("kind", "header", "key"),
    [
        (ImportKind.OFFERS, "Intitulé du poste", "title"),
        (ImportKind.OFFERS, "Entreprise", "employer"),
        (ImportKind.OFFERS, "Type de contrat", "contract_type"),
        (ImportKind.OFFERS, "Date limite", "closing_on"),
        (ImportKind.OFFERS, "Télétravail", "remote"),
        (ImportKind.WORKSHOPS, "Date", "held_on"),
        (ImportKind.WORKSHOPS, "Heure de début", "starts_at"),
        (ImportKind.WORKSHOPS, "Fin", "ends_at"),
        (ImportKind.WORKSHOPS, "Type d'atelier", "kind"),
        (ImportKind.WORKSHOPS, "Animé par", "facilitators"),
        (ImportKind.WORKSHOPS, "Annulé", "cancelled"),
    ],
)
def test_offer_and_workshop_headers(kind: ImportKind, header: str, key: str) -> None:
    assert recognise_header(kind, header) == key


def test_unknown_headers_and_each_field_once() -> None:
    assert recognise_header(ImportKind.PARTICIPANTS, "Couleur préférée") is None
    assert recognise_header(ImportKind.PARTICIPANTS, "") is None
    mapping = guess_columns(ImportKind.PARTICIPANTS, ["N°", "Nom", "Prénom", "Nom", "Mail"])
    assert mapping == {1: "last_name", 2: "first_name", 4: "email"}
    assert normalise_header("  Date d’adhésion : ") == "date d adhesion"


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25/11/2026", dt.date(2026, 11, 25)),
        ("5/1/2026", dt.date(2026, 1, 5)),
        ("05-01-2026", dt.date(2026, 1, 5)),
        ("05.01.2026", dt.date(2026, 1, 5)),
        ("2026-01-05", dt.date(2026, 1, 5)),
        ("2026-01-05 00:00:00", dt.date(2026, 1, 5)),
        ("05/01/2026 14:30", dt.date(2026, 1, 5)),
        ("5/1/26", dt.date(2026, 1, 5)),
        ("5/1/50", dt.date(2050, 1, 5)),  # within 30 years ahead
        ("5/1/60", dt.date(1960, 1, 5)),
        ("5/1/80", dt.date(1980, 1, 5)),
        ("45000", dt.date(2023, 3, 15)),  # a serial that lost its format in a CSV
        (45000, dt.date(2023, 3, 15)),
        (45000.75, dt.date(2023, 3, 15)),
        (dt.datetime(2026, 1, 5, 0, 0), dt.date(2026, 1, 5)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text: object, expected: dt.date | None) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5/1/26", dt.date(2026, 1, 5)),  # already past on 25/11/2026
        ("31/12/26", dt.date(1926, 12, 31)),  # would be in the future
        ("12/03/85", dt.date(1985, 3, 12)),
        ("12/03/60", dt.date(1960, 3, 12)),
        ("1/1/00", dt.date(2000, 1, 1)),
    ],
)
def test_two_digit_birth_years_are_past(text: str, expected: dt.date) -> None:
    assert parse_date(text, today=TODAY, past=True) == expected


@pytest.mark.parametrize(
    "text", ["31/02/2026", "13/13/2026", "hier", "1985", "12/2026", "2026-13-01", True, 60]
)
def test_unreadable_dates(text: object) -> None:
    with pytest.raises(ValueError):
        parse_date(text, today=TODAY)


def test_excel_1900_leap_year_bug() -> None:
    assert excel_serial_to_date(1) == dt.date(1900, 1, 1)
    assert excel_serial_to_date(59) == dt.date(1900, 2, 28)
    with pytest.raises(ValueError):
        excel_serial_to_date(60)  # 29/02/1900, which never existed
    assert excel_serial_to_date(61) == dt.date(1900, 3, 1)
    assert excel_serial_to_date(36526) == dt.date(2000, 1, 1)
    for bad in (0, -5, 3_000_000, float("nan")):
        with pytest.raises(ValueError):
            excel_serial_to_date(bad)


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


@given(dates)
def test_excel_serials_round_trip(day: dt.date) -> None:
    assert excel_serial_to_date(date_to_excel_serial(day)) == day
    assert parse_date(date_to_excel_serial(day), today=TODAY) == day


@given(dates)
def test_french_and_iso_text_round_trip(day: dt.date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y"), today=TODAY) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}", today=TODAY) == day
    assert parse_date(day.isoformat(), today=TODAY) == day


@given(st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY))
def test_two_digit_years_of_past_dates(day: dt.date) -> None:
    text = f"{day.day}/{day.month}/{day.year % 100:02d}"
    assert parse_date(text, today=TODAY, past=True) == day


@given(
    st.dates(min_value=dt.date(TODAY.year - 69, 1, 1), max_value=dt.date(TODAY.year + 30, 12, 31))
)
def test_two_digit_years_near_today(day: dt.date) -> None:
    text = f"{day.day:02d}/{day.month:02d}/{day.year % 100:02d}"
    assert parse_date(text, today=TODAY) == day


@given(st.text(max_size=12))
def test_date_parser_never_crashes_otherwise(text: str) -> None:
    try:
        result = parse_date(text, today=TODAY)
    except ValueError:
        return
    assert result is None or isinstance(result, dt.date)


# -- other cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", True),
        ("OUI", True),
        ("x", True),
        ("X", True),
        ("vrai", True),
        ("Yes", True),
        ("1", True),
        ("non", False),
        ("Faux", False),
        ("no", False),
        ("0", False),
        ("", None),
        (None, None),
        (True, True),
    ],
)
def test_parse_bool(text: object, expected: bool | None) -> None:
    assert parse_bool(text) is expected


def test_parse_bool_refuses_other_words() -> None:
    with pytest.raises(ValueError):
        parse_bool("peut-être")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14:30", dt.time(14, 30)),
        ("14h30", dt.time(14, 30)),
        ("9h", dt.time(9, 0)),
        ("09:05:00", dt.time(9, 5)),
        (0.5, dt.time(12, 0)),
        (dt.time(10, 15), dt.time(10, 15)),
        ("", None),
    ],
)
def test_parse_time(value: object, expected: dt.time | None) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["25:00", "midi", 1.5, "14h75"])
def test_unreadable_times(value: object) -> None:
    with pytest.raises(ValueError):
        parse_time(value)


def test_parse_number_reads_french_decimals() -> None:
    assert parse_number("17,5") == 17.5
    assert parse_number("1 234,5") == 1234.5
    assert parse_number(35) == 35.0
    assert parse_number("") is None
    with pytest.raises(ValueError):
        parse_number("beaucoup")


def test_hours_and_minutes_read_as_hours() -> None:
    """ "17h30" hours a week read 1730 (every "h" removed) and was refused as past 60 hours."""
    assert parse_number("17h30") == 17.5
    assert parse_number("17 h 30") == 17.5
    assert parse_number("35h00") == 35.0
    assert parse_number("35h") == 35.0
    with pytest.raises(ValueError):
        parse_number("17h75")


@given(st.integers(0, 168), st.integers(0, 59))
def test_any_hours_and_minutes_read_back(hours: int, minutes: int) -> None:
    assert parse_number(f"{hours}h{minutes:02d}") == pytest.approx(hours + minutes / 60)


# -- formula neutralisation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x.example","clic")', '\'=HYPERLINK("http://x.example","clic")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Martin", "Martin"),
        ("", ""),
        ("'=x", "''=x"),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


@given(st.text(max_size=30))
def test_neutralised_text_is_inert_and_reversible(text: str) -> None:
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert unneutralise(safe) == text


@given(st.text(alphabet=st.sampled_from("=+-@\t\r'ab"), max_size=8))
def test_neutralising_formula_characters(text: str) -> None:
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert unneutralise(safe) == text


# -- mojibake: UTF-8 read as Windows-1252 ---------------------------------------------------

#: What French names, addresses and notes are written with (and a few names from elsewhere).
FRENCH_LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàâäçéèêëîïôöùûüÿæœÀÂÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
)
# No French word ends in « Â » (« Â » + no-break space is the mojibake of a no-break space)
french_words = st.text(alphabet=FRENCH_LETTERS, min_size=1, max_size=12).filter(
    lambda word: not word.endswith("Â")
)
french_text = st.lists(
    st.tuples(french_words, st.sampled_from([" ", "-", "’", "'", "\u00a0", ", ", " « ", " » "])),
    min_size=1,
    max_size=6,
).map(lambda parts: "".join(word + sep for word, sep in parts).strip())
FOREIGN = ["Łukasiewicz", "Nguyễn", "Ольга", "Đặng", "Müller", "Øster", "São", "Žofia", "€ 12"]


@settings(max_examples=400)
@given(french_text)
def test_genuine_french_text_is_never_taken_for_mojibake(text: str) -> None:
    assert repair_mojibake(text) is None


@settings(max_examples=400)
@given(st.one_of(french_text, st.sampled_from(FOREIGN)))
def test_utf8_read_as_windows_1252_is_found_and_repaired(text: str) -> None:
    raw = text.encode("utf-8")
    garbled = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw
    )  # how a program reading Windows-1252 (Latin-1 for its five holes) shows it
    if text.isascii():
        assert repair_mojibake(garbled) is None
    else:
        assert repair_mojibake(garbled) == text


@pytest.mark.parametrize(
    ("garbled", "meant"),
    [
        ("HÃ©lÃ¨ne", "Hélène"),
        ("lâ€™atelier", "l’atelier"),
        ("Å“uvre", "œuvre"),
        ("Â«\u00a0ouiÂ\u00a0Â»", "«\u00a0oui\u00a0»"),
        ("â‚¬", "€"),
    ],
)
def test_repair_mojibake_examples(garbled: str, meant: str) -> None:
    assert repair_mojibake(garbled) == meant
