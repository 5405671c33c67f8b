"""Employers ("Employeurs", issue 15): the directory, an employer's file, the names to
confirm after the upgrade."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pairdesk.services.context import ServiceContext


def create_page(ctx: ServiceContext, window: QWidget) -> QWidget:
    from pairdesk.ui.views.employers.view import EmployersPage

    return EmployersPage(ctx, window)
