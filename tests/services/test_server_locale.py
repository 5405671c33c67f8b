"""Lists sort alike on a server whose database has a French locale (issue 14).

The test cluster's databases use ``C.UTF-8`` (byte order, as SQLite's BINARY), which hides
what the locale does to ``ORDER BY``. An association's server is made with Debian's
``createdb``, whose locale is the machine's (often ``fr_FR.UTF-8``). This module makes one
database with ICU's French collation (always available: Debian's PostgreSQL is built with
ICU) and checks that the lists sorted on a text column come out as on the encrypted file:
folded keys compared byte by byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from pairdesk.domain.enums import Role
from pairdesk.domain.text import fold
from pairdesk.services import employers, offers, participants, register
from pairdesk.services.context import Operator, ServiceContext
from tests import pg
from tests.factories import make_participant

# Not marked both_engines: it is the server only, on its own database (a French locale).

TODAY = dt.date(2026, 11, 25)
FRENCH_DB = "pairdesk_french_icu"


@pytest.fixture(scope="module")
def french_address(pg_cluster: pg.PgCluster) -> Iterator[str]:
    from pairdesk.store.server import create_server_vault

    pg_cluster.admin(
        f"CREATE DATABASE {FRENCH_DB} TEMPLATE template0 "
        "LOCALE_PROVIDER icu ICU_LOCALE 'fr-FR' ENCODING 'UTF8'"
    )
    address = pg_cluster.address(FRENCH_DB)
    try:
        create_server_vault(
            address, pg.PG_PASSWORD, association_name="GEM Les Tilleuls", today=TODAY
        ).close()
        yield address
    finally:
        pg_cluster.drop_database(FRENCH_DB)


@pytest.fixture
def fctx(french_address: str) -> Iterator[ServiceContext]:
    from pairdesk.store.server import open_server

    vault = open_server(french_address, pg.PG_PASSWORD)
    yield ServiceContext(
        vault, Operator(id=None, name="Test", role=Role.COORDINATOR), lambda: TODAY
    )
    vault.close()


def _bytewise(names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: fold(name).encode())


def test_the_database_collates_otherwise_than_bytes(fctx: ServiceContext) -> None:
    """What the module relies on: this database's own order is not the file's."""
    with fctx.transaction() as session:
        assert session.execute(text("SELECT 'c-discount' < 'c&a'")).scalar_one() is True
    assert b"c&a" < b"c-discount"


def test_the_employer_directory_sorts_as_on_the_file(fctx: ServiceContext) -> None:
    names = ["C-Discount", "La Poste", "C&A", "Lab'Emploi", "L-Atelier", "L'Atelier"]
    for name in names:
        employers.create_employer(fctx, employers.EmployerInput(name))
    listed = [row.name for row in employers.list_employers(fctx)]
    assert listed == _bytewise(names)
    assert listed[:2] == ["C&A", "C-Discount"]


def test_the_register_people_sort_as_on_the_file(fctx: ServiceContext) -> None:
    names = ["Jean-Marc B.", "Jean Marc A.", "Jean&Co", "Jean'Marc"]
    for name in names:
        register.add_person(fctx, register.RegisterPersonInput(name))
    assert [p.display_name for p in register.list_people(fctx)] == _bytewise(names)
    found = register.find_people(fctx, TODAY, "jean")
    assert [c.name for c in found] == _bytewise(names)


def test_offer_sources_sort_as_on_the_file(fctx: ServiceContext) -> None:
    sources = ["France-Travail", "France Travail", "France&Co", "france travail"]
    for source in sources:
        offers.create_offer(fctx, offers.OfferInput("Agent", source=source))
    assert offers.list_offer_sources(fctx) == sorted(sources, key=str.encode)


def test_participants_sort_as_on_the_file(fctx: ServiceContext) -> None:
    """``participant.sort_name`` has the "C" collation since 0001: the same rule."""
    for last in ("Le-Roy", "Le Roy", "Le&Roy", "Lefort"):
        make_participant(fctx, "Anne", last)
    rows = participants.list_participants(fctx, participants.ParticipantFilter())
    assert [r.last_name for r in rows] == ["Le Roy", "Le&Roy", "Le-Roy", "Lefort"]
