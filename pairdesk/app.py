"""Start the window: language → log → Qt application → excepthook → unlock → operator →
main window.

``run_gui`` is what ``pairdesk`` runs without a subcommand. ``--demo`` builds a
throw-away vault full of fictional people in a temporary folder (passphrase "demo") and
deletes that folder when the window closes.

Start-up (issue 12): the unlock dialog shows before anything it does not need is
imported. SQLAlchemy, the store and the services are imported on a thread of their own
once the dialog is painted, while the passphrase is typed (``PRELOADED``); ReportLab,
openpyxl, pypdfium2 and Alembic when a document, an import or a migration needs them; the
main window, and with it every view, once the vault is unlocked. The vault's page check
goes on in the background after unlocking: damage found is told at once and every change
refused (``pairdesk.services.vaults.when_page_check_done``).
"""

from __future__ import annotations

import contextlib
import importlib
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from pairdesk import APP_NAME, __version__, i18n, paths
from pairdesk.diagnostics import log_bug, setup_logging
from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.ui import gui_gc, layout_items, lifetime
from pairdesk.ui.app_icon import application_icon
from pairdesk.ui.qt_language import install_qt_translation, set_qt_locale
from pairdesk.ui.unlock_dialog import UnlockDialog

if TYPE_CHECKING:  # imported later: the unlock dialog shows first
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    from pairdesk.services import backups
    from pairdesk.services.context import Operator, ServiceContext
    from pairdesk.services.demo.folder import DemoFolder
    from pairdesk.ui.main_window import MainWindow, VaultFileWork
    from pairdesk.ui.operator_dialog import OperatorDialog

#: What unlocking needs, imported on a thread of its own once the unlock dialog is painted
#: (``preload_core``): the person types the passphrase meanwhile. Modules without Qt only;
#: listed by name, so also in installers/pairdesk.spec's hidden imports.
PRELOADED = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlcipher3.dbapi2",
    "pairdesk.store.models",
    "pairdesk.store.vault",
    "pairdesk.services.context",
    "pairdesk.services.vaults",
    "pairdesk.services.sessions",
    "pairdesk.services.team",
    "pairdesk.services.backups",
    # every opening reads the schema's version through Alembic (store/migrations): 0.2 s
    # of import that the unlock waited for after the key derivation
    "alembic",
    "pairdesk.store.migrations",
)

#: Then the main window and every view (Python modules only: no Qt object is made at
#: import time), so that unlocking does not wait for them either. Every pairdesk module
#: is a hidden import of the bundle already (installers/pairdesk.spec).
PRELOADED_WINDOW = ("pairdesk.ui.operator_dialog", "pairdesk.ui.main_window", "pairdesk.ui.views")

_preload_thread: threading.Thread | None = None

#: Start-up steps the unlock dialog's first paint does not wait for (``run_gui`` fills
#: it): run once, just after that paint, before the background imports.
_after_first_paint: list[Callable[[], object]] = []


#: Test hook for ``bench/bench_startup.py --bundle`` (a frozen pairdesk cannot be hooked
#: from a script): with it set, the process prints one JSON line and ends at once when the
#: unlock dialog has been painted the first time. Unset (always, for users), nothing.
BENCH_EXIT_AT_PAINT_ENV = "PAIRDESK_BENCH_EXIT_AT_PAINT"


def _first_paint_done() -> None:
    import os

    if os.environ.get(BENCH_EXIT_AT_PAINT_ENV) == "1":
        print('{"unlock_dialog_painted": true}', flush=True)
        os._exit(0)
    while _after_first_paint:
        _after_first_paint.pop(0)()
    preload_core()


def _window_modules() -> list[str]:
    import pkgutil

    names = list(PRELOADED_WINDOW)
    views = importlib.import_module("pairdesk.ui.views")
    names += [m.name for m in pkgutil.walk_packages(views.__path__, views.__name__ + ".")]
    return names


