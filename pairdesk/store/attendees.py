"""What attendance needs of the people registered in workshops, and nothing more (issue 14).

On a server a peer helper reads only the participants they tutor, and a volunteer no
participant at all (``store/server_roles.py``): a workshop's list and its attendance sheet
would lose the other attendees' names. Two views, created by migration 0010 on both
engines (one code path in the services), give exactly what the list and the sheet print:

* ``attendee_name``: the id, first name, last name and pseudonym of every participant
  registered in at least one workshop;
* ``attendee_consent``: the dates of those people's consents to be named on collective
  documents (the sheet prints the pseudonym of the others).

On PostgreSQL the views belong to the vault owner and run with the owner's rights
(``security_barrier``: a caller's condition never runs before the view's own), and each
team group may read them; the tables behind stay protected by row-level security.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, String, TableClause, table

NAMES = "attendee_name"
CONSENTS = "attendee_consent"
#: The consent purpose the sheet needs (``ConsentPurpose.COLLECTIVE_DOCUMENTS``).
COLLECTIVE_DOCUMENTS = "collective_documents"

_REGISTERED = "EXISTS (SELECT 1 FROM registration r WHERE r.participant_id = {column})"

#: The views' SELECT statements (the same on SQLite and PostgreSQL).
DEFINITIONS = {
    NAMES: (
        "SELECT p.id, p.first_name, p.last_name, p.pseudonym FROM participant p WHERE "
        + _REGISTERED.format(column="p.id")
    ),
    CONSENTS: (
        "SELECT c.participant_id, c.given_on, c.withdrawn_on FROM consent c "
        f"WHERE c.purpose = '{COLLECTIVE_DOCUMENTS}' AND "
        + _REGISTERED.format(column="c.participant_id")
    ),
}

attendee_name: TableClause = table(
    NAMES,
    Column("id", Integer),
    Column("first_name", String),
    Column("last_name", String),
    Column("pseudonym", String),
)
attendee_consent: TableClause = table(
    CONSENTS,
    Column("participant_id", Integer),
    Column("given_on", Date),
    Column("withdrawn_on", Date),
)


def create_statements(dialect: str) -> list[str]:
    """``CREATE VIEW`` for each view on this dialect (``sqlite`` or ``postgresql``)."""
    options = " WITH (security_barrier)" if dialect == "postgresql" else ""
    return [f"CREATE VIEW {name}{options} AS {sql}" for name, sql in DEFINITIONS.items()]


def drop_statements() -> list[str]:
    return [f"DROP VIEW IF EXISTS {name}" for name in DEFINITIONS]
