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
    acks: kill_harness.Acks = defaultdict(set)
    acks["participant"].add(999)
    check = kill_harness.verify_vault(path, acks)
    assert check.integrity_ok
    assert check.lost == {"participant": [999]} and check.lost_count == 1


@pytest.mark.slow
def test_twenty_kills_lose_nothing(tmp_path: Path) -> None:
    report = kill_harness.run(20, seed=11, folder=tmp_path)
    assert report.kills == 20
    assert report.acknowledged > 20
    assert all(report.acknowledged_by_kind[k] > 0 for k in ("participant", "event"))
    assert report.lost == 0, report.failures
    assert report.integrity_failures == 0, report.failures
    assert report.half_written == 0, report.failures
    assert report.clean
