"""Checking an audit workbook offline: recompute the hash chain from the journal sheets
alone and compare its end with the chain run stated on the cover.

Needs nothing but this project installed: the hashing is :mod:`ledger.core.chain`,
plain Python. Labels of either language are recognised.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from typing import Iterator

from openpyxl import load_workbook

from ledger.core.chain import Break, ChainRecord, find_break, parse_timestamp
from ledger.core.errors import InvalidMoney
from ledger.core.money import from_sheet_number
from reports import labels
from reports.journal import KEYS
from reports.text import decode

_TX_FIELDS = ("journal.seq", "journal.community", "journal.occurred_on", "journal.description", "journal.source",
              "journal.reverses", "journal.created_at", "journal.created_by", "journal.hash")


class Unreadable(Exception):
    """A cell that cannot be what the chain hashed (wrong type, bad timestamp)."""


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    transactions: int
    first_seq: int | None
    last_seq: int | None
    last_hash: str
    broken_seq: int | None = None
    reason: str = ""


def verify_workbook(path) -> Verification:
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        cover = read_cover(workbook)
        return _verify(workbook, cover)
    finally:
        workbook.close()


def _verify(workbook, cover: dict) -> Verification:
    first, last, previous = cover["cover.first_seq"], cover["cover.last_seq"], cover["cover.previous_hash"]
    expected_last = cover["cover.last_hash"]
    seen = {"count": 0, "seq": None, "hash": previous}

    def records() -> Iterator[tuple[ChainRecord, str]]:
        for record, stored in transactions(workbook):
            seen.update(count=seen["count"] + 1, seq=record.seq, hash=stored)
            yield record, stored

    try:
        broken = find_break(records(), start_seq=first or 1, previous=previous)
    except Unreadable as exc:
        seq, reason = exc.args
        broken = Break(seq if seq is not None else (seen["seq"] or (first or 1) - 1) + 1, reason)
    if broken is None:
        broken = _check_end(seen, last, expected_last)
    return Verification(broken is None, seen["count"], first, seen["seq"], seen["hash"],
                        broken.seq if broken else None, broken.reason if broken else "")


def _check_end(seen: dict, last: int | None, expected_hash: str) -> Break | None:
    if seen["seq"] != last:
        at = (seen["seq"] or 0) + 1
        return Break(at, f"the journal ends at seq {seen['seq']} but the cover says {last}")
    if seen["hash"] != expected_hash:
        return Break(last or 0, "the last hash does not match the one on the cover")
    return None


def read_cover(workbook) -> dict:
    """The cover's values, keyed by label key (whatever the workbook's language)."""
    wanted = ("cover.first_seq", "cover.last_seq", "cover.previous_hash", "cover.last_hash")
    by_label = {label: key for key in wanted for label in labels.every_language(key)}
    sheet = _sheet(workbook, "sheet.cover")
    found = {}
    for row in sheet.iter_rows(values_only=True):
        if row and isinstance(row[0], str) and row[0] in by_label:
            found[by_label[row[0]]] = row[1] if len(row) > 1 else None
    missing = [key for key in wanted if key not in found]
    if missing:
        raise ValueError(f"the cover does not state {', '.join(missing)}: not an audit workbook")
    for key in ("cover.previous_hash", "cover.last_hash"):
        found[key] = found[key] or ""
    return found


def _sheet(workbook, key: str):
    for title in labels.every_language(key):
        if title in workbook.sheetnames:
            return workbook[title]
    raise ValueError(f"no sheet {' / '.join(sorted(labels.every_language(key)))}: not an audit workbook")


def journal_sheets(workbook) -> list:
    """The journal sheets in workbook order: "凭证明细", "凭证明细 (2)" ... (or English)."""
    bases = labels.every_language("sheet.journal")
    return [workbook[name] for name in workbook.sheetnames
            if name in bases or any(name.startswith(f"{base} (") for base in bases)]


def journal_rows(workbook) -> Iterator[dict]:
    """Every posting row of every journal sheet, as {label key: cell value}."""
    for sheet in journal_sheets(workbook):
        rows = sheet.iter_rows(values_only=True)
        columns = _columns(next(rows, ()))
        for row in rows:
            if row and any(value is not None for value in row):
                yield {key: (row[index] if index < len(row) else None) for key, index in columns.items()}


def _columns(header: tuple) -> dict[str, int]:
    index = {}
    for key in KEYS:
        names = labels.every_language(key)
        matches = [i for i, value in enumerate(header) if value in names]
        if not matches:
            raise ValueError(f"the journal sheet has no column {' / '.join(sorted(names))}")
        index[key] = matches[0]
    return index


def transactions(workbook) -> Iterator[tuple[ChainRecord, str]]:
    """(record, stored hash) per transaction, rebuilt from its posting rows."""
    for seq, group in groupby(journal_rows(workbook), key=lambda row: row["journal.seq"]):
        yield _record(seq, list(group))


def _record(seq, rows: list[dict]) -> tuple[ChainRecord, str]:
    if not isinstance(seq, int):
        raise Unreadable(None, f"a seq is not a whole number: {seq!r}")
    first = rows[0]
    for row in rows[1:]:
        for key in _TX_FIELDS:
            if row[key] != first[key]:
                raise Unreadable(seq, f"the rows of seq {seq} disagree on {key.split('.')[1]}")
    try:
        postings = tuple((_text(row["journal.account"]), _amount(row)) for row in rows)
        record = ChainRecord(seq, _text(first["journal.community"]), _day(first["journal.occurred_on"]),
                             _text(first["journal.description"]), _text(first["journal.source"]),
                             _optional_int(first["journal.reverses"]),
                             parse_timestamp(_text(first["journal.created_at"])), _text(first["journal.created_by"]),
                             postings)
    except (ValueError, TypeError) as exc:
        raise Unreadable(seq, f"seq {seq}: {exc}") from None
    return record, _text(first["journal.hash"])


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {value!r}")
    return decode(value)


def _day(value) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ValueError(f"a date has a time of day: {value!r}")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise TypeError(f"expected a date, found {value!r}")


def _optional_int(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, found {value!r}")
    return value


def _amount(row: dict) -> int:
    debit, credit = row["journal.debit"], row["journal.credit"]
    try:
        return (0 if debit is None else from_sheet_number(debit)) - (0 if credit is None else from_sheet_number(credit))
    except InvalidMoney as exc:
        raise ValueError(exc.message) from None