def preload_core() -> threading.Thread:
    """Import ``PRELOADED`` on a daemon thread (once per process). An import the window
    makes meanwhile simply waits for the same module (Python's import locks); the
    package has no import cycle for two threads to meet in (tests/test_architecture.py)."""
    global _preload_thread
    if _preload_thread is None:

        def run() -> None:
            try:
                _preload()
            finally:
                gui_gc.freeze_long_lived()  # on the GUI thread, while the passphrase is typed

        _preload_thread = threading.Thread(target=run, name="pairdesk-preload", daemon=True)
        _preload_thread.start()
    return _preload_thread


def _preload() -> None:
    for name in PRELOADED:
        _import_quietly(name)
    _configure_mappers()
    try:
        window = _window_modules()
    except Exception as exc:
        log_bug(exc)
        return
    for name in window:
        _import_quietly(name)
    _warm_documents()


def _warm_documents() -> None:
    """Parse the PDF fonts and lay a throwaway page out (``reports.warm.warm_up``), so
    that the first document of the session does not wait for it (issue 12)."""
    try:
        from pairdesk.reports.warm import warm_up

        warm_up()
    except Exception as exc:  # done again, and failing loudly, by the first document
        log_bug(exc)


def _configure_mappers() -> None:
    """SQLAlchemy configures the models' mappers on the first query (30–40 ms): here,
    while the passphrase is typed, rather than after Unlock."""
    try:
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
    except Exception as exc:  # done again, and failing loudly, by the first query
        log_bug(exc)


def _import_quietly(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception as exc:  # imported again, and failing loudly, where it is needed
        log_bug(exc)


class _AfterFirstPaint(QObject):
    """Calls ``action`` once, just after ``widget`` is first painted."""

    def __init__(self, widget: QWidget, action: Callable[[], object]) -> None:
        super().__init__(widget)
        self._action = action
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._action)
        return False


# -- process-wide set-up -------------------------------------------------------------------


def install_qt_language(app: QApplication, language: str) -> bool:
    """Qt in the chosen language: its locale (calendars, decimal comma) and, in French, its
    own strings through ``qtbase_fr.qm``; True when that catalogue is loaded."""
    set_qt_locale(language)
    return install_qt_translation(app, language)


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """Bugs reaching the event loop: logged without personal data, shown politely."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        log_bug(exc)
        return
    try:
        from pairdesk.ui.errors import show_error

        show_error(app.activeWindow(), exc)
    except Exception:  # never let the hook itself fail loudly
        log_bug(exc)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        log_bug(args.exc_value)


def install_excepthook() -> None:
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


#: The signals that end pairdesk cleanly: Ctrl+C in a terminal, ``kill``, the terminal or
#: the session closed (SIGHUP does not exist on Windows).
QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _quit_on_signals(app: QApplication, launcher: Launcher) -> QTimer:
    """End pairdesk as a lock would on Ctrl+C, ``kill`` or a closed session: the forms
    being edited kept as drafts without a question (nobody may be there to answer), the
    vault backed up and closed, the demo folder removed. A second signal while that runs
    ends the event loop at once (what the loop's end does still runs)."""
    asked: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        asked.append(signum)
        if len(asked) == 1:
            QTimer.singleShot(0, launcher.quit_keeping_drafts)  # from the event loop
        else:
            QTimer.singleShot(0, lambda: app.exit(0))

    for signum in QUIT_SIGNALS:
        with contextlib.suppress(OSError, ValueError):  # not the main thread, or refused
            signal.signal(signum, on_signal)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)  # gives Python a chance to run signal handlers
    timer.start(500)
    return timer


def _default_signals() -> None:
    for signum in QUIT_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(
                signum,
                signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL,
            )


# -- demo vault ----------------------------------------------------------------------------
# -- the sequence of windows ---------------------------------------------------------------


