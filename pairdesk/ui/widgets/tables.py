"""The one read-only table of the window: every list of records is built here.

    table = make_table(parent, model, _("Job offers"), rows=4, stretch=Model.TITLE)

The table selects one whole row, is never edited in place, keeps Tab for moving between
fields (the arrows move inside it), alternates row colours, does not wrap text, and has
rows as high as the current text size needs. Its columns, chosen once:

* by default each column fits its contents (the table scrolls sideways rather than cutting
  a name) and the last one, or column ``stretch`` for long free text, takes the spare width;
* ``widths``: column widths in average characters (never narrower than the header's
  text), resizable by hand, for lists whose free text would make them too wide;
* ``fit_contents=False``: every column shares the width (long previews).

``rows`` keeps room for that many lines plus the header, whatever the text size; with
``wrap`` long text wraps and each row is as high as its text (the to-do list, indicators).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QToolTip, QWidget

from pairdesk.i18n import _


def make_table(
    parent: QWidget,
    model: QAbstractItemModel,
    name: str,
    *,
    rows: int | None = None,
    stretch: int | None = None,
    widths: Mapping[int, int] | None = None,
    fit_contents: bool = True,
    wrap: bool = False,
) -> QTableView:
    """A read-only, row-selecting table over ``model`` named ``name`` for screen readers
    (see the module docstring for ``rows``, ``stretch``, ``widths`` and ``fit_contents``)."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setCornerButtonEnabled(False)
    table.verticalHeader().setVisible(False)
    line = table.fontMetrics().height() + 10
    table.setWordWrap(wrap)
    if wrap:  # each row as high as its wrapped text
        table.verticalHeader().setMinimumSectionSize(line)
        RowHeights(table)
    else:
        table.verticalHeader().setDefaultSectionSize(line)
    header = table.horizontalHeader()
    header.setAccessibleName(_("Column headings"))
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    if widths is not None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fit_columns(table, widths)
    elif not fit_contents:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(stretch is None)
        if stretch is not None:
            column = stretch

            def stretch_column() -> None:
                if model.columnCount() > column:
                    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

            model.modelReset.connect(stretch_column)
            stretch_column()
    if rows is not None:
        show_rows(table, rows)
    CutTextTips.install(table)
    return table


class CutTextTips(QObject):
    """A cell whose text the column cuts ("Obtenue jusqu'au 11…", "Saint-Pries…") shows
    its whole text on hover. A model's own tooltip (a definition) comes first; a cell that
    shows whole has none. Installed on the table's viewport (``install``)."""

    #: room Qt's default delegate keeps around a cell's text (margins, a focus frame)
    PADDING = 12

    def __init__(self, table: QAbstractItemView) -> None:
        super().__init__(table)
        self.table = table

    @classmethod
    def install(cls, table: QAbstractItemView) -> CutTextTips:
        tips = cls(table)
        table.viewport().installEventFilter(tips)
        return tips

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        index = self.table.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False  # Qt shows the model's own tooltip, or none
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return False
        rect = self.table.visualRect(index)
        needed = self.table.fontMetrics().horizontalAdvance(text) + self.PADDING
        if needed <= rect.width():
            QToolTip.hideText()
            return True
        QToolTip.showText(event.globalPos(), text, self.table.viewport(), rect)
        return True


def fit_columns(table: QTableView, chars: Mapping[int, int]) -> None:
    """Column widths in average characters, never narrower than the header's text."""
    metrics = table.fontMetrics()
    header_metrics = table.horizontalHeader().fontMetrics()
    model = table.model()
    for column, count in chars.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = max(
            metrics.averageCharWidth() * count, header_metrics.horizontalAdvance(title) + 24
        )
        table.setColumnWidth(column, width)


def show_rows(table: QTableView, rows: int) -> None:
    """Keep room for ``rows`` lines (plus the header) whatever the text size."""
    line = table.verticalHeader().defaultSectionSize()
    header = table.horizontalHeader().sizeHint().height()
    table.setMinimumHeight(header + line * rows + 2 * table.frameWidth() + 4)


class RowHeights(QObject):
    """Each row of ``table`` as high as its wrapped text, measured once per change: when
    the model is reset or its rows change (at once, so that scrolling to a row right after
    lands on it), and when a column's width, the font or the style changes (once the
    changes of that moment are over).

    Qt's own way, ``ResizeToContents`` on the vertical header, measured every row again at
    each layout of the view: the home page's 319 rows were measured eight times on their
    first showing at 5,000 participants (62,000 questions to the model, 0.5 s on the GUI
    thread); measured once here (8,600 questions). The heights are Qt's own
    (``resizeRowsToContents``, the same ``sizeHintForRow``)."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._pending = False
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        model = table.model()
        model.modelReset.connect(self.measure)
        model.layoutChanged.connect(self.measure)
        model.rowsInserted.connect(self.measure_soon)
        model.dataChanged.connect(self.measure_soon)
        table.horizontalHeader().sectionResized.connect(self.measure_soon)
        table.installEventFilter(self)

    def measure(self) -> None:
        self._pending = False
        self._table.resizeRowsToContents()

    def measure_soon(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._measure_if_pending)

    def _measure_if_pending(self) -> None:
        if self._pending:
            self.measure()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.measure_soon()
        return False
