"""The benchmarks still run, at a tiny size. No timing is asserted: performance is measured
by ``bench/`` (see bench/README.md), never in unit tests."""

from __future__ import annotations

import gc
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# ``bench`` is not an installed package: it runs from the repository root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    bench_core,
    bench_demo,
    bench_first_pdf,
    bench_import,
    bench_reports,
    bench_server,
    bench_startup,
    bench_store,
    bench_ui,
)
from bench.common import PlainVault, Stats, build_vaults, context  # noqa: E402
from pairdesk.services.participants import ParticipantFilter, count_participants  # noqa: E402
from tests import pg  # noqa: E402

SMALL = 300


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(autouse=True)
def _earlier_objects_frozen() -> Iterator[None]:
    """The benches collect garbage before each timing (``bench.common.interleaved``): in
    their own process that is quick, but a test worker's heap holds every earlier test's
    objects and each full collection walked them all (the store and server benches took
    ~20 s each in the suite against ~5 s alone). What exists before the test is left out
    of the collections; what the bench creates is still collected."""
    gc.freeze()
    yield
    gc.unfreeze()


def test_stats_median_and_p95() -> None:
    stats = Stats.of([float(i) for i in range(1, 101)])
    assert stats.median == 50.5
    assert stats.p95 == 95.0
    assert math.isnan(Stats.of([]).median)


def test_plain_twin_holds_the_same_participants(cache_dir: Path) -> None:
    built = build_vaults(SMALL, out=cache_dir, log=lambda _m: None)
    assert built.plain.read_bytes()[:16] == b"SQLite format 3\x00"
    assert built.encrypted.read_bytes()[:16] != b"SQLite format 3\x00"
    plain = PlainVault(built.plain)
    try:
        assert count_participants(context(plain), ParticipantFilter()) == SMALL
    finally:
        plain.close()


def test_store_bench_runs(cache_dir: Path) -> None:
    out = cache_dir / "store.json"
    result = bench_store.run(
        SMALL, repeat=1, writes=10, out=out, cache_dir=cache_dir, log=lambda _m: None
    )
    assert out.exists()
    names = [row["name"] for row in result["rows"]]
    assert any(name.startswith("search-as-you-type") for name in names)
    assert any("service writes" in name for name in names)
    assert all(row["measured_ms"]["n"] > 0 for row in result["rows"])
    assert all(p["matches"] >= 0 for p in result["search_per_prefix"])
    assert result["writes"]["actions"] == 10


def test_server_bench_runs(cache_dir: Path, pg_cluster: pg.PgCluster) -> None:
    """PostgreSQL against SQLCipher on the same data (skipped only by PAIRDESK_PG_TESTS=off,
    through the ``pg_cluster`` fixture)."""
    database = pg_cluster.new_database(template=None)
    try:
        result = bench_server.run(
            SMALL,
            repeat=1,
            writes=10,
            server=pg_cluster.address(database),
            password=pg.PG_PASSWORD,
            out=cache_dir / "server.json",
            cache_dir=cache_dir,
            log=lambda _m: None,
        )
    finally:
        pg_cluster.drop_database(database)
    names = [row["name"] for row in result["rows"]]
    assert any(name.startswith("search-as-you-type") for name in names)
    assert any("service writes" in name for name in names)
    assert all(row["measured_ms"]["n"] > 0 for row in result["rows"])
    assert result["writes"]["actions"] == 10
    assert result["transfer_seconds"] > 0


def test_ui_bench_runs(cache_dir: Path) -> None:
    out = cache_dir / "ui.json"
    result = bench_ui.run(SMALL, repeat=1, out=out, cache_dir=cache_dir, log=lambda _m: None)
    assert out.exists()
    assert len(result["rows"]) == 6
    assert all(row["measured_ms"]["n"] > 0 for row in result["rows"])


def test_reports_bench_runs(cache_dir: Path) -> None:
    out = cache_dir / "reports.json"
    result = bench_reports.run(SMALL, repeat=1, out=out, cache_dir=cache_dir, log=lambda _m: None)
    assert out.exists()
    rows = result["rows"]
    assert len(rows) == 12  # 4 documents x (total, data, layout)
    assert all(row["measured_ms"]["n"] == 1 and row["baseline_ms"]["n"] == 1 for row in rows)
    totals = [row for row in rows if ": total (" in row["name"]]
    assert [row["name"].split(":")[0] for row in totals] == [
        "pathway summary",
        "one attendance sheet",
        "a year of attendance sheets",
        "activity report for a year",
    ]
    # each baseline was checked to have the page count of its real PDF
    assert all(row["pages"] >= 1 for row in totals)
    assert totals[2]["pages"] > 1


