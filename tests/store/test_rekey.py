"""Changing the passphrase: export, verify, replace; a kill at any moment is harmless."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path
from typing import IO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from pairdesk.domain.passphrase import Strength, check_new_passphrase, passphrase_strength
from pairdesk.errors import CannotUnlock, InvalidInput
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantInput, create_participant
from pairdesk.store.models import Participant
from pairdesk.store.rekey import RekeyStep, change_passphrase, leftover_files
from pairdesk.store.vault import open_vault

OLD = "correct horse ’ battery é"  # the same as tests/conftest.py
NEW = "nouvelle phrase 'secrète' 🔐 Łódź"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def participants_in(path: Path, passphrase: str) -> int:
    with open_vault(path, passphrase) as vault, vault.transaction() as s:
        return int(s.scalar(select(func.count(Participant.id))) or 0)


@pytest.fixture
def filled(vault_path: Path, ctx: ServiceContext) -> Path:
    for name in ("Albane", "Bastien", "Céleste"):
        create_participant(ctx, ParticipantInput(first_name=name, last_name="Fictif"))
    ctx.vault.close()
    return vault_path


def test_change_passphrase_keeps_data_and_switches_key(filled: Path) -> None:
    os.chmod(filled, 0o600)
    steps: list[RekeyStep] = []
    change_passphrase(filled, OLD, NEW, on_step=steps.append)
    assert steps == list(RekeyStep)
    assert participants_in(filled, NEW) == 3
    with pytest.raises(CannotUnlock):
        open_vault(filled, OLD)
    with open_vault(filled, NEW, verify=True) as vault, vault.connection() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert stat.S_IMODE(filled.stat().st_mode) == 0o600
    assert leftover_files(filled) == []
    assert b"Fictif" not in filled.read_bytes()


def test_wrong_old_passphrase_changes_nothing(filled: Path) -> None:
    before = digest(filled)
    with pytest.raises(CannotUnlock):
        change_passphrase(filled, "not it", NEW)
    assert digest(filled) == before
    assert leftover_files(filled) == []


@pytest.mark.parametrize("new", ["", "   ", "\t\n"])
def test_empty_new_passphrase_refused(filled: Path, new: str) -> None:
    before = digest(filled)
    with pytest.raises(InvalidInput):
        change_passphrase(filled, OLD, new)
    assert digest(filled) == before


def test_leftovers_are_harmless_and_cleaned(filled: Path) -> None:
    junk = [
        filled.with_name(filled.name + ".rekey-new"),
        filled.with_name(filled.name + ".rekey-new.partial"),
        filled.with_name(filled.name + ".partial"),
    ]
    for path in junk:
        path.write_bytes(os.urandom(5000))
    assert participants_in(filled, OLD) == 3
    assert len(leftover_files(filled)) == 3
    change_passphrase(filled, OLD, NEW)
    assert not any(p.exists() for p in junk)
    assert participants_in(filled, NEW) == 3


# -- strength hint -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Strength.TOO_SHORT),
        ("abcdefghijk", Strength.TOO_SHORT),
        ("abcdefghijkl", Strength.FAIR),
        ("é" * 19, Strength.FAIR),
        ("e\u0301" * 11, Strength.TOO_SHORT),  # decomposed accents count once
        ("a" * 20, Strength.STRONG),
        ("le chat dort ici", Strength.STRONG),  # four words, 16 characters
        ("un deux trois", Strength.FAIR),
    ],
)
def test_strength_examples(text: str, expected: Strength) -> None:
    assert passphrase_strength(text) is expected
    assert expected.label and expected.advice


@given(st.text(max_size=60))
def test_strength_follows_length(text: str) -> None:
    strength = passphrase_strength(text)
    length = sum(1 for c in unicodedata.normalize("NFC", text) if not unicodedata.combining(c))
    if length < 12:
        assert strength is Strength.TOO_SHORT
    elif length >= 20:
        assert strength is Strength.STRONG
    else:
        assert strength in (Strength.FAIR, Strength.STRONG)
    assert passphrase_strength(text + "x" * 20) is Strength.STRONG


def test_strength_labels_translated() -> None:
    assert Strength.STRONG.label  # French catalogue or English source, never empty
    with pytest.raises(InvalidInput):
        check_new_passphrase("")
    # Returned unchanged (spaces kept), once long enough (12 characters at least).
    assert check_new_passphrase(" a long one, spaces kept ") == " a long one, spaces kept "


# -- a kill at any moment -----------------------------------------------------------------

CHILD = """
import sys
from pathlib import Path
from pairdesk.store.rekey import change_passphrase
path, old, new = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
print("READY", flush=True)
if sys.stdin.readline().strip() == "GO":
    change_passphrase(path, old, new, on_step=lambda s: print(s.value, flush=True))
    print("DONE", flush=True)
"""


def _spawn(path: Path, old: str, new: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), old, new],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )


def _which_key(path: Path) -> str:
    opened = []
    for key in (OLD, NEW):
        try:
            with open_vault(path, key, verify=True, migrate=False) as vault:
                with vault.transaction() as s:
                    assert s.scalar(select(func.count(Participant.id))) == 3
            opened.append(key)
        except CannotUnlock:
            pass
    assert len(opened) == 1, "the vault must open with exactly one of the two passphrases"
    return opened[0]


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_old_or_new(filled: Path) -> None:
    rng = random.Random(5)
    steps = [s.value for s in RekeyStep]
    key = OLD
    kills = completed = 0
    outcomes: set[str] = set()
    round_no = -1
    # Rounds go on until 15 kills landed (a change that finishes first counts as completed,
    # not as a kill), so a faster or slower machine changes the count of rounds only.
    while kills < 15 and round_no < 60:
        round_no += 1
        other = NEW if key == OLD else OLD
        proc = _spawn(filled, key, other)
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "READY"
        lines: list[str] = []
        seen = threading.Event()
        wanted = steps[round_no % len(steps)] if round_no % 3 != 2 else None

        def read(
            stream: IO[str] = proc.stdout,
            wanted: str | None = wanted,
            seen: threading.Event = seen,
            lines: list[str] = lines,
        ) -> None:
            for line in stream:
                lines.append(line.strip())
                if wanted is not None and line.strip() == wanted:
                    seen.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        proc.stdin.write("GO\n")
        proc.stdin.flush()
        if wanted is None:
            time.sleep(rng.uniform(0.0, 1.5))  # anywhere, between two milestones too
        else:
            seen.wait(30)
            time.sleep(rng.uniform(0.0, 0.03))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        else:
            completed += 1
        proc.wait()
        reader.join(5)
        key = _which_key(filled)
        outcomes.add("new" if key == other else "old")
    assert kills >= 15, (kills, completed)
    assert outcomes == {"old", "new"}  # kills landed both before and after the switch
    # A last, uninterrupted change cleans whatever the kills left behind.
    final = NEW if key == OLD else OLD
    change_passphrase(filled, key, final)
    assert leftover_files(filled) == []
    assert _which_key(filled) == final
