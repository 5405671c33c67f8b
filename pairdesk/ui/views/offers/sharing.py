"""Recording a share: the consent check comes BEFORE the share is written.

``offer_shares.share_offer`` records the share even without consent (its result carries a
``consent_warning``), so the screen asks ``participants.consent_status`` first and lets
the user stop there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from pairdesk.domain.employers import Disclosure
from pairdesk.i18n import _
from pairdesk.services import employer_relations, offer_shares
from pairdesk.services.context import ServiceContext
from pairdesk.services.offer_shares import ShareRow
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets.questions import ask


def consent_missing_text(name: str) -> str:
    return _(
        "No current consent to keep {name}'s file is recorded. Ask for it and record it "
        "before going further. Share the offer anyway?"
    ).format(name=name)


def share_with(
    parent: QWidget,
    ctx: ServiceContext,
    offer_id: int,
    participant_id: int,
    name: str,
    on_shared: Callable[[ShareRow], None],
    disclosure: Disclosure | None = None,
) -> None:
    """Check consent, ask if it is missing, then record the share (and the person's
    disclosure choice about this employer, when given)."""

    def share() -> ShareRow:
        # One transaction: a disclosure this operator may not record (a pair-aidant who is
        # not the person's tutor) leaves no share behind either.
        with ctx.transaction():
            row = offer_shares.share_offer(ctx, offer_id, participant_id)
            if disclosure is not None:
                employer_relations.set_disclosure(ctx, disclosure, offer_share_id=row.id)
            return row

    def record() -> None:
        Op(parent, share).success(on_shared).run()

    def checked(consent_given: bool) -> None:
        if not consent_given and not ask(
            parent,
            _("Consent missing"),
            consent_missing_text(name),
            _("&Share anyway"),
            _("&Do not share"),
            warning=True,
        ):
            return
        record()

    Op(parent, lambda: offer_shares.may_keep_file(ctx, participant_id)).success(checked).run()
