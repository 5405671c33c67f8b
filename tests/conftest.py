"""Shared fixtures: a vault created once per session, copied for each test.

Key derivation costs ~100-150 ms per connection and is never weakened, so tests copy a
ready-made encrypted file instead of creating one each time.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PAIRDESK_LANG"] = os.environ.get("PAIRDESK_TEST_LANG", "fr")

from pairdesk import i18n
from pairdesk.domain.enums import Role
from pairdesk.services.context import Operator, ServiceContext
from pairdesk.store.vault import Vault, create_vault, open_vault

PASSPHRASE = "correct horse ’ battery é"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test writes its data, config, backups and logs under a temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PAIRDESK_HOME", str(home))
    monkeypatch.delenv("PAIRDESK_VAULT", raising=False)
    monkeypatch.delenv("PAIRDESK_PASSPHRASE", raising=False)
    monkeypatch.delenv("PAIRDESK_OPERATOR", raising=False)  # each test names its operator
    i18n.install("fr")


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.pairdesk"
    vault = create_vault(path, PASSPHRASE, association_name="GEM Les Tilleuls", today=TODAY)
    vault.close()
    return path


@pytest.fixture
def vault_path(vault_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "vault.pairdesk"
    shutil.copyfile(vault_template, path)
    return path


@pytest.fixture
def vault(vault_path: Path) -> Iterator[Vault]:
    opened = open_vault(vault_path, PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture
def ctx(vault: Vault) -> ServiceContext:
    """A service context acting as a coordinator on 2026-11-25."""
    return ServiceContext(
        vault, Operator(id=None, name="Test", role=Role.COORDINATOR), lambda: TODAY
    )


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE
