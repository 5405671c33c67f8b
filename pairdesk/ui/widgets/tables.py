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

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

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
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
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
    return table


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
