"""The association's year: the form typed once a year, and the annual activity report.

What pairdesk cannot compute (paid staff with their functions, qualifications and FTE,
volunteers, the bureau, sponsor and managing body with their agreements' dates, premises,
partnerships, activities held and planned, highlights) is typed once a year and kept per
year (:class:`AssociationYear`). The report (:func:`annual_report_data`) puts each
computed figure beside the previous year's, with its definition, and never a name.

Saving the form is a coordinator's (``Permission.VAULT_SETTINGS``); printing the report
is ``Permission.PRINT_DOCUMENTS`` and audited (entity ``gem_annual``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

from pairdesk.domain import gem_year as rules
from pairdesk.domain.enums import AuditAction
from pairdesk.domain.indicators import IndicatorReport
from pairdesk.domain.ips import IpsFigures
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.validation import date_in_range, free_text, int_in_range, optional_line
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import indicators, ips, register_totals, team
from pairdesk.services.context import ServiceContext
from pairdesk.services.document_data import DocumentHeader, header_of
from pairdesk.services.records import read_object, require_version, stored_or_added
from pairdesk.store.models import AssociationYear

YEAR_MIN, YEAR_MAX = 2000, 2100
MAX_PEOPLE = 100_000
MAX_STAFF_LINES = 50


@dataclass(frozen=True, slots=True)
class StaffLine:
    """One paid facilitator: what they do, their qualification, their FTE (0–1)."""

    function: str
    qualification: str = ""
    fte: float | None = None


@dataclass(frozen=True, slots=True)
class AssociationYearInput:
    members_at_year_end: int | None = None
    new_members: int | None = None
    staff: tuple[StaffLine, ...] = ()
    volunteers: int | None = None
    volunteer_functions: str = ""
    bureau_members: int | None = None
    bureau_members_from_gem: int | None = None
    sponsor: str = ""
    sponsor_agreement_on: dt.date | None = None
    managing_body: str = ""
    management_agreement_on: dt.date | None = None
    premises: str = ""
    partnerships: str = ""
    activities_held: str = ""
    activities_planned: str = ""
    highlights: str = ""
    #: the ``edit_version`` the form read (``AssociationYearData.edit_version``, 0 for a
    #: year never saved); None: a save that is not checked
    edit_version: int | None = None


@dataclass(frozen=True, slots=True)
class AssociationYearData(AssociationYearInput):
    year: int = 0
    saved: bool = False  # False: nothing typed for that year yet


def _check_year(year: int) -> int:
    value = int_in_range(year, YEAR_MIN, YEAR_MAX, "year", _("Year"), required=True)
    assert value is not None
    return value


def _staff(lines: tuple[StaffLine, ...]) -> list[dict[str, object]]:
    if len(lines) > MAX_STAFF_LINES:
        raise InvalidInput(
            _("At most {count} paid facilitators.").format(count=MAX_STAFF_LINES), field="staff"
        )
    result: list[dict[str, object]] = []
    for line in lines:
        function = optional_line(line.function, "staff", _("Function"), max_length=200)
        qualification = optional_line(
            line.qualification, "staff", _("Qualification"), max_length=200
        )
        fte = line.fte
        if fte is not None:
            try:
                fte = float(fte)
            except (TypeError, ValueError):
                fte = math.nan
            if not (0 < fte <= 1):
                raise InvalidInput(
                    _("A full-time equivalent is a number above 0 and at most 1."),
                    field="staff",
                )
            fte = round(fte, 2)
        if function or qualification or fte is not None:
            result.append({"function": function, "qualification": qualification, "fte": fte})
    return result


def _read_staff(stored: str) -> tuple[StaffLine, ...]:
    try:
        raw = json.loads(stored or "[]")
    except ValueError:
        return ()
    lines: list[StaffLine] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict):
            fte = item.get("fte")
            lines.append(
                StaffLine(
                    str(item.get("function", "")),
                    str(item.get("qualification", "")),
                    float(fte) if isinstance(fte, int | float) else None,
                )
            )
    return tuple(lines)


def _data(year: int, row: AssociationYear | None) -> AssociationYearData:
    if row is None:
        return AssociationYearData(year=year, saved=False, edit_version=0)
    return read_object(
        AssociationYearData, row, year=year, saved=True, staff=_read_staff(row.staff_json)
    )


def get_year(ctx: ServiceContext, year: int) -> AssociationYearData:
    """The form of ``year`` (empty, ``saved`` false, when nothing was typed yet)."""
    year = _check_year(year)
    with ctx.transaction() as session:
        return _data(year, session.get(AssociationYear, year))


def save_year(ctx: ServiceContext, year: int, data: AssociationYearInput) -> AssociationYearData:
    """Keep the year's form (a coordinator's). Field errors name the field."""
    require(ctx, Permission.VAULT_SETTINGS)
    year = _check_year(year)

    def count(value: int | None, name: str, text: str) -> int | None:
        return int_in_range(value, 0, MAX_PEOPLE, name, text)

    members = count(data.members_at_year_end, "members_at_year_end", _("Members on 31 December"))
    new = count(data.new_members, "new_members", _("New members during the year"))
    volunteers = count(data.volunteers, "volunteers", _("Volunteer facilitators"))
    bureau = count(data.bureau_members, "bureau_members", _("Members of the bureau"))
    from_gem = count(
        data.bureau_members_from_gem, "bureau_members_from_gem", _("of whom members of the GEM")
    )
    if bureau is not None and from_gem is not None and from_gem > bureau:
        raise InvalidInput(
            _("The bureau cannot have more members of the GEM than members."),
            field="bureau_members_from_gem",
        )
    staff = _staff(tuple(data.staff))
    with ctx.transaction() as session:
        stored = session.get(AssociationYear, year)
        if stored is not None:
            this = _("the form of this year")
            require_version(stored, data, this, stored=_data(year, stored))
        row = stored_or_added(session, AssociationYear, year, year=year)
        row.members_at_year_end = members
        row.new_members = new
        row.staff_json = json.dumps(staff, ensure_ascii=False)
        row.volunteers = volunteers
        row.volunteer_functions = free_text(
            data.volunteer_functions, "volunteer_functions", _("Volunteers' functions")
        )
        row.bureau_members = bureau
        row.bureau_members_from_gem = from_gem
        row.sponsor = optional_line(data.sponsor, "sponsor", _("Sponsor"), max_length=200)
        row.sponsor_agreement_on = date_in_range(
            data.sponsor_agreement_on, "sponsor_agreement_on", _("Sponsorship agreement")
        )
        row.managing_body = optional_line(
            data.managing_body, "managing_body", _("Managing body"), max_length=200
        )
        row.management_agreement_on = date_in_range(
            data.management_agreement_on, "management_agreement_on", _("Management agreement")
        )
        row.premises = free_text(data.premises, "premises", _("Premises"))
        row.partnerships = free_text(data.partnerships, "partnerships", _("Partnerships"))
        row.activities_held = free_text(
            data.activities_held, "activities_held", _("Activities held")
        )
        row.activities_planned = free_text(
            data.activities_planned, "activities_planned", _("Activities planned")
        )
        row.highlights = free_text(data.highlights, "highlights", _("Highlights of the year"))
        ctx.audit(session, "association_year", year, AuditAction.UPDATE)
        session.flush()
        return _data(year, row)


# --------------------------------------------------------------------------- figures


def year_figures(ctx: ServiceContext, year: int) -> dict[str, float | int | None]:
    """Every figure of :data:`pairdesk.domain.gem_year.FIGURE_IDS` for ``year``, exact."""
    year = _check_year(year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    form = get_year(ctx, year)
    report = indicators.compute_indicators(ctx, start, end)
    totals = register_totals.register_totals(ctx, start, end).total
    members = form.members_at_year_end
    if members is None:
        members = register_totals.register_members_at(ctx, end) + int(
            report.items["members_at_end"].value or 0
        )
    new = form.new_members
    if new is None:
        new = register_totals.register_new_members(ctx, start, end) + int(
            report.items["new_members"].value or 0
        )
    staff_fte = [line.fte for line in form.staff if line.fte is not None]
    return {
        "members_at_year_end": members,
        "new_members": new,
        "people_received": totals.distinct_people + totals.anonymous_visits,
        "distinct_members": totals.distinct_members,
        "distinct_non_members": totals.distinct_non_members,
        "anonymous_visits": totals.anonymous_visits,
        "person_days": totals.person_days,
        "member_days": totals.member_days,
        "non_member_days": totals.non_member_days,
        "opening_days": totals.opening_days,
        "average_per_opening_day": totals.average_per_opening_day,
        "paid_staff": len(form.staff) if form.saved else None,
        "paid_staff_fte": round(sum(staff_fte), 2) if staff_fte else None,
        "volunteers": form.volunteers,
        "bureau_members": form.bureau_members,
        "bureau_members_from_gem": form.bureau_members_from_gem,
        "workshops_held": int(report.items["workshops_held"].value or 0),
    }


#: The year's whole counts an export for the network carries (``pairdesk pool export``).
EXPORTED_COUNTS: tuple[str, ...] = tuple(
    key for key in rules.FIGURE_IDS if key not in {"average_per_opening_day", "paid_staff_fte"}
)


def export_counts(ctx: ServiceContext, year: int) -> dict[str, int]:
    """The year's exact counts for the network export (figures not known are left out)."""
    figures = year_figures(ctx, year)
    counts = {
        key: int(value)
        for key in EXPORTED_COUNTS
        if isinstance((value := figures.get(key)), int) and not isinstance(value, bool)
    }
    supported = ips.compute_ips(ctx, dt.date(year, 1, 1), dt.date(year, 12, 31))
    for key in IPS_KEYS:
        counts[f"ips_{key}"] = int(getattr(supported, key))
    return counts


