"""The participants list: search as you type, filters (status, scheme, RQTH, peer helper)
applied in SQL through ``ParticipantFilter``, a table sorted in SQL, a "New participant"
button. Enter or a double click on a row opens the file (``participant_activated``)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import ParticipantStatus, RqthStatus, Scheme
from pairdesk.i18n import _, ngettext
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantFilter
from pairdesk.ui.errors import show_error
from pairdesk.ui.fit_labels import minimum_width_in_characters
from pairdesk.ui.models.participants_model import ID_ROLE, Column, ParticipantsModel
from pairdesk.ui.text_size import relative_font
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.search_field import SearchField
from pairdesk.ui.widgets.tables import CutTextTips

SEARCH_DEBOUNCE_MS = 150
_HEADER_KEY = "participants/header"
_WIDTHS_BY_USER_KEY = "participants/widths_by_user"

#: Default column widths, in average characters; the growing ones share any spare width.
_COLUMN_CHARS: dict[Column, int] = {
    Column.LAST_NAME: 18,
    Column.FIRST_NAME: 14,
    Column.PSEUDONYM: 12,
    Column.CITY: 16,
    Column.STATUS: 9,
    Column.RQTH: 24,
    Column.MEMBER_SINCE: 11,
    Column.PEER_HELPER: 10,
}
_GROWING_COLUMNS = frozenset(
    {Column.LAST_NAME, Column.FIRST_NAME, Column.PSEUDONYM, Column.CITY, Column.RQTH}
)


class ParticipantsListView(QWidget):
    """Find a participant; ``participant_activated(id)`` asks for their file,
    ``new_requested`` for an empty one."""

    status_message = Signal(str)
    participant_activated = Signal(int)
    new_requested = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("participantsListView")
        self._ctx = ctx

        self.search_field = SearchField(self)
        self.search_field.setObjectName("participantSearch")
        # The search also finds the people a referent follows, by the referent's name:
        # « helene » listed 23 people, most without a Hélène in sight (a tester).
        self.search_field.setPlaceholderText(_("Search: name, pseudonym, city, referent…"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(_("Search participants"))
        self.search_field.setAccessibleDescription(
            _(
                "Type part of a name, pseudonym or city, or of the name of a referent who "
                "follows the person; accents and capitals do not matter."
            )
        )
        search_label = QLabel(_("&Search:"), self)
        search_label.setBuddy(self.search_field)

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("participantStatusFilter")
        self.status_combo.setAccessibleName(_("Filter by status"))
        self.status_combo.addItem(_("All statuses"), None)
        for status in ParticipantStatus:
            self.status_combo.addItem(status.label, status.value)
        status_label = QLabel(_("S&tatus:"), self)
        status_label.setBuddy(self.status_combo)

        self.scheme_combo = QComboBox(self)
        self.scheme_combo.setObjectName("participantSchemeFilter")
        self.scheme_combo.setAccessibleName(_("Filter by support scheme"))
        self.scheme_combo.addItem(_("All schemes"), None)
        for scheme in Scheme:
            self.scheme_combo.addItem(scheme.label, scheme.value)
        scheme_label = QLabel(_("Sc&heme:"), self)
        scheme_label.setBuddy(self.scheme_combo)

        self.rqth_combo = QComboBox(self)
        self.rqth_combo.setObjectName("participantRqthFilter")
        self.rqth_combo.setAccessibleName(_("Filter by RQTH status"))
        self.rqth_combo.addItem(_("Any RQTH status"), None)
        for rqth in RqthStatus:
            self.rqth_combo.addItem(rqth.label, rqth.value)
        rqth_label = QLabel(_("R&QTH:"), self)
        rqth_label.setBuddy(self.rqth_combo)

        self.peer_combo = QComboBox(self)
        self.peer_combo.setObjectName("participantPeerHelperFilter")
        self.peer_combo.setAccessibleName(_("Filter by peer helper"))
        self.peer_combo.addItem(_("Peer helpers or not"), None)
        self.peer_combo.addItem(_("Peer helpers only"), True)
        self.peer_combo.addItem(_("Not peer helpers"), False)
        peer_label = QLabel(_("&Peer helper:"), self)
        peer_label.setBuddy(self.peer_combo)

        self.new_button = QPushButton(_("&New participant"), self)
        self.new_button.setObjectName("newParticipant")
        self.new_button.setAccessibleName(_("New participant"))
        self.new_button.setToolTip(_("Open an empty file (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("participantCount")
        self.count_label.setAccessibleName(_("Number of participants found"))
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)

        self._auto_widths = True
        self._fitting = False
        self.model = ParticipantsModel(ctx, self)
        self.table = QTableView(self)
        self.table.setObjectName("participantsTable")
        self.table.setAccessibleName(_("Participants"))
        self.table.setModel(self.model)
        CutTextTips.install(self.table)  # "Obtenue jusqu'au 11…": the date on hover
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(False)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._set_default_widths()
        header.setSortIndicator(Column.LAST_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_changed)
        header.sectionResized.connect(self._section_resized)

        # The search field keeps room for a name at any text size; the count and the
        # button go to a second line when the first is full (200 %, a narrow window).
        search_box = QWidget(self)
        search_line = QHBoxLayout(search_box)
        search_line.setContentsMargins(0, 0, 0, 0)
        search_line.addWidget(search_label)
        search_line.addWidget(self.search_field, 1)
        minimum_width_in_characters(self.search_field, 18)
        search_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        search_row = FlowRow(self, spacing=12)
        search_row.addWidget(search_box)
        search_row.addWidget(self.count_label)
        search_row.addWidget(self.new_button)
        filters = QGridLayout()
        filters.setHorizontalSpacing(6)
        self._filters = filters
        self._filter_pairs = (
            (status_label, self.status_combo),
            (scheme_label, self.scheme_combo),
            (rqth_label, self.rqth_combo),
            (peer_label, self.peer_combo),
        )
        self._filters_per_row = 0
        self._arrange_filters(len(self._filter_pairs))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        title = QLabel(_("Participants"), self)
        title.setObjectName("pageTitle")
        relative_font(title, 1.4, bold=True)
        title.setAccessibleName(_("Participants"))
        layout.addWidget(title)
        layout.addWidget(search_row)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        QWidget.setTabOrder(self.search_field, self.new_button)
        QWidget.setTabOrder(self.new_button, self.status_combo)
        QWidget.setTabOrder(self.status_combo, self.scheme_combo)
        QWidget.setTabOrder(self.scheme_combo, self.rqth_combo)
        QWidget.setTabOrder(self.rqth_combo, self.peer_combo)
        QWidget.setTabOrder(self.peer_combo, self.table)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search_field.textChanged.connect(self._debounce.start)
        self.search_field.returnPressed.connect(self._go_to_results)
        self.search_field.to_results.connect(self._go_to_results)
        for combo in (self.status_combo, self.scheme_combo, self.rqth_combo, self.peer_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.table.activated.connect(self._activated)

        self._update_count()

    # -- layout ------------------------------------------------------------------------
    def _minimum_widths(self) -> dict[Column, int]:
        metrics = self.table.fontMetrics()
        widths: dict[Column, int] = {}
        for column, chars in _COLUMN_CHARS.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widths[column] = max(
                metrics.averageCharWidth() * chars, metrics.horizontalAdvance(title) + 30
            )
        return widths

    def _set_default_widths(self) -> None:
        for column, width in self._minimum_widths().items():
            self._set_width(column, width)

    def _set_width(self, column: int, width: int) -> None:
        self._fitting = True
        try:
            self.table.setColumnWidth(column, width)
        finally:
            self._fitting = False

    def fit_columns(self) -> None:
        """Share the table's width among the columns until the user resizes one."""
        if not self._auto_widths:
            return
        minimum = self._minimum_widths()
        available = self.table.viewport().width()
        total = sum(minimum.values())
        if available <= total:
            self._set_default_widths()
            return
        extra = available - total
        weights = {c: w for c, w in _COLUMN_CHARS.items() if c in _GROWING_COLUMNS}
        weight_sum = sum(weights.values())
        for column, width in minimum.items():
            grow = extra * weights.get(column, 0) // weight_sum
            self._set_width(column, width + grow)

    def _section_resized(self, _index: int, _old: int, _new: int) -> None:
        if not self._fitting:
            self._auto_widths = False

    def _arrange_filters(self, per_row: int) -> None:
        """Lay the filters on one row, or two when the text is large or the window narrow."""
        if per_row == self._filters_per_row:
            return
        self._filters_per_row = per_row
        for index, (label, combo) in enumerate(self._filter_pairs):
            row, column = divmod(index, per_row)
            self._filters.addWidget(label, row, column * 2)
            self._filters.addWidget(combo, row, column * 2 + 1)
        for column in range(9):
            self._filters.setColumnStretch(column, 0)
        self._filters.setColumnStretch(per_row * 2, 1)

    def _fit_filters(self) -> None:
        needed = sum(
            label.sizeHint().width() + combo.sizeHint().width() + 24
            for label, combo in self._filter_pairs
        )
        available = self.width() - 24
        self._arrange_filters(len(self._filter_pairs) if needed <= available else 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_filters()
        self.fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_columns()

    def save_state(self, settings: QSettings) -> None:
        """Column widths and sort (no names, no search text)."""
        settings.setValue(_HEADER_KEY, self.table.horizontalHeader().saveState())
        settings.setValue(_WIDTHS_BY_USER_KEY, not self._auto_widths)

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(_HEADER_KEY)
        if isinstance(state, QByteArray | bytes):
            self._fitting = True
            try:
                restored = self.table.horizontalHeader().restoreState(QByteArray(state))
            finally:
                self._fitting = False
            by_user = str(settings.value(_WIDTHS_BY_USER_KEY, "false")).lower() == "true"
            if restored and by_user:
                self._auto_widths = False
            else:
                self.fit_columns()
            header = self.table.horizontalHeader()
            if not self.model.is_sortable(header.sortIndicatorSection()):
                header.setSortIndicator(Column.LAST_NAME, Qt.SortOrder.AscendingOrder)

    # -- behaviour ---------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def current_filter(self) -> ParticipantFilter:
        status = self.status_combo.currentData()
        statuses = (ParticipantStatus(status),) if status else ()
        scheme = self.scheme_combo.currentData()
        rqth = self.rqth_combo.currentData()
        peer = self.peer_combo.currentData()
        return dataclasses.replace(
            self.model.filter,
            search=self.search_field.text(),
            statuses=statuses,
            scheme=Scheme(scheme) if scheme else None,
            rqth=RqthStatus(rqth) if rqth else None,
            peer_helper=peer if isinstance(peer, bool) else None,
        )

    def filters_active(self) -> bool:
        flt = self.model.filter
        return bool(
            flt.search.strip()
            or flt.statuses
            or flt.scheme is not None
            or flt.rqth is not None
            or flt.peer_helper is not None
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        try:
            self.model.set_filter(self.current_filter())
        except Exception as exc:
            show_error(self, exc)
        self._update_count()

    def refresh(self) -> None:
        try:
            self.model.refresh()
        except Exception as exc:
            show_error(self, exc)
        self._update_count()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if not self.model.is_sortable(column):
            # This column has no SQL order: put the indicator back where the rows are.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column, self.model.sort_order)
            header.blockSignals(False)
            self.status_message.emit(_("This column cannot be sorted."))

    def _update_count(self) -> None:
        count = self.model.rowCount()
        if count == 0 and self.filters_active():
            text = _("No participant matches this search.")
        else:
            text = ngettext("{count} participant", "{count} participants", count).format(
                count=count
            )
        self.count_label.setText(text)

    def _go_to_results(self) -> None:
        if self._debounce.isActive():
            self.apply_filter()
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _activated(self, index: QModelIndex) -> None:
        participant_id = self.model.data(index, ID_ROLE)
        if isinstance(participant_id, int):
            self.participant_activated.emit(participant_id)

    def select_participant(self, participant_id: int) -> None:
        """Select this participant's row if it is among the rows read so far."""
        row = self.model.row_of(participant_id)
        if row is not None:
            self.table.selectRow(row)
