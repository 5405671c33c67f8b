"""Bring participants, job offers and workshops in from CSV or ``.xlsx`` files.

The steps, the same behind the window's wizard and ``pairdesk import``:

1. :func:`read_table` reads the file into a :class:`Table` (headers, rows, and for CSV
   the encoding and separator it found: UTF-8 with or without BOM, UTF-16 with BOM, else
   Windows-1252; ``;``, ``,`` or tab).
2. :func:`guess_mapping` proposes which column feeds which field (French headers such as
   Nom, Prénom, Date de naissance, Courriel… are recognised); the user may change it.
   :func:`field_choices` lists the fields a column can be given to.
3. :func:`preview` runs the whole import *without keeping it* and returns the first rows
   as they will be read, each one valid, invalid (with the reasons) or a likely duplicate,
   and the totals for the whole file.
4. :func:`run_import` imports every valid row in ONE transaction through the usual
   services (nothing is half-imported: a failure leaves the vault as it was) and returns
   an :class:`ImportReport` listing the invalid rows with their number as the spreadsheet
   shows it (the header is row 1) and the reason, and the likely duplicates with what was
   done about them.

Likely duplicates: participants with the same first and last name (case and accents
ignored) and the same birth date, already in the vault or earlier in the file; offers with
the same title and employer (not archived); workshops of the same kind on the same day at
the same time. For each one the decision is ``skip`` (default), ``import`` (as a new
record) or ``merge`` (participants only: fill the existing file's empty fields from the
row; for offers and workshops merge keeps the existing record, like skip).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import (
    AuditAction,
    ContractType,
    LabelledEnum,
    ParticipantStatus,
    ReferentKind,
    RemoteWork,
    RqthStatus,
    Scheme,
    WorkshopKind,
)
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.tabular import (
    FIELDS,
    FieldSpec,
    FieldType,
    ImportKind,
    cell_text,
    field_spec,
    guess_columns,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    parse_time,
    split_list,
    unneutralise,
)
from pairdesk.domain.text import clean_line, clean_text, fold
from pairdesk.errors import InvalidInput, PermissionDenied, UserError
from pairdesk.i18n import N_, _
from pairdesk.services import offers as offers_service
from pairdesk.services import participants as participants_service
from pairdesk.services import schemes as schemes_service
from pairdesk.services import team as team_service
from pairdesk.services import workshops as workshops_service
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import JobOffer, Participant, Referent, TeamMember, Workshop

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None
E = TypeVar("E", bound=LabelledEnum)

#: Files bigger than this are refused (a list of members is a few hundred kilobytes).
MAX_FILE_BYTES = 50 * 1024 * 1024
SEPARATORS = (";", ",", "\t")
_SNIFF_LINES = 50

__all__ = [
    "DuplicateDecision",
    "DuplicateMatch",
    "DuplicateRow",
    "FieldChoice",
    "ImportKind",
    "ImportPreview",
    "ImportReport",
    "ImportedRow",
    "InvalidRow",
    "PreviewRow",
    "RowStatus",
    "Table",
    "field_choices",
    "guess_mapping",
    "preview",
    "read_table",
    "run_import",
]


# --------------------------------------------------------------------------- read objects


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet as read from a file: header cells and data rows (cells as found).

    ``row_numbers[i]`` is the number the spreadsheet shows for ``rows[i]`` (the header is
    row 1 when it is the first line; a cell holding line breaks does not add rows).
    Entirely empty rows are left out but keep their place in the numbering.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_numbers: tuple[int, ...]
    detected_encoding: str | None = None  # CSV only
    detected_separator: str | None = None  # CSV only
    sheet_name: str | None = None  # .xlsx only
    header_row: int = 1

    def column_label(self, index: int) -> str:
        """The header of a column, or its letter when it has none (A, B… AA)."""
        header = self.headers[index] if index < len(self.headers) else ""
        return header or column_letter(index)


@dataclass(frozen=True, slots=True)
class FieldChoice:
    key: str
    label: str
    required: bool


class RowStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return _(_ROW_STATUS_LABELS[self.value])


_ROW_STATUS_LABELS = {
    "valid": N_("Ready"),
    "invalid": N_("Cannot be imported"),
    "duplicate": N_("Likely duplicate"),
}


class DuplicateDecision(StrEnum):
    SKIP = "skip"
    IMPORT = "import"
    MERGE = "merge"

    @property
    def label(self) -> str:
        return _(_DECISION_LABELS[self.value])


_DECISION_LABELS = {
    "skip": N_("Skipped"),
    "import": N_("Imported as a new record"),
    "merge": N_("Merged into the existing record"),
}


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """What a row looks like a duplicate of: a record of the vault or an earlier row."""

    existing_id: int | None
    earlier_row: int | None
    description: str  # e.g. "Lucie Martin, born 02/03/1990" (shown to the user only)


@dataclass(frozen=True, slots=True)
class PreviewRow:
    row_number: int
    values: tuple[tuple[str, str], ...]  # (field key, value as it will be read)
    status: RowStatus
    reasons: tuple[str, ...] = ()
    duplicate_of: DuplicateMatch | None = None


@dataclass(frozen=True, slots=True)
class ImportedRow:
    row_number: int
    record_id: int


@dataclass(frozen=True, slots=True)
class InvalidRow:
    row_number: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    row_number: int
    match: DuplicateMatch
    decision: DuplicateDecision
    record_id: int | None  # the record created or merged into, None when skipped


@dataclass(frozen=True, slots=True)
class ImportReport:
    kind: ImportKind
    dry_run: bool
    total_rows: int
    imported: tuple[ImportedRow, ...]
    invalid: tuple[InvalidRow, ...]
    duplicates: tuple[DuplicateRow, ...]

    @property
    def imported_count(self) -> int:
        return len(self.imported) + sum(
            1 for d in self.duplicates if d.decision is DuplicateDecision.IMPORT
        )

    @property
    def merged_count(self) -> int:
        return sum(
            1
            for d in self.duplicates
            if d.decision is DuplicateDecision.MERGE and d.record_id is not None
        )

    @property
    def skipped_count(self) -> int:
        return len(self.duplicates) - sum(
            1
            for d in self.duplicates
            if d.decision is DuplicateDecision.IMPORT
            or (d.decision is DuplicateDecision.MERGE and d.record_id is not None)
        )


@dataclass(frozen=True, slots=True)
class ImportPreview:
    kind: ImportKind
    mapping: tuple[tuple[int, str], ...]
    missing_fields: tuple[str, ...]  # labels of required fields no column feeds
    rows: tuple[PreviewRow, ...]  # the first ``limit`` rows
    total_rows: int
    valid_count: int
    invalid_count: int
    duplicate_count: int

    @property
    def can_import(self) -> bool:
        return not self.missing_fields and self.valid_count + self.duplicate_count > 0


Decisions = str | DuplicateDecision | Mapping[int, str | DuplicateDecision]


# --------------------------------------------------------------------------- reading files


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    """Read a CSV or ``.xlsx`` file; ``UserError`` (translated) when it cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInput(
                _("{path} is too large to import ({size} MB, at most {limit} MB).").format(
                    path=path.name, size=size // (1024 * 1024), limit=MAX_FILE_BYTES // 2**20
                )
            )
        with path.open("rb") as handle:
            head = handle.read(8)
        suffix = path.suffix.lower()
        if head.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm"}:
            return _read_xlsx(path, sheet)
        if head.startswith(b"\xd0\xcf\x11\xe0") or suffix in {".xls", ".ods"}:
            raise InvalidInput(
                _(
                    "{path} is in a format pairdesk cannot read. Open it in your spreadsheet "
                    "and save it as .xlsx or as CSV."
                ).format(path=path.name)
            )
        return read_csv_bytes(path.read_bytes())
    except OSError as exc:
        raise UserError(
            _("{path} cannot be read: {reason}").format(
                path=path.name, reason=exc.strerror or type(exc).__name__
            )
        ) from None


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return raw.decode("latin-1"), "latin-1"


