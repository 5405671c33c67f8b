"""The "Self-assessment" tab: record a dated rating from 1 to 10 per domain, see the
history and the progression as a line chart (markers and line styles tell domains apart)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from pairdesk.domain.enums import AssessmentDomain
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _, pgettext
from pairdesk.services import assessments
from pairdesk.services.assessments import RATING_MAX, RATING_MIN, SelfAssessmentRow
from pairdesk.services.context import ServiceContext
from pairdesk.ui.forms import Form
from pairdesk.ui.models.participants_model import format_date
from pairdesk.ui.models.pathway_model import AssessmentsModel
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.common import (
    button,
    button_row,
    make_table,
    new_form,
    scrolled_column,
    selected_object,
)
from pairdesk.ui.views.participants.file_data import FileData, FileHost
from pairdesk.ui.views.participants.file_draft import ASSESSMENT
from pairdesk.ui.views.participants.tab_form import FileTab
from pairdesk.ui.widgets import ChartSeries, DateField, LineChart, questions

NOT_RATED = RATING_MIN - 1


def chart_series(
    rows: tuple[SelfAssessmentRow, ...] | list[SelfAssessmentRow],
) -> list[ChartSeries]:
    """One series per domain ever rated, in the order of ``AssessmentDomain``."""
    series: list[ChartSeries] = []
    for domain in AssessmentDomain:
        points = tuple(
            (row.assessed_on, float(value))
            for row in rows
            if (value := row.rating(domain)) is not None
        )
        if points:
            series.append(ChartSeries(domain.label, points))
    return series


class AssessmentTab(FileTab):
    draft_form = ASSESSMENT

    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        content, column = scrolled_column(self)

        box = QGroupBox(_("New self-assessment"), content)
        rows = new_form(box)
        scale = QLabel(
            _("Rate each domain from 1 (low) to 10 (high); leave “Not rated” to skip it."), box
        )
        scale.setWordWrap(True)
        rows.addRow(scale)
        #: "Rate at least one domain." (no field of its own) shows under the button.
        self.ratings_error = QLabel(box)
        self.form = Form(
            self, rows, what=_("The new self-assessment"), general_error=self.ratings_error
        )
        self.date_field = self.form.add(
            # Letters apart from the file's tabs (« Dispositifs », « Tutorat »…) and header:
            # Alt+D went to the schemes' tab and the date typed after it was lost (a tester).
            "assessed_on",
            pgettext("self-assessment", "Dat&e:"),
            DateField(box, default=host.ctx.today()),
        )
        self.date_field.set_accessible_name(_("Date of the self-assessment"))
        self.rating_boxes: dict[AssessmentDomain, QSpinBox] = {}
        for domain in AssessmentDomain:
            spin = QSpinBox(box)
            spin.setRange(NOT_RATED, RATING_MAX)
            spin.setSpecialValueText(_("Not rated"))
            spin.setValue(NOT_RATED)
            spin.setMinimumWidth(spin.fontMetrics().averageCharWidth() * 14)
            spin.setMaximumWidth(spin.fontMetrics().averageCharWidth() * 18)
            spin.setAccessibleName(_("{domain}, from 1 to 10").format(domain=domain.label))
            self.rating_boxes[domain] = spin
            self.form.add(
                f"ratings.{domain.value}", _("{domain}:").format(domain=domain.label), spin
            )
        self.notes_field = self.form.add(
            "notes", pgettext("self-assessment", "N&otes:"), QLineEdit(box)
        )
        self.record_button = button(
            pgettext("self-assessment", "Recor&d the self-assessment"),
            _("Record the self-assessment"),
            box,
        )
        rows.addRow(self.record_button)
        rows.addRow(self.ratings_error)
        self.form.save_path = lambda: self.record()
        column.addWidget(box)

        box = QGroupBox(_("Progression"), content)
        inner = QVBoxLayout(box)
        self.chart = LineChart(
            box,
            y_min=RATING_MIN,
            y_max=RATING_MAX,
            accessible_name=_("Progression of the self-assessments"),
            empty_text=_("No self-assessment yet."),
        )
        inner.addWidget(self.chart)
        column.addWidget(box)

        box = QGroupBox(_("History"), content)
        inner = QVBoxLayout(box)
        self.model = AssessmentsModel(self)
        self.table = make_table(self.model, _("Self-assessments"), box, 4)
        inner.addWidget(self.table)
        self.delete_button = button(
            pgettext("self-assessment", "Delete the selected self-assess&ment…"),
            _("Delete the selected self-assessment"),
            box,
        )
        self.delete_button.setToolTip(_("For a self-assessment entered by mistake (Delete)"))
        inner.addWidget(button_row(box, self.delete_button))
        column.addWidget(box)
        column.addStretch(1)

        self.record_button.clicked.connect(lambda: self.record())
        self.delete_button.clicked.connect(self.delete_selected)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)

    def set_data(self, data: FileData | None) -> None:
        rows = data.assessments if data else ()
        self.model.set_rows(rows)
        self.chart.set_series(chart_series(list(rows)))

    def clear_form(self) -> None:
        """The fresh form: today, nothing rated, no note, no error."""
        values: dict[str, object] = {"assessed_on": self.host.ctx.today(), "notes": ""}
        values.update({f"ratings.{d.value}": NOT_RATED for d in self.rating_boxes})
        self.form.set_values(values)

    def record(
        self,
        on_saved: Callable[[], None] | None = None,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        """Record the self-assessment typed (the button, or the file's Save)."""
        ratings = {d: s.value() for d, s in self.rating_boxes.items() if s.value() != NOT_RATED}
        notes = self.notes_field.text()
        if ratings and not self._second_of_the_day_confirmed(self._typed_day()):
            if on_failed is not None:
                on_failed()
            return

        def action(ctx: ServiceContext, pid: int) -> Callable[[], SelfAssessmentRow]:
            day = self.date_field.shown_date()  # a date that cannot be read: said beside it
            return lambda: assessments.record_self_assessment(ctx, pid, day, ratings, notes)

        def done(_row: SelfAssessmentRow) -> None:
            self.clear_form()
            self.host.tell(_("Self-assessment recorded."))
            self.host.reload()

        self.save_tab(action, done, on_saved, on_failed)

    def _typed_day(self) -> dt.date | None:
        """The date typed, or None while it cannot be read (the save then says why)."""
        try:
            return self.date_field.shown_date()
        except InvalidInput:
            return None

    def _second_of_the_day_confirmed(self, day: dt.date | None) -> bool:
        """Whether to record an assessment on ``day``: at once when the person has none that
        day, else once confirmed. Two the same day are most often the same one entered
        twice, and the indicators would compare the person's first with the one recorded
        last (a tester)."""
        if day is None or not any(row.assessed_on == day for row in self.model.rows):
            return True
        return questions.confirm(
            self,
            _("A second self-assessment the same day?"),
            _(
                "A self-assessment of {date} is already recorded. Record another one for "
                "that day? The progression and the indicators will take the one recorded "
                "last; to correct the first one, delete it in the history."
            ).format(date=format_date(day)),
            _("&Record another one"),
            _("&Cancel"),
        )

    def delete_selected(self) -> None:
        """Delete the self-assessment selected in the history, once confirmed: a mistaken
        entry otherwise stayed in the progression and the indicators for good."""
        row: SelfAssessmentRow | None = selected_object(self.table)
        if row is None:
            self.host.tell(_("Select a self-assessment in the history first."))
            return
        if not questions.confirm(
            self,
            _("Delete the self-assessment?"),
            _(
                "Delete the self-assessment of {date}? Use this for an entry made by mistake: "
                "its ratings leave the progression and the indicators."
            ).format(date=format_date(row.assessed_on)),
            _("&Delete it"),
            _("&Keep it"),
            warning=True,
        ):
            return
        ctx = self.host.ctx

        def deleted(_result: object) -> None:
            self.host.tell(_("Self-assessment deleted."))
            self.host.reload()

        Op(self, lambda: assessments.delete_self_assessment(ctx, row.id)).success(deleted).run()
