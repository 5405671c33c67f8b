"""Team and settings: the team, the referents directory, the association profile and the
supervision log of the peer helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pairdesk.services.context import ServiceContext


def create_page(ctx: ServiceContext, window: QWidget) -> QWidget:
    from pairdesk.ui.views.team.view import TeamSettingsPage

    return TeamSettingsPage(ctx, window)