class Launcher(QObject):
    """Unlock dialog → operator dialog → main window → (lock → unlock dialog …) →
    ``finished(code)``."""

    finished = Signal(int)
    #: The background page check found a damaged page (its message); emitted from the
    #: check's thread, received on the GUI thread.
    page_damage_found = Signal(str)

    def __init__(self, vault_path: paths.Location, *, demo: bool = False) -> None:
        super().__init__()
        #: The vault's file, or a server's address (``postgresql://…``, issue 14).
        self.vault_path: paths.Location = (
            vault_path if paths.is_server_address(vault_path) else Path(vault_path)
        )
        self.demo = demo
        self.ctx: ServiceContext | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.operator_dialog: OperatorDialog | None = None
        self.main_window: MainWindow | None = None
        #: What the last automatic backup on close did (None before any close).
        self.last_backup: backups.CloseBackupResult | None = None
        #: The last non-blocking message shown (a backup problem, a restore done…).
        self.message_box: QMessageBox | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._damage_connected = False
        #: A signal asked pairdesk to end: the lock that follows quits instead.
        self._quitting = False
        #: The member at the keyboard when the window was last locked, and the vault
        #: (chosen again when that vault is unlocked again).
        self._locked_by: int | None = None
        self._locked_path: paths.Location | None = None

    def start(self) -> None:
        self._show_unlock()

    def _show_unlock(self, *, after_lock: bool = False) -> None:
        dialog = UnlockDialog(self.vault_path, demo=self.demo, after_lock=after_lock)
        dialog.unlocked.connect(self._show_operator)
        dialog.rejected.connect(self._unlock_abandoned)
        self.unlock_dialog = dialog
        _AfterFirstPaint(dialog, _first_paint_done)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _unlock_abandoned(self) -> None:
        if self.unlock_dialog is not None:
            lifetime.discard(self.unlock_dialog)
            self.unlock_dialog = None
        self.finished.emit(0)

    def _show_operator(self, ctx: ServiceContext) -> None:
        """The vault is open: ask who is at the keyboard. On a server the database login
        is the operator (``vaults.unlock`` set it): the main window comes at once."""
        from pairdesk.ui.operator_dialog import OperatorDialog

        self.ctx = ctx
        if ctx.vault.is_server:
            if self.unlock_dialog is not None:
                self.vault_path = self.unlock_dialog.vault_path  # the address, as typed
        else:
            self.vault_path = Path(ctx.vault.path)
        if self.unlock_dialog is not None:
            lifetime.discard(self.unlock_dialog)
            self.unlock_dialog = None
        if ctx.vault.is_server:
            self._open_main_window(ctx)
            return
        locked_by = self._locked_by if self._locked_path == self.vault_path else None
        dialog = OperatorDialog(ctx, demo=self.demo, came_back=locked_by)
        dialog.signed_in.connect(self._open_main_window)
        dialog.rejected.connect(self._operator_abandoned)
        self.operator_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.load()
        self._watch_page_check(ctx)

    def _watch_page_check(self, ctx: ServiceContext) -> None:
        from pairdesk.services import vaults

        if not self._damage_connected:  # here, not before the unlock dialog (``Qt``'s enums)
            from PySide6.QtCore import Qt

            # queued: told once the window the person looks at is up, whichever thread
            # found it
            self.page_damage_found.connect(self._tell_damage, Qt.ConnectionType.QueuedConnection)
            self._damage_connected = True

        def over(problem: str | None) -> None:
            if problem is not None:
                self.page_damage_found.emit(problem)

        vaults.when_page_check_done(ctx, over)

    def _tell_damage(self, problem: str) -> None:
        """A damaged page was found after unlocking: say it as plainly as a refusal at the
        door would have; nothing can be changed any more (the vault refuses)."""
        text = (
            problem
            + "\n\n"
            + _(
                "Nothing can be changed in this vault any more. You can still read it; "
                "lock it, then restore the latest backup."
            )
        )
        self._tell(text, warning=True, own_window=True)

    def _operator_abandoned(self) -> None:
        """Back: close the vault again and ask for a passphrase."""
        if self.operator_dialog is not None:
            lifetime.discard(self.operator_dialog)
            self.operator_dialog = None
        self._close_vault(backup=False)
        self._show_unlock()

    def _open_main_window(self, ctx: ServiceContext) -> None:
        from pairdesk.ui.main_window import MainWindow  # and with it every view

        self.ctx = ctx
        if self.operator_dialog is not None:
            lifetime.discard(self.operator_dialog)
            self.operator_dialog = None
        window = MainWindow(ctx)
        window.lock_requested.connect(self._lock)
        window.closed.connect(self._window_closed)
        window.vault_work_requested.connect(self._run_vault_work)
        self.main_window = window
        window.show()
        window.raise_()
        window.activateWindow()
        window.offer_drafts()

    def _lock(self) -> None:
        """The window is closed (its drafts kept): destroy it, back up, close the vault."""
        window = self.main_window
        self.main_window = None
        reason = window.lock_reason if window is not None else None
        if window is not None:
            lifetime.discard(window)
        if self.ctx is not None:
            self._locked_by, self._locked_path = self.ctx.operator.id, self.vault_path
        self._close_vault()
        if self._quitting:
            self.finished.emit(0)
            return
        self._show_unlock(after_lock=True)
        self._report_backup_problem(modal=False)
        if reason:
            self._tell(reason, warning=True)

    def quit_keeping_drafts(self) -> None:
        """End pairdesk without asking anything (a signal: ``kill``, the session closing):
        with the main window open, lock it as inactivity does (every form being edited
        kept as a draft, offered back at the next unlock), then quit."""
        if self._quitting:
            return
        self._quitting = True
        window = self.main_window
        if window is None:
            self.finished.emit(0)
            return
        window.lock_for_inactivity()  # emits lock_requested once the drafts are kept

    def _window_closed(self) -> None:
        window = self.main_window
        self.main_window = None
        if window is not None:
            lifetime.discard(window)
        self._close_vault()
        self._report_backup_problem(modal=True)
        self.finished.emit(0)

    def _close_vault(self, *, backup: bool = True) -> None:
        """Close the vault; with ``backup``, first today's automatic backup (on the
        worker; ``backup_on_close`` never raises a UserError and always closes)."""
        from pairdesk.ui import ops
        from pairdesk.ui.ops import Op

        ops.wait_for_idle()
        ctx, self.ctx = self.ctx, None
        if ctx is None:
            return
        from pairdesk.services import backups, vaults

        vault = ctx.vault
        # Not a throw-away demo vault, a server (it keeps its own backups), a vault opened
        # read-only or a server's read-only copy (vaults.keeps_automatic_backups).
        if self.demo or not vaults.keeps_automatic_backups(ctx):
            backup = False
        if backup and not vault.closed:
            results: list[backups.CloseBackupResult] = []
            (
                Op(None, lambda: backups.backup_on_close(vault))
                .success(results.append)
                .failure(log_bug)  # at close there is no window left to show it in
                .busy(_("Backing up the vault…"))
                .run()
            )
            ops.wait_for_idle(timeout=None)
            self.last_backup = results[0] if results else None
        if not vault.closed:
            vault.close()

    def _report_backup_problem(self, *, modal: bool) -> None:
        """Say so when the automatic backup could not be made (USB stick missing…)."""
        result = self.last_backup
        if result is None or not result.problem:
            return
        self.last_backup = None
        if modal:
            warn_before_quitting(result.problem)
        else:
            self._tell(result.problem, warning=True)

    def _tell(self, text: str, *, warning: bool = False, own_window: bool = False) -> QMessageBox:
        """A message that does not block (shown over the unlock dialog); ``own_window``: a
        window of its own, which outlives the dialog shown now."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        parent: QWidget | None = None if own_window else self.unlock_dialog or self.main_window
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
        box.setWindowTitle(_("pairdesk"))
        box.setText(text)
        box.setAccessibleName(_("Message"))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()
        self.message_box = box
        return box

    # -- restore, passphrase change: work on the closed vault file --------------------------
    def _run_vault_work(self, work: VaultFileWork) -> None:
        window = self.main_window
        self.main_window = None
        operator: Operator | None = self.ctx.operator if self.ctx is not None else None
        if paths.is_server_address(self.vault_path):  # restore and rekey concern a file
            return
        path = Path(self.vault_path)
        if window is not None:
            lifetime.discard(window)
        self._close_vault(backup=False)
        from PySide6.QtWidgets import QProgressDialog

        from pairdesk.ui.errors import error_message
        from pairdesk.ui.ops import Op

        progress = QProgressDialog(work.busy_text, "", 0, 0)
        progress.setCancelButton(None)
        progress.setWindowTitle(_("Please wait"))
        progress.setAccessibleName(work.busy_text)
        progress.setMinimumDuration(0)
        progress.show()
        self.progress_dialog = progress

        def finished() -> None:
            if self.progress_dialog is not None:
                self.progress_dialog.close()
                self.progress_dialog.deleteLater()
                self.progress_dialog = None

        def done(result: object) -> None:
            finished()
            text = work.done_text
            if work.more_text is not None:
                text = "\n\n".join([text, *work.more_text(result)])
            if work.reopen_with is not None and operator is not None:
                self._reopen(path, work.reopen_with, operator, text)
                return
            self._show_unlock()
            self._tell(text)

        def failed(exc: BaseException) -> None:
            finished()
            if not isinstance(exc, UserError):
                log_bug(exc)
            self._show_unlock()
            self._tell(error_message(exc), warning=True)

        # Not the default routing: no window is open; the unlock dialog comes back with the
        # message in its place.
        Op(None, lambda: work.run(path)).success(done).failure(failed).run()

    def _reopen(self, path: Path, passphrase: str, operator: Operator, message: str) -> None:
        """Open the vault again at once (new passphrase), for the same operator."""
        from pairdesk.services import vaults
        from pairdesk.ui.errors import error_message
        from pairdesk.ui.ops import Op

        def opened(ctx: ServiceContext) -> None:
            self._watch_page_check(ctx)
            self._open_main_window(ctx)
            if self.main_window is not None:
                self.main_window.show_message(message)

        def failed(exc: BaseException) -> None:
            self._show_unlock()
            self._tell(error_message(exc), warning=True)

        (
            Op(
                None,
                lambda: vaults.unlock(path, passphrase, background_check=True).with_operator(
                    operator
                ),
            )
            .success(opened)
            .failure(failed)  # no window yet: the unlock dialog shows it in its place
            .busy(_("Opening the vault…"))
            .run()
        )

    def shutdown(self) -> None:
        """Close whatever is still open (end of the event loop, or a test)."""
        backup = self.main_window is not None
        if self.main_window is not None:
            window = self.main_window
            self.main_window = None
            window.save_settings()
            lifetime.discard(window)
        if self.unlock_dialog is not None:
            lifetime.discard(self.unlock_dialog)
            self.unlock_dialog = None
        if self.operator_dialog is not None:
            lifetime.discard(self.operator_dialog)
            self.operator_dialog = None
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog = None
        self._close_vault(backup=backup)


def warn_before_quitting(text: str) -> None:
    """The last word before the application ends (a backup that could not be made)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, _("pairdesk"), text, QMessageBox.StandardButton.Ok)
    box.setAccessibleName(_("Message"))
    box.exec()


