"""The employer directory to and from a spreadsheet (issue 15): ``pairdesk export
employers`` and ``pairdesk import employers``.

One row per contact (an employer without contact has one row with the contact cells
empty), so a directory exported then imported keeps every contact. French CSV conventions
as the other lists (:func:`pairdesk.services.exports.csv_bytes`: ``;``, UTF-8 with BOM,
cells neutralised), and the file is read within the same hostile-file limits
(:func:`pairdesk.services.imports.reading.read_table`).

Reading (:func:`read_employer_rows`) is pure: each row gives an :class:`EmployerLine` or
the reason it is invalid. Writing (:func:`import_employers`) runs in one transaction: an
employer already in the directory (same name key, see
:func:`pairdesk.domain.employers.employer_key`, and the same town, or a blank town) is kept
as it is and only gains the contacts it does not have; a new one is entered. Nothing is
ever deleted or overwritten, with one exception made for a bare entry (a name only, as the
offers' import creates one): it takes the row's details (``directory.complete_bare``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pairdesk.domain.employers import EmployerKind, EmployerSize, employer_key
from pairdesk.domain.enums import AuditAction, LabelledEnum
from pairdesk.domain.import_vocabulary import normalise_header
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.tabular import cell_text, parse_bool, parse_date, repair_mojibake
from pairdesk.domain.text import clean_line, fold
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import N_, _
from pairdesk.services import employers as directory
from pairdesk.services.context import ServiceContext
from pairdesk.services.exports import ExportFormat, ExportSheet, csv_bytes, write_file, xlsx_bytes
from pairdesk.services.imports.reading import read_table
from pairdesk.services.imports.running import InvalidRow
from pairdesk.services.imports.table import Cell, Table
from pairdesk.services.records import saved
from pairdesk.store.models import Employer, EmployerContact

#: The columns, in file order: (field, English header; the French one is its translation).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", N_("Employer")),
    ("kind", N_("Kind of employer")),
    ("sector", N_("Sector")),
    ("town", N_("Town")),
    ("size", N_("Size")),
    ("open_to_mental_health", N_("Open to people with a mental-health disability")),
    ("notes", N_("Notes")),
    ("next_step", N_("Next step")),
    ("next_step_on", N_("Next step on")),
    ("contact_name", N_("Contact")),
    ("contact_role", N_("Contact's role")),
    ("contact_phone", N_("Contact's phone")),
    ("contact_email", N_("Contact's e-mail")),
    ("active", N_("Active")),
)
FIELDS = tuple(key for key, _header in COLUMNS)


@dataclass(frozen=True, slots=True)
class EmployerLine:
    """One valid row: an employer and, if given, one of its contacts."""

    row_number: int
    employer: directory.EmployerInput
    contact: directory.ContactInput | None
    active: bool = True


@dataclass(frozen=True, slots=True)
class EmployerImportReport:
    employers_created: int
    contacts_added: int
    rows_already_known: int
    invalid: tuple[InvalidRow, ...] = field(default_factory=tuple)
    dry_run: bool = False
    #: bare entries (a name only) that took the details of their row
    employers_completed: int = 0


# --------------------------------------------------------------------------- export


def employer_sheet(ctx: ServiceContext) -> ExportSheet:
    """Every employer of the directory (inactive ones too), a row per contact."""
    require(ctx, Permission.EMPLOYERS)
    rows: list[tuple[Cell, ...]] = []
    with ctx.transaction() as session:
        employers = session.scalars(select(Employer).order_by(Employer.sort_name, Employer.id))
        contacts: dict[int, list[EmployerContact]] = {}
        for contact in session.scalars(select(EmployerContact).order_by(EmployerContact.id)):
            contacts.setdefault(contact.employer_id, []).append(contact)
        for e in employers:
            base: tuple[Cell, ...] = (
                e.name,
                EmployerKind(e.kind).label,
                e.sector,
                e.town,
                EmployerSize(e.size).label,
                _("yes") if e.open_to_mental_health else _("no"),
                e.notes,
                e.next_step,
                e.next_step_on,
            )
            active: Cell = _("yes") if e.active else _("no")
            people: list[EmployerContact | None] = [*contacts.get(e.id, [])] or [None]
            for c in people:
                person: tuple[Cell, ...] = (
                    (c.name, c.role, c.phone, c.email) if c is not None else ("", "", "", "")
                )
                rows.append((*base, *person, active))
    # the sheet's kind is not one of the generic lists: it only names the file's title
    return ExportSheet(
        "employers",  # type: ignore[arg-type]
        _("Employers"),
        tuple(_(header) for _key, header in COLUMNS),
        tuple(rows),
    )


def export_employers(
    ctx: ServiceContext, path: Path | str, *, overwrite: bool = False
) -> tuple[Path, int]:
    """Write the directory to ``path`` (.csv or .xlsx) with its audit line; the path and
    the number of rows written."""
    path = Path(path).expanduser()
    chosen = ExportFormat.from_path(path)
    sheet = employer_sheet(ctx)
    data = csv_bytes(sheet) if chosen is ExportFormat.CSV else xlsx_bytes(sheet)
    with ctx.transaction() as session:
        ctx.audit(
            session,
            "export",
            None,
            AuditAction.EXPORT,
            f"list=employers format={chosen.value} rows={len(sheet.rows)}",
        )
        session.flush()
        write_file(path, data, overwrite=overwrite)
    return path, len(sheet.rows)


# --------------------------------------------------------------------------- reading


def column_mapping(headers: Iterable[object]) -> dict[int, str]:
    """Which column feeds which field: a header is recognised in English, in French (the
    current translation) or as the field's key, accents, case and punctuation ignored."""
    known: dict[str, str] = {}
    for key, header in COLUMNS:
        for name in (key, header, _(header)):
            known.setdefault(normalise_header(name), key)
    mapping: dict[int, str] = {}
    for index, column in enumerate(headers):
        found = known.get(normalise_header(column))
        if found is not None and found not in mapping.values():
            mapping[index] = found
    if "name" not in mapping.values():
        raise InvalidInput(
            _('The file has no "{column}" column: there is no employer to import.').format(
                column=_("Employer")
            )
        )
    return mapping


