"""Everything a participant file shows, read in one go on the database worker.

``load_file`` only calls services; the wellbeing plan is NOT part of it (it is read on
an explicit click, and each look is audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pairdesk.domain.enums import ConsentPurpose
from pairdesk.services import (
    assessments,
    consents,
    participants,
    pathways,
    referents,
    team,
    tutoring,
)
from pairdesk.services.assessments import SelfAssessmentRow
from pairdesk.services.consents import ConsentState
from pairdesk.services.context import ServiceContext
from pairdesk.services.participants import ParticipantDetail
from pairdesk.services.pathways import PathwayView
from pairdesk.services.referents import ReferentRow
from pairdesk.services.team import TeamMemberRow
from pairdesk.services.tutoring import TutoringRow


@dataclass(frozen=True, slots=True)
class FileData:
    detail: ParticipantDetail
    consents: dict[ConsentPurpose, ConsentState]
    tutorings: tuple[TutoringRow, ...]
    pathway: PathwayView
    assessments: tuple[SelfAssessmentRow, ...]
    referents: tuple[ReferentRow, ...]
    members: tuple[TeamMemberRow, ...]


def load_file(ctx: ServiceContext, participant_id: int) -> FileData:
    return FileData(
        detail=participants.get_participant(ctx, participant_id),
        consents=consents.consent_status(ctx, participant_id),
        tutorings=tuple(tutoring.list_tutorings(ctx, participant_id)),
        pathway=pathways.get_pathway(ctx, participant_id),
        assessments=tuple(assessments.list_self_assessments(ctx, participant_id)),
        referents=tuple(referents.list_referents(ctx)),
        members=tuple(team.list_members(ctx)),
    )


class FileHost(Protocol):
    """What the tabs need from the file that holds them."""

    ctx: ServiceContext

    @property
    def participant_id(self) -> int | None: ...

    @property
    def data(self) -> FileData | None: ...

    def reload(self) -> None: ...

    def tell(self, text: str) -> None: ...

    def display_name(self) -> str: ...
