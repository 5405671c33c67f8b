"""The unlock dialog shows before the main window and the views are imported (issue 10),
and before SQLAlchemy, Alembic, ReportLab, openpyxl, pypdfium2, the core and the command
modules (issue 12); the core is then imported in the background while the passphrase is
typed. Damage found by the background page check after unlocking is told at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from pairdesk import app as app_module
from pairdesk.ui import tasks

SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from pairdesk import i18n
i18n.install("fr")
import pairdesk.app as app_module
app_module.preload_core = lambda: None  # the background imports: tested below
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
    assert len(modules) == 10
    assert all(m.startswith("pairdesk.ui.views.") for m in modules)


#: The end of the scripts below: their ``show_unlock`` in place of the launcher's, then
#: the real entry point, ``pairdesk --vault V``.
RUN_PAIRDESK = """
app_module.Launcher._show_unlock = show_unlock
sys.argv = ["pairdesk", "--vault", sys.argv[1]]
from pairdesk.__main__ import main
main()
"""

#: The real entry point (``pairdesk --vault V``), the dialog measured when painted; the
#: background import of the core is held back until then, and checked to start after.
PAINTED_SCRIPT = (
    """
import json, os, sys
import pairdesk.app as app_module
asked = []
app_module.preload_core = lambda: asked.append(True)
original = app_module.Launcher._show_unlock
HEAVY = ("sqlalchemy", "alembic", "reportlab", "openpyxl", "pypdfium2", "pairdesk.store",
         "pairdesk.services", "pairdesk.cli.vault",
         "pairdesk.cli.reports", "pairdesk.ui.main_window", "pairdesk.ui.operator_dialog",
         # nor the form kit, the date fields and Babel (pairdesk.formatting)
         "babel", "pairdesk.formatting", "pairdesk.ui.forms", "pairdesk.ui.widgets.date_field",
         "pairdesk.ui.settings_dialog")

def show_unlock(self):
    from PySide6.QtWidgets import QApplication
    original(self)
    app = QApplication.instance()
    dialog = self.unlock_dialog
    while not (dialog.windowHandle() and dialog.windowHandle().isExposed()):
        app.processEvents()
    app.processEvents()
    dialog.grab()
    app.processEvents()
    loaded = sorted(m for m in HEAVY if m in sys.modules)
    print(json.dumps({"shown": dialog.isVisible(), "loaded": loaded, "preload": asked}),
          flush=True)
    os._exit(0)

"""
    + RUN_PAIRDESK
)


def test_the_unlock_dialog_is_painted_before_the_core_is_imported(
    tmp_path: Path, vault_path: Path
) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PAIRDESK_HOME": str(tmp_path / "home"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PAINTED_SCRIPT, str(vault_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"shown": True, "loaded": [], "preload": [True]}


def test_the_core_is_imported_in_the_background() -> None:
    code = (
        "import sys\n"
        "import pairdesk.app as app\n"
        "assert 'sqlalchemy' not in sys.modules\n"
        "app.preload_core().join(300)\n"
        "wanted = [*app.PRELOADED, *app._window_modules()]\n"
        "assert 'pairdesk.ui.views.participants.page' in wanted\n"
        "print(sorted(m for m in wanted if m not in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == "[]"


#: The real entry point again: once the background imports are over, the GUI thread
#: collects and freezes what they left (ui/gui_gc.py), before Unlock is pressed.
FROZEN_SCRIPT = (
    """
import gc, json, os, sys, time
import pairdesk.app as app_module
original = app_module.Launcher._show_unlock

def show_unlock(self):
    from PySide6.QtWidgets import QApplication
    original(self)
    app = QApplication.instance()
    frozen_at_show = gc.get_freeze_count()
    deadline = time.monotonic() + 120
    while app_module._preload_thread is None or app_module._preload_thread.is_alive():
        app.processEvents()
        time.sleep(0.01)
        assert time.monotonic() < deadline
    deadline = time.monotonic() + 20
    while gc.get_freeze_count() == 0 and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    print(json.dumps({"at_show": frozen_at_show, "after": gc.get_freeze_count(),
                      "sqlalchemy": "sqlalchemy" in sys.modules}), flush=True)
    os._exit(0)

