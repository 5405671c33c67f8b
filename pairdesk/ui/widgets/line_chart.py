"""A small line chart drawn with QPainter (QtCharts lives in PySide6-Addons, not shipped).

Each series is told apart three ways, never by colour alone: its colour, its point marker
(circle, square, triangle, diamond, cross, star…) and its line style (solid, dashed,
dotted…). The legend under the plot repeats marker and line beside the series name, and
``accessibleDescription()`` reads every point out in words for screen readers.

    chart = LineChart(self, y_min=1, y_max=10, accessible_name=_("Progression"))
    chart.set_series([ChartSeries(_("Confidence"), ((date(2026, 1, 5), 4), ...)), ...])
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from pairdesk.formatting import number, short_date
from pairdesk.i18n import _


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """One line: its (already translated) name and its (date, value) points."""

    label: str
    points: tuple[tuple[dt.date, float], ...]


class Marker(Enum):
    CIRCLE = "circle"
    SQUARE = "square"
    TRIANGLE = "triangle"
    DIAMOND = "diamond"
    CROSS = "cross"
    STAR = "star"
    PLUS = "plus"
    TRIANGLE_DOWN = "triangle_down"


MARKERS: tuple[Marker, ...] = tuple(Marker)
PEN_STYLES: tuple[Qt.PenStyle, ...] = (
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
    Qt.PenStyle.DashDotDotLine,
    Qt.PenStyle.CustomDashLine,  # long dashes
)
LONG_DASHES = (8.0, 3.0)
#: Colour-blind-safe palette (Okabe-Ito), dark enough on white.
COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#7F7F00",
)


def style_of(index: int) -> tuple[Marker, Qt.PenStyle, QColor]:
    """The marker, line style and colour of the ``index``-th series."""
    return (
        MARKERS[index % len(MARKERS)],
        PEN_STYLES[index % len(PEN_STYLES)],
        QColor(COLOURS[index % len(COLOURS)]),
    )


def line_pen(colour: QColor, style: Qt.PenStyle) -> QPen:
    pen = QPen(colour, 2)
    if style is Qt.PenStyle.CustomDashLine:
        pen.setDashPattern(list(LONG_DASHES))
    else:
        pen.setStyle(style)
    return pen


def draw_marker(painter: QPainter, marker: Marker, centre: QPointF, radius: float) -> None:
    """Draw one point marker (with the painter's current pen and brush)."""
    x, y, r = centre.x(), centre.y(), radius
    match marker:
        case Marker.CIRCLE:
            painter.drawEllipse(centre, r, r)
        case Marker.SQUARE:
            painter.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
        case Marker.TRIANGLE:
            painter.drawPolygon(
                QPolygonF([QPointF(x, y - r), QPointF(x + r, y + r), QPointF(x - r, y + r)])
            )
        case Marker.TRIANGLE_DOWN:
            painter.drawPolygon(
                QPolygonF([QPointF(x, y + r), QPointF(x + r, y - r), QPointF(x - r, y - r)])
            )
        case Marker.DIAMOND:
            painter.drawPolygon(
                QPolygonF(
                    [QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)]
                )
            )
        case Marker.CROSS:
            painter.drawLine(QPointF(x - r, y - r), QPointF(x + r, y + r))
            painter.drawLine(QPointF(x - r, y + r), QPointF(x + r, y - r))
        case Marker.PLUS:
            painter.drawLine(QPointF(x - r, y), QPointF(x + r, y))
            painter.drawLine(QPointF(x, y - r), QPointF(x, y + r))
        case Marker.STAR:
            path = QPainterPath()
            for i in range(10):
                angle = -math.pi / 2 + i * math.pi / 5
                length = r if i % 2 == 0 else r * 0.45
                point = QPointF(x + length * math.cos(angle), y + length * math.sin(angle))
                if i == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            path.closeSubpath()
            painter.drawPath(path)


