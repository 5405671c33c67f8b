"""Migration 0005: the employer names typed on offers and contracts become a directory,
and what it cannot decide is left for a person (issue 15)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from pairdesk.store import migrations
from pairdesk.store.vault import open_vault
from tests.factories import PASSPHRASE

OFFERS = [  # id, employer as typed, place
    (1, "Boulangerie Martin SARL", "Lyon"),
    (2, "boulangerie  martin", "lyon"),
    (3, "S.A.R.L. Boulangérie Martin", ""),
    (4, "Café Lumière", "Villeurbanne"),
    (5, "CAFE LUMIERE", "Lyon"),
    (6, "", "Lyon"),
    (7, "ESAT Les Ateliers du Rhône", "Vénissieux"),
]
CONTRACTS = [  # id, employer as typed
    (1, "Boulangerie Martin"),
    (2, "Café Lumière SAS"),
    (3, "   "),
    (4, "Mairie de Bron"),
    (5, "mairie de bron"),
]


def _messy_vault_upgraded(vault_path: Path) -> list[dict[str, object]]:
    vault = open_vault(vault_path, PASSPHRASE)
    config = migrations._config()
    with vault.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
        conn.execute(
            text(
                "INSERT INTO participant (id, first_name, last_name, pseudonym, phone, email,"
                " address, city, membership_start, status, anonymised, is_peer_helper,"
                " rqth_status, followup_times, notes, search_text, sort_name, created_at,"
                " updated_at) VALUES (1, 'Camille', 'Fictif', '', '', '', '', '', '2026-01-05',"
                " 'active', 0, 0, 'none', '', '', '', '', '2026-01-05 00:00:00',"
                " '2026-01-05 00:00:00')"
            )
        )
        for offer_id, employer, place in OFFERS:
            conn.execute(
                text(
                    "INSERT INTO job_offer (id, title, employer, place, contract_type, remote,"
                    " accommodations, employer_open_to_disability, source, contact,"
                    " description, created_on, archived, search_text) VALUES (:id, 'Poste',"
                    " :employer, :place, 'cdi', 'none', '', :open, '', '', '', :on, 0, '')"
                ),
                {
                    "id": offer_id,
                    "employer": employer,
                    "place": place,
                    "open": offer_id == 2,
                    "on": f"2026-0{offer_id}-01",
                },
            )
        for contract_id, employer in CONTRACTS:
            conn.execute(
                text(
                    "INSERT INTO contract (id, participant_id, contract_type, employer,"
                    " job_title, started_on, end_reason) VALUES (:id, 1, 'cdd', :employer,"
                    " '', '2025-12-01', '')"
                ),
                {"id": contract_id, "employer": employer},
            )
    vault.close()
    upgraded = open_vault(vault_path, PASSPHRASE)
    try:
        assert migrations.schema_state(upgraded).current == migrations.head_revision()
        with upgraded.connection() as conn:
            employers = [
                dict(r)
                for r in conn.execute(
                    text(
                        "SELECT id, name, town, kind, open_to_mental_health, created_on"
                        " FROM employer ORDER BY sort_name"
                    )
                ).mappings()
            ]
            names = {e["id"]: e["name"] for e in employers}
            offers = {
                r[0]: (r[1], names.get(r[2]))
                for r in conn.execute(text("SELECT id, employer, employer_id FROM job_offer"))
            }
            contracts = {
                r[0]: (r[1], names.get(r[2]))
                for r in conn.execute(text("SELECT id, employer, employer_id FROM contract"))
            }
            left = [
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT entity, record_id, typed_name, reason, details"
                        " FROM employer_to_confirm ORDER BY entity, record_id"
                    )
                )
            ]
    finally:
        upgraded.close()
    return [{"employers": employers, "offers": offers, "contracts": contracts, "left": left}]


def test_variants_grouped_linked_and_the_rest_left_for_a_person(vault_path: Path) -> None:
    (result,) = _messy_vault_upgraded(vault_path)
    employers = result["employers"]
    assert [(e["name"], e["town"], e["kind"]) for e in employers] == [  # type: ignore[union-attr]
        # the three spellings and the contract: one entry, its town from the offers
        ("Boulangerie Martin", "Lyon", "ordinary"),
        ("ESAT Les Ateliers du Rhône", "Vénissieux", "esat"),
        # "Mairie de Bron" and "mairie de bron": one public employer
        ("Mairie de Bron", "", "public"),
    ]
    # one of the offers said "open to disability": the entry says so
    assert [bool(e["open_to_mental_health"]) for e in employers] == [True, False, False]  # type: ignore[index]
    # created on the first day the name was used (contract started 2025-12-01)
    assert str(employers[0]["created_on"]) == "2025-12-01"  # type: ignore[index]
    offers = result["offers"]
    assert offers == {
        1: ("Boulangerie Martin SARL", "Boulangerie Martin"),
        2: ("boulangerie  martin", "Boulangerie Martin"),
        3: ("S.A.R.L. Boulangérie Martin", "Boulangerie Martin"),
        4: ("Café Lumière", None),
        5: ("CAFE LUMIERE", None),
        6: ("", None),
        7: ("ESAT Les Ateliers du Rhône", "ESAT Les Ateliers du Rhône"),
    }
    assert result["contracts"] == {
        1: ("Boulangerie Martin", "Boulangerie Martin"),
        2: ("Café Lumière SAS", None),
        3: ("   ", None),
        4: ("Mairie de Bron", "Mairie de Bron"),
        5: ("mairie de bron", "Mairie de Bron"),
    }
    # Café Lumière in two towns: one company or two? Left, with the towns found; blanks too.
    assert result["left"] == [
        ("contract", 2, "Café Lumière SAS", "several_towns", "Lyon, Villeurbanne"),
        ("contract", 3, "   ", "blank", ""),
        ("job_offer", 4, "Café Lumière", "several_towns", "Lyon, Villeurbanne"),
        ("job_offer", 5, "CAFE LUMIERE", "several_towns", "Lyon, Villeurbanne"),
        ("job_offer", 6, "", "blank", ""),
    ]


def test_downgrade_then_upgrade_again(vault_path: Path) -> None:
    _messy_vault_upgraded(vault_path)
    vault = open_vault(vault_path, PASSPHRASE)
    config = migrations._config()
    with vault.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
        assert conn.execute(text("SELECT employer FROM contract WHERE id = 4")).scalar() == (
            "Mairie de Bron"
        )
        command.upgrade(config, "head")
        assert conn.execute(text("SELECT count(*) FROM employer")).scalar() == 3
    vault.close()
