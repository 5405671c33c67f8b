"""pool export / pool merge: three demo associations, exports added up by hand and by the
merge, nothing personal in an export, refusals with exit 7, nothing small published."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from pairdesk.cli import main
from pairdesk.domain.pooling import checksum
from pairdesk.domain.suppression import is_small
from pairdesk.reports.base import hidden_text
from pairdesk.store.models import AuditEntry, Participant
from pairdesk.store.vault import open_vault
from tests.factories import PASSPHRASE

YEAR = "2026"
TODAY = "2026-11-25"
SEEDS = (11, 12, 13)


def _run(*args: str, secret: Path | None = None) -> tuple[int, str]:
    out = io.StringIO()
    extra = ("--passphrase-file", str(secret)) if secret is not None else ()
    return main([*args, *extra], out=out), out.getvalue()


@pytest.fixture(scope="module")
def demo(vault_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Three demo vaults of different seeds and their exports for 2026."""
    folder = tmp_path_factory.mktemp("pool")
    secret = folder / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    vaults, exports = [], []
    for seed in SEEDS:
        vault = folder / f"gem{seed}.pairdesk"
        shutil.copyfile(vault_template, vault)
        code, _out = _run("demo-data", "--vault", str(vault), "--participants", "30",
                          "--seed", str(seed), "--today", TODAY, secret=secret)  # fmt: skip
        assert code == 0
        export = folder / f"gem{seed}.json"
        code, _out = _run("pool", "export", "--vault", str(vault), "--operator", "1",
                          "--year", YEAR, "--out", str(export), secret=secret)  # fmt: skip
        assert code == 0, _out
        vaults.append(vault)
        exports.append(export)
    return {"folder": folder, "secret": secret, "vaults": vaults, "exports": exports}


def _exports(demo: dict[str, object]) -> list[Path]:
    exports = demo["exports"]
    assert isinstance(exports, list)
    return exports


