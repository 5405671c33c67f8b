"""The main window: navigation on the left, one page per subject, menus, lock.

Window geometry and the list's column widths are kept with ``QSettings`` in an INI file
under ``paths.config_dir()``; never a passphrase, a name or a search text.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pairdesk import i18n, paths
from pairdesk.diagnostics import log_bug
from pairdesk.domain.permissions import Permission, allows
from pairdesk.errors import UserError
from pairdesk.i18n import N_, _
from pairdesk.services import drafts, erasures, vaults
from pairdesk.services.context import ServiceContext
from pairdesk.ui import drafts as ui_drafts
from pairdesk.ui import lifetime, ops, server_copy_banner
from pairdesk.ui.drafts import Restored
from pairdesk.ui.focus_in_view import FocusInView
from pairdesk.ui.forms import registry as forms_registry
from pairdesk.ui.lock import InactivityWatcher, read_lock_minutes
from pairdesk.ui.mnemonics import MenuMnemonicsYield, yield_menus
from pairdesk.ui.ops import Op
from pairdesk.ui.qt_language import set_qt_locale
from pairdesk.ui.screens import available_area
from pairdesk.ui.views import (
    attendance,
    coaching,
    cv_workshops,
    employers,
    home,
    indicators,
    offers,
    participants,
    register,
    team,
)
from pairdesk.ui.wheel_guard import install_wheel_guard
from pairdesk.ui.widgets import questions
from pairdesk.ui.widgets.questions import DraftChoice
from pairdesk.ui.widgets.status_bar import WrappingStatusBar

log = logging.getLogger(__name__)

SETTINGS_FILENAME = "window.ini"
MESSAGE_MS = 6000
#: the size of the first window, where the screen has room for it
FIRST_SIZE = (1280, 760)
#: Once a page has been shown this long and nothing waits on the worker, the vault's
#: connections give back the decrypted pages they keep (``vaults.release_memory``): up to
#: 64 MiB after the home list or the indicators read much of a large vault (issue 12).
RELEASE_MEMORY_MS = 4000
#: How often a window opened read-only looks whether its vault's file was replaced.
REPLACED_CHECK_MS = 5000
#: How often the window asks for today's automatic backup while it stays open (one a
#: day at most: ``backups.auto_backup`` does nothing once today's exists).
BACKUP_CHECK_MS = 60 * 60 * 1000


class CreatePage(Protocol):
    """How a view package makes its page: ``create_page(ctx, window) -> QWidget``. The
    page may also define ``refresh()`` (called each time it is shown), ``open_record(id)``
    (used by ``MainWindow.open_record``), ``can_leave()``, a ``status_message`` signal and
    ``restore_draft(payload, done)`` for the drafts of its forms (``pairdesk/ui/drafts.py``:
    every kit form and ``DraftHolder`` widget of the page is asked at the lock, dialogs
    included)."""

    def __call__(self, ctx: ServiceContext, window: QWidget, /) -> QWidget: ...


@dataclass(frozen=True)
class Page:
    """A view of the navigation, imported directly: a view that cannot be imported stops
    the window from being built (and the tests), it is never hidden."""

    key: str
    label: str  # N_() marked, translated when shown
    create: CreatePage


PAGES: tuple[Page, ...] = (
    Page("today", N_("Today"), home.create_page),
    Page("participants", N_("Participants"), participants.create_page),
    Page("cv_workshops", N_("CV workshops"), cv_workshops.create_page),
    Page("interview_coaching", N_("Interview coaching"), coaching.create_page),
    Page("job_offers", N_("Job offers"), offers.create_page),
    Page("attendance", N_("Attendance"), attendance.create_page),
    Page("indicators", N_("Indicators"), indicators.create_page),
    Page("team_settings", N_("Team and settings"), team.create_page),
    # last, so that Ctrl+1…8 keep their pages: Ctrl+9
    Page("employers", N_("Employers"), employers.create_page),
    # tenth: Ctrl+0
    Page("register", N_("Attendance register"), register.create_page),
)


@dataclass(frozen=True)
class VaultFileWork:
    """Work on the vault FILE that needs the vault closed everywhere (a restore, a
    passphrase change). The app closes the window and the vault, runs ``run(vault_path)``
    on the database worker, then shows the unlock dialog — or, with ``reopen_with``,
    re-opens the vault at once with that passphrase for the same operator."""

    run: Callable[[Path], Any]
    busy_text: str
    done_text: str
    reopen_with: str | None = None
    #: more to say from what ``run`` returned (the erasures a restore applied again)
    more_text: Callable[[Any], list[str]] | None = None


#: Tries to close modal dialogs before an inactivity lock goes ahead anyway.
MODAL_CLOSE_TRIES = 20


def window_settings() -> QSettings:
    """The INI file holding window geometry (created on first save)."""
    folder = paths.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / SETTINGS_FILENAME), QSettings.Format.IniFormat)


def select_first_row(view: QAbstractItemView) -> None:
    """Make sure ``view`` has a selected current row so that Enter acts on it: the
    current one if any, else the first; a list still loading gets its first row when its
    rows arrive (if the focus is still there and nothing was chosen meanwhile)."""
    model = view.model()
    if model is None:
        return
    current = view.currentIndex()
    selection = view.selectionModel()
    if current.isValid():
        if selection is not None and not selection.isSelected(current):
            selection.select(
                current,
                selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
            )
        return
    if model.rowCount() > 0:
        view.setCurrentIndex(model.index(0, 0))
        return

    def arrived(*_args: object) -> None:
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(arrived)
        # RuntimeError: the view was deleted meanwhile (window closed or locked).
        with contextlib.suppress(RuntimeError):
            if view.hasFocus() and not view.currentIndex().isValid() and model.rowCount() > 0:
                view.setCurrentIndex(model.index(0, 0))

    for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
        signal.connect(arrived)


def _can_leave(page: QWidget, then: Callable[[], None]) -> bool:
    """Ask a page whether it may be left (it may prompt about unsaved changes); when the
    person chose "Save", ``then`` is called once the page has saved."""
    can_leave = getattr(page, "can_leave", None)
    return bool(can_leave(then=then)) if callable(can_leave) else True


class MainWindow(QMainWindow):
    """Everything after the unlock. ``lock_requested`` asks the app to lock the vault."""

    lock_requested = Signal()
    closed = Signal()
    #: A ``VaultFileWork`` to run once the window and the vault are closed.
    vault_work_requested = Signal(object)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the same Qt locale and wheel behaviour as pairdesk.app sets up, for every page
        set_qt_locale(i18n.current_language())
        install_wheel_guard(QApplication.instance())
        MenuMnemonicsYield(self)  # Alt+letter: the page's field before the menu's title
        FocusInView(self)  # the field typed into stays in sight in a scrolling form
        self.ctx = ctx
        self._locking = False
        self._skip_leave_prompts = False
        self._pending_work: VaultFileWork | None = None
        self._modal_tries = 0
        self._early_drafts: list[tuple[str, str, dict[str, Any]]] = []
        self.dialog: Any = None
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

        # Each page is built on its first visit (``_build_page``): until then the stack holds
        # an empty placeholder at its index, so the stack's index is the navigation's row.
        self._pages: dict[str, QWidget] = {}
        for page in PAGES:
            label = _(page.label)
            placeholder = QWidget(self.stack)
            placeholder.setObjectName(f"unbuilt_{page.key}")
            placeholder.setAccessibleName(label)
            self.stack.addWidget(placeholder)
            item = QListWidgetItem(label, self.navigation)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setToolTip(label)
        self.navigation.currentRowChanged.connect(self._on_page_changed)
        self._fit_navigation()

        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        # A read-only copy of a server says so over every page (ui/server_copy_banner.py).
        self.copy_banner = server_copy_banner.banner_for(ctx, central)
        if self.copy_banner is not None:
            self.copy_banner.made_independent.connect(self.show_message)
            column.addWidget(self.copy_banner)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        column.addLayout(row, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        self._memory_timer = QTimer(self)  # started by each page change
        self._memory_timer.setSingleShot(True)
        self._memory_timer.setInterval(RELEASE_MEMORY_MS)
        self._memory_timer.timeout.connect(self._release_memory)
        self._restore_settings()  # geometry, then the page shown last (built now, alone)

        # A laptop left open for weeks, never locked, got no backup at all: the backups
        # were made at a lock and on closing only (a tester). Today's, if not made yet,
        # an hour after opening and every hour after.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_while_open)
        if vaults.keeps_automatic_backups(ctx):
            self.backup_timer.start()

        # Opened read-only (another pairdesk holds the vault): that pairdesk may restore a
        # backup or change the passphrase, putting another file in place; this window would
        # go on showing the old one without a word (a tester). Looked at every few seconds.
        #: why the window locked by itself, for the unlock dialog to say (None: it did not)
        self.lock_reason: str | None = None
        self.replaced_timer = QTimer(self)
        self.replaced_timer.setInterval(REPLACED_CHECK_MS)
        self.replaced_timer.timeout.connect(self._check_replaced)
        if vaults.in_use(ctx) is not None:
            self.replaced_timer.start()

        self.inactivity = InactivityWatcher(parent=self)
        self.inactivity.timed_out.connect(self.lock_for_inactivity)
        # Ctrl+L in a dialog: as inactivity, the dialog closed and its form kept as a draft
        self.inactivity.lock_asked.connect(self.lock_for_inactivity)
        self.inactivity.start()
        ops.Op(self, lambda: read_lock_minutes(ctx)).success(self.inactivity.set_minutes).run()

    # -- construction ------------------------------------------------------------------
    def _fit_navigation(self) -> None:
        """As wide as the longest page name at the current text size."""
        # The window's font: on a change of text size the window hears of it before the list.
        metrics = QFontMetrics(self.font())
        widest = max(metrics.horizontalAdvance(_(p.label)) for p in PAGES)
        padding = 20 + 2 * metrics.averageCharWidth() + self.navigation.frameWidth() * 2
        self.navigation.setFixedWidth(max(170, widest + padding))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_navigation()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.print_action = QAction(_("&Print…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setStatusTip(_("Print or export as PDF what the current view shows"))
        self.print_action.triggered.connect(self.print_current)
        file_menu.addAction(self.print_action)
        self.blank_forms_action = QAction(_("Blank paper &forms…"), self)
        self.blank_forms_action.setStatusTip(
            _("Print a satisfaction questionnaire or a self-assessment form")
        )
        self.blank_forms_action.triggered.connect(self.print_blank_forms)
        file_menu.addAction(self.blank_forms_action)
        file_menu.addSeparator()
        self.lock_action = QAction(_("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip(_("Close the vault and ask for the passphrase again"))
        self.lock_action.triggered.connect(self.lock)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        operator = self.ctx.operator
        self.backups_action = QAction(_("&Backups…"), self)
        self.backups_action.setStatusTip(_("Back up the vault now, or restore a backup"))
        self.backups_action.triggered.connect(self.show_backups)
        self.passphrase_action = QAction(_("C&hange the passphrase…"), self)
        self.passphrase_action.setEnabled(allows(operator, Permission.VAULT_SETTINGS))
        self.passphrase_action.triggered.connect(self.change_passphrase)
        if self.ctx.vault.is_server:
            # A server's passwords are its logins' (changed by its administrator), and its
            # backups are the server's own or `pairdesk backup` (README, "Shared server").
            for action in (self.backups_action, self.passphrase_action):
                action.setEnabled(False)
                action.setStatusTip(_("A vault on a server: see its administrator"))
        self.emergency_action = QAction(_("&Emergency sheet…"), self)
        self.emergency_action.setStatusTip(_("A sheet to print and keep in the association's safe"))
        self.emergency_action.triggered.connect(self.show_emergency_sheet)
        self.audit_action = QAction(_("&Audit trail…"), self)
        self.audit_action.setEnabled(allows(operator, Permission.AUDIT))
        self.audit_action.triggered.connect(self.show_audit)
        self.privacy_action = QAction(_("P&rivacy review…"), self)
        self.privacy_action.setEnabled(allows(operator, Permission.ERASE))
        self.privacy_action.triggered.connect(self.show_privacy_review)
        for action in (
            self.backups_action,
            self.passphrase_action,
            self.emergency_action,
            self.audit_action,
            self.privacy_action,
        ):
            if not action.isEnabled():
                action.setStatusTip(_("Only a coordinator can use this."))
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        participants_menu = self.menuBar().addMenu(_("&Participants"))
        # Ctrl+N means "new" in the view at hand (a participant here, a workshop or an
        # offer elsewhere), so this menu entry names it without taking the shortcut.
        self.new_participant_action = QAction(_("&New participant (Ctrl+N in the list)"), self)
        self.new_participant_action.triggered.connect(self.new_participant)
        participants_menu.addAction(self.new_participant_action)
        self.search_action = QAction(_("&Search"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.search_action.triggered.connect(self.focus_participant_search)
        participants_menu.addAction(self.search_action)

        go_menu = self.menuBar().addMenu(_("&Go"))
        for number, page in enumerate(PAGES, start=1):
            action = QAction(_(page.label), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number % 10}"))  # the tenth: Ctrl+0
            action.triggered.connect(lambda _checked=False, key=page.key: self.go_to_page(key))
            go_menu.addAction(action)

        help_menu = self.menuBar().addMenu(_("&Help"))
        self.about_action = QAction(_("&About pairdesk"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
        from pairdesk.ui.export_actions import add_menu_actions

        add_menu_actions(self, file_menu, help_menu)  # Import, Export, Preferences, F1
        from pairdesk.ui.network_dialogs import add_network_actions

        add_network_actions(self, file_menu)  # Indicators ▸ Export for the network, Merge

    def _build_status_bar(self) -> None:
        bar = WrappingStatusBar(self)
        self.setStatusBar(bar)
        self.vault_label = QLabel(_("Vault: {name}").format(name=self.ctx.vault.path.name), self)
        self.vault_label.setToolTip(str(self.ctx.vault.path))
        self.vault_label.setAccessibleName(self.vault_label.text())
        self.operator_label = QLabel(
            _("Operator: {name}").format(name=self.ctx.operator.name), self
        )
        self.operator_label.setAccessibleName(self.operator_label.text())
        for label in (self.vault_label, self.operator_label):
            label.setContentsMargins(8, 0, 8, 0)
        self.read_only_label: QLabel | None = None
        in_use = vaults.in_use(self.ctx)
        if in_use is not None:
            # Opened read-only because another pairdesk holds the vault: say so at all times.
            member = in_use.member
            if member:
                text = _("Read-only: {member} is using this vault").format(member=member)
            else:
                text = _("Read-only: another pairdesk is using this vault")
            self.read_only_label = QLabel(text, self)
            self.read_only_label.setObjectName("readOnlyNote")
            self.read_only_label.setAccessibleName(text)
            self.read_only_label.setToolTip(in_use.message)
            self.read_only_label.setStyleSheet(
                "background: #fff4ce; color: #3b2f00; font-weight: bold; padding: 2px 8px;"
            )
            bar.addPermanentWidget(self.read_only_label)
        bar.addPermanentWidget(self.vault_label)
        bar.addPermanentWidget(self.operator_label)

    def _create_page(self, page: Page) -> QWidget:
        label = _(page.label)
        widget = page.create(self.ctx, self)
        if not widget.accessibleName():
            widget.setAccessibleName(label)
        status = getattr(widget, "status_message", None)
        if status is not None:
            status.connect(self.show_message)
        return widget

    def _build_page(self, page: Page) -> QWidget:
        """Build ``page`` in place of its placeholder (its first visit, or a caller asking
        for it: a draft to restore, a record to open), with its saved state."""
        widget = self._create_page(page)
        self._pages[page.key] = widget
        index = self.page_index(page.key)
        placeholder = self.stack.widget(index)
        was_current = self.stack.currentWidget() is placeholder
        self.stack.insertWidget(index, widget)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        if was_current:
            self.stack.setCurrentWidget(widget)
        restore = getattr(widget, "restore_state", None)
        if callable(restore):
            restore(window_settings())
        if page.key == "participants":
            search = getattr(widget, "search_field", None)
            if isinstance(search, QWidget):
                QWidget.setTabOrder(self.navigation, search)
        return widget

    def built_pages(self) -> dict[str, QWidget]:
        """The pages built so far (a page never visited has no widget, hence no draft)."""
        return dict(self._pages)

    @property
    def participants_view(self) -> Any:
        return self.page("participants")

    def _on_page_changed(self, index: int) -> None:
        previous = self.stack.currentWidget()
        if (
            previous is not None
            and index != self.stack.currentIndex()
            and not _can_leave(previous, functools.partial(self._go_once_saved, previous, index))
        ):
            # The page keeps unsaved work and the user chose to stay: undo the move, now
            # and once the click that asked has ended (it selected its row after this, and
            # that page stayed highlighted: a tester's finding).
            self._highlight_shown_page()
            QTimer.singleShot(0, self, self._highlight_shown_page)
            return
        if previous is not None and index != self.stack.currentIndex():
            # The person has left that page: what it asked the worker for still runs to its
            # end (a save commits), but nothing comes back to a page nobody looks at.
            ops.drop_pending(previous)
        widget = self.page(PAGES[index].key)  # built on its first visit
        self.stack.setCurrentWidget(widget)
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()
        self._memory_timer.start()  # again: once this page is loaded and at rest
        yield_menus(self)  # the menus' underlines as Alt+letter will act on this page

    def _highlight_shown_page(self) -> None:
        row = self.stack.currentIndex()
        self.navigation.blockSignals(True)
        try:
            self.navigation.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self.navigation.blockSignals(False)

    def _go_once_saved(self, page: QWidget, index: int) -> None:
        """ "Save" was chosen on leaving ``page`` for the page at ``index``: once saved,
        there (unless the person has moved on meanwhile)."""
        QTimer.singleShot(0, self, lambda: self._go_if_still_on(page, index))

    def _go_if_still_on(self, page: QWidget, index: int) -> None:
        if self.stack.currentWidget() is page:
            self.navigation.setCurrentRow(index)

    def _close_once_saved(self, page: QWidget, work: VaultFileWork | None, locking: bool) -> None:
        """ "Save" was chosen when closing for ``work`` (a restore, a new passphrase), a
        lock or quitting: once saved, that goes on (unless the window has moved on)."""
        QTimer.singleShot(0, self, lambda: self._close_if_still_on(page, work, locking))

    def _close_if_still_on(self, page: QWidget, work: VaultFileWork | None, locking: bool) -> None:
        if self.isVisible() and self.stack.currentWidget() is page:
            self._pending_work, self._locking = work, locking
            if not self.close():
                self._pending_work, self._locking = None, False

    def _check_replaced(self) -> None:
        if self._locking or not vaults.replaced_under_a_reader(self.ctx):
            return
        self.replaced_timer.stop()
        self.lock_reason = _(
            "The other pairdesk has replaced the vault's file (a backup restored, or a new "
            "passphrase): what this window showed is no longer the vault. It was locked; "
            "open the vault again to read it as it is now."
        )
        self.lock_for_inactivity()

    def backup_while_open(self) -> None:
        """Today's automatic backup, on the worker, unless one exists; a problem (the USB
        stick of the backups folder missing) is said in the status bar, not in a box."""
        ctx = self.ctx
        if self._locking or not vaults.keeps_automatic_backups(ctx):
            return
        from pairdesk.services import backups

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.show_message(
                    _("Today's automatic backup could not be made: {reason}").format(
                        reason=exc.message
                    )
                )
            else:
                log_bug(exc)

        Op(self, lambda: backups.auto_backup(ctx.vault)).failure(failed).run()

    def _release_memory(self) -> None:
        """The page is at rest: the vault's idle connections free their page cache."""
        if ops.pending():
            self._memory_timer.start()  # a load or a save is still running: later
            return
        ctx = self.ctx
        # Housekeeping nobody asked for: a failure is logged, never shown to the person.
        Op(self, lambda: vaults.release_memory(ctx)).failure(log_bug).run()

    # -- navigation --------------------------------------------------------------------
    def open_record(
        self, key: str, record_id: int, section: str | None = None, row_id: int | None = None
    ) -> None:
        """Show a page and ask it to open one record (a participant, a workshop…), on one
        ``section`` of it where the page has sections (a participant's file: its tabs),
        that section's ``row_id`` selected (a contract of the pathway). Nothing is opened
        when the page shown keeps unsaved work and the person chose to stay on it."""
        if not self.show_page(key):
            return
        opener = getattr(self.page(key), "open_record", None)
        if callable(opener):
            if section is None:
                opener(record_id)
            else:
                opener(record_id, section, row_id)

    def page_index(self, key: str) -> int:
        return [p.key for p in PAGES].index(key)

    def page(self, key: str) -> QWidget:
        """The page ``key``, built now if it was never shown."""
        widget = self._pages.get(key)
        if widget is None:
            widget = self._build_page(PAGES[self.page_index(key)])
        return widget

    def show_page(self, key: str) -> bool:
        """Show the page ``key``; False when the page shown before keeps unsaved work and
        the person chose to stay on it (it is still the one shown)."""
        self.navigation.setCurrentRow(self.page_index(key))
        return self.current_page_key() == key

    def go_to_page(self, key: str) -> None:
        """Ctrl+1…9: show the page and put the focus in its main list, a row selected,
        so that Enter opens it (a page whose tab holds a form: its first field)."""
        if not self.show_page(key):
            return
        main_list = getattr(self.page(key), "main_list", None)
        target = main_list() if callable(main_list) else None
        if not isinstance(target, QWidget):
            return
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(target, QAbstractItemView):
            select_first_row(target)

    def current_page_key(self) -> str:
        return PAGES[max(0, self.stack.currentIndex())].key

    def current_page_label(self) -> str:
        return _(PAGES[max(0, self.stack.currentIndex())].label)

    def new_participant(self) -> None:
        if not self.show_page("participants"):
            return
        create = getattr(self.participants_view, "new_participant", None)
        if callable(create):
            create()

    def focus_participant_search(self) -> None:
        if not self.show_page("participants"):
            return
        focus = getattr(self.participants_view, "focus_search", None)
        if callable(focus):
            focus()

    def print_current(self) -> None:
        """File > Print (Ctrl+P): the current page's ``print_current()``, or that of the
        part it shows in front (a participant's file in the participants page)."""
        page = self.stack.currentWidget()
        for candidate in (page, getattr(page, "currentWidget", lambda: None)()):
            printer = getattr(candidate, "print_current", None)
            if callable(printer):
                printer()
                return
        self.show_message(_("There is nothing to print in this view."))

    def print_blank_forms(self) -> None:
        from pairdesk.ui import printing

        printing.print_blank_form(self, self.ctx)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    # -- settings ----------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = window_settings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        else:
            self._first_size()
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        page = settings.value("main_window/page")
        keys = [p.key for p in PAGES]
        # The page shown last, else the participants list; only that one is built now.
        self.show_page(page if isinstance(page, str) and page in keys else "participants")
        # A page never built keeps what it saved last time (save_settings leaves it alone).

    def _first_size(self) -> None:
        """1280×760 where the screen has room, else the room it has: on a 1024×600
        netbook the window opened wider than the screen, its right side and status bar
        out of sight (a tester's finding)."""
        width, height = FIRST_SIZE
        room = available_area(self)
        if room is not None:
            width, height = min(width, room.width()), min(height, room.height())
            self.move(room.topLeft())
        self.resize(width, height)

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

    # -- dialogs of the File menu -------------------------------------------------------
    def _show_dialog(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.open()
        return dialog

    def show_about(self) -> Any:
        from pairdesk.ui.about_dialog import AboutDialog

        return self._show_dialog(AboutDialog(self.ctx.vault.path, self))

    def show_backups(self) -> Any:
        from pairdesk.ui.backup_dialog import BackupDialog

        dialog = BackupDialog(self.ctx, self)
        dialog.restore_requested.connect(self.restore_backup)
        return self._show_dialog(dialog)

    def change_passphrase(self) -> Any:
        from pairdesk.ui.passphrase_dialog import PassphraseDialog

        dialog = PassphraseDialog(self.ctx, self)
        dialog.change_requested.connect(self._run_passphrase_change)
        return self._show_dialog(dialog)

    def show_emergency_sheet(self) -> Any:
        from pairdesk.ui.emergency_sheet import EmergencySheetDialog

        dialog = EmergencySheetDialog(None, self)
        dialog.load(self.ctx)
        return self._show_dialog(dialog)

    def show_audit(self) -> Any:
        from pairdesk.ui.audit_dialog import AuditDialog

        return self._show_dialog(AuditDialog(self.ctx, self))

    def show_privacy_review(self) -> Any:
        from pairdesk.ui.privacy_dialog import PrivacyDialog

        dialog = PrivacyDialog(self.ctx, self)
        dialog.open_file.connect(lambda pid: self.open_record("participants", pid))
        return self._show_dialog(dialog)

    def restore_backup(self, backup: Path, passphrase: str) -> None:
        vault_path = self.ctx.vault.path
        operator = self.ctx.operator
        self.close_vault_for(
            VaultFileWork(
                run=lambda path: vaults.restore(backup, path, passphrase, operator),
                busy_text=_("Restoring the backup…"),
                done_text=_(
                    "The backup is now the vault {vault}. Type its passphrase to open it: "
                    "the passphrase the vault had when the backup was made."
                ).format(vault=vault_path.name),
                more_text=lambda report: erasures.restore_sentences(
                    report.erased_again, report.erasures_unchecked, report.kept
                ),
            )
        )

    def _run_passphrase_change(self, old: str, new: str) -> None:
        operator = self.ctx.operator
        self.close_vault_for(
            VaultFileWork(
                run=lambda path: vaults.change_passphrase(path, old, new, operator),
                busy_text=_("Changing the passphrase…"),
                done_text=_("The passphrase was changed. Use the new one from now on."),
                reopen_with=new,
            )
        )

    def close_vault_for(self, work: VaultFileWork) -> None:
        """Close this window (asking about unsaved changes), then ``work`` runs."""
        self._pending_work = work
        self._locking = True
        if not self.close():
            self._pending_work = None

    # -- drafts ------------------------------------------------------------------------
    def collect_drafts(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every form being edited, anywhere in the window (the current page first; open
        dialogs included): ``(key, view, payload)`` with the page that restores it, or
        ``"dialog"`` for a kit dialog re-opened by the registry (``ui_drafts.collect``)."""
        return ui_drafts.collect(self._pages, self.current_page_key(), self)

    def offer_drafts(self) -> None:
        """After unlocking: offer back the forms this operator left when pairdesk locked."""
        ctx = self.ctx
        Op(self, lambda: drafts.list_drafts(ctx, mine_only=True)).success(self._offer_drafts).run()

    def _offer_drafts(self, pending: list[drafts.DraftInfo]) -> None:
        keys = {p.key for p in PAGES}
        for info in pending:
            # the page that restores it is built now if it was not yet
            page = self.page(info.view) if info.view in keys else None
            kit_dialog = info.view == forms_registry.DIALOG_VIEW
            if not kit_dialog and (
                page is None or not callable(getattr(page, "restore_draft", None))
            ):
                continue
            text = info.payload.get(ui_drafts.DESCRIPTION)
            if not isinstance(text, str) or not text:
                describe = getattr(page, "draft_description", None)
                text = (
                    describe(info.payload)
                    if callable(describe)
                    else _("You were editing a form when pairdesk locked. Restore it?")
                )
            choice = questions.ask_restore_draft(self, text)
            key = info.key
            if choice is DraftChoice.LATER:
                continue  # kept: offered again at the next unlock
            if choice is DraftChoice.DISCARD:
                self._discard_draft(key)
            elif kit_dialog:
                back = forms_registry.reopen_dialog(self, self.ctx, info.payload)
                self._draft_restored(
                    key, info.payload, Restored.RESTORED if back else Restored.GONE
                )
            else:
                self.restore_draft(info.view, info.payload, key=key)

    def restore_draft(self, view: str, payload: dict[str, Any] | None, *, key: str = "") -> None:
        """Give ``payload`` back to its page; the stored draft (``key``) goes once the page
        has put it back, and stays when what it was about is gone or must wait."""
        if payload is None or view not in {p.key for p in PAGES}:
            return
        self.show_page(view)
        restore = getattr(self.page(view), "restore_draft", None)
        if callable(restore):
            restore(payload, partial(self._draft_restored, key, payload))

    def _draft_restored(self, key: str, payload: dict[str, Any], outcome: Restored) -> None:
        if outcome is Restored.RESTORED:
            self.show_message(_("Your changes are back: check them, then save."))
            if key:
                self._discard_draft(key)
        elif outcome is Restored.LATER:
            self.show_message(
                _("Another form there has changes: your draft is kept for the next unlock.")
            )
        elif ui_drafts.ask_about_gone_draft(self, payload):
            self.show_message(_("The draft is kept; it will be offered again."))
        elif key:
            self._discard_draft(key)

    def _discard_draft(self, key: str) -> None:
        ctx = self.ctx
        Op(self, lambda: drafts.discard_draft(ctx, key)).run()

    # -- lock and close ----------------------------------------------------------------
    def lock(self) -> None:
        """Ctrl+L: keep the forms being edited as drafts, then ask the app to lock."""
        self._lock_keeping_drafts(forced=False)

    def lock_for_inactivity(self) -> None:
        """Nobody touched pairdesk for the delay: lock whatever is open, without asking."""
        if self._locking:
            return
        forms_registry.park_all()  # open forms close without their unsaved question
        popup = QApplication.activePopupWidget()
        modal = QApplication.activeModalWidget()
        open_widget = popup or (modal if modal is not self else None)
        if self._modal_tries == 0 and open_widget is not None:
            forms_registry.park_all()  # closing a kit dialog keeps its draft, asks nothing
            # What the open dialogs hold, before closing them loses it.
            self._early_drafts = self._collect_for_lock()
        if open_widget is not None and self._modal_tries < MODAL_CLOSE_TRIES:
            # Close menus and dialogs first, and come back once their loops have ended.
            self._modal_tries += 1
            reject = getattr(open_widget, "reject", None)
            if callable(reject):
                reject()
            open_widget.close()
            lifetime.single_shot(self, 0, self.lock_for_inactivity)
            return
        self._modal_tries = 0
        self._lock_keeping_drafts(forced=True)

    def _lock_keeping_drafts(self, *, forced: bool) -> None:
        if self._locking:
            return
        self._locking = True
        forms_registry.park_all()  # kit forms keep a draft instead of asking
        # A read-only vault cannot keep drafts: the usual unsaved-changes question follows.
        early, self._early_drafts = self._early_drafts, []
        found = ui_drafts.unique([*early, *self._collect_for_lock()])
        # Locking starts now for the person: results still due to the pages are dropped
        # (the work itself completes, a commit is never aborted) while the drafts are kept.
        ops.drop_pending(self)
        if not found:
            self._finish_lock(skip_prompts=forced)
            return
        ctx = self.ctx

        def keep() -> None:
            for key, view, payload in found:
                drafts.save_draft(ctx, key, view, payload)

        def failed(exc: BaseException) -> None:
            if forced:  # the lock matters more than the form: lock anyway
                log_bug(exc)
                self._finish_lock(skip_prompts=True)
                return
            self._locking = False
            from pairdesk.ui.errors import show_error

            show_error(self, exc)

        (
            Op(self, keep)
            .success(lambda _result: self._finish_lock(skip_prompts=True))
            .failure(failed)  # the lock goes ahead (forced) or the error is shown: not a form's
            .busy(_("Keeping your changes for after the lock…"))
            .run()
        )

    def _collect_for_lock(self) -> list[tuple[str, str, dict[str, Any]]]:
        # A read-only vault cannot keep drafts: the usual unsaved-changes question follows.
        # Nor a read-only copy of a server (store/server_copy.py).
        if getattr(self.ctx.vault, "read_only", False) or vaults.read_only_copy(self.ctx):
            return []
        return self.collect_drafts()

    def _finish_lock(self, *, skip_prompts: bool) -> None:
        self._locking = True
        self._skip_leave_prompts = skip_prompts
        if not self.close():
            self._skip_leave_prompts = False

    def closeEvent(self, event: QCloseEvent) -> None:
        current = self.stack.currentWidget()
        if (
            not self._skip_leave_prompts
            and current is not None
            and not _can_leave(
                current,
                functools.partial(
                    self._close_once_saved, current, self._pending_work, self._locking
                ),
            )
        ):
            self._locking = False
            self._pending_work = None
            event.ignore()
            return
        self.inactivity.stop()
        self._memory_timer.stop()
        self.save_settings()
        # From here on the window is gone for the person: a pending search, timer or
        # worker result must not reach it while the vault closes (lifetime.py) — retired
        # before waiting, since waiting turns the event loop (a search debounce would fire).
        # The work already asked for completes (a commit is never aborted); no result
        # comes back to this window or its dialogs.
        ops.drop_pending(self)
        lifetime.retire(self)
        ops.wait_for_idle()
        event.accept()
        if self._pending_work is not None:
            work, self._pending_work = self._pending_work, None
            self.vault_work_requested.emit(work)
        elif self._locking:
            self.lock_requested.emit()
        else:
            self.closed.emit()
