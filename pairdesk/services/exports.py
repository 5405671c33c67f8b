"""Lists out to spreadsheets: which rows each list holds, who may export it, the file and
its audit line. How a list becomes a CSV for French Excel or an ``.xlsx`` workbook (dates,
decimals, formulas neutralised, no cell cut at Excel's limit) is
:mod:`pairdesk.services.sheet_files`.

:func:`build_sheet` returns the rows (for a preview); :func:`export_list` writes the file
(replaced atomically) and its EXPORT audit line in one transaction, so a file that could
not be written leaves no audit line. The participant and workshop columns carry the same
headers the importer recognises, so an exported file imports back as the same records.

Rights: participants and attendance hold personal data of many people: they need the
whole-file export permission (``Permission.EXPORT_FILES``). Offers need
``Permission.OFFERS``, workshops ``Permission.WORKSHOPS``, indicators (aggregate figures)
``Permission.PRINT_DOCUMENTS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import or_, select

from pairdesk.domain.enums import (
    Attendance,
    AuditAction,
    ParticipantStatus,
    RqthStatus,
    Scheme,
    WorkshopKind,
)
from pairdesk.domain.import_vocabulary import ImportKind, field_spec
from pairdesk.domain.indicators import is_ratio, table_rows
from pairdesk.domain.ips import ips_indicator_values
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.validation import date_in_range, date_order, required_date
from pairdesk.errors import InvalidInput
from pairdesk.i18n import N_, _
from pairdesk.services import indicators as indicators_service
from pairdesk.services import ips as ips_service
from pairdesk.services import offers as offers_service
from pairdesk.services import participants as participants_service
from pairdesk.services import workshops as workshops_service
from pairdesk.services.context import ServiceContext
from pairdesk.services.sheet_files import Cell, Percent, csv_bytes, xlsx_bytes, yes_no
from pairdesk.store.files import write_output_file, write_output_files
from pairdesk.store.models import (
    Participant,
    ParticipantScheme,
    Referent,
    Registration,
    Workshop,
)

__all__ = [
    "Cell",
    "ExportFormat",
    "ExportKind",
    "ExportResult",
    "ExportSheet",
    "build_sheet",
    "csv_bytes",
    "export_list",
    "xlsx_bytes",
]


class ExportKind(StrEnum):
    PARTICIPANTS = "participants"
    OFFERS = "offers"
    WORKSHOPS = "workshops"
    ATTENDANCE = "attendance"
    INDICATORS = "indicators"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self.value])

    def file_name(self, today: dt.date, start: dt.date | None, end: dt.date | None) -> str:
        """The name the Save dialog proposes, in French like the printed documents' names,
        the period in it when there is one: ``indicateurs-2026-12-01-2026-12-31.csv``."""
        dates = (start, end) if start is not None and end is not None else (today,)
        return "-".join([_FILE_SLUGS[self.value], *(d.isoformat() for d in dates)]) + ".csv"


_FILE_SLUGS = {
    "participants": "personnes-accompagnees",
    "offers": "offres-emploi",
    "workshops": "ateliers",
    "attendance": "presences",
    "indicators": "indicateurs",
}

_KIND_LABELS = {
    "participants": N_("Participants"),
    "offers": N_("Job offers"),
    "workshops": N_("Workshops"),
    "attendance": N_("Attendance"),
    "indicators": N_("Indicators"),
}

#: The lists a period limits; the others are exported whole.
PERIOD_KINDS = frozenset({ExportKind.WORKSHOPS, ExportKind.ATTENDANCE, ExportKind.INDICATORS})

_PERMISSIONS = {
    ExportKind.PARTICIPANTS: Permission.EXPORT_FILES,
    ExportKind.ATTENDANCE: Permission.EXPORT_FILES,
    ExportKind.OFFERS: Permission.OFFERS,
    ExportKind.WORKSHOPS: Permission.WORKSHOPS,
    ExportKind.INDICATORS: Permission.PRINT_DOCUMENTS,
}


def check_may_export(ctx: ServiceContext, kind: ExportKind) -> None:
    """``PermissionDenied`` when this operator may not export ``kind``: asked before the
    file is named (a volunteer chose a file name, then was refused: a tester)."""
    require(ctx, _PERMISSIONS[kind])


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @classmethod
    def from_path(cls, path: Path | str) -> ExportFormat:
        suffix = Path(path).suffix.lower().lstrip(".")
        try:
            return cls(suffix)
        except ValueError:
            raise InvalidInput(
                _("Choose a file name ending in .csv or .xlsx."), field="path"
            ) from None


@dataclass(frozen=True, slots=True)
class ExportSheet:
    kind: ExportKind
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    kind: ExportKind
    format: ExportFormat
    rows: int


# --------------------------------------------------------------------------- the lists


def _participant_sheet(
    ctx: ServiceContext, flt: participants_service.ParticipantFilter | None
) -> ExportSheet:
    flt = flt or participants_service.ParticipantFilter(include_anonymised=False)
    keys = (
        "last_name",
        "first_name",
        "pseudonym",
        "birth_date",
        "phone",
        "email",
        "address",
        "city",
        "membership_start",
        "membership_end",
        "status",
        "rqth_status",
        "rqth_until",
        "is_peer_helper",
        "schemes",
        "referents",
        "notes",
    )
    headers = (_("No."), *(field_spec(ImportKind.PARTICIPANTS, k).display for k in keys))
    today = ctx.today()
    rows: list[tuple[Cell, ...]] = []
    with ctx.transaction() as session:
        listed = participants_service.list_participants(ctx, flt, limit=10_000_000)
        ids = [r.id for r in listed]
        people = {
            p.id: p
            for chunk in _chunks(ids, 500)
            for p in session.scalars(select(Participant).where(Participant.id.in_(chunk)))
        }
        schemes: dict[int, list[tuple[str, str]]] = {}
        for chunk in _chunks(ids, 500):
            for pid, scheme, name in session.execute(
                select(ParticipantScheme.participant_id, ParticipantScheme.scheme, Referent.name)
                .outerjoin(Referent, Referent.id == ParticipantScheme.referent_id)
                .where(
                    ParticipantScheme.participant_id.in_(chunk),
                    or_(ParticipantScheme.ended_on.is_(None), ParticipantScheme.ended_on >= today),
                )
                .order_by(ParticipantScheme.id)
            ):
                schemes.setdefault(pid, []).append((scheme, name or ""))
        for pid in ids:
            p = people[pid]
            # schemes with a referent first, so the two columns pair up when read back
            current = sorted(schemes.get(pid, []), key=lambda s: s[1] == "")
            rows.append(
                (
                    p.id,
                    p.last_name,
                    p.first_name,
                    p.pseudonym,
                    p.birth_date,
                    p.phone,
                    p.email,
                    p.address,
                    p.city,
                    p.membership_start,
                    p.membership_end,
                    ParticipantStatus(p.status).label,
                    RqthStatus(p.rqth_status).label,
                    p.rqth_until,
                    yes_no(bool(p.is_peer_helper)),
                    ", ".join(Scheme(s).label for s, _n in current),
                    ", ".join(n for _s, n in current if n),
                    p.notes,
                )
            )
    return ExportSheet(ExportKind.PARTICIPANTS, _("Participants"), headers, tuple(rows))


def _chunks(items: Sequence[int], size: int) -> list[Sequence[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _offer_sheet(ctx: ServiceContext) -> ExportSheet:
    keys = (
        "title",
        "employer",
        "place",
        "contract_type",
        "hours_per_week",
        "remote",
        "accommodations",
        "employer_open_to_disability",
        "source",
        "closing_on",
        "contact",
        "description",
    )
    headers = (
        _("No."),
        *(field_spec(ImportKind.OFFERS, k).display for k in keys),
        _("Added on"),
        _("Archived"),
        _("Shared with"),
    )
    rows: list[tuple[Cell, ...]] = []
    with ctx.transaction():
        for row in offers_service.list_offers(ctx, include_archived=True, sort="created_on"):
            o = offers_service.get_offer(ctx, row.id)
            rows.append(
                (
                    o.id,
                    o.title,
                    o.employer,
                    o.place,
                    o.contract_type.label,
                    o.hours_per_week,
                    o.remote.label,
                    o.accommodations,
                    yes_no(o.employer_open_to_disability),
                    o.source,
                    o.closing_on,
                    o.contact,
                    o.description,
                    o.created_on,
                    yes_no(o.archived),
                    o.share_count,
                )
            )
    return ExportSheet(ExportKind.OFFERS, _("Job offers"), headers, tuple(rows))


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    date_in_range(start, "start", _("Start date"))
    date_in_range(end, "end", _("End date"))
    date_order(start, end, "end", _("End date"))


def _workshop_sheet(ctx: ServiceContext, start: dt.date | None, end: dt.date | None) -> ExportSheet:
    _check_period(start, end)
    keys = (
        "held_on",
        "starts_at",
        "ends_at",
        "kind",
        "title",
        "place",
        "capacity",
        "facilitators",
        "cancelled",
        "notes",
    )
    headers = (
        _("No."),
        *(field_spec(ImportKind.WORKSHOPS, k).display for k in keys),
        _("Registered"),
        _("Present"),
    )
    rows: list[tuple[Cell, ...]] = []
    with ctx.transaction():
        for row in workshops_service.list_workshops(ctx, start=start, end=end):
            w = workshops_service.get_workshop(ctx, row.id)
            rows.append(
                (
                    w.id,
                    w.held_on,
                    w.starts_at,
                    w.ends_at,
                    w.kind.label,
                    w.title,
                    w.place,
                    w.capacity,
                    ", ".join(f.name for f in w.facilitators),
                    yes_no(w.cancelled),
                    w.notes,
                    row.registered,
                    row.present,
                )
            )
    return ExportSheet(ExportKind.WORKSHOPS, _("Workshops"), headers, tuple(rows))


def _attendance_sheet(
    ctx: ServiceContext, start: dt.date | None, end: dt.date | None
) -> ExportSheet:
    _check_period(start, end)
    headers = (
        _("Date"),
        _("Start time"),
        _("Kind of workshop"),
        _("Title"),
        _("Last name"),
        _("First name"),
        _("Attendance"),
        _("Satisfaction (1 to 5)"),
        _("Walk-in"),
    )
    query = (
        select(Workshop, Registration, Participant)
        .join(Registration, Registration.workshop_id == Workshop.id)
        .join(Participant, Participant.id == Registration.participant_id)
        .where(Workshop.cancelled.is_(False))
        .order_by(Workshop.held_on, Workshop.starts_at, Workshop.id, Participant.sort_name)
    )
    query = workshops_service.held_between(query, start, end)
    with ctx.transaction() as session:
        rows = tuple(
            (
                w.held_on,
                w.starts_at,
                WorkshopKind(w.kind).label,
                w.title,
                p.last_name,
                p.first_name,
                # as the window says it (an empty cell read as a missing value)
                Attendance(r.attendance).label if r.attendance else _("Not marked"),
                r.satisfaction,
                yes_no(bool(r.walk_in)),
            )
            for w, r, p in session.execute(query).all()
        )
    return ExportSheet(ExportKind.ATTENDANCE, _("Attendance"), headers, rows)


def _indicator_sheet(
    ctx: ServiceContext, start: dt.date | None, end: dt.date | None
) -> ExportSheet:
    first = required_date(start, "start", _("Start date"))
    last = required_date(end, "end", _("End date"))
    report = indicators_service.compute_indicators(ctx, first, last)
    supported = ips_service.compute_ips(ctx, first, last)
    headers = (_("Indicator"), _("Value"), _("Numerator"), _("Denominator"), _("Definition"))
    # the period first: a file sent to a funder says what it covers
    rows: list[tuple[Cell, ...]] = [
        (_("Start of the period"), first, None, None, ""),
        (_("End of the period"), last, None, None, _("Both days included.")),
    ]
    for item in (*report.items.values(), *ips_indicator_values(supported)):
        (label, value, *rest), *parts = table_rows([item])
        if is_ratio(item) and isinstance(value, float | int):
            value = Percent(value)  # 86,7 % in a workbook, not 0.8671454219
        rows += [(label, value, *rest), *parts]
    # The sheet's name: its period is in its first rows (a name is cut at 31 characters,
    # « Indicateurs 01-01-2026 au 31-12 » lost its year).
    return ExportSheet(ExportKind.INDICATORS, _("Indicators"), headers, tuple(rows))


def build_sheet(
    ctx: ServiceContext,
    kind: ExportKind,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    participant_filter: participants_service.ParticipantFilter | None = None,
) -> ExportSheet:
    """The rows of a list as they will be written. ``start``/``end`` (both days included)
    limit workshops and attendance, and are required for indicators."""
    kind = ExportKind(kind)
    check_may_export(ctx, kind)
    if kind is ExportKind.PARTICIPANTS:
        return _participant_sheet(ctx, participant_filter)
    if kind is ExportKind.OFFERS:
        return _offer_sheet(ctx)
    if kind is ExportKind.WORKSHOPS:
        return _workshop_sheet(ctx, start, end)
    if kind is ExportKind.ATTENDANCE:
        return _attendance_sheet(ctx, start, end)
    return _indicator_sheet(ctx, start, end)


# --------------------------------------------------------------------------- writing


def write_file(path: Path, data: bytes, *, overwrite: bool, cli: bool = False) -> Path:
    """Write ``data`` to ``path``: owner-only, replaced atomically; ``UserError`` (exit 7
    or 8, a French message) when impossible. The one way an output file is written."""
    return write_output_file(path, data, overwrite=overwrite, cli=cli)


def write_files(files: Sequence[tuple[Path, bytes]], *, overwrite: bool) -> list[Path]:
    """Several files as ``write_file`` writes one, all or none: a disk full at the last
    leaves none of them behind (``DiskError`` naming it)."""
    return write_output_files(list(files), overwrite=overwrite)


def export_list(
    ctx: ServiceContext,
    kind: ExportKind,
    path: Path | str,
    *,
    fmt: ExportFormat | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    participant_filter: participants_service.ParticipantFilter | None = None,
    overwrite: bool = False,
) -> ExportResult:
    """Write a list to ``path`` (format from ``fmt`` or the file name) with its audit line."""
    kind = ExportKind(kind)
    if kind not in PERIOD_KINDS and (start is not None or end is not None):
        # it was ignored, and yet written in the audit line as the period exported
        raise InvalidInput(
            _(
                "A period limits the workshops, the attendance and the indicators; the list "
                "of {kind} is exported whole: leave out the dates."
            ).format(kind=kind.label.lower())
        )
    path = Path(path).expanduser()
    chosen = ExportFormat(fmt) if fmt is not None else ExportFormat.from_path(path)
    with ctx.transaction() as session:
        sheet = build_sheet(ctx, kind, start=start, end=end, participant_filter=participant_filter)
        data = csv_bytes(sheet) if chosen is ExportFormat.CSV else xlsx_bytes(sheet)
        period = ""
        if start is not None or end is not None:
            period = (
                f" from={start.isoformat() if start else ''} to={end.isoformat() if end else ''}"
            )
        ctx.audit(
            session,
            "export",
            None,
            AuditAction.EXPORT,
            f"list={kind.value} format={chosen.value} rows={len(sheet.rows)}{period}",
        )
        session.flush()
        write_file(path, data, overwrite=overwrite)
    return ExportResult(path=path, kind=kind, format=chosen, rows=len(sheet.rows))
