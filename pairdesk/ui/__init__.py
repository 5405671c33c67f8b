"""The PySide6 window; the only package (with ``pairdesk.app``) that imports Qt."""
