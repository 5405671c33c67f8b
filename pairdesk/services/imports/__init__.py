"""Bring participants, job offers and workshops in from CSV or ``.xlsx`` files.

The steps, the same behind the window's wizard and ``pairdesk import``:

1. :func:`read_table` reads the file into a :class:`Table` (headers, rows, and for CSV
   the encoding and separator it found: UTF-8 with or without BOM, UTF-16 with BOM, else
   Windows-1252; ``;``, ``,`` or tab). Hostile or oversized files are refused quickly
   with ``InvalidInput`` (exit code 7) naming the limit: at most 50 MB, 100,000 rows,
   200 columns, 32,767 characters in a cell, and for ``.xlsx`` 100 MB once unpacked (the
   zip's declared sizes are checked first), no zip bomb, no XML entities (``defusedxml``).
2. :func:`guess_mapping` proposes which column feeds which field (French headers such as
   Nom, Prénom, Date de naissance, Courriel… are recognised); the user may change it.
   :func:`field_choices` lists the fields a column can be given to.
3. :func:`preview` runs the whole import *without keeping it* and returns the first rows
   as they will be read, each one valid, invalid (with the reasons) or a likely duplicate,
   and the totals for the whole file.
4. :func:`run_import` imports every valid row in ONE transaction through the usual
   services (nothing is half-imported: a failure leaves the vault as it was) and returns
   an :class:`ImportReport` listing the invalid rows with their number as the spreadsheet
   shows it (the header is row 1) and the reason, and the likely duplicates with what was
   done about them.

Text garbled by an encoding mix-up is never imported silently, by two rules:

* A CSV file that is not UTF-8 as a whole but has lines that are (a UTF-8 program's rows
  pasted under Windows-1252 ones) is refused, listing the rows in each encoding: read as
  either encoding, half of it would come out as « HÃ©lÃ¨ne ».
* A cell (CSV or ``.xlsx``) holding UTF-8 that was once read as Windows-1252
  (« HÃ©lÃ¨ne », « lâ€™atelier », see :func:`~pairdesk.domain.tabular.repair_mojibake`)
  makes its row invalid, with the likely intended text in the reason.

Likely duplicates are described in :mod:`.running`.

The modules, from the file to the vault:

* :mod:`.table` — the :class:`Table` read object and the limits every file is read within;
* :mod:`.reading` — files and text encodings, CSV; :mod:`.xlsx` — workbooks, safely;
* :mod:`.rows` — the column mapping, each cell read for its field, each row checked;
* :mod:`.running` — preview, dry run, duplicates, writing, the report.

The words recognised in headers and cells (« Prénom », « sortie », « Pôle emploi »…) are
the domain's import vocabulary, :mod:`pairdesk.domain.import_vocabulary`.
"""

from pairdesk.domain.import_vocabulary import ImportKind
from pairdesk.services.imports.reading import (
    SEPARATORS,
    decode_text,
    detect_separator,
    read_csv_bytes,
    read_table,
)
from pairdesk.services.imports.rows import FieldChoice, field_choices, guess_mapping
from pairdesk.services.imports.running import (
    Decisions,
    DuplicateDecision,
    DuplicateMatch,
    DuplicateRow,
    ImportCancelled,
    ImportedRow,
    ImportPreview,
    ImportReport,
    InvalidRow,
    PreviewRow,
    RowStatus,
    duplicate_outcome,
    importable_kinds,
    iter_problems,
    preview,
    run_import,
)
from pairdesk.services.imports.table import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED_BYTES,
    Table,
    format_count,
)

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNPACKED_BYTES",
    "SEPARATORS",
    "Decisions",
    "DuplicateDecision",
    "DuplicateMatch",
    "DuplicateRow",
    "FieldChoice",
    "ImportCancelled",
    "ImportKind",
    "ImportPreview",
    "ImportReport",
    "ImportedRow",
    "InvalidRow",
    "PreviewRow",
    "RowStatus",
    "Table",
    "decode_text",
    "detect_separator",
    "duplicate_outcome",
    "field_choices",
    "format_count",
    "guess_mapping",
    "importable_kinds",
    "iter_problems",
    "preview",
    "read_csv_bytes",
    "read_table",
    "run_import",
]
