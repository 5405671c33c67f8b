"""Project-wide rules: layering, the French catalogue, lint, format and types."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pairdesk"
CORE = ("domain", "store", "services", "reports")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt() -> None:
    """DESIGN.md convention 1: domain, store, services and reports run headless."""
    offenders = []
    for layer in CORE:
        for path in (PACKAGE / layer).rglob("*.py"):
            qt = {n for n in _imports(path) if n.split(".")[0] in {"PySide6", "shiboken6"}}
            ui = {n for n in _imports(path) if n.startswith("pairdesk.ui") or n == "pairdesk.app"}
            if qt or ui:
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(qt | ui)}")
    assert offenders == []


def test_qt_only_in_ui_and_bootstrap() -> None:
    allowed = {PACKAGE / "app.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts
        and path not in allowed
        and any(n.split(".")[0] == "PySide6" for n in _imports(path))
    ]
    assert offenders == []


def _imported_names(path: Path) -> set[str]:
    """Every module an import may load, ``from pairdesk import reports`` counted as
    ``pairdesk.reports`` (imports inside functions included)."""
    names = _imports(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_services_never_import_reports() -> None:
    """Dependencies point down: the services build the read objects, the reports lay them
    out; a service never reaches up into ``pairdesk.reports``."""
    offenders = [
        f"{path.relative_to(ROOT)}: {sorted(bad)}"
        for path in (PACKAGE / "services").rglob("*.py")
        if (
            bad := {
                n
                for n in _imported_names(path)
                if n == "pairdesk.reports" or n.startswith("pairdesk.reports.")
            }
        )
    ]
    assert offenders == []


def _offenders(paths: list[Path], forbidden: str) -> list[str]:
    found = []
    for path in paths:
        hits = {n for n in _imported_names(path) if n == forbidden or n.startswith(forbidden + ".")}
        if hits:
            found.append(f"{path.relative_to(PACKAGE).as_posix()}: {sorted(hits)}")
    return found


def test_the_window_never_imports_the_store() -> None:
    """The window reaches the vault through services (services/vaults.py for its life
    cycle): no file under pairdesk/ui, nor the bootstrap app.py, imports pairdesk.store."""
    window = [*(PACKAGE / "ui").rglob("*.py"), PACKAGE / "app.py"]
    assert _offenders(window, "pairdesk.store") == []


#: ARCHITECTURE.md's layer table: what each layer must never import (prefixes), and the
#: one module of a forbidden layer it may use.
_NEVER: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "domain": (
        ("sqlalchemy", "pairdesk.store", "pairdesk.services", "pairdesk.reports", "pairdesk.cli"),
        (),
    ),
    "store": (("pairdesk.services", "pairdesk.reports", "pairdesk.cli"), ()),
    # reports write their file through store/files.py (owner-only, temp then rename)
    "reports": (("pairdesk.store", "pairdesk.cli"), ("pairdesk.store.files",)),
    # (``pairdesk`` without a command starts the window through the bootstrap ``pairdesk.app``)
    "cli": (("pairdesk.ui",), ()),
}


def test_each_layer_never_imports_what_architecture_md_forbids() -> None:
    found = []
    for layer, (forbidden, allowed) in _NEVER.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in sorted(_imported_names(path)):
                if any(name == f or name.startswith(f + ".") for f in forbidden) and not any(
                    name == a or name.startswith(a + ".") for a in allowed
                ):
                    found.append(f"{path.relative_to(PACKAGE).as_posix()}: {name}")
    assert found == []


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, pairdesk\n"
        "for layer in ('domain', 'store', 'services', 'reports'):\n"
        "    pkg = importlib.import_module('pairdesk.' + layer)\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations.versions' in m.name or m.name.endswith('migrations.env'):\n"
        "            continue\n"
        "        importlib.import_module(m.name)\n"
        "import pairdesk.cli\n"
        "print('PySide6' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_french_catalogue_is_complete() -> None:
    """Every string marked for translation has a French translation with the same placeholders."""
    from pairdesk.locale import catalogue

    assert catalogue.problems() == []


def test_compiled_catalogue_is_compared_by_content_not_bytes() -> None:
    """Another Babel version writes another header (Generated-By) and maybe another order:
    the same translations must still count as up to date, a changed one must not."""
    from babel.messages.catalog import Catalog

    from pairdesk.locale import catalogue

    def compiled(translation: str, *, reverse: bool = False) -> bytes:
        cat = Catalog(locale="fr", project="pairdesk", fuzzy=False)
        entries = [("Cancel", "Annuler"), ("Save", translation)]
        for msgid, msgstr in reversed(entries) if reverse else entries:
            cat.add(msgid, msgstr)
        return catalogue.compile_mo(cat)

    reference = compiled("Enregistrer")
    # Another Babel version: same length, other digits in the Generated-By header.
    other_tool = re.sub(
        rb"Generated-By: Babel [0-9.]+",
        lambda m: re.sub(rb"[0-9]", b"9", m.group(0)),
        compiled("Enregistrer", reverse=True),
    )
    assert reference != other_tool  # the bytes differ…
    assert catalogue.mo_messages(reference) == catalogue.mo_messages(other_tool)  # …not the text
    assert catalogue.mo_messages(reference) != catalogue.mo_messages(compiled("Sauvegarder"))


def _tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed")
    return found


def test_ruff_lint() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "pairdesk", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = subprocess.run(
        [_tool("ruff"), "format", "--check", "pairdesk", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_core_typed() -> None:
    result = subprocess.run([_tool("mypy"), "pairdesk"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
