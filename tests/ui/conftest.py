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
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

from pairdesk.ui import fit_labels, gui_gc, main_window, text_size
from pairdesk.ui.forms import registry as forms_registry


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """pytest-qt closes the test's widgets before fixtures end: a dialog on the form kit
    with typed changes would ask its unsaved-changes question then. Park every form first
    (as the lock does: no question), unless the test is about that question."""
    if item.get_closest_marker("leave_prompts") is None:
        forms_registry.park_all()
    yield


@pytest.fixture(autouse=True)
def _leave_without_prompts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("leave_prompts") is None:
        monkeypatch.setattr(main_window, "_can_leave", lambda page: True)


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """Every top-level widget a test left (a dialog opened by the code under test, a
    preview, a launcher's window) is deleted when the test ends, and its garbage collected
    on this thread: a whole UI run otherwise ends with thousands of hidden widgets that
    every font change (the 200 % tests) walks and re-lays out, and it crashed in Qt there
    (home_view.py's first QSpinBox, test_text_fits, after the whole UI suite)."""
    yield
    for widget in QApplication.topLevelWidgets():
        # ours, or a dialog/window ours opened; never Qt's own (its tooltip label is a
        # static top-level widget that must outlive every test)
        ours = type(widget).__module__.startswith("pairdesk")
        if widget.parent() is None and (ours or isinstance(widget, QDialog | QMainWindow)):
            widget.hide()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    # What survived is kept by something longer-lived (a module's fixture, a cache): moved
    # out of the collector's sight, so the next test's collection walks only the objects
    # made since. Without it each collection walked the whole heap of every earlier test:
    # ~0.26 s each, 169 s of a 379 s UI run in one process (measured).
    gc.freeze()


@pytest.fixture(autouse=True)
def _appearance_as_the_app(qapp: QApplication) -> None:
    """The application's style and window fitting, as ``settings_dialog.apply_appearance``
    installs them at start-up (text size 100 %)."""
    fit_labels.install_window_fitting(qapp)
    text_size.install_style(qapp)
    gui_gc.install(qapp)  # garbage collected on the GUI thread only, as in the app
