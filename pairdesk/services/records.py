"""Building blocks the services share for the records they read and write.

* ``read_object``: a frozen read object filled from a stored row (an ORM object or a
  query's row) field by field, by name, so that a converter names only the fields that
  need more than a copy (an enum, a joined name…).
* ``stored_or_new`` and ``saved``: the one create/update path of a record: the stored row
  (or a new one), filled by the caller, then its audit line, in the same transaction; a new
  row is added and flushed first so that the line carries its id.
* ``stored_or_added``: the row of a given key (a day, a year…), added on first use.
* ``delete_record``: a record deleted by id, with its audit line.
* ``read_record``: the read object of a record found by id.
* ``set_flag``: one yes/no column of a record (active, archived…) set, with its audit line;
  ``flag_record``: the same as an action of its own (archive, deactivate…), read back.
* ``require_version``: a save refused (``EditConflict``) when the record changed since the
  form read it, with what the save would overwrite; ``stored_to_edit`` (and
  ``stored_or_new(..., mine=data, this=...)``) read the row to update and check it in one
  call. A read object carries ``edit_version: int`` (``read_object`` copies it from the
  row), the input object ``edit_version: int | None = None``.
* ``participant_record``: the one record of a kind a participant has (their pathway, their
  wellbeing plan), created on first save.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import fields
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from pairdesk.domain.enums import AuditAction
from pairdesk.errors import EditConflict
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.store.models import Base, Pathway, WellbeingPlan

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    R = TypeVar("R", bound=DataclassInstance)
else:
    R = TypeVar("R")

PerParticipant = TypeVar("PerParticipant", Pathway, WellbeingPlan)
Stored = TypeVar("Stored", bound=Base)
Out = TypeVar("Out")


@functools.cache
def _field_names(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def read_object(cls: type[R], row: object, **values: Any) -> R:
    """``cls(...)`` with each field from ``values`` if given, else from ``row``'s attribute
    of the same name."""
    for name in _field_names(cls):
        if name not in values:
            values[name] = getattr(row, name)
    return cls(**values)


def stored_or_new(
    session: Session,
    model: type[Stored],
    record_id: int | None,
    what: str,
    *,
    mine: DataclassInstance | Mapping[str, object] | None = None,
    this: str = "",
    **new: Any,
) -> tuple[Stored, AuditAction]:
    """The row ``record_id`` of ``model`` (``UnknownId`` naming ``what`` if there is none)
    and ``UPDATE``; with no id, a new ``model(**new)``, not yet in the session, and
    ``CREATE``. The caller fills it, then calls :func:`saved` with that action. With
    ``mine`` (the input object), an update is first checked by :func:`require_version`
    (``this``: "this workshop", in its message)."""
    if record_id is None:
        return model(**new), AuditAction.CREATE
    if mine is not None:
        return stored_to_edit(session, model, record_id, what, mine, this), AuditAction.UPDATE
    return get_or_raise(session, model, record_id, what), AuditAction.UPDATE


def stored_to_edit(
    session: Session,
    model: type[Stored],
    record_id: int,
    what: str,
    mine: DataclassInstance | Mapping[str, object],
    this: str,
) -> Stored:
    """The row ``record_id`` of ``model`` (``UnknownId`` naming ``what`` if there is none),
    about to be overwritten by ``mine`` (the input object the form sent): refused by
    :func:`require_version` (``this``: "this workshop") when someone else saved it since
    the form read it."""
    row = get_or_raise(session, model, record_id, what)
    require_version(cast(_Versioned, row), mine, this)
    return row


def stored_or_added(
    session: Session, model: type[Stored], primary_key: object, **new: Any
) -> Stored:
    """The row of ``model`` whose primary key is ``primary_key``, or, when there is none, a new
    ``model(**new)`` added to the session (not flushed)."""
    row = session.get(model, primary_key)
    if row is None:
        row = model(**new)
        session.add(row)
    return row


def delete_record(
    ctx: ServiceContext, model: type[Base], record_id: int, what: str, entity: str
) -> None:
    """Delete the row ``record_id`` of ``model`` (``UnknownId`` naming ``what`` if there is
    none) and write its audit line; permissions are the caller's to check first."""
    with ctx.transaction() as session:
        session.delete(get_or_raise(session, model, record_id, what))
        ctx.audit(session, entity, record_id, AuditAction.DELETE)


def read_record(
    ctx: ServiceContext,
    model: type[Stored],
    record_id: int,
    what: str,
    convert: Callable[[Stored], Out],
) -> Out:
    """``convert`` of the row ``record_id`` of ``model`` (``UnknownId`` naming ``what`` if
    there is none), in a transaction of its own."""
    with ctx.transaction() as session:
        return convert(get_or_raise(session, model, record_id, what))


class _Stored(Protocol):
    @property
    def id(self) -> int: ...


def set_flag(
    ctx: ServiceContext, session: Session, entity: str, row: _Stored, detail: str = "", **flag: bool
) -> None:
    """Set one yes/no column of ``row``, named by the keyword (``active=False``,
    ``archived=True``…), and write its audit line: ``detail``, or ``flag=value`` by default.
    Permissions are the caller's to check first."""
    ((name, value),) = flag.items()
    setattr(row, name, bool(value))
    session.flush()  # the read object built next carries the edit_version now stored
    ctx.audit(session, entity, row.id, AuditAction.UPDATE, detail or f"{name}={bool(value)}")