#: The supported-employment (IPS) figures, in the report's order.
IPS_KEYS = (
    "job_starts",
    "first_job_starts",
    "unknown_hours",
    "in_work_over_13_weeks",
    "out_of_work_at_entry",
    "employed_of_out_of_work",
    "entry_not_recorded",
)


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True, slots=True)
class AnnualFigure:
    id: str
    label: str
    definition: str
    value: float | int | None
    previous: float | int | None
    hidden: bool = False  # suppressed (report for publication)
    previous_hidden: bool = False
    typed: bool = False  # from the year's form, not computed


@dataclass(frozen=True, slots=True)
class GemAnnualData:
    header: DocumentHeader
    year: int
    for_publication: bool
    association_name: str
    address: str
    opening_days_of_week: tuple[int, ...]
    opening_hours: str
    figures: tuple[AnnualFigure, ...]
    form: AssociationYearData
    indicators: IndicatorReport
    previous_indicators: IndicatorReport
    due_on: dt.date
    printed_on: dt.date
    ips: IpsFigures
    previous_ips: IpsFigures
    workshops_by_kind: dict[str, int] = field(default_factory=dict)


_TYPED = frozenset({"paid_staff", "paid_staff_fte", "volunteers", "bureau_members"}) | {
    "bureau_members_from_gem"
}


