"""Peer CV workshops: plan them, register people, mark attendance; and each person's CV."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pairdesk.services.context import ServiceContext


def create_page(ctx: ServiceContext, window: QWidget) -> QWidget:
    from pairdesk.ui.views.cv_workshops.view import CvWorkshopsPage

    return CvWorkshopsPage(ctx, window)
