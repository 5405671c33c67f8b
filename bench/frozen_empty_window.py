"""The baseline of ``bench_startup --bundle``: an empty PySide6 ``QMainWindow``, frozen with
PyInstaller the same way as pairdesk (one folder), that prints one JSON line and ends once
its first paint is done: the same moment the bundle's ``PAIRDESK_BENCH_EXIT_AT_PAINT``
hook reports for pairdesk's unlock dialog (``pairdesk.app._first_paint_done``: a
zero-delay timer started by the first ``Paint`` event).

Build it with the bundle's environment (bench/README.md, "The bundle")::

    build/bundle-venv/bin/pyinstaller --noconfirm --onedir --log-level WARN \\
        --distpath build/empty-window --workpath build/empty-window-work \\
        --specpath build bench/frozen_empty_window.py
"""

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _AfterPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, _done)
        return False


def _done() -> None:
    print('{"empty_window_painted": true}', flush=True)
    os._exit(0)


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)  # bench_ui.WINDOW_SIZE
watcher = _AfterPaint(window)
window.installEventFilter(watcher)
window.show()
app.exec()
