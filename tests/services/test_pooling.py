"""The network export through the service: département, preview, rights, and reading back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pairdesk.domain.enums import Role
from pairdesk.domain.pooling import FORMAT, MAX_EXPORT_BYTES, checksum, merge, read_export
from pairdesk.errors import InvalidInput, PermissionDenied
from pairdesk.services import pooling, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.pooling import ExportOptions, departement_of
from tests.factories import acting_as

pytestmark = pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py)


def test_departement_from_the_postcode() -> None:
    assert departement_of("12 rue Fictive\n69100 Villeurbanne") == "69"
    assert departement_of("BP 12, 20090 Ajaccio") == "2A"
    assert departement_of("20200 Bastia") == "2B"
    assert departement_of("97400 Saint-Denis") == "974"
    assert departement_of("no postcode") == ""


def test_the_export_reads_back_and_its_preview_says_what_leaves(ctx: ServiceContext) -> None:
    profile = team.get_association(ctx)
    team.update_association(
        ctx, team.AssociationInput(name=profile.name, address="3 place Fictive, 33000 Bordeaux")
    )
    export = pooling.build_export(ctx, ExportOptions(year=2026, include_identity=True))
    assert export.structure is not None and export.structure.departement == "33"
    again = read_export(export.to_bytes(), "x.json")
    assert again == export
    lines = pooling.preview_lines(export)
    assert any("33" in line for line in lines)
    assert "Aucun nom" in lines[-1]
    anonymous = pooling.build_export(ctx, ExportOptions(year=2026))
    assert anonymous.structure is None
    assert anonymous.export_id != export.export_id
    assert json.loads(anonymous.to_bytes())["format"] == FORMAT


def test_only_a_coordinator_exports(ctx: ServiceContext) -> None:
    facilitator = acting_as(ctx, "Fabien", Role.FACILITATOR)
    with pytest.raises(PermissionDenied):
        pooling.build_export(facilitator, ExportOptions(year=2026))
    with pytest.raises(InvalidInput):
        pooling.build_export(ctx, ExportOptions(year=1999))


def test_a_merge_refuses_nothing_to_merge_and_a_negative_count(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput):
        merge([])
    export = pooling.build_export(ctx, ExportOptions(year=2026))
    data = json.loads(export.to_bytes())
    data["counts"]["opening_days"] = -3
    data.pop("checksum")
    data["checksum"] = {"algorithm": "sha256", "value": checksum(data)}
    with pytest.raises(InvalidInput):
        read_export(json.dumps(data).encode(), "negative.json")


def test_a_figure_missing_from_one_export_is_left_out_of_the_merge(ctx: ServiceContext) -> None:
    first = pooling.build_export(ctx, ExportOptions(year=2026))
    second = pooling.build_export(ctx, ExportOptions(year=2026))
    data = json.loads(second.to_bytes())
    data.pop("checksum")
    del data["counts"]["opening_days"]
    del data["indicators"]["esat_starts"]
    data["checksum"] = {"algorithm": "sha256", "value": checksum(data)}
    partial = read_export(json.dumps(data).encode(), "older.json")
    region = merge([("a.json", first), ("older.json", partial)])
    assert "opening_days" not in region.counts and "esat_starts" not in region.indicators
    assert "members_at_year_end" in region.counts and "active_participants" in region.indicators


def test_export_files_are_read_with_their_size_checked_first(
    ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "gem.json"
    good.write_bytes(pooling.build_export(ctx, ExportOptions(year=2026)).to_bytes())
    [(name, export)] = pooling.read_export_files([good])
    assert name == str(good) and export.start.year == 2026
    [(short, _export)] = pooling.read_export_files([good], short_names=True)
    assert short == "gem.json"

    huge = tmp_path / "huge.json"
    with huge.open("wb") as stream:
        stream.truncate(50 * MAX_EXPORT_BYTES)  # sparse: large on paper, nothing on disk
    sizes: list[int] = []
    real_open = Path.open

    class Spy:
        """The file as opened, recording each read's size."""

        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def read(self, size: int = -1) -> bytes:
            sizes.append(size)
            data: bytes = self.stream.read(size)
            return data

    def spying_open(self: Path, *args: Any, **kwargs: Any) -> Spy:
        return Spy(real_open(self, *args, **kwargs))

    monkeypatch.setattr(Path, "open", spying_open)
    with pytest.raises(InvalidInput) as refused:
        pooling.read_export_files([good, huge], field="files", short_names=True)
    assert "huge.json" in refused.value.message and refused.value.field == "files"
    # never the whole file: at most one byte past the limit
    assert sizes and all(0 <= size <= MAX_EXPORT_BYTES + 1 for size in sizes)

    with pytest.raises(InvalidInput) as missing:
        pooling.read_export_files([tmp_path / "absent.json"])
    assert "absent.json" in missing.value.message
