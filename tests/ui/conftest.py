"""UI test helpers: never hang on a modal dialog.

Closing a window in a fixture's teardown asks the current page whether it may be left;
a page with unsaved edits would then open a modal question nobody answers. Tests that
are about leaving pages ask for the real behaviour with ``@pytest.mark.leave_prompts``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from pairdesk import i18n
from pairdesk.ui import errors as ui_errors
from pairdesk.ui import fit_labels, gui_gc, layout_items, main_window, text_size
from pairdesk.ui.forms import registry as forms_registry
from pairdesk.ui.qt_language import set_qt_locale


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """pytest-qt closes the test's widgets before fixtures end: a dialog on the form kit
    with typed changes would ask its unsaved-changes question then. Park every form first
    (as the lock does: no question), unless the test is about that question."""
    if item.get_closest_marker("leave_prompts") is None:
        forms_registry.park_all()
    yield


_MESSAGE_BOX_EXEC = QMessageBox.exec


class _ErrorBoxInATest(QMessageBox):
    """``errors.show_error``'s box during a test. Offscreen nobody clicks OK, and a box
    nobody expected made a whole fresh-clone run wait for ever; the test fails instead,
    naming the error. (A test that expects an error replaces ``show_error``, or records
    every box by replacing ``QMessageBox.exec``: then that is what runs.)"""

    def exec(self) -> int:
        if QMessageBox.exec is not _MESSAGE_BOX_EXEC:  # the test records its boxes itself
            return QMessageBox.exec(self)
        raise AssertionError(f"an error box was shown and nobody would close it: {self.text()}")


@pytest.fixture(autouse=True)
def _an_error_box_fails_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_errors, "QMessageBox", _ErrorBoxInATest)


@pytest.fixture(autouse=True)
def _leave_without_prompts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("leave_prompts") is None:
        monkeypatch.setattr(main_window, "_can_leave", lambda page, then: True)


FULL_COLLECTION_EVERY = 10
_collections = [0]


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """Every top-level widget a test left (a dialog opened by the code under test, a
    preview, a launcher's window) is deleted when the test ends, and its garbage collected
    on this thread: a whole UI run otherwise ends with thousands of hidden widgets that
    every font change (the 200 % tests) walks and re-lays out. (The crash once put down to
    them, in home_view.py's first QSpinBox, was PySide6 handing over a stale wrapper of a
    layout item: ``ui/layout_items.py``.)"""
    yield
    for widget in QApplication.topLevelWidgets():
        # ours, or a dialog/window ours opened; never Qt's own (its tooltip label is a
        # static top-level widget that must outlive every test)
        ours = type(widget).__module__.startswith("pairdesk")
        if widget.parent() is None and (ours or isinstance(widget, QDialog | QMainWindow)):
            widget.hide()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # The young generations after each test (the test's own garbage), the whole heap every
    # FULL_COLLECTION_EVERY tests: a full collection walks every earlier test's objects
    # (~0.26 s late in a run; one per test took 169 s of a 379 s UI run in one process).
    # Never gc.freeze(): garbage frozen for good kept wrappers whose Qt objects were gone,
    # and the text-size style crashed more often (see TextSizeStyle's docstring).
    _collections[0] += 1
    gc.collect(2 if _collections[0] % FULL_COLLECTION_EVERY == 0 else 1)


@pytest.fixture(autouse=True)
def _appearance_as_the_app(qapp: QApplication) -> None:
    """The application's style and window fitting, as ``settings_dialog.apply_appearance``
    installs them at start-up (text size 100 %)."""
    fit_labels.install_window_fitting(qapp)
    text_size.install_style(qapp)
    gui_gc.install(qapp)  # garbage collected on the GUI thread only, as in the app
    layout_items.install()  # as the app: no stale QWidgetItem wrappers (ui/layout_items.py)
    # Qt's default locale as the app sets it before its first window (app.run_gui): a
    # widget takes its locale when it is built, so a test that ran first on its worker
    # otherwise saw an English calendar in a French window.
    set_qt_locale(i18n.current_language())
