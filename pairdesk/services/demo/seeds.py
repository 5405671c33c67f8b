"""The French text of the demo: seed lists in ``resources/demo/`` (one item a line), and the
fictional contact details every generated record uses.

Everything is fictional: names are mixed at random, employers and agencies are invented,
e-mail addresses end in ``.invalid`` or ``example.org``, phone numbers are ``06 00 00 …``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from pairdesk.domain.text import fold
from pairdesk.errors import UserError
from pairdesk.i18n import _
from pairdesk.paths import resources_dir


def demo_dir() -> Path:
    return resources_dir() / "demo"


@functools.cache
def seed_list(name: str) -> tuple[str, ...]:
    """The items of ``resources/demo/<name>.txt``: one a line, blanks and # comments skipped."""
    path = demo_dir() / f"{name}.txt"
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = line.strip()
        if item and not item.startswith("#"):
            items.append(item)
    if not items:
        raise UserError(_("The demo seed list {name} is empty.").format(name=name))
    return tuple(items)


@functools.cache
def seed_fields(name: str, count: int) -> tuple[tuple[str, ...], ...]:
    """A seed list whose lines hold ``count`` fields separated by ``|``."""
    rows = []
    for item in seed_list(name):
        parts = tuple(p.strip() for p in item.split("|"))
        if len(parts) == count:
            rows.append(parts)
    return tuple(rows)


def slug(text: str) -> str:
    """Folded, lower-case letters and digits joined by dashes (for fictional e-mail addresses)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def phone(number: int) -> str:
    """A fictional mobile number, ``06 00 00 xx yy``."""
    return f"06 00 00 {(number // 100) % 100:02d} {number % 100:02d}"
