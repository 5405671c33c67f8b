"""The attendance register (fréquentation): who came through the door each day, closure
days, and the totals of the month and the year."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pairdesk.services.context import ServiceContext


def create_page(ctx: ServiceContext, window: QWidget) -> QWidget:
    from pairdesk.ui.views.register.view import RegisterPage

    return RegisterPage(ctx, window)
