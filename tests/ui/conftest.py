"""UI test helpers: never hang on a modal dialog.

Closing a window in a fixture's teardown asks the current page whether it may be left;
a page with unsaved edits would then open a modal question nobody answers. Tests that
are about leaving pages ask for the real behaviour with ``@pytest.mark.leave_prompts``.
"""

from __future__ import annotations

import pytest

from pairdesk.ui import main_window


@pytest.fixture(autouse=True)
def _leave_without_prompts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("leave_prompts") is None:
        monkeypatch.setattr(main_window, "_can_leave", lambda page: True)
