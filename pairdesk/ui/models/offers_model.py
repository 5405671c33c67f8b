"""Job offers: the catalogue, the shares of an offer, and the offer-sharing workshop grid.

These lists are small (an association keeps tens or hundreds of offers), so each model
holds the read objects the service returned; filtering and sorting are done by the
service (``offers.list_offers``), never by a proxy model.

The short lists use ``rows.RowsModel`` (still importable here as ``RowListModel``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from pairdesk.formatting import number, short_date
from pairdesk.i18n import N_, _
from pairdesk.services.offer_shares import ShareRow
from pairdesk.services.offers import OfferView
from pairdesk.ui.models.rows import ID_ROLE as ID_ROLE
from pairdesk.ui.models.rows import ROW_ROLE as ROW_ROLE
from pairdesk.ui.models.rows import TEXT_ROLES, AnyIndex, RowsModel

#: The short-list base under its former name here (``rows.RowsModel``).
RowListModel = RowsModel


def hours_text(value: float | None) -> str:
    if value is None:
        return _("Not given")
    return _("{hours} h").format(hours=number(value))


def offer_state_text(row: OfferView) -> str:
    """The offer's state in words (never colour alone)."""
    if row.archived:
        return _("Archived")
    if row.expired:
        return _("Expired")
    if row.closing_soon:
        return _("Closes soon")
    return _("Open")


class OffersModel(RowsModel[OfferView]):
    """The offer catalogue, in the order ``offers.list_offers`` gave."""

    TITLE, EMPLOYER, PLACE, CONTRACT, HOURS, REMOTE, CLOSING, STATE, SHARES = range(9)
    HEADERS = (
        N_("Job title"),
        N_("Employer"),
        N_("Place"),
        N_("Contract"),
        N_("Hours a week"),
        N_("Remote work"),
        N_("Closing date"),
        N_("State"),
        N_("Shared with"),
    )

    def cell(self, item: OfferView, column: int) -> str:
        match column:
            case self.TITLE:
                return item.title
            case self.EMPLOYER:
                return item.employer
            case self.PLACE:
                return item.place
            case self.CONTRACT:
                return item.contract_type.label
            case self.HOURS:
                return hours_text(item.hours_per_week)
            case self.REMOTE:
                return item.remote.label
            case self.CLOSING:
                return short_date(item.closing_on) or _("No date")
            case self.STATE:
                return offer_state_text(item)
            case _column:
                return str(item.share_count)

    def tooltip(self, item: OfferView, column: int) -> str | None:
        if column == self.TITLE and item.has_accommodations:
            return _("Accommodations offered")
        return None


class SharesModel(RowsModel[ShareRow]):
    """Who an offer was shared with, and what came of it."""

    PARTICIPANT, OFFER, SHARED_ON, OUTCOME, OUTCOME_ON, NOTES, CONSENT = range(7)
    HEADERS = (
        N_("Participant"),
        N_("Offer"),
        N_("Shared on"),
        N_("Outcome"),
        N_("Outcome date"),
        N_("Notes"),
        N_("Consent"),
    )

    def cell(self, item: ShareRow, column: int) -> str:
        match column:
            case self.PARTICIPANT:
                return item.participant_name
            case self.OFFER:
                return item.offer_title
            case self.SHARED_ON:
                return short_date(item.shared_on)
            case self.OUTCOME:
                return item.outcome.label
            case self.OUTCOME_ON:
                return short_date(item.outcome_on)
            case self.NOTES:
                return item.notes
            case _column:
                return _("Missing") if item.consent_warning else _("Given")

    def tooltip(self, item: ShareRow, column: int) -> str | None:
        if column == self.CONSENT and item.consent_warning:
            return item.consent_warning
        return None


class TakenOffersModel(QAbstractTableModel):
    """The offer-sharing workshop grid: one row per attendee, one column per offer, a
    check where the attendee took the offer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people: list[tuple[int, str]] = []
        self._offers: list[tuple[int, str]] = []
        self._taken: set[tuple[int, int]] = set()  # (offer id, participant id)
        self._already: set[tuple[int, int]] = set()

    def set_grid(
        self,
        people: Sequence[tuple[int, str]],
        offers: Sequence[tuple[int, str]],
        already: set[tuple[int, int]] | None = None,
    ) -> None:
        """Attendees and offers as (id, name); ``already`` holds pairs shared before."""
        self.beginResetModel()
        self._people = list(people)
        self._offers = list(offers)
        self._already = set(already or ())
        person_ids = {p for p, _n in self._people}
        offer_ids = {o for o, _n in self._offers}
        self._taken = {(o, p) for o, p in self._taken if o in offer_ids and p in person_ids}
        self.endResetModel()

    def people(self) -> list[tuple[int, str]]:
        return list(self._people)

    def offers(self) -> list[tuple[int, str]]:
        return list(self._offers)

    def new_pairs(self) -> list[tuple[int, int]]:
        """(offer id, participant id) ticked now and not shared before, in grid order."""
        return [
            (offer_id, person_id)
            for person_id, _name in self._people
            for offer_id, _title in self._offers
            if (offer_id, person_id) in self._taken and (offer_id, person_id) not in self._already
        ]

    def _pair(self, index: AnyIndex) -> tuple[int, int] | None:
        if not index.isValid():
            return None
        if not (0 <= index.row() < len(self._people) and 0 <= index.column() < len(self._offers)):
            return None
        return self._offers[index.column()][0], self._people[index.row()][0]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._offers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        pair = self._pair(index)
        if pair is None:
            return None
        already = pair in self._already
        taken = already or pair in self._taken
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if taken else Qt.CheckState.Unchecked
        if role in TEXT_ROLES:
            if already:
                return _("Already shared")
            return _("Took it") if taken else _("Not taken")
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{person} — {offer}").format(
                person=self._people[index.row()][1], offer=self._offers[index.column()][1]
            )
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        pair = self._pair(index)
        if pair is None or role != Qt.ItemDataRole.CheckStateRole or pair in self._already:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked.value:
            self._taken.add(pair)
        else:
            self._taken.discard(pair)
        self.dataChanged.emit(
            index,
            index,
            [Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.DisplayRole],
        )
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in TEXT_ROLES:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._offers):
            return self._offers[section][1]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._people):
            return self._people[section][1]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        pair = self._pair(index)
        if pair is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if pair not in self._already:
            flags |= Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
        return flags
