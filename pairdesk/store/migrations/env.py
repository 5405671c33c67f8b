"""Alembic environment: runs on the connection pairdesk already opened and unlocked."""

from __future__ import annotations

from alembic import context
from sqlalchemy.schema import SchemaItem

from pairdesk.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - refusing is the point
    raise RuntimeError("pairdesk migrations run only on an unlocked vault connection")

# SQLite cannot ALTER most things: batch mode copies tables; foreign keys are switched
# off around that copy by the migration scripts that need it, outside the transaction.


def include_object(
    obj: SchemaItem,
    name: str | None,
    type_: str,
    reflected: bool,
    compare_to: SchemaItem | None,
) -> bool:
    """The search indexes live outside the ORM metadata: SQLite's FTS5 table (and its
    shadow tables), PostgreSQL's trigram index."""
    if type_ == "index" and name == "ix_participant_search_trgm":
        return False
    return not (type_ == "table" and name and name.startswith("participant_fts"))


context.configure(
    connection=connection,
    include_object=include_object,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
