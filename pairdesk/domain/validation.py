"""Field rules shared by services and forms: each failure names the field and says why."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import TypeVar

from pairdesk.domain.text import clean_line, clean_text
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _

E = TypeVar("E", bound=StrEnum)

MAX_LINE = 300
MAX_TEXT = 50_000
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)
EMAIL_MAX = 200

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def required_line(value: str | None, field: str, label: str, *, max_length: int = MAX_LINE) -> str:
    cleaned = clean_line(value)
    if not cleaned:
        raise InvalidInput(_("{field} is required.").format(field=label), field=field)
    return optional_line(cleaned, field, label, max_length=max_length)


def optional_line(value: str | None, field: str, label: str, *, max_length: int = MAX_LINE) -> str:
    cleaned = clean_line(value)
    if len(cleaned) > max_length:
        raise InvalidInput(
            _("{field} is too long ({length} characters, at most {limit}).").format(
                field=label, length=len(cleaned), limit=max_length
            ),
            field=field,
        )
    return cleaned


def free_text(value: str | None, field: str, label: str, *, max_length: int = MAX_TEXT) -> str:
    cleaned = clean_text(value)
    if len(cleaned) > max_length:
        raise InvalidInput(
            _("{field} is too long ({length} characters, at most {limit}).").format(
                field=label, length=len(cleaned), limit=max_length
            ),
            field=field,
        )
    return cleaned


def date_in_range(
    value: dt.date | None, field: str, label: str, *, required: bool = False
) -> dt.date | None:
    if value is None:
        if required:
            raise InvalidInput(_("{field} is required.").format(field=label), field=field)
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInput(_("{field} is not a valid date.").format(field=label), field=field)
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InvalidInput(
            _("{field} must be between 1900 and 2200.").format(field=label), field=field
        )
    return value


def required_date(value: dt.date | None, field: str, label: str) -> dt.date:
    result = date_in_range(value, field, label, required=True)
    assert result is not None
    return result


def date_order(
    start: dt.date | None,
    end: dt.date | None,
    field: str,
    label: str,
    *,
    start_label: str | None = None,
) -> None:
    """``end`` not before ``start``; ``start_label`` names the start as the form does
    (a goal's target refused "before the start date" on a form that says "Opened on")."""
    if start is not None and end is not None and end < start:
        if start_label is None:
            text = _("{field} cannot be before the start date.").format(field=label)
        else:
            text = _("{field} cannot be before {start}.").format(field=label, start=start_label)
        raise InvalidInput(text, field=field)


def required_period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """A period's two dates, both required, the end not before the start (fields ``start``
    and ``end``)."""
    start = required_date(start, "start", _("Start date"))
    end = required_date(end, "end", _("End date"))
    date_order(start, end, "end", _("End date"))
    return start, end


def int_in_range(
    value: int | None, low: int, high: int, field: str, label: str, *, required: bool = False
) -> int | None:
    if value is None:
        if required:
            raise InvalidInput(_("{field} is required.").format(field=label), field=field)
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(
            _("{field} must be a whole number from {low} to {high}.").format(
                field=label, low=low, high=high
            ),
            field=field,
        )
    return value


def hours(value: float | None, field: str, label: str) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            _("{field} must be a number.").format(field=label), field=field
        ) from None
    if not 0 < number <= 60 or number != number:
        raise InvalidInput(
            _("{field} must be between 0 and 60 hours a week.").format(field=label), field=field
        )
    return round(number, 2)


def enum_value(enum: type[E], value: str | E | None, field: str, label: str) -> E:
    if value is None:
        raise InvalidInput(_("{field} is required.").format(field=label), field=field)
    try:
        return enum(value)
    except ValueError:
        raise InvalidInput(
            _("{field} has an unknown value.").format(field=label), field=field
        ) from None


def optional_email(value: str | None, field: str, label: str) -> str:
    """An e-mail address of a plausible shape, or "" when left empty."""
    cleaned = optional_line(value, field, label, max_length=EMAIL_MAX)
    if cleaned and not _EMAIL.match(cleaned):
        raise InvalidInput(
            _("{field} does not look like an e-mail address (name@example.org).").format(
                field=label
            ),
            field=field,
        )
    return cleaned


def not_in_future(value: dt.date | None, today: dt.date, field: str, label: str) -> None:
    if value is not None and value > today:
        raise InvalidInput(_("{field} cannot be in the future.").format(field=label), field=field)
