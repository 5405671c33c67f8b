"""The installer files: the PyInstaller spec, the Linux menu entry, the NSIS script, icons.

The full bundle build (installers/build_linux_bundle.sh) takes minutes and is not run
here; these checks catch a broken file early. External tools are optional: each test
that needs one skips when it is not installed.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALLERS = ROOT / "installers"
SPEC = INSTALLERS / "pairdesk.spec"
DESKTOP = INSTALLERS / "linux" / "pairdesk.desktop"
NSIS = INSTALLERS / "windows" / "pairdesk.nsi"
ICONS = ROOT / "resources" / "icons"


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def string_constants(tree: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def test_spec_parses_and_names_the_data_the_program_reads_as_files() -> None:
    strings = string_constants(spec_tree())
    # Where paths.resources_dir(), locale_dir() and migrations_dir() look when frozen.
    assert {"resources", "pairdesk/locale", "pairdesk/store/migrations"} <= strings
    assert {"*.mo", "*.py", "*.mako"} <= strings
    assert "PySide6/Qt/translations" in strings
    assert {"babel", "pypdfium2_raw", "sqlcipher3", "reportlab", "platformdirs"} <= strings
    # Babel's data comes from our own hook (French and English only).
    hook = (INSTALLERS / "hooks" / "hook-babel.py").read_text(encoding="utf-8")
    assert 'collect_data_files("babel")' in hook and '"fr"' in hook


def test_spec_leaves_pkg_resources_out() -> None:
    """With pkg_resources in the bundle, PyInstaller's runtime hook imports it at every
    start, before the unlock dialog (issue 12): it must be excluded."""
    excludes = next(
        node.value
        for node in spec_tree().body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "excludes" for t in node.targets)
    )
    assert "pkg_resources" in ast.literal_eval(excludes)


def test_spec_builds_a_console_and_a_windowed_executable() -> None:
    calls = [
        n for n in ast.walk(spec_tree()) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    ]
    exes = {}
    for call in (c for c in calls if c.func.id == "EXE"):  # type: ignore[attr-defined]
        keywords = {k.arg: k.value for k in call.keywords}
        name = keywords["name"]
        console = keywords["console"]
        assert isinstance(name, ast.Constant) and isinstance(console, ast.Constant)
        exes[name.value] = console.value
    assert exes == {"pairdesk": True, "pairdesk-gui": False}
    assert any(c.func.id == "COLLECT" for c in calls)  # type: ignore[attr-defined]
    assert any(c.func.id == "BUNDLE" for c in calls)  # type: ignore[attr-defined]


def test_spec_sources_exist() -> None:
    assert (INSTALLERS / "launcher.py").is_file()
    migrations = ROOT / "pairdesk" / "store" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    assert list((migrations / "versions").glob("0001_*.py"))
    assert list((ROOT / "pairdesk" / "locale").glob("*/LC_MESSAGES/pairdesk.mo"))


def test_launcher_calls_the_cli_main() -> None:
    tree = ast.parse((INSTALLERS / "launcher.py").read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert any(n.module == "pairdesk.__main__" and n.names[0].name == "main" for n in imports)


def test_icons_exist_at_every_size() -> None:
    from PIL import Image

    assert (ICONS / "pairdesk.svg").is_file()
    for size in (16, 32, 48, 64, 128, 256):
        with Image.open(ICONS / f"pairdesk-{size}.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
    with Image.open(ICONS / "pairdesk.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    assert (ICONS / "pairdesk.icns").read_bytes()[:4] == b"icns"


def desktop_entries() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def test_desktop_file_has_icon_category_and_french() -> None:
    entries = desktop_entries()
    assert entries["Type"] == "Application"
    assert entries["Icon"] == "pairdesk"
    assert "Office" in entries["Categories"].split(";")
    assert entries["Exec"].startswith("pairdesk-gui")
    assert entries["Name[fr]"] and entries["Comment[fr]"]
    assert entries["Terminal"] == "false"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_file_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_nsis_script_keeps_user_data_and_speaks_french_and_english() -> None:
    text = NSIS.read_text(encoding="utf-8")
    assert '!insertmacro MUI_LANGUAGE "French"' in text
    assert '!insertmacro MUI_LANGUAGE "English"' in text
    assert "pairdesk-gui.exe" in text
    assert "$SMPROGRAMS" in text and "$DESKTOP" in text
    uninstall = text.split('Section "Uninstall"', 1)[1]
    # The uninstaller removes what it installed, never the AppData folder.
    assert "$LOCALAPPDATA" not in uninstall.replace("$(DataKept)", "")
    assert 'RMDir /r "$INSTDIR"' not in uninstall
    assert "$(DataKept)" in uninstall
    assert (INSTALLERS / "windows" / "licence.txt").is_file()


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (Debian: nsis)")
def test_nsis_script_compiles(tmp_path: Path) -> None:
    dist = tmp_path / "dist" / "pairdesk"
    (dist / "_internal").mkdir(parents=True)
    for name in ("pairdesk.exe", "pairdesk-gui.exe", "_internal/base_library.zip"):
        (dist / name).write_bytes(b"placeholder")
    out = tmp_path / "pairdesk-test-installer.exe"
    result = subprocess.run(
        ["makensis", "-V2", "-WX", f"-DDIST={dist}", f"-DOUTFILE={out}", NSIS.name],
        cwd=NSIS.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


@pytest.mark.slow
def test_a_wheel_carries_what_the_program_reads_as_files(tmp_path: Path) -> None:
    """``pip install .`` (not editable) installs the wheel alone: fonts, icons, the demo's
    seed lists, the catalogues and the migrations' template must be inside it, where
    ``paths.resources_dir()`` looks once installed."""
    source = tmp_path / "source"  # pip builds in the tree: not in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "pairdesk", source / "pairdesk", ignore=ignore)
    shutil.copytree(ROOT / "resources", source / "resources", ignore=ignore)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("pairdesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("fonts", "icons", "demo"):
        expected = {
            f"pairdesk/resources/{folder}/{f.name}" for f in (ROOT / "resources" / folder).iterdir()
        }
        assert expected and expected <= names, folder
    assert "pairdesk/locale/fr/LC_MESSAGES/pairdesk.mo" in names
    assert any(n.startswith("pairdesk/store/migrations/") and n.endswith(".mako") for n in names)
    assert not any(n.startswith("resources/") for n in names)


def test_resources_are_read_inside_the_installed_package_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pairdesk import paths

    package = tmp_path / "site-packages" / "pairdesk"
    monkeypatch.setattr(paths, "package_dir", lambda: package)
    assert paths.resources_dir() == tmp_path / "site-packages" / "resources"  # a checkout
    (package / "resources").mkdir(parents=True)
    assert paths.resources_dir() == package / "resources"  # a wheel
