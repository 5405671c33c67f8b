"""Demo data: a deterministic, entirely fictional association with a year of activity.

``generate_demo_data`` fills a vault with team members, referents, participants and
everything around them (pathways, goals, contracts, workshops and attendance, CVs, mock
interviews, offers, self-assessments…). The same ``seed`` and ``today`` always give the
same vault: one ``random.Random(seed)`` drives every choice, and every date (including
``created_at``-type columns) derives from ``today``.

It is written for speed (50,000 participants in well under a minute): rows are plain
dicts inserted with Core ``executemany`` in chunks (:class:`~.state.DemoRun`), ids are
assigned rather than read back, and nothing is queried per row. The derived columns are
computed with the rules the services use (search texts, sort names, last contact, term
ends and retention milestones, when a workshop is held).

One module per subject, as in ``services/``: ``team`` (association, team, referents),
``participants`` (the plan, files, schemes, consents, tutoring), ``pathways`` (goals,
steps, contracts, retention, wellbeing), ``workshops`` and ``attendance``, ``cvs``,
``coaching``, ``offers``, ``assessments``, ``supervision``, ``employers`` (the
employer directory, built last from the names typed on offers and contracts); ``records`` keeps count of
what demo data wrote, to refuse a real association's vault.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from pairdesk.domain.enums import AuditAction
from pairdesk.domain.permissions import Permission, require
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.services.demo.bookkeeping import add_demo_counts, refuse_real_records, table_counts
from pairdesk.services.demo.coaching import make_question_bank
from pairdesk.services.demo.employers import make_employers
from pairdesk.services.demo.helper import helper_wanted, make_people_in_helper
from pairdesk.services.demo.offers import make_offers
from pairdesk.services.demo.participants import make_people, plan_people
from pairdesk.services.demo.register import make_register
from pairdesk.services.demo.state import DemoRun, Progress, advance_sequences
from pairdesk.services.demo.supervision import make_supervision
from pairdesk.services.demo.team import make_referents, make_team, update_association
from pairdesk.services.demo.workshops import make_workshops

MAX_PARTICIPANTS = 1_000_000


def _rows_of(table: str) -> Any:
    """A field of :class:`DemoSummary` that counts the rows written to ``table``."""
    return field(metadata={"table": table})


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What demo data wrote: each figure is the number of rows of one table."""

    participants: int = _rows_of("participant")
    team_members: int = _rows_of("team_member")
    referents: int = _rows_of("referent")
    workshops: int = _rows_of("workshop")
    registrations: int = _rows_of("registration")
    offers: int = _rows_of("job_offer")
    shares: int = _rows_of("offer_share")
    contracts: int = _rows_of("contract")
    cv_versions: int = _rows_of("cv_version")
    mock_interviews: int = _rows_of("mock_interview")
    self_assessments: int = _rows_of("self_assessment")
    events: int = _rows_of("pathway_event")
    goals: int = _rows_of("goal")
    employers: int = _rows_of("employer")

    @classmethod
    def from_counts(cls, counts: Mapping[str, int]) -> DemoSummary:
        """The summary of ``counts``, rows per table name."""
        return cls(**{f.name: counts[f.metadata["table"]] for f in fields(cls)})


def build(run: DemoRun, *, helper: bool | None = None) -> DemoSummary:
    """Everything, in the order of the random draws: the directories and the plan first,
    then the participants in chunks (flushed and reported after each), drawn by a helper
    process from ``HELPER_FROM`` participants (``helper``: True or False to choose)."""
    run.report(0)
    update_association(run)
    make_team(run)
    make_referents(run)
    make_question_bank(run)
    make_offers(run)
    plan_people(run)
    make_workshops(run)
    make_supervision(run)
    run.flush()
    run.report(0)
    chunk = max(1, min(500, math.ceil(run.n / 8)))
    if helper if helper is not None else helper_wanted(run):
        run.start_ids()
        make_people_in_helper(run, chunk)
    else:
        make_people(run, chunk, run.report)
    employers = make_employers(run)  # last: the other steps keep their draws
    run.counts["employer"] = run.counts.get("employer", 0) + employers
    make_register(run)  # after the employers: the draws before it are unchanged
    run.flush()
    advance_sequences(run.session)
    return DemoSummary.from_counts(run.counts)


def generate_demo_data(
    ctx: ServiceContext,
    *,
    participants: int = 60,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
    force: bool = False,
    helper: bool | None = None,
) -> DemoSummary:
    """Fill the vault with a fictional association and a year of activity, in one transaction.

    The same ``seed`` and ``today`` always give the same data. ``progress(done, total)``
    is called now and then (``total`` is the number of participants); returning False
    cancels, and the whole generation is rolled back. A vault that holds real records
    (``real_records``) is refused with InvalidInput unless ``force``: demo data would mix
    fictional people with real ones and rename the association. ``helper``: whether a
    helper process draws the participants (``services.demo.helper``; None: from
    ``HELPER_FROM`` participants, on SQLite), the same data either way.
    """
    require(ctx, Permission.VAULT_SETTINGS)
    if not force:
        refuse_real_records(ctx, participants)
    if isinstance(participants, bool) or not 0 <= participants <= MAX_PARTICIPANTS:
        raise InvalidInput(
            _("The number of participants must be a whole number from {low} to {high}.").format(
                low=0, high=MAX_PARTICIPANTS
            ),
            field="participants",
        )
    day = today or ctx.today()
    rng = random.Random(seed)
    with ctx.transaction() as session:
        before = table_counts(session)
        summary = build(DemoRun(session, rng, day, participants, progress), helper=helper)
        add_demo_counts(session, before)
        detail = ", ".join(f"{f.name}={getattr(summary, f.name)}" for f in fields(summary))
        ctx.audit(session, "demo", None, AuditAction.CREATE, detail)
    return summary
