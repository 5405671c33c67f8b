"""The main window's status bar, whose messages wrap instead of being cut.

``QStatusBar.showMessage`` paints one line: at 200 % text, beside the vault's and the
operator's names, "Vos modifications sont revenues : vérifiez-les, puis e…" lost the end of
its instruction (a tester's finding). Here a message is a word-wrapped label that takes the
room left, and the bar grows a line when it needs one. ``showMessage``, ``currentMessage``
and ``clearMessage`` keep Qt's meaning, so callers and tests are unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget


class WrappingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("statusMessage")
        self.message_label.setWordWrap(True)
        self.addWidget(self.message_label, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        self.message_label.setText(text)
        self.message_label.setAccessibleName(text)
        if timeout:
            self._timer.start(timeout)
        else:
            self._timer.stop()
        self.messageChanged.emit(text)

    def currentMessage(self) -> str:
        return self.message_label.text()

    def clearMessage(self) -> None:
        self._timer.stop()
        self.message_label.clear()
        self.message_label.setAccessibleName("")
        self.messageChanged.emit("")
