"""Printed documents on a large vault, against a bare ReportLab document of the same size.

Run from the repository root::

    /tmp/venv/bin/python -m bench.bench_reports --participants 50000

Four documents: a pathway summary (the participant with the longest history), one
attendance sheet (the busiest workshop of the year), a year of attendance sheets
(every workshop from 2025-11-26 to 2026-11-25, one PDF) and the activity report for
the same year. Each is timed in two parts, from the encrypted vault: data assembly
(the ``pairdesk.services.documents`` function, which also writes its audit line: the
bench runs on a copy of the vault) and PDF layout (the ``pairdesk.reports`` function on
that data); the total is their sum in the same round.

The baseline of each document is a bare ReportLab platypus document with the same page
count (counted with pypdf in the real PDF) and the same font (DejaVu Sans, registered by
``pairdesk.reports.base.register_fonts``): on every page a heading and a simple grid
table of similar rows, no header, footer or page numbering. It is built in the same
run, interleaved with the real document. Targets: summary under 100 ms, a year of
sheets under 5 s (totals, median).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
from sqlalchemy import func, select

from bench.common import (
    OUT,
    Row,
    Stats,
    build_vaults,
    context,
    copy_database,
    format_machine,
    format_table,
    interleaved,
    machine_info,
    open_encrypted,
    write_json,
)
from pairdesk.reports.activity_report import activity_report_pdf
from pairdesk.reports.attendance import attendance_sheet_pdf, attendance_sheets_pdf
from pairdesk.reports.base import FONT, FONT_BOLD, LANDSCAPE, MARGIN, PORTRAIT, register_fonts
from pairdesk.reports.pathway_summary import pathway_summary_pdf
from pairdesk.services import documents
from pairdesk.services.context import ServiceContext
from pairdesk.store.models import PathwayEvent, Registration, Workshop

YEAR = (dt.date(2025, 11, 26), dt.date(2026, 11, 25))
SUMMARY_TARGET_MS = 100.0
SHEETS_TARGET_MS = 5000.0


# -- the baseline --------------------------------------------------------------------------------


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def bare_pdf(pages: int, *, pagesize: tuple[float, float], rows: int) -> bytes:
    """``pages`` pages, each a heading and a grid table of ``rows`` short text rows, in
    DejaVu Sans, laid out by a plain ``SimpleDocTemplate``."""
    register_fonts()
    heading = ParagraphStyle("bare-heading", fontName=FONT_BOLD, fontSize=14, leading=18)
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
        ]
    )
    width = pagesize[0] - 2 * MARGIN
    widths = [12 * mm, 70 * mm, 30 * mm, width - 112 * mm]
    story: list[Any] = []
    for page in range(pages):
        if page:
            story.append(PageBreak())
        story.append(Paragraph(f"Bare document — page {page + 1}", heading))
        data = [["#", "Name", "Date", "Notes"]] + [
            [str(n), f"Camille Dupont-Nguyễn {n}", "25/11/2026", "Atelier CV · présente"]
            for n in range(1, rows + 1)
        ]
        story.append(Table(data, colWidths=widths, style=style, repeatRows=1))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        initialFontName=FONT,
    )
    doc.build(story)
    return buffer.getvalue()


# -- one document ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """How to make one document: ``assemble`` reads the vault, ``layout`` builds the PDF."""

    name: str
    assemble: Callable[[], Any]
    layout: Callable[[Any], bytes]
    pagesize: tuple[float, float]
    #: rows of the baseline table per page (so that one table fills less than a page)
    rows: int
    target_ms: float | None = None
    describe: Callable[[Any, int], str] = lambda _data, pages: f"{pages} page(s)"


def bench_document(doc: Document, repeat: int, log: Callable[[str], None]) -> tuple[Row, Row, Row]:
    """Data, layout and total of ``doc`` (pairdesk side) against its bare twin, interleaved."""
    data = doc.assemble()
    pdf = doc.layout(data)
    pages = page_count(pdf)
    bare = bare_pdf(pages, pagesize=doc.pagesize, rows=doc.rows)
    bare_pages = page_count(bare)
    if bare_pages != pages:
        raise RuntimeError(f"{doc.name}: the baseline has {bare_pages} pages, not {pages}")
    description = doc.describe(data, pages)
    log(
        f"  {doc.name}: {description}, {len(pdf) / 1024:.0f} KiB (bare: {len(bare) / 1024:.0f} KiB)"
    )

    data_ms: list[float] = []
    layout_ms: list[float] = []

    def real() -> None:
        started = time.perf_counter()
        assembled = doc.assemble()
        middle = time.perf_counter()
        doc.layout(assembled)
        ended = time.perf_counter()
        data_ms.append((middle - started) * 1000.0)
        layout_ms.append((ended - middle) * 1000.0)

    def baseline() -> None:
        bare_pdf(pages, pagesize=doc.pagesize, rows=doc.rows)

    warmup = 1
    samples = interleaved({"real": real, "bare": baseline}, repeat, warmup=warmup)
    data_ms, layout_ms = data_ms[warmup:], layout_ms[warmup:]
    totals = [d + lay for d, lay in zip(data_ms, layout_ms, strict=True)]
    base = Stats.of(samples["bare"])
    extra = {
        "pages": pages,
        "pdf_bytes": len(pdf),
        "bare_pdf_bytes": len(bare),
        "description": description,
    }
    total = Stats.of(totals)
    target = ""
    met: bool | None = None
    if doc.target_ms is not None:
        target = f"total < {doc.target_ms:,.0f} ms"
        met = total.median < doc.target_ms
    baseline_name = f"bare ReportLab, {pages} page(s)"
    return (
        Row(
            f"{doc.name}: total ({description})",
            total,
            base,
            baseline_name=baseline_name,
            target=target,
            met=met,
            extra=extra,
        ),
        Row(f"  data assembly ({doc.name})", Stats.of(data_ms), base, baseline_name, extra=extra),
        Row(f"  PDF layout ({doc.name})", Stats.of(layout_ms), base, baseline_name, extra=extra),
    )


# -- choosing what to print ----------------------------------------------------------------------


def busiest_participant(ctx: ServiceContext) -> int:
    """The participant with the most pathway events: the longest summary."""
    with ctx.transaction() as session:
        pid = session.scalars(
            select(PathwayEvent.participant_id)
            .group_by(PathwayEvent.participant_id)
            .order_by(func.count().desc(), PathwayEvent.participant_id)
            .limit(1)
        ).first()
    if pid is None:
        raise RuntimeError("the vault has no pathway events")
    return int(pid)


def busiest_workshop(ctx: ServiceContext) -> int:
    """The workshop of the year with the most registrations."""
    with ctx.transaction() as session:
        wid = session.scalars(
            select(Workshop.id)
            .join(Registration, Registration.workshop_id == Workshop.id, isouter=True)
            .where(Workshop.held_on.between(*YEAR))
            .group_by(Workshop.id)
            .order_by(func.count(Registration.id).desc(), Workshop.id)
            .limit(1)
        ).first()
    if wid is None:
        raise RuntimeError("the vault has no workshop in the year")
    return int(wid)


def documents_to_bench(ctx: ServiceContext) -> list[Document]:
    participant = busiest_participant(ctx)
    workshop = busiest_workshop(ctx)
    start, end = YEAR
    header = documents.document_header(ctx)
    title = f"Attendance sheets {start.isoformat()}..{end.isoformat()}"

    def sheets_layout(sheets: Any) -> bytes:
        return attendance_sheets_pdf(sheets, header=header, title=title)

    def summary_describe(data: Any, pages: int) -> str:
        return f"participant {participant}, {pages} page(s)"

    def sheet_describe(data: Any, pages: int) -> str:
        return f"{len(data.people)} registered + {data.blank_rows} blank rows, {pages} page(s)"

    def sheets_describe(data: Any, pages: int) -> str:
        people = sum(len(s.people) for s in data)
        return f"{len(data)} sheets, {people} names, {pages} pages"

    return [
        Document(
            "pathway summary",
            lambda: documents.pathway_summary_data(ctx, participant),
            pathway_summary_pdf,
            PORTRAIT,
            rows=25,
            target_ms=SUMMARY_TARGET_MS,
            describe=summary_describe,
        ),
        Document(
            "one attendance sheet",
            lambda: documents.attendance_sheet_data(ctx, workshop),
            attendance_sheet_pdf,
            LANDSCAPE,
            rows=12,
            describe=sheet_describe,
        ),
        Document(
            "a year of attendance sheets",
            lambda: documents.attendance_sheets_for_period(ctx, start, end),
            sheets_layout,
            LANDSCAPE,
            rows=12,
            target_ms=SHEETS_TARGET_MS,
            describe=sheets_describe,
        ),
        Document(
            "activity report for a year",
            lambda: documents.activity_report_data(ctx, start, end),
            activity_report_pdf,
            PORTRAIT,
            rows=25,
        ),
    ]


# -- main ----------------------------------------------------------------------------------------


def run(
    participants: int,
    *,
    repeat: int = 5,
    out: Path | None = None,
    rebuild: bool = False,
    cache_dir: Path = OUT,
    only: Sequence[str] = (),
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    info = machine_info()
    log(format_machine(info))
    built = build_vaults(participants, out=cache_dir, rebuild=rebuild, log=log)
    workdir = cache_dir / f"tmp-reports-{participants}"
    workdir.mkdir(parents=True, exist_ok=True)
    # the services write an audit line per document: work on a copy
    copy = copy_database(built.encrypted, workdir / "vault.pairdesk")
    vault = open_encrypted(copy)
    rows: list[Row] = []
    try:
        ctx = context(vault)
        register_fonts()
        for doc in documents_to_bench(ctx):
            if only and not any(word in doc.name for word in only):
                continue
            log(f"… {doc.name}")
            rows.extend(bench_document(doc, repeat, log))
    finally:
        vault.close()
        shutil.rmtree(workdir, ignore_errors=True)

    table = format_table(rows, measured_label="pairdesk", baseline_label="bare ReportLab")
    log("")
    log(f"Reports benchmark: {participants:,} participants (encrypted vault), repeat {repeat}")
    log(table)
    payload: dict[str, Any] = {
        "bench": "reports",
        "participants": participants,
        "repeat": repeat,
        "period": [YEAR[0].isoformat(), YEAR[1].isoformat()],
        "machine": info,
        "vault": {"encrypted_bytes": built.encrypted_bytes, "summary": built.summary},
        "rows": [r.as_json() for r in rows],
        "table": table,
    }
    target = out or cache_dir / f"reports-{participants}.json"
    write_json(target, payload)
    log(f"\nwritten: {target}")
    return payload


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_reports", description=__doc__)
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5, help="samples per measure and side")
    parser.add_argument("--out", type=Path, default=None, help="JSON results (bench/out/…)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached vaults")
    parser.add_argument("--cache-dir", type=Path, default=OUT, help="where built vaults are kept")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="WORD",
        help="only the documents whose name holds WORD (summary, sheet, year, activity)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny smoke run: 300 participants, 2 repeats"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.participants, args.repeat = 300, 2
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    run(
        args.participants,
        repeat=args.repeat,
        out=args.out,
        rebuild=args.rebuild,
        cache_dir=args.cache_dir,
        only=args.only,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
