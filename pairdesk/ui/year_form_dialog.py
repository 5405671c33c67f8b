"""Indicators ▸ "The association's year…": what the annual activity report needs and
nothing can compute (paid staff, volunteers, bureau, sponsor and managing body with their
agreements, premises, partnerships, activities held and planned, highlights), typed once a
year and kept per year (:mod:`pairdesk.services.gem_year`). A coordinator's.

Paid facilitators are typed one per line, "function ; qualification ; FTE" (the FTE a
number such as 0.5): a list the form kit reads as plain text, checked before saving."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from pairdesk import formatting
from pairdesk.errors import InvalidInput
from pairdesk.i18n import _
from pairdesk.services import gem_year
from pairdesk.services.context import ServiceContext
from pairdesk.services.gem_year import AssociationYearData, AssociationYearInput, StaffLine
from pairdesk.ui.forms import FormDialog
from pairdesk.ui.ops import Op
from pairdesk.ui.screens import available_area
from pairdesk.ui.widgets.date_field import DateField

NOT_GIVEN = -1  # an optional count's spin box at its minimum: nothing typed
COUNT_MAX = gem_year.MAX_PEOPLE
TEXT_ROWS = 3


def report_year(today: dt.date) -> int:
    """The year a coordinator most likely fills in: the last one until the report is due
    (28 February), then the current one."""
    return today.year - 1 if today.month <= 2 else today.year


def staff_text(lines: tuple[StaffLine, ...]) -> str:
    def one(line: StaffLine) -> str:
        fte = "" if line.fte is None else formatting.number(line.fte, digits=2)
        return " ; ".join((line.function, line.qualification, fte)).rstrip(" ;")

    return "\n".join(one(line) for line in lines)


def read_staff(text: str) -> tuple[StaffLine, ...]:
    """One paid facilitator per line: "function ; qualification ; FTE" (the last two may
    be left out; a comma or a point in the FTE)."""
    lines: list[StaffLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [part.strip() for part in raw.split(";")]
        if len(parts) > 3:
            raise InvalidInput(
                _("Line {line}: at most three parts, separated by “;”.").format(line=number),
                field="staff",
            )
        parts += [""] * (3 - len(parts))
        fte: float | None = None
        if parts[2]:
            try:
                fte = float(parts[2].replace(",", ".").replace("\u202f", ""))
            except ValueError:
                raise InvalidInput(
                    _("Line {line}: the full-time equivalent is a number such as 0.5.").format(
                        line=number
                    ),
                    field="staff",
                ) from None
        lines.append(StaffLine(parts[0], parts[1], fte))
    return tuple(lines)


def _count_field(parent: QWidget, empty_text: str) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(NOT_GIVEN, COUNT_MAX)
    box.setSpecialValueText(empty_text)
    box.setValue(NOT_GIVEN)
    return box


def _text_field(parent: QWidget) -> QPlainTextEdit:
    field = QPlainTextEdit(parent)
    field.setTabChangesFocus(True)
    line = field.fontMetrics().lineSpacing()
    field.setMinimumHeight(line * TEXT_ROWS + 12)
    field.setMaximumHeight(line * (TEXT_ROWS + 2) + 12)  # the form scrolls, not the box
    return field


class AssociationYearDialog(FormDialog):
    """The year's form; changing the year shows that year's (after the unsaved-changes
    question when something was typed)."""

    def __init__(
        self, ctx: ServiceContext, data: AssociationYearData, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent, _("The association's year"), what=_("The year's form"), scrolled=True
        )
        self._ctx = ctx
        self._year = data.year
        self._loaded: Mapping[str, object] = {}
        form = self.form
        self.year_field = form.add("year", _("&Year:"), QSpinBox(self.content))
        self.year_field.setRange(gem_year.YEAR_MIN, gem_year.YEAR_MAX)
        self.year_field.setValue(data.year)
        computed = _("computed by pairdesk")
        not_given = _("not given")
        self.members_field = form.add(
            "members_at_year_end",
            _("&Members on 31 December:"),
            _count_field(self.content, computed),
            help_text=_(
                "Leave at “computed” to count the register's members and the participants "
                "who are members on 31 December."
            ),
        )
        self.new_members_field = form.add(
            "new_members",
            _("&New members during the year:"),
            _count_field(self.content, computed),
        )
        self.staff_field = form.add(
            "staff",
            _("&Paid facilitators:"),
            _text_field(self.content),
            help_text=_(
                "One per line: function ; qualification ; full-time equivalent (for "
                "instance: Animatrice ; Moniteur-éducateur ; 0,8)."
            ),
        )
        self.volunteers_field = form.add(
            "volunteers", _("&Volunteer facilitators:"), _count_field(self.content, not_given)
        )
        self.volunteer_functions_field = form.add(
            "volunteer_functions", _("Volunteers' &functions:"), _text_field(self.content)
        )
        self.bureau_field = form.add(
            "bureau_members", _("Members of the &bureau:"), _count_field(self.content, not_given)
        )
        self.bureau_gem_field = form.add(
            "bureau_members_from_gem",
            _("  of whom members of the &GEM:"),
            _count_field(self.content, not_given),
        )
        self.sponsor_field = form.add("sponsor", _("Sp&onsor (parrain):"), QLineEdit(self.content))
        self.sponsor_on_field = form.add(
            "sponsor_agreement_on",
            _("Sponsorship &agreement signed on:"),
            DateField(self.content, optional=True, today=ctx.today),
        )
        self.managing_field = form.add(
            "managing_body", _("Managing bo&dy (gestionnaire):"), QLineEdit(self.content)
        )
        self.managing_on_field = form.add(
            "management_agreement_on",
            _("Management agr&eement signed on:"),
            DateField(self.content, optional=True, today=ctx.today),
        )
        self.premises_field = form.add("premises", _("P&remises:"), _text_field(self.content))
        self.partnerships_field = form.add(
            "partnerships", _("Par&tnerships:"), _text_field(self.content)
        )
        self.held_field = form.add(
            "activities_held", _("Activities &held:"), _text_field(self.content)
        )
        self.planned_field = form.add(
            "activities_planned", _("Activities p&lanned:"), _text_field(self.content)
        )
        self.highlights_field = form.add(
            "highlights", _("H&ighlights of the year:"), _text_field(self.content)
        )
        self.show_year(data)
        self.form.reload = lambda: self._read_year(self._year)  # "Reload their version"
        metrics = self.fontMetrics()  # wide enough for the help texts, the form scrolls
        room = available_area(self) or self.rect()
        self.resize(
            min(metrics.averageCharWidth() * 100, int(room.width() * 0.95)),
            min(metrics.lineSpacing() * 40, int(room.height() * 0.9)),
        )
        self.year_field.setKeyboardTracking(False)  # a typed year counts once finished
        self.year_field.valueChanged.connect(self._year_changed)

    # -- loading ---------------------------------------------------------------------------
    def show_year(self, data: AssociationYearData) -> None:
        self._year = data.year
        self.form.edit_version = data.edit_version  # sent back with the save (issue 14)
        self.year_field.blockSignals(True)
        self.year_field.setValue(data.year)
        self.year_field.blockSignals(False)

        def count(box: QSpinBox, value: int | None) -> None:
            box.setValue(NOT_GIVEN if value is None else value)

        count(self.members_field, data.members_at_year_end)
        count(self.new_members_field, data.new_members)
        self.staff_field.setPlainText(staff_text(data.staff))
        count(self.volunteers_field, data.volunteers)
        self.volunteer_functions_field.setPlainText(data.volunteer_functions)
        count(self.bureau_field, data.bureau_members)
        count(self.bureau_gem_field, data.bureau_members_from_gem)
        self.sponsor_field.setText(data.sponsor)
        self.sponsor_on_field.set_date(data.sponsor_agreement_on)
        self.managing_field.setText(data.managing_body)
        self.managing_on_field.set_date(data.management_agreement_on)
        self.premises_field.setPlainText(data.premises)
        self.partnerships_field.setPlainText(data.partnerships)
        self.held_field.setPlainText(data.activities_held)
        self.planned_field.setPlainText(data.activities_planned)
        self.highlights_field.setPlainText(data.highlights)
        self.form.clear_errors()
        self.form.mark_clean()
        self._loaded = self.form.raw_values()

    def _read_year(self, year: int) -> None:
        """Show ``year`` as stored now: another year chosen, or the one shown read again
        (someone else saved it meanwhile: "Reload their version")."""
        ctx = self._ctx
        Op(self, lambda: gem_year.get_year(ctx, year), key="year").success(self.show_year).run()

    def _year_changed(self) -> None:
        year = self.year_field.value()
        if year == self._year:
            return
        others_dirty = any(
            name != "year" and raw != self._loaded.get(name)
            for name, raw in self.form.raw_values().items()
        )
        if others_dirty and not self.form.confirm_leave():
            self.year_field.blockSignals(True)
            self.year_field.setValue(self._year)
            self.year_field.blockSignals(False)
            return
        self._read_year(year)

    # -- saving ----------------------------------------------------------------------------
    def action(self) -> Callable[[], AssociationYearData]:
        def count(box: QSpinBox) -> int | None:
            return None if box.value() == NOT_GIVEN else box.value()

        data = AssociationYearInput(
            members_at_year_end=count(self.members_field),
            new_members=count(self.new_members_field),
            staff=read_staff(self.staff_field.toPlainText()),
            volunteers=count(self.volunteers_field),
            volunteer_functions=self.volunteer_functions_field.toPlainText(),
            bureau_members=count(self.bureau_field),
            bureau_members_from_gem=count(self.bureau_gem_field),
            sponsor=self.sponsor_field.text(),
            sponsor_agreement_on=self.sponsor_on_field.date(),
            managing_body=self.managing_field.text(),
            management_agreement_on=self.managing_on_field.date(),
            premises=self.premises_field.toPlainText(),
            partnerships=self.partnerships_field.toPlainText(),
            activities_held=self.held_field.toPlainText(),
            activities_planned=self.planned_field.toPlainText(),
            highlights=self.highlights_field.toPlainText(),
            edit_version=self.form.edit_version,
        )
        ctx, year = self._ctx, self.year_field.value()
        return lambda: gem_year.save_year(ctx, year, data)


def open_year_form(window: Any, year: int | None = None) -> None:
    """Load the year's form on the worker, then show the dialog."""
    ctx: ServiceContext = window.ctx
    wanted = year if year is not None else report_year(ctx.today())

    def show(data: AssociationYearData) -> None:
        dialog = AssociationYearDialog(ctx, data, window)
        dialog.saved.connect(
            lambda saved: _tell(window, _("The form of {year} is saved.").format(year=saved.year))
        )
        window.dialog = dialog
        dialog.open()

    Op(window, lambda: gem_year.get_year(ctx, wanted), key="year_form").success(show).run()


def _tell(window: Any, text: str) -> None:
    show = getattr(window, "show_message", None)
    if callable(show):
        show(text)
