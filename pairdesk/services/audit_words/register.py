"""The audit trail in words, for the attendance register, the association's year and the
network export."""

from __future__ import annotations

from pairdesk.domain.enums import AuditAction
from pairdesk.i18n import N_, _
from pairdesk.services.audit_words.line import Line
from pairdesk.services.audit_words.wording import Wording, by_detail, say

A = AuditAction


def _presence(present: bool) -> Wording:
    """A tick in the attendance register: the line keeps the day and the kind of person,
    not who."""

    def wording(line: Line, fields: dict[str, str]) -> str:
        words = line.entry.detail.split()
        participant = len(words) > 1 and words[1] == "participant"
        if present:
            template = (
                N_("{who} ticked in a participant on {day}")
                if participant
                else N_("{who} ticked in a person from the register on {day}")
            )
        else:
            template = (
                N_("{who} unticked a participant on {day}")
                if participant
                else N_("{who} unticked a person from the register on {day}")
            )
        return _(template).format(**fields)

    return wording


def _network_export(line: Line, fields: dict[str, str]) -> str:
    if line.values.get("identity") == "yes":
        return _(
            "{who} exported the figures of {year} for the network pooling, "
            "with the association's name"
        ).format(**fields)
    return _(
        "{who} exported the figures of {year} for the network pooling, "
        "without the association's name"
    ).format(**fields)


WORDINGS: dict[tuple[str, AuditAction], Wording] = {
    ("register_person", A.CREATE): say(
        N_("{who} added {register_person} to the attendance register")
    ),
    ("register_person", A.UPDATE): by_detail(
        say(N_("{who} changed the register entry {of_register_person}")),
        active_False=say(N_("{who} took {register_person} off the list offered at the door")),
        active_True=say(N_("{who} put {register_person} back on the list offered at the door")),
    ),
    ("day_presence", A.CREATE): _presence(True),
    ("day_presence", A.DELETE): _presence(False),
    ("register_day", A.UPDATE): say(
        N_("{who} entered the number of people who came without giving a name on {day}")
    ),
    ("closure_day", A.UPDATE): say(N_("{who} marked {day} as a closure day")),
    ("closure_day", A.DELETE): say(N_("{who} removed the closure day of {day}")),
    ("association_year", A.UPDATE): say(
        N_("{who} updated the association's year {year} (annual report)")
    ),
    ("network_export", A.EXPORT): _network_export,
}
