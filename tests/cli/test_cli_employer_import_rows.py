"""``pairdesk import employers``: a refused row is printed with its number and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from pairdesk.errors import ExitCode
from pairdesk.services.context import ServiceContext
from tests.factories import run_cli


def test_refused_rows_are_printed_with_their_reason(
    ctx: ServiceContext, vault_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx.vault.close()
    path = tmp_path / "employeurs.csv"
    path.write_bytes(
        "Employeur;Contact;Courriel du contact\r\n"
        "Atelier Vert;Mme Roux;\r\n"
        "Café Rouge;M. Noir;pas-un-courriel\r\n".encode("utf-8-sig")
    )
    code, text = run_cli(
        monkeypatch, "--vault", str(vault_path), "import", "employers", str(path), "--dry-run"
    )
    assert code == ExitCode.OK
    # the row's number, then the reason (the tests run in French)
    (line,) = [x for x in text.splitlines() if x.startswith("  ")]
    assert line.startswith("  Ligne 3 : ") and "nom@exemple.org" in line