"""
    + RUN_PAIRDESK
)


def test_what_the_background_imports_leave_is_frozen_once_they_are_over(
    tmp_path: Path, vault_path: Path
) -> None:
    report = _last_json_line(["-c", FROZEN_SCRIPT, str(vault_path)], tmp_path / "home")
    assert isinstance(report, dict)
    assert report["at_show"] == 0  # nothing frozen before the imports
    assert report["sqlalchemy"]
    assert report["after"] > 10_000  # the libraries' objects, not a handful


def test_every_preloaded_module_is_a_hidden_import_of_the_bundle() -> None:
    """They are imported by name: the spec reads the list from pairdesk/app.py."""
    import ast

    root = Path(__file__).resolve().parents[2]
    spec = (root / "installers" / "pairdesk.spec").read_text(encoding="utf-8")
    assert "hiddenimports += app_preloaded()" in spec
    function = next(
        node
        for node in ast.parse(spec).body
        if isinstance(node, ast.FunctionDef) and node.name == "app_preloaded"
    )
    namespace: dict[str, object] = {"ROOT": root, "Path": Path}
    exec(compile(ast.Module([function], []), "pairdesk.spec", "exec"), namespace)
    assert namespace["app_preloaded"]() == list(app_module.PRELOADED)  # type: ignore[operator]


@pytest.fixture
def launchers() -> object:
    started: list[app_module.Launcher] = []
    yield started
    for launcher in started:
        launcher.shutdown()
    tasks.wait_for_idle()


def test_damage_found_after_unlocking_is_told_and_changes_refused(
    qtbot, vault_path: Path, launchers: list[app_module.Launcher]
) -> None:
    from pairdesk.errors import VaultDamaged
    from pairdesk.store.models import Association

    data = bytearray(vault_path.read_bytes())
    data[4096 * 3 + 200] ^= 0x55  # after the first page: the vault still unlocks
    vault_path.write_bytes(bytes(data))
    launcher = app_module.Launcher(vault_path)
    launchers.append(launcher)
    launcher.start()
    dialog = launcher.unlock_dialog
    assert dialog is not None
    from tests.factories import PASSPHRASE

    dialog.passphrase_field.setText(PASSPHRASE)
    dialog.try_unlock()
    qtbot.waitUntil(lambda: launcher.operator_dialog is not None, timeout=30_000)
    qtbot.waitUntil(lambda: launcher.message_box is not None, timeout=30_000)
    box = launcher.message_box
    assert box is not None
    assert box.icon() == QMessageBox.Icon.Warning
    assert "restore" in box.text().lower() or "restaur" in box.text().lower()
    ctx = launcher.ctx
    assert ctx is not None
    with pytest.raises(VaultDamaged), ctx.vault.transaction() as session:
        session.get(Association, 1).name = "GEM Never"


#: The real entry point again: at the dialog's first paint, no application-wide Python
#: event filter is installed yet (each would make PySide6 wrap every object an event
#: reaches, and load every class of its modules for Qt's private ones), the text-size
#: style waits at 100 %, and the dialog fits itself; just after the paint, all are there.
AFTER_PAINT_SCRIPT = (
    """
import enum, json, os, sys
created = []  # the Python enum classes PySide6 makes, by name
make = enum.EnumType._create_
def record(cls, name, *args, **kwargs):
    created.append(name)
    return make(cls, name, *args, **kwargs)
enum.EnumType._create_ = record
import pairdesk.app as app_module
from pairdesk.ui import fit_labels
app_module.preload_core = lambda: None
original = app_module.Launcher._show_unlock
first_paint_done = app_module._first_paint_done
app_module._first_paint_done = lambda: None  # held back: called below, once measured

def state(app):
    from pairdesk import diagnostics
    from pairdesk.ui import text_size, wheel_guard
    return {"wheel_guard": id(app) in wheel_guard._guards,
            "window_fitting": bool(app.property(fit_labels._FITTED)),
            "text_size_style": isinstance(app.style(), text_size.TextSizeStyle),
            "log_file": diagnostics._configured and "logging.handlers" in sys.modules}

def show_unlock(self):
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    original(self)
    dialog = self.unlock_dialog
    while not (dialog.windowHandle() and dialog.windowHandle().isExposed()):
        app.processEvents()
    app.processEvents()
    dialog.grab()
    # the Qt namespace's ~100 enum classes (Qt.AlignmentFlag…) wait too
    qt_namespace = "AlignmentFlag" in created
    at_paint = {**state(app), "qt_namespace": qt_namespace}
    first_paint_done()
    print(json.dumps({"at_paint": at_paint, "after": state(app),
                      "dialog_fitted": bool(dialog.property(fit_labels._FITTED))}), flush=True)
    os._exit(0)

"""
    + RUN_PAIRDESK
)


def _last_json_line(args: list[str], home: Path, **env: str) -> object:
    """Run ``python ARGS`` offscreen in a throw-away home; its last output line, as JSON."""
    result = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PAIRDESK_HOME": str(home), **env},
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_application_wide_filters_wait_for_the_dialogs_first_paint(
    tmp_path: Path, vault_path: Path
) -> None:
    report = _last_json_line(["-c", AFTER_PAINT_SCRIPT, str(vault_path)], tmp_path / "home")
    nothing = {
        "wheel_guard": False,
        "window_fitting": False,
        "text_size_style": False,
        "log_file": False,  # the rotating log file too (a bug before it sets it up)
    }
    assert report == {
        "at_paint": {**nothing, "qt_namespace": False},
        "after": dict.fromkeys(nothing, True),
        "dialog_fitted": True,
    }


def test_a_text_size_other_than_100_is_applied_before_the_first_paint(tmp_path: Path) -> None:
    """At 150 % the dialog must be painted at that size: its style is not deferred."""
    code = (
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from pairdesk.ui import preferences, text_size\n"
        "preferences.save_appearance(150, False)\n"
        "import pairdesk.app as app_module\n"
        "later = app_module._start_appearance(app)\n"
        "print(json.dumps({'percent': text_size.font_percent(app), 'later': len(later),\n"
        "    'style': isinstance(app.style(), text_size.TextSizeStyle)}))\n"
    )
    # the two application-wide filters wait; the text size does not
    assert _last_json_line(["-c", code], tmp_path) == {"percent": 150, "later": 2, "style": True}


def test_the_bench_hook_ends_the_process_at_the_first_paint(
    tmp_path: Path, vault_path: Path
) -> None:
    """``bench_startup --bundle`` times a frozen pairdesk from outside: with
    ``PAIRDESK_BENCH_EXIT_AT_PAINT=1`` it prints one line once the unlock dialog is
    painted and ends with code 0, before the background imports."""
    args = ["-m", "pairdesk", "--vault", str(vault_path), "--lang", "fr"]
    hook = {app_module.BENCH_EXIT_AT_PAINT_ENV: "1"}
    assert _last_json_line(args, tmp_path / "home", **hook) == {"unlock_dialog_painted": True}
