"""The kill harness, short: 20 SIGKILLs of a writer making real service calls."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import kill_harness  # noqa: E402


def test_checker_notices_a_lost_or_half_written_record(tmp_path: Path) -> None:
    """The check is not vacuous: an acknowledged id that is absent is reported lost."""
    path = tmp_path / "vault.pairdesk"
    kill_harness.prepare_vault(path)
    acks: kill_harness.Acks = defaultdict(dict)
    acks["participant"][999] = {"first_name": "Camille"}
    check = kill_harness.verify_vault(path, acks)
    assert check.integrity_ok
    assert check.lost == {"participant": [999]} and check.lost_count == 1


def test_checker_notices_a_record_whose_content_changed(tmp_path: Path) -> None:
    """An acknowledged record that is there with other content is reported changed."""
    from pairdesk.services.participants import ParticipantInput, create_participant
    from pairdesk.store.vault import open_vault

    path = tmp_path / "vault.pairdesk"
    kill_harness.prepare_vault(path)
    with open_vault(path, kill_harness.PASSPHRASE) as vault:
        ctx = kill_harness._context(vault)
        person = create_participant(
            ctx,  # type: ignore[arg-type]
            ParticipantInput(first_name="Zoé", last_name="Essai", city="Villefictive", notes="n"),
        )
    right = {
        "first_name": "Zoé",
        "last_name": "Essai",
        "city": "Villefictive",
        "notes": kill_harness.notes_hash("n"),
    }
    acks: kill_harness.Acks = defaultdict(dict)
    acks["participant"][person.id] = right
    assert kill_harness.verify_vault(path, acks).changed == {}
    acks["participant"][person.id] = {**right, "notes": kill_harness.notes_hash("other")}
    check = kill_harness.verify_vault(path, acks)
    assert check.changed == {"participant": [person.id]} and check.changed_count == 1
    assert check.lost == {}


def test_where_a_kill_landed_is_read_from_the_last_complete_lines() -> None:
    assert kill_harness._landing(["READY", "PHASE open"]) == "open"
    assert kill_harness._landing(["PHASE open", "END open", "PHASE write"]) == "write"
    assert kill_harness._landing(["PHASE write", "ACK participant 1 {}"]) == "between"
    assert kill_harness._landing(["PHASE checkpoint"]) == "checkpoint"
    assert kill_harness._landing(["PHASE close", "END close"]) == "between"


@pytest.mark.slow
def test_twenty_kills_lose_nothing(tmp_path: Path) -> None:
    """Kills at random moments and aimed at open, write, checkpoint and close."""
    report = kill_harness.run(20, seed=11, folder=tmp_path)
    assert report.kills == 20
    assert report.acknowledged > 20
    assert all(report.acknowledged_by_kind[k] > 0 for k in ("participant", "event"))
    assert all(report.targets[t] > 0 for t in kill_harness.TARGETS)  # seed 11 aims at each
    assert sum(f.kills for f in report.by_phase.values()) == 20
    assert report.lost == 0, report.failures
    assert report.changed == 0, report.failures
    assert report.integrity_failures == 0, report.failures
    assert report.half_written == 0, report.failures
    assert report.clean
