"""UI test helpers: never hang on a modal dialog.

Closing a window in a fixture's teardown asks the current page whether it may be left;
a page with unsaved edits would then open a modal question nobody answers. Tests that
are about leaving pages ask for the real behaviour with ``@pytest.mark.leave_prompts``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

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
def _appearance_as_the_app(qapp: QApplication) -> None:
    """The application's style and window fitting, as ``settings_dialog.apply_appearance``
    installs them at start-up (text size 100 %)."""
    fit_labels.install_window_fitting(qapp)
    text_size.install_style(qapp)
    gui_gc.install(qapp)  # garbage collected on the GUI thread only, as in the app
