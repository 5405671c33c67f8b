"""PyInstaller entry point: the same ``main()`` as the ``pairdesk`` command.

Both executables of the bundle start here; ``pairdesk`` (console) and ``pairdesk-gui``
(no console window on Windows) differ only in how the operating system starts them.
"""

from __future__ import annotations

import multiprocessing

from pairdesk.__main__ import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    main()
