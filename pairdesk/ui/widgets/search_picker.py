"""What the pickers of a form share (a participant, an employer): a search field, and the
results in a list beside it (or under it: ``STACKED``).

Typing searches again after a short pause; Enter or Down searches at once and moves to the
results. A subclass runs its search (``search``, through ``Op``) and fills ``results``.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from pairdesk.i18n import _
from pairdesk.services.context import ServiceContext
from pairdesk.ui.widgets.search_field import SearchField

#: How long typing waits before the picker searches.
PICKER_DEBOUNCE_MS = 200


class SearchPicker(QWidget):
    """A search field and its results (see the module docstring); ``row`` is their line.
    A subclass words them (``N_()``-marked; ``{what}``: what the form calls the field)."""

    #: The results under the search field, each the form's full width (not beside it).
    STACKED: ClassVar[bool] = False

    PLACEHOLDER: ClassVar[str]
    SEARCH_NAME: ClassVar[str]
    RESULTS_NAME: ClassVar[str]

    def __init__(self, ctx: ServiceContext, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.search_field = self.new_search_field()
        self.search_field.setPlaceholderText(_(self.PLACEHOLDER))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(_(self.SEARCH_NAME).format(what=what))
        self.results = QComboBox(self)
        self.results.setAccessibleName(_(self.RESULTS_NAME).format(what=what))
        self.results.setMinimumContentsLength(18)
        self.results.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.row: QBoxLayout = QVBoxLayout(self) if self.STACKED else QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        if self.STACKED:
            self.row.setSpacing(2)
        self.row.addWidget(self.search_field, 0 if self.STACKED else 1)
        self.row.addWidget(self.results, 0 if self.STACKED else 2)
        self.setFocusProxy(self.search_field)
        QWidget.setTabOrder(self.search_field, self.results)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(PICKER_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search)
        self.search_field.textChanged.connect(lambda _text: self._debounce.start())
        self.search_field.returnPressed.connect(self._search_now)
        self.search_field.to_results.connect(self._search_now)

    def new_search_field(self) -> SearchField:
        """The search field (about 16 characters wide at least)."""
        field = SearchField(self)
        field.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)
        return field

    def search(self) -> None:
        """Search for what is typed and show the results (subclasses)."""
        raise NotImplementedError

    def _search_now(self) -> None:
        self._debounce.stop()
        self.search()
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)
