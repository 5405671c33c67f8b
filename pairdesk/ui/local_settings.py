"""This computer's small settings files (preferences, recent vaults, last operator): INI
files in the configuration folder (``paths.config_dir()``), never inside the vault and
never holding a participant's data."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from pairdesk import paths


def ini_file(filename: str) -> QSettings:
    """The INI file ``filename`` of the configuration folder (created if missing)."""
    folder = paths.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / filename), QSettings.Format.IniFormat)