def _enum(enum: type[LabelledEnum], text: str, label: str) -> LabelledEnum | None:
    """A closed-list cell by its value or its label (English or French), folded."""
    if not text:
        return None
    wanted = fold(text)
    for member in enum:
        if wanted in {fold(member.value), fold(member.label), fold(member.source_label)}:
            return member
    raise ValueError(
        _("{label}: « {text} » is not one of the choices.").format(label=label, text=text)
    )


def _garbled_text(value: str, fixed: str) -> str:
    return _(
        "« {value} » looks garbled by a text-encoding mix-up (probably « {fixed} »). "
        "Correct it in the file and import it again."
    ).format(value=clean_line(value)[:60], fixed=clean_line(fixed)[:60])


def _bool(value: Cell, label: str, default: bool) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        parsed = parse_bool(value)
    except ValueError:  # its message was the cell's folded text alone ("peut-etre")
        parsed = None
    if parsed is None:
        raise ValueError(_("{label}: « {text} » is not yes or no.").format(label=label, text=value))
    return parsed


def _line(table_row: dict[str, Cell], row_number: int, today: dt.date) -> EmployerLine:
    def text(key: str) -> str:
        return cell_text(table_row.get(key)).strip()

    kind = _enum(EmployerKind, text("kind"), _("Kind of employer"))
    size = _enum(EmployerSize, text("size"), _("Size"))
    try:
        next_on = parse_date(table_row.get("next_step_on") or None, today=today)
    except ValueError:
        raise ValueError(
            _("{label}: « {text} » is not a date.").format(
                label=_("Next step on"), text=text("next_step_on")
            )
        ) from None
    employer = directory.EmployerInput(
        name=text("name"),
        sector=text("sector"),
        town=text("town"),
        size=size if isinstance(size, EmployerSize) else EmployerSize.UNKNOWN,
        kind=kind if isinstance(kind, EmployerKind) else EmployerKind.ORDINARY,
        open_to_mental_health=_bool(
            table_row.get("open_to_mental_health"),
            _("Open to people with a mental-health disability"),
            False,
        ),
        notes=cell_text(table_row.get("notes")),
        next_step=cell_text(table_row.get("next_step")),
        next_step_on=next_on,
    )
    if not employer_key(employer.name):
        raise ValueError(_("No employer name."))
    contact_cells = [
        text(k) for k in ("contact_name", "contact_role", "contact_phone", "contact_email")
    ]
    contact = None
    if any(contact_cells):
        if not contact_cells[0]:
            raise ValueError(_("A contact's role, phone or e-mail without the contact's name."))
        contact = directory.ContactInput(*contact_cells)
    active = _bool(table_row.get("active"), _("Active"), True)
    return EmployerLine(row_number, employer, contact, active)


