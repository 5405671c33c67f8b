"""The audit trail in plain words, rendered when a page of lines is displayed.

An audit line holds an entity, a number, an action and a short technical detail, never a
name. This module turns a page of lines into sentences ("Camille M. registered Hélène
Lefèvre for the workshop “CV” of 08/12/2026") by reading what the numbers point at *now*,
in a fixed number of queries per page (one per kind of record on the page, then one for
the participants, one for the workshops, one for the team): never one per line. Nothing is
written back, so a name never outlives an anonymisation in the trail:

- a participant since anonymised reads "an anonymised person", one erased "an erased
  person"; a record since deleted reads by its number, "(deleted)";
- a viewer whose role may not open participants' files (``domain.permissions``: no
  ``PARTICIPANT_FILES``, or only for the people they tutor) reads "a participant
  (no. 12)" instead of the name.

Every (entity, action) pair that a service writes has its wording in ``WORDINGS``;
``tests/services/test_audit_words.py`` reads the ``ctx.audit`` calls of the package and
fails on a pair without one.

The modules: ``page`` reads what a page of lines points at; ``line`` is one line as the
wordings see it and ``things`` what each kind of record reads as; ``wording`` builds
sentences; then one module of wordings per subject of the glossary (``participants``,
``workshops``, ``employers``, ``register``, ``team``, ``documents``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from pairdesk.domain.enums import AuditAction
from pairdesk.i18n import _
from pairdesk.services.audit_words import (
    documents,
    employers,
    participants,
    register,
    team,
    workshops,
)
from pairdesk.services.audit_words.line import Line, label, of, placeholders, short_name
from pairdesk.services.audit_words.page import read_page, sees_names
from pairdesk.services.audit_words.wording import Wording
from pairdesk.store.models import AuditEntry

__all__ = ["WORDINGS", "of", "sees_names", "sentences", "short_name", "wording_pairs"]

#: The wording of every (entity, action) pair the services write.
WORDINGS: dict[tuple[str, AuditAction], Wording] = {
    **participants.WORDINGS,
    **workshops.WORDINGS,
    **employers.WORDINGS,
    **register.WORDINGS,
    **team.WORDINGS,
    **documents.WORDINGS,
}


def _fallback(line: Line, fields: dict[str, str]) -> str:
    e = line.entry
    return _("{who}: {action} — {entity} no. {id}").format(
        who=fields["who"], action=label(AuditAction, e.action), entity=e.entity, id=fields["id"]
    )


def sentences(
    session: Session, entries: Sequence[AuditEntry], viewer: Any, today: dt.date
) -> list[str]:
    """One sentence per line, in the interface's language, as ``viewer`` may read it.

    Reads what the lines point at in a fixed number of queries (one per kind of record on
    the page, plus participants, workshops, offers, team, referents, supervisions)."""
    page = read_page(session, entries, viewer, today)
    out: list[str] = []
    for entry in entries:
        line = Line(entry, page)
        try:
            action: AuditAction | None = AuditAction(entry.action)
        except ValueError:
            action = None
        wording = WORDINGS.get((entry.entity, action)) if action else None
        fields = placeholders(line)
        try:
            out.append((wording or _fallback)(line, fields))
        except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder
            out.append(_fallback(line, fields))
    return out


def wording_pairs() -> Iterable[tuple[str, AuditAction]]:
    """The (entity, action) pairs that have a wording (for the test of completeness)."""
    return WORDINGS.keys()
