"""The journal sheet (凭证明细): one row per posting, with every field the hash chain
covers, so that the chain can be recomputed from the workbook alone (see
:mod:`reports.verify`).

Transaction fields repeat on each of its postings' rows, which keeps filters and
sorting meaningful. ``created_at`` is written as text exactly as hashed. A journal
longer than a sheet continues on "凭证明细 (2)", "(3)" ...; a transaction may straddle
two sheets, which the verifier reads in order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator

from openpyxl import Workbook

from ledger.core.chain import format_timestamp
from reports import labels
from reports.model import JournalSummary, TransactionLike
from reports.sheet import DATE, INT, MONEY, SYSTEM, TEXT, Column, Sheet

# Excel holds 1,048,576 rows: one header row and this many data rows.
MAX_DATA_ROWS = 1_048_575

# (label key, kind, width). The keys are also what the verifier looks the columns up by.
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("journal.seq", INT, 8),
    ("journal.community", TEXT, 10),
    ("journal.occurred_on", DATE, 11),
    ("journal.description", TEXT, 40),
    ("journal.source", SYSTEM, 11),
    ("journal.reverses", INT, 9),
    ("journal.created_at", SYSTEM, 28),
    ("journal.created_by", TEXT, 12),
    ("journal.line_no", INT, 6),
    ("journal.account", TEXT, 16),
    ("journal.account_name", TEXT, 24),
    ("journal.debit", MONEY, 14),
    ("journal.credit", MONEY, 14),
    ("journal.in_period", SYSTEM, 8),
    ("journal.hash", SYSTEM, 66),
)
KEYS = tuple(key for key, _, _ in COLUMNS)


def posting_rows(tx: TransactionLike, community: str, inside: object) -> Iterator[tuple]:
    """The rows of one transaction: its fields, then each posting's line, account,
    debit or credit (a zero line shows 0 as a debit), then ``inside`` (whether it is in
    the period, as the sheet shows it) and the hash. Amounts stay in fen."""
    head = (tx.seq, community, tx.occurred_on, tx.description, tx.source, tx.reverses,
            format_timestamp(tx.created_at), tx.created_by)
    for posting in tx.postings:
        amount = posting.amount
        yield head + (posting.line_no, posting.account, posting.account_name,
                      amount if amount >= 0 else None, -amount if amount < 0 else None, inside, tx.hash)


def in_period(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def sheet_title(lang: str, number: int) -> str:
    base = labels.text("sheet.journal", lang)
    return base if number == 1 else f"{base} ({number})"


@dataclass
class JournalSheets:
    """Writes the journal, starting a new sheet every ``max_rows`` data rows."""
    workbook: Workbook
    lang: str
    max_rows: int = MAX_DATA_ROWS
    _sheet: Sheet | None = field(default=None, init=False)
    _number: int = field(default=0, init=False)

    def write(self, transactions: Iterable[TransactionLike], community: str,
              start: date | None, end: date | None) -> JournalSummary:
        yes, no = labels.text("yes", self.lang), labels.text("no", self.lang)
        count = postings = outside = debit = credit = 0
        self._next_sheet()
        for tx in transactions:
            inside = in_period(tx.occurred_on, start, end)
            for row in posting_rows(tx, community, yes if inside else no):
                self._append(row)
            if inside:
                count += 1
                postings += len(tx.postings)
                debit += sum(p.amount for p in tx.postings if p.amount > 0)
                credit -= sum(p.amount for p in tx.postings if p.amount < 0)
            else:
                outside += 1
        self._sheet.close()
        return JournalSummary(count, postings, outside, debit, credit, self._number)

    def _append(self, row: tuple) -> None:
        if self._sheet.data_rows >= self.max_rows:
            self._sheet.close()
            self._next_sheet()
        self._sheet.append(row)

    def _next_sheet(self) -> None:
        self._number += 1
        columns = [Column(labels.text(key, self.lang), kind, width) for key, kind, width in COLUMNS]
        self._sheet = Sheet(self.workbook, sheet_title(self.lang, self._number), columns)