def flag_record(
    ctx: ServiceContext,
    model: type[Stored],
    record_id: int,
    what: str,
    convert: Callable[[Session, Stored], Out],
    *,
    entity: str,
    detail: str = "",
    **flag: bool,
) -> Out:
    """:func:`set_flag` on the row ``record_id`` of ``model`` (``UnknownId`` naming ``what``
    if there is none), audited as ``entity``, in a transaction of its own; returns
    ``convert(session, row)``. Permissions are the caller's to check first."""
    with ctx.transaction() as session:
        row = get_or_raise(session, model, record_id, what)
        set_flag(ctx, session, entity, cast(_Stored, row), detail, **flag)
        return convert(session, row)


def saved(
    ctx: ServiceContext,
    session: Session,
    entity: str,
    row: _Stored,
    action: AuditAction = AuditAction.CREATE,
    detail: str = "",
) -> None:
    """Write the audit line of ``row``, just filled, and flush it: for ``CREATE`` the row
    is added first, so that the line (and the caller) has its id; for ``UPDATE`` its
    ``edit_version`` moves on (:func:`moved_on`), so that the read object the caller builds
    next carries the version the form must send with its next save."""
    if action is AuditAction.CREATE:
        session.add(row)
    else:
        moved_on(row)
    session.flush()
    ctx.audit(session, entity, row.id, action, detail)


_READ_AT = "pairdesk.read_at"  # the edit_version a row had when this transaction read it


def _remember_read(row: object) -> None:
    state = sa_inspect(row)
    if state.mapper.version_id_col is not None and state.persistent:
        state.info.setdefault(_READ_AT, getattr(row, "edit_version", None))


def moved_on(row: object) -> None:
    """Make this save move the record's ``edit_version`` on (once per transaction) even
    when none of its own columns changed — only its facilitators, its scores…: the next save
    of someone who read it before is then checked (``require_version``) instead of
    overwriting them. Nothing to do when a column changed (its UPDATE moves it on) or when
    an earlier flush of this transaction already did."""
    state = sa_inspect(row)
    mapper = state.mapper
    if mapper.version_id_col is None or not state.persistent:
        return
    read_at = state.info.get(_READ_AT)
    if read_at is not None and getattr(row, "edit_version", None) != read_at:
        return
    columns = [
        attribute
        for attribute in mapper.column_attrs
        if attribute.columns[0] is not mapper.version_id_col
        and not attribute.columns[0].primary_key
    ]
    if any(state.attrs[attribute.key].history.has_changes() for attribute in columns):
        return
    for attribute in columns:
        if attribute.key in state.dict:  # loaded: flagged without a query
            flag_modified(row, attribute.key)
            return


def participant_record(
    session: Session, model: type[PerParticipant], participant_id: int
) -> tuple[PerParticipant, AuditAction]:
    """The participant's record of this kind, and how saving it is audited: ``UPDATE``, or
    ``CREATE`` when it is new (added to the session, not flushed)."""
    record = session.scalars(
        select(model).where(model.participant_id == participant_id)
    ).one_or_none()
    if record is not None:
        return record, AuditAction.UPDATE
    record = model(participant_id=participant_id)
    session.add(record)
    return record, AuditAction.CREATE


def _as_stored(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


class _Versioned(Protocol):
    @property
    def edit_version(self) -> int: ...


def require_version(
    row: _Versioned,
    mine: DataclassInstance | Mapping[str, object],
    what: str,
    *,
    stored: object = None,
) -> None:
    """Refuse a save of ``row`` from a form that read it at another version (the
    ``edit_version`` of ``mine``, the input object; None: nothing to compare) when someone
    else saved it since: ``EditConflict`` mapping each field of ``mine`` whose stored value
    differs from what would be written (theirs, and the fields the person changed too) to
    the stored value. When no field differs, saving loses nothing and goes on. ``stored``:
    the record's read object (or a mapping), when its fields, not the row's columns, are
    what the input mirrors (the opening days as a tuple, not the stored "1,2,4"). A service whose
    arguments are not one input object gives them as a mapping, ``edit_version`` with them."""
    values: Mapping[str, object] = (
        mine
        if isinstance(mine, Mapping)
        else {n: getattr(mine, n) for n in _field_names(type(mine))}
    )
    _remember_read(row)
    now = row.edit_version
    read_at = cast("int | None", values.get("edit_version"))
    if read_at is None or now == read_at:
        return
    source = row if stored is None else stored
    changes: dict[str, object] = {}
    for name, value in values.items():
        if name == "edit_version":
            continue
        if isinstance(source, Mapping):
            if name not in source:
                continue
            theirs = _as_stored(source[name])
        elif hasattr(source, name):
            theirs = _as_stored(getattr(source, name))
        else:
            continue
        if _as_stored(value) != theirs:
            changes[name] = theirs
    if not changes:
        return
    raise EditConflict(
        _(
            "Someone else saved {what} since you opened it; nothing was saved. "
            "Their version differs in: {fields}. Reload it to see their version, "
            "then make your changes again."
        ).format(what=what, fields=", ".join(changes)),
        changes=changes,
        version=now,
    )
