"""The batched import of participants (issue 12) writes exactly what the row-by-row path
writes: the same records, ids, search index, schemes, audit lines and report, for a file
mixing plain new people, people with schemes and referents, people who left, invalid
rows and likely duplicates (in the vault and earlier in the file). Progress and Cancel."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from pairdesk.domain.enums import DuplicateDecision, Role
from pairdesk.services import participants as ps
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.services.imports import ImportKind, read_table, run_import, running
from pairdesk.store.models import AuditEntry, Participant, ParticipantScheme
from pairdesk.store.vault import open_vault
from tests.conftest import PASSPHRASE, TODAY
from tests.factories import make_participant

HEADER = "Nom;Prénom;Date de naissance;Courriel;Ville;Dispositif;Référent;Statut;Remarques"


def _lines(count: int) -> list[str]:
    lines = [HEADER]
    for i in range(count):
        last, first = f"Essai{i:04d}", f"Prénom{i % 7}"
        born = f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}"
        scheme = referent = status = ""
        if i % 9 == 4:
            scheme, referent = "France Travail", f"Mme Référente {i % 3}"
        if i % 11 == 5:
            status = "sortie"
        email = "pas-un-mail" if i % 13 == 6 else f"essai{i}@example.org"
        lines.append(
            f"{last};{first};{born};{email};Saint-Étienne;{scheme};{referent};{status};ligne {i}"
        )
    lines.append("Dupont;Léa;02/03/1990;;Lyon;;;;déjà là")  # in the vault
    lines.append(lines[3].replace("ligne 2", "encore"))  # same person as row 4
    lines.append(lines[10].replace("ligne 9", "fusion"))  # same person as row 11
    lines.append(";SansNom;01/01/1980;;;;;;")  # invalid
    return lines


@pytest.fixture
def twin(vault_template: Path, tmp_path: Path) -> Iterator[ServiceContext]:
    """A second vault, as the test's ``ctx`` one, for the row-by-row side."""
    path = tmp_path / "twin.pairdesk"
    shutil.copyfile(vault_template, path)
    opened = open_vault(path, PASSPHRASE)
    yield ServiceContext(
        opened, Operator(id=None, name="Test", role=Role.COORDINATOR), lambda: TODAY
    )
    opened.close()


def _snapshot(ctx: ServiceContext) -> dict[str, Any]:
    # the edit version counts flushes (the row-by-row path flushes twice a new person, the
    # batch once): only "changed since read" matters, never its value
    skip = {"created_at", "updated_at", "edit_version"}
    with ctx.transaction() as session:
        people = [
            {c.key: getattr(p, c.key) for c in Participant.__table__.columns if c.key not in skip}
            for p in session.scalars(select(Participant).order_by(Participant.id))
        ]
        schemes = session.execute(
            select(
                ParticipantScheme.participant_id,
                ParticipantScheme.scheme,
                ParticipantScheme.referent_id,
            ).order_by(ParticipantScheme.id)
        ).all()
        audit = session.execute(
            select(
                AuditEntry.id,
                AuditEntry.operator_name,
                AuditEntry.entity,
                AuditEntry.entity_id,
                AuditEntry.action,
                AuditEntry.detail,
            ).order_by(AuditEntry.id)
        ).all()
        fts = session.execute(
            text("SELECT rowid, search_text FROM participant_fts ORDER BY rowid")
        ).all()
        found = session.execute(
            text("SELECT rowid FROM participant_fts WHERE participant_fts MATCH 'essai0001'")
        ).all()
    return {"people": people, "schemes": schemes, "audit": audit, "fts": fts, "found": found}


def _run(ctx: ServiceContext, path: Path, **options: Any) -> running.ImportReport:
    make_participant(ctx, "Léa", "Dupont", birth_date=dt.date(1990, 3, 2))
    table = read_table(path)
    mapping = dict(enumerate(
        ["last_name", "first_name", "birth_date", "email", "city", "schemes", "referents",
         "status", "notes"]
    ))  # fmt: skip
    return run_import(ctx, ImportKind.PARTICIPANTS, table, mapping, **options)


