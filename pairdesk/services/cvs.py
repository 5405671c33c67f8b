"""CV versions built in peer CV workshops, peer comments, and what changed between versions.

Each save makes a new dated version; a version is never overwritten, so the person and
their peers can see the CV grow. Experience includes GEM roles and volunteering.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pairdesk.domain.enums import CvSection
from pairdesk.domain.permissions import Permission, require
from pairdesk.domain.validation import enum_value, free_text, optional_line, required_line
from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext, get_or_raise
from pairdesk.services.records import delete_record, read_object, saved
from pairdesk.store.models import CvComment, CvVersion, Participant, Workshop

MAX_SECTION = 20_000
MAX_COMMENT = 5_000

DiffOp = Literal["equal", "added", "removed"]


@dataclass(frozen=True, slots=True)
class CvInput:
    """The six sections of a CV, as plain text (one item per line)."""

    headline: str = ""
    experience: str = ""
    skills: str = ""
    training: str = ""
    languages: str = ""
    interests: str = ""

    def section(self, section: CvSection) -> str:
        return str(getattr(self, CvSection(section).value))


@dataclass(frozen=True, slots=True)
class CvCommentView:
    id: int
    cv_version_id: int
    section: CvSection | None
    author_name: str
    comment: str
    created_on: dt.date


@dataclass(frozen=True, slots=True)
class CvVersionSummary:
    id: int
    participant_id: int
    created_on: dt.date
    label: str
    workshop_id: int | None
    comment_count: int


@dataclass(frozen=True, slots=True)
class CvVersionView:
    id: int
    participant_id: int
    created_on: dt.date
    label: str
    workshop_id: int | None
    workshop_title: str
    content: CvInput
    comments: tuple[CvCommentView, ...]

    def section(self, section: CvSection) -> str:
        return self.content.section(section)

    def comments_on(self, section: CvSection | None) -> tuple[CvCommentView, ...]:
        """Comments on one section (``None``: comments on the CV as a whole)."""
        return tuple(c for c in self.comments if c.section == section)


@dataclass(frozen=True, slots=True)
class SectionDiff:
    section: CvSection
    unchanged: bool
    lines: tuple[tuple[DiffOp, str], ...]

    @property
    def label(self) -> str:
        return self.section.label


@dataclass(frozen=True, slots=True)
class CvComparison:
    older: CvVersionSummary
    newer: CvVersionSummary
    sections: tuple[SectionDiff, ...]


# --------------------------------------------------------------------------- helpers


def _section_labels() -> dict[CvSection, str]:
    return {section: section.label for section in CvSection}


def _clean(data: CvInput) -> CvInput:
    labels = _section_labels()
    cleaned = {
        section.value: free_text(
            data.section(section), section.value, labels[section], max_length=MAX_SECTION
        )
        for section in CvSection
    }
    result = CvInput(**cleaned)
    if not any(cleaned.values()):
        raise InvalidInput(_("Fill in at least one section of the CV."), field="headline")
    return result


def _content(version: CvVersion) -> CvInput:
    return read_object(CvInput, version)


def _load_version(session: Session, version_id: int) -> CvVersion:
    return get_or_raise(session, CvVersion, version_id, _("CV version"))


def _comment_view(comment: CvComment) -> CvCommentView:
    return read_object(
        CvCommentView, comment, section=CvSection(comment.section) if comment.section else None
    )


def _view(session: Session, version: CvVersion) -> CvVersionView:
    comments = session.scalars(
        select(CvComment)
        .where(CvComment.cv_version_id == version.id)
        .order_by(CvComment.created_on, CvComment.id)
    )
    workshop = session.get(Workshop, version.workshop_id) if version.workshop_id else None
    return read_object(
        CvVersionView,
        version,
        workshop_title=workshop.title if workshop else "",
        content=_content(version),
        comments=tuple(_comment_view(c) for c in comments),
    )


def _summaries(session: Session, participant_id: int) -> list[CvVersionSummary]:
    """Versions newest first."""
    count = (
        select(func.count(CvComment.id))
        .where(CvComment.cv_version_id == CvVersion.id)
        .correlate(CvVersion)
        .scalar_subquery()
    )
    rows = session.execute(
        select(CvVersion, count)
        .where(CvVersion.participant_id == participant_id)
        .order_by(CvVersion.created_on.desc(), CvVersion.id.desc())
    ).all()
    return [read_object(CvVersionSummary, v, comment_count=int(n or 0)) for v, n in rows]


def diff_lines(older: str, newer: str) -> tuple[tuple[DiffOp, str], ...]:
    """Line diff of two texts: each line kept ("equal"), "removed" or "added"."""
    a, b = older.splitlines(), newer.splitlines()
    result: list[tuple[DiffOp, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(("equal", line) for line in a[i1:i2])
            continue
        result.extend(("removed", line) for line in a[i1:i2])
        result.extend(("added", line) for line in b[j1:j2])
    return tuple(result)


def diff_cvs(older: CvInput, newer: CvInput) -> list[SectionDiff]:
    return [
        SectionDiff(
            section=section,
            unchanged=older.section(section) == newer.section(section),
            lines=diff_lines(older.section(section), newer.section(section)),
        )
        for section in CvSection
    ]


# --------------------------------------------------------------------------- actions


def save_cv_version(
    ctx: ServiceContext,
    participant_id: int,
    data: CvInput,
    label: str = "",
    workshop_id: int | None = None,
) -> CvVersionView:
    """Save the CV as a new version dated today (earlier versions stay as they were)."""
    require(ctx, Permission.CVS)
    content = _clean(data)
    clean_label = optional_line(label, "label", _("Version name"), max_length=200)
    with ctx.transaction() as session:
        get_or_raise(session, Participant, participant_id, _("participant"))
        if workshop_id is not None:
            get_or_raise(session, Workshop, workshop_id, _("workshop"))
        version = CvVersion(
            participant_id=participant_id,
            created_on=ctx.today(),
            label=clean_label,
            workshop_id=workshop_id,
            **{section.value: content.section(section) for section in CvSection},
        )
        saved(ctx, session, "cv_version", version)
        return _view(session, version)


def list_cv_versions(ctx: ServiceContext, participant_id: int) -> list[CvVersionSummary]:
    """A participant's CV versions, newest first."""
    require(ctx, Permission.CVS)
    with ctx.transaction() as session:
        get_or_raise(session, Participant, participant_id, _("participant"))
        return _summaries(session, participant_id)


