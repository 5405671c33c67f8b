"""Indicators: the shared indicators over a chosen period, each with its definition and
what it was computed from."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pairdesk.services.context import ServiceContext


def create_page(ctx: ServiceContext, window: QWidget) -> QWidget:
    from pairdesk.ui.views.indicators.indicators_view import IndicatorsView

    return IndicatorsView(ctx, window)
