"""The attendance register's lists: who is present on a day, who the door's search finds,
and the totals of a month and a year."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt

from pairdesk import formatting
from pairdesk.domain.register import RegisterTotals
from pairdesk.i18n import N_, _
from pairdesk.services.register import DayPresent, RegisterCandidate
from pairdesk.ui.models.rows import RowColumn, RowsModel


def present_kind(person: DayPresent) -> str:
    if person.participant:
        return _("participant (member)") if person.member else _("participant")
    return _("member") if person.member else _("visitor")


class PresentModel(RowsModel[DayPresent]):
    """The people ticked in on the day shown."""

    columns: ClassVar[tuple[RowColumn[DayPresent], ...]] = (
        RowColumn(N_("Name"), lambda p: p.name),
        RowColumn(N_("Counted as"), present_kind),
    )

    def row_id(self, item: DayPresent) -> tuple[str, int]:
        return item.key


class CandidatesModel(RowsModel[RegisterCandidate]):
    """People the door's search found: the register's, then participants."""

    columns: ClassVar[tuple[RowColumn[RegisterCandidate], ...]] = (
        RowColumn(N_("Name"), lambda c: c.name),
        RowColumn(N_("Kind"), lambda c: c.detail),
        RowColumn(N_("On this day"), lambda c: _("already ticked in") if c.present else ""),
    )

    def row_id(self, item: RegisterCandidate) -> tuple[str, int]:
        return item.key


_TotalsRow = tuple[str, RegisterTotals]
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _average(row: _TotalsRow) -> str:
    # a mean, as every screen and document shows one (the annual report printed 13,47
    # where this said 13,5: a tester)
    return formatting.mean(row[1].average_per_opening_day)


class TotalsModel(RowsModel[_TotalsRow]):
    """One row per period (the month, the year), the register's totals in columns."""

    columns: ClassVar[tuple[RowColumn[_TotalsRow], ...]] = (
        RowColumn(N_("Period"), lambda r: r[0]),
        RowColumn(
            N_("Opening days"), lambda r: formatting.number(r[1].opening_days), alignment=_RIGHT
        ),
        RowColumn(
            N_("Person-days"),
            lambda r: formatting.number(r[1].person_days),
            tooltip=lambda _r: _(
                "Each person present counted once per day, visitors without a name included."
            ),
            alignment=_RIGHT,
        ),
        RowColumn(
            N_("Distinct people"),
            lambda r: formatting.number(r[1].distinct_people),
            tooltip=lambda _r: _("People with a name counted once over the period."),
            alignment=_RIGHT,
        ),
        RowColumn(
            N_("Members"), lambda r: formatting.number(r[1].distinct_members), alignment=_RIGHT
        ),
        RowColumn(
            N_("Non-members"),
            lambda r: formatting.number(r[1].distinct_non_members),
            alignment=_RIGHT,
        ),
        RowColumn(
            N_("Visits without a name"),
            lambda r: formatting.number(r[1].anonymous_visits),
            alignment=_RIGHT,
        ),
        RowColumn(
            N_("Average per opening day"),
            _average,
            tooltip=lambda _r: _("Person-days divided by the opening days so far."),
            alignment=_RIGHT,
        ),
    )
