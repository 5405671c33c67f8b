"""From a table's rows to records ready to write: the mapping of columns to fields,
each cell read for its field, and each row checked and built per kind of record.

A cell (CSV or ``.xlsx``) holding UTF-8 that was once read as Windows-1252
(« HÃ©lÃ¨ne », « lâ€™atelier », see :func:`~pairdesk.domain.tabular.repair_mojibake`)
makes its row invalid, with the likely intended text in the reason. Closed-list values
are read through the import vocabulary (:mod:`pairdesk.domain.import_vocabulary`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import (
    ContractType,
    LabelledEnum,
    ParticipantStatus,
    RemoteWork,
    RqthStatus,
    Scheme,
    WorkshopKind,
)
from pairdesk.domain.import_vocabulary import (
    FIELDS,
    FieldSpec,
    FieldType,
    ImportKind,
    field_spec,
    guess_columns,
    read_field_choice,
    read_scheme,
)
from pairdesk.domain.tabular import (
    cell_text,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    parse_time,
    repair_mojibake,
    split_list,
    unneutralise,
)
from pairdesk.domain.text import clean_line, clean_text, fold
from pairdesk.domain.validation import optional_email
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import offers as offers_service
from pairdesk.services import participants as participants_service
from pairdesk.services import workshops as workshops_service
from pairdesk.services.imports.table import Cell, Table, column_letter, is_blank, trailing_blanks
from pairdesk.store.models import JobOffer, Participant, Referent, TeamMember, Workshop


@dataclass(frozen=True, slots=True)
class FieldChoice:
    """A field a column can be given to, as the mapping step lists it."""

    key: str
    label: str
    required: bool


# --------------------------------------------------------------------------- mapping


def field_choices(kind: ImportKind) -> list[FieldChoice]:
    """The fields a column can be given to, in form order, with translated labels."""
    return [FieldChoice(s.key, s.display, s.required) for s in FIELDS[ImportKind(kind)]]


def guess_mapping(kind: ImportKind, headers: Sequence[str]) -> dict[int, str]:
    """Column index → field key for every header recognised (French or English)."""
    return guess_columns(ImportKind(kind), headers)


def check_mapping(kind: ImportKind, table: Table, mapping: Mapping[int, str]) -> dict[int, str]:
    """The mapping, sorted by column, once every field is known, every column exists and
    no field is fed twice (``InvalidInput`` on the ``mapping`` field otherwise)."""
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


def missing_fields(kind: ImportKind, mapping: Mapping[int, str]) -> tuple[str, ...]:
    """The labels of the required fields no column feeds."""
    chosen = set(mapping.values())
    return tuple(s.display for s in FIELDS[kind] if s.required and s.key not in chosen)


# --------------------------------------------------------------------------- reading cells


class _Bad(Exception):
    """A cell that cannot be read; the message is translated."""


def _text(cell: Cell) -> str:
    return cell_text(cell)


def _read_cell(spec: FieldSpec, cell: Cell, today: dt.date) -> Any:
    """The value of one cell for ``spec`` (None when empty); ``_Bad`` with the reason.
    The field's translated name is looked up only for a reason (issue 12: 70,000 lookups
    for a clean 10,000-row file)."""
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
                field=spec.display, value=clean_line(_text(cell))[:60]
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
            return read_field_choice(spec.key, text)
        except ValueError:
            raise _Bad(
                _("{field}: « {value} » is not one of the known values.").format(
                    field=spec.display, value=text[:60]
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
class ReadRow:
    """One row as read: its values per field, what the preview shows, the reasons it
    cannot be imported, and when it can, what to write (``payload`` and ``extra``) and
    the key it is compared on for duplicates."""

    number: int
    values: dict[str, Any]
    shown: list[tuple[str, str]]
    errors: list[str]
    payload: Any = None
    key: Any = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Lookup:
    """What rows are checked against, loaded once per import."""

    today: dt.date
    existing: dict[Any, tuple[int, str]]  # duplicate key → (id, description)
    members: list[tuple[int, str, str]] = field(default_factory=list)  # id, first, last
    referents: dict[str, int] = field(default_factory=dict)  # folded name → id
    #: participants with a birth date, by their names alone (for a row without one);
    #: None for the other kinds of import, whose keys are not people's
    named: dict[tuple[str, str], tuple[int, str]] | None = None

    def existing_match(self, key: Any) -> tuple[int, str] | None:
        """The record of the vault a row's key designates, if any. For a person, a birth
        date missing on one side still matches the same names: « Durand;Hương; » was not
        taken for the Hương Durand of the vault born in 1985 (a tester)."""
        found = self.existing.get(key)
        if found is not None or self.named is None:
            return found
        first, last, birth = key
        if birth is None:
            return self.named.get((first, last))
        return self.existing.get((first, last, None))


def _born(day: dt.date | None) -> str:
    if day is None:
        return _("birth date unknown")
    return _("born {date}").format(date=day.strftime("%d/%m/%Y"))


_NAME_JOINERS = re.compile(r"[\s\-'’.]+")


def _name_key(name: str) -> str:
    """A name as a duplicate check compares it: accents, case, spaces, hyphens and
    apostrophes aside (« Bensaid » is « Ben Saïd », a tester's duplicate)."""
    return _NAME_JOINERS.sub("", fold(name))


def _person_key(first: str, last: str, birth: dt.date | None) -> tuple[str, str, dt.date | None]:
    return (_name_key(first), _name_key(last), birth)


def _person_description(first: str, last: str, birth: dt.date | None) -> str:
    return _("{first_name} {last_name}, {born}").format(
        first_name=first, last_name=last, born=_born(birth)
    )


def load_lookup(session: Session, kind: ImportKind, today: dt.date) -> Lookup:
    """The records of the vault the rows of ``kind`` are compared with or point to."""
    existing: dict[Any, tuple[int, str]] = {}
    lookup = Lookup(today=today, existing=existing)
    if kind is ImportKind.PARTICIPANTS:
        named = lookup.named = {}
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
            key = _person_key(first, last, birth)
            known = (pid, _person_description(first, last, birth))
            existing.setdefault(key, known)
            if birth is not None:
                named.setdefault(key[:2], known)
        for rid, name in session.execute(
            select(Referent.id, Referent.name).order_by(Referent.active.desc(), Referent.id)
        ):
            lookup.referents.setdefault(fold(name), rid)
    elif kind is ImportKind.OFFERS:
        # A current row is compared with the current offers only (the same job posted again
        # after an old one was archived is a new offer); an archived row, which only an
        # export read back holds, with every offer (_offer_key).
        for oid, title, employer, archived in session.execute(
            select(JobOffer.id, JobOffer.title, JobOffer.employer, JobOffer.archived).order_by(
                JobOffer.id
            )
        ):
            known = (oid, _offer_description(title, employer))
            if not archived:
                existing.setdefault(_offer_key(title, employer, archived=False), known)
            existing.setdefault(_offer_key(title, employer, archived=True), known)
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


def _offer_key(title: str, employer: str, *, archived: bool) -> tuple[str, ...]:
    """An offer's duplicate key: its title and employer, capitals and accents aside, marked
    for an archived row (which is then compared with archived offers too)."""
    key = (fold(title), fold(employer))
    return ("archived", *key) if archived else key


def _offer_description(title: str, employer: str) -> str:
    if not employer:
        return title
    return _("{title} at {employer}").format(title=title, employer=employer)


def _workshop_description(title: str, held_on: dt.date, starts_at: dt.time) -> str:
    return _("{title} on {date} at {time}").format(
        title=title, date=held_on.strftime("%d/%m/%Y"), time=starts_at.strftime("%H:%M")
    )


def _build_participant(row: ReadRow, lookup: Lookup) -> None:
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
            schemes.append(read_scheme(word))
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


def _build_offer(row: ReadRow, lookup: Lookup) -> None:
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
    row.extra = {"archived": bool(v.get("archived"))}
    row.key = _offer_key(v["title"], v.get("employer") or "", archived=row.extra["archived"])
    row.description = _offer_description(v["title"], v.get("employer") or "")


def _find_member(name: str, lookup: Lookup) -> int | None:
    wanted = fold(name)
    full = [m for m in lookup.members if wanted in {fold(f"{m[1]} {m[2]}"), fold(f"{m[2]} {m[1]}")}]
    if full:
        return full[0][0]
    first = [m for m in lookup.members if fold(m[1]) == wanted]
    if len(first) == 1:
        return first[0][0]
    return None


def _build_workshop(row: ReadRow, lookup: Lookup) -> None:
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


_BUILDERS: dict[ImportKind, Callable[[ReadRow, Lookup], None]] = {
    ImportKind.PARTICIPANTS: _build_participant,
    ImportKind.OFFERS: _build_offer,
    ImportKind.WORKSHOPS: _build_workshop,
}


def read_rows(
    kind: ImportKind, table: Table, mapping: Mapping[int, str], lookup: Lookup
) -> list[ReadRow]:
    """Every row of ``table`` read through ``mapping``, checked, and built for ``kind``."""
    width = len(table.headers)
    specs = {s.key: s for s in FIELDS[kind]}
    rows: list[ReadRow] = []
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        row = ReadRow(number=number, values={}, shown=[], errors=[])
        extra_cells = [c for c in cells[width:] if not is_blank(c)]
        if extra_cells and width:
            row.errors.append(
                _("This row has {count} cells but the header has {columns} columns.").format(
                    count=len(cells) - trailing_blanks(cells), columns=width
                )
            )
        for column, key in mapping.items():
            cell = cells[column] if column < len(cells) else None
            repaired = repair_mojibake(cell) if isinstance(cell, str) else None
            if repaired is not None:
                row.errors.append(_garbled(specs[key], str(cell), repaired))
                row.shown.append((key, clean_line(_text(cell))))
                continue
            try:
                value = _read_cell(specs[key], cell, lookup.today)
            except _Bad as bad:
                row.errors.append(str(bad))
                row.shown.append((key, clean_line(_text(cell))))
                continue
            row.values[key] = value
            row.shown.append((key, _shown(value)))
        if kind is ImportKind.PARTICIPANTS and row.values.get("email"):
            # The service's check, run here with the cells': run only once the row read
            # well, it told a row's errors one import at a time (a date, then the e-mail:
            # a tester's finding)
            try:
                optional_email(str(row.values["email"]), "email", _("E-mail"))
            except InvalidInput as exc:
                row.errors.append(exc.message)
        if not row.errors:
            _BUILDERS[kind](row, lookup)
        rows.append(row)
    return rows


def _garbled(spec: FieldSpec, cell: str, repaired: str) -> str:
    return _(
        "{field}: « {value} » looks garbled by a text-encoding mix-up (probably « {fixed} »). "
        "Correct it in the file and import it again."
    ).format(field=spec.display, value=clean_line(cell)[:60], fixed=clean_line(repaired)[:60])
