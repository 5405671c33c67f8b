"""Small reportlab.graphics charts, drawn in the documents' font (no image files)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Circle, Drawing, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from pairdesk.reports.base import FONT, INK, MUTED, register_fonts

PALETTE = (
    colors.HexColor("#2c5f8a"),
    colors.HexColor("#d9822b"),
    colors.HexColor("#3f9142"),
    colors.HexColor("#a23b72"),
    colors.HexColor("#6b5ca5"),
    colors.HexColor("#8a6d3b"),
    colors.HexColor("#1b998b"),
)


def _legend(drawing: Drawing, names: Sequence[str], x: float, y: float, columns: int) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName = FONT
    legend.fontSize = 7.5
    legend.strokeColor = None
    legend.dx = legend.dy = 7
    legend.deltay = 10
    legend.columnMaximum = max(1, -(-len(names) // columns))
    legend.alignment = "right"  # the text to the right of its swatch
    legend.dxTextSpace = 4
    legend.deltax = (drawing.width - x) / columns
    legend.autoXPadding = 6
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], n) for i, n in enumerate(names)]
    drawing.add(legend)


def line_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    width: float,
    height: float = 62 * mm,
    value_min: float = 0,
    value_max: float = 10,
    step: float = 2,
) -> Drawing:
    """One line per series over the categories (dates), legend below."""
    register_fonts()
    legend_rows = -(-len(series) // 3)
    legend_height = legend_rows * 10 + 8
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 24, 18 + legend_height
    chart.width = width - 34
    chart.height = height - chart.y - 6
    chart.data = [list(values) for _n, values in series]
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.fillColor = MUTED
    chart.valueAxis.valueMin = value_min
    chart.valueAxis.valueMax = value_max
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e7eb")
    chart.joinedLines = True
    for index in range(len(series)):
        chart.lines[index].strokeColor = PALETTE[index % len(PALETTE)]
        chart.lines[index].strokeWidth = 1.6
    drawing.add(chart)
    _legend(drawing, [n for n, _v in series], chart.x, legend_height - 6, 3)
    return drawing


def bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    width: float,
    height: float = 62 * mm,
    stacked: bool = False,
    value_max: float | None = None,
    percent: bool = False,
) -> Drawing:
    """Vertical bars per category, one colour per series (stacked or side by side)."""
    register_fonts()
    columns = 3
    legend_rows = -(-len(series) // columns) if len(series) > 1 else 0
    legend_height = legend_rows * 10 + (8 if legend_rows else 0)
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 16 + legend_height
    chart.width = width - 40
    chart.height = height - chart.y - 6
    chart.data = [list(values) for _n, values in series]
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.fillColor = MUTED
    if stacked:
        chart.categoryAxis.style = "stacked"
    totals = (
        [sum(values) for values in zip(*chart.data, strict=True)]
        if stacked and chart.data
        else [v for values in chart.data for v in values]
    )
    top = value_max if value_max is not None else max([1.0, *totals])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fillColor = MUTED
    if percent:
        chart.valueAxis.labelTextFormat = "%d %%"
    elif top <= 10:
        chart.valueAxis.valueStep = 1
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e7eb")
    chart.barSpacing = 1
    chart.groupSpacing = 6
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if legend_rows:
        _legend(drawing, [n for n, _v in series], chart.x, legend_height - 6, columns)
    return drawing


def face(score: int, size: float = 16 * mm) -> Drawing:
    """A simple drawn face for a 1–5 scale: a frown at 1, a broad smile at 5."""
    drawing = Drawing(size, size)
    centre = size / 2
    radius = size / 2 - 1.5
    drawing.add(Circle(centre, centre, radius, strokeColor=INK, strokeWidth=1.4, fillColor=None))
    eye_y = centre + radius * 0.28
    for dx in (-0.35, 0.35):
        drawing.add(
            Circle(centre + dx * radius, eye_y, radius * 0.08, fillColor=INK, strokeColor=None)
        )
    curve = (score - 3) / 2  # -1 (frown) … 1 (smile)
    mouth_y = centre - radius * 0.32
    half = radius * 0.45
    points: list[float] = []
    for step in range(13):
        t = step / 6 - 1  # -1 … 1
        points += [centre + t * half, mouth_y + curve * radius * 0.22 * (t * t - 1)]
    drawing.add(PolyLine(points, strokeColor=INK, strokeWidth=1.6))
    return drawing


def number_box(number: int | str, size: float = 8 * mm) -> Drawing:
    """An empty square to tick with its number above (paper forms)."""
    drawing = Drawing(size, size + 9)
    drawing.add(Rect(1, 1, size - 2, size - 2, strokeColor=INK, strokeWidth=1, fillColor=None))
    drawing.add(
        String(size / 2, size + 2, str(number), fontName=FONT, fontSize=9, textAnchor="middle")
    )
    return drawing
