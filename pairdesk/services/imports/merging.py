"""Merging an imported row into the participant it duplicates: the file's empty fields
filled from the row, nothing it already holds changed, and what the row said that was not
taken named (``DuplicateRow.not_taken``), for the wizard's and the command line's report."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Any

from pairdesk.domain.enums import RqthStatus
from pairdesk.domain.import_vocabulary import FIELDS, ImportKind
from pairdesk.domain.text import fold
from pairdesk.services import participants as participants_service
from pairdesk.services.context import ServiceContext
from pairdesk.services.imports.rows import ReadRow

#: The fields a merge fills when the record has none, compared when it has one.
_MERGED_FIELDS = (
    "pseudonym",
    "birth_date",
    "birth_year",
    "phone",
    "email",
    "address",
    "city",
    "rqth_status",
    "rqth_until",
    "notes",
)


def _given(value: Any) -> bool:
    return value not in ("", None, RqthStatus.NONE)


def _comparable(value: Any) -> Any:
    """A text as compared for a merge: spaces, punctuation and capitals aside (« 06 12 34
    56 78 » and « 0612345678 » say the same)."""
    if isinstance(value, str):
        return "".join(ch for ch in fold(value) if ch.isalnum())
    return value


def _spelling(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _not_taken(
    current: participants_service.ParticipantDetail,
    data: participants_service.ParticipantInput,
    row: ReadRow,
) -> tuple[str, ...]:
    """The labels of what the row says that a merge leaves out (``DuplicateRow.not_taken``)."""
    labels = {spec.key: spec.display for spec in FIELDS[ImportKind.PARTICIPANTS]}
    # A name spelt otherwise (« Nguyễn » for the file's « Nguyen ») is said too: the file
    # keeps its own, and the accented spelling went without a word (a tester's finding).
    # Capitals alone are not another spelling (« JÉRÔME » is « Jérôme »).
    left = [
        labels[key]
        for key in ("last_name", "first_name")
        if _spelling(getattr(data, key)) not in ("", _spelling(getattr(current, key)))
    ]
    left += [
        labels[key]
        for key in _MERGED_FIELDS
        if _given(getattr(current, key))
        and _given(getattr(data, key))
        and _comparable(getattr(current, key)) != _comparable(getattr(data, key))
    ]
    if row.extra.get("schemes"):
        left.append(labels["schemes"])
    return tuple(left)


def merge_participant(ctx: ServiceContext, record_id: int, row: ReadRow) -> tuple[str, ...]:
    """Fill the existing file's empty fields from the row; nothing already set changes.
    Returns what the row said that was not taken (:func:`_not_taken`)."""
    current = participants_service.get_participant(ctx, record_id)
    data: participants_service.ParticipantInput = row.payload
    filled = participants_service.ParticipantInput(
        first_name=current.first_name,
        last_name=current.last_name,
        pseudonym=current.pseudonym or data.pseudonym,
        birth_date=current.birth_date or data.birth_date,
        birth_year=current.birth_year or data.birth_year,
        phone=current.phone or data.phone,
        email=current.email or data.email,
        address=current.address or data.address,
        city=current.city or data.city,
        membership_start=current.membership_start,
        membership_end=current.membership_end,
        is_peer_helper=current.is_peer_helper or data.is_peer_helper,
        rqth_status=current.rqth_status
        if current.rqth_status is not RqthStatus.NONE
        else data.rqth_status,
        rqth_until=current.rqth_until
        if current.rqth_status is not RqthStatus.NONE
        else data.rqth_until,
        followup_frequency=current.followup_frequency,
        followup_mode=current.followup_mode,
        followup_times=current.followup_times,
        notes=current.notes or data.notes,
        entry_situation=current.entry_situation,
    )
    if filled.birth_date is not None and filled.birth_year != filled.birth_date.year:
        filled = replace(filled, birth_year=None)
    participants_service.update_participant(ctx, record_id, filled)
    return _not_taken(current, data, row)
