"""The journal as CSV, for ranges of any size: one row per posting, the columns of the
journal sheet (without "in period": the file holds exactly the range asked for).

UTF-8 with a byte order mark, so Excel opens Chinese text correctly. Amounts are
decimal strings ("1234.50"), dates ISO. Text that a spreadsheet would take for a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets
a leading apostrophe: strip it to recover the stored text. Produced in chunks, so a
response can stream it with constant memory.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

from ledger.core.chain import format_timestamp
from ledger.core.money import format_fen
from reports import labels
from reports.journal import KEYS
from reports.model import TransactionLike
from reports.text import csv_safe

BOM = "\ufeff".encode()
CSV_KEYS = tuple(key for key in KEYS if key != "journal.in_period")
CHUNK = 64 * 1024


def header(lang: str) -> list[str]:
    return [labels.text(key, lang) for key in CSV_KEYS]


def csv_rows(tx: TransactionLike, community: str) -> Iterator[tuple]:
    """The CSV rows of one transaction: the fields of the journal sheet, as text."""
    head = (tx.seq, community, tx.occurred_on.isoformat(), csv_safe(tx.description), tx.source,
            "" if tx.reverses is None else tx.reverses, format_timestamp(tx.created_at), csv_safe(tx.created_by))
    for posting in tx.postings:
        amount = posting.amount
        yield head + (posting.line_no, csv_safe(posting.account), csv_safe(posting.account_name),
                      format_fen(amount) if amount >= 0 else "", format_fen(-amount) if amount < 0 else "", tx.hash)


def journal_csv(transactions: Iterable[TransactionLike], community: str, lang: str = labels.ZH,
                chunk: int = CHUNK) -> Iterator[bytes]:
    """The CSV file in chunks of about ``chunk`` bytes, the BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(lang))
    yield BOM
    community = csv_safe(community)
    for tx in transactions:
        writer.writerows(csv_rows(tx, community))
        if buffer.tell() >= chunk:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