def test_bare_baseline_has_the_asked_page_count() -> None:
    from reportlab.lib.pagesizes import A4, landscape

    pdf = bench_reports.bare_pdf(3, pagesize=landscape(A4), rows=12)
    assert bench_reports.page_count(pdf) == 3
    assert b"DejaVuSans" in pdf


def test_startup_bench_runs(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the cold path runs too, without dropping the machine's page cache for real
    monkeypatch.setattr(bench_startup, "_drop_caches", lambda: True)
    out = cache_dir / "startup.json"
    result = bench_startup.run(
        SMALL,
        repeat=1,
        unlock_repeat=1,
        cold=True,
        out=out,
        cache_dir=cache_dir,
        log=lambda _m: None,
    )
    assert out.exists()
    names = [row["name"] for row in result["rows"]]
    # warm and cold dialog (4 + 4, each + the steps after the paint), unlock (4), cold (2)
    assert len(names) == 16
    assert sum("(cold" in name for name in names) == 7
    assert all(row["measured_ms"]["n"] == 1 for row in result["rows"])
    assert result["rss"]["at_rest_after_every_view_mb"] > 0
    # nothing heavy imported before the dialog, warm and cold
    assert result["heavy_at_paint"] == [[], []]


def test_core_bench_runs(cache_dir: Path) -> None:
    out = cache_dir / "core.json"
    result = bench_core.run(
        SMALL,
        rows=[20, 30],
        row_by_row_rows=20,
        repeat=1,
        out=out,
        cache_dir=cache_dir,
        log=lambda _m: None,
    )
    assert out.exists()
    names = [row["name"] for row in result["rows"]]
    assert any(name.startswith("indicators") for name in names)
    assert any(name.startswith("import a 30-row CSV") for name in names)
    assert any("row by row" in name for name in names)
    # every generated row is new and valid: all imported, on both sides, both paths
    imported = [row.get("imported") for row in result["rows"] if "rows" in row]
    assert imported == [[20], [30], [20]]


def test_import_bench_runs(cache_dir: Path) -> None:
    out = cache_dir / "import.json"
    result = bench_import.run(
        SMALL,
        rows=[20, 40],
        dry_run_rows=20,
        repeat=1,
        out=out,
        cache_dir=cache_dir,
        log=lambda _m: None,
    )
    assert out.exists()
    names = [row["name"] for row in result["rows"]]
    assert names[0].startswith("import a 20-row CSV") and names[1].startswith("import a 40-row")
    assert names[2].startswith("check a 20-row CSV")
    # every generated row is new and valid: all imported on both sides
    assert [row["imported"] for row in result["rows"][:2]] == [[20], [40]]
    assert [r["rows"] for r in result["ms_per_row"]] == [20, 40]


def test_first_pdf_bench_runs(cache_dir: Path) -> None:
    out = cache_dir / "first-pdf.json"
    result = bench_first_pdf.run(SMALL, repeat=1, out=out, cache_dir=cache_dir, log=lambda _m: None)
    assert out.exists()
    names = [row["name"] for row in result["rows"]]
    assert sum(name.startswith("first pathway summary") for name in names) == 3
    for mode, samples in result["samples"].items():
        assert len(samples) == 1
        first, second = samples[0]["first"], samples[0]["second"]
        assert first["bytes"] > 1000 and second["bytes"] > 1000, mode
        # the app's warm-up loads ReportLab before the first PDF (without the warm-up, a
        # preloaded view module may load it too: the employers' printing does)
        if mode == "app":
            assert samples[0]["reportlab_loaded"] is True
        if mode == "cli":
            assert samples[0]["reportlab_loaded"] is False


def test_demo_bench_runs(cache_dir: Path) -> None:
    out = cache_dir / "demo.json"
    assert bench_demo.main(["--participants", "40", "--repeat", "1", "--out", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert [(row["participants"], row["measured_ms"]["n"]) for row in rows] == [(40, 1)]
    assert rows[0]["baseline_ms"]["n"] == 1
