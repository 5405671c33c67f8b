"""Job offers: the catalogue, matching offers and participants both ways, shares and
their outcome, and the job-offer sharing workshop."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pairdesk.services.context import ServiceContext


def create_page(ctx: ServiceContext, window: QWidget) -> QWidget:
    from pairdesk.ui.views.offers.view import OffersView

    return OffersView(ctx, window)
