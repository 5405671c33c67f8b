"""Participants: the searchable list, then each person's file and pathway."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pairdesk.services.context import ServiceContext


def create_page(ctx: ServiceContext, window: QWidget) -> QWidget:
    from pairdesk.ui.views.participants.page import ParticipantsPage

    return ParticipantsPage(ctx, window)
