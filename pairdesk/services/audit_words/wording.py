"""How a wording is built: a sentence template with ``{who}``, ``{thing}`` and the line's
placeholders (:func:`say`), chosen by the line's detail (:func:`by_detail`) or by whether
the record still exists (:func:`if_found`); the common sentences (``CREATED``…)."""

from __future__ import annotations

from collections.abc import Callable

from pairdesk.domain.enums import AuditAction, LabelledEnum
from pairdesk.i18n import N_, _
from pairdesk.services.audit_words.line import Line, label, thing

Wording = Callable[[Line, dict[str, str]], str]


def say(template: str) -> Wording:
    """A sentence with ``{who}``, ``{thing}`` and any placeholder of :func:`_fields`."""

    def wording(line: Line, fields: dict[str, str]) -> str:
        return _(template).format(thing=thing(line, fields), **fields)

    return wording


def by_detail(default: Wording, **variants: Wording) -> Wording:
    """A wording chosen by the line's detail: its whole text, or its first ``key=value``
    written ``key_value`` (``status_ended``…)."""

    def wording(line: Line, fields: dict[str, str]) -> str:
        detail = line.entry.detail.strip().replace("-", "_")
        first = detail.split(" ", 1)[0]
        for name in (detail.replace(" ", "_"), first.replace("=", "_"), first.split("=")[0]):
            if name in variants:
                return variants[name](line, fields)
        return default(line, fields)

    return wording


def if_found(found: Wording, otherwise: Wording) -> Wording:
    """``found`` while the record exists; ``otherwise`` (by its number) once deleted."""

    def wording(line: Line, fields: dict[str, str]) -> str:
        return (otherwise if line.gone() else found)(line, fields)

    return wording


CREATED = say(N_("{who} created {thing}"))
CHANGED = say(N_("{who} changed {thing}"))
DELETED = say(N_("{who} deleted {thing}"))
VIEWED = say(N_("{who} opened {thing}"))
PREVIEWED = say(N_("{who} previewed {thing}"))
PRINTED = say(N_("{who} printed {thing}"))
EXPORTED = say(N_("{who} saved {thing} as a file"))
RECORDED = say(N_("{who} recorded {thing}"))
ENDED = say(N_("{who} ended {thing}"))


#: A document previewed, printed or saved as a file.
DOCUMENT: dict[AuditAction, Wording] = {
    AuditAction.VIEW: PREVIEWED,
    AuditAction.PRINT: PRINTED,
    AuditAction.EXPORT: EXPORTED,
}


def enum_sentence(template: str, key: str, enum: type[LabelledEnum]) -> Wording:
    def wording(line: Line, fields: dict[str, str]) -> str:
        value = label(enum, line.values.get(key, ""))
        return _(template).format(thing=thing(line, fields), value=value, **fields)

    return wording