class LineChart(QWidget):
    """Dated values of a few series on a fixed vertical scale, legend underneath."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        y_min: float = 0,
        y_max: float = 10,
        y_step: float = 1,
        accessible_name: str = "",
        empty_text: str = "",
    ) -> None:
        super().__init__(parent)
        self._series: tuple[ChartSeries, ...] = ()
        self.y_min = y_min
        self.y_max = y_max
        self.y_step = y_step
        self.empty_text = empty_text or _("Nothing to draw yet.")
        self.setAccessibleName(accessible_name or _("Chart"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setBackgroundRole(self.backgroundRole())
        self._describe()

    # -- data --------------------------------------------------------------------------
    def set_series(self, series: Sequence[ChartSeries]) -> None:
        self._series = tuple(series)
        self._describe()
        self.updateGeometry()
        self.update()

    def series(self) -> tuple[ChartSeries, ...]:
        return self._series

    def point_count(self) -> int:
        return sum(len(s.points) for s in self._series)

    def legend_entries(self) -> list[tuple[str, Marker, Qt.PenStyle]]:
        """What the legend says: each series' name, marker and line style."""
        return [(s.label, *style_of(i)[:2]) for i, s in enumerate(self._series)]

    def _describe(self) -> None:
        if not self.point_count():
            self.setAccessibleDescription(self.empty_text)
            self.setToolTip("")
            return
        lines = []
        for series in self._series:
            values = ", ".join(
                _("{value} on {date}").format(value=number(v, digits=1), date=short_date(d))
                for d, v in series.points
            )
            lines.append(_("{series}: {values}").format(series=series.label, values=values))
        text = "\n".join(lines)
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # -- geometry ----------------------------------------------------------------------
    def _legend_row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _legend_height(self) -> int:
        return len(self._series) * self._legend_row_height() + (8 if self._series else 0)

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 30, metrics.height() * 8 + self._legend_height())

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 70, metrics.height() * 14 + self._legend_height())

    def hasHeightForWidth(self) -> bool:
        return False

    # -- painting ----------------------------------------------------------------------
    def labelled_days(self, date_width: float) -> list[dt.date]:
        """The dates written under the axis: only days that have a point (a date between
        them read as an assessment's, a tester), the first and the last always, the others
        where they fit without overlapping."""
        days = sorted({d for s in self._series for d, _v in s.points})
        if len(days) <= 2:
            return days
        position = {day: self.point_position(day, self.y_min).x() for day in days}
        shown = [days[0]]
        for day in days[1:-1]:
            if (
                position[day] - position[shown[-1]] >= date_width
                and position[days[-1]] - position[day] >= date_width
            ):
                shown.append(day)
        return [*shown, days[-1]]

    def _x_range(self) -> tuple[int, int]:
        days = [d.toordinal() for s in self._series for d, _v in s.points]
        return (min(days), max(days)) if days else (0, 1)

    def plot_rect(self) -> QRectF:
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance(number(self.y_max, digits=1)) + 16
        bottom = metrics.height() + 12 + self._legend_height()
        return QRectF(
            left,
            metrics.height() / 2 + 4,
            max(10, self.width() - left - metrics.averageCharWidth() * 6),
            max(10, self.height() - bottom - metrics.height() / 2 - 4),
        )

    def point_position(self, day: dt.date, value: float) -> QPointF:
        """Where a (date, value) point is drawn, in widget coordinates."""
        plot = self.plot_rect()
        first, last = self._x_range()
        span = last - first
        x_ratio = 0.5 if span == 0 else (day.toordinal() - first) / span
        y_span = (self.y_max - self.y_min) or 1
        y_ratio = (value - self.y_min) / y_span
        return QPointF(
            plot.left() + x_ratio * plot.width(), plot.bottom() - y_ratio * plot.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(palette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(palette.ColorRole.Base))
        metrics = self.fontMetrics()
        plot = self.plot_rect()

        # grid and vertical scale
        grid = QPen(palette.color(palette.ColorRole.Mid))
        grid.setStyle(Qt.PenStyle.DotLine)
        steps = max(1, round((self.y_max - self.y_min) / self.y_step))
        label_every = 1 if plot.height() / steps >= metrics.height() else 2
        for i in range(steps + 1):
            value = self.y_min + i * self.y_step
            y = plot.bottom() - i * plot.height() / steps
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if i % label_every == 0 or i == steps:
                painter.setPen(text_colour)
                text = number(value, digits=1)
                painter.drawText(
                    QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                    text,
                )
        painter.setPen(QPen(text_colour, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        if not self.point_count():
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), self.empty_text)
            painter.end()
            return

        date_width = metrics.horizontalAdvance("00/00/0000") + 8
        for day in self.labelled_days(date_width):
            x = self.point_position(day, self.y_min).x()
            rect = QRectF(x - date_width / 2, plot.bottom() + 4, date_width, metrics.height())
            rect.moveLeft(max(0.0, min(rect.left(), self.width() - date_width)))
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), short_date(day))

        radius = max(3.5, metrics.height() / 4)
        for index, series in enumerate(self._series):
            marker, style, colour = style_of(index)
            painter.setPen(line_pen(colour, style))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            points = [self.point_position(d, v) for d, v in sorted(series.points)]
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour)
            for point in points:
                draw_marker(painter, marker, point, radius)

        # legend: marker, a stretch of line, the name
        row = self._legend_row_height()
        top = plot.bottom() + metrics.height() + 12
        sample = metrics.averageCharWidth() * 6
        for index, series in enumerate(self._series):
            marker, style, colour = style_of(index)
            y = top + index * row + row / 2
            painter.setPen(line_pen(colour, style))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.left() + sample, y))
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour)
            draw_marker(painter, marker, QPointF(plot.left() + sample / 2, y), radius)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(plot.left() + sample + 8, y - row / 2, self.width(), row),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                series.label,
            )
        painter.end()