def annual_report_data(
    ctx: ServiceContext,
    year: int,
    *,
    for_publication: bool = False,
    action: AuditAction = AuditAction.EXPORT,
) -> GemAnnualData:
    """The annual activity report's content for ``year`` (and ``year − 1`` beside it). For
    publication, counts of people from 1 to 10 are hidden with secondary suppression
    (:func:`pairdesk.domain.gem_year.publish_figures`), as the employment indicators'
    small numerators are left to the activity report: this report shows their rates only
    when computed on 11 people or more."""
    require(ctx, Permission.PRINT_DOCUMENTS)
    year = _check_year(year)
    current = year_figures(ctx, year)
    previous = year_figures(ctx, year - 1) if year - 1 >= YEAR_MIN else {}
    hidden = rules.publish_figures(current) if for_publication else {}
    hidden_before = rules.publish_figures(previous) if for_publication else {}
    form = get_year(ctx, year)
    typed_members = form.members_at_year_end is not None
    typed_new = form.new_members is not None
    figures = tuple(
        AnnualFigure(
            id=key,
            label=rules.label(key),
            definition=rules.definition(key),
            value=current.get(key),
            previous=previous.get(key),
            hidden=hidden.get(key, False),
            previous_hidden=hidden_before.get(key, False),
            typed=key in _TYPED
            or (key == "members_at_year_end" and typed_members)
            or (key == "new_members" and typed_new),
        )
        for key in rules.FIGURE_IDS
    )
    profile = team.get_association(ctx)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    report = indicators.compute_indicators(ctx, start, end)
    before = indicators.compute_indicators(ctx, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
    header = header_of(profile, ctx.today())
    with ctx.transaction() as session:
        detail = f"year={year} publication={'yes' if for_publication else 'no'}"
        ctx.audit(session, "gem_annual", year, action, detail)
    return GemAnnualData(
        header=header,
        year=year,
        for_publication=for_publication,
        association_name=profile.name,
        address=profile.address,
        opening_days_of_week=profile.opening_days,
        opening_hours=profile.opening_hours,
        figures=figures,
        form=form,
        indicators=report,
        previous_indicators=before,
        due_on=rules.due_date(year),
        printed_on=ctx.today(),
        ips=ips.compute_ips(ctx, start, end),
        previous_ips=ips.compute_ips(ctx, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)),
        workshops_by_kind={
            k: int(v or 0) for k, v in report.items["workshops_held"].breakdown.items()
        },
    )
