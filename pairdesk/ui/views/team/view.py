"""The "Team and settings" page: four tabs, each loading its data when it is shown."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget

from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.ui.drafts import RestoreDone
from pairdesk.ui.views.team.association_tab import AssociationTab
from pairdesk.ui.views.team.members_tab import MembersTab
from pairdesk.ui.views.team.referents_tab import ReferentsTab
from pairdesk.ui.views.team.supervision_tab import SupervisionTab
from pairdesk.ui.widgets.layouts import titled_tabs

_TAB_KEY = "team_settings/tab"


class TeamSettingsPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamSettingsPage")
        self.setAccessibleName(_("Team and settings"))
        self.ctx = ctx
        self.members_tab = MembersTab(ctx, self)
        self.referents_tab = ReferentsTab(ctx, self)
        self.association_tab = AssociationTab(ctx, self)
        self.supervision_tab = SupervisionTab(ctx, self)
        self.tabs = titled_tabs(self, _("Team and settings"), _("Team and settings sections"))
        self.tabs.setObjectName("teamSettingsTabs")
        self.tabs.addTab(self.members_tab, _("&Team"))
        self.tabs.addTab(self.referents_tab, _("&Referents"))
        self.tabs.addTab(self.association_tab, _("Ass&ociation"))
        self.tabs.addTab(self.supervision_tab, _("S&upervision"))
        for tab in (
            self.members_tab,
            self.referents_tab,
            self.association_tab,
            self.supervision_tab,
        ):
            tab.status_message.connect(self.status_message)
        self._current = 0
        self.tabs.currentChanged.connect(self._tab_changed)

    def main_list(self) -> QWidget | None:
        """What Ctrl+8 puts the focus in: the list of the tab shown (the association's
        form has none: its first field)."""
        tab = self.tabs.currentWidget()
        if tab is self.association_tab:
            return self.association_tab.name_field
        table = getattr(tab, "table", None)
        return table if isinstance(table, QWidget) else None

    def refresh(self) -> None:
        """Reload the tab showing (the others load when they are shown)."""
        tab = self.tabs.currentWidget()
        refresh = getattr(tab, "refresh", None)
        if callable(refresh):
            refresh()

    def _tab_changed(self, index: int) -> None:
        previous = self.tabs.widget(self._current)
        leaving_form = previous is self.association_tab and index != self._current
        if leaving_form and not self.association_tab.can_leave():
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(self._current)
            self.tabs.blockSignals(False)
            return
        self._current = index
        self.refresh()

    def restore_draft(self, payload: dict[str, object], done: RestoreDone) -> None:
        """The association profile's draft (the only form of this page kept at a lock)."""
        self.tabs.blockSignals(True)
        self.tabs.setCurrentWidget(self.association_tab)
        self._current = self.tabs.currentIndex()
        self.tabs.blockSignals(False)
        self.association_tab.restore_draft(payload, done)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(_TAB_KEY, self.tabs.currentIndex())

    def restore_state(self, settings: QSettings) -> None:
        value = settings.value(_TAB_KEY)
        try:
            index = int(value) if value is not None else 0
        except (TypeError, ValueError):
            index = 0
        if 0 <= index < self.tabs.count():
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
            self._current = index
