"""Planning a coaching session or an offer-sharing workshop, with the shared workshop form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from pairdesk.domain.enums import WorkshopKind
from pairdesk.services.context import ServiceContext
from pairdesk.ui.views.workshop_form import WorkshopDialog


def open_planning_dialog(
    ctx: ServiceContext, parent: QWidget, kind: WorkshopKind, workshop_id: int | None = None
) -> QDialog:
    """Open (window-modal, not blocking) the form planning a workshop of ``kind``; after
    ``accepted``, the dialog's ``workshop_id`` names the saved workshop."""
    dialog = WorkshopDialog(ctx, parent, kind=kind, workshop_id=workshop_id)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
