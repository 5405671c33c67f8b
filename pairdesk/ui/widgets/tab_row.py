"""The tabs of a ``QTabWidget`` that wrap onto a second line instead of being cut.

Qt's tab bar scrolls when its tabs do not fit: at 200 % text on 1366×768 the participant
file showed "dentité et coordonnées" and "Tutora" cut at its edges. While the tabs do not
fit, ``TabRow`` hides the tab bar and shows the same tabs as a row of buttons that wraps
(a ``FlowRow``); when they fit again, the tab bar comes back. The tab widget stays the
one source of truth (current tab, enabled tabs): call ``sync()`` after
``setTabEnabled``.

    self.tabs = QTabWidget(self)
    ...addTab...
    self.tab_row = TabRow(self.tabs, self)
    layout.addWidget(self.tab_row)
    layout.addWidget(self.tabs, 1)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QButtonGroup, QPushButton, QTabWidget, QWidget

from pairdesk.ui.widgets.flow_layout import FlowRow


class TabRow(FlowRow):
    """See the module's docstring."""

    def __init__(self, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self.setAccessibleName(tabs.accessibleName())
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for index in range(tabs.count()):
            text = tabs.tabText(index)
            button = QPushButton(text, self)
            button.setCheckable(True)
            button.setAccessibleName(text.replace("&&", "\0").replace("&", "").replace("\0", "&"))
            self.group.addButton(button, index)
            self.addWidget(button)
        self.group.idClicked.connect(tabs.setCurrentIndex)
        tabs.currentChanged.connect(lambda _index: self.sync())
        tabs.installEventFilter(self)
        self.hide()
        self.sync()

    def buttons(self) -> list[QPushButton]:
        return [b for b in self.group.buttons() if isinstance(b, QPushButton)]

    def sync(self) -> None:
        """Follow the tab widget: the current tab checked, disabled tabs disabled."""
        current = self.tabs.currentIndex()
        for button in self.buttons():
            index = self.group.id(button)
            button.setChecked(index == current)
            button.setEnabled(self.tabs.isTabEnabled(index))

    def wrapped(self) -> bool:
        """True while the tabs are shown as this row (they do not fit on one line)."""
        return not self.isHidden()

    def _fit(self) -> None:
        bar = self.tabs.tabBar()
        wrap = bar.sizeHint().width() > self.tabs.width()
        if wrap != self.wrapped():
            bar.setVisible(not wrap)
            self.setVisible(wrap)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tabs and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.Show,
        ):
            self._fit()
            return False
        return super().eventFilter(watched, event)
