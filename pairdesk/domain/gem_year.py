"""The GEM's year: the figures of the annual activity report, their definitions, and how
they are published. Pure: :mod:`pairdesk.services.gem_year` computes the values.

The report follows the information list of the GEM cahier des charges (arrêté of 18 March
2016, "B. Le pilotage du dispositif", taken up by the arrêté of 27 June 2019, NOR
PRMS1917778A, which replaced it) in the order of the CNSA's yearly synthesis "Bilan
d'activité des groupes d'entraide mutuelle": attendance, staff and volunteers, opening
and welcome, the GEM as a users' association, sponsorship, management and partnership
agreements, then activities. Funding is not covered: pairdesk keeps no accounts.

Every figure is a whole count except the staff's full-time equivalents and the average
per opening day.
"""

from __future__ import annotations

import datetime as dt

from pairdesk.domain.suppression import Table, is_small, suppress
from pairdesk.i18n import N_, _

#: The due date of the report for year N: before 28 February of N + 1.
DUE_MONTH, DUE_DAY = 2, 28

#: Figure ids in the report's order.
FIGURE_IDS: tuple[str, ...] = (
    "members_at_year_end",
    "new_members",
    "people_received",
    "distinct_members",
    "distinct_non_members",
    "anonymous_visits",
    "person_days",
    "member_days",
    "non_member_days",
    "opening_days",
    "average_per_opening_day",
    "paid_staff",
    "paid_staff_fte",
    "volunteers",
    "bureau_members",
    "bureau_members_from_gem",
    "workshops_held",
)

#: Counts of people or of visits: never published from 1 to 10.
PEOPLE_COUNTS = frozenset(
    {
        "members_at_year_end",
        "new_members",
        "people_received",
        "distinct_members",
        "distinct_non_members",
        "anonymous_visits",
        "person_days",
        "member_days",
        "non_member_days",
        "paid_staff",
        "volunteers",
        "bureau_members",
        "bureau_members_from_gem",
    }
)

#: Totals published beside their parts: ``total = sum(parts)``; secondary suppression
#: keeps a hidden part from being recomputed from them.
LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("people_received", ("distinct_members", "distinct_non_members", "anonymous_visits")),
    ("person_days", ("member_days", "non_member_days")),
)

LABELS: dict[str, str] = {
    "members_at_year_end": N_("Members on 31 December"),
    "new_members": N_("New members during the year"),
    "people_received": N_("People received"),
    "distinct_members": N_("of whom members"),
    "distinct_non_members": N_("of whom non-members named in the register"),
    "anonymous_visits": N_("Visits without a name"),
    "person_days": N_("Person-days of attendance"),
    "member_days": N_("of which by members"),
    "non_member_days": N_("of which by non-members"),
    "opening_days": N_("Opening days"),
    "average_per_opening_day": N_("Average attendance per opening day"),
    "paid_staff": N_("Paid facilitators"),
    "paid_staff_fte": N_("Paid facilitators, full-time equivalents"),
    "volunteers": N_("Volunteer facilitators"),
    "bureau_members": N_("Members of the bureau"),
    "bureau_members_from_gem": N_("of whom members of the GEM"),
    "workshops_held": N_("Workshops held"),
}

DEFINITIONS: dict[str, str] = {
    "members_at_year_end": N_(
        "As typed in the year's form when given; otherwise the register's members whose "
        "membership had begun by 31 December and not ended before it, plus the "
        "participants whose membership had."
    ),
    "new_members": N_(
        "As typed in the year's form when given; otherwise the register's members and the "
        "participants whose membership began during the year."
    ),
    "people_received": N_(
        "Different people ticked in at least once during the year, plus the visits of "
        "people counted without a name (who cannot be told apart)."
    ),
    "distinct_members": N_(
        "Different people ticked in during the year who were members on the day they came."
    ),
    "distinct_non_members": N_(
        "Different people ticked in during the year who were never members on a day they came."
    ),
    "anonymous_visits": N_("Visitors counted at the door without a name, all days added."),
    "person_days": N_(
        "One person present on one day counts one, visitors without a name included."
    ),
    "member_days": N_("Person-days of people who were members on that day."),
    "non_member_days": N_("The other person-days, visitors without a name included."),
    "opening_days": N_(
        "Days of the year, up to today, that are opening weekdays of the association and "
        "not closure days, plus any other day on which someone was ticked in."
    ),
    "average_per_opening_day": N_("Person-days ÷ opening days."),
    "paid_staff": N_("Paid facilitators listed in the year's form."),
    "paid_staff_fte": N_("Sum of their full-time equivalents, as typed."),
    "volunteers": N_("As typed in the year's form."),
    "bureau_members": N_("As typed in the year's form."),
    "bureau_members_from_gem": N_(
        "Members of the bureau who are members of the GEM, as typed in the year's form."
    ),
    "workshops_held": N_("Workshops dated in the year, held and not cancelled."),
}


def label(key: str) -> str:
    return _(LABELS[key]) if key in LABELS else key


def definition(key: str) -> str:
    return _(DEFINITIONS[key]) if key in DEFINITIONS else ""


def due_date(year: int) -> dt.date:
    """The day the report on ``year`` is due to the ARS: 28 February of the next year (the
    texts say "before", so the reminder asks for it by then)."""
    return dt.date(year + 1, DUE_MONTH, DUE_DAY)


def publish_figures(values: dict[str, float | int | None]) -> dict[str, bool]:
    """Which figures to hide in a report for publication: people counts from 1 to 10, then,
    for each total published beside its parts (:data:`LINES`), enough other entries that
    a hidden one cannot be recomputed; an average per opening day is hidden when its
    person-days are."""
    hidden = {
        key: key in PEOPLE_COUNTS and isinstance(value, int) and is_small(value)
        for key, value in values.items()
    }
    changed = True
    while changed:
        changed = False
        for total, parts in LINES:
            present = [p for p in parts if isinstance(values.get(p), int)]
            if not isinstance(values.get(total), int) or not present:
                continue
            cells = tuple(int(values[p] or 0) for p in present)
            mask = suppress(Table(cells=(cells,), row_totals=(int(values[total] or 0),)))
            # carry hidden entries in, then let suppress() add the secondary ones
            flags = [*mask.cells[0], bool(mask.row_totals and mask.row_totals[0])]
            keys = [*present, total]
            known = [hidden.get(k, False) or f for k, f in zip(keys, flags, strict=True)]
            if sum(known) == 1:
                # one hidden entry from another line: hide the smallest other one here
                candidates = [k for k, h in zip(keys, known, strict=True) if not h]
                smallest = min(candidates, key=lambda k: (k == total, values[k] or 0))
                known[keys.index(smallest)] = True
            for key, flag in zip(keys, known, strict=True):
                if flag and not hidden.get(key):
                    hidden[key] = True
                    changed = True
    if hidden.get("person_days"):
        hidden["average_per_opening_day"] = True
    return hidden
