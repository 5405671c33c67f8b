"""The job-offer sharing workshop: choose the workshop, the offers and the attendees, then
tick who took which offer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import Attendance, WorkshopKind
from pairdesk.formatting import short_date
from pairdesk.i18n import _, ngettext
from pairdesk.services import offer_shares, offers, workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.offer_shares import ShareRow
from pairdesk.services.offers import OfferView
from pairdesk.services.workshops import WorkshopDetail, WorkshopRow
from pairdesk.ui.models.offers_model import TakenOffersModel
from pairdesk.ui.ops import Op
from pairdesk.ui.views.coaching.planning import open_planning_dialog
from pairdesk.ui.widgets.participant_picker import ParticipantPicker

ID = Qt.ItemDataRole.UserRole
TITLE = Qt.ItemDataRole.UserRole + 2


def _checked(widget: QListWidget) -> list[tuple[int, str]]:
    return [
        (int(widget.item(i).data(ID)), widget.item(i).text())
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def _add_checkable(widget: QListWidget, item_id: int, text: str, checked: bool) -> None:
    item = QListWidgetItem(text, widget)
    item.setData(ID, item_id)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class SharingWorkshopTab(QWidget):
    status_message = Signal(str)
    shares_recorded = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._select_after: int | None = None
        self._already: set[tuple[int, int]] = set()

        self.workshop_field = QComboBox(self)
        self.workshop_field.setAccessibleName(_("Job-offer sharing workshop"))
        self.workshop_field.setMinimumContentsLength(24)
        self.workshop_field.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        workshop_label = QLabel(_("&Workshop:"), self)
        workshop_label.setBuddy(self.workshop_field)
        self.plan_button = QPushButton(_("P&lan a workshop…"), self)
        self.plan_button.setAccessibleName(_("Plan a job-offer sharing workshop"))
        top = QHBoxLayout()
        top.addWidget(workshop_label)
        top.addWidget(self.workshop_field, 1)
        top.addWidget(self.plan_button)
        self.print_button = QPushButton(_("Pr&int the sheet…"), self)
        self.print_button.setAccessibleName(_("Print the workshop's attendance sheet"))
        self.print_button.setToolTip(_("Attendance sheet, blank or filled (Ctrl+P)"))
        top.addWidget(self.print_button)

        self.offer_list = QListWidget(self)
        self.offer_list.setAccessibleName(_("Offers presented at the workshop"))
        offers_label = QLabel(_("O&ffers presented:"), self)
        offers_label.setBuddy(self.offer_list)
        self.people_list = QListWidget(self)
        self.people_list.setAccessibleName(_("Attendees"))
        people_label = QLabel(_("&Attendees:"), self)
        people_label.setBuddy(self.people_list)
        self.picker = ParticipantPicker(ctx, _("Add an attendee"), self)
        self.add_person_button = QPushButton(_("Add to the a&ttendees"), self)
        self.add_person_button.setAccessibleName(_("Add the chosen person to the attendees"))
        add_row = QVBoxLayout()
        add_row.addWidget(self.picker)
        add_button_row = QHBoxLayout()
        add_button_row.addStretch(1)
        add_button_row.addWidget(self.add_person_button)
        add_row.addLayout(add_button_row)

        choices = QWidget(self)
        grid = QGridLayout(choices)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(offers_label, 0, 0)
        grid.addWidget(people_label, 0, 1)
        grid.addWidget(self.offer_list, 1, 0)
        grid.addWidget(self.people_list, 1, 1)
        # Under both lists: in the right column alone, its minimum width (search field,
        # drop-down list, count, button) left the offers list a sliver at 200 % text.
        grid.addLayout(add_row, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.model = TakenOffersModel(self)
        self.grid_view = QTableView(self)
        self.grid_view.setModel(self.model)
        self.grid_view.setAccessibleName(_("Who took which offer"))
        self.grid_view.setAccessibleDescription(
            _("One row per attendee, one column per offer; tick with the space bar.")
        )
        self.grid_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid_view.setTabKeyNavigation(False)
        self.grid_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        grid_label = QLabel(_("Who too&k which offer:"), self)
        grid_label.setBuddy(self.grid_view)
        self.record_button = QPushButton(_("&Record who came and who took which offer"), self)
        self.record_button.setAccessibleName(
            _("Record who came (marked present) and who took which offer")
        )
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName(_("Result"))
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(grid_label)
        lower_layout.addWidget(self.grid_view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.record_button)
        lower_layout.addLayout(bottom)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(choices)
        splitter.addWidget(lower)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.workshop_field.currentIndexChanged.connect(self._workshop_changed)
        self.plan_button.clicked.connect(self.plan)
        self.print_button.clicked.connect(self.print_sheet)
        self.add_person_button.clicked.connect(self.add_attendee)
        self.offer_list.itemChanged.connect(self._update_grid)
        self.people_list.itemChanged.connect(self._update_grid)
        self.record_button.clicked.connect(self.record)

    # -- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx = self._ctx

        def work() -> tuple[list[WorkshopRow], list[OfferView]]:
            return (
                workshops.list_workshops(
                    ctx, kind=WorkshopKind.OFFER_SHARING, include_cancelled=False
                ),
                offers.list_offers(ctx, open_only=True),
            )

        Op(self, work).success(self._fill).run()
        if self.picker.results.count() == 0:
            self.picker.search()

    def _fill(self, result: tuple[list[WorkshopRow], list[OfferView]]) -> None:
        rows, open_offers = result
        keep = self._select_after or self.workshop_field.currentData()
        self._select_after = None
        self.workshop_field.blockSignals(True)
        self.workshop_field.clear()
        self.workshop_field.addItem(
            _("Choose a workshop…") if rows else _("No workshop planned yet"), None
        )
        for row in reversed(rows):
            self.workshop_field.addItem(
                _("{date} — {title}").format(date=short_date(row.held_on), title=row.title), row.id
            )
        self.workshop_field.setCurrentIndex(max(0, self.workshop_field.findData(keep)))
        self.workshop_field.blockSignals(False)

        ticked = {offer_id for offer_id, _t in _checked(self.offer_list)}
        self.offer_list.blockSignals(True)
        self.offer_list.clear()
        for offer in open_offers:
            text = (
                _("{title} — {employer}").format(title=offer.title, employer=offer.employer)
                if offer.employer
                else offer.title
            )
            _add_checkable(self.offer_list, offer.id, text, offer.id in ticked)
            self.offer_list.item(self.offer_list.count() - 1).setData(TITLE, offer.title)
        self.offer_list.blockSignals(False)
        self._workshop_changed()

    def workshop_id(self) -> int | None:
        value = self.workshop_field.currentData()
        return value if isinstance(value, int) else None

    def select_workshop(self, workshop_id: int) -> None:
        index = self.workshop_field.findData(workshop_id)
        if index >= 0:
            self.workshop_field.setCurrentIndex(index)
        else:
            self._select_after = workshop_id
            self.refresh()

    def _workshop_changed(self, _index: int = 0) -> None:
        workshop_id = self.workshop_id()
        if workshop_id is None:
            self._show_workshop(None)
            return
        ctx = self._ctx
        offer_ids = [int(self.offer_list.item(i).data(ID)) for i in range(self.offer_list.count())]

        def work() -> tuple[WorkshopDetail, list[ShareRow]]:
            detail = workshops.get_workshop(ctx, workshop_id)
            shares = [s for oid in offer_ids for s in offer_shares.list_shares(ctx, offer_id=oid)]
            return detail, shares

        Op(self, work).success(self._show_loaded).run()

    def _show_loaded(self, result: tuple[WorkshopDetail, list[ShareRow]]) -> None:
        detail, shares = result
        self._already = {(s.offer_id, s.participant_id) for s in shares}
        # The offers passed on at this workshop come back ticked (the others keep theirs).
        shown_here = {s.offer_id for s in shares if s.workshop_id == detail.id}
        self.offer_list.blockSignals(True)
        for i in range(self.offer_list.count()):
            item = self.offer_list.item(i)
            if item.data(ID) in shown_here:
                item.setCheckState(Qt.CheckState.Checked)
        self.offer_list.blockSignals(False)
        self._show_workshop(detail)

    def _show_workshop(self, detail: WorkshopDetail | None) -> None:
        added = [
            (int(self.people_list.item(i).data(ID)), self.people_list.item(i).text())
            for i in range(self.people_list.count())
            if self.people_list.item(i).data(ID + 1)
        ]
        self.people_list.blockSignals(True)
        self.people_list.clear()
        if detail is not None:
            # Ticked: who came (recorded as present when the workshop is saved). A person
            # registered but not checked in is listed unticked: ticking everyone
            # registered would mark absent people present.
            for registration in detail.registrations:
                _add_checkable(
                    self.people_list,
                    registration.participant_id,
                    registration.display_name,
                    registration.attendance is Attendance.PRESENT,
                )
        for person_id, name in added:
            if not self._has_person(person_id):
                _add_checkable(self.people_list, person_id, name, True)
                self.people_list.item(self.people_list.count() - 1).setData(ID + 1, True)
        self.people_list.blockSignals(False)
        self._update_grid()

    def _has_person(self, person_id: int) -> bool:
        return any(
            self.people_list.item(i).data(ID) == person_id for i in range(self.people_list.count())
        )

    def add_attendee(self) -> None:
        person_id = self.picker.participant_id()
        if person_id is None:
            self.status_message.emit(_("Choose the person to add first."))
            return
        if self._has_person(person_id):
            return
        _add_checkable(self.people_list, person_id, self.picker.participant_name(), True)
        self.people_list.item(self.people_list.count() - 1).setData(ID + 1, True)

    def _update_grid(self, *_args: object) -> None:
        offer_titles = [
            (offer_id, str(self._offer_title(offer_id) or text))
            for offer_id, text in _checked(self.offer_list)
        ]
        self.model.set_grid(_checked(self.people_list), offer_titles, self._already)
        self.grid_view.resizeRowsToContents()

    def _offer_title(self, offer_id: int) -> str | None:
        for i in range(self.offer_list.count()):
            item = self.offer_list.item(i)
            if item.data(ID) == offer_id:
                title = item.data(TITLE)
                return title if isinstance(title, str) else None
        return None

    # -- actions -----------------------------------------------------------------------
    def plan(self) -> None:
        dialog = open_planning_dialog(self._ctx, self, WorkshopKind.OFFER_SHARING)
        dialog.accepted.connect(lambda: self._planned(dialog))

    def _planned(self, dialog: QWidget) -> None:
        saved = getattr(dialog, "workshop_id", None)
        self._select_after = saved if isinstance(saved, int) else None
        self.refresh()

    def record(self) -> None:
        workshop_id = self.workshop_id()
        if workshop_id is None:
            self.result_label.setText(_("Choose the workshop first."))
            return
        pairs = self.model.new_pairs()
        present = [person_id for person_id, _name in _checked(self.people_list)]
        if not pairs and not present:
            self.result_label.setText(_("Tick who came, and who took which offer, first."))
            return
        ctx = self._ctx
        (
            Op(
                self,
                lambda: offer_shares.record_workshop_shares(ctx, workshop_id, pairs, present),
            )
            .success(self._recorded)
            .run()
        )

    def _recorded(self, rows: list[ShareRow]) -> None:
        text = ngettext("{count} share recorded.", "{count} shares recorded.", len(rows)).format(
            count=len(rows)
        )
        missing = sorted({r.participant_name for r in rows if r.consent_warning})
        if missing:
            text = _("{recorded} No current consent recorded for: {names}.").format(
                recorded=text, names=", ".join(missing)
            )
        self.result_label.setText(text)
        self.status_message.emit(text)
        self.shares_recorded.emit()
        self._workshop_changed()

    def print_sheet(self) -> None:
        """The chosen workshop's attendance sheet (options, then the preview)."""
        from pairdesk.ui import printing

        workshop_id = self.workshop_id()
        if workshop_id is None:
            self.status_message.emit(_("Choose a workshop first."))
            return
        self.print_dialog = printing.print_attendance_sheet(self, self._ctx, workshop_id)
