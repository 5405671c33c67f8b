"""The audit trail in words, for the employer directory: employers, their contacts, contacts
with them, accommodations, disclosure choices, job offers and what came of sharing them."""

from __future__ import annotations

from pairdesk import formatting
from pairdesk.domain.employers import AccommodationKind, Disclosure, InteractionKind
from pairdesk.domain.enums import AuditAction, ShareOutcome
from pairdesk.i18n import N_, _
from pairdesk.services.audit_words.line import Line, thing
from pairdesk.services.audit_words.page import employer_in_detail
from pairdesk.services.audit_words.wording import (
    CHANGED,
    CREATED,
    DELETED,
    Wording,
    by_detail,
    enum_sentence,
    if_found,
    say,
)

A = AuditAction


def _interaction(line: Line, fields: dict[str, str]) -> str:
    if line.gone():
        return CREATED(line, fields)
    key = line.key
    day = None if key is None else line.page.dated.get(key)
    values = {
        **fields,
        "kind": line.kind(InteractionKind),
        "date": formatting.short_date(day) if day else "?",
    }
    if line.participant_id() is None:
        return _("{who} recorded a contact with {employer} ({kind}, {date})").format(**values)
    return _("{who} recorded a contact with {employer} about {person} ({kind}, {date})").format(
        **values
    )


def _accommodation(template: str, otherwise: Wording) -> Wording:
    """A sentence about an accommodation agreed on a contract, with its kind; ``otherwise``
    once the accommodation is deleted."""

    def wording(line: Line, fields: dict[str, str]) -> str:
        return _(template).format(kind=line.kind(AccommodationKind), **fields)

    return if_found(wording, otherwise)


def disclosure(template: str) -> Wording:
    return if_found(enum_sentence(template, "disclosure", Disclosure), CHANGED)


def linked(line: Line, fields: dict[str, str]) -> str:
    """An offer or a contract linked to an employer of the directory (or unlinked)."""
    if employer_in_detail(line.entry) is None:
        return _("{who} unlinked {thing} from the employer directory").format(
            thing=thing(line, fields), **fields
        )
    return _("{who} linked {thing} to the employer {employer}").format(
        thing=thing(line, fields), **fields
    )


def awareness_place(line: Line, fields: dict[str, str]) -> str:
    reached = line.values.get("reached", "")
    count = reached if reached.isdigit() else _("not given")
    if employer_in_detail(line.entry) is None:
        return _("{who} recorded the people reached by {workshop}: {count}").format(
            count=count, **fields
        )
    return _(
        "{who} recorded that {workshop} was held at {employer} (people reached: {count})"
    ).format(count=count, **fields)


def _to_confirm(line: Line, fields: dict[str, str]) -> str:
    if employer_in_detail(line.entry) is None:
        return _(
            "{who} left an employer name typed before the directory unlinked, on purpose"
        ).format(**fields)
    return _(
        "{who} confirmed the employer {employer} for a name typed before the directory"
    ).format(**fields)


WORDINGS: dict[tuple[str, AuditAction], Wording] = {
    ("job_offer", A.CREATE): say(N_("{who} added {thing}")),
    ("job_offer", A.UPDATE): by_detail(
        CHANGED,
        archived_True=say(N_("{who} archived {thing}")),
        archived_False=say(N_("{who} took {thing} out of the archive")),
        employer=linked,
        employer_None=linked,
    ),
    ("offer_share", A.CREATE): if_found(
        say(N_("{who} shared the offer “{offer}” with {person}")), CREATED
    ),
    ("offer_share", A.UPDATE): by_detail(
        CHANGED,
        outcome=enum_sentence(
            N_("{who} recorded what came of {thing}: {value}"), "outcome", ShareOutcome
        ),
        disclosure=disclosure(
            N_("{who} recorded the disclosure choice {of_person} for the offer “{offer}”: {value}")
        ),
    ),
    ("offer_share", A.DELETE): DELETED,
    ("employer", A.CREATE): say(N_("{who} added {thing} to the employer directory")),
    ("employer", A.UPDATE): by_detail(
        CHANGED,
        active_False=say(N_("{who} deactivated {thing}")),
        active_True=say(N_("{who} reactivated {thing}")),
    ),
    ("employer_contact", A.CREATE): say(N_("{who} added {thing}")),
    ("employer_contact", A.UPDATE): CHANGED,
    ("employer_contact", A.DELETE): DELETED,
    ("employer_interaction", A.CREATE): _interaction,
    ("employer_interaction", A.DELETE): DELETED,
    ("employer_to_confirm", A.UPDATE): _to_confirm,
    ("accommodation", A.CREATE): _accommodation(
        N_("{who} added an accommodation to the contract {of_person} at {employer}: {kind}"),
        CREATED,
    ),
    ("accommodation", A.UPDATE): _accommodation(
        N_("{who} changed an accommodation on the contract {of_person} at {employer}: {kind}"),
        CHANGED,
    ),
    ("accommodation", A.DELETE): DELETED,
}
