"""The referents directory (France Travail, Cap Emploi, DEA…): one row per referent.

The directory holds tens or hundreds of people; ``referents.list_referents`` searches and
sorts it, the model only shows what it returned.
"""

from __future__ import annotations

from enum import IntEnum

from pairdesk.i18n import N_
from pairdesk.services.referents import ReferentRow
from pairdesk.ui.models.rows import ID_ROLE, RowsModel
from pairdesk.ui.models.team_model import yes_no

__all__ = ["ID_ROLE", "ReferentColumn", "ReferentsModel"]


class ReferentColumn(IntEnum):
    NAME = 0
    ORGANISATION = 1
    KIND = 2
    PHONE = 3
    EMAIL = 4
    ACTIVE = 5


class ReferentsModel(RowsModel[ReferentRow]):
    HEADERS = (
        N_("Name"),
        N_("Organisation"),
        N_("Kind"),
        N_("Phone"),
        N_("E-mail"),
        N_("Active"),
    )

    def cell(self, item: ReferentRow, column: int) -> str:
        match column:
            case ReferentColumn.NAME:
                return item.name
            case ReferentColumn.ORGANISATION:
                return item.organisation
            case ReferentColumn.KIND:
                return item.kind.label
            case ReferentColumn.PHONE:
                return item.phone
            case ReferentColumn.EMAIL:
                return item.email
            case ReferentColumn.ACTIVE:
                return yes_no(item.active)
        return ""

    def tooltip(self, item: ReferentRow, column: int) -> str | None:
        return item.notes or None
