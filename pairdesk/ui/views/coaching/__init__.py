"""Interview coaching: coaching sessions, the question bank, mock interviews and the
scores of a participant across mock interviews."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pairdesk.services.context import ServiceContext


def create_page(ctx: ServiceContext, window: QWidget) -> QWidget:
    from pairdesk.ui.views.coaching.view import CoachingView

    return CoachingView(ctx, window)