def test_an_export_is_versioned_checksummed_and_keyed_like_the_indicators(
    demo: dict[str, object],
) -> None:
    data = json.loads(_exports(demo)[0].read_text(encoding="utf-8"))
    assert data["format"] == "pairdesk-pool/1"
    assert data["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert data["structure"] is None  # not asked for
    stated = data.pop("checksum")
    assert stated["algorithm"] == "sha256" and stated["value"] == checksum(data)
    ids = {json.loads(e.read_text(encoding="utf-8"))["export_id"] for e in _exports(demo)}
    assert len(ids) == 3
    # The same keys as `pairdesk indicators --format json`, with the same exact figures.
    vaults = demo["vaults"]
    assert isinstance(vaults, list)
    secret = demo["secret"]
    assert isinstance(secret, Path)
    code, text = _run("indicators", "--vault", str(vaults[0]), "--operator", "1",
                      "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json",
                      secret=secret)  # fmt: skip
    assert code == 0
    figures = json.loads(text)
    assert list(data["indicators"]) == list(figures)
    for key, item in figures.items():
        assert data["indicators"][key]["numerator"] == item["numerator"]
        assert data["indicators"][key]["denominator"] == item["denominator"]


def test_an_export_holds_no_name_identifier_birth_date_or_free_text(
    demo: dict[str, object],
) -> None:
    vaults = demo["vaults"]
    assert isinstance(vaults, list)
    for vault_file, export in zip(vaults, _exports(demo), strict=True):
        text = export.read_text(encoding="utf-8")
        vault = open_vault(vault_file, PASSPHRASE)
        try:
            with vault.transaction() as session:
                people = session.execute(
                    select(
                        Participant.first_name,
                        Participant.last_name,
                        Participant.pseudonym,
                        Participant.birth_date,
                        Participant.email,
                        Participant.phone,
                        Participant.notes,
                    )
                ).all()
        finally:
            vault.close()
        assert people
        lowered = text.lower()
        for first, last, pseudonym, born, email, phone, notes in people:
            for word in (first, last, pseudonym, email, phone):
                if word and len(word) > 2:
                    assert not re.search(rf"\b{re.escape(word.lower())}\b", lowered), word
            if born is not None:
                assert born.isoformat() not in text
                assert born.strftime("%d/%m/%Y") not in text
            if notes:
                assert notes[:30].lower() not in lowered
        # and nothing that looks like a person's reference (P0042) or an id list
        assert not re.search(r"\bP\d{4}\b", text)
        assert "participant_id" not in text


def test_the_merge_equals_the_hand_added_figures(demo: dict[str, object], tmp_path: Path) -> None:
    out = tmp_path / "region.json"
    code, text = _run("pool", "merge", *map(str, _exports(demo)), "--out", str(out))
    assert code == 0, text
    merged = json.loads(out.read_text(encoding="utf-8"))
    assert merged["associations"] == 3
    parts = [json.loads(e.read_text(encoding="utf-8")) for e in _exports(demo)]
    for key, item in merged["indicators"].items():
        numerator = sum(p["indicators"][key]["numerator"] for p in parts)
        if item["numerator"] is not None:
            assert item["numerator"] == numerator, key
        else:
            assert item["suppressed"] is True
        if item["kind"] != "count":
            denominator = sum(p["indicators"][key]["denominator"] for p in parts)
            if item["denominator"] is not None:
                assert item["denominator"] == denominator, key
            if item["value"] is not None:
                assert item["value"] == pytest.approx(numerator / denominator), key
    for key, item in merged["counts"].items():
        if item["value"] is not None:
            assert item["value"] == sum(p["counts"].get(key, 0) for p in parts), key
    assert "members_at_year_end" in merged["counts"]
    held = merged["indicators"]["workshops_held"]
    assert held["value"] == sum(p["indicators"]["workshops_held"]["value"] for p in parts)


def _numbers(value: object) -> list[float]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [value]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return []


def test_the_published_regional_report_holds_no_count_from_1_to_10(
    demo: dict[str, object], tmp_path: Path
) -> None:
    files = [str(e) for e in _exports(demo)]
    for suffix in ("json", "xlsx", "pdf"):
        code, _text = _run("pool", "merge", *files, "--out", str(tmp_path / f"r.{suffix}"))
        assert code == 0
    merged = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    counts = [
        n
        for item in merged["indicators"].values()
        for n in _numbers([item["numerator"], item["denominator"], item["breakdown"]])
    ]
    counts += _numbers([c["value"] for c in merged["counts"].values()])
    assert counts and not [n for n in counts if isinstance(n, int) and is_small(n)]
    suppressed = [k for k, v in merged["indicators"].items() if v["suppressed"]]
    assert suppressed  # the demo's retention milestones are few
    for key in suppressed:
        item = merged["indicators"][key]
        assert None in (item["value"], item["numerator"], item["denominator"])
    # The spreadsheet: every figure cell is 0, 11 or more, a rate, or hidden.
    workbook = load_workbook(tmp_path / "r.xlsx")
    sheet = workbook.worksheets[0]
    figures = [
        str(c.value)
        for row in sheet.iter_rows(min_row=5)
        for c in row[1:]
        if c.value not in (None, "")
    ]
    assert hidden_text() in figures and "< 11" not in figures
    for figure in figures:
        if figure.replace("\u202f", "").replace("\xa0", "").isdigit():
            assert not is_small(int(figure.replace("\u202f", "").replace("\xa0", "")))
    # The PDF: hidden figures printed as such, the table's bare figures never 1 to 10.
    pdf = tmp_path / "r.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert hidden_text() in text and "< 11" not in text
    table = text.split("Dénominateur", 1)[1].split("Définitions", 1)[0]
    figures = [line.replace("\u202f", "").replace("\xa0", "") for line in table.splitlines()]
    bare = [int(line) for line in figures if line.isdigit()]
    assert bare and not [n for n in bare if is_small(n)], bare
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_an_altered_export_is_refused(
    demo: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _exports(demo)[0]
    data = json.loads(first.read_text(encoding="utf-8"))
    data["indicators"]["active_participants"]["numerator"] += 1
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps(data), encoding="utf-8")
    code, _text = _run("pool", "merge", str(altered), "--out", str(tmp_path / "r.json"))
    assert code == 7
    assert "somme de contrôle" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def test_the_same_export_twice_is_refused(
    demo: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _exports(demo)[:2]
    copy = tmp_path / "copy.json"
    shutil.copyfile(first, copy)
    code, _text = _run("pool", "merge", str(first), str(second), str(copy),
                       "--out", str(tmp_path / "r.json"))  # fmt: skip
    assert code == 7
    assert "copy.json" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def _rewrite(source: Path, target: Path, change: dict[str, object]) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    data.pop("checksum")
    data.update(change)
    data["checksum"] = {"algorithm": "sha256", "value": checksum(data)}
    target.write_text(json.dumps(data), encoding="utf-8")


def test_another_format_version_and_mixed_periods_are_refused(
    demo: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _exports(demo)[:2]
    newer = tmp_path / "newer.json"
    _rewrite(first, newer, {"format": "pairdesk-pool/2"})
    code, _text = _run("pool", "merge", str(newer), "--out", str(tmp_path / "r.json"))
    assert code == 7
    assert "pairdesk-pool/2" in capsys.readouterr().err
    other_year = tmp_path / "2025.json"
    _rewrite(
        second,
        other_year,
        {"period": {"start": "2025-01-01", "end": "2025-12-31"}, "export_id": "other"},
    )
    code, _text = _run("pool", "merge", str(first), str(other_year),
                       "--out", str(tmp_path / "r.json"))  # fmt: skip
    assert code == 7
    assert "2025-01-01" in capsys.readouterr().err
    not_json = tmp_path / "notes.json"
    not_json.write_text("hello", encoding="utf-8")
    code, _text = _run("pool", "merge", str(not_json), "--out", str(tmp_path / "r.json"))
    assert code == 7


def test_export_is_for_a_coordinator_and_audited(demo: dict[str, object], tmp_path: Path) -> None:
    vaults = demo["vaults"]
    assert isinstance(vaults, list)
    secret = demo["secret"]
    assert isinstance(secret, Path)
    vault_file = tmp_path / "copy.pairdesk"
    shutil.copyfile(vaults[0], vault_file)
    vault = open_vault(vault_file, PASSPHRASE)
    try:
        with vault.transaction() as session:
            from pairdesk.store.models import TeamMember

            facilitator = session.scalars(
                select(TeamMember.id).where(TeamMember.role == "facilitator")
            ).first()
    finally:
        vault.close()
    assert facilitator is not None
    code, _text = _run("pool", "export", "--vault", str(vault_file), "--operator",
                       str(facilitator), "--year", YEAR, "--out", str(tmp_path / "f.json"),
                       secret=secret)  # fmt: skip
    assert code == 7
    assert not (tmp_path / "f.json").exists()
    code, _text = _run("pool", "export", "--vault", str(vault_file), "--operator", "1",
                       "--year", YEAR, "--out", str(tmp_path / "c.json"),
                       "--include-identity", "--departement", "69", secret=secret)  # fmt: skip
    assert code == 0
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["structure"]["departement"] == "69" and data["structure"]["name"]
    vault = open_vault(vault_file, PASSPHRASE)
    try:
        with vault.transaction() as session:
            lines = session.scalars(
                select(AuditEntry).where(AuditEntry.entity == "network_export")
            ).all()
            # the fixture's export, then this one; the refused one left no line
            assert [(line.action, line.detail) for line in lines] == [
                ("export", "year=2026 identity=no"),
                ("export", "year=2026 identity=yes"),
            ]
    finally:
        vault.close()
    assert dt.date.fromisoformat(data["created_on"])


def test_report_gem_annual_on_the_command_line(demo: dict[str, object], tmp_path: Path) -> None:
    vaults = demo["vaults"]
    assert isinstance(vaults, list)
    secret = demo["secret"]
    assert isinstance(secret, Path)
    vault_file = tmp_path / "copy.pairdesk"
    shutil.copyfile(vaults[1], vault_file)
    common = ("--vault", str(vault_file), "--operator", "1")
    pdf, xlsx = tmp_path / "annual.pdf", tmp_path / "annual.xlsx"
    code, _text = _run("report", "gem-annual", "--year", YEAR, *common, "--out", str(pdf),
                       secret=secret)  # fmt: skip
    assert code == 0
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Rapport d'activité annuel 2026" in text and "28/02/2027" in text
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0
    code, _text = _run("report", "gem-annual", "--year", YEAR, *common, "--out", str(xlsx),
                       "--for-publication", secret=secret)  # fmt: skip
    assert code == 0
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    assert sheet.cell(row=1, column=1).value == "Rapport d'activité annuel 2026"
    code, _text = _run("report", "gem-annual", *common, "--out", str(tmp_path / "x.pdf"),
                       secret=secret)  # fmt: skip
    assert code == 2  # --year is needed


def test_a_file_far_too_large_is_refused_before_being_read(
    demo: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pairdesk.domain.pooling import MAX_EXPORT_BYTES

    huge = tmp_path / "huge.json"
    with huge.open("wb") as stream:
        stream.truncate(MAX_EXPORT_BYTES + 1)
    code, _text = _run("pool", "merge", str(_exports(demo)[0]), str(huge),
                       "--out", str(tmp_path / "r.json"))  # fmt: skip
    assert code == 7
    assert "huge.json" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()
