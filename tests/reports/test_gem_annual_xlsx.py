"""The annual activity report's workbook read back with openpyxl: the same figures as the
PDF, row by row (the PDF read with pypdf in layout mode), for the demo's year."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pairdesk.reports.base import format_number, format_percent, hidden_text
from pairdesk.reports.gem_annual import gem_annual_pdf, gem_annual_xlsx
from pairdesk.services import gem_year
from pairdesk.services.context import ServiceContext
from pairdesk.services.demo import generate_demo_data
from pairdesk.services.gem_year import AssociationYearInput, StaffLine


def _pdf_lines(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)
    return [" ".join(line.split()) for line in text.splitlines()]


def _shown(value: object, number_format: str = "General") -> str:
    """A workbook cell as the PDF prints it (a rate, a fraction shown as a percentage, as
    its percentage)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return " ".join(value.split())
    assert isinstance(value, int | float)
    if "%" in number_format:
        text = format_percent(float(value))
    elif isinstance(value, float):
        text = format_number(value, 2)
    else:
        text = format_number(value)
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
    cells = list(load_workbook(io.BytesIO(gem_annual_xlsx(data))).active.iter_rows())
    rows = [tuple(c.value for c in r) for r in cells]
    start = rows.index(next(r for r in rows if r[0] and r[1] == "2026")) + 1
    figures = rows[start:]
    checked = 0
    for row, line_cells in zip(figures, cells[start:], strict=True):
        label, now, before = row[:3]
        if label is None or now == "2026" or (now is None and before is None):
            continue  # the blank line, the section's title and its heading
        now_text = _shown(now, line_cells[1].number_format)
        before_text = _shown(before, line_cells[2].number_format)
        first_word = re.escape(str(label).split()[0])
        pair = rf"{re.escape(now_text)} {re.escape(before_text)}"
        wanted = re.compile(rf"^{first_word}\b.*?(^|\s){pair}(\s|$)")
        is_rate = "%" in now_text or "%" in before_text
        if is_rate and not any(wanted.search(line) for line in lines):
            # a rate such as "20 % (12 sur 60)" may wrap in its narrow PDF cell
            flat = " ".join(lines)
            assert now_text in flat, label
        else:
            assert any(wanted.search(line) for line in lines), (label, now, before)
        if "%" in line_cells[1].number_format and isinstance(now, float):
            numerator, denominator = row[4], row[5]
            if isinstance(numerator, int) and isinstance(denominator, int):
                assert round(numerator / denominator, 4) == now, label  # numbers, not texts
        checked += 1
    assert checked >= len(data.figures) + 10  # the counts, the indicators, IPS
    values = {r[0]: r[1] for r in figures if r[0]}
    rates = {c[0].value for c in cells[start:] if "%" in c[1].number_format}
    by_id = {f.id: f for f in data.figures}
    for figure in data.figures:
        expected = hidden_text() if figure.hidden else figure.value
        if isinstance(expected, float):
            expected = round(expected, 2)
        assert values[figure.label] == expected, figure.id  # numbers stay numbers
    assert values[by_id["volunteers"].label] == (hidden_text() if for_publication else 3)
    if for_publication:  # nothing from 1 to 10 left in the published workbook's counts
        assert not [
            (k, v)
            for k, v in values.items()
            if isinstance(v, int)
            and 1 <= v <= 10
            and v != values.get(by_id["opening_days"].label)
            and k not in rates  # 100 % is read back as 1
        ]
