"""Tables for spreadsheets: the one CSV dialect and the formula guard.

The Art. 30 export and ``privacy questions`` write CSV the same way, for
Norwegian Excel (as Digdir's *behandlingsoversikt* exports it): ``;``
separator, UTF-8 with BOM, CRLF, multi-line cells quoted. A cell starting
with ``= + - @``, a tab or a carriage return gets a leading apostrophe, so a
spreadsheet never runs record text as a formula (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula."""


def guard_formula(text: str) -> str:
    """A leading apostrophe keeps a spreadsheet from running ``=HYPERLINK(...)`` and friends."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    """Rows (the header first) as the bytes of a CSV file in the dialect above, every cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([guard_formula(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
