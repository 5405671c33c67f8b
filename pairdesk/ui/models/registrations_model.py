"""Who is on a workshop's list, who can be checked in or registered, and monthly totals.

Short lists, fetched whole by the services on the database worker:
``RegistrationsModel`` (``WorkshopDetail.registrations``), ``CheckInModel``
(``attendance.find_for_check_in``), ``PeopleModel`` (a page of
``participants.list_participants`` for the registration picker) and ``MonthTotalsModel``
(``month_totals.monthly_totals``).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import Qt

from pairdesk import formatting
from pairdesk.domain.enums import Attendance
from pairdesk.i18n import N_, _
from pairdesk.services.attendance import CheckInCandidate
from pairdesk.services.month_totals import MonthTotals
from pairdesk.services.participants import ParticipantRow
from pairdesk.services.workshops import RegistrationRow
from pairdesk.ui.models.rows import ID_ROLE, RowColumn, RowsModel

__all__ = [
    "ID_ROLE",
    "CheckInModel",
    "MonthTotalsModel",
    "PeopleModel",
    "RegistrationColumn",
    "RegistrationsModel",
    "attendance_text",
    "person_name",
]


def person_name(first_name: str, last_name: str, pseudonym: str = "") -> str:
    if pseudonym:
        return _("{first_name} {last_name} ({pseudonym})").format(
            first_name=first_name, last_name=last_name, pseudonym=pseudonym
        )
    return _("{first_name} {last_name}").format(first_name=first_name, last_name=last_name)


def attendance_text(value: Attendance | None) -> str:
    return value.label if value is not None else _("Not marked")


class RegistrationColumn(IntEnum):
    NAME = 0
    ATTENDANCE = 1
    SATISFACTION = 2
    HOW = 3


class RegistrationsModel(RowsModel[RegistrationRow]):
    """The people registered for one workshop, with their attendance and score."""

    HEADERS = (N_("Name"), N_("Attendance"), N_("Satisfaction (1–5)"), N_("Registered on"))

    def row_id(self, item: RegistrationRow) -> int:
        return item.participant_id

    def cell(self, item: RegistrationRow, column: int) -> str:
        match RegistrationColumn(column):
            case RegistrationColumn.NAME:
                return person_name(item.first_name, item.last_name, item.pseudonym)
            case RegistrationColumn.ATTENDANCE:
                return attendance_text(item.attendance)
            case RegistrationColumn.SATISFACTION:
                if item.satisfaction is None:
                    return _("No score")
                return _("{score} / 5").format(score=item.satisfaction)
            case RegistrationColumn.HOW:
                if item.walk_in:
                    return _("Walk-in")
                return formatting.short_date(item.registered_on)
        return ""


class CheckInModel(RowsModel[CheckInCandidate]):
    """Candidates for a check-in, registered people first."""

    HEADERS = (N_("Name"), N_("On the list"), N_("Attendance"))

    def row_id(self, item: CheckInCandidate) -> int:
        return item.participant_id

    def cell(self, item: CheckInCandidate, column: int) -> str:
        if column == 0:
            return person_name(item.first_name, item.last_name, item.pseudonym)
        if column == 1:
            if not item.registered:
                return _("Not registered: will be added as a walk-in")
            return _("Walk-in") if item.walk_in else _("Registered")
        if column == 2:
            return attendance_text(item.attendance) if item.registered else ""
        return ""


class PeopleModel(RowsModel[ParticipantRow]):
    """Participants found by the registration picker."""

    HEADERS = (N_("Name"), N_("City"))

    def cell(self, item: ParticipantRow, column: int) -> str:
        if column == 0:
            return person_name(item.first_name, item.last_name, item.pseudonym)
        if column == 1:
            return item.city
        return ""


class MonthColumn(IntEnum):
    MONTH = 0
    HELD = 1
    REGISTRATIONS = 2
    PRESENT = 3
    ABSENT = 4
    EXCUSED = 5
    NOT_MARKED = 6
    PEOPLE = 7
    HOURS = 8


def _workshops_by_kind(item: MonthTotals) -> str | None:
    parts = [
        _("{kind}: {count}").format(kind=kind.label, count=count)
        for kind, count in item.by_kind
        if count
    ]
    return "\n".join(parts) or None


def _count(header: str, count: Callable[[MonthTotals], int]) -> RowColumn[MonthTotals]:
    return RowColumn(
        header, lambda item: formatting.number(count(item)), alignment=Qt.AlignmentFlag.AlignRight
    )


#: In the order of ``MonthColumn``.
MONTH_COLUMNS: tuple[RowColumn[MonthTotals], ...] = (
    RowColumn(N_("Month"), lambda item: formatting.month_name(item.year, item.month)),
    RowColumn(
        N_("Workshops held"),
        lambda item: formatting.number(item.workshops_held),
        _workshops_by_kind,
        Qt.AlignmentFlag.AlignRight,
    ),
    _count(N_("Registrations"), lambda item: item.registrations),
    _count(N_("Present"), lambda item: item.present),
    _count(N_("Absent"), lambda item: item.absent),
    _count(N_("Excused"), lambda item: item.excused),
    _count(N_("Not marked"), lambda item: item.not_marked),
    _count(N_("Different people present"), lambda item: item.distinct_present),
    RowColumn(
        N_("Hours of presence"),
        lambda item: formatting.number(item.presence_hours, digits=2),
        alignment=Qt.AlignmentFlag.AlignRight,
    ),
)


class MonthTotalsModel(RowsModel[MonthTotals]):
    """Twelve months of attendance for one year."""

    columns = MONTH_COLUMNS

    def row_id(self, item: MonthTotals) -> int:
        return item.month
