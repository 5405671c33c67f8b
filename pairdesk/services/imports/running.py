"""Run an import: the preview, the dry run and the real thing, one code path.

:func:`preview` and :func:`run_import` (``dry_run=True`` too) go through the same steps:
every row is read and checked (:mod:`.rows`), then written through the usual services
inside a savepoint, each row in its own nested savepoint so that a row a service refuses
is listed as invalid and leaves nothing. The real run keeps the savepoint and writes its
audit line; the preview and the dry run roll it back, so their report is exactly the one
the import would give and nothing is kept. Nothing is half-imported: a failure leaves the
vault as it was.

Likely duplicates: participants with the same first and last name (case, accents,
spaces, hyphens and apostrophes ignored: « Bensaid » is « Ben Saïd ») and the same birth
date, or no birth date on one side, already in the vault or (same birth date) earlier in
the file; offers with the same title and employer (not archived); workshops of the same
kind on the same day at the same time. For each one the decision is ``skip`` (default), ``import`` (as a new
record) or ``merge`` (participants only: fill the existing file's empty fields from the
row; for offers and workshops merge keeps the existing record, like skip).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pairdesk.domain.enums import (
    REFERENT_KIND_OF_SCHEME,
    AuditAction,
    DuplicateDecision,
    ParticipantStatus,
    ReferentKind,
    RowStatus,
    Scheme,
)
from pairdesk.domain.import_vocabulary import ImportKind
from pairdesk.domain.permissions import Permission, allows, require
from pairdesk.domain.text import fold
from pairdesk.errors import InvalidInput, PermissionDenied, UserError
from pairdesk.i18n import _
from pairdesk.services import offers as offers_service
from pairdesk.services import participants as participants_service
from pairdesk.services import referents as referents_service
from pairdesk.services import schemes as schemes_service
from pairdesk.services import workshops as workshops_service
from pairdesk.services.context import ServiceContext
from pairdesk.services.imports.merging import merge_participant
from pairdesk.services.imports.rows import (
    Lookup,
    ReadRow,
    check_mapping,
    load_lookup,
    missing_fields,
    read_rows,
)
from pairdesk.services.imports.table import Table

# --------------------------------------------------------------------------- read objects


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
    #: On a merge, what the row said that the record did not take (its fields' labels): a
    #: value where the record already had another one, and schemes, which a merge never
    #: adds. Told to the person, who decides whether to correct the record by hand.
    not_taken: tuple[str, ...] = ()


def duplicate_outcome(duplicate: DuplicateRow) -> str:
    """What was done with a likely duplicate, in words: its decision, and on a merge what
    the row said that the record did not take."""
    if not duplicate.not_taken:
        return duplicate.decision.label
    return _("{decision}; not taken from the row, the record keeps its own: {fields}").format(
        decision=duplicate.decision.label, fields=", ".join(duplicate.not_taken)
    )


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

_PERMISSIONS = {
    ImportKind.PARTICIPANTS: Permission.CREATE_PARTICIPANTS,
    ImportKind.OFFERS: Permission.OFFERS,
    ImportKind.WORKSHOPS: Permission.WORKSHOPS,
}


def importable_kinds(ctx: ServiceContext) -> tuple[ImportKind, ...]:
    """The lists this operator may import, known before a file is chosen (a pair-aidant
    chose a file, then was told on the columns' page that their role may not: a tester)."""
    return tuple(kind for kind in ImportKind if allows(ctx.operator, _PERMISSIONS[kind]))


# --------------------------------------------------------------------------- writing


def _ensure_referent(ctx: ServiceContext, lookup: Lookup, name: str, scheme: Scheme) -> int:
    wanted = fold(name)
    if wanted in lookup.referents:
        return lookup.referents[wanted]
    kind = REFERENT_KIND_OF_SCHEME.get(scheme, ReferentKind.OTHER)
    created = referents_service.create_referent(
        ctx, referents_service.ReferentInput(name=name, kind=kind)
    )
    lookup.referents[wanted] = created.id
    return created.id


def _create(ctx: ServiceContext, kind: ImportKind, row: ReadRow, lookup: Lookup) -> int:
    if kind is ImportKind.PARTICIPANTS:
        person_id = participants_service.create_participant_id(ctx, row.payload)
        referents: list[str] = row.extra["referents"]
        for index, scheme in enumerate(row.extra["schemes"]):
            referent_id = (
                _ensure_referent(ctx, lookup, referents[index], scheme)
                if index < len(referents)
                else None
            )
            schemes_service.add_scheme(ctx, person_id, scheme, referent_id)
        status: ParticipantStatus = row.extra["status"]
        if status is not ParticipantStatus.ACTIVE:
            on = row.payload.membership_end if status is ParticipantStatus.LEFT else None
            participants_service.set_status(ctx, person_id, status, on=on)
        return person_id
    if kind is ImportKind.OFFERS:
        offer_id = offers_service.create_offer(ctx, row.payload).id
        if row.extra["archived"]:  # an export read back keeps its archived offers archived
            offers_service.archive_offer(ctx, offer_id)
        return offer_id
    workshop = workshops_service.create_workshop(ctx, row.payload)
    if row.extra["cancelled"]:
        workshops_service.cancel_workshop(ctx, workshop.id)
    return workshop.id


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
    progress: Progress | None = None,
) -> _Outcome:
    """Write every row inside a savepoint, then keep it (with the audit line) or, for a
    dry run, roll the savepoint back: a trial run goes through exactly the same steps as
    the real one, so its report is the one the import would give, and nothing stays."""
    kind = ImportKind(kind)
    require(ctx, _PERMISSIONS[kind])
    clean_mapping = check_mapping(kind, table, mapping)
    missing = missing_fields(kind, clean_mapping)
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
    with ctx.transaction() as session:
        savepoint = session.begin_nested()
        lookup = load_lookup(session, kind, ctx.today())
        rows = read_rows(kind, table, clean_mapping, lookup)
        outcome = _write_rows(ctx, session, kind, rows, lookup, decisions, dry_run, progress)
        if dry_run:
            savepoint.rollback()
            return outcome
        report = outcome.report
        ctx.audit(
            session,
            "import",
            None,
            AuditAction.CREATE,
            f"kind={kind.value} rows={report.total_rows} imported={report.imported_count} "
            f"merged={report.merged_count} invalid={len(report.invalid)} "
            f"skipped={report.skipped_count}",
        )
        savepoint.commit()
    return outcome


