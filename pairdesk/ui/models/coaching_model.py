"""Interview coaching: the coaching sessions, the question bank, a participant's scores
across mock interviews. Small lists held as the read objects the services returned."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from pairdesk.domain.enums import InterviewCriterion
from pairdesk.formatting import number, short_date, short_time
from pairdesk.i18n import N_, _, ngettext
from pairdesk.services.coaching import QuestionView, ScorePoint, score_label
from pairdesk.services.workshops import WorkshopRow
from pairdesk.ui.models.rows import AnyIndex, ReadOnlyTable, RowsModel
from pairdesk.ui.models.workshops_model import workshop_status


def score_words(score: int | None) -> str:
    """A grid score in words and number, e.g. "3 — Good"; a dash when not scored."""
    if score is None:
        return _("Not scored")
    return _("{score} — {label}").format(score=score, label=score_label(score))


class CoachingSessionsModel(RowsModel[WorkshopRow]):
    """Interview-coaching workshops, in date order."""

    DATE, TIME, TITLE, PLACE, REGISTERED, STATE = range(6)
    HEADERS = (
        N_("Date"),
        N_("Time"),
        N_("Title"),
        N_("Place"),
        N_("Registered"),
        N_("State"),
    )

    def cell(self, item: WorkshopRow, column: int) -> str:
        match column:
            case self.DATE:
                return short_date(item.held_on)
            case self.TIME:
                return _("{start}–{end}").format(
                    start=short_time(item.starts_at), end=short_time(item.ends_at)
                )
            case self.TITLE:
                return item.title
            case self.PLACE:
                return item.place
            case self.REGISTERED:
                if item.capacity is None:
                    return str(item.registered)
                return _("{registered} of {capacity}").format(
                    registered=item.registered, capacity=item.capacity
                )
            case _column:
                return workshop_status(item)


class QuestionBankModel(RowsModel[QuestionView]):
    """The question bank, grouped by category (the service's order)."""

    CATEGORY, QUESTION, SHOWN = range(3)
    HEADERS = (N_("Category"), N_("Question"), N_("In the bank"))

    def cell(self, item: QuestionView, column: int) -> str:
        match column:
            case self.CATEGORY:
                return item.category.label
            case self.QUESTION:
                return item.text
            case _column:
                return _("Shown") if item.active else _("Hidden")

    def tooltip(self, item: QuestionView, column: int) -> str | None:
        if not item.advice:
            return item.text
        return _("{question}\n\nAdvice: {advice}").format(question=item.text, advice=item.advice)


CRITERIA: tuple[InterviewCriterion, ...] = tuple(InterviewCriterion)


class ScoresAcrossModel(ReadOnlyTable):
    """A participant's scores across mock interviews: one row per criterion (words and
    number) and a last row with the mean; one column per scored interview, oldest first,
    after the column naming the criterion. Long histories scroll sideways."""

    CRITERION = 0
    MEAN_ROW = len(CRITERIA)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._points: list[ScorePoint] = []

    def set_rows(self, points: list[ScorePoint]) -> None:
        self.beginResetModel()
        self._points = list(points)
        self.endResetModel()

    def points(self) -> list[ScorePoint]:
        return list(self._points)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._points else len(CRITERIA) + 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._points)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= column < self.columnCount()):
            return None
        if column == self.CRITERION:
            return _("Mean") if row == self.MEAN_ROW else CRITERIA[row].label
        point = self._points[column - 1]
        if row == self.MEAN_ROW:
            return number(point.mean, digits=2) if point.mean is not None else _("Not scored")
        return score_words(point.score_for(CRITERIA[row]))

    def header(self, section: int) -> str:
        """ "Criterion", then the date of each scored interview."""
        if section == self.CRITERION:
            return _("Criterion")
        return short_date(self._points[section - 1].held_on)

    def summary(self) -> str:
        count = len(self._points)
        return ngettext(
            "{count} scored mock interview", "{count} scored mock interviews", count
        ).format(count=count)
