"""The job-offers page: catalogue with filters, matching both ways, shares and outcomes,
and the job-offer sharing workshop."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.employers import Disclosure
from pairdesk.domain.enums import ContractType, RemoteWork, ShareOutcome
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, ngettext
from pairdesk.services import matching, offer_shares, offers
from pairdesk.services.context import ServiceContext
from pairdesk.services.matching import Match
from pairdesk.services.offer_shares import ShareRow
from pairdesk.services.offers import OfferView
from pairdesk.ui.drafts import RestoreDone
from pairdesk.ui.models.matches_model import OfferMatchesModel, ParticipantMatchesModel
from pairdesk.ui.models.offers_model import OffersModel, SharesModel
from pairdesk.ui.ops import Op
from pairdesk.ui.views.offers.offer_form import OfferDialog, ShareDialog
from pairdesk.ui.views.offers.sharing import share_with
from pairdesk.ui.views.offers.workshop_tab import SharingWorkshopTab
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.dialog_parts import scroll_area
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.layouts import labelled_pair, titled_tabs
from pairdesk.ui.widgets.participant_picker import ParticipantPicker
from pairdesk.ui.widgets.questions import ask
from pairdesk.ui.widgets.tables import make_table

SEARCH_DEBOUNCE_MS = 200


def _labelled(parent: QWidget, text: str, widget: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(widget)
    return label


class CatalogueTab(QWidget):
    """Offers with filters; for the selected offer, matching participants and shares."""

    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._select_after: int | None = None
        self._loading_sources = False

        # -- filters ---------------------------------------------------------------
        self.search_field = QLineEdit(self)
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText(_("Title, employer, place, source…"))
        self.search_field.setAccessibleName(_("Search the offers"))
        self.contract_filter = QComboBox(self)
        self.contract_filter.setAccessibleName(_("Filter by contract type"))
        self.contract_filter.addItem(_("Any contract"), None)
        for contract in ContractType:
            self.contract_filter.addItem(contract.label, contract.value)
        self.hours_filter = QSpinBox(self)
        self.hours_filter.setRange(0, 60)
        self.hours_filter.setSpecialValueText(_("Any"))
        self.hours_filter.setSuffix(_(" h"))
        self.hours_filter.setAccessibleName(_("At most this many hours a week"))
        self.remote_filter = QComboBox(self)
        self.remote_filter.setAccessibleName(_("Filter by remote work"))
        self.remote_filter.addItem(_("Any"), None)
        for remote in RemoteWork:
            self.remote_filter.addItem(remote.label, remote.value)
        self.accommodations_filter = QComboBox(self)
        self.accommodations_filter.setAccessibleName(_("Filter by accommodations offered"))
        self.accommodations_filter.addItem(_("Any"), None)
        self.accommodations_filter.addItem(_("With accommodations"), True)
        self.accommodations_filter.addItem(_("Without accommodations"), False)
        self.source_filter = QComboBox(self)
        self.source_filter.setAccessibleName(_("Filter by source"))
        self.source_filter.addItem(_("Any source"), None)
        # Sources can be long (they are typed in offers): wide enough for "Any source"
        # whole ("Toutes les source" was cut), longer ones are elided.
        self.source_filter.setMinimumContentsLength(max(10, len(_("Any source")) + 1))
        self.source_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.open_only = QCheckBox(_("Open offers on&ly"), self)
        self.open_only.setAccessibleName(_("Open offers only"))
        self.open_only.setChecked(False)
        self.show_archived = QCheckBox(_("Show archi&ved"), self)
        self.show_archived.setAccessibleName(_("Show archived offers"))
        self.search_field.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        filters = FlowRow(self, spacing=12)
        for text, field in (
            (_("&Search:"), self.search_field),
            (_("&Contract:"), self.contract_filter),
            (_("Sou&rce:"), self.source_filter),
            (_("&Hours at most:"), self.hours_filter),
            (_("Re&mote:"), self.remote_filter),
            (_("Accommo&dations:"), self.accommodations_filter),
        ):
            filters.addWidget(labelled_pair(self, text, field))
        filters.addWidget(self.open_only)
        filters.addWidget(self.show_archived)

        # -- actions and table -----------------------------------------------------
        # Wraps at 200 % instead of cutting the count ("25 offres, dont 5 expirée(s)").
        actions = FlowRow(self, spacing=12)
        self.new_button = actions.add_button(
            _("&New offer…"), _("New job offer"), _("Ctrl+N"), clicked=self.new_offer
        )
        self.edit_button = actions.add_button(
            _("&Edit…"), _("Edit the selected offer"), clicked=self.edit_offer
        )
        self.archive_button = actions.add_button(
            _("&Archive"),
            _("Archive the selected offer"),
            _("Delete key"),
            clicked=self.archive_offer,
        )
        self.share_button = actions.add_button(
            _("Share &with…"),
            _("Share the selected offer with a participant"),
            clicked=self.share_selected,
        )
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("Number of offers"))
        actions.addWidget(self.count_label)

        self.model = OffersModel(self)
        self.table = make_table(
            self,
            self.model,
            _("Job offers"),
            widths={
                OffersModel.TITLE: 26,
                OffersModel.EMPLOYER: 18,
                OffersModel.PLACE: 14,
                OffersModel.CONTRACT: 22,
                OffersModel.HOURS: 8,
                OffersModel.REMOTE: 12,
                OffersModel.CLOSING: 11,
                OffersModel.STATE: 16,
            },
        )

        # -- lower part: matches and shares of the selected offer ------------------
        self.detail_label = QLabel(_("Select an offer to see who it may suit."), self)
        self.detail_label.setWordWrap(True)
        self.detail_label.setAccessibleName(_("Selected offer"))
        self.matches_model = ParticipantMatchesModel(self)
        self.matches_table = make_table(
            self,
            self.matches_model,
            _("Participants this offer may suit"),
            widths={ParticipantMatchesModel.PARTICIPANT: 24, ParticipantMatchesModel.SCORE: 12},
            wrap=True,  # the reasons read whole, not only on hover (a keyboard user could not)
        )
        self.share_match_button = QPushButton(_("Share wi&th the selected person…"), self)
        self.share_match_button.setAccessibleName(_("Share with the selected person"))
        matches_page = QWidget(self)
        matches_layout = QVBoxLayout(matches_page)
        matches_layout.addWidget(self.matches_table, 1)
        matches_buttons = QHBoxLayout()
        matches_buttons.addStretch(1)
        matches_buttons.addWidget(self.share_match_button)
        matches_layout.addLayout(matches_buttons)

        self.shares_model = SharesModel(self)
        self.shares_table = make_table(
            self, self.shares_model, _("Shares of this offer"), widths={SharesModel.PARTICIPANT: 22}
        )
        self.shares_table.setColumnHidden(SharesModel.OFFER, True)
        self.outcome_field = QComboBox(self)
        self.outcome_field.setAccessibleName(_("Outcome of the selected share"))
        for outcome in ShareOutcome:
            self.outcome_field.addItem(outcome.label, outcome.value)
        self.outcome_notes = QLineEdit(self)
        self.outcome_notes.setAccessibleName(_("Notes on the outcome"))
        # When it happened (an interview last week), today unless typed: it was always
        # today (pair-aidant tester).
        self.outcome_date = DateField(
            self, accessible_name=_("Date of the outcome"), today=ctx.today
        )
        self.outcome_button = QPushButton(_("Record the &outcome"), self)
        self.outcome_button.setAccessibleName(_("Record the outcome"))
        shares_page = QWidget(self)
        shares_layout = QVBoxLayout(shares_page)
        shares_layout.addWidget(self.shares_table, 1)
        # A row that wraps: at 200 % its five parts in one line (960 px) pushed the whole
        # page wider than the window, which then scrolled sideways.
        outcome_row = FlowRow(shares_page, spacing=12)
        outcome_row.addWidget(labelled_pair(shares_page, _("O&utcome:"), self.outcome_field))
        outcome_row.addWidget(labelled_pair(shares_page, _("O&n:"), self.outcome_date))
        outcome_row.addWidget(labelled_pair(shares_page, _("No&tes:"), self.outcome_notes))
        outcome_row.addWidget(self.outcome_button)
        shares_layout.addWidget(outcome_row)

        self.lower_tabs = QTabWidget(self)
        self.lower_tabs.setAccessibleName(_("About the selected offer"))
        self.lower_tabs.addTab(matches_page, _("Who it may s&uit"))
        self.lower_tabs.addTab(shares_page, _("Shared w&ith"))
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail_label)
        lower_layout.addWidget(self.lower_tabs, 1)

        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(actions)
        upper_layout.addWidget(self.table, 1)
        # At 200 % the filters wrap onto four rows and the matches below keep their
        # height: without a floor the list shrank to a single row. The page scrolls
        # instead (OffersView puts this tab in a scroll area).
        self.table.setMinimumHeight(self.fontMetrics().height() * 12)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(filters)
        layout.addWidget(splitter, 1)

        # -- behaviour -------------------------------------------------------------
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search_field.textChanged.connect(self._debounce.start)
        for combo in (
            self.contract_filter,
            self.remote_filter,
            self.accommodations_filter,
        ):
            combo.currentIndexChanged.connect(self.refresh)
        self.source_filter.currentIndexChanged.connect(self._source_changed)
        self.hours_filter.valueChanged.connect(self._debounce.start)
        self.open_only.toggled.connect(self.refresh)
        self.show_archived.toggled.connect(self.refresh)
        self.share_match_button.clicked.connect(self.share_with_match)
        self.outcome_button.clicked.connect(self.record_outcome)
        self.outcome_notes.returnPressed.connect(self.record_outcome)  # Enter saves
        self.table.activated.connect(lambda _i: self.edit_offer())
        self.table.selectionModel().selectionChanged.connect(self._offer_selected)
        self.shares_table.selectionModel().selectionChanged.connect(self._share_selected)
        self.matches_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_buttons()
        )
        for key, slot in (
            (QKeySequence.StandardKey.New, self.new_offer),
            (QKeySequence(Qt.Key.Key_Delete), self.archive_offer),
        ):
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.dialog: QWidget | None = None
        self._update_buttons()

    # -- list --------------------------------------------------------------------------
    def refresh(self) -> None:
        self._debounce.stop()
        ctx = self._ctx
        hours = self.hours_filter.value()
        search = self.search_field.text()
        contract = self.contract_filter.currentData()
        contract_type = ContractType(contract) if contract is not None else None
        max_hours = float(hours) if hours else None
        remote_data = self.remote_filter.currentData()
        remote = RemoteWork(remote_data) if remote_data is not None else None
        with_accommodations: bool | None = self.accommodations_filter.currentData()
        open_only = self.open_only.isChecked()
        include_archived = self.show_archived.isChecked()
        source: str | None = self.source_filter.currentData()

        def work() -> tuple[list[OfferView], list[str]]:
            found = offers.list_offers(
                ctx,
                search=search,
                contract_type=contract_type,
                max_hours=max_hours,
                remote=remote,
                with_accommodations=with_accommodations,
                open_only=open_only,
                include_archived=include_archived,
                source=source,
            )
            return found, offers.list_offer_sources(ctx)

        Op(self, work).success(self._show).run()

    def _show(self, result: tuple[list[OfferView], list[str]]) -> None:
        rows, sources = result
        keep = self._select_after or self.selected_id()
        self._select_after = None
        self.model.set_rows(rows)
        self._fill_sources(sources)
        expired = sum(1 for r in rows if r.expired and not r.archived)
        text = ngettext("{count} offer", "{count} offers", len(rows)).format(count=len(rows))
        if expired:
            text = ngettext(
                "{offers}, {expired} expired", "{offers}, {expired} expired", expired
            ).format(offers=text, expired=expired)
        archived = sum(1 for r in rows if r.archived)  # listed when « Show archived » is ticked
        if archived:
            text = ngettext(
                "{offers}, {archived} archived", "{offers}, {archived} archived", archived
            ).format(offers=text, archived=archived)
        self.count_label.setText(text)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)
        else:
            self._offer_selected()

    def _fill_sources(self, sources: list[str]) -> None:
        current = self.source_filter.currentData()
        self._loading_sources = True
        self.source_filter.clear()
        self.source_filter.addItem(_("Any source"), None)
        for source in sources:
            self.source_filter.addItem(source, source)
        self.source_filter.setCurrentIndex(max(0, self.source_filter.findData(current)))
        self._loading_sources = False

    def _source_changed(self, _index: int) -> None:
        if not self._loading_sources:
            self.refresh()

    def selected_offer(self) -> OfferView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        offer = self.selected_offer()
        return offer.id if offer else None

    def select(self, offer_id: int) -> None:
        row = self.model.row_of(offer_id)
        if row is None:
            self._select_after = offer_id
            self.refresh()
        else:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        offer = self.selected_offer()
        has = offer is not None
        self.edit_button.setEnabled(has)
        self.archive_button.setEnabled(has)
        self.share_button.setEnabled(offer is not None and not offer.archived)
        self.share_match_button.setEnabled(
            has and bool(self.matches_table.selectionModel().selectedRows())
        )
        self.outcome_button.setEnabled(bool(self.shares_table.selectionModel().selectedRows()))
        if offer is not None:
            self.archive_button.setText(_("Bring &back") if offer.archived else _("&Archive"))
            self.archive_button.setAccessibleName(self.archive_button.text().replace("&", ""))

    # -- the selected offer ------------------------------------------------------------
    def _offer_selected(self, *_args: object) -> None:
        offer = self.selected_offer()
        self._update_buttons()
        if offer is None:
            self.detail_label.setText(_("Select an offer to see who it may suit."))
            self.matches_model.set_rows([])
            self.shares_model.set_rows([])
            return
        self.detail_label.setText(
            _("{title} — {employer}").format(title=offer.title, employer=offer.employer)
            if offer.employer
            else offer.title
        )
        self.load_offer_details(offer.id)

    def load_offer_details(self, offer_id: int) -> None:
        ctx = self._ctx

        def work() -> tuple[int, list[Match], list[ShareRow]]:
            return (
                offer_id,
                matching.matches_for_offer(ctx, offer_id),
                offer_shares.list_shares(ctx, offer_id=offer_id),
            )

        Op(self, work).success(self._show_details).run()

    def _show_details(self, result: tuple[int, list[Match], list[ShareRow]]) -> None:
        offer_id, matches, shares = result
        if offer_id != self.selected_id():
            return
        keep_share = self._selected_share()
        self.matches_model.set_rows(matches)
        self.shares_model.set_rows(shares)
        if keep_share is not None:
            row = self.shares_model.row_of(keep_share.id)
            if row is not None:
                self.shares_table.selectRow(row)
        self.lower_tabs.setTabText(
            1,
            ngettext("S&hared with ({count})", "S&hared with ({count})", len(shares)).format(
                count=len(shares)
            ),
        )
        self._update_buttons()

    def _selected_share(self) -> ShareRow | None:
        rows = self.shares_table.selectionModel().selectedRows()
        return self.shares_model.row_at(rows[0].row()) if rows else None

    def _share_selected(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        share = self._selected_share()
        self._update_buttons()
        if share is not None:
            self.outcome_field.setCurrentIndex(self.outcome_field.findData(share.outcome.value))
            self.outcome_notes.setText(share.notes)
            self.outcome_date.set_date(share.outcome_on or self._ctx.today())

    # -- actions -----------------------------------------------------------------------
    def new_offer(self) -> None:
        self._open_form(None)

    def edit_offer(self) -> None:
        offer_id = self.selected_id()
        if offer_id is not None:
            self._open_form(offer_id)

    def _open_form(self, offer_id: int | None) -> None:
        dialog = OfferDialog(self._ctx, self, offer_id)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.saved.connect(self._offer_saved)
        self.dialog = dialog
        dialog.open()

    def _offer_saved(self, offer_id: int) -> None:
        self.status_message.emit(_("Offer saved."))
        self._select_after = offer_id
        self.refresh()

    def archive_offer(self) -> None:
        offer = self.selected_offer()
        if offer is None:
            return
        archive = not offer.archived
        if archive and not ask(
            self,
            _("Archive this offer?"),
            _(
                "“{title}” will leave the list of offers and can no longer be shared. "
                "The shares already made are kept. You can bring it back later."
            ).format(title=offer.title),
            _("&Archive the offer"),
            _("&Keep it"),
        ):
            return
        ctx = self._ctx
        (
            Op(self, lambda: offers.archive_offer(ctx, offer.id, archive))
            .success(lambda _view: self._archived(archive))
            .run()
        )

    def _archived(self, archived: bool) -> None:
        self.status_message.emit(_("Offer archived.") if archived else _("Offer brought back."))
        self.refresh()

    def share_selected(self) -> None:
        offer = self.selected_offer()
        if offer is None or offer.archived:
            return
        self._open_share_dialog(offer.id, offer.title, None)

    def share_with_match(self) -> None:
        """The same dialog with the suggested person already chosen: what they told the
        employer is asked whichever way the offer is shared."""
        rows = self.matches_table.selectionModel().selectedRows()
        match = self.matches_model.row_at(rows[0].row()) if rows else None
        if match is not None:
            self._open_share_dialog(
                match.offer_id, match.offer_title, (match.participant_id, match.participant_name)
            )

    def _open_share_dialog(self, offer_id: int, title: str, person: tuple[int, str] | None) -> None:
        dialog = ShareDialog(self._ctx, title, self, person=person)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.chosen.connect(
            lambda pid, name: self.share(offer_id, pid, name, dialog.disclosure())
        )
        self.dialog = dialog
        dialog.open()

    def share(
        self, offer_id: int, participant_id: int, name: str, disclosure: Disclosure | None = None
    ) -> None:
        share_with(self, self._ctx, offer_id, participant_id, name, self._shared, disclosure)

    def _shared(self, share: ShareRow) -> None:
        self.status_message.emit(
            _("“{offer}” shared with {name}.").format(
                offer=share.offer_title, name=share.participant_name
            )
        )
        self.lower_tabs.setCurrentIndex(1)
        self.refresh()
        self.load_offer_details(share.offer_id)

    def record_outcome(self) -> None:
        share = self._selected_share()
        if share is None:
            return
        outcome = ShareOutcome(self.outcome_field.currentData())
        notes = self.outcome_notes.text()
        try:
            on = self.outcome_date.shown_date()
        except InvalidInput:
            return  # the field says why beside itself
        ctx = self._ctx
        (
            Op(
                self,
                lambda: offer_shares.set_share_outcome(ctx, share.id, outcome, on, notes=notes),
            )
            .success(self._outcome_recorded)
            .run()
        )

    def _outcome_recorded(self, share: ShareRow) -> None:
        self.status_message.emit(
            _("Outcome recorded: {outcome}.").format(outcome=share.outcome.label)
        )
        self.load_offer_details(share.offer_id)


class ParticipantOffersTab(QWidget):
    """For one participant: the open offers that may suit them, and sharing one."""

    status_message = Signal(str)
    shared = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.picker = ParticipantPicker(ctx, _("Offers for"), self)
        picker_label = _labelled(self, _("Offers &for:"), self.picker.search_field)
        self.model = OfferMatchesModel(self)
        self.table = make_table(
            self,
            self.model,
            _("Offers that may suit this person"),
            widths={
                OfferMatchesModel.OFFER: 24,
                OfferMatchesModel.EMPLOYER: 18,
                OfferMatchesModel.PLACE: 14,
                OfferMatchesModel.CLOSING: 11,
                OfferMatchesModel.SCORE: 12,
            },
            wrap=True,  # the reasons read whole, not only on hover (a keyboard user could not)
        )
        self.summary_label = QLabel(_("Choose a person to see the offers that may suit them."))
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(_("Summary"))
        self.share_button = QPushButton(_("&Share the selected offer"), self)
        self.share_button.setAccessibleName(_("Share the selected offer with this person"))
        self.share_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(picker_label)
        top.addWidget(self.picker, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.share_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.picker.participant_changed.connect(self.load)
        self.share_button.clicked.connect(self.share_selected)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.share_button.setEnabled(
                bool(self.table.selectionModel().hasSelection())
            )
        )

    def refresh(self) -> None:
        if self.picker.results.count() == 0:
            self.picker.search()
        else:
            self.load(self.picker.participant_id())

    def load(self, participant_id: object) -> None:
        if not isinstance(participant_id, int):
            self.model.set_rows([])
            self.summary_label.setText(_("Choose a person to see the offers that may suit them."))
            return
        ctx = self._ctx
        (
            Op(self, lambda: matching.offers_for_participant(ctx, participant_id))
            .success(self._show)
            .run()
        )

    def _show(self, matches: list[Match]) -> None:
        self.model.set_rows(matches)
        self.share_button.setEnabled(False)
        self.summary_label.setText(
            ngettext(
                "{count} open offer may suit this person.",
                "{count} open offers may suit this person.",
                len(matches),
            ).format(count=len(matches))
            if matches
            else _("No open offer matches this person's pathway yet.")
        )

    def share_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        match = self.model.row_at(rows[0].row()) if rows else None
        if match is None:
            return
        share_with(
            self,
            self._ctx,
            match.offer_id,
            match.participant_id,
            match.participant_name,
            self._done,
        )

    def _done(self, share: ShareRow) -> None:
        self.status_message.emit(
            _("“{offer}” shared with {name}.").format(
                offer=share.offer_title, name=share.participant_name
            )
        )
        self.shared.emit()


class OffersView(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offersView")
        self.catalogue = CatalogueTab(ctx, self)
        self.for_participant = ParticipantOffersTab(ctx, self)
        self.workshop = SharingWorkshopTab(ctx, self)
        self.tabs = titled_tabs(self, _("Job offers"), _("Job offer sections"))
        # The catalogue scrolls at large text sizes rather than squeezing its list.
        self.catalogue_page = scroll_area(self.tabs, self.catalogue)
        self.tabs.addTab(self.catalogue_page, _("&Offers"))
        self.tabs.addTab(self.for_participant, _("Offers for a &person"))
        self.tabs.addTab(self.workshop, _("Sharin&g workshop"))
        for tab in (self.catalogue, self.for_participant, self.workshop):
            tab.status_message.connect(self.status_message)
        self.for_participant.shared.connect(self.refresh)
        self.workshop.shares_recorded.connect(self.catalogue.refresh)

    def main_list(self) -> QWidget | None:
        """What Ctrl+5 puts the focus in: the list of the tab shown."""
        tab = self.tabs.currentWidget()
        if tab is self.catalogue_page:
            return self.catalogue.table
        if tab is self.workshop:
            return self.workshop.offer_list
        table = getattr(tab, "table", None)
        return table if isinstance(table, QWidget) else None

    def refresh(self) -> None:
        self.catalogue.refresh()
        self.for_participant.refresh()
        self.workshop.refresh()

    def print_current(self) -> None:
        """File > Print (Ctrl+P): the sharing workshop's attendance sheet."""
        self.tabs.setCurrentWidget(self.workshop)
        self.workshop.print_sheet()

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """A job offer being written when pairdesk locked: its form again."""
        self.tabs.setCurrentWidget(self.catalogue_page)
        offer_id = payload.get("offer_id")
        self.catalogue._open_form(offer_id if type(offer_id) is int else None)
        restore = getattr(self.catalogue.dialog, "restore_draft", None)
        if callable(restore):
            restore(payload, done)

    def open_record(self, record_id: int) -> None:
        """Open a job offer."""
        self.tabs.setCurrentWidget(self.catalogue_page)
        self.catalogue.select(record_id)
