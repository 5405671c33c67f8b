"""Bring participants, job offers and workshops in from CSV or ``.xlsx`` files."""

from pairdesk.services.imports.running import *  # noqa: F403
from pairdesk.services.imports.running import (  # noqa: F401
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED_BYTES,
    _number,
    decode_text,
    detect_separator,
    iter_problems,
    read_csv_bytes,
)
