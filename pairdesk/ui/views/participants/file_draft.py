"""The participant file as a draft: what the identity form holds, as JSON-able data, and
back. Used when pairdesk locks with a form being edited (``pairdesk.services.drafts``).

Payload of the identity form: ``{"form": "identity", "participant_id": 42 | None, "tab": 0,
"identity": {field: value}}`` with the fields of ``ParticipantInput`` (dates as ISO text,
choices as their stored values). The forms of the other tabs keep
``{"form": "pathway" | "wellbeing" | "assessment" | "tutoring", "participant_id": 42,
"fields": {...}}``: the raw values of their ``Form`` (``Form.draft_state``; text as typed,
numbers, a choice's index), readable by ``Form.restore_draft``; a draft without ``form``
is an identity draft. A dialog of the file (goal, step, contract…) keeps the kit's own
payload (``"dialog"`` names it, ``"context"`` holds the participant's and record's ids).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

from pairdesk.i18n import _
from pairdesk.services.participants import ParticipantInput
from pairdesk.ui.views.participants.common import set_combo_data
from pairdesk.ui.views.participants.identity_tab import IdentityTab

VIEW = "participants"
IDENTITY = "identity"
PATHWAY = "pathway"
WELLBEING = "wellbeing"
ASSESSMENT = "assessment"
TUTORING = "tutoring"
#: The forms of the file's tabs kept as ``{"form", "participant_id", "fields"}`` (the raw
#: values of their ``Form``, ``Form.draft_state``).
TAB_FORMS = (PATHWAY, WELLBEING, ASSESSMENT, TUTORING)
_LINES = ("first_name", "last_name", "pseudonym", "phone", "email", "city", "followup_times")
_BOXES = ("address", "notes")
_DATES = ("birth_date", "membership_start", "membership_end", "rqth_until")
_COMBOS = ("rqth_status", "followup_frequency", "followup_mode")


def _json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def identity_payload(tab: IdentityTab) -> dict[str, Any]:
    """Every field of the identity form, as typed (a date not yet valid kept as its text)."""
    form: ParticipantInput = tab.form_input(lenient=True)
    payload = {f.name: _json_value(getattr(form, f.name)) for f in dataclasses.fields(form)}
    payload["typed_dates"] = {name: getattr(tab, name).text() for name in _DATES}
    return payload


def apply_identity(tab: IdentityTab, identity: dict[str, Any]) -> None:
    """Put a draft's fields back in the form (the form becomes "changed")."""
    for name in _LINES:
        if isinstance(identity.get(name), str):
            getattr(tab, name).setText(identity[name])
    for name in _BOXES:
        if isinstance(identity.get(name), str):
            getattr(tab, name).setPlainText(identity[name])
    typed = identity.get("typed_dates")
    typed = typed if isinstance(typed, dict) else {}
    for name in _DATES:
        if isinstance(typed.get(name), str):
            getattr(tab, name).set_text(typed[name])
        elif name in identity:
            getattr(tab, name).set_date(_date(identity[name]))
    for name in _COMBOS:
        if name in identity:
            set_combo_data(getattr(tab, name), identity[name])
    year = identity.get("birth_year")
    if "birth_year" in identity:
        tab.birth_year.setValue(year if type(year) is int else tab.birth_year.minimum())
    if isinstance(identity.get("is_peer_helper"), bool):
        tab.is_peer_helper.setChecked(identity["is_peer_helper"])
    tab.form.restore_version(identity.get("edit_version"))  # a change since is asked about
    tab.form.mark_dirty()  # changes not saved, even where they match what is stored


def describe(payload: dict[str, Any]) -> str:
    """The question asked after unlocking, naming whose file it was."""
    identity = payload.get("identity")
    identity = identity if isinstance(identity, dict) else {}
    name = " ".join(
        str(identity.get(k, "")).strip() for k in ("first_name", "last_name") if identity.get(k)
    ).strip()
    if payload.get("participant_id") is None:
        return _(
            "You were filling in the file of a new participant when pairdesk locked. "
            "Restore what you had typed?"
        )
    if not name:
        return _("You were editing a participant's file when pairdesk locked. Restore?")
    return _("You were editing the file of {name} when pairdesk locked. Restore?").format(name=name)


def describe_form(form: str, name: str) -> str:
    """The question asked after unlocking about a tab's form in the file of ``name``."""
    if form == ASSESSMENT:
        return _(
            "You were typing a self-assessment of {name} when pairdesk locked. Restore it?"
        ).format(name=name)
    if form == TUTORING:
        return _(
            "You were starting a cross tutoring for {name} when pairdesk locked. Restore it?"
        ).format(name=name)
    if form == WELLBEING:
        return _(
            "You were editing the wellbeing plan of {name} when pairdesk locked. Restore it?"
        ).format(name=name)
    return _(
        "You were editing the aspirations and needs of {name} when pairdesk locked. Restore them?"
    ).format(name=name)