#: Rows written per batched insert (participants): the progress is reported between two.
BATCH_ROWS = 500

Progress = Callable[[int, int], bool]


class ImportCancelled(UserError):
    """The person pressed Cancel: nothing was imported (the transaction is rolled back)."""


def _simple_participant(kind: ImportKind, row: ReadRow) -> bool:
    """A new participant and nothing else (no scheme, active): written in a batch."""
    return (
        kind is ImportKind.PARTICIPANTS
        and not row.extra["schemes"]
        and row.extra["status"] is ParticipantStatus.ACTIVE
    )


@dataclass
class _Batch:
    """New participants checked and waiting for one batched insert, in file order."""

    rows: list[ReadRow]
    values: list[dict[str, Any]]


def _write_rows(
    ctx: ServiceContext,
    session: Session,
    kind: ImportKind,
    rows: list[ReadRow],
    lookup: Lookup,
    decisions: Decisions,
    dry_run: bool,
    progress: Progress | None = None,
) -> _Outcome:
    """Write each row read and checked (``lookup`` holds the vault's records they are
    compared with). A new participant with nothing else to write is checked by the
    service (:func:`~pairdesk.services.participants.new_participant_values`) and then
    inserted with others in one batch (issue 12: ~6 statements a row before); every other
    row goes through the services in its own savepoint: a row a service refuses is listed
    as invalid and leaves nothing behind. Records are written in file order either way.
    ``progress(done, total)`` is told between batches; False cancels (``ImportCancelled``)."""
    imported: list[ImportedRow] = []
    invalid: list[InvalidRow] = []
    duplicates: list[DuplicateRow] = []
    previews: list[PreviewRow] = []
    in_file: dict[Any, tuple[int, int | None]] = {}  # key → (row number, id)
    # key → how the first row with it describes the person: a later row's duplicate names
    # that row as it is written there (it gave its own spelling: « Identique à la ligne
    # 2 : Helene Lefevre » where row 2 says Hélène Lefèvre, a tester's finding)
    described: dict[Any, str] = {}

    def remember(row: ReadRow, record_id: int | None) -> None:
        in_file.setdefault(row.key, (row.number, record_id))
        described.setdefault(row.key, row.description)

    batch = _Batch([], [])
    batched = not getattr(ctx.vault, "read_only", False)
    total = len(rows)
    last_told = -BATCH_ROWS  # (0, total) is told first

    def flush() -> None:
        ids = participants_service.insert_participants(ctx, session, batch.values)
        for row, record_id in zip(batch.rows, ids, strict=True):
            imported.append(ImportedRow(row.number, record_id))
            if in_file.get(row.key, (0, 0))[0] == row.number:
                in_file[row.key] = (row.number, record_id)
        batch.rows.clear()
        batch.values.clear()

    def reject(row: ReadRow, shown: tuple[tuple[str, str], ...], reasons: tuple[str, ...]) -> None:
        invalid.append(InvalidRow(row.number, reasons))
        previews.append(PreviewRow(row.number, shown, RowStatus.INVALID, reasons))

    def tell(done: int) -> None:
        nonlocal last_told
        if progress is None or (done - last_told < BATCH_ROWS and done < total):
            return
        last_told = done
        if not progress(done, total):
            raise ImportCancelled(_("The import was cancelled; nothing was imported."))

    for done, row in enumerate(rows, start=1):
        tell(done - 1)
        shown = tuple(row.shown)
        if row.errors:
            reject(row, shown, tuple(row.errors))
            continue
        match: DuplicateMatch | None = None
        target: int | None = None
        if (known := lookup.existing_match(row.key)) is not None:
            target, description = known
            match = DuplicateMatch(target, None, description)
        elif row.key in in_file:
            if batch.rows:
                flush()  # the earlier row's id is known once it is written
            earlier, target = in_file[row.key]
            match = DuplicateMatch(None, earlier, described[row.key])
        if match is None and batched and _simple_participant(kind, row):
            try:
                values = participants_service.new_participant_values(ctx, row.payload)
            except UserError as exc:
                reject(row, shown, (_reason(exc),))
                continue
            batch.rows.append(row)
            batch.values.append(values)
            previews.append(PreviewRow(row.number, shown, RowStatus.VALID))
            remember(row, None)
            if len(batch.rows) >= BATCH_ROWS:
                flush()
            continue
        if batch.rows:
            flush()  # what this row writes comes after the rows before it
        decision = _decision(decisions, row.number) if match else None
        record_id: int | None = None
        not_taken: tuple[str, ...] = ()
        try:
            with session.begin_nested():
                if decision is None or decision is DuplicateDecision.IMPORT:
                    record_id = _create(ctx, kind, row, lookup)
                elif (
                    decision is DuplicateDecision.MERGE
                    and kind is ImportKind.PARTICIPANTS
                    and target is not None
                ):
                    not_taken = merge_participant(ctx, target, row)
                    record_id = target
        except PermissionDenied:
            raise
        except UserError as exc:
            reject(row, shown, (_reason(exc),))
            continue
        if match is None:
            imported.append(ImportedRow(row.number, record_id or 0))
            previews.append(PreviewRow(row.number, shown, RowStatus.VALID))
            remember(row, record_id)
        else:
            assert decision is not None
            duplicates.append(DuplicateRow(row.number, match, decision, record_id, not_taken))
            previews.append(PreviewRow(row.number, shown, RowStatus.DUPLICATE, duplicate_of=match))
            if decision is DuplicateDecision.IMPORT:
                remember(row, record_id)
    if batch.rows:
        flush()
    tell(total)
    report = ImportReport(
        kind=kind,
        dry_run=dry_run,
        total_rows=len(rows),
        imported=tuple(imported),
        invalid=tuple(invalid),
        duplicates=tuple(duplicates),
    )
    return _Outcome(report, previews)


