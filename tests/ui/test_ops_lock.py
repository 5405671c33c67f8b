"""Locking while a search, a save and a print are still running raises nothing, no
callback reaches the destroyed window, and the save already under way is committed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QTimer

from pairdesk.services import home, team
from pairdesk.services.context import ServiceContext
from pairdesk.store.vault import open_vault
from pairdesk.ui import ops
from pairdesk.ui.ops import Op
from tests.ui.test_lock_and_drafts import PASSPHRASE, launcher, people, unlock  # noqa: F401


@pytest.mark.leave_prompts
def test_lock_during_pending_search_save_and_print(
    qtbot,
    launcher,  # noqa: F811
    vault_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    launcher.start()
    window = unlock(qtbot, launcher)
    release = threading.Event()
    reached: list[str] = []
    saved_names: list[str] = []

    real_todo, real_update = home.todo, team.update_association

    def slow_todo(ctx: ServiceContext):  # the home page's "search"
        release.wait(10)
        return real_todo(ctx)

    def slow_update(ctx: ServiceContext, data):  # the association profile's save
        release.wait(10)
        result = real_update(ctx, data)
        saved_names.append(result.name)
        return result

    monkeypatch.setattr(home, "todo", slow_todo)
    monkeypatch.setattr(team, "update_association", slow_update)

    home_page = window.page("today")
    home_page.refresh()  # a read pending on the worker
    window.show_page("team_settings")
    tab = window.page("team_settings").association_tab
    tab.name_field.setText("GEM Exemple")
    tab.save()  # a write pending on the worker
    printing = (
        Op.with_progress(tab, lambda progress: (release.wait(10), progress(1, 1))[1])
        .success(lambda _r: reached.append(tab.objectName()))
        .busy("Printing…")
    )
    assert printing.run()  # a print-like job with progress
    assert ops.pending(window)

    vault = launcher.ctx.vault
    QTimer.singleShot(50, release.set)  # the work ends while the lock waits for it
    window.lock()
    qtbot.waitUntil(lambda: launcher.main_window is None and vault.closed, timeout=10_000)
    assert ops.wait_for_idle(10)
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5_000)
    assert reached == []
    assert not ops.pending()
    # the commit under way was not aborted, only its callback dropped
    assert saved_names == ["GEM Exemple"]
    reopened = open_vault(vault_path, PASSPHRASE)
    try:
        assert team.get_association(ServiceContext(reopened)).name == "GEM Exemple"
    finally:
        reopened.close()
