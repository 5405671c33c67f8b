"""Keep the French catalogue complete: ``python -m pairdesk.locale.catalogue update|compile|check``.

- ``update`` extracts every ``_()``, ``N_()``, ``ngettext()`` and ``pgettext()`` string from
  ``pairdesk/`` and merges it into ``fr/LC_MESSAGES/pairdesk.po`` (translations kept,
  obsolete ones dropped);
- ``compile`` writes the ``.mo`` that the application loads;
- ``check`` lists what is missing, untranslated, fuzzy or with different placeholders
  (the test suite runs the same check).
"""

from __future__ import annotations

import gettext
import re
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent.parent
PO_FILE = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "pairdesk.po"
MO_FILE = PO_FILE.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
_PLACEHOLDER = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*(?:[!:][^}]*)?\}")


def extract() -> Catalog:
    catalog = Catalog(project="pairdesk", domain="pairdesk")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        if "locale/catalogue.py" in filename.replace("\\", "/"):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def load_po() -> Catalog:
    if not PO_FILE.exists():
        return Catalog(locale="fr", project="pairdesk", domain="pairdesk")
    with PO_FILE.open("rb") as fh:
        return read_po(fh, locale="fr")


def save_po(catalog: Catalog) -> None:
    PO_FILE.parent.mkdir(parents=True, exist_ok=True)
    with PO_FILE.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)


def compile_mo(catalog: Catalog | None = None) -> bytes:
    catalog = catalog or load_po()
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> Catalog:
    template = extract()
    catalog = load_po()
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    save_po(catalog)
    return catalog


def placeholders(text: str) -> set[str]:
    return {m.split(":")[0].split("!")[0].strip("{}") + "}" for m in _PLACEHOLDER.findall(text)}


def problems() -> list[str]:
    """Every reason the French catalogue is not complete and consistent, as lines."""
    found: list[str] = []
    catalog = load_po()
    for message in extract():
        if not message.id:
            continue
        key = message.id
        entry = catalog.get(key, context=message.context)
        name = key if isinstance(key, str) else key[0]
        if entry is None:
            found.append(f"missing: {name!r}")
            continue
        if entry.fuzzy:
            found.append(f"fuzzy: {name!r}")
        strings = entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
        sources = key if isinstance(key, tuple | list) else (key,)
        if not all(strings) or not strings:
            found.append(f"untranslated: {name!r}")
            continue
        wanted = set().union(*(placeholders(s) for s in sources))
        for s in strings:
            if placeholders(s or "") != wanted and not (
                len(sources) > 1 and placeholders(s or "") <= wanted
            ):
                found.append(f"placeholders differ: {name!r}")
            elif len(sources) == 1 and len(_PLACEHOLDER.findall(s or "")) > len(
                _PLACEHOLDER.findall(sources[0] or "")
            ):
                # a sentence pasted twice (« …Les reprendre ?{what} : des modifications… »
                # was asked after every lock): more placeholders than the English has
                found.append(f"placeholders repeated: {name!r}")
    if MO_FILE.exists():
        if mo_messages(MO_FILE.read_bytes()) != mo_messages(compile_mo(catalog)):
            found.append(
                "the .mo file is out of date: run `python -m pairdesk.locale.catalogue compile`"
            )
    else:
        found.append("the .mo file is missing")
    return found


def mo_messages(data: bytes) -> dict[object, str]:
    """The translations a compiled catalogue holds, without its header.

    Two Babel versions write different ``Generated-By`` headers (and may order entries
    differently), so compiled catalogues are compared by what ``gettext`` reads from them,
    never by their bytes.
    """
    translations = gettext.GNUTranslations(BytesIO(data))
    # ``_catalog`` is not in typeshed's GNUTranslations, yet it is the only way to read
    # every message (plural forms included) that gettext loaded.
    messages: dict[object, str] = dict(translations._catalog)  # type: ignore[attr-defined]
    messages.pop("", None)
    return messages


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
        MO_FILE.write_bytes(compile_mo())
        return 0
    if command == "compile":
        MO_FILE.write_bytes(compile_mo())
        return 0
    issues = problems()
    for line in issues:
        print(line)
    return 1 if issues else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
