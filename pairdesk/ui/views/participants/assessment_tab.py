"""The "Self-assessment" tab: record a dated rating from 1 to 10 per domain, see the
history and the progression as a line chart (markers and line styles tell domains apart)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from pairdesk.domain.enums import AssessmentDomain
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import assessments
from pairdesk.services.assessments import RATING_MAX, RATING_MIN, SelfAssessmentRow
from pairdesk.ui.models.pathway_model import AssessmentsModel
from pairdesk.ui.ops import Op
from pairdesk.ui.views.participants.common import add_row, button, make_table, new_form, scrolled
from pairdesk.ui.views.participants.file_data import FileData, FileHost
from pairdesk.ui.widgets import ChartSeries, DateField, FieldErrors, LineChart

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


class AssessmentTab(QWidget):
    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.errors = FieldErrors()
        content = QWidget(self)
        column = QVBoxLayout(content)

        box = QGroupBox(_("New self-assessment"), content)
        form = new_form(box)
        scale = QLabel(
            _("Rate each domain from 1 (low) to 10 (high); leave “Not rated” to skip it."), box
        )
        scale.setWordWrap(True)
        form.addRow(scale)
        self.date_field = DateField(box, default=host.ctx.today())
        add_row(
            form,
            _("&Date:"),
            self.date_field,
            _("Date of the self-assessment"),
            errors=self.errors,
            field="assessed_on",
        )
        self.rating_boxes: dict[AssessmentDomain, QSpinBox] = {}
        for domain in AssessmentDomain:
            spin = QSpinBox(box)
            spin.setRange(NOT_RATED, RATING_MAX)
            spin.setSpecialValueText(_("Not rated"))
            spin.setValue(NOT_RATED)
            spin.setMaximumWidth(spin.fontMetrics().averageCharWidth() * 18)
            self.rating_boxes[domain] = spin
            add_row(
                form,
                _("{domain}:").format(domain=domain.label),
                spin,
                _("{domain}, from 1 to 10").format(domain=domain.label),
                errors=self.errors,
                field=f"ratings.{domain.value}",
            )
        self.notes_field = QLineEdit(box)
        add_row(
            form,
            _("&Notes:"),
            self.notes_field,
            _("Notes"),
            errors=self.errors,
            field="notes",
            aliases=("ratings",),
        )
        self.record_button = button(
            _("&Record the self-assessment"), _("Record the self-assessment"), box
        )
        form.addRow(self.errors.wrap("ratings", self.record_button))
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
        column.addWidget(box)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolled(content, self))
        self.record_button.clicked.connect(self.record)

    def set_data(self, data: FileData | None) -> None:
        rows = data.assessments if data else ()
        self.model.set_rows(rows)
        self.chart.set_series(chart_series(list(rows)))

    def clear_form(self) -> None:
        self.errors.clear()
        self.date_field.set_date(self.host.ctx.today())
        for spin in self.rating_boxes.values():
            spin.setValue(NOT_RATED)
            spin.setMaximumWidth(spin.fontMetrics().averageCharWidth() * 18)
        self.notes_field.clear()

    def record(self) -> None:
        pid = self.host.participant_id
        if pid is None:
            return
        self.errors.clear()
        ratings = {d: s.value() for d, s in self.rating_boxes.items() if s.value() != NOT_RATED}
        try:
            day = self.date_field.shown_date()
        except InvalidInput:  # not a date: the field says why
            return
        call = partial(
            assessments.record_self_assessment,
            self.host.ctx,
            pid,
            day,
            ratings,
            self.notes_field.text(),
        )

        def done(_row: SelfAssessmentRow) -> None:
            self.clear_form()
            self.host.tell(_("Self-assessment recorded."))
            self.host.reload()

        Op(self, call).success(done).run()

    def show_op_error(self, error: BaseException) -> bool:
        """ErrorSink: an error naming a field of this form is shown beside it."""
        return self.errors.show(error)
