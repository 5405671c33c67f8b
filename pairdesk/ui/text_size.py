"""The chosen text size reaches every widget, also when it changes while the window is open.

Three things do not follow ``QApplication.setFont`` by themselves:

- a title that was given ``font.pointSizeF() * 1.4`` keeps that point size for ever (so at
  200 % it is smaller than the text under it). ``relative_font(label, 1.4, bold=True)``
  records the factor; ``refresh_relative_fonts`` (called whenever the text size changes)
  gives each such widget ``factor ×`` the application font again;
- check boxes and radio buttons draw a fixed 13-pixel indicator: ``TextSizeStyle`` (a proxy
  over the platform style) scales it, and the other fixed pixel metrics that sit beside
  text, with the text size;
- tab labels: the platform style makes tabs only as tall as the font's line, and unselected
  tabs are drawn 2 px lower, which cut the accent of a capital ("Équipe" read "Equipe").
  The style gives every tab room above the text.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

_FACTOR = "pairdesk_font_factor"
_BOLD = "pairdesk_font_bold"
_PERCENT = "pairdesk_font_percent"

#: Pixel metrics drawn beside text that Qt styles keep at a fixed size.
SCALED_METRICS = (
    QStyle.PixelMetric.PM_IndicatorWidth,
    QStyle.PixelMetric.PM_IndicatorHeight,
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
    QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
    QStyle.PixelMetric.PM_SmallIconSize,
    QStyle.PixelMetric.PM_ListViewIconSize,
    QStyle.PixelMetric.PM_MenuButtonIndicator,
)


def font_percent(app: QApplication | None = None) -> int:
    """The text size in force (100 when none was applied)."""
    app = app or _app()
    value = app.property(_PERCENT) if app is not None else None
    return int(value) if isinstance(value, int | float) and value > 0 else 100


class TextSizeStyle(QProxyStyle):
    """The platform style with indicators and small icons scaled to the text size, and
    tabs tall enough for the accents of capitals.

    Its methods catch ``TypeError`` from the platform style: PySide6 maps C++ addresses to
    Python wrappers, and the wrapper of an object Qt deleted without telling it (a
    layout's ``QWidgetItem``) can stay in that map. When a new widget is built at the same
    address, Qt asks the style about it and PySide6 hands over the old wrapper; passing it
    on raises ``TypeError`` ("called with wrong argument types: …, QWidgetItem"). An error
    escaping a Python override called by Qt made PySide6 6.11 crash while reporting it (it
    read the message as an exception object): a segfault seen in the test suite, always
    in ``QLineEdit``'s constructor. Asked again without the widget, the style answers.
    Where those wrappers came from, and the fix at the source: ``ui/layout_items.py``."""

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        try:
            value = super().pixelMetric(metric, option, widget)
        except TypeError:  # a stale wrapper (the class's docstring)
            value = super().pixelMetric(metric, None, None)
        if metric in SCALED_METRICS:
            return round(value * font_percent() / 100)
        return value

    # PySide6's stubs disagree between QStyle, QCommonStyle and QProxyStyle on this one.
    def sizeFromContents(  # type: ignore[override]
        self,
        contents: QStyle.ContentsType,
        option: QStyleOption,
        size: QSize,
        widget: QWidget,
    ) -> QSize:
        try:
            result = super().sizeFromContents(contents, option, size, widget)
        except TypeError:  # a stale wrapper (the class's docstring)
            result = super().sizeFromContents(contents, option, size, None)  # type: ignore[arg-type]
        if contents is QStyle.ContentsType.CT_TabBarTab and option is not None:
            # Room above the text for "É", "À" on tabs drawn lower when unselected.
            extra = max(4, option.fontMetrics.height() // 3)
            result = QSize(result.width() + extra, result.height() + extra)
        return result


def install_style(app: QApplication) -> None:
    """Put ``TextSizeStyle`` over the application's style (once)."""
    if isinstance(app.style(), TextSizeStyle):
        return
    base = QStyleFactory.create(app.style().name()) or QStyleFactory.create("Fusion")
    app.setStyle(TextSizeStyle(base))


def relative_font(widget: QWidget, factor: float, *, bold: bool = False) -> None:
    """Give ``widget`` ``factor`` times the application's text size, now and after every
    change of the text size (a page title: ``relative_font(title, 1.4, bold=True)``)."""
    widget.setProperty(_FACTOR, float(factor))
    widget.setProperty(_BOLD, bool(bold))
    _apply_relative(widget, QApplication.font())


def _apply_relative(widget: QWidget, base: QFont) -> None:
    factor = widget.property(_FACTOR)
    if not isinstance(factor, float):
        return
    font = QFont(widget.font())
    size = base.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    else:
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    font.setBold(bool(widget.property(_BOLD)))
    widget.setFont(font)


def refresh_relative_fonts(app: QApplication) -> None:
    """After a text-size change: every ``relative_font`` widget follows the new size."""
    base = app.font()
    for widget in app.allWidgets():
        # A wrapper whose widget was freed may still be listed while its garbage waits
        # for the GUI thread's collection (ui/gui_gc.py): only live widgets are followed.
        if isinstance(widget, QWidget) and widget.property(_FACTOR) is not None:
            _apply_relative(widget, base)


def apply_text_size(app: QApplication, base_point_size: float, percent: int) -> None:
    """Set the application font to ``percent`` % of ``base_point_size`` and make every
    widget follow: relative fonts, scaled indicators and tab heights (widgets measure
    themselves again on the font change this sends them)."""
    app.setProperty(_PERCENT, int(percent))
    install_style(app)
    font = QFont(app.font())
    font.setPointSizeF(base_point_size * percent / 100)
    app.setFont(font)
    # A widget with a style sheet of its own keeps the font it had when the sheet was
    # set: the navigation and the read-only banner stayed at 100 % until a restart (a
    # tester). Setting the same sheet again makes them take the new application font.
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
    refresh_relative_fonts(app)


def _app() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None
