"""The register's day view: tick in who came, count visitors without a name, mark a
closure day, see the totals of the month and the year, print the day's sheet.

Keyboard-fast like the workshop check-in: type part of a name and Enter ticks in the
first person found; Down goes to what was found; Delete in the list of people present
takes a tick back."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pairdesk import formatting
from pairdesk.domain.enums import AuditAction
from pairdesk.i18n import _, ngettext
from pairdesk.services import register, register_totals
from pairdesk.services.context import ServiceContext
from pairdesk.services.register import DaySheet, RegisterCandidate
from pairdesk.services.register_totals import DayOverview
from pairdesk.ui.models.register_model import CandidatesModel, PresentModel, TotalsModel
from pairdesk.ui.ops import Op
from pairdesk.ui.text_size import relative_font
from pairdesk.ui.views.register.dialogs import ClosureDialog, NewRegisterPersonDialog
from pairdesk.ui.widgets.date_field import DateField
from pairdesk.ui.widgets.dialog_parts import choose_among_found, focus_list, scroll_area
from pairdesk.ui.widgets.flow_layout import FlowRow, field_pair
from pairdesk.ui.widgets.layouts import page_title
from pairdesk.ui.widgets.search_field import SearchField
from pairdesk.ui.widgets.tables import make_table

SEARCH_DEBOUNCE_MS = 150
#: Side by side when the page is at least this many average characters wide.
SIDE_BY_SIDE_CHARACTERS = 110


def tick_in_first(
    ctx: ServiceContext, day: dt.date, text: str
) -> tuple[RegisterCandidate, DaySheet] | list[RegisterCandidate] | None:
    """Enter in the search: tick in the person found not yet ticked in when there is one;
    when several are, nobody is ticked in and they are handed back, for the person at the
    door to choose (typing "Chevalier" for Agathe ticked in Kwame Chevalier unseen); None
    when nobody matches."""
    if not text.strip():
        return None
    found = [c for c in register.find_people(ctx, day, text) if not c.present]
    if not found:
        return None
    if len(found) > 1:
        return found
    return found[0], register.set_present(ctx, day, found[0].key, True)


class RegisterPage(QWidget):
    status_message = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerPage")
        self.setAccessibleName(_("Attendance register"))
        self._ctx = ctx
        self._day = ctx.today()
        self._first_load = True
        self.overview: DayOverview | None = None
        self.dialog: Any = None

        title = page_title(self, _("Attendance register"))

        # -- the day -----------------------------------------------------------------------
        self.previous_button = QPushButton(_("◀ P&revious day"), self)
        self.previous_button.setAccessibleName(_("Previous day"))
        self.today_button = QPushButton(_("To&day"), self)
        self.today_button.setAccessibleName(_("Show today"))
        self.next_button = QPushButton(_("Ne&xt day ▶"), self)
        self.next_button.setAccessibleName(_("Next day"))
        self.day_field = DateField(self, accessible_name=_("Day shown"), today=ctx.today)
        self.day_field.set_date(self._day)
        day_label = QLabel(_("D&ay:"), self)
        day_label.setBuddy(self.day_field)
        self.print_button = QPushButton(_("&Print the day's sheet…"), self)
        self.print_button.setAccessibleName(_("Print the day's sheet"))
        nav = FlowRow(self)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.today_button)
        nav.addWidget(self.next_button)
        nav.addWidget(field_pair(self, day_label, self.day_field))
        nav.addWidget(self.print_button)

        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        relative_font(self.state_label, 1.1, bold=True)
        self.close_button = QPushButton(_("Mark as a &closure day…"), self)
        self.close_button.setAccessibleName(_("Mark the day shown as a closure day"))
        self.reopen_button = QPushButton(_("Re&open this day"), self)
        self.reopen_button.setAccessibleName(_("The day shown is no longer a closure day"))
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_label, 1)
        state_row.addWidget(self.close_button)
        state_row.addWidget(self.reopen_button)

        # -- who is present ----------------------------------------------------------------
        self.present_model = PresentModel(self)
        self.present_table = make_table(self, self.present_model, _("People present"), rows=6)
        self.present_label = QLabel(self)
        self.present_label.setBuddy(self.present_table)
        self.untick_button = QPushButton(_("&Untick (Delete)"), self)
        self.untick_button.setAccessibleName(_("Take back the tick of the selected person"))
        self.visitors_label = QLabel(self)
        self.visitor_button = QPushButton(_("+1 &visitor without a name"), self)
        self.visitor_button.setAccessibleName(_("Count one visitor without a name"))
        self.fewer_button = QPushButton(_("One &fewer"), self)
        self.fewer_button.setAccessibleName(_("Take back one visitor without a name"))
        left = QVBoxLayout()
        left.addWidget(self.present_label)
        left.addWidget(self.present_table, 1)
        buttons = FlowRow(self)
        buttons.addWidget(self.untick_button)
        buttons.addWidget(self.visitors_label)
        buttons.addWidget(self.visitor_button)
        buttons.addWidget(self.fewer_button)
        left.addWidget(buttons)

        # -- the door ----------------------------------------------------------------------
        self.door_box = QGroupBox(_("Tick in at the door"), self)
        self.search_field = SearchField(self.door_box)
        self.search_field.setObjectName("registerTickIn")
        self.search_field.setPlaceholderText(_("Type part of a name, then Enter"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(_("Tick in: type a name"))
        self.search_field.setAccessibleDescription(
            _(
                "Enter ticks in the person found: members and visitors of the register, then "
                "participants; when several match, the list of people found takes the focus "
                "to choose one. Down goes to the people found. Accents and capitals do not "
                "matter."
            )
        )
        search_label = QLabel(_("&Name:"), self.door_box)
        search_label.setBuddy(self.search_field)
        self.candidates_model = CandidatesModel(self)
        self.candidates_table = make_table(
            self.door_box, self.candidates_model, _("People found for the tick-in"), rows=4
        )
        self.new_person_button = QPushButton(_("Someone ne&w…"), self.door_box)
        self.new_person_button.setAccessibleName(
            _("Add someone new to the register and tick them in")
        )
        door = QVBoxLayout(self.door_box)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search_field, 1)
        door.addLayout(row)
        door.addWidget(self.candidates_table, 1)
        door.addWidget(self.new_person_button, 0, Qt.AlignmentFlag.AlignLeft)

        self._columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._columns.addLayout(left, 3)
        self._columns.addWidget(self.door_box, 2)

        # -- totals ------------------------------------------------------------------------
        self.day_totals_label = QLabel(self)
        self.day_totals_label.setWordWrap(True)
        self.totals_model = TotalsModel(self)
        self.totals_table = make_table(
            self, self.totals_model, _("Totals of the month and of the year"), rows=2
        )
        # as high as its two rows: the room left goes to the day's lists
        self.totals_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        totals_label = QLabel(_("&Totals:"), self)
        totals_label.setBuddy(self.totals_table)

        # At 200 % text the page scrolls rather than squeezing its lists.
        body = QWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_area(self, body))
        layout = QVBoxLayout(body)
        layout.addWidget(title)
        layout.addWidget(nav)
        layout.addLayout(state_row)
        layout.addLayout(self._columns, 1)
        layout.addWidget(totals_label)
        layout.addWidget(self.day_totals_label)
        layout.addWidget(self.totals_table)

        order = [
            self.search_field,
            self.candidates_table,
            self.new_person_button,
            self.present_table,
            self.untick_button,
            self.visitor_button,
            self.fewer_button,
            self.previous_button,
            self.today_button,
            self.next_button,
            self.day_field,
            self.print_button,
            self.close_button,
            self.reopen_button,
            self.totals_table,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        # -- behaviour ---------------------------------------------------------------------
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.find_people)
        self.search_field.textChanged.connect(self._search_timer.start)
        self.search_field.returnPressed.connect(self.tick_in_first)
        self.search_field.to_results.connect(lambda: focus_list(self.candidates_table))
        self.candidates_table.activated.connect(self._candidate_activated)
        untick = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.present_table)
        untick.setContext(Qt.ShortcutContext.WidgetShortcut)
        untick.activated.connect(self.untick_selected)
        self.untick_button.clicked.connect(self.untick_selected)
        self.visitor_button.clicked.connect(lambda: self.count_visitor(1))
        self.fewer_button.clicked.connect(lambda: self.count_visitor(-1))
        self.new_person_button.clicked.connect(self.add_new_person)
        self.previous_button.clicked.connect(lambda: self.show_day(self._day - dt.timedelta(1)))
        self.next_button.clicked.connect(lambda: self.show_day(self._day + dt.timedelta(1)))
        self.today_button.clicked.connect(lambda: self.show_day(self._ctx.today()))
        self.day_field.editor.editingFinished.connect(self._day_typed)
        self.day_field.changed.connect(self._day_picked)
        self.print_button.clicked.connect(self.print_current)
        self.close_button.clicked.connect(self.mark_closed)
        self.reopen_button.clicked.connect(self.reopen)
        self._update_controls()

    # -- page protocol -------------------------------------------------------------------
    def main_list(self) -> QWidget:
        """Ctrl+0 puts the focus where a name is typed."""
        return self.search_field

    def refresh(self) -> None:
        if self._first_load:
            self._first_load = False
            self._day = self._ctx.today()
            self.day_field.set_date(self._day)
        self.load()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.width() >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE_CHARACTERS
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._columns.direction() != direction:
            self._columns.setDirection(direction)

    # -- the day -------------------------------------------------------------------------
    @property
    def day(self) -> dt.date:
        return self._day

    def show_day(self, day: dt.date) -> None:
        self._day = day
        if self.day_field.typed_date() != day:
            self.day_field.set_date(day)
        self.search_field.clear()
        self.candidates_model.set_rows([])
        self.load()

    def _day_typed(self) -> None:
        value = self.day_field.typed_date()
        if value is not None and value != self._day:
            self.show_day(value)

    def _day_picked(self) -> None:
        if not self.day_field.editor.hasFocus():
            self._day_typed()

    def load(self) -> None:
        ctx, day = self._ctx, self._day
        Op(self, lambda: register_totals.day_overview(ctx, day), key="load").success(
            self._show
        ).run()

    def _show(self, overview: DayOverview) -> None:
        if overview.sheet.day != self._day:
            return
        self.overview = overview
        self._show_sheet(overview.sheet)
        month = formatting.month_name(self._day.year, self._day.month)
        self.totals_model.set_rows([(month, overview.month), (str(self._day.year), overview.year)])
        table = self.totals_table  # exactly its rows high, at any text size
        table.setMaximumHeight(
            table.horizontalHeader().sizeHint().height()
            + table.verticalHeader().length()
            + 2 * table.frameWidth()
            + table.horizontalScrollBar().sizeHint().height()  # when the columns are wider
            + 2
        )
        self._update_controls()
        self.loaded.emit()

    def _show_sheet(self, sheet: DaySheet) -> None:
        selected = self._selected_present()
        self.present_model.set_rows(list(sheet.present))
        if selected is not None and (row := self.present_model.row_of(selected)) is not None:
            self.present_table.selectRow(row)
        named = len(sheet.present)
        self.present_label.setText(
            ngettext("Pre&sent: {count} person", "Pre&sent: {count} people", named).format(
                count=named
            )
        )
        self.visitors_label.setText(
            ngettext(
                "{count} visitor without a name",
                "{count} visitors without a name",
                sheet.anonymous_visitors,
            ).format(count=sheet.anonymous_visitors)
        )
        members = sum(1 for p in sheet.present if p.member)
        self.day_totals_label.setText(
            _(
                "This day: {total} person-days. Members: {members}, non-members: {others}, "
                "visitors without a name: {anonymous}."
            ).format(
                total=sheet.person_days,
                members=members,
                others=named - members,
                anonymous=sheet.anonymous_visitors,
            )
        )
        day_text = formatting.long_date(sheet.day)
        if sheet.closure_reason is not None:
            reason = sheet.closure_reason or _("no reason given")
            state = _("{day}: closed ({reason})").format(day=day_text, reason=reason)
        elif sheet.opening_weekday:
            state = _("{day}: opening day").format(day=day_text)
        else:
            state = _("{day}: not a usual opening day (a day with people counts)").format(
                day=day_text
            )
        self.state_label.setText(state)
        if self.overview is not None and self.overview.sheet.day == sheet.day:
            self.overview = DayOverview(
                sheet, self.overview.month, self.overview.year, self.overview.may_close
            )
        self._update_controls()

    def _update_controls(self) -> None:
        sheet = self.overview.sheet if self.overview is not None else None
        future = self._day > self._ctx.today()
        closed = sheet is not None and sheet.closure_reason is not None
        may_close = self.overview is not None and self.overview.may_close
        self.close_button.setVisible(may_close and not closed)
        self.reopen_button.setVisible(may_close and closed)
        for widget in (self.search_field, self.new_person_button, self.visitor_button):
            widget.setEnabled(not future)
        self.fewer_button.setEnabled(
            not future and sheet is not None and sheet.anonymous_visitors > 0
        )
        self.untick_button.setEnabled(not future and self.present_model.rowCount() > 0)
        self.search_field.setToolTip(_("A day after today cannot be ticked.") if future else "")

    # -- ticking in ----------------------------------------------------------------------
    def find_people(self) -> None:
        self._search_timer.stop()
        ctx, day, text = self._ctx, self._day, self.search_field.text()
        if not text.strip():
            self.candidates_model.set_rows([])
            return

        def done(rows: list[RegisterCandidate]) -> None:
            if self.search_field.text() == text and self._day == day:
                self.candidates_model.set_rows(rows)
                if not rows:
                    self.status_message.emit(_("Nobody matches this name."))

        Op(self, lambda: register.find_people(ctx, day, text)).success(done).run()

    def tick_in_first(self) -> None:
        self._search_timer.stop()
        ctx, day, text = self._ctx, self._day, self.search_field.text()
        if not text.strip():
            return
        (
            Op(self, lambda: tick_in_first(ctx, day, text), key="tick")
            .success(lambda result: self._ticked(result, text))
            .run()
        )

    def _candidate_activated(self, index: QModelIndex) -> None:
        candidate = self.candidates_model.row_at(index.row())
        if candidate is None:
            return
        ctx, day, text = self._ctx, self._day, self.search_field.text()
        (
            Op(
                self,
                lambda: (candidate, register.set_present(ctx, day, candidate.key, True)),
                key="tick",
            )
            .success(lambda result: self._ticked(result, text))
            .run()
        )

    def _ticked(
        self, result: tuple[RegisterCandidate, DaySheet] | list[RegisterCandidate] | None, text: str
    ) -> None:
        if isinstance(result, list):
            self.status_message.emit(
                choose_among_found(self.candidates_table, self.candidates_model, result, text)
            )
            return
        if result is None:
            self.status_message.emit(
                _(
                    "Nobody to tick in matches “{text}”: check the spelling, or add someone new."
                ).format(text=text.strip())
            )
            self.new_person_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        candidate, sheet = result
        self.status_message.emit(_("{name} is ticked in.").format(name=candidate.name))
        self.search_field.clear()
        self.candidates_model.set_rows([])
        self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_sheet(sheet)
        self.load()  # the totals

    def _selected_present(self) -> tuple[str, int] | None:
        index = self.present_table.currentIndex()
        item = self.present_model.row_at(index.row()) if index.isValid() else None
        return None if item is None else item.key

    def untick_selected(self) -> None:
        key = self._selected_present()
        if key is None:
            self.status_message.emit(_("Choose someone in the list of people present."))
            return
        item = self.present_model.row_at(self.present_table.currentIndex().row())
        name = item.name if item is not None else ""
        ctx, day = self._ctx, self._day

        def done(sheet: DaySheet) -> None:
            self.status_message.emit(_("{name} is no longer ticked in.").format(name=name))
            self._show_sheet(sheet)
            self.load()

        Op(self, lambda: register.set_present(ctx, day, key, False), key="tick").success(done).run()

    def count_visitor(self, change: int) -> None:
        sheet = self.overview.sheet if self.overview is not None else None
        if sheet is None:
            return
        count = max(0, sheet.anonymous_visitors + change)
        ctx, day = self._ctx, self._day

        def done(updated: DaySheet) -> None:
            self.status_message.emit(
                ngettext(
                    "{count} visitor without a name on this day.",
                    "{count} visitors without a name on this day.",
                    updated.anonymous_visitors,
                ).format(count=updated.anonymous_visitors)
            )
            self._show_sheet(updated)
            self.load()

        Op(self, lambda: register.set_anonymous_visitors(ctx, day, count), key="visitors").success(
            done
        ).run()

    def add_new_person(self) -> None:
        def done(result: Any) -> None:
            if isinstance(result, tuple):
                person, sheet = result
                self.status_message.emit(
                    _("{name} was added to the register and ticked in.").format(
                        name=person.display_name
                    )
                )
                self.search_field.clear()
                self._show_sheet(sheet)
                self.load()

        self.dialog = NewRegisterPersonDialog(
            self._ctx, self._day, self.search_field.text(), self, on_done=done
        )
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()

    # -- closure days --------------------------------------------------------------------
    def mark_closed(self) -> None:
        def done(_result: Any) -> None:
            self.status_message.emit(_("The day is marked as closed."))
            self.load()

        self.dialog = ClosureDialog(self._ctx, self._day, self, on_done=done)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()

    def reopen(self) -> None:
        ctx, day = self._ctx, self._day

        def done(_result: None) -> None:
            self.status_message.emit(_("The day is no longer a closure day."))
            self.load()

        Op(self, lambda: register.remove_closure(ctx, day), key="closure").success(done).run()

    # -- printing ------------------------------------------------------------------------
    def print_current(self) -> None:
        """File > Print (Ctrl+P) and the page's button: the day's sheet."""
        from pairdesk.reports.register_sheet import register_sheet_pdf
        from pairdesk.ui.print_dialog import PrintJob, open_preview

        ctx, day = self._ctx, self._day

        def fetch(action: AuditAction) -> Any:
            return register.register_sheet_data(ctx, day, action=action)

        job = PrintJob(
            title=_("Attendance register of {day}").format(day=formatting.short_date(day)),
            filename=f"register-{day.isoformat()}.pdf",
            fetch=fetch,
            render=lambda data, _progress: register_sheet_pdf(data),
        )
        self.dialog = open_preview(ctx, job, self)
