"""Reading the raw rows of an uploaded file, streamed: CSV or XLSX, whatever its encoding.

:func:`scan` makes one pass over the bytes (fixed-size chunks): the SHA-256 that
identifies the file, its kind (an XLSX is a zip; anything else is read as CSV), the
text encoding of a CSV and an estimate of its rows for a progress bar. Encoding: a
UTF-8 byte-order mark means UTF-8; otherwise UTF-8 if every byte decodes strictly, else
GB18030 (what Chinese spreadsheet tools still export), else the file is refused.
:func:`records` then yields ``(row number, cells)`` with the row numbers a spreadsheet
shows: CSV records count from 1 (a quoted cell spanning lines is one row), XLSX rows are
the sheet's own numbers. Memory stays flat whatever the file's length, except that
openpyxl keeps an XLSX's shared-string table (its distinct texts) in memory.

Every failure is an :class:`UnreadableFile`, or ``UploadTooLarge`` for a workbook that
would unpack past the bounds of ``ledger/zipbounds.py`` (checked before openpyxl opens
it), and cells are at most Excel's 32,767 characters; nothing else escapes (property-tested).
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import BinaryIO, Iterator, Sequence

from ledger.core.errors import ValidationFailed
from ledger.imports.errors import UnreadableFile
from ledger.zipbounds import check_zip

CHUNK = 1 << 20
MAX_CELL = 32_767  # characters in one cell: Excel's own limit
_HEAD = 1 << 16  # bytes looked at to choose the CSV delimiter
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the binary .xls of Excel 97-2003
_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
DELIMITERS = (",", "\t", ";")


@dataclass(frozen=True, slots=True)
class FileFacts:
    sha256: str
    size: int
    kind: str  # "csv" | "xlsx"
    encoding: str | None = None  # CSV only: "utf-8-sig", "utf-8" or "gb18030"
    delimiter: str = ","
    estimated_rows: int | None = None  # data rows, for a progress bar


def scan(stream: BinaryIO) -> FileFacts:
    """One pass over the file; leaves the stream at its start."""
    stream.seek(0)
    digest, size, lines, head, last = hashlib.sha256(), 0, 0, b"", b""
    utf8, utf8_ok = codecs.getincrementaldecoder("utf-8")("strict"), True
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        lines += chunk.count(b"\n")
        head, last = head or chunk[:_HEAD], chunk[-1:]
        if utf8_ok:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                utf8_ok = False
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    stream.seek(0)
    if size == 0:
        raise UnreadableFile("the file is empty")
    if head.startswith(_ZIP):
        _check_bounds(stream)
        return FileFacts(digest.hexdigest(), size, "xlsx", estimated_rows=_sheet_rows(stream))
    if head.startswith(_OLE):
        raise UnreadableFile("an old Excel file (.xls) cannot be read; save it as .xlsx or CSV")
    encoding = _encoding(stream, head, utf8_ok)
    rows = max(lines + (last != b"\n") - 1, 1)  # less the header
    return FileFacts(digest.hexdigest(), size, "csv", encoding, _delimiter(head, encoding), rows)


def _check_bounds(stream: BinaryIO) -> None:
    """Before anything parses a workbook: a small file may unpack to gigabytes (UploadTooLarge)."""
    try:
        check_zip(stream)
    except ValidationFailed as exc:
        raise UnreadableFile(exc.message) from None


def _encoding(stream: BinaryIO, head: bytes, utf8_ok: bool) -> str:
    if head.startswith(codecs.BOM_UTF8):
        if not utf8_ok:
            raise UnreadableFile("the file starts like UTF-8 text but is not valid UTF-8")
        return "utf-8-sig"
    if utf8_ok:
        return "utf-8"
    if head.startswith(_UTF16):
        raise UnreadableFile("UTF-16 text cannot be read; save the file as CSV (UTF-8) or XLSX")
    if not _decodes(stream, "gb18030"):
        raise UnreadableFile("the file is neither UTF-8 nor GB18030 text, nor an XLSX workbook")
    return "gb18030"


def _decodes(stream: BinaryIO, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        while chunk := stream.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)


def _delimiter(head: bytes, encoding: str) -> str:
    """The most frequent of comma, tab and semicolon in the first 64 KiB (comma on a tie)."""
    text = head.decode(encoding, errors="ignore")
    return max(DELIMITERS, key=lambda d: (text.count(d), d == ","))


def records(stream: BinaryIO, facts: FileFacts) -> Iterator[tuple[int, Sequence[object]]]:
    stream.seek(0)
    if facts.kind == "xlsx":
        return _xlsx_records(stream)
    return _csv_records(stream, facts)


def _csv_records(stream: BinaryIO, facts: FileFacts) -> Iterator[tuple[int, list[str]]]:
    text = io.TextIOWrapper(stream, encoding=facts.encoding, errors="strict", newline="")
    number = 0
    try:
        for number, cells in enumerate(csv.reader(text, delimiter=facts.delimiter), start=1):
            yield number, cells
    except (csv.Error, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"row {number + 1}: the CSV cannot be read ({exc})") from None
    finally:
        text.detach()  # the caller owns the stream


def _sheet_rows(stream: BinaryIO) -> int | None:
    """The row count the first sheet declares (a hint only: it may be missing or wrong)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = _open_workbook(stream)
            try:
                rows = _first_sheet(workbook).max_row
            finally:
                workbook.close()
        return max(rows - 1, 1) if isinstance(rows, int) else None
    except Exception:  # noqa: BLE001 - a hint; records() reports an unreadable workbook
        return None
    finally:
        stream.seek(0)


def _open_workbook(stream: BinaryIO):
    from openpyxl import load_workbook
    return load_workbook(stream, read_only=True, data_only=True)


def _first_sheet(workbook):
    sheets = workbook.worksheets
    if not sheets:
        raise UnreadableFile("the workbook has no worksheet")
    return sheets[0]


def _check_cells(number: int, cells: tuple) -> None:
    if any(isinstance(cell, str) and len(cell) > MAX_CELL for cell in cells):
        raise UnreadableFile(f"row {number}: a cell holds more than {MAX_CELL:,} characters (Excel's limit)")


def _xlsx_records(stream: BinaryIO) -> Iterator[tuple[int, tuple]]:
    """The first worksheet's rows. openpyxl parses an untrusted zip of XML: any exception
    it raises means the workbook cannot be read, so they are all turned into one error."""
    number, workbook = 0, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # style and extension warnings of other tools' files
            workbook = _open_workbook(stream)
            sheet = _first_sheet(workbook)
            sheet.reset_dimensions()  # the declared size may be wrong; read every row
            rows = sheet.iter_rows(values_only=True)
        while True:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cells = next(rows, None)
            if cells is None:
                return
            number += 1
            _check_cells(number, cells)
            yield number, cells
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - see the docstring
        where = f" at row {number + 1}" if number else ""
        raise UnreadableFile(f"the workbook cannot be read{where} ({exc.__class__.__name__})") from None
    finally:
        if workbook is not None:
            workbook.close()
