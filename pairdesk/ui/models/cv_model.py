"""A participant's CV versions, the peer comments on one version, and a comparison.

``CvVersionsModel`` lists ``cvs.list_cv_versions`` (newest first), ``CvCommentsModel``
the comments of one ``CvVersionView``, and ``CvComparisonModel`` shows the
``SectionDiff`` lines of ``cvs.compare_latest_two`` either unified (one line per change,
with a "+"/"−" marker and the words "Added"/"Removed") or side by side (older | newer).
Changes are always said in words and markers, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject

from pairdesk import formatting
from pairdesk.i18n import N_, _, ngettext
from pairdesk.services.cvs import CvCommentView, CvVersionSummary, SectionDiff
from pairdesk.ui.models.rows import ID_ROLE, RowsModel

__all__ = [
    "ID_ROLE",
    "ComparisonMode",
    "CvCommentsModel",
    "CvComparisonModel",
    "CvVersionsModel",
    "DiffLine",
]

ADDED_MARK = "+"
REMOVED_MARK = "−"


class CvVersionsModel(RowsModel[CvVersionSummary]):
    HEADERS = (N_("Date"), N_("Version name"), N_("Comments"))

    def cell(self, item: CvVersionSummary, column: int) -> str:
        if column == 0:
            return formatting.short_date(item.created_on)
        if column == 1:
            return item.label or _("Version {number}").format(number=self.number_of(item))
        if column == 2:
            return ngettext("{count} comment", "{count} comments", item.comment_count).format(
                count=item.comment_count
            )
        return ""

    def number_of(self, item: CvVersionSummary) -> int:
        """Versions are listed newest first; the oldest is number 1."""
        rows = self.rows
        return len(rows) - rows.index(item) if item in rows else 0


class CvCommentsModel(RowsModel[CvCommentView]):
    HEADERS = (N_("Date"), N_("Author"), N_("Section"), N_("Comment"))

    def cell(self, item: CvCommentView, column: int) -> str:
        if column == 0:
            return formatting.short_date(item.created_on)
        if column == 1:
            return item.author_name
        if column == 2:
            return item.section.label if item.section is not None else _("Whole CV")
        if column == 3:
            return " ".join(item.comment.split())
        return ""

    def tooltip(self, item: CvCommentView, column: int) -> str | None:
        return item.comment if column == 3 else None


class ComparisonMode(StrEnum):
    UNIFIED = "unified"
    SIDE_BY_SIDE = "side_by_side"


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One displayed line: ``op`` is "equal", "added", "removed" or "changed" (side by
    side: a removed line facing the added line that replaced it)."""

    id: int
    section: str
    op: str
    older: str
    newer: str


def _op_word(op: str) -> str:
    return {
        "equal": _("Unchanged"),
        "added": _("Added"),
        "removed": _("Removed"),
        "changed": _("Changed"),
    }.get(op, "")


def unified_lines(sections: tuple[SectionDiff, ...] | list[SectionDiff]) -> list[DiffLine]:
    lines: list[DiffLine] = []
    for diff in sections:
        if diff.unchanged:
            continue
        for op, text in diff.lines:
            older = text if op != "added" else ""
            newer = text if op != "removed" else ""
            lines.append(DiffLine(len(lines), diff.label, op, older, newer))
    return lines


def _pair_up(lines: list[DiffLine], label: str, removed: list[str], added: list[str]) -> None:
    """Append a run of removed lines facing the run of added lines that replaced it."""
    for number in range(max(len(removed), len(added))):
        old = removed[number] if number < len(removed) else None
        new = added[number] if number < len(added) else None
        if old is not None and new is not None:
            op = "changed"
        elif old is not None:
            op = "removed"
        else:
            op = "added"
        lines.append(DiffLine(len(lines), label, op, old or "", new or ""))
    removed.clear()
    added.clear()


def side_by_side_lines(sections: tuple[SectionDiff, ...] | list[SectionDiff]) -> list[DiffLine]:
    """Pair each run of removed lines with the run of added lines that follows it."""
    lines: list[DiffLine] = []
    for diff in sections:
        if diff.unchanged:
            continue
        removed: list[str] = []
        added: list[str] = []
        for op, text in diff.lines:
            if op == "removed":
                if added:
                    _pair_up(lines, diff.label, removed, added)
                removed.append(text)
            elif op == "added":
                added.append(text)
            else:
                _pair_up(lines, diff.label, removed, added)
                lines.append(DiffLine(len(lines), diff.label, "equal", text, text))
        _pair_up(lines, diff.label, removed, added)
    return lines


class CvComparisonModel(RowsModel[DiffLine]):
    """What changed between the last two versions, section by section."""

    UNIFIED_HEADERS = (N_("Section"), N_("Change"), N_("Line"))
    SIDE_HEADERS = (N_("Section"), N_("Change"), N_("Older version"), N_("Newer version"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mode = ComparisonMode.UNIFIED
        self._sections: tuple[SectionDiff, ...] = ()
        self.HEADERS = self.UNIFIED_HEADERS

    @property
    def mode(self) -> ComparisonMode:
        return self._mode

    def set_comparison(self, sections: tuple[SectionDiff, ...] | list[SectionDiff]) -> None:
        self._sections = tuple(sections)
        self._rebuild()

    def set_mode(self, mode: ComparisonMode) -> None:
        self._mode = ComparisonMode(mode)
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        if self._mode is ComparisonMode.UNIFIED:
            self.HEADERS = self.UNIFIED_HEADERS
            self._rows = unified_lines(self._sections)
        else:
            self.HEADERS = self.SIDE_HEADERS
            self._rows = side_by_side_lines(self._sections)
        self.endResetModel()

    def unchanged_sections(self) -> list[str]:
        return [d.label for d in self._sections if d.unchanged]

    def counts(self) -> tuple[int, int]:
        """(added, removed) lines over all sections."""
        added = sum(1 for d in self._sections for op, _t in d.lines if op == "added")
        removed = sum(1 for d in self._sections for op, _t in d.lines if op == "removed")
        return added, removed

    def cell(self, item: DiffLine, column: int) -> str:
        if column == 0:
            return item.section
        if column == 1:
            mark = {"added": ADDED_MARK, "removed": REMOVED_MARK, "changed": "±"}.get(item.op, "")
            word = _op_word(item.op)
            return _("{mark} {word}").format(mark=mark, word=word) if mark else word
        if self._mode is ComparisonMode.UNIFIED and column == 2:
            if item.op == "added":
                return _("+ {text}").format(text=item.newer)
            if item.op == "removed":
                return _("− {text}").format(text=item.older)
            return _("  {text}").format(text=item.older)
        if self._mode is ComparisonMode.SIDE_BY_SIDE:
            if column == 2:
                return (
                    _("− {text}").format(text=item.older)
                    if item.op in ("removed", "changed")
                    else item.older
                )
            if column == 3:
                return (
                    _("+ {text}").format(text=item.newer)
                    if item.op in ("added", "changed")
                    else item.newer
                )
        return ""
