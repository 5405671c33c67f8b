"""Every location pairdesk reads or writes, from platformdirs.

Overrides, strongest first: an explicit argument (``--vault``), then environment
variables, then platformdirs' per-user folders:

- ``PAIRDESK_VAULT``: the vault file, or a server's ``postgresql://USER@HOST[:PORT]/DATABASE``
  address (issue 14: ``vault_location``);
- ``PAIRDESK_HOME``: one folder holding data, config, backups and logs (tests, portable use).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from pairdesk import APP_NAME

VAULT_FILENAME = "vault.pairdesk"
#: How a server's address begins (``postgresql://USER@HOST[:PORT]/DATABASE``).
SERVER_SCHEMES = ("postgresql://", "postgres://")

#: Where a vault is: a file's path, or a server's address.
Location = Path | str


def _home() -> Path | None:
    home = os.environ.get("PAIRDESK_HOME")
    return Path(home) if home else None


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    home = _home()
    return (
        home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    )


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def backups_dir() -> Path:
    return data_dir() / "backups"


def default_vault_path() -> Path:
    return data_dir() / VAULT_FILENAME


def vault_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The vault to open: ``--vault`` beats ``PAIRDESK_VAULT`` beats the default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("PAIRDESK_VAULT")
    if env:
        return Path(env).expanduser()
    return default_vault_path()


def is_server_address(location: object) -> bool:
    """True when a vault location (a ``--vault`` value, a recent vault) names a server.
    Standard library only: the unlock dialog tells one from the other before the database
    layer is imported (``pairdesk.store.addresses`` parses the address)."""
    return isinstance(location, str) and location.strip().lower().startswith(SERVER_SCHEMES)


def vault_location(explicit: str | os.PathLike[str] | None = None) -> Location:
    """As ``vault_path``, but a server's address (from ``--vault`` or ``PAIRDESK_VAULT``)
    is kept as it was written instead of being taken for a file's name."""
    raw = os.fspath(explicit) if explicit else os.environ.get("PAIRDESK_VAULT")
    if is_server_address(raw):
        return str(raw).strip()
    return vault_path(explicit)


def package_dir() -> Path:
    return Path(__file__).resolve().parent


def resources_dir() -> Path:
    """Fonts, icons and seed lists: in a bundle; inside the package once installed from a
    wheel (``setup.py`` puts them there); else ``resources/`` beside the package (a checkout,
    an editable install)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    installed = package_dir() / "resources"
    if installed.is_dir():
        return installed
    return package_dir().parent / "resources"


def locale_dir() -> Path:
    return package_dir() / "locale"


def migrations_dir() -> Path:
    return package_dir() / "store" / "migrations"
