"""Picking an employer from the directory (issue 15): type part of its name, choose it in
the list — or keep what is typed as a new employer, entered in the directory when the
form is saved (``services.employers.attach_employer`` creates it inline, spelling
variants of a known name grouped with it).

Also the person's disclosure choice (``disclosure_combo``): a closed list in plain words,
"not recorded yet" first, used by the contract dialog, the offer share and the employer's
file.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from pairdesk.domain.employers import Disclosure, employer_key
from pairdesk.errors import InvalidInput
from pairdesk.i18n import N_, _
from pairdesk.services import employers
from pairdesk.services.context import ServiceContext
from pairdesk.services.employers import EmployerRow
from pairdesk.ui.ops import Op
from pairdesk.ui.widgets.search_field import SearchField
from pairdesk.ui.widgets.search_picker import SearchPicker

#: The item that keeps the typed name as a new employer.
NEW_EMPLOYER = -1
#: The item shown when several employers match what is typed: a choice is still to make.
CHOOSE = -2


def employer_text(row: EmployerRow) -> str:
    if row.town:
        return _("{name} ({town})").format(name=row.name, town=row.town)
    return row.name


class PlaceholderWideSearch(SearchField):
    """A search field at least as wide as its placeholder and the clear button, in the
    font it has now (the text size may change while it is shown): "Nom, ville ou
    secteur…", "Tapez une partie du nom de l'employeur…" are read whole at 100 % and
    200 %. Down goes to the results."""

    def _fitting(self, hint: QSize) -> QSize:
        metrics = self.fontMetrics()
        # the frame, the text margins and the clear button take about four characters
        width = metrics.horizontalAdvance(self.placeholderText()) + 4 * metrics.height()
        return QSize(max(hint.width(), width), hint.height())

    def sizeHint(self) -> QSize:
        return self._fitting(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._fitting(super().minimumSizeHint())


class EmployerPicker(SearchPicker):
    """Type part of a name, then choose the employer below (or "new employer").

    ``changed`` is emitted when the choice changes. ``employer_id()`` is the directory
    entry chosen (None for none or a new one), ``employer_name()`` what the record keeps
    as typed name (the directory's name, or the new name typed).
    """

    changed = Signal()

    STACKED = True  # side by side, the typed name and the hint were cut at 200 % text

    PLACEHOLDER = N_("Type part of the employer's name…")
    SEARCH_NAME = N_("{what}: search the directory")
    RESULTS_NAME = N_("{what}: choose the employer")

    def __init__(
        self,
        ctx: ServiceContext,
        what: str,
        parent: QWidget | None = None,
        *,
        field: str = "employer",
    ) -> None:
        super().__init__(ctx, what, parent)
        self._field = field  # the form's name for this picker, for its error
        self._rows: dict[int, EmployerRow] = {}
        self._pending: int | None = None
        self.results.addItem(_("No employer"), None)
        # a long name (with its town) does not fit the box at 200 % text: said whole below
        self.full_text = QLabel(self)
        self.full_text.setObjectName("employerPickerFullText")
        self.full_text.setWordWrap(True)
        self.full_text.setAccessibleName(_("{what}: the employer chosen").format(what=what))
        self.full_text.hide()
        self.row.addWidget(self.full_text)
        self.results.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.changed.connect(self._show_full_text)

    def _show_full_text(self) -> None:
        """The choice's whole text under the box when the box cuts it (and as its tip)."""
        text = self.results.currentText()
        self.results.setToolTip(text)
        # the box's frame and arrow take about three lines' height of its width
        room = self.results.width() - 3 * self.results.fontMetrics().height()
        cut = self.results.fontMetrics().horizontalAdvance(text) > room
        self.full_text.setText(text if cut else "")
        self.full_text.setVisible(cut and self.results.isVisibleTo(self))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_full_text()

    def new_search_field(self) -> SearchField:
        return PlaceholderWideSearch(self)

    # -- the choice ----------------------------------------------------------------------
    def employer_id(self) -> int | None:
        """The directory entry chosen (None for none or a new one). Raises
        ``InvalidInput`` while several employers match what is typed and none is chosen:
        "Logistique" with two employers of that name in the directory was kept as a new,
        third one (a tester's offer)."""
        if self.results.currentData() == CHOOSE:
            raise InvalidInput(
                _(
                    "Several employers match “{name}”: choose one in the list, or keep the "
                    "name as a new employer."
                ).format(name=self.search_field.text().strip()),
                field=self._field,
            )
        return self._chosen_id()

    def _chosen_id(self) -> int | None:
        value = self.results.currentData()
        return value if isinstance(value, int) and value > 0 else None

    def is_new(self) -> bool:
        return self.results.currentData() == NEW_EMPLOYER

    def employer_name(self) -> str:
        chosen = self.employer_id()
        if chosen is not None and chosen in self._rows:
            return self._rows[chosen].name
        if self.is_new():
            return self.search_field.text().strip()
        return ""

    def set_employer(self, employer_id: int | None, name: str = "") -> None:
        """Show this directory entry chosen (its name in the search field)."""
        self.search_field.blockSignals(True)
        self.search_field.setText(name)
        self.search_field.blockSignals(False)
        self._pending = employer_id
        self.search()

    # -- the form kit --------------------------------------------------------------------
    def value(self) -> int | None:
        return self._chosen_id()

    def set_value(self, value: object) -> None:
        """An employer's id, or ``(id or None, name typed)`` (a record's link and name)."""
        if isinstance(value, tuple) and len(value) == 2:
            chosen, name = value
            self.set_employer(chosen if isinstance(chosen, int) else None, str(name or ""))
        else:
            self.set_employer(value if isinstance(value, int) else None)

    def raw_value(self) -> str:
        """The typed text and the entry chosen (the one still to be shown while the list
        loads), so that loading the list is not taken for an edit."""
        chosen = self._pending if self._pending is not None else self._chosen_id()
        return json.dumps([self.search_field.text(), chosen])

    def set_raw_value(self, raw: object) -> None:
        try:
            text, chosen = json.loads(str(raw)) if raw else ("", None)
        except (ValueError, TypeError):
            text, chosen = "", None
        self.search_field.blockSignals(True)
        self.search_field.setText(str(text or ""))
        self.search_field.blockSignals(False)
        self._pending = chosen if isinstance(chosen, int) else None
        self.search()

    # -- searching -----------------------------------------------------------------------
    def search(self) -> None:
        self._debounce.stop()
        ctx, text = self._ctx, self.search_field.text()
        Op(self, lambda: employers.list_employers(ctx, text)).success(self._show).run()

    def _show(self, rows: list[EmployerRow]) -> None:
        text = self.search_field.text().strip()
        keep = self._pending if self._pending is not None else self.results.currentData()
        self._pending = None
        self._rows = {r.id: r for r in rows}
        self.results.blockSignals(True)
        self.results.clear()
        self.results.addItem(_("No employer"), None)
        for row in rows:
            self.results.addItem(employer_text(row), row.id)
        same = [r for r in rows if employer_key(r.name) == employer_key(text)]
        if text and len(same) != 1:
            label = (
                _("New employer: “{name}” (added to the directory)")
                if not same
                else _("“{name}” as typed (several employers have this name: choose one)")
            )
            self.results.addItem(label.format(name=text), NEW_EMPLOYER)
        index = self.results.findData(keep) if keep is not None and keep != CHOOSE else -1
        if index < 0 and text:
            if len(same) == 1:
                index = self.results.findData(same[0].id)
            elif len(rows) == 1 and not same:
                index = 1
            elif not rows:
                index = self.results.findData(NEW_EMPLOYER)  # nothing like it: a new one
            else:  # several match: the person chooses (a save says so until then)
                self.results.insertItem(0, _("Choose the employer in the list…"), CHOOSE)
                index = 0
        self.results.setCurrentIndex(max(index, 0))
        self.results.blockSignals(False)
        self.changed.emit()


def disclosure_combo(parent: QWidget) -> QComboBox:
    """The person's choice about telling the employer, in plain words; "not recorded
    yet" (data None) first."""
    combo = QComboBox(parent)
    combo.addItem(_("Not recorded yet (counts as not disclosed)"), None)
    for choice in Disclosure:
        combo.addItem(choice.label, choice.value)
    combo.setToolTip(
        _(
            "The person's own choice about what the employer is told of their disability, "
            "RQTH or health. Without a choice, nobody talks to the employer about them."
        )
    )
    return combo


def chosen_disclosure(combo: QComboBox) -> Disclosure | None:
    value = combo.currentData()
    return Disclosure(value) if value else None