def get_cv_version(ctx: ServiceContext, version_id: int) -> CvVersionView:
    require(ctx, Permission.CVS)
    with ctx.transaction() as session:
        return _view(session, _load_version(session, version_id))


def latest_cv(ctx: ServiceContext, participant_id: int) -> CvVersionView | None:
    require(ctx, Permission.CVS)
    with ctx.transaction() as session:
        get_or_raise(session, Participant, participant_id, _("participant"))
        version = session.scalars(
            select(CvVersion)
            .where(CvVersion.participant_id == participant_id)
            .order_by(CvVersion.created_on.desc(), CvVersion.id.desc())
            .limit(1)
        ).first()
        return _view(session, version) if version else None


def add_comment(
    ctx: ServiceContext,
    version_id: int,
    author_name: str,
    comment: str,
    section: CvSection | None = None,
) -> CvCommentView:
    """A peer's comment on a CV version, on one section or on the whole CV."""
    require(ctx, Permission.CVS)
    author = required_line(author_name, "author_name", _("Author"), max_length=200)
    text = free_text(comment, "comment", _("Comment"), max_length=MAX_COMMENT)
    if not text:
        raise InvalidInput(_("{field} is required.").format(field=_("Comment")), field="comment")
    chosen = enum_value(CvSection, section, "section", _("Section")) if section else None
    with ctx.transaction() as session:
        version = _load_version(session, version_id)
        row = CvComment(
            cv_version_id=version.id,
            section=chosen.value if chosen else None,
            author_name=author,
            comment=text,
            created_on=ctx.today(),
        )
        saved(ctx, session, "cv_comment", row)
        return _comment_view(row)


def delete_comment(ctx: ServiceContext, comment_id: int) -> None:
    require(ctx, Permission.CVS)
    delete_record(ctx, CvComment, comment_id, _("comment"), "cv_comment")


def compare_versions(ctx: ServiceContext, older_id: int, newer_id: int) -> list[SectionDiff]:
    """What changed, section by section, from one version of a CV to another."""
    require(ctx, Permission.CVS)
    with ctx.transaction() as session:
        older = _load_version(session, older_id)
        newer = _load_version(session, newer_id)
        if older.participant_id != newer.participant_id:
            raise UserError(_("These two CV versions belong to different people."))
        return diff_cvs(_content(older), _content(newer))


def compare_latest_two(ctx: ServiceContext, participant_id: int) -> CvComparison | None:
    """The two most recent versions compared, or ``None`` with fewer than two."""
    require(ctx, Permission.CVS)
    with ctx.transaction() as session:
        get_or_raise(session, Participant, participant_id, _("participant"))
        summaries = _summaries(session, participant_id)
        if len(summaries) < 2:
            return None
        newer, older = summaries[0], summaries[1]
        sections = diff_cvs(
            _content(_load_version(session, older.id)), _content(_load_version(session, newer.id))
        )
        return CvComparison(older=older, newer=newer, sections=tuple(sections))
