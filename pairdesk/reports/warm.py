"""ReportLab's first-use costs paid in the background, before a document is asked for.

The first PDF of a session used to wait for the four DejaVu fonts to be parsed (~150 ms),
Babel's number and date data, and ReportLab's first text, table and chart drawing. The
app calls :func:`warm_up` on its preload thread while the passphrase is typed
(``pairdesk.app``; issue 12, measured by ``bench/bench_first_pdf.py``).
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from pairdesk.reports.base import (
    build_pdf,
    format_day,
    format_number,
    grid_table,
    para,
    rich,
    styles,
)
from pairdesk.reports.charts import line_chart
from pairdesk.services.document_data import DocumentHeader


def warm_up() -> None:
    """Lay one throwaway page out with every paragraph style, a grid table and a line
    chart; only ReportLab's and Babel's caches (and the registered fonts) are kept."""
    story: list[Flowable] = [
        rich(f"<b>{name}</b> <i>x</i> <b><i>y</i></b> 0123 éà", name) for name in styles()
    ]
    story.append(grid_table([["a", "b"], ["c", para("d " * 40, "cell")]], [40 * mm, 40 * mm]))
    story.append(line_chart(["1", "2"], [("a", [1.0, 2.0]), ("b", [3.0, None])], width=80 * mm))
    story.append(para(format_day(dt.date(2000, 1, 1)) + " " + format_number(1.5)))
    build_pdf(story, header=DocumentHeader("pairdesk", dt.date(2000, 1, 1)), title="warm-up")
