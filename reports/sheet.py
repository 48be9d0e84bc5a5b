"""Laying rows out on write-only worksheets: typed columns, formats, print set-up.

Each column has a kind that decides how its values are written: ``text`` (strings
guarded against formula injection, see :mod:`reports.text`), ``system`` (text the ledger
generated itself, such as hashes and timestamps, written as is), ``int``, ``money`` (fen
in, a number of yuan out with format ``#,##0.00``), ``date``, or ``auto`` (by the
value's type). The only way to write a formula is to pass a :class:`Formula`.

Workbooks are written in openpyxl's write-only mode: every row goes to a temporary
file as it is appended, so memory stays flat however many rows there are. Styled
cells are reused from row to row (the writer serialises a row before ``append``
returns), which keeps the cost per cell close to writing bare values.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from ledger.core.money import fen_to_decimal
from reports import text as guard

A4 = 9  # the paper size code of A4 in SpreadsheetML
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
TEXT, INT, MONEY, DATE, AUTO = "text", "int", "money", "date", "auto"
SYSTEM = "system"  # text the ledger itself wrote (hashes, timestamps, codes of its own), never a user's
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP_ALIGN = Alignment(vertical="top", wrap_text=True)


class Formula(str):
    """A formula written on purpose, e.g. ``Formula("=SUM(D2:D9)")``."""


class Fen(int):
    """An amount in fen in an ``auto`` column (written as money)."""


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    kind: str = TEXT
    width: float = 12
    wrap: bool = False  # long text wraps inside the column's width instead of running past it


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


class Sheet:
    """A write-only worksheet with a header row, frozen panes, filters and print titles."""

    def __init__(self, workbook: Workbook, title: str, columns: Sequence[Column], *,
                 preamble: Iterable[Sequence] = (), filters: bool = True):
        self.ws = workbook.create_sheet(title)
        self.columns = tuple(columns)
        self.filters = filters
        self._converters = [self._wrapping(self._converter(column.kind)) if column.wrap else self._converter(column.kind)
                            for column in self.columns]
        preamble = list(preamble)
        self.header_row = len(preamble) + 1
        self._setup_page()  # before the first row: write-only sheets write their set-up first
        self.rows = 0  # rows written, the header included
        for row in preamble:
            self.append_styled(row, bold=True)
        self.append_styled([c.label for c in self.columns], header=True)

    def _setup_page(self) -> None:
        ws = self.ws
        for index, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.freeze_panes = f"A{self.header_row + 1}"
        ws.print_title_rows = f"{self.header_row}:{self.header_row}"

    @property
    def data_rows(self) -> int:
        return self.rows - self.header_row

    def append(self, values: Sequence) -> None:
        self.ws.append([convert(value) for convert, value in zip(self._converters, values, strict=True)])
        self.rows += 1

    def append_styled(self, values: Sequence, *, header: bool = False, bold: bool = False) -> None:
        """A row of labels (a header, a title): text cells in bold."""
        cells = []
        for value in values:
            cell = self._text_cell(value) if isinstance(value, str) else value
            if not isinstance(cell, Cell):
                cell = WriteOnlyCell(self.ws, cell)
            if header or bold:
                cell.font = _HEADER_FONT
            if header:
                cell.fill, cell.alignment = _HEADER_FILL, _HEADER_ALIGN
            cells.append(cell)
        self.ws.append(cells)
        self.rows += 1

    def close(self) -> None:
        """Turn the filters on over the header and the data written so far."""
        if self.filters and self.columns:
            last = get_column_letter(len(self.columns))
            self.ws.auto_filter.ref = f"A{self.header_row}:{last}{max(self.rows, self.header_row)}"

    # -- value converters -------------------------------------------------------------
    def _wrapping(self, convert: Callable) -> Callable:
        """Text of a wrapping column goes into a cell that wraps (other values as they were)."""
        def wrapped(value):
            if value.__class__ is not str:
                return convert(value)
            cell = convert(value)
            if not isinstance(cell, Cell):
                cell = WriteOnlyCell(self.ws, cell)
            cell.alignment = _WRAP_ALIGN
            return cell
        return wrapped

    def _converter(self, kind: str) -> Callable:
        if kind == TEXT:
            return self._text
        if kind in (INT, SYSTEM):
            return _plain
        if kind == MONEY:
            return self._money_converter()
        if kind == DATE:
            return self._date_converter()
        if kind == AUTO:
            return self._auto_converter()
        raise ValueError(f"unknown column kind {kind!r}")

    def _text(self, value):
        if value is None or value.__class__ is not str:
            return self._formula(value) if value.__class__ is Formula else value
        return self._text_cell(value)

    def _text_cell(self, value: str):
        """Plain strings pass through; risky or unwritable ones become string cells."""
        escape = guard.needs_escape(value)
        if not escape and not guard.is_risky(value) and value not in ERROR_CODES:
            return value
        cell = WriteOnlyCell(self.ws, "")
        cell.value = guard.encode(value) if escape else value
        cell.data_type = "s"  # never a formula, never an error code
        cell.quotePrefix = True
        return cell

    def _formula(self, value: str, number_format: str | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, str(value))
        if number_format:
            cell.number_format = number_format
        return cell

    def _money_converter(self) -> Callable:
        cell = self._styled_cell(MONEY_FORMAT)

        def money(value):
            if value is None:
                return None
            if value.__class__ is Formula:
                return self._formula(value, MONEY_FORMAT)
            cell.value = fen_to_decimal(value)
            return cell
        return money

    def _date_converter(self) -> Callable:
        cell = self._styled_cell(DATE_FORMAT)

        def day(value):
            if value is None:
                return None
            cell.value = value
            return cell
        return day

    def _auto_converter(self) -> Callable:
        money, day = self._money_converter(), self._date_converter()

        def auto(value):
            if isinstance(value, Fen):
                return money(int(value))
            if isinstance(value, date) and not isinstance(value, datetime):
                return day(value)
            if isinstance(value, Formula):
                return self._formula(value)
            return self._text(value) if isinstance(value, str) else value
        return auto

    def _styled_cell(self, number_format: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, None)
        cell.number_format = number_format
        return cell


def text_width(text: str) -> int:
    """How many digit widths a text takes: a wide (CJK) character counts twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fitting_width(texts: Iterable[str], least: float, most: float = 70) -> float:
    """A column width that shows the longest of ``texts`` whole, with a little margin,
    but not below ``least`` nor above ``most``."""
    widest = max((text_width(text) for text in texts), default=0)
    return min(most, max(least, widest + 2))


def _plain(value):
    return value


def save(workbook: Workbook, target) -> None:
    """Write the workbook to a path or a binary file object."""
    workbook.save(target)