SMOKE_EXIT_ENV = "PAIRDESK_SMOKE_EXIT_MS"


def _arm_smoke_exit(app: QApplication, launcher: Launcher) -> QTimer | None:
    """Test hook for the bundle check (installers/): with ``PAIRDESK_SMOKE_EXIT_MS=N``
    the application quits with code 0 N ms after the unlock dialog or the main window is
    first shown and the background imports (:func:`preload_core`) are over, so that the
    check can read in the log whether a module was missing from the bundle. Unset
    (always, for users), nothing happens."""
    import os

    try:
        delay = int(os.environ.get(SMOKE_EXIT_ENV, ""))
    except ValueError:
        return None
    watcher = QTimer(app)

    def check() -> None:
        if _preload_thread is not None and _preload_thread.is_alive():
            return
        shown = launcher.unlock_dialog or launcher.main_window
        if shown is not None and shown.isVisible():
            watcher.stop()
            QTimer.singleShot(max(delay, 0), lambda: app.exit(0))

    watcher.timeout.connect(check)
    watcher.start(100)
    return watcher


def _start_appearance(app: QApplication) -> list[Callable[[], object]]:
    """The text size and theme chosen before, applied before the unlock dialog is painted
    when they change how it looks; returns what waits until it is painted (issue 12):

    - the application-wide event filters (the wheel guard, every dialog's fitting to its
      text). With a Python filter on the application, every object an event reaches gets
      a Python wrapper; Qt's private classes (the recent vaults list's model…) are unknown
      to PySide6, which then loads every class of its modules and creates their Python
      enums (~170 enum classes, 20–40 ms) before the first paint. The unlock dialog fits
      itself meanwhile (``fit_labels.fit_window_to_text``) and has no combo or spin box;
    - at 100 % text size, the text-size style (its Python ``pixelMetric`` is called for
      every metric of every widget laid out): at 100 % it only gives tabs room for
      accents, and the unlock dialog has none; any other size is applied before."""
    from pairdesk.ui import fit_labels, preferences

    def install_wheel_guard() -> None:
        from pairdesk.ui.wheel_guard import install_wheel_guard

        install_wheel_guard(app)

    percent = preferences.saved_font_percent()
    if percent != 100:
        preferences.apply_font_percent(app, percent)
    if preferences.saved_high_contrast():
        preferences.apply_high_contrast(app, True)
    later: list[Callable[[], object]] = [
        install_wheel_guard,
        lambda: fit_labels.install_window_fitting(app),
    ]
    if percent == 100:
        later.append(lambda: preferences.apply_font_percent(app, 100))
    return later