def preview(
    ctx: ServiceContext,
    kind: ImportKind,
    table: Table,
    mapping: Mapping[int, str],
    limit: int = 20,
    *,
    duplicates: Decisions = DuplicateDecision.SKIP,
    progress: Progress | None = None,
) -> ImportPreview:
    """The import tried out and undone: the first ``limit`` rows as they will be read, and
    the counts for the whole file. Required fields without a column are listed in
    ``missing_fields`` (then no row is checked). ``progress`` as for :func:`run_import`:
    a trial of 10,000 rows takes seconds, and the wizard stops one whose mapping changed."""
    kind = ImportKind(kind)
    require(ctx, _PERMISSIONS[kind])
    clean_mapping = check_mapping(kind, table, mapping)
    missing = missing_fields(kind, clean_mapping)
    pairs = tuple(sorted(clean_mapping.items()))
    if missing:
        return ImportPreview(kind, pairs, missing, (), len(table.rows), 0, 0, 0)
    outcome = _execute(ctx, kind, table, clean_mapping, duplicates, dry_run=True, progress=progress)
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
    progress: Progress | None = None,
) -> ImportReport:
    """Import every valid row in one transaction (``dry_run``: check only, keep nothing).

    ``duplicates`` is one decision for every likely duplicate ("skip", "import", "merge")
    or ``{row number: decision}`` (rows not named are skipped). ``progress(done, total)``
    is told every few hundred rows; when it returns False the import stops with
    ``ImportCancelled`` and nothing is kept.
    """
    return _execute(
        ctx, ImportKind(kind), table, mapping, duplicates, dry_run=dry_run, progress=progress
    ).report


def iter_problems(report: ImportReport) -> Iterator[tuple[int, str]]:
    """(row number, reason) for every invalid row, in file order, one line per reason."""
    for row in report.invalid:
        for reason in row.reasons:
            yield row.row_number, reason
