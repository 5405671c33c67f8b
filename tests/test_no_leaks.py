"""Nothing about a participant is written unencrypted except what the user exports.

A full command-line scenario runs in subprocesses with HOME, TMPDIR, PAIRDESK_HOME and
every XDG folder inside one temporary folder; then every file written there (logs,
config, caches, temporary files…) is scanned for demo names and the passphrase, except
the vault and its backups (encrypted) and the files explicitly exported with --out.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

PASSPHRASE = "Fenêtre ’ ouverte sur la baie 42"


def _env(root: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "PAIRDESK_")) and k not in {"HOME", "TMPDIR", "TEMP", "TMP"}
    }
    env.update(
        HOME=str(root / "home"),
        TMPDIR=str(root / "tmp"),
        TEMP=str(root / "tmp"),
        TMP=str(root / "tmp"),
        PAIRDESK_HOME=str(root / "pairdesk"),
        XDG_CONFIG_HOME=str(root / "xdg-config"),
        XDG_DATA_HOME=str(root / "xdg-data"),
        XDG_CACHE_HOME=str(root / "xdg-cache"),
        XDG_STATE_HOME=str(root / "xdg-state"),
        XDG_RUNTIME_DIR=str(root / "xdg-runtime"),
        PAIRDESK_PASSPHRASE=PASSPHRASE,
        PAIRDESK_LANG="fr",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for key in ("HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    Path(env["XDG_STATE_HOME"]).mkdir(exist_ok=True)
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    return env


def _run(root: Path, *args: str, expect: int = 0) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pairdesk", *args],
        cwd=root / "home",
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == expect, (args, done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    return done.stdout


def test_no_names_or_passphrase_outside_the_vault(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    exports = root / "exports"
    exports.mkdir()
    _run(root, "init", "--association", "GEM Les Mouettes")
    _run(root, "demo-data", "--participants", "15", "--seed", "2", "--today", "2026-11-25")
    people = json.loads(_run(root, "participants", "--operator", "1", "--format", "json"))
    _run(root, "participants", "--operator", "1")  # the table too
    _run(root, "indicators", "--operator", "1", "--from", "2026-01-01", "--to", "2026-11-25")
    first = people[0]
    summary = exports / "synthese.pdf"
    _run(
        root,
        "report",
        "summary",
        "--operator",
        "1",
        "--participant",
        str(first["id"]),
        "--out",
        str(summary),
    )
    access = exports / "acces.json"
    _run(
        root,
        "privacy",
        "export",
        "--operator",
        "1",
        "--participant",
        str(first["id"]),
        "--out",
        str(access),
    )
    _run(
        root, "report", "summary", "--operator", "1", "--participant", "99999", expect=6
    )  # an error path
    _run(root, "privacy", "review", "--operator", "1")
    _run(root, "backup", "--operator", "1")

    needles = {PASSPHRASE}
    for person in people[:6]:
        needles.add(f"{person['first_name']} {person['last_name']}")
        if len(person["last_name"]) >= 4:
            needles.add(person["last_name"])
    encoded = {n: {n.encode("utf-8"), n.encode("utf-16-le")} for n in needles}

    pairdesk_home = root / "pairdesk"
    vault = pairdesk_home / "data" / "vault.pairdesk"
    backups = pairdesk_home / "data" / "backups"
    assert vault.exists()
    backup_files = list(backups.glob("*.pairdesk"))
    assert backup_files, "the backup was written"
    exported = {summary, access}

    scanned = 0
    leaks: list[str] = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        if path in exported or path.name.startswith(vault.name) or path.parent == backups:
            continue
        data = path.read_bytes()
        scanned += 1
        for needle, forms in encoded.items():
            if any(form in data for form in forms):
                leaks.append(f"{path.relative_to(root)}: {needle!r}")
    assert not leaks, leaks
    print(f"scanned {scanned} files")

    # the scan can find things: the exported files do hold the name
    name = f"{first['first_name']} {first['last_name']}"
    access_bytes = access.read_bytes()
    last_forms = encoded.get(first["last_name"], {first["last_name"].encode("utf-8")})
    assert any(form in access_bytes for form in last_forms)  # the same scan finds it
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(summary.read_bytes())).pages
    )
    assert first["last_name"] in text or name in text
