"""Pooling indicators across associations: the ``pairdesk-pool/1`` format, pure rules.

An association exports only aggregates (``pairdesk pool export``); a federation adds the
exports up (``pairdesk pool merge``) without any vault. Nothing here touches a database
or a file: :mod:`pairdesk.services.pooling` builds an export from a vault, and the
command line reads and writes the files.

The format (a JSON object, UTF-8)::

    {
      "format": "pairdesk-pool/1",
      "export_id": "<a random UUID, unique per export>",
      "created_on": "YYYY-MM-DD",
      "period": {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"},
      "structure": null | {"name": "...", "departement": "..."},
      "indicators": {"<id as in pairdesk indicators --format json>":
                        {"kind": "count" | "ratio" | "mean",
                         "numerator": <exact>, "denominator": <exact or null>,
                         "value": <numerator / denominator, or the count>,
                         "breakdown": {"<key>": <count>, ...}}},
      "counts": {"<id>": <exact count>, ...},
      "checksum": {"algorithm": "sha256", "value": "<hex>"}
    }

The checksum is the SHA-256 of the canonical JSON of every other key (keys sorted, no
spaces, UTF-8, ``ensure_ascii`` off). It is a check against accidents and casual edits
(a truncated copy, a figure changed by hand in an editor), **not a signature**: anyone
can recompute it after changing a figure on purpose.

Exports hold exact figures, so that a federation can add them up; suppression of small
counts (:mod:`pairdesk.domain.suppression`) applies to what the merge *publishes*.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pairdesk.domain import gem_year, ips
from pairdesk.domain.suppression import (
    PublishedFigure,
    is_small,
    publish_breakdown,
    publish_count,
    publish_mean,
    publish_ratio,
)
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _

FORMAT = "pairdesk-pool/1"
FORMAT_FAMILY = "pairdesk-pool/"
REGION_FORMAT = "pairdesk-region/1"
CHECKSUM_ALGORITHM = "sha256"
#: An export larger than this is not an export of ours (a hostile or mistaken file).
MAX_EXPORT_BYTES = 2 * 1024 * 1024

#: Indicators whose numerator is a sum of scores over ``denominator`` terms.
MEAN_INDICATORS = frozenset({"satisfaction_mean", "self_assessment_change"})
#: Indicators whose breakdown is made of counts that add up across associations.
ADDITIVE_BREAKDOWNS = frozenset({"workshops_held"})

COUNT, RATIO, MEAN = "count", "ratio", "mean"


def count_label(key: str) -> str:
    """The translated label of a count id (the id itself when unknown to this version)."""
    if key.startswith("ips_") and key[4:] in ips.LABELS:
        return ips.label(key[4:])
    return gem_year.label(key)


def indicator_kind(key: str, denominator: object) -> str:
    if key in MEAN_INDICATORS:
        return MEAN
    return COUNT if denominator is None else RATIO


# --------------------------------------------------------------------------- read objects


@dataclass(frozen=True, slots=True)
class PooledIndicator:
    """One indicator's exact figures in an export or a merge."""

    id: str
    kind: str
    numerator: float | int
    denominator: int | None
    breakdown: dict[str, int] = field(default_factory=dict)

    @property
    def value(self) -> float | int | None:
        if self.kind == COUNT:
            return self.numerator
        if not self.denominator:
            return None
        return self.numerator / self.denominator

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "breakdown": dict(self.breakdown),
        }


@dataclass(frozen=True, slots=True)
class Structure:
    name: str
    departement: str


