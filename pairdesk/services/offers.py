"""Job offers: the offers collected, filtered and sorted for the list. Sharing them is in
:mod:`pairdesk.services.offer_shares`, matching them with participants in
:mod:`pairdesk.services.matching`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from pairdesk.domain import validation as v
from pairdesk.domain.enums import ContractType, RemoteWork
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.text import fold, search_text
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.employers import attach_employer
from pairdesk.services.records import flag_record, read_object, saved, stored_or_new
from pairdesk.services.search import like_pattern
from pairdesk.store.dialects import caseless
from pairdesk.store.models import JobOffer, OfferShare

CLOSING_SOON_DAYS = 7
SORTS = ("closing_on", "created_on", "title", "employer")


# --------------------------------------------------------------------------- offers


@dataclass(frozen=True, slots=True)
class OfferInput:
    title: str
    employer: str = ""
    place: str = ""
    contract_type: ContractType = ContractType.CDI
    hours_per_week: float | None = None
    remote: RemoteWork = RemoteWork.NONE
    accommodations: str = ""
    employer_open_to_disability: bool = False
    source: str = ""
    closing_on: dt.date | None = None
    contact: str = ""
    description: str = ""
    #: Picked from the employer directory; ``None``: ``employer`` is matched there (or
    #: entered there when new) by :func:`pairdesk.services.employers.attach_employer`.
    employer_id: int | None = None
    #: the ``edit_version`` the form read; None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class OfferView:
    """One job offer, as the list shows it and the form edits it."""

    id: int
    title: str
    employer: str
    place: str
    contract_type: ContractType
    hours_per_week: float | None
    remote: RemoteWork
    accommodations: str
    employer_open_to_disability: bool
    source: str
    closing_on: dt.date | None
    contact: str
    description: str
    created_on: dt.date
    archived: bool
    expired: bool
    closing_soon: bool
    share_count: int
    edit_version: int
    employer_id: int | None = None  # the directory entry

    @property
    def has_accommodations(self) -> bool:
        return bool(self.accommodations)


def expired(closing_on: dt.date | None, today: dt.date) -> bool:
    """An offer closed by ``today``: its closing date is past (no date: never)."""
    return closing_on is not None and closing_on < today


def _closing_soon(closing_on: dt.date | None, today: dt.date) -> bool:
    return closing_on is not None and today <= closing_on <= today + dt.timedelta(
        days=CLOSING_SOON_DAYS
    )


def _share_count(session: Session, offer_id: int) -> int:
    return session.scalar(select(func.count()).where(OfferShare.offer_id == offer_id)) or 0


def _offer_view(
    session: Session, row: JobOffer, today: dt.date, share_count: int | None = None
) -> OfferView:
    """The read object of ``row``; ``share_count`` when the caller counted them already."""
    return read_object(
        OfferView,
        row,
        contract_type=ContractType(row.contract_type),
        remote=RemoteWork(row.remote),
        expired=expired(row.closing_on, today),
        closing_soon=_closing_soon(row.closing_on, today),
        share_count=_share_count(session, row.id) if share_count is None else share_count,
    )


def _apply_offer(row: JobOffer, data: OfferInput) -> None:
    row.title = v.required_line(data.title, "title", _("Job title"))
    row.employer = v.optional_line(data.employer, "employer", _("Employer"), max_length=200)
    row.place = v.optional_line(data.place, "place", _("Place"), max_length=200)
    row.contract_type = v.enum_value(
        ContractType, data.contract_type, "contract_type", _("Contract type")
    ).value
    row.hours_per_week = v.hours(data.hours_per_week, "hours_per_week", _("Hours a week"))
    row.remote = v.enum_value(RemoteWork, data.remote, "remote", _("Remote work")).value
    row.accommodations = v.free_text(
        data.accommodations, "accommodations", _("Accommodations offered")
    )
    row.employer_open_to_disability = bool(data.employer_open_to_disability)
    row.source = v.optional_line(data.source, "source", _("Source"), max_length=200)
    row.closing_on = v.date_in_range(data.closing_on, "closing_on", _("Closing date"))
    row.contact = v.optional_line(data.contact, "contact", _("Contact"), max_length=300)
    row.description = v.free_text(data.description, "description", _("Description"))
    row.search_text = search_text(
        row.title, row.employer, row.place, row.source, row.accommodations
    )


def create_offer(ctx: ServiceContext, data: OfferInput) -> OfferView:
    return _save_offer(ctx, None, data)


def update_offer(ctx: ServiceContext, offer_id: int, data: OfferInput) -> OfferView:
    return _save_offer(ctx, offer_id, data)


def _save_offer(ctx: ServiceContext, offer_id: int | None, data: OfferInput) -> OfferView:
    """Create (``offer_id`` None) or update an offer: the one path of both."""
    require(ctx, Permission.OFFERS)
    with ctx.transaction() as session:
        row, action = stored_or_new(
            session,
            JobOffer,
            offer_id,
            _("job offer"),
            mine=data,
            this=_("this job offer"),
            created_on=ctx.today(),
            archived=False,
        )
        attach_employer(ctx, session, row, data.employer_id, data.employer)
        _apply_offer(row, replace(data, employer=row.employer))
        saved(ctx, session, "job_offer", row, action)
        return _offer_view(session, row, ctx.today())


def archive_offer(ctx: ServiceContext, offer_id: int, archived: bool = True) -> OfferView:
    """Archive an offer (or bring it back with ``archived=False``); shares are kept."""
    require(ctx, Permission.OFFERS)
    return flag_record(
        ctx,
        JobOffer,
        offer_id,
        _("job offer"),
        lambda session, row: _offer_view(session, row, ctx.today()),
        entity="job_offer",
        archived=archived,
    )


def get_offer(ctx: ServiceContext, offer_id: int) -> OfferView:
    with ctx.transaction() as session:
        return _offer_view(
            session, get_or_raise(session, JobOffer, offer_id, _("job offer")), ctx.today()
        )


def list_offers(
    ctx: ServiceContext,
    *,
    search: str = "",
    contract_type: ContractType | None = None,
    max_hours: float | None = None,
    remote: RemoteWork | None = None,
    with_accommodations: bool | None = None,
    open_only: bool = False,
    include_archived: bool = False,
    source: str | None = None,
    sort: str = "closing_on",
) -> list[OfferView]:
    """Offers filtered and sorted in SQL.

    ``search`` finds every typed word, accents and case ignored, in the title, employer,
    place, source or accommodations. ``max_hours`` leaves out offers whose hours are not
    given. ``open_only`` keeps offers not archived whose closing date is not past.
    ``sort``: "closing_on" (soonest first, no date last), "created_on" (newest first),
    "title" or "employer".
    """
    today = ctx.today()
    if sort not in SORTS:
        raise InvalidInput(
            _("{field} has an unknown value.").format(field=_("Sort order")), field="sort"
        )
    shares = (
        select(OfferShare.offer_id, func.count().label("n"))
        .group_by(OfferShare.offer_id)
        .subquery()
    )
    query = select(JobOffer, func.coalesce(shares.c.n, 0)).outerjoin(
        shares, shares.c.offer_id == JobOffer.id
    )
    for word in fold(search).split():
        query = query.where(JobOffer.search_text.like(like_pattern(word), escape="\\"))
    if contract_type is not None:
        wanted = v.enum_value(ContractType, contract_type, "contract_type", _("Contract type"))
        query = query.where(JobOffer.contract_type == wanted.value)
    if max_hours is not None:
        limit = v.hours(max_hours, "max_hours", _("Hours a week"))
        query = query.where(JobOffer.hours_per_week.is_not(None), JobOffer.hours_per_week <= limit)
    if remote is not None:
        wanted_remote = v.enum_value(RemoteWork, remote, "remote", _("Remote work"))
        query = query.where(JobOffer.remote == wanted_remote.value)
    if with_accommodations is True:
        query = query.where(JobOffer.accommodations != "")
    elif with_accommodations is False:
        query = query.where(JobOffer.accommodations == "")
    if open_only:
        query = query.where(
            JobOffer.archived.is_(False),
            or_(JobOffer.closing_on.is_(None), JobOffer.closing_on >= today),
        )
    elif not include_archived:
        query = query.where(JobOffer.archived.is_(False))
    if source is not None:
        query = query.where(
            JobOffer.source == v.optional_line(source, "source", _("Source"), max_length=200)
        )
    query = _sorted(query, sort)
    with ctx.transaction() as session:
        return [
            _offer_view(session, row, today, int(count)) for row, count in session.execute(query)
        ]


def _sorted(query: Select[JobOffer, Any], sort: str) -> Select[JobOffer, Any]:
    if sort == "closing_on":
        return query.order_by(JobOffer.closing_on.is_(None), JobOffer.closing_on, JobOffer.id)
    if sort == "created_on":
        return query.order_by(JobOffer.created_on.desc(), JobOffer.id.desc())
    # caseless: ASCII case only, then code points, on both engines (PostgreSQL's lower()
    # would also fold « É » and sort by the database's locale)
    if sort == "title":
        return query.order_by(caseless(JobOffer.title), JobOffer.id)
    return query.order_by(caseless(JobOffer.employer), JobOffer.id)


def list_offer_sources(ctx: ServiceContext) -> list[str]:
    """The sources already typed (France Travail, a newsletter…), for a filter list."""
    with ctx.transaction() as session:
        return list(
            session.scalars(
                select(JobOffer.source)
                .where(JobOffer.source != "")
                .distinct()
                .order_by(JobOffer.source)
            )
        )
