"""The employer directory and the lists of an employer's file (issue 15).

The directory holds tens or hundreds of companies; ``employers.list_employers`` searches
(accent-insensitive) and sorts it, the models only show what the services returned.
"""

from __future__ import annotations

from pairdesk.domain.employers import Disclosure
from pairdesk.formatting import short_date
from pairdesk.i18n import N_, _, ngettext
from pairdesk.services.employer_file import (
    EmployerOfferLine,
    PlacementLine,
    ShareDisclosureLine,
)
from pairdesk.services.employer_relations import AccommodationRow, DisclosureRow, InteractionRow
from pairdesk.services.employers import ContactRow, EmployerRow, ToConfirmRow
from pairdesk.ui.models.rows import ID_ROLE, RowColumn, RowsModel

__all__ = [
    "ID_ROLE",
    "AccommodationsModel",
    "ContactsModel",
    "DisclosureHistoryModel",
    "EmployersModel",
    "InteractionsModel",
    "OffersLinesModel",
    "PlacementsModel",
    "ShareDisclosuresModel",
    "ToConfirmModel",
    "disclosure_text",
    "retention_text",
]


def disclosure_text(choice: Disclosure | None) -> str:
    """The person's choice in plain words; no choice recorded reads as such."""
    return choice.label if choice is not None else _("Not recorded (counts as not disclosed)")


def retention_text(line: PlacementLine) -> str:
    """ "6 months: in work; 12 months: left" — the checks recorded on the contract."""
    if not line.retention:
        return _("No check yet")
    parts = [
        (_("{months} months: in work") if employed else _("{months} months: no longer")).format(
            months=months
        )
        for months, employed in line.retention
    ]
    return "; ".join(parts)


def _contact_text(row: EmployerRow) -> str:
    return short_date(row.last_contact) if row.last_contact else _("Never")


class EmployersModel(RowsModel[EmployerRow]):
    columns = (
        RowColumn(N_("Name"), lambda r: r.name),
        RowColumn(N_("Kind"), lambda r: r.kind.label),
        RowColumn(N_("Town"), lambda r: r.town),
        RowColumn(N_("Open offers"), lambda r: str(r.open_offers)),
        RowColumn(N_("People placed"), lambda r: str(r.people_placed)),
        RowColumn(N_("Last contact"), _contact_text),
    )

    def tooltip(self, item: EmployerRow, column: int) -> str | None:
        return item.notes or None


class ContactsModel(RowsModel[ContactRow]):
    columns = (
        RowColumn(N_("Name"), lambda r: r.name),
        RowColumn(N_("Role"), lambda r: r.role),
        RowColumn(N_("Phone"), lambda r: r.phone),
        RowColumn(N_("E-mail"), lambda r: r.email),
    )


def _offer_state(line: EmployerOfferLine) -> str:
    if line.open:
        return _("Open")
    return _("Past")


class OffersLinesModel(RowsModel[EmployerOfferLine]):
    columns = (
        RowColumn(N_("Offer"), lambda r: r.title),
        RowColumn(N_("Contract"), lambda r: r.contract_type.label),
        RowColumn(N_("Closing date"), lambda r: short_date(r.closing_on)),
        RowColumn(N_("State"), _offer_state),
    )


def _person(line: PlacementLine) -> str:
    return line.person or _("A person placed")


def _period(line: PlacementLine) -> str:
    if line.ended_on is None:
        return _("since {date}").format(date=short_date(line.started_on))
    return _("{start} to {end}").format(
        start=short_date(line.started_on), end=short_date(line.ended_on)
    )


def _accommodations(line: PlacementLine) -> str:
    if not line.accommodations:
        return ""
    return "; ".join(
        _("{what}: {outcome}").format(what=a.kind.label, outcome=a.outcome.label)
        for a in line.accommodations
    )


def _accommodation_details(line: PlacementLine) -> str | None:
    details = [f"{a.kind.label}: {a.details}" for a in line.accommodations if a.details]
    return "\n".join(details) or None


class PlacementsModel(RowsModel[PlacementLine]):
    columns = (
        RowColumn(N_("Person"), _person),
        RowColumn(N_("Job"), lambda r: r.job_title),
        RowColumn(N_("Contract"), lambda r: r.contract_type.label),
        RowColumn(N_("Period"), _period),
        RowColumn(N_("Retention"), retention_text),
        RowColumn(N_("Disclosure"), lambda r: disclosure_text(r.disclosure)),
        RowColumn(N_("Accommodations"), _accommodations, tooltip=_accommodation_details),
    )

    def row_id(self, item: PlacementLine) -> int:
        return item.contract_id


class AccommodationsModel(RowsModel[AccommodationRow]):
    """The accommodations agreed on one contract, in work terms."""

    columns = (
        RowColumn(N_("Accommodation"), lambda r: r.kind.label),
        RowColumn(N_("Details"), lambda r: r.details.replace("\n", " ")),
        RowColumn(N_("Agreed on"), lambda r: short_date(r.agreed_on) if r.agreed_on else ""),
        RowColumn(N_("Did it work?"), lambda r: r.outcome.label),
    )


class DisclosureHistoryModel(RowsModel[DisclosureRow]):
    """Every choice recorded on a contract or an offer share, the one in force last."""

    columns = (
        RowColumn(N_("Chosen on"), lambda r: short_date(r.chosen_on)),
        RowColumn(N_("The person chose"), lambda r: r.choice.label),
    )


class ShareDisclosuresModel(RowsModel[ShareDisclosureLine]):
    """The people an offer was shared with and what each chose to tell the employer."""

    columns = (
        RowColumn(N_("Person"), lambda r: r.person or _("A person")),
        RowColumn(N_("Shared on"), lambda r: short_date(r.shared_on)),
        RowColumn(N_("Disclosure"), lambda r: disclosure_text(r.disclosure)),
    )

    def row_id(self, item: ShareDisclosureLine) -> int:
        return item.share_id


def _about(row: InteractionRow) -> str:
    return _("About a person") if row.participant_id is not None else ""


class InteractionsModel(RowsModel[InteractionRow]):
    columns = (
        RowColumn(N_("Date"), lambda r: short_date(r.occurred_on)),
        RowColumn(N_("Kind"), lambda r: r.kind.label),
        RowColumn(N_("Who"), lambda r: r.member_name),
        RowColumn(N_("About"), _about),
        RowColumn(N_("What was said"), lambda r: r.text.replace("\n", " ")),
    )


def _record(row: ToConfirmRow) -> str:
    return _("Job offer") if row.entity == "job_offer" else _("Contract")


class ToConfirmModel(RowsModel[ToConfirmRow]):
    columns = (
        RowColumn(N_("Name typed"), lambda r: r.typed_name or _("(blank)")),
        RowColumn(N_("On"), _record),
        RowColumn(N_("Why it is left to you"), lambda r: r.reason.label),
        RowColumn(N_("Details"), lambda r: r.details),
    )


def count_text(count: int) -> str:
    if not count:
        return _("No employer matches.")
    return ngettext("{count} employer", "{count} employers", count).format(count=count)
