"""The main window: navigation on the left, one page per subject, menus, lock.

Window geometry and the list's column widths are kept with ``QSettings`` in an INI file
under ``paths.config_dir()``; never a passphrase, a name or a search text.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pairdesk import paths
from pairdesk.i18n import N_, _
from pairdesk.services.context import ServiceContext
from pairdesk.ui import tasks

SETTINGS_FILENAME = "window.ini"
MESSAGE_MS = 6000


@dataclass(frozen=True)
class Page:
    """A view of the navigation. ``module`` exposes ``create_page(ctx, window) -> QWidget``;
    the page may also define ``refresh()`` (called each time it is shown) and
    ``open_record(record_id)`` (used by ``MainWindow.open_record``)."""

    key: str
    label: str  # N_() marked, translated when shown
    module: str

    @property
    def built(self) -> bool:
        try:
            return hasattr(importlib.import_module(self.module), "create_page")
        except ModuleNotFoundError:
            return False


PAGES: tuple[Page, ...] = (
    Page("today", N_("Today"), "pairdesk.ui.views.home"),
    Page("participants", N_("Participants"), "pairdesk.ui.views.participants"),
    Page("cv_workshops", N_("CV workshops"), "pairdesk.ui.views.cv_workshops"),
    Page("interview_coaching", N_("Interview coaching"), "pairdesk.ui.views.coaching"),
    Page("job_offers", N_("Job offers"), "pairdesk.ui.views.offers"),
    Page("attendance", N_("Attendance"), "pairdesk.ui.views.attendance"),
    Page("indicators", N_("Indicators"), "pairdesk.ui.views.indicators"),
    Page("team_settings", N_("Team and settings"), "pairdesk.ui.views.team"),
)


def window_settings() -> QSettings:
    """The INI file holding window geometry (created on first save)."""
    folder = paths.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / SETTINGS_FILENAME), QSettings.Format.IniFormat)


class PlaceholderPage(QWidget):
    """A view not built yet: says so plainly."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        heading = QLabel(title, self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        body = QLabel(
            _(
                "This view arrives in a later version of pairdesk. "
                "Until then, use the views that are ready in the list on the left."
            ),
            self,
        )
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = body
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
        self.setAccessibleName(title)


def _can_leave(page: QWidget) -> bool:
    """Ask a page whether it may be left (it may prompt about unsaved changes)."""
    can_leave = getattr(page, "can_leave", None)
    return bool(can_leave()) if callable(can_leave) else True


class MainWindow(QMainWindow):
    """Everything after the unlock. ``lock_requested`` asks the app to lock the vault."""

    lock_requested = Signal()
    closed = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._locking = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(_("pairdesk — {vault}").format(vault=ctx.vault.path.name))
        self.setMinimumSize(QSize(900, 560))

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Views"))
        self.navigation.setUniformItemSizes(True)
        self.navigation.setStyleSheet("QListWidget#navigation::item { padding: 6px 10px; }")
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")

        self._pages: dict[str, QWidget] = {}
        for page in PAGES:
            label = _(page.label)
            widget = self._create_page(page)
            self._pages[page.key] = widget
            self.stack.addWidget(widget)
            item = QListWidgetItem(label, self.navigation)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setToolTip(widget.accessibleDescription() or label)
        self.participants_view: Any = self._pages["participants"]
        self.navigation.currentRowChanged.connect(self._on_page_changed)
        metrics = self.navigation.fontMetrics()
        widest = max(metrics.horizontalAdvance(_(p.label)) for p in PAGES)
        self.navigation.setFixedWidth(max(170, widest + 40))

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        search = getattr(self.participants_view, "search_field", None)
        if search is not None:
            QWidget.setTabOrder(self.navigation, search)

        self.navigation.setCurrentRow(self.page_index("participants"))
        self._restore_settings()

    # -- construction ------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.lock_action = QAction(_("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip(_("Close the vault and ask for the passphrase again"))
        self.lock_action.triggered.connect(self.lock)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        participants_menu = self.menuBar().addMenu(_("&Participants"))
        self.search_action = QAction(_("&Search"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.search_action.triggered.connect(self.focus_participant_search)
        participants_menu.addAction(self.search_action)

        go_menu = self.menuBar().addMenu(_("&Go"))
        for number, page in enumerate(PAGES, start=1):
            action = QAction(_(page.label), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=page.key: self.show_page(key))
            go_menu.addAction(action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.vault_label = QLabel(_("Vault: {name}").format(name=self.ctx.vault.path.name), self)
        self.vault_label.setToolTip(str(self.ctx.vault.path))
        self.vault_label.setAccessibleName(self.vault_label.text())
        self.operator_label = QLabel(
            _("Operator: {name}").format(name=self.ctx.operator.name), self
        )
        self.operator_label.setAccessibleName(self.operator_label.text())
        for label in (self.vault_label, self.operator_label):
            label.setContentsMargins(8, 0, 8, 0)
        bar.addPermanentWidget(self.vault_label)
        bar.addPermanentWidget(self.operator_label)

    def _create_page(self, page: Page) -> QWidget:
        label = _(page.label)
        try:
            module = importlib.import_module(page.module)
        except ModuleNotFoundError:
            return PlaceholderPage(label)
        create = getattr(module, "create_page", None)
        if create is None:
            return PlaceholderPage(label)
        widget: QWidget = create(self.ctx, self)
        if not widget.accessibleName():
            widget.setAccessibleName(label)
        status = getattr(widget, "status_message", None)
        if status is not None:
            status.connect(self.show_message)
        return widget

    def _on_page_changed(self, index: int) -> None:
        previous = self.stack.currentWidget()
        if previous is not None and index != self.stack.currentIndex() and not _can_leave(previous):
            # The page keeps unsaved work and the user chose to stay: undo the move.
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(self.stack.currentIndex())
            self.navigation.blockSignals(False)
            return
        self.stack.setCurrentIndex(index)
        widget = self.stack.widget(index)
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()

    # -- navigation --------------------------------------------------------------------
    def open_record(self, key: str, record_id: int) -> None:
        """Show a page and ask it to open one record (a participant, a workshop…)."""
        self.show_page(key)
        opener = getattr(self._pages[key], "open_record", None)
        if callable(opener):
            opener(record_id)

    def page_index(self, key: str) -> int:
        return [p.key for p in PAGES].index(key)

    def page(self, key: str) -> QWidget:
        return self._pages[key]

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(self.page_index(key))

    def current_page_key(self) -> str:
        return PAGES[max(0, self.stack.currentIndex())].key

    def focus_participant_search(self) -> None:
        self.show_page("participants")
        focus = getattr(self.participants_view, "focus_search", None)
        if callable(focus):
            focus()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    # -- settings ----------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = window_settings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1280, 760)
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        page = settings.value("main_window/page")
        if isinstance(page, str) and page in self._pages:
            self.show_page(page)
        for widget in self._pages.values():
            restore = getattr(widget, "restore_state", None)
            if callable(restore):
                restore(settings)

    def save_settings(self) -> None:
        settings = window_settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/page", self.current_page_key())
        for widget in self._pages.values():
            save = getattr(widget, "save_state", None)
            if callable(save):
                save(settings)
        settings.sync()

    # -- lock and close ----------------------------------------------------------------
    def lock(self) -> None:
        """Save the layout, let running work finish, and ask the app to lock."""
        self._locking = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        current = self.stack.currentWidget()
        if current is not None and not _can_leave(current):
            self._locking = False
            event.ignore()
            return
        self.save_settings()
        tasks.wait_for_idle()
        event.accept()
        if self._locking:
            self.lock_requested.emit()
        else:
            self.closed.emit()
