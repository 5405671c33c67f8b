"""Attendance: any workshop's list, keyboard check-in, walk-ins, monthly totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pairdesk.services.context import ServiceContext


def create_page(ctx: ServiceContext, window: QWidget) -> QWidget:
    from pairdesk.ui.views.attendance.view import AttendancePage

    return AttendancePage(ctx, window)
