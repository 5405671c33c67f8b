"""The CV workshops view: the workshops (plan, edit, cancel, register, mark attendance)
and, in a second tab, each participant's CV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pairdesk.domain.enums import WorkshopKind
from pairdesk.i18n import _, ngettext
from pairdesk.services import workshops
from pairdesk.services.context import ServiceContext
from pairdesk.services.workshops import WorkshopRow
from pairdesk.ui.drafts import FORM, Restored, RestoreDone, record_id
from pairdesk.ui.models.workshops_model import WorkshopColumn
from pairdesk.ui.ops import Op
from pairdesk.ui.views.attendance.workshop_list import WorkshopsAndSheet, WorkshopsPage
from pairdesk.ui.views.cv_workshops.cv_panel import CvPanel
from pairdesk.ui.views.workshop_form import WorkshopDialog, confirm
from pairdesk.ui.widgets.choices import choice_combo
from pairdesk.ui.widgets.dialog_parts import scroll_area
from pairdesk.ui.widgets.flow_layout import FlowRow
from pairdesk.ui.widgets.layouts import labelled_pair, tab_order, titled_tabs

_SPLITTER_KEY = "cv_workshops/splitter"
_CV_SPLITTER_KEY = "cv_workshops/cv_splitter"


class Period(StrEnum):
    UPCOMING = "upcoming"
    PAST = "past"
    ALL = "all"


class CvWorkshopsPage(WorkshopsPage):
    status_message = Signal(str)
    workshops_loaded = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cvWorkshopsPage")
        self._ctx = ctx
        self._wanted: int | None = None
        self.workshop_dialog: WorkshopDialog | None = None

        self.tabs = titled_tabs(self, _("CV workshops"), _("CV workshops sections"))

        # -- workshops tab ---------------------------------------------------------------
        workshops_tab = QWidget(self.tabs)
        periods = [
            (_("Upcoming"), Period.UPCOMING.value),
            (_("Past"), Period.PAST.value),
            (_("All"), Period.ALL.value),
        ]
        self.period_combo = choice_combo(
            workshops_tab, periods, accessible_name=_("Which workshops to show")
        )
        self.count_label = QLabel(workshops_tab)

        bar = QHBoxLayout()
        bar.addWidget(labelled_pair(workshops_tab, _("Sho&w:"), self.period_combo))
        bar.addSpacing(12)
        bar.addWidget(self.count_label, 1)
        actions = FlowRow(self)  # wraps at 200 % instead of cutting "Imprimer la feuille…"
        self.plan_button = actions.add_button(
            _("Pla&n a workshop…"), _("Plan a CV workshop"), _("Ctrl+N"), clicked=self.plan_workshop
        )
        self.edit_button = actions.add_button(
            _("E&dit…"), _("Edit the selected workshop"), clicked=self.edit_workshop
        )
        self.cancel_button = actions.add_button(
            _("Cance&l the workshop…"),
            _("Cancel the selected workshop"),
            clicked=self.cancel_workshop,
        )
        self.restore_button = actions.add_button(
            _("Res&tore"),
            _("Restore the selected cancelled workshop"),
            clicked=self.restore_workshop,
        )
        self.print_button = actions.add_button(
            _("Pr&int the sheet…"),
            _("Print the selected workshop's attendance sheet"),
            _("Attendance sheet, blank or filled (Ctrl+P)"),
            clicked=self.print_current,
        )

        self.splitter = WorkshopsAndSheet(
            ctx, workshops_tab, _("Wor&kshops:"), _("CV workshops"), rows=4, show_register=True
        )
        self.workshops_table.hideColumn(WorkshopColumn.KIND)
        workshops_layout = QVBoxLayout(workshops_tab)
        workshops_layout.addLayout(bar)
        workshops_layout.addWidget(actions)
        workshops_layout.addWidget(self.splitter, 1)
        self.tabs.addTab(scroll_area(self.tabs, workshops_tab), _("Workshops and &attendance"))

        # -- CVs tab -----------------------------------------------------------------------
        self.cv_panel = CvPanel(ctx, self.tabs)
        self.tabs.addTab(self.cv_panel, _("&CVs"))

        tab_order(
            [
                self.tabs,
                self.period_combo,
                self.plan_button,
                self.edit_button,
                self.cancel_button,
                self.restore_button,
                self.workshops_table,
                self.sheet.check_in_field,
            ]
        )

        self.new_shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        self.new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_shortcut.activated.connect(self.plan_workshop)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.load_workshops())
        self.workshops_table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._update_buttons()
        )
        self.workshops_table.activated.connect(lambda _i: self.edit_workshop())
        self.sheet.changed.connect(self.load_workshops)
        self.sheet.status_message.connect(self.status_message)
        self.cv_panel.status_message.connect(self.status_message)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._update_buttons()

    # -- page protocol -----------------------------------------------------------------
    def can_leave(self, then: Callable[[], None] | None = None) -> bool:
        """Called by the main window before another page, a lock or quitting; ``then``
        runs once a CV saved by "Save" is saved."""
        return self.cv_panel.confirm_leave(then)

    def main_list(self) -> QWidget | None:
        """What Ctrl+3 puts the focus in: the list of the tab shown."""
        if self.tabs.currentIndex() == 1:
            return self.cv_panel.people_table
        return self.workshops_table

    def refresh(self) -> None:
        self.load_workshops()
        if self.tabs.currentIndex() == 1:
            self.cv_panel.refresh()

    def open_record(self, record_id: int) -> None:
        """Show one workshop."""
        self.tabs.setCurrentIndex(0)
        self._wanted = record_id
        if self.period_combo.currentData() != Period.ALL.value:
            self.period_combo.setCurrentIndex(self.period_combo.findData(Period.ALL.value))
        else:
            self.load_workshops()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(_SPLITTER_KEY, self.splitter.saveState())
        settings.setValue(_CV_SPLITTER_KEY, self.cv_panel.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in (
            (_SPLITTER_KEY, self.splitter),
            (_CV_SPLITTER_KEY, self.cv_panel.splitter),
        ):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.cv_panel.refresh()

    # -- list --------------------------------------------------------------------------
    def period(self) -> Period:
        return Period(self.period_combo.currentData())

    def load_workshops(self) -> None:
        period, ctx = self.period(), self._ctx
        today = ctx.today()
        start = today if period is Period.UPCOMING else None
        end = today - dt.timedelta(days=1) if period is Period.PAST else None
        (
            Op(
                self,
                lambda: workshops.list_workshops(ctx, start=start, end=end, kind=WorkshopKind.CV),
            )
            .success(lambda rows: self._show_workshops(rows, period))
            .run()
        )

    def _show_workshops(self, rows: list[WorkshopRow], period: Period) -> None:
        if period is not self.period():
            return
        if period is Period.PAST:
            rows = list(reversed(rows))  # the most recent first
        cancelled = sum(1 for r in rows if r.cancelled)
        text = ngettext("{n} workshop", "{n} workshops", len(rows)).format(n=len(rows))
        if cancelled:
            text = _("{workshops}, {cancelled}").format(
                workshops=text,
                cancelled=ngettext("{n} cancelled", "{n} cancelled", cancelled).format(n=cancelled),
            )
        self.count_label.setText(text)
        wanted, self._wanted = self._wanted, None
        self.splitter.show_rows(rows, wanted)
        self._update_buttons()
        self.workshops_loaded.emit()

    def selected_workshop(self) -> WorkshopRow | None:
        return self.splitter.selected_workshop()

    def _update_buttons(self) -> None:
        item = self.selected_workshop()
        self.edit_button.setEnabled(item is not None)
        self.cancel_button.setEnabled(item is not None and not item.cancelled)
        self.restore_button.setEnabled(item is not None and item.cancelled)
        self.print_button.setEnabled(item is not None)

    # -- actions -----------------------------------------------------------------------
    def plan_workshop(self) -> None:
        self.tabs.setCurrentIndex(0)
        self._open_dialog(None)

    def edit_workshop(self) -> None:
        item = self.selected_workshop()
        if item is not None:
            self._open_dialog(item.id)

    def _open_dialog(self, workshop_id: int | None) -> None:
        if self.workshop_dialog is not None and self.workshop_dialog.isVisible():
            self.workshop_dialog.raise_()
            return
        dialog = WorkshopDialog(self._ctx, self, kind=WorkshopKind.CV, workshop_id=workshop_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._dialog_saved)
        dialog.destroyed.connect(lambda _o=None: setattr(self, "workshop_dialog", None))
        self.workshop_dialog = dialog
        dialog.open()

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """A workshop being planned or edited when pairdesk locked: its form again; a CV
        being written: the CV tab, that person's CV and the draft over it."""
        if payload.get(FORM) == "cv":
            self.tabs.setCurrentWidget(self.cv_panel)
            self.cv_panel.restore_draft(payload, done)
            return
        if self.workshop_dialog is not None and self.workshop_dialog.isVisible():
            done(Restored.LATER)
            return
        self._open_dialog(record_id(payload, "workshop_id"))
        if self.workshop_dialog is not None:
            self.workshop_dialog.restore_draft(payload, done)

    def _dialog_saved(self, workshop_id: int) -> None:
        self.status_message.emit(_("The workshop was saved."))
        self._wanted = workshop_id
        self.load_workshops()
        # The same workshop stays selected, so the sheet is not loaded again on its own:
        # its title stayed the old one after « Modifier… » (a tester's finding).
        if self.sheet.workshop_id == workshop_id:
            self.sheet.reload()
        # A workshop planned outside the period shown: show them all so it is visible.
        self._check_shown(workshop_id)

    def _check_shown(self, workshop_id: int) -> None:
        def after() -> None:
            self.workshops_loaded.disconnect(after)
            if self.workshops_model.row_of(workshop_id) is None and self.period() != Period.ALL:
                self.open_record(workshop_id)

        self.workshops_loaded.connect(after)

    def cancel_workshop(self) -> None:
        item, ctx = self.selected_workshop(), self._ctx
        if item is None or item.cancelled:
            return
        if not confirm(
            self,
            _("Cancel the workshop"),
            _(
                "Cancel “{title}”? It will no longer count as held; the list of registered "
                "people is kept and the workshop can be restored."
            ).format(title=item.title),
            _("&Cancel the workshop"),
            _("&Keep it planned"),
        ):
            return

        def done(_r: object) -> None:
            self.status_message.emit(_("The workshop was cancelled."))
            self.load_workshops()
            self.sheet.reload()

        Op(self, lambda: workshops.cancel_workshop(ctx, item.id)).success(done).run()

    def restore_workshop(self) -> None:
        item, ctx = self.selected_workshop(), self._ctx
        if item is None or not item.cancelled:
            return

        def done(_r: object) -> None:
            self.status_message.emit(_("The workshop was restored."))
            self.load_workshops()
            self.sheet.reload()

        Op(self, lambda: workshops.restore_workshop(ctx, item.id)).success(done).run()

    def print_current(self) -> None:
        """File > Print (Ctrl+P): on the CVs tab, the CV shown; else the selected
        workshop's attendance sheet."""
        from pairdesk.ui import printing

        if self.tabs.currentWidget() is self.cv_panel:
            self.cv_panel.print_current()
            return
        item = self.selected_workshop()
        if item is None:
            self.status_message.emit(_("Choose a workshop in the list first."))
            return
        self.print_dialog = printing.print_attendance_sheet(self, self._ctx, item.id)