def read_employer_rows(
    table: Table, *, today: dt.date
) -> tuple[list[EmployerLine], list[InvalidRow]]:
    """Every row of ``table`` read: the valid lines and the invalid rows with their reason
    (numbered as the spreadsheet shows them). Never raises for a cell's content; an
    unknown header is ignored, a file without an employer column is refused."""
    mapping = column_mapping(table.headers)
    lines: list[EmployerLine] = []
    problems: list[InvalidRow] = []
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        values = {key: cells[i] for i, key in mapping.items() if i < len(cells)}
        if all(cell_text(v).strip() == "" for v in values.values()):
            continue  # an empty row
        garbled = [
            (v, fixed)
            for v in values.values()
            if isinstance(v, str) and (fixed := repair_mojibake(v)) is not None
        ]
        if garbled:  # as the other imports: never « SociÃ©tÃ© » in the directory
            value, fixed = garbled[0]
            problems.append(InvalidRow(number, (_garbled_text(value, fixed),)))
            continue
        try:
            lines.append(_line(values, number, today))
        except ValueError as error:
            problems.append(InvalidRow(number, (str(error),)))
    return lines, problems


# --------------------------------------------------------------------------- writing


def import_employers(
    ctx: ServiceContext, table: Table, *, dry_run: bool = False
) -> EmployerImportReport:
    """Bring the rows of ``table`` into the directory, in one transaction (``dry_run``:
    checked and counted, nothing kept). A row the services refuse (a name too long, an
    e-mail that is not one) is reported with its reason; the others are imported."""
    require(ctx, Permission.EMPLOYERS)
    lines, problems = read_employer_rows(table, today=ctx.today())
    created = contacts_added = known = completed = 0
    with ctx.transaction() as session:
        savepoint = session.begin_nested()
        index: dict[str, list[Employer]] = {}
        for row in session.scalars(select(Employer).order_by(Employer.id)):
            index.setdefault(employer_key(row.name), []).append(row)
        for line in lines:
            try:
                with session.begin_nested():
                    employer = _find(index, line)
                    is_new = employer is None
                    filled = False
                    if employer is None:
                        employer = directory.add_employer(ctx, session, line.employer)
                        employer.active = line.active
                        index.setdefault(employer_key(employer.name), []).append(employer)
                    else:
                        filled = directory.complete_bare(ctx, session, employer, line.employer)
                    added = line.contact is not None and _add_contact(
                        ctx, session, employer, line.contact
                    )
            except UserError as error:
                problems.append(InvalidRow(line.row_number, (str(error),)))
                continue
            created += is_new
            contacts_added += added
            completed += filled
            known += not is_new and not added and not filled
        ctx.audit(
            session,
            "import",
            None,
            AuditAction.CREATE,
            f"list=employers created={created} contacts={contacts_added} completed={completed}",
        )
        if dry_run:
            savepoint.rollback()
        else:
            savepoint.commit()
    return EmployerImportReport(
        created,
        contacts_added,
        known,
        tuple(sorted(problems, key=lambda p: p.row_number)),
        dry_run,
        completed,
    )


def _find(index: dict[str, list[Employer]], line: EmployerLine) -> Employer | None:
    """The directory entry a row names: same name key and same town (a blank town on
    either side matches). A row without a town naming several employers of different
    towns is refused (``InvalidInput``): its contact went to the first "Mairie" entered,
    Lyon's, whichever was meant; the offers' import refuses the same."""
    town = fold(line.employer.town)
    matches = [
        row
        for row in index.get(employer_key(line.employer.name), [])
        if not town or not row.town or fold(row.town) == town
    ]
    towns = sorted({row.town for row in matches if row.town}, key=fold)
    if not town and len(towns) > 1:
        raise InvalidInput(
            _(
                "Several employers of the directory are called « {name} » ({towns}): add the "
                "town to the row to say which one."
            ).format(name=line.employer.name, towns=", ".join(towns))
        )
    return matches[0] if matches else None


def _add_contact(
    ctx: ServiceContext, session: Session, employer: Employer, contact: directory.ContactInput
) -> bool:
    """Add the contact unless the employer has one of that name already."""
    wanted = fold(contact.name)
    for existing in session.scalars(
        select(EmployerContact).where(EmployerContact.employer_id == employer.id)
    ):
        if fold(existing.name) == wanted:
            return False
    row = EmployerContact(employer_id=employer.id)
    directory.apply_contact(row, contact)
    saved(ctx, session, "employer_contact", row)
    return True


def read_employer_file(path: Path | str, *, sheet: str | None = None) -> Table:
    """The file read within the hostile-file limits of every import."""
    return read_table(path, sheet=sheet)
