"""Text that users typed, made safe for spreadsheets and read back exactly.

Two dangers: a cell that *starts* with ``=``, ``+``, ``-`` or ``@`` may be taken for a
formula (formula injection); and a few characters do not survive a worksheet's XML
(a carriage return is read back as a line feed, control characters are not allowed).

In workbooks such text is always a string cell (never a formula), flagged with Excel's
quote prefix so that editing it keeps it text. Characters XML would lose are written
with OOXML's own escape ``_xHHHH_`` (which Excel decodes when it shows the cell); every
underscore followed by ``x`` is escaped too (``_x005F_``), so that the only ``_x`` left
starts an escape and :func:`decode` reverses :func:`encode` exactly: hashed text reads
back exactly as it was hashed.

In CSV, such text gets a leading apostrophe, which spreadsheets show as text.
"""
from __future__ import annotations

import re

RISKY_FIRST = frozenset("=+-@")
# Characters a worksheet's XML cannot carry as they are, and a literal escape sequence.
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
# OWASP's list for CSV: the four formula starters, plus tab and carriage return.
_CSV_RISKY_FIRST = frozenset("=+-@\t\r")


def is_risky(value: str) -> bool:
    """Would a spreadsheet read this as a formula if it were typed in?"""
    return bool(value) and value[0] in RISKY_FIRST


def needs_escape(value: str) -> bool:
    return _NEEDS_ESCAPE.search(value) is not None


def encode(value: str) -> str:
    """Text as stored in a worksheet cell (OOXML escapes where XML would lose a character)."""
    return _NEEDS_ESCAPE.sub(_escape_one, value)


def _escape_one(match: re.Match) -> str:
    return f"_x{ord(match.group(0)):04X}_"


def decode(value: str) -> str:
    """The text a cell stands for (the inverse of :func:`encode`)."""
    if "_x" not in value:
        return value
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)


def csv_safe(value: str) -> str:
    """Text for a CSV field: a leading apostrophe where a spreadsheet would see a formula."""
    if value and value[0] in _CSV_RISKY_FIRST:
        return "'" + value
    return value
