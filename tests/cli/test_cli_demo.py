"""demo-data on the command line: the same seed and date give the same association."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from pairdesk.cli import main

PASSPHRASE = "correct horse ’ battery é"  # the same as tests/conftest.py
TODAY = "2026-11-25"


class _Cli:
    def __init__(self, folder: Path) -> None:
        self.secret = folder / "passphrase.txt"
        self.secret.write_text(PASSPHRASE + "\n", encoding="utf-8")

    def run(self, *args: str) -> str:
        out = io.StringIO()
        assert main([*args, "--passphrase-file", str(self.secret)], out=out) == 0
        return out.getvalue()

    def demo_vault(self, template: Path, path: Path, seed: int) -> Path:
        shutil.copyfile(template, path)
        self.run("demo-data", "--vault", str(path), "--participants", "40",
                 "--seed", str(seed), "--today", TODAY)  # fmt: skip
        return path

    def outputs(self, path: Path) -> tuple[str, str]:
        """What a user reads of the demo: the participant list and the year's indicators."""
        vault = ("--vault", str(path), "--format", "json", "--operator", "1")
        people = self.run("participants", *vault)
        figures = self.run("indicators", *vault, "--from", "2025-11-26", "--to", TODAY)
        return people, figures


def test_same_seed_and_date_give_the_same_list_and_indicators(
    vault_template: Path, tmp_path: Path
) -> None:
    cli = _Cli(tmp_path)
    first = cli.outputs(cli.demo_vault(vault_template, tmp_path / "first.pairdesk", seed=5))
    second = cli.outputs(cli.demo_vault(vault_template, tmp_path / "second.pairdesk", seed=5))
    assert first == second
    people, figures = (json.loads(text) for text in first)
    assert len(people) == 40
    assert figures["active_participants"]["value"] > 0
    assert figures["workshops_held"]["value"] > 0

    other = cli.outputs(cli.demo_vault(vault_template, tmp_path / "other.pairdesk", seed=6))
    assert other[0] != first[0]


def test_counts_are_printed_the_french_way_in_any_console(
    vault_template: Path, tmp_path: Path
) -> None:
    """« 1 200 personnes », the thousands apart by a no-break space that code page 1252
    (a Windows console writing to a file) can encode, as can the check's size line."""
    cli = _Cli(tmp_path)
    path = tmp_path / "big.pairdesk"
    shutil.copyfile(vault_template, path)
    written = cli.run("demo-data", "--vault", str(path), "--participants", "1200",
                      "--today", TODAY)  # fmt: skip
    assert "1\u00a0200 personnes accompagnées fictives" in written
    checked = cli.run("check", "--vault", str(path))
    size = next(line for line in checked.splitlines() if line.startswith("Taille"))
    kib = path.stat().st_size // 1024
    assert size.replace("\u00a0", "").endswith(f" {kib} Kio") and kib >= 1000
    assert "\u00a0" in size
    for text in (written, checked):
        text.encode("cp1252")  # nothing a French Windows console cannot write
