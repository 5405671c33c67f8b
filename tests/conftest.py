"""Shared fixtures: a vault created once per session, copied for each test.

Key derivation costs ~100-150 ms per connection and is never weakened, so tests copy a
ready-made encrypted file instead of creating one each time.

A module marked ``both_engines`` runs each test using ``vault`` (or ``ctx``) twice: on the
encrypted file and on a PostgreSQL database (``tests/pg.py``: one cluster per session, a
scratch database put back in a migrated template's state for each test). ``pg_cluster`` fails
when an installed server cannot start; with no PostgreSQL installed it skips (a newcomer's
fresh clone) unless ``PAIRDESK_PG_TESTS=required`` (set by .ci/run: CI never skips);
``PAIRDESK_PG_TESTS=off`` skips on a developer machine.
"""

from __future__ import annotations

import datetime as dt
import functools
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
from tests import pg

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


@pytest.fixture(scope="session", autouse=True)
def _key_derived_once_per_salt() -> Iterator[None]:
    """Thousands of tests open copies of one template file: the same passphrase and salt,
    so the same key. The derivation (PBKDF2, 256,000 rounds, 100-300 ms) is a pure
    function: memoised for the session it stays the real one, never weakened, but is paid
    once per (passphrase, salt) instead of at every opening. (Only in this process: the
    command-line tests that start a new pairdesk pay it, as a person does.)"""
    from pairdesk.store import vault as vault_module

    patch = pytest.MonkeyPatch()
    patch.setattr(
        vault_module, "derive_key", functools.lru_cache(maxsize=256)(vault_module.derive_key)
    )
    yield
    patch.undo()


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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.PgCluster]:
    """A PostgreSQL cluster for the session, with a migrated template database."""
    if pg.pg_tests_disabled():
        pytest.skip("PAIRDESK_PG_TESTS=off: the PostgreSQL tests are skipped on this machine")
    from pairdesk.store.server import create_server_vault

    try:
        cluster = pg.PgCluster.create()
    except pg.PostgresNotInstalled as exc:
        if pg.pg_tests_required():
            pytest.fail(f"PostgreSQL cannot be used for the tests: {exc}", pytrace=False)
        pytest.skip(f"the PostgreSQL tests need a server: {exc}")
    except pg.PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL cannot be used for the tests: {exc}", pytrace=False)
    try:
        cluster.start()
        cluster.admin(f"CREATE DATABASE {pg.TEMPLATE_DB}")
        template = create_server_vault(
            cluster.address(pg.TEMPLATE_DB),
            pg.PG_PASSWORD,
            association_name="GEM Les Tilleuls",
            today=TODAY,
        )
        template.close()
        cluster.prepare_scratch()
    except Exception as exc:
        log = cluster.log_tail()
        cluster.stop()
        pytest.fail(f"PostgreSQL could not start for the tests: {exc}\n{log}", pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_address(pg_cluster: pg.PgCluster) -> str:
    """The address of a migrated database in the template's state (the same profile as
    ``vault_template``), reset for each test."""
    return pg_cluster.address(pg_cluster.reset_scratch())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("both_engines") and "vault" in metafunc.fixturenames:
        metafunc.parametrize("vault_engine", ["file", "server"], indirect=True)


@pytest.fixture
def vault_engine(request: pytest.FixtureRequest) -> str:
    """``file`` (the default) or ``server`` in a module marked ``both_engines``."""
    return str(getattr(request, "param", "file"))


@pytest.fixture
def vault(request: pytest.FixtureRequest, vault_engine: str) -> Iterator[Vault]:
    if vault_engine == "server":
        from pairdesk.store.server import open_server

        opened: Vault = open_server(request.getfixturevalue("pg_address"), pg.PG_PASSWORD)
    else:
        opened = open_vault(request.getfixturevalue("vault_path"), PASSPHRASE)
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