@pytest.mark.parametrize("rows", [40, 1200])  # one batch, and several (BATCH_ROWS = 500)
def test_batched_import_writes_what_the_row_by_row_path_writes(
    ctx: ServiceContext,
    twin: ServiceContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: int,
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("\n".join(_lines(rows)) + "\n", encoding="utf-8")
    decisions = {rows + 3: DuplicateDecision.IMPORT, rows + 4: DuplicateDecision.MERGE}

    batched = _run(ctx, path, duplicates=decisions)
    with monkeypatch.context() as patch:
        patch.setattr(running, "_simple_participant", lambda kind, row: False)
        row_by_row = _run(twin, path, duplicates=decisions)

    assert batched == row_by_row
    assert len(batched.imported) > rows // 2 and batched.invalid and batched.duplicates
    assert {d.decision for d in batched.duplicates} == set(DuplicateDecision)
    assert _snapshot(ctx) == _snapshot(twin)
    assert _snapshot(ctx)["found"]  # the search index holds the batched rows


def test_dry_run_of_a_batched_import_keeps_nothing(ctx: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("\n".join(_lines(30)) + "\n", encoding="utf-8")
    report = _run(ctx, path, dry_run=True)
    assert report.dry_run and len(report.imported) > 15
    with ctx.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Participant)) == 1  # Léa
        fts = session.scalar(text("SELECT count(*) FROM participant_fts"))
        assert fts == 1


def _counts(ctx: ServiceContext) -> tuple[Any, ...]:
    with ctx.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(Participant)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
            session.scalar(text("SELECT count(*) FROM participant_fts")),
        )


def test_progress_is_told_and_cancel_keeps_nothing(ctx: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("\n".join(_lines(1100)) + "\n", encoding="utf-8")
    told: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        told.append((done, total))
        return True

    _run(ctx, path, progress=progress)
    assert told[0] == (0, 1104) and told[-1] == (1104, 1104)
    assert [d for d, _ in told] == sorted(d for d, _ in told) and len(told) >= 3

    before = _counts(ctx)
    calls: list[int] = []

    def cancel_at_second(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < 2

    table = read_table(path)
    with pytest.raises(running.ImportCancelled):
        run_import(
            ctx,
            ImportKind.PARTICIPANTS,
            table,
            {0: "last_name", 1: "first_name", 2: "birth_date"},
            duplicates=DuplicateDecision.IMPORT,
            progress=cancel_at_second,
        )
    assert calls == [0, running.BATCH_ROWS]
    assert _counts(ctx) == before


def test_new_participant_values_check_like_the_service(ctx: ServiceContext) -> None:
    bad = ps.ParticipantInput(first_name="Ana", last_name="Roux", email="nope")
    with pytest.raises(Exception) as batched:
        ps.new_participant_values(ctx, bad)
    with pytest.raises(Exception) as single:
        ps.create_participant_id(ctx, bad)
    assert type(batched.value) is type(single.value)
    assert str(batched.value) == str(single.value)


def test_the_trial_run_of_the_preview_can_be_cancelled(ctx: ServiceContext, tmp_path: Path) -> None:
    """The wizard's preview is a whole dry run: it reports progress and stops when told."""
    path = tmp_path / "people.csv"
    path.write_text("\n".join(_lines(1100)) + "\n", encoding="utf-8")
    table = read_table(path)
    mapping = {0: "last_name", 1: "first_name", 2: "birth_date"}
    before = _counts(ctx)
    told: list[int] = []

    def progress(done: int, total: int) -> bool:
        told.append(done)
        return True

    shown = running.preview(ctx, ImportKind.PARTICIPANTS, table, mapping, progress=progress)
    assert told[0] == 0 and told[-1] == shown.total_rows and len(told) >= 3
    with pytest.raises(running.ImportCancelled):
        running.preview(
            ctx, ImportKind.PARTICIPANTS, table, mapping, progress=lambda done, total: False
        )
    assert _counts(ctx) == before


@pytest.mark.both_engines  # also on PostgreSQL (tests/pg.py): RETURNING ids in order there
def test_one_import_on_each_engine(ctx: ServiceContext, tmp_path: Path) -> None:
    """A mixed file across two batches: every row accounted for, one audit line per new
    person, the new people found by the search (FTS5 on the file, trigram on the server)."""
    path = tmp_path / "people.csv"
    path.write_text("\n".join(_lines(600)) + "\n", encoding="utf-8")
    decisions = {603: DuplicateDecision.IMPORT, 604: DuplicateDecision.MERGE}
    report = _run(ctx, path, duplicates=decisions)
    assert report.total_rows == 604
    assert len(report.imported) + len(report.invalid) + len(report.duplicates) == 604
    assert [d.row_number for d in report.duplicates] == [602, 603, 604]
    ids = [r.record_id for r in report.imported]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # in file order, all distinct
    with ctx.transaction() as session:
        people = session.scalar(select(func.count()).select_from(Participant))
        created = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity == "participant", AuditEntry.action == "create")
        )
    assert people == 1 + report.imported_count  # Léa, already there
    assert created == people
    found = ps.count_participants(ctx, ps.ParticipantFilter(search="essai0599"))
    assert found == 1
    valid = sum(1 for i in range(100) if i % 13 != 6)  # "pas-un-mail" is refused
    assert ps.count_participants(ctx, ps.ParticipantFilter(search="Essai00")) == valid + 1
