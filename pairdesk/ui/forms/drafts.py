"""What a draft is, for every form of the window (kit forms and pages alike).

A ``FormDraft`` is what one form holds when pairdesk locks: ``key`` names what is edited
(``offer:42``, ``association``), ``payload`` is JSON-able (``{FORM: name, FIELDS: {...},
ids of the record}``), ``description`` is the question asked after the unlock, written
while the person still saw the form, and ``view`` — when set — names where it goes back
(``"dialog"``: a kit dialog re-opened by ``forms.registry.reopen_dialog``); otherwise it
goes back to the page the form lives in, through that page's ``restore_draft(payload,
done)``, which says how it went with a ``Restored``.

The kit's ``Form.form_draft()`` builds one from its fields; ``pairdesk.ui.drafts`` is how
the main window collects them (one walk) and how pages hand them back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

#: Payload key of the question asked after the unlock.
DESCRIPTION = "description"
#: Payload key of the form's fields.
FIELDS = "fields"
#: Payload key naming which form of the page the draft belongs to.
FORM = "form"
#: Kept among a draft's fields (never a field's name): the ``edit_version`` of the record
#: the person had read when the lock came. The restored form saves with it, so a change
#: someone saved in between is asked about rather than overwritten. Among the fields
#: because every page hands a draft's fields back, whatever else it keeps.
EDIT_VERSION = "__edit_version__"


class Restored(Enum):
    """How a page took a draft back: put back (the stored draft goes), what it was about
    is gone (told plainly, kept unless discarded), or later (another form there has
    changes: offered again at the next unlock)."""

    RESTORED = "restored"
    GONE = "gone"
    LATER = "later"


RestoreDone = Callable[[Restored], None]


@dataclass(frozen=True)
class FormDraft:
    """What one form holds (see the module's docstring)."""

    key: str
    payload: dict[str, Any]
    description: str
    view: str | None = None

    def stored_payload(self) -> dict[str, Any]:
        return {**self.payload, DESCRIPTION: self.description}


def fields_of(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The fields kept in a payload (older kit drafts named them ``values``)."""
    values = payload.get(FIELDS, payload.get("values"))
    return values if isinstance(values, dict) else {}


def record_id(payload: Mapping[str, Any], name: str) -> int | None:
    """An id kept in a payload (None for "new" or when it is not a plain int)."""
    value = payload.get(name)
    return value if type(value) is int else None


def readable_text(payload: Mapping[str, Any]) -> str:
    """What a draft holds, as text a person can copy (one line per field typed)."""
    lines: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            if value.strip():
                lines.append(value.strip())
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)

    for name in (FIELDS, "values", "identity"):
        walk(payload.get(name))
    return "\n".join(lines)
