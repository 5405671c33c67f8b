"""The annual activity report's workbook read back with openpyxl: the same figures as the
PDF, row by row (the PDF read with pypdf in layout mode), for the demo's year."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pairdesk.reports.base import format_number, hidden_text
from pairdesk.reports.gem_annual import gem_annual_pdf, gem_annual_xlsx
from pairdesk.services import gem_year
from pairdesk.services.context import ServiceContext
from pairdesk.services.demo import generate_demo_data
from pairdesk.services.gem_year import AssociationYearInput, StaffLine


def _pdf_lines(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)
    return [" ".join(line.split()) for line in text.splitlines()]


def _shown(value: object) -> str:
    """A workbook cell as the PDF prints it."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return " ".join(value.split())
    assert isinstance(value, int | float)
    text = format_number(value, 2) if isinstance(value, float) else format_number(value)
    return " ".join(text.split())  # a thousands separator is a space in French


@pytest.mark.parametrize("for_publication", [False, True])
def test_the_workbook_holds_the_figures_of_the_pdf(
    ctx: ServiceContext, for_publication: bool
) -> None:
    generate_demo_data(ctx, participants=40, seed=11)
    gem_year.save_year(
        ctx, 2026,
        AssociationYearInput(staff=(StaffLine("Animatrice", "ES", 0.8),), volunteers=3, bureau_members=5),
    )  # fmt: skip
    data = gem_year.annual_report_data(ctx, 2026, for_publication=for_publication)
    lines = _pdf_lines(gem_annual_pdf(data))
    rows = [
        r
        for r in load_workbook(io.BytesIO(gem_annual_xlsx(data))).active.iter_rows(values_only=True)
    ]
    figures = rows[rows.index(next(r for r in rows if r[0] and r[1] == "2026")) + 1 :]
    checked = 0
    for label, now, before, _definition in (r[:4] for r in figures):
        if label is None or now == "2026":
            continue  # the blank line and the second heading
        first_word = re.escape(str(label).split()[0])
        pair = rf"{re.escape(_shown(now))} {re.escape(_shown(before))}"
        wanted = re.compile(rf"^{first_word}\b.*?(^|\s){pair}(\s|$)")
        is_rate = "%" in _shown(now) or "%" in _shown(before)
        if is_rate and not any(wanted.search(line) for line in lines):
            # a rate such as "20 % (12 sur 60)" may wrap in its narrow PDF cell
            flat = " ".join(lines)
            assert _shown(now) in flat or _shown(now).split(" (")[0] in flat, label
        else:
            assert any(wanted.search(line) for line in lines), (label, now, before)
        checked += 1
    assert checked >= len(data.figures) + 10  # the counts, the indicators, IPS
    values = {r[0]: r[1] for r in figures if r[0]}
    by_id = {f.id: f for f in data.figures}
    for figure in data.figures:
        expected = hidden_text() if figure.hidden else figure.value
        if isinstance(expected, float):
            expected = round(expected, 2)
        assert values[figure.label] == expected, figure.id  # numbers stay numbers
    assert values[by_id["volunteers"].label] == (hidden_text() if for_publication else 3)
    if for_publication:  # nothing from 1 to 10 left in the published workbook's counts
        assert not [
            v
            for v in values.values()
            if isinstance(v, int) and 1 <= v <= 10 and v != values.get(by_id["opening_days"].label)
        ]
