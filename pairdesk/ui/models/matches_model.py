"""Matches between offers and participants, with the reasons in plain words.

The same ``matching.Match`` read object serves both directions: for an offer the rows name
participants (``ParticipantMatchesModel``), for a participant they name offers
(``OfferMatchesModel``).
"""

from __future__ import annotations

from pairdesk.formatting import short_date
from pairdesk.i18n import N_, _, ngettext
from pairdesk.services.matching import Match
from pairdesk.ui.models.rows import RowsModel


def score_text(score: int) -> str:
    return ngettext("{score} point", "{score} points", score).format(score=score)


def reasons_text(match: Match) -> str:
    """The reasons, one after the other (each is already a sentence-like phrase)."""
    return _("; ").join(match.reasons)  # French puts a space before « ; »


class _MatchesModel(RowsModel[Match]):
    """The reasons are the last column; their tooltip lists them one a line."""

    def tooltip(self, item: Match, column: int) -> str | None:
        return "\n".join(item.reasons) if column == len(self.HEADERS) - 1 else None


class ParticipantMatchesModel(_MatchesModel):
    """Participants an offer may suit, best first."""

    PARTICIPANT, SCORE, REASONS = range(3)
    HEADERS = (N_("Participant"), N_("Score"), N_("Why"))

    def cell(self, item: Match, column: int) -> str:
        match column:
            case self.PARTICIPANT:
                return item.participant_name
            case self.SCORE:
                return score_text(item.score)
            case _column:
                return reasons_text(item)


class OfferMatchesModel(_MatchesModel):
    """Open offers that may suit a participant, best first."""

    OFFER, EMPLOYER, PLACE, CLOSING, SCORE, REASONS = range(6)
    HEADERS = (
        N_("Job title"),
        N_("Employer"),
        N_("Place"),
        N_("Closing date"),
        N_("Score"),
        N_("Why"),
    )

    def cell(self, item: Match, column: int) -> str:
        match column:
            case self.OFFER:
                return item.offer_title
            case self.EMPLOYER:
                return item.employer
            case self.PLACE:
                return item.place
            case self.CLOSING:
                return short_date(item.closing_on) or _("No date")
            case self.SCORE:
                return score_text(item.score)
            case _column:
                return reasons_text(item)
