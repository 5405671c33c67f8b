"""Export for the network: the year's aggregates in the ``pairdesk-pool/1`` format.

What leaves the association is only what :mod:`pairdesk.domain.pooling` describes: the
shared indicators with their exact numerators and denominators, the counts of the year
(:data:`EXPORT_COUNTS`), and — only when the person ticks it — the association's name and
département. Never a name, an identifier, a date of birth or a participant's free text.

Only a coordinator exports (it speaks for the association); the export is audited (entity
``network_export``, the year in the detail). Merging exports needs no vault: it is pure
(:func:`pairdesk.domain.pooling.merge`).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pairdesk import formatting
from pairdesk.domain.enums import AuditAction, Role
from pairdesk.domain.indicators import indicator_label
from pairdesk.domain.pooling import (
    ADDITIVE_BREAKDOWNS,
    COUNT,
    MAX_EXPORT_BYTES,
    MEAN,
    PooledIndicator,
    PoolExport,
    Structure,
    indicator_kind,
    read_export,
)
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.i18n import _
from pairdesk.services import gem_year, indicators, team
from pairdesk.services.context import ServiceContext
from pairdesk.store.files import write_output_file

YEAR_MIN, YEAR_MAX = 2000, 2100

_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def departement_of(address: str) -> str:
    """The département of the last French postcode in ``address`` ("" when none): the
    first two digits, three for overseas (97x, 98x), 2A/2B for Corsica (20000–20199 is
    Corse-du-Sud, 20200 and above Haute-Corse)."""
    found = _POSTCODE.findall(address or "")
    if not found:
        return ""
    code = found[-1]
    if code.startswith("20"):
        return "2A" if int(code) < 20200 else "2B"
    if code.startswith(("97", "98")):
        return code[:3]
    return code[:2]


def _require_coordinator(ctx: ServiceContext) -> None:
    if ctx.operator.id is not None and ctx.operator.role is not Role.COORDINATOR:
        raise PermissionDenied(
            _("Only a coordinator may export the association's figures for the network.")
        )


def _check_year(year: int) -> int:
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise InvalidInput(
            _("The year must be between {low} and {high}.").format(low=YEAR_MIN, high=YEAR_MAX),
            field="year",
        )
    return year


def year_counts(ctx: ServiceContext, year: int) -> dict[str, int]:
    """The year's exact counts beside the indicators: the annual report's whole counts
    (:func:`pairdesk.services.gem_year.export_counts`)."""
    return gem_year.export_counts(ctx, year)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    year: int
    include_identity: bool = False
    #: overrides the département read from the association's address
    departement: str | None = None


def build_export(ctx: ServiceContext, options: ExportOptions) -> PoolExport:
    """The export for ``options.year`` (1 January – 31 December), not yet written.

    Raises ``PermissionDenied`` unless a coordinator acts, ``InvalidInput`` for a year out
    of range."""
    _require_coordinator(ctx)
    year = _check_year(options.year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    report = indicators.compute_indicators(ctx, start, end)
    pooled = {
        key: PooledIndicator(
            id=key,
            kind=indicator_kind(key, item.denominator),
            numerator=item.numerator if item.numerator is not None else 0,
            denominator=item.denominator,
            breakdown={part: int(count or 0) for part, count in item.breakdown.items()}
            if key in ADDITIVE_BREAKDOWNS
            else {},
        )
        for key, item in report.items.items()
    }
    counts = year_counts(ctx, year)
    structure = None
    if options.include_identity:
        profile = team.get_association(ctx)
        departement = (
            options.departement.strip()
            if options.departement is not None
            else departement_of(profile.address)
        )
        structure = Structure(profile.name, departement)
    return PoolExport(
        export_id=str(uuid.uuid4()),
        created_on=ctx.today(),
        start=start,
        end=end,
        structure=structure,
        indicators=pooled,
        counts=counts,
    )


def write_export(
    ctx: ServiceContext, export: PoolExport, path: Path | str, *, overwrite: bool, cli: bool = False
) -> Path:
    """Write an export built by :func:`build_export` (owner-only, atomically) with its
    audit line, in one transaction: the line is kept only if the file was written."""
    _require_coordinator(ctx)
    with ctx.transaction() as session:
        written = write_output_file(path, export.to_bytes(), overwrite=overwrite, cli=cli)
        detail = f"year={export.start.year} identity={'yes' if export.structure else 'no'}"
        ctx.audit(session, "network_export", None, AuditAction.EXPORT, detail)
    return written


def read_export_files(
    paths: Sequence[Path | str], *, field: str | None = None, short_names: bool = False
) -> list[tuple[str, PoolExport]]:
    """Read and check network exports to merge (the CLI's ``pool merge`` and the window's
    merge dialog), each named in messages as given (``short_names``: its file name only).

    A file is read only up to one byte past :data:`MAX_EXPORT_BYTES`: one larger is
    refused before the rest of it is read (a hostile or mistaken file is never loaded
    whole). Raises ``InvalidInput`` (exit 7) for a file that cannot be read or is too large
    (naming ``field``, for a form), or that :func:`pairdesk.domain.pooling.read_export`
    refuses."""
    read: list[tuple[str, PoolExport]] = []
    for given in paths:
        path = Path(given).expanduser()
        name = path.name if short_names else str(given)
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_EXPORT_BYTES + 1)
        except OSError as exc:
            raise InvalidInput(
                _("{file} cannot be read: {reason}").format(
                    file=name, reason=exc.strerror or str(exc)
                ),
                field=field,
            ) from None
        if len(data) > MAX_EXPORT_BYTES:
            raise InvalidInput(
                _("{file} is refused: it is far too large to be a pairdesk network export.").format(
                    file=name
                ),
                field=field,
            )
        read.append((name, read_export(data, name)))
    return read


def preview_lines(export: PoolExport) -> list[str]:
    """What will leave, in plain words (the window's preview before saving)."""
    lines = [
        _("Period: {start} to {end}.").format(
            start=formatting.short_date(export.start), end=formatting.short_date(export.end)
        ),
        _("Export number (random, to detect a file counted twice): {id}.").format(
            id=export.export_id
        ),
    ]
    if export.structure is None:
        lines.append(_("The association is not named: neither its name nor its département."))
    else:
        lines.append(
            _("The association is named: {name}, département {departement}.").format(
                name=export.structure.name, departement=export.structure.departement or "—"
            )
        )
    for item in export.indicators.values():
        label = indicator_label(item.id)
        if item.kind == COUNT:
            lines.append(_("{label}: {count}").format(label=label, count=item.numerator))
        elif item.kind == MEAN:
            value = item.value
            lines.append(
                _("{label}: mean {value} over {count} answers").format(
                    label=label,
                    value=formatting.number(value, digits=2),
                    count=item.denominator,
                )
            )
        else:
            lines.append(
                _("{label}: {numerator} out of {denominator}").format(
                    label=label, numerator=item.numerator, denominator=item.denominator
                )
            )
    for key, count in export.counts.items():
        lines.append(_("{id}: {count}").format(id=key, count=count))
    lines.append(
        _(
            "No name, no identifier, no date of birth and nothing a participant wrote or "
            "said leaves the association."
        )
    )
    return lines
