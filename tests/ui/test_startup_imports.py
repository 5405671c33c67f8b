"""The unlock dialog shows before the main window and the views are imported (issue 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from pairdesk import i18n
i18n.install("fr")
from pairdesk.app import Launcher
launcher = Launcher(Path(sys.argv[1]))
launcher.start()
app.processEvents()
shown = launcher.unlock_dialog is not None and launcher.unlock_dialog.isVisible()
loaded = sorted(m for m in sys.modules if m == "pairdesk.ui.main_window"
                or m.startswith("pairdesk.ui.views"))
launcher.shutdown()
print(json.dumps({"shown": shown, "loaded": loaded}))
"""


def test_unlock_dialog_shows_before_the_views_are_imported(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PAIRDESK_HOME": str(tmp_path / "home"),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "vault.pairdesk")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"shown": True, "loaded": []}


def test_the_main_window_imports_every_view_directly() -> None:
    """No view is looked up by module name: importing the window imports them all, and a
    view that cannot be imported makes that import fail."""
    code = (
        "import sys, pairdesk.ui.main_window as w\n"
        "print(sorted({p.create.__module__ for p in w.PAGES}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
        timeout=120,
    )
    modules = json.loads(result.stdout.strip().replace("'", '"'))
    assert len(modules) == 9
    assert all(m.startswith("pairdesk.ui.views.") for m in modules)