@dataclass(frozen=True, slots=True)
class PoolExport:
    """One association's export, checked."""

    export_id: str
    created_on: dt.date
    start: dt.date
    end: dt.date
    structure: Structure | None
    indicators: dict[str, PooledIndicator]
    counts: dict[str, int]

    def content(self) -> dict[str, object]:
        """Everything but the checksum, as written."""
        return {
            "format": FORMAT,
            "export_id": self.export_id,
            "created_on": self.created_on.isoformat(),
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "structure": None
            if self.structure is None
            else {"name": self.structure.name, "departement": self.structure.departement},
            "indicators": {key: item.as_json() for key, item in self.indicators.items()},
            "counts": dict(self.counts),
        }

    def as_json(self) -> dict[str, object]:
        content = self.content()
        return {
            **content,
            "checksum": {"algorithm": CHECKSUM_ALGORITHM, "value": checksum(content)},
        }

    def to_bytes(self) -> bytes:
        return (json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def canonical(content: Mapping[str, object]) -> bytes:
    """The bytes the checksum is computed over: keys sorted, no spaces, UTF-8."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def checksum(content: Mapping[str, object]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


# --------------------------------------------------------------------------- reading


def _refuse(name: str, reason: str) -> InvalidInput:
    return InvalidInput(
        _("{file} is refused: {reason}").format(file=name, reason=reason), field="files"
    )


def _date(value: object, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _refuse(name, _("a date is not in the form YYYY-MM-DD.")) from None


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _refuse(name, _("a count is not a whole number of zero or more."))
    return value


def _number(value: object, name: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _refuse(name, _("a figure is not a number."))
    return value


def _indicator(key: str, raw: object, name: str) -> PooledIndicator:
    if not isinstance(raw, dict):
        raise _refuse(name, _("the indicators are not in the expected shape."))
    kind = raw.get("kind")
    if kind not in (COUNT, RATIO, MEAN):
        raise _refuse(name, _("an indicator has an unknown kind."))
    numerator = _number(raw.get("numerator"), name)
    denominator = raw.get("denominator")
    if kind == COUNT:
        numerator = _whole(numerator, name)
        if denominator is not None:
            raise _refuse(name, _("a count has a denominator."))
    else:
        denominator = _whole(denominator, name)
        if kind == RATIO:
            numerator = _whole(numerator, name)
            if numerator > denominator:
                raise _refuse(name, _("a rate has a numerator above its denominator."))
    breakdown_raw = raw.get("breakdown") or {}
    if not isinstance(breakdown_raw, dict):
        raise _refuse(name, _("the indicators are not in the expected shape."))
    breakdown = {str(k): _whole(v, name) for k, v in breakdown_raw.items()}
    return PooledIndicator(key, str(kind), numerator, denominator, breakdown)


def read_export(data: bytes, name: str) -> PoolExport:
    """Check and read one export file's bytes; ``name`` names it in messages.

    Raises ``InvalidInput`` (exit 7) for a file that is not JSON, of another format or
    version, whose checksum does not match its content, or whose figures are not exact
    counts."""
    if len(data) > MAX_EXPORT_BYTES:
        raise _refuse(name, _("it is far too large to be a pairdesk network export."))
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # a 200 KB "[[[[…" recursed
        raise _refuse(name, _("it is not a pairdesk network export (not JSON).")) from None
    if not isinstance(raw, dict) or not str(raw.get("format", "")).startswith(FORMAT_FAMILY):
        raise _refuse(name, _("it is not a pairdesk network export."))
    if raw["format"] != FORMAT:
        raise _refuse(
            name,
            _("it is in the format {found}, and this version of pairdesk reads {expected}.").format(
                found=raw["format"], expected=FORMAT
            ),
        )
    stated = raw.pop("checksum", None)
    if (
        not isinstance(stated, dict)
        or stated.get("algorithm") != CHECKSUM_ALGORITHM
        or not isinstance(stated.get("value"), str)
    ):
        raise _refuse(name, _("it has no checksum."))
    try:
        computed = checksum(raw)
    except ValueError:
        raise _refuse(name, _("a figure is not a number.")) from None
    if computed != stated["value"]:
        raise _refuse(
            name,
            _(
                "its checksum does not match its content: the file was damaged or changed "
                "after it was exported."
            ),
        )
    period = raw.get("period")
    indicators = raw.get("indicators")
    counts = raw.get("counts")
    if (
        not isinstance(period, dict)
        or not isinstance(indicators, dict)
        or not isinstance(counts, dict)
        or not isinstance(raw.get("export_id"), str)
        or not raw["export_id"]
    ):
        raise _refuse(name, _("it is not in the expected shape."))
    structure_raw = raw.get("structure")
    structure = None
    if isinstance(structure_raw, dict):
        structure = Structure(
            str(structure_raw.get("name", "")), str(structure_raw.get("departement", ""))
        )
    start = _date(period.get("start"), name)
    end = _date(period.get("end"), name)
    if end < start:
        raise _refuse(name, _("its period ends before it starts."))
    return PoolExport(
        export_id=raw["export_id"],
        created_on=_date(raw.get("created_on"), name),
        start=start,
        end=end,
        structure=structure,
        indicators={str(k): _indicator(str(k), v, name) for k, v in indicators.items()},
        counts={str(k): _whole(v, name) for k, v in counts.items()},
    )


# --------------------------------------------------------------------------- merging


@dataclass(frozen=True, slots=True)
class PublishedIndicator:
    id: str
    kind: str
    figure: PublishedFigure
    breakdown: dict[str, int | None]
    suppressed_breakdown: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        result: dict[str, object] = {
            "kind": self.kind,
            "value": self.figure.value,
            "numerator": self.figure.numerator,
            "denominator": self.figure.denominator,
            "breakdown": dict(self.breakdown),
            "suppressed": bool(self.figure.suppressed or self.suppressed_breakdown),
        }
        if self.figure.suppressed or self.suppressed_breakdown:
            result["suppressed_fields"] = [
                *self.figure.suppressed,
                *(f"breakdown.{k}" for k in self.suppressed_breakdown),
            ]
        return result


@dataclass(frozen=True, slots=True)
class PublishedCount:
    id: str
    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True, slots=True)
class RegionalReport:
    """The merge of several exports: exact pooled figures, and what may be published."""

    start: dt.date
    end: dt.date
    export_ids: tuple[str, ...]
    structures: tuple[Structure, ...]
    exact: dict[str, PooledIndicator]
    exact_counts: dict[str, int]
    indicators: dict[str, PublishedIndicator]
    counts: dict[str, PublishedCount]

    @property
    def associations(self) -> int:
        return len(self.export_ids)

    def as_json(self) -> dict[str, object]:
        """What is published: suppressed figures are ``null`` with ``"suppressed": true``."""
        return {
            "format": REGION_FORMAT,
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "associations": self.associations,
            "export_ids": list(self.export_ids),
            "structures": [{"name": s.name, "departement": s.departement} for s in self.structures],
            "indicators": {key: item.as_json() for key, item in self.indicators.items()},
            "counts": {
                key: {"value": item.value, "suppressed": item.suppressed}
                for key, item in self.counts.items()
            },
        }


def _add(items: Iterable[PooledIndicator], key: str) -> PooledIndicator:
    items = list(items)
    kinds = {i.kind for i in items}
    if len(kinds) != 1:
        raise InvalidInput(
            _("The indicator {id} is not of the same kind in every file.").format(id=key)
        )
    kind = kinds.pop()
    numerator: float | int = sum(i.numerator for i in items)
    denominator = None if kind == COUNT else sum(i.denominator or 0 for i in items)
    breakdown: dict[str, int] = {}
    if key in ADDITIVE_BREAKDOWNS:
        for item in items:
            for part, count in item.breakdown.items():
                breakdown[part] = breakdown.get(part, 0) + count
    return PooledIndicator(key, kind, numerator, denominator, breakdown)


def publish(item: PooledIndicator) -> PublishedIndicator:
    """The published form of one pooled indicator (small counts suppressed)."""
    if item.kind == COUNT:
        count = int(item.numerator)
        if item.breakdown:
            parts = list(item.breakdown)
            flags = publish_breakdown([item.breakdown[p] for p in parts])
            hidden_total = flags[-1]
            figure = (
                PublishedFigure(None, None, None, ("value", "numerator"))
                if hidden_total
                else PublishedFigure(count, count, None, ())
            )
            hidden = tuple(p for p, flag in zip(parts, flags[:-1], strict=True) if flag)
            shown = {p: (None if p in hidden else item.breakdown[p]) for p in parts}
            return PublishedIndicator(item.id, item.kind, figure, shown, hidden)
        return PublishedIndicator(item.id, item.kind, publish_count(count), {}, ())
    denominator = item.denominator or 0
    if item.kind == RATIO:
        figure = publish_ratio(int(item.numerator), denominator)
    else:
        figure = publish_mean(float(item.numerator), denominator)
    return PublishedIndicator(item.id, item.kind, figure, {}, ())


def merge(exports: Iterable[tuple[str, PoolExport]]) -> RegionalReport:
    """Add up exports (each with the file name that names it in messages).

    Refused (``InvalidInput``, exit 7): no file, the same export id twice (one file given
    twice, or a copy), periods that differ. Only the indicators and counts present in
    every export are added up and published."""
    given = list(exports)
    if not given:
        raise InvalidInput(_("Give at least one network export to merge."), field="files")
    seen: dict[str, str] = {}
    for name, export in given:
        if export.export_id in seen:
            raise _refuse(
                name,
                _(
                    "it is the same export as {other} (the same export id): it would be counted twice."
                ).format(other=seen[export.export_id]),
            )
        seen[export.export_id] = name
    first_name, first = given[0]
    for name, export in given[1:]:
        if (export.start, export.end) != (first.start, first.end):
            raise _refuse(
                name,
                _(
                    "its period ({period}) differs from that of {other} ({other_period}); "
                    "only exports of the same period add up."
                ).format(
                    period=f"{export.start.isoformat()} – {export.end.isoformat()}",
                    other=first_name,
                    other_period=f"{first.start.isoformat()} – {first.end.isoformat()}",
                ),
            )
    # Only what every association gave: a total missing one association's part would be
    # wrong, not smaller (a figure the year's form left empty, an older pairdesk).
    keys = [k for k in first.indicators if all(k in e.indicators for _n, e in given)]
    exact = {key: _add((e.indicators[key] for _n, e in given), key) for key in keys}
    count_keys = [k for k in first.counts if all(k in e.counts for _n, e in given)]
    exact_counts = {key: sum(e.counts[key] for _n, e in given) for key in count_keys}
    # people counts with secondary suppression over their totals, then any other small one
    hidden_counts = gem_year.publish_figures(dict(exact_counts))
    return RegionalReport(
        start=first.start,
        end=first.end,
        export_ids=tuple(e.export_id for _n, e in given),
        structures=tuple(e.structure for _n, e in given if e.structure is not None),
        exact=exact,
        exact_counts=exact_counts,
        indicators={key: publish(item) for key, item in exact.items()},
        counts={
            key: PublishedCount(key, None if hidden_counts.get(key) or is_small(value) else value)
            for key, value in exact_counts.items()
        },
    )
