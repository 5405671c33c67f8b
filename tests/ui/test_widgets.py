"""The reusable widgets: DateField, FieldError(s), LineChart."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from pairdesk.errors import InvalidInput, UserError
from pairdesk.i18n import _
from pairdesk.ui.widgets import ChartSeries, DateField, FieldErrors, LineChart
from pairdesk.ui.widgets.line_chart import style_of


def test_optional_date_field_can_be_empty(qtbot) -> None:
    field = DateField(optional=True, accessible_name="Target date", default=dt.date(2026, 11, 25))
    qtbot.addWidget(field)
    changes: list[bool] = []
    field.changed.connect(lambda: changes.append(True))
    assert field.date() is None and field.text() == ""
    field.set_date(dt.date(2027, 3, 31))
    assert field.date() == dt.date(2027, 3, 31) and field.text() == "31/03/2027"
    assert changes
    field.set_date(None)
    assert field.date() is None and field.text() == ""
    assert field.editor.placeholderText() == "jj/mm/aaaa"
    assert field.calendar_button.accessibleName() == "Target date : calendrier"


def test_required_date_field_never_gives_none(qtbot) -> None:
    field = DateField(default=dt.date(2026, 1, 2))
    qtbot.addWidget(field)
    field.set_date(None)
    assert field.date() == dt.date(2026, 1, 2)
    field.editor.setText("")
    with pytest.raises(InvalidInput):
        field.shown_date()
    assert field.message.message == "Tapez une date, par exemple 03/12/2026."


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_date_field_round_trips_any_date(qtbot, day: dt.date) -> None:
    field = DateField(optional=True)
    field.set_date(day)
    assert field.date() == day
    assert field.text() == day.strftime("%d/%m/%Y")
    field.deleteLater()


def test_field_errors_show_under_the_right_field_and_keep_the_text(qtbot) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    errors = FieldErrors()
    email, city = QLineEdit(form), QLineEdit(form)
    boxes = [errors.wrap("email", email), errors.wrap("city", city, "town")]
    for box in boxes:
        box.setParent(form)
    form.show()
    email.setText("pas-un-mail")
    assert errors.show(InvalidInput("E-mail does not look right.", field="email"))
    label = errors.label("email")
    assert label is not None and label.isVisible()
    assert label.text() == _("Error: {message}").format(message="E-mail does not look right.")
    assert label.accessibleName() == label.text()
    assert errors.shown() == {"email": "E-mail does not look right."}
    assert email.text() == "pas-un-mail"
    assert errors.show(InvalidInput("Too long.", field="town"))
    assert errors.shown() == {"city": "Too long."}  # the previous message went away
    assert not errors.show(InvalidInput("Elsewhere.", field="phone"))
    assert not errors.show(UserError("No field."))
    assert not errors.show(ValueError("bug"))
    errors.clear()
    assert errors.shown() == {} and not label.isVisible()


def test_series_differ_by_marker_and_line_style_not_colour_only() -> None:
    styles = [style_of(i) for i in range(6)]  # the six self-assessment domains
    assert len({marker for marker, _style, _colour in styles}) == 6
    assert len({style for _marker, style, _colour in styles}) == 6


def test_line_chart_draws_points_and_describes_them(qtbot) -> None:
    chart = LineChart(y_min=1, y_max=10, accessible_name="Progression")
    qtbot.addWidget(chart)
    chart.resize(600, 360)
    empty = chart.grab().toImage()
    assert chart.point_count() == 0
    assert chart.accessibleDescription() == _("Nothing to draw yet.")
    chart.set_series(
        [
            ChartSeries("Confiance", ((dt.date(2026, 1, 5), 3), (dt.date(2026, 6, 1), 7))),
            ChartSeries("Stress", ((dt.date(2026, 3, 2), 5),)),
        ]
    )
    assert chart.point_count() == 3
    assert [label for label, _m, _s in chart.legend_entries()] == ["Confiance", "Stress"]
    assert "Confiance" in chart.accessibleDescription()
    assert "05/01/2026" in chart.accessibleDescription()
    plot = chart.plot_rect()
    first = chart.point_position(dt.date(2026, 1, 5), 3)
    last = chart.point_position(dt.date(2026, 6, 1), 7)
    assert plot.left() <= first.x() < last.x() <= plot.right()
    assert last.y() < first.y()  # higher rating drawn higher
    assert chart.point_position(dt.date(2026, 1, 5), 1).y() == plot.bottom()
    drawn = chart.grab().toImage()
    assert drawn != empty
    colour = drawn.pixelColor(int(first.x()), int(first.y()))
    assert colour != chart.palette().color(chart.palette().ColorRole.Base)


def test_line_chart_keeps_room_for_the_legend(qtbot) -> None:
    chart = LineChart()
    qtbot.addWidget(chart)
    before = chart.minimumSizeHint().height()
    chart.set_series([ChartSeries(f"S{i}", ((dt.date(2026, 1, i + 1), i),)) for i in range(6)])
    assert chart.minimumSizeHint().height() >= before + 6 * chart.fontMetrics().height()
    assert chart.focusPolicy() == Qt.FocusPolicy.TabFocus


@pytest.mark.parametrize(
    ("key", "expected"),
    [("Return", "SAVE"), ("Escape", "CANCEL")],
)
def test_the_unsaved_changes_question_on_the_keyboard(qtbot, key: str, expected: str) -> None:
    """Return saves, Escape stays: no key of habit discards."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from pairdesk.ui.widgets import questions

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        qtbot.keyClick(box, getattr(Qt.Key, f"Key_{key}"))
        if box.isVisible():
            box.reject()  # never left open: the test fails below instead of waiting

    QTimer.singleShot(0, answer)
    choice = questions.ask_unsaved_changes(None, _("The file of this participant"))
    assert choice is questions.UnsavedChoice[expected]


def test_line_chart_writes_only_dates_that_have_a_point(qtbot) -> None:
    """The middle of the axis was labelled with a day halfway between the first and last
    points (« 11/03/2026 » for assessments of 09/01, 09/03 and 12/05): read as a wrong
    date (a tester). The dates written are days with a point, none overlapping."""
    chart = LineChart(y_min=1, y_max=10, accessible_name="Progression")
    qtbot.addWidget(chart)
    chart.resize(700, 360)
    days = (dt.date(2026, 1, 9), dt.date(2026, 3, 9), dt.date(2026, 3, 10), dt.date(2026, 5, 12))
    chart.set_series([ChartSeries("Confiance", tuple((day, 5) for day in days))])
    width = chart.fontMetrics().horizontalAdvance("00/00/0000") + 8
    shown = chart.labelled_days(width)
    assert shown[0] == days[0] and shown[-1] == days[-1]
    assert set(shown) <= set(days)
    assert dt.date(2026, 3, 10) not in shown or dt.date(2026, 3, 9) not in shown  # a day apart
    xs = [chart.point_position(day, 1).x() for day in shown]
    assert all(b - a >= width for a, b in itertools.pairwise(xs))
    chart.resize(200, 360)  # too narrow for more than the two ends
    assert chart.labelled_days(width) == [days[0], days[-1]]