def run_gui(*, vault: str | None = None, demo: bool = False, lang: str | None = None) -> int:
    """Show the window until the user quits; returns the process exit code."""
    from pairdesk.hardening import harden
    from pairdesk.ui import preferences

    harden()  # already done by pairdesk.__main__; again for any other way in
    language = i18n.install(preferences.startup_language(lang))
    _after_first_paint.append(setup_logging)  # a bug before it sets it up (log_bug)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("pairdesk")
    app.setWindowIcon(application_icon())
    app.setQuitOnLastWindowClosed(False)
    install_qt_language(app, language)
    gui_gc.install(app, freezes=True)  # never on the database worker: see ui/gui_gc.py
    layout_items.install()  # before any window: PySide6's stale QWidgetItem wrappers
    _after_first_paint.extend(_start_appearance(app))
    install_excepthook()

    demo_folder: DemoFolder | None = None
    if demo:
        from pairdesk.ui.demo_vault import build_demo_vault, new_demo_folder
        from pairdesk.ui.ops import Op

        # the folders of demos killed before they could remove theirs are swept first
        demo_folder = new_demo_folder()
        demo_path = demo_folder.vault_path
        location: paths.Location = demo_path
    else:
        location = paths.vault_location(vault)  # a file, or a server's address

    launcher = Launcher(location, demo=demo)
    launcher.finished.connect(app.exit)
    signal_timer = _quit_on_signals(app, launcher)
    smoke_timer = _arm_smoke_exit(app, launcher)

    def demo_failed(exc: BaseException) -> None:
        from pairdesk.ui.errors import show_error

        show_error(None, exc)
        app.exit(1)

    try:
        if demo:
            (
                Op.with_progress(None, lambda progress: build_demo_vault(demo_path, progress))
                .success(lambda _path: launcher.start())
                .failure(demo_failed)  # no window will open: say why, then quit
                .cancelled(lambda: app.exit(0))
                .busy(_("Preparing the demo vault with fictional people…"))
                .run()
            )
        else:
            launcher.start()
        code = app.exec()
    finally:
        launcher.shutdown()
        from pairdesk.ui import ops

        ops.shutdown()
        signal_timer.stop()
        if smoke_timer is not None:
            smoke_timer.stop()
        if demo_folder is not None:
            demo_folder.remove()
        _default_signals()
    return int(code)
