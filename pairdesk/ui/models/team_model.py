"""The team list: one row per team member, as ``team.list_members`` returned them.

A team is a handful of people, so the model holds the read objects; the service sorts
them. Like the referents and supervision lists, it is a ``rows.RowsModel``: one row per
frozen read object, its ``id`` under ``ID_ROLE``.
"""

from __future__ import annotations

from enum import IntEnum

from pairdesk.i18n import N_, _
from pairdesk.services.team import TeamMemberRow
from pairdesk.ui.models.rows import ID_ROLE as ID_ROLE
from pairdesk.ui.models.rows import RowsModel

#: The short-list base under its former name here (``rows.RowsModel``).
ReadRowsModel = RowsModel


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class TeamColumn(IntEnum):
    LAST_NAME = 0
    FIRST_NAME = 1
    ROLE = 2
    ACTIVE = 3
    PIN = 4
    EMAIL = 5
    PHONE = 6


class TeamModel(RowsModel[TeamMemberRow]):
    """Team members: name, role, whether active, whether a PIN is set."""

    HEADERS = (
        N_("Last name"),
        N_("First name"),
        N_("Role"),
        N_("Active"),
        N_("PIN"),
        N_("E-mail"),
        N_("Phone"),
    )

    def cell(self, item: TeamMemberRow, column: int) -> str:
        match column:
            case TeamColumn.LAST_NAME:
                return item.last_name
            case TeamColumn.FIRST_NAME:
                return item.first_name
            case TeamColumn.ROLE:
                return item.role.label
            case TeamColumn.ACTIVE:
                return yes_no(item.active)
            case TeamColumn.PIN:
                return _("Set") if item.has_pin else _("Not set")
            case TeamColumn.EMAIL:
                return item.email
            case TeamColumn.PHONE:
                return item.phone
        return ""