def _records(text: str, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"'))


def detect_separator(text: str) -> str:
    """``;``, ``,`` or tab: ``csv.Sniffer`` first, checked against the header's shape.

    The separator kept is the one that splits the header into the most columns while
    keeping the first rows the same width; the sniffer's guess wins a tie. A single column
    falls back to ``;`` (what French Excel writes).
    """
    lines = text.splitlines()[:_SNIFF_LINES]
    sample = "\n".join(lines)
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        sniffed = None

    def score(separator: str) -> tuple[int, int, int]:
        rows = [r for r in _records(sample, separator) if any(c.strip() for c in r)]
        if not rows:
            return (0, 0, 0)
        width = len(rows[0])
        steady = sum(1 for r in rows[1:] if len(r) == width)
        return (int(width > 1), steady, width)

    scores = {s: score(s) for s in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: (scores[s], s == sniffed))
    if sniffed in scores and scores[sniffed] == scores[best]:
        best = sniffed
    if scores[best][0] == 0:
        return ";"
    return best


def read_csv_bytes(raw: bytes) -> Table:
    text, encoding = decode_text(raw)
    separator = detect_separator(text)
    records = _records(text, separator)
    return _table(records, encoding=encoding, separator=separator)


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(
    records: Sequence[Sequence[Cell]],
    *,
    encoding: str | None = None,
    separator: str | None = None,
    sheet: str | None = None,
) -> Table:
    header_index = next((i for i, r in enumerate(records) if not all(_blank(c) for c in r)), None)
    if header_index is None:
        raise InvalidInput(_("The file is empty: there is no header row."))
    header_cells = list(records[header_index])
    while header_cells and _blank(header_cells[-1]):
        header_cells.pop()
    headers = tuple(clean_line(cell_text(c)) for c in header_cells)
    rows: list[tuple[Cell, ...]] = []
    numbers: list[int] = []
    for index in range(header_index + 1, len(records)):
        record = records[index]
        if all(_blank(c) for c in record):
            continue
        rows.append(tuple(record))
        numbers.append(index + 1)
    return Table(
        headers=headers,
        rows=tuple(rows),
        row_numbers=tuple(numbers),
        detected_encoding=encoding,
        detected_separator=separator,
        sheet_name=sheet,
        header_row=header_index + 1,
    )


def _xlsx_cell(value: Any) -> Cell:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    if isinstance(value, str | int | float | bool | dt.date | dt.time) or value is None:
        return value
    if isinstance(value, dt.timedelta):  # a duration cell: read it as a time of day
        minutes = int(value.total_seconds() // 60) % (24 * 60)
        return dt.time(minutes // 60, minutes % 60)
    return str(value)


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
        raise InvalidInput(
            _("{path} is not a readable .xlsx file.").format(path=path.name)
        ) from None
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise InvalidInput(
                    _("{path} has no sheet called {sheet}.").format(path=path.name, sheet=sheet)
                )
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        records = [[_xlsx_cell(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
        title = str(worksheet.title)
    finally:
        workbook.close()  # read-only workbooks keep the file open (locked on Windows)
    return _table(records, sheet=title)


# --------------------------------------------------------------------------- mapping


def field_choices(kind: ImportKind) -> list[FieldChoice]:
    """The fields a column can be given to, in form order, with translated labels."""
    return [FieldChoice(s.key, s.display, s.required) for s in FIELDS[ImportKind(kind)]]


def guess_mapping(kind: ImportKind, headers: Sequence[str]) -> dict[int, str]:
    """Column index → field key for every header recognised (French or English)."""
    return guess_columns(ImportKind(kind), headers)


def _check_mapping(kind: ImportKind, table: Table, mapping: Mapping[int, str]) -> dict[int, str]:
    keys = {s.key for s in FIELDS[kind]}
    width = max([len(table.headers), *(len(r) for r in table.rows)], default=0)
    seen: dict[str, int] = {}
    clean: dict[int, str] = {}
    for column, key in sorted(mapping.items()):
        if key not in keys:
            raise InvalidInput(
                _("{field} is not a field that can be imported here.").format(field=key),
                field="mapping",
            )
        if not 0 <= column < max(width, 1):
            raise InvalidInput(
                _("The file has no column {column}.").format(column=column_letter(column)),
                field="mapping",
            )
        if key in seen:
            raise InvalidInput(
                _("Two columns ({first} and {second}) are both given to {field}.").format(
                    first=table.column_label(seen[key]),
                    second=table.column_label(column),
                    field=field_spec(kind, key).display,
                ),
                field="mapping",
            )
        seen[key] = column
        clean[column] = key
    return clean


def _missing(kind: ImportKind, mapping: Mapping[int, str]) -> tuple[str, ...]:
    chosen = set(mapping.values())
    return tuple(s.display for s in FIELDS[kind] if s.required and s.key not in chosen)


# --------------------------------------------------------------------------- reading cells


class _Bad(Exception):
    """A cell that cannot be read; the message is translated."""


def _choice(enum: type[E], value: str, synonyms: Mapping[str, E]) -> E:
    wanted = fold(value)
    for member in enum:
        if wanted in {fold(member.value.replace("_", " ")), fold(member.value), fold(member.label)}:
            return member
    from pairdesk.domain.enums import _LABELS  # English source labels

    for member in enum:
        if wanted == fold(_LABELS[enum.__name__][member.value]):
            return member
    if wanted in synonyms:
        return synonyms[wanted]
    raise ValueError(value)


_STATUS_WORDS = {
    "actif": ParticipantStatus.ACTIVE,
    "active": ParticipantStatus.ACTIVE,
    "actif ve": ParticipantStatus.ACTIVE,
    "en cours": ParticipantStatus.ACTIVE,
    "adherent": ParticipantStatus.ACTIVE,
    "pause": ParticipantStatus.PAUSED,
    "en pause": ParticipantStatus.PAUSED,
    "suspendu": ParticipantStatus.PAUSED,
    "suspendue": ParticipantStatus.PAUSED,
    "sorti": ParticipantStatus.LEFT,
    "sortie": ParticipantStatus.LEFT,
    "parti": ParticipantStatus.LEFT,
    "partie": ParticipantStatus.LEFT,
    "ancien": ParticipantStatus.LEFT,
    "ancienne": ParticipantStatus.LEFT,
    "inactif": ParticipantStatus.LEFT,
    "inactive": ParticipantStatus.LEFT,
}

_RQTH_WORDS = {
    "en cours": RqthStatus.PENDING,
    "demande": RqthStatus.PENDING,
    "demandee": RqthStatus.PENDING,
    "en attente": RqthStatus.PENDING,
    "demande en cours": RqthStatus.PENDING,
    "accordee": RqthStatus.GRANTED,
    "obtenue": RqthStatus.GRANTED,
    "reconnue": RqthStatus.GRANTED,
    "valide": RqthStatus.GRANTED,
    "expiree": RqthStatus.EXPIRED,
    "expire": RqthStatus.EXPIRED,
    "perimee": RqthStatus.EXPIRED,
    "echue": RqthStatus.EXPIRED,
    "aucune": RqthStatus.NONE,
    "sans": RqthStatus.NONE,
}

_SCHEME_WORDS = {
    "ft": Scheme.FRANCE_TRAVAIL,
    "pole emploi": Scheme.FRANCE_TRAVAIL,
    "pe": Scheme.FRANCE_TRAVAIL,
    "cap emploi": Scheme.CAP_EMPLOI,
    "dea": Scheme.DEA,
    "emploi accompagne": Scheme.DEA,
    "esat": Scheme.ESAT,
    "ea": Scheme.ENTREPRISE_ADAPTEE,
    "entreprise adaptee": Scheme.ENTREPRISE_ADAPTEE,
    "mission locale": Scheme.MISSION_LOCALE,
    "ml": Scheme.MISSION_LOCALE,
    "autre": Scheme.OTHER,
}

_CONTRACT_WORDS = {
    "interim": ContractType.INTERIM,
    "interimaire": ContractType.INTERIM,
    "mission d interim": ContractType.INTERIM,
    "contrat aide": ContractType.CONTRAT_AIDE,
    "pec": ContractType.CONTRAT_AIDE,
    "cui": ContractType.CONTRAT_AIDE,
    "parcours emploi competences": ContractType.CONTRAT_AIDE,
    "ea": ContractType.ENTREPRISE_ADAPTEE,
    "entreprise adaptee": ContractType.ENTREPRISE_ADAPTEE,
}

_REMOTE_WORDS = {
    "non": RemoteWork.NONE,
    "aucun": RemoteWork.NONE,
    "sur site": RemoteWork.NONE,
    "presentiel": RemoteWork.NONE,
    "partiel": RemoteWork.PARTIAL,
    "hybride": RemoteWork.PARTIAL,
    "oui": RemoteWork.PARTIAL,
    "partiellement": RemoteWork.PARTIAL,
    "total": RemoteWork.FULL,
    "complet": RemoteWork.FULL,
    "100": RemoteWork.FULL,
    "full": RemoteWork.FULL,
    "teletravail complet": RemoteWork.FULL,
}

_WORKSHOP_WORDS = {
    "atelier cv": WorkshopKind.CV,
    "cv": WorkshopKind.CV,
    "entretien": WorkshopKind.INTERVIEW,
    "entretiens": WorkshopKind.INTERVIEW,
    "coaching entretien": WorkshopKind.INTERVIEW,
    "entretien blanc": WorkshopKind.INTERVIEW,
    "offres": WorkshopKind.OFFER_SHARING,
    "partage d offres": WorkshopKind.OFFER_SHARING,
    "partage des offres": WorkshopKind.OFFER_SHARING,
    "information": WorkshopKind.INFORMATION,
    "reunion d information": WorkshopKind.INFORMATION,
    "info": WorkshopKind.INFORMATION,
    "autre": WorkshopKind.OTHER,
}


def _fold_keys(words: Mapping[str, E]) -> dict[str, E]:
    return {fold(k): v for k, v in words.items()}


_CHOICES: dict[str, tuple[type[Any], dict[str, Any]]] = {
    "status": (ParticipantStatus, _fold_keys(_STATUS_WORDS)),
    "contract_type": (ContractType, _fold_keys(_CONTRACT_WORDS)),
    "remote": (RemoteWork, _fold_keys(_REMOTE_WORDS)),
    "kind": (WorkshopKind, _fold_keys(_WORKSHOP_WORDS)),
}


def _rqth(value: str) -> RqthStatus:
    try:
        return _choice(RqthStatus, value, _fold_keys(_RQTH_WORDS))
    except ValueError:
        pass
    flag = parse_bool(value)  # oui / non / x
    return RqthStatus.GRANTED if flag else RqthStatus.NONE


def _text(cell: Cell) -> str:
    return cell_text(cell)


def _read_cell(spec: FieldSpec, cell: Cell, today: dt.date) -> Any:
    """The value of one cell for ``spec`` (None when empty); ``_Bad`` with the reason."""
    label = spec.display
    try:
        if spec.type is FieldType.DATE or spec.type is FieldType.PAST_DATE:
            return parse_date(
                unneutralise(cell) if isinstance(cell, str) else cell,
                today=today,
                past=spec.type is FieldType.PAST_DATE,
            )
        if spec.type is FieldType.TIME:
            return parse_time(cell)
        if spec.type is FieldType.BOOL:
            return parse_bool(cell)
        if spec.type is FieldType.INT:
            return parse_int(cell)
        if spec.type is FieldType.NUMBER:
            return parse_number(cell)
    except (ValueError, OverflowError):
        raise _Bad(
            _("{field}: « {value} » cannot be read.").format(
                field=label, value=clean_line(_text(cell))[:60]
            )
        ) from None
    if spec.key == "phone" and isinstance(cell, int | float) and not isinstance(cell, bool):
        digits = str(int(cell))  # a phone number typed as a number lost its leading 0
        return "0" + digits if len(digits) == 9 else digits
    text = _text(cell)
    if spec.type is FieldType.LONG_TEXT:
        return clean_text(text) or None
    text = clean_line(text)
    if not text:
        return None
    if spec.type is FieldType.CHOICE:
        try:
            if spec.key == "rqth_status":
                return _rqth(text)
            enum, words = _CHOICES[spec.key]
            return _choice(enum, text, words)
        except ValueError:
            raise _Bad(
                _("{field}: « {value} » is not one of the known values.").format(
                    field=label, value=text[:60]
                )
            ) from None
    return text


def _shown(value: Any) -> str:
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    return cell_text(value)


# --------------------------------------------------------------------------- per kind


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    shown: list[tuple[str, str]]
    errors: list[str]
    payload: Any = None
    key: Any = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Lookup:
    """What rows are checked against, loaded once per import."""

    today: dt.date
    existing: dict[Any, tuple[int, str]]  # duplicate key → (id, description)
    members: list[tuple[int, str, str]] = field(default_factory=list)  # id, first, last
    referents: dict[str, int] = field(default_factory=dict)  # folded name → id


def _born(day: dt.date | None) -> str:
    if day is None:
        return _("birth date unknown")
    return _("born {date}").format(date=day.strftime("%d/%m/%Y"))


def _person_key(first: str, last: str, birth: dt.date | None) -> tuple[str, str, dt.date | None]:
    return (fold(first), fold(last), birth)


def _person_description(first: str, last: str, birth: dt.date | None) -> str:
    return _("{first_name} {last_name}, {born}").format(
        first_name=first, last_name=last, born=_born(birth)
    )


def _load_lookup(session: Session, kind: ImportKind, today: dt.date) -> _Lookup:
    existing: dict[Any, tuple[int, str]] = {}
    lookup = _Lookup(today=today, existing=existing)
    if kind is ImportKind.PARTICIPANTS:
        for pid, first, last, birth in session.execute(
            select(
                Participant.id,
                Participant.first_name,
                Participant.last_name,
                Participant.birth_date,
            )
            .where(Participant.anonymised.is_(False))
            .order_by(Participant.id)
        ):
            existing.setdefault(
                _person_key(first, last, birth), (pid, _person_description(first, last, birth))
            )
        for rid, name in session.execute(
            select(Referent.id, Referent.name).order_by(Referent.active.desc(), Referent.id)
        ):
            lookup.referents.setdefault(fold(name), rid)
    elif kind is ImportKind.OFFERS:
        for oid, title, employer in session.execute(
            select(JobOffer.id, JobOffer.title, JobOffer.employer)
            .where(JobOffer.archived.is_(False))
            .order_by(JobOffer.id)
        ):
            existing.setdefault(
                (fold(title), fold(employer)), (oid, _offer_description(title, employer))
            )
    else:
        for wid, kind_value, held_on, starts_at, title in session.execute(
            select(
                Workshop.id, Workshop.kind, Workshop.held_on, Workshop.starts_at, Workshop.title
            ).order_by(Workshop.id)
        ):
            existing.setdefault(
                (kind_value, held_on, starts_at.replace(second=0, microsecond=0)),
                (wid, _workshop_description(title, held_on, starts_at)),
            )
        lookup.members = [
            (mid, first, last)
            for mid, first, last in session.execute(
                select(TeamMember.id, TeamMember.first_name, TeamMember.last_name).order_by(
                    TeamMember.active.desc(), TeamMember.id
                )
            )
        ]
    return lookup


def _offer_description(title: str, employer: str) -> str:
    if not employer:
        return title
    return _("{title} at {employer}").format(title=title, employer=employer)


def _workshop_description(title: str, held_on: dt.date, starts_at: dt.time) -> str:
    return _("{title} on {date} at {time}").format(
        title=title, date=held_on.strftime("%d/%m/%Y"), time=starts_at.strftime("%H:%M")
    )


def _build_participant(row: _Row, lookup: _Lookup) -> None:
    v = row.values
    first, last = v.get("first_name") or "", v.get("last_name") or ""
    if not last:
        row.errors.append(_("{field} is required.").format(field=_("Last name")))
    if not first:
        row.errors.append(_("{field} is required.").format(field=_("First name")))
    address = v.get("address") or ""
    if v.get("postal_code"):
        town = " ".join(p for p in (v["postal_code"], v.get("city") or "") if p)
        address = f"{address}\n{town}" if address else town
    rqth = v.get("rqth_status")
    if rqth is None:
        rqth = RqthStatus.GRANTED if v.get("rqth_until") else RqthStatus.NONE
    schemes: list[Scheme] = []
    for word in split_list(v.get("schemes") or ""):
        try:
            schemes.append(_choice(Scheme, word, _fold_keys(_SCHEME_WORDS)))
        except ValueError:
            row.errors.append(
                _("{field}: « {value} » is not one of the known values.").format(
                    field=_("Support schemes"), value=word[:60]
                )
            )
    referents = split_list(v.get("referents") or "")
    if len(referents) > max(len(schemes), 1):
        row.errors.append(_("There are more referents than support schemes in this row."))
    if referents and not schemes:
        schemes = [Scheme.OTHER]
    status = v.get("status") or ParticipantStatus.ACTIVE
    if row.errors:
        return
    row.payload = participants_service.ParticipantInput(
        first_name=first,
        last_name=last,
        pseudonym=v.get("pseudonym") or "",
        birth_date=v.get("birth_date"),
        birth_year=v.get("birth_year"),
        phone=v.get("phone") or "",
        email=v.get("email") or "",
        address=address,
        city=v.get("city") or "",
        membership_start=v.get("membership_start"),
        membership_end=v.get("membership_end"),
        is_peer_helper=bool(v.get("is_peer_helper")),
        rqth_status=rqth,
        rqth_until=v.get("rqth_until"),
        notes=v.get("notes") or "",
    )
    row.extra = {"status": status, "schemes": schemes, "referents": referents}
    row.key = _person_key(first, last, v.get("birth_date"))
    row.description = _person_description(first, last, v.get("birth_date"))


def _build_offer(row: _Row, lookup: _Lookup) -> None:
    v = row.values
    if not v.get("title"):
        row.errors.append(_("{field} is required.").format(field=_("Job title")))
        return
    row.payload = offers_service.OfferInput(
        title=v["title"],
        employer=v.get("employer") or "",
        place=v.get("place") or "",
        contract_type=v.get("contract_type") or ContractType.CDI,
        hours_per_week=v.get("hours_per_week"),
        remote=v.get("remote") or RemoteWork.NONE,
        accommodations=v.get("accommodations") or "",
        employer_open_to_disability=bool(v.get("employer_open_to_disability")),
        source=v.get("source") or "",
        closing_on=v.get("closing_on"),
        contact=v.get("contact") or "",
        description=v.get("description") or "",
    )
    row.key = (fold(v["title"]), fold(v.get("employer") or ""))
    row.description = _offer_description(v["title"], v.get("employer") or "")


def _find_member(name: str, lookup: _Lookup) -> int | None:
    wanted = fold(name)
    full = [m for m in lookup.members if wanted in {fold(f"{m[1]} {m[2]}"), fold(f"{m[2]} {m[1]}")}]
    if full:
        return full[0][0]
    first = [m for m in lookup.members if fold(m[1]) == wanted]
    if len(first) == 1:
        return first[0][0]
    return None


def _build_workshop(row: _Row, lookup: _Lookup) -> None:
    v = row.values
    for key in ("held_on", "starts_at", "ends_at", "kind"):
        if v.get(key) is None:
            row.errors.append(
                _("{field} is required.").format(
                    field=field_spec(ImportKind.WORKSHOPS, key).display
                )
            )
    facilitator_ids: list[int] = []
    for name in split_list(v.get("facilitators") or ""):
        member_id = _find_member(name, lookup)
        if member_id is None:
            row.errors.append(
                _("Facilitators: nobody in the team is called « {name} ».").format(name=name[:60])
            )
        else:
            facilitator_ids.append(member_id)
    if row.errors:
        return
    row.payload = workshops_service.WorkshopInput(
        kind=v["kind"],
        title=v.get("title") or "",
        held_on=v["held_on"],
        starts_at=v["starts_at"],
        ends_at=v["ends_at"],
        place=v.get("place") or "",
        capacity=v.get("capacity"),
        facilitator_ids=tuple(facilitator_ids),
        notes=v.get("notes") or "",
    )
    row.extra = {"cancelled": bool(v.get("cancelled"))}
    row.key = (WorkshopKind(v["kind"]).value, v["held_on"], v["starts_at"])
    row.description = _workshop_description(
        v.get("title") or WorkshopKind(v["kind"]).label, v["held_on"], v["starts_at"]
    )


_BUILDERS: dict[ImportKind, Callable[[_Row, _Lookup], None]] = {
    ImportKind.PARTICIPANTS: _build_participant,
    ImportKind.OFFERS: _build_offer,
    ImportKind.WORKSHOPS: _build_workshop,
}

_PERMISSIONS = {
    ImportKind.PARTICIPANTS: Permission.CREATE_PARTICIPANTS,
    ImportKind.OFFERS: Permission.OFFERS,
    ImportKind.WORKSHOPS: Permission.WORKSHOPS,
}


def _read_rows(
    kind: ImportKind, table: Table, mapping: Mapping[int, str], lookup: _Lookup
) -> list[_Row]:
    width = len(table.headers)
    specs = {s.key: s for s in FIELDS[kind]}
    rows: list[_Row] = []
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        row = _Row(number=number, values={}, shown=[], errors=[])
        extra_cells = [c for c in cells[width:] if not _blank(c)]
        if extra_cells and width:
            row.errors.append(
                _("This row has {count} cells but the header has {columns} columns.").format(
                    count=len(cells) - _trailing_blanks(cells), columns=width
                )
            )
        for column, key in mapping.items():
            cell = cells[column] if column < len(cells) else None
            try:
                value = _read_cell(specs[key], cell, lookup.today)
            except _Bad as bad:
                row.errors.append(str(bad))
                row.shown.append((key, clean_line(_text(cell))))
                continue
            row.values[key] = value
            row.shown.append((key, _shown(value)))
        if not row.errors:
            _BUILDERS[kind](row, lookup)
        rows.append(row)
    return rows


def _trailing_blanks(cells: Sequence[Cell]) -> int:
    count = 0
    for cell in reversed(cells):
        if not _blank(cell):
            break
        count += 1
    return count


# --------------------------------------------------------------------------- writing


def _ensure_referent(ctx: ServiceContext, lookup: _Lookup, name: str, scheme: Scheme) -> int:
    wanted = fold(name)
    if wanted in lookup.referents:
        return lookup.referents[wanted]
    kinds = {
        Scheme.FRANCE_TRAVAIL: ReferentKind.FRANCE_TRAVAIL,
        Scheme.CAP_EMPLOI: ReferentKind.CAP_EMPLOI,
        Scheme.DEA: ReferentKind.DEA,
        Scheme.MISSION_LOCALE: ReferentKind.MISSION_LOCALE,
        Scheme.ESAT: ReferentKind.ESAT_EA,
        Scheme.ENTREPRISE_ADAPTEE: ReferentKind.ESAT_EA,
    }
    created = team_service.create_referent(
        ctx, team_service.ReferentInput(name=name, kind=kinds.get(scheme, ReferentKind.OTHER))
    )
    lookup.referents[wanted] = created.id
    return created.id


def _create(ctx: ServiceContext, kind: ImportKind, row: _Row, lookup: _Lookup) -> int:
    if kind is ImportKind.PARTICIPANTS:
        person = participants_service.create_participant(ctx, row.payload)
        referents: list[str] = row.extra["referents"]
        for index, scheme in enumerate(row.extra["schemes"]):
            referent_id = (
                _ensure_referent(ctx, lookup, referents[index], scheme)
                if index < len(referents)
                else None
            )
            schemes_service.add_scheme(ctx, person.id, scheme, referent_id)
        status: ParticipantStatus = row.extra["status"]
        if status is not ParticipantStatus.ACTIVE:
            on = row.payload.membership_end if status is ParticipantStatus.LEFT else None
            participants_service.set_status(ctx, person.id, status, on=on)
        return person.id
    if kind is ImportKind.OFFERS:
        return offers_service.create_offer(ctx, row.payload).id
    workshop = workshops_service.create_workshop(ctx, row.payload)
    if row.extra["cancelled"]:
        workshops_service.cancel_workshop(ctx, workshop.id)
    return workshop.id


def _merge_participant(ctx: ServiceContext, record_id: int, row: _Row) -> None:
    """Fill the existing file's empty fields from the row; nothing already set changes."""
    current = participants_service.get_participant(ctx, record_id)
    data: participants_service.ParticipantInput = row.payload
    filled = participants_service.ParticipantInput(
        first_name=current.first_name,
        last_name=current.last_name,
        pseudonym=current.pseudonym or data.pseudonym,
        birth_date=current.birth_date or data.birth_date,
        birth_year=current.birth_year or data.birth_year,
        phone=current.phone or data.phone,
        email=current.email or data.email,
        address=current.address or data.address,
        city=current.city or data.city,
        membership_start=current.membership_start,
        membership_end=current.membership_end,
        is_peer_helper=current.is_peer_helper or data.is_peer_helper,
        rqth_status=current.rqth_status
        if current.rqth_status is not RqthStatus.NONE
        else data.rqth_status,
        rqth_until=current.rqth_until
        if current.rqth_status is not RqthStatus.NONE
        else data.rqth_until,
        followup_frequency=current.followup_frequency,
        followup_mode=current.followup_mode,
        followup_times=current.followup_times,
        notes=current.notes or data.notes,
    )
    if filled.birth_date is not None and filled.birth_year != filled.birth_date.year:
        filled = replace(filled, birth_year=None)
    participants_service.update_participant(ctx, record_id, filled)


def _decision(decisions: Decisions, row_number: int) -> DuplicateDecision:
    if isinstance(decisions, Mapping):
        chosen = decisions.get(row_number, DuplicateDecision.SKIP)
    else:
        chosen = decisions
    try:
        return DuplicateDecision(chosen)
    except ValueError:
        raise InvalidInput(
            _("{field} has an unknown value.").format(field=_("Duplicates")), field="duplicates"
        ) from None


class _DryRun(Exception):
    pass


@dataclass
class _Outcome:
    report: ImportReport
    rows: list[PreviewRow]


def _reason(exc: UserError) -> str:
    return exc.message


def _execute(
    ctx: ServiceContext,
    kind: ImportKind,
    table: Table,
    mapping: Mapping[int, str],
    decisions: Decisions,
    *,
    dry_run: bool,
) -> _Outcome:
    kind = ImportKind(kind)
    require(ctx, _PERMISSIONS[kind])
    clean_mapping = _check_mapping(kind, table, mapping)
    missing = _missing(kind, clean_mapping)
    if missing:
        raise InvalidInput(
            _("Choose a column for: {fields}.").format(fields=", ".join(missing)),
            field="mapping",
        )
    if isinstance(decisions, Mapping):
        for value in decisions.values():
            DuplicateDecision(value)
    else:
        _decision(decisions, 0)
    imported: list[ImportedRow] = []
    invalid: list[InvalidRow] = []
    duplicates: list[DuplicateRow] = []
    previews: list[PreviewRow] = []
    result: _Outcome | None = None
    with contextlib.suppress(_DryRun), ctx.transaction() as session:
        savepoint = session.begin_nested()
        lookup = _load_lookup(session, kind, ctx.today())
        rows = _read_rows(kind, table, clean_mapping, lookup)
        in_file: dict[Any, tuple[int, int | None]] = {}  # key → (row number, id)
        for row in rows:
            shown = tuple(row.shown)
            if row.errors:
                invalid.append(InvalidRow(row.number, tuple(row.errors)))
                previews.append(PreviewRow(row.number, shown, RowStatus.INVALID, tuple(row.errors)))
                continue
            match: DuplicateMatch | None = None
            target: int | None = None
            if row.key in lookup.existing:
                target, description = lookup.existing[row.key]
                match = DuplicateMatch(target, None, description)
            elif row.key in in_file:
                earlier, target = in_file[row.key]
                match = DuplicateMatch(None, earlier, row.description)
            decision = _decision(decisions, row.number) if match else None
            record_id: int | None = None
            try:
                with session.begin_nested():
                    if decision is None or decision is DuplicateDecision.IMPORT:
                        record_id = _create(ctx, kind, row, lookup)
                    elif (
                        decision is DuplicateDecision.MERGE
                        and kind is ImportKind.PARTICIPANTS
                        and target is not None
                    ):
                        _merge_participant(ctx, target, row)
                        record_id = target
            except PermissionDenied:
                raise
            except UserError as exc:
                invalid.append(InvalidRow(row.number, (_reason(exc),)))
                previews.append(PreviewRow(row.number, shown, RowStatus.INVALID, (_reason(exc),)))
                continue
            if match is None:
                imported.append(ImportedRow(row.number, record_id or 0))
                previews.append(PreviewRow(row.number, shown, RowStatus.VALID))
                in_file.setdefault(row.key, (row.number, record_id))
            else:
                assert decision is not None
                duplicates.append(DuplicateRow(row.number, match, decision, record_id))
                previews.append(
                    PreviewRow(row.number, shown, RowStatus.DUPLICATE, duplicate_of=match)
                )
                if decision is DuplicateDecision.IMPORT:
                    in_file.setdefault(row.key, (row.number, record_id))
        report = ImportReport(
            kind=kind,
            dry_run=dry_run,
            total_rows=len(rows),
            imported=tuple(imported),
            invalid=tuple(invalid),
            duplicates=tuple(duplicates),
        )
        result = _Outcome(report, previews)
        if dry_run:
            savepoint.rollback()
            raise _DryRun
        ctx.audit(
            session,
            "import",
            None,
            AuditAction.CREATE,
            f"kind={kind.value} rows={len(rows)} imported={report.imported_count} "
            f"merged={report.merged_count} invalid={len(invalid)} "
            f"skipped={report.skipped_count}",
        )
        savepoint.commit()
    assert result is not None
    return result


def preview(
    ctx: ServiceContext,
    kind: ImportKind,
    table: Table,
    mapping: Mapping[int, str],
    limit: int = 20,
    *,
    duplicates: Decisions = DuplicateDecision.SKIP,
) -> ImportPreview:
    """The import tried out and undone: the first ``limit`` rows as they will be read, and
    the counts for the whole file. Required fields without a column are listed in
    ``missing_fields`` (then no row is checked)."""
    kind = ImportKind(kind)
    require(ctx, _PERMISSIONS[kind])
    clean_mapping = _check_mapping(kind, table, mapping)
    missing = _missing(kind, clean_mapping)
    pairs = tuple(sorted(clean_mapping.items()))
    if missing:
        return ImportPreview(kind, pairs, missing, (), len(table.rows), 0, 0, 0)
    outcome = _execute(ctx, kind, table, clean_mapping, duplicates, dry_run=True)
    report = outcome.report
    return ImportPreview(
        kind=kind,
        mapping=pairs,
        missing_fields=(),
        rows=tuple(outcome.rows[: max(0, limit)]),
        total_rows=report.total_rows,
        valid_count=len(report.imported),
        invalid_count=len(report.invalid),
        duplicate_count=len(report.duplicates),
    )


def run_import(
    ctx: ServiceContext,
    kind: ImportKind,
    table: Table,
    mapping: Mapping[int, str],
    *,
    duplicates: Decisions = DuplicateDecision.SKIP,
    dry_run: bool = False,
) -> ImportReport:
    """Import every valid row in one transaction (``dry_run``: check only, keep nothing).

    ``duplicates`` is one decision for every likely duplicate ("skip", "import", "merge")
    or ``{row number: decision}`` (rows not named are skipped).
    """
    return _execute(ctx, ImportKind(kind), table, mapping, duplicates, dry_run=dry_run).report


def iter_problems(report: ImportReport) -> Iterator[tuple[int, str]]:
    """(row number, reason) for every invalid row, in file order, one line per reason."""
    for row in report.invalid:
        for reason in row.reasons:
            yield row.row_number, reason
