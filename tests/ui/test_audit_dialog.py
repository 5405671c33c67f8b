"""The audit dialog shows each line as a sentence, the stored line in "Details" and its
tooltip; screenshots at 100 % and 200 % text size (to be looked at, not asserted)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from pairdesk.domain.enums import Role
from pairdesk.services import workshops
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks
from pairdesk.ui.audit_dialog import AuditDialog
from pairdesk.ui.models.audit_model import DETAILS, WHAT
from tests.factories import acting_as, make_participant, make_workshop


def _trail(ctx: ServiceContext) -> ServiceContext:
    cam = acting_as(ctx, "Camille", Role.COORDINATOR, "Moreau")
    pid = make_participant(cam, "Hélène", "Lefèvre").id
    wid = make_workshop(cam, dt.date(2026, 12, 8), title="CV").id
    workshops.register(cam, wid, pid)
    return cam


def test_the_dialog_shows_sentences_and_keeps_the_details(qtbot, ctx) -> None:
    cam = _trail(ctx)
    dialog = AuditDialog(cam)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.page is not None and dialog.model.rowCount() > 0)
    model = dialog.model
    assert model.headerData(WHAT, Qt.Orientation.Horizontal) == "Ce qui s'est passé"
    assert model.headerData(DETAILS, Qt.Orientation.Horizontal) == "Détails"
    first = model.index(0, WHAT)
    assert first.data() == "Camille M. a inscrit Hélène Lefèvre à l'atelier « CV » du 08/12/2026"
    assert model.index(0, DETAILS).data() == "registration n° 1 · Création"
    tooltip = first.data(Qt.ItemDataRole.ToolTipRole)
    assert "registration n° 1" in tooltip and "Camille Moreau" in tooltip


def test_screenshots_of_the_audit_dialog(qtbot, ctx) -> None:
    cam = _trail(ctx)
    app = QApplication.instance()
    font = app.font()
    try:
        for suffix, size in (("100", font.pointSizeF()), ("200", font.pointSizeF() * 2)):
            app.setFont(QFont(font.family(), int(size)))
            dialog = AuditDialog(cam)
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitUntil(lambda d=dialog: d.page is not None)
            tasks.wait_for_idle()
            dialog.grab().save(f"/tmp/audit-dialog-{suffix}.png")
            dialog.close()
    finally:
        app.setFont(font)


def test_long_details_stay_on_one_line(qtbot, ctx) -> None:
    """A line with long technical details (the demo's counts) keeps its row as high as
    its sentence: the details are elided on one line, whole in the tooltip."""
    from pairdesk.domain.enums import AuditAction

    with ctx.transaction() as session:
        ctx.audit(
            session,
            "demo",
            None,
            AuditAction.CREATE,
            ", ".join(f"table_{n}={n * 37}" for n in range(20)),
        )
    dialog = AuditDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.page is not None and dialog.model.rowCount() > 0)
    table = dialog.table
    table.resizeRowsToContents()
    line = table.fontMetrics().lineSpacing()
    row = next(
        r
        for r in range(dialog.model.rowCount())
        if "table_19" in dialog.model.index(r, DETAILS).data()
    )
    assert table.rowHeight(row) < 3 * line
    assert "table_19=703" in dialog.model.index(row, DETAILS).data(Qt.ItemDataRole.ToolTipRole)
