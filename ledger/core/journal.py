"""Pure rules of a journal entry, before it touches storage."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledger.core.chart import is_fund_account
from ledger.core.errors import UnbalancedTransaction, ValidationFailed
from ledger.core.money import MAX_FEN, format_fen

SOURCES = ("income", "declaration", "disbursement", "transfer", "reversal", "opening", "remittance")
MANUAL_SOURCES = ("transfer", "opening")
# Entries that may take money out of a fund: paying an approved disbursement, reversing
# (a share, or a hand entry that put money in) and correcting a profit declaration
# downwards. Each still leaves every fund at or above zero.
FUND_DEBIT_SOURCES = ("disbursement", "reversal", "declaration")


@dataclass(frozen=True, slots=True)
class Line:
    account: str  # account code
    amount: int  # signed fen, debit > 0


@dataclass(frozen=True, slots=True)
class Entry:
    occurred_on: date
    description: str
    source: str
    lines: tuple[Line, ...]
    reverses_id: int | None = None


def check_entry(entry: Entry) -> None:
    """Raise unless the entry is a balanced transaction of at least two lines."""
    if entry.source not in SOURCES:
        raise ValidationFailed.on("source", f"unknown source {entry.source!r}")
    if len(entry.lines) < 2:
        raise ValidationFailed.on("postings", "a transaction needs at least two postings")
    if any(abs(line.amount) > MAX_FEN for line in entry.lines):
        raise ValidationFailed.on("postings", "an amount is too large")
    total = sum(line.amount for line in entry.lines)
    if total != 0:
        side = "debits exceed credits" if total > 0 else "credits exceed debits"
        raise UnbalancedTransaction(
            f"the postings do not balance: {side} by {format_fen(abs(total))}",
            {"postings": [f"{side} by {format_fen(abs(total))}"]},
        )


def negated(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The lines of a reversal: every amount with the opposite sign."""
    return tuple(Line(line.account, -line.amount) for line in lines)


def drop_zero_lines(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Remove zero lines, unless fewer than two would remain (keep a complete record)."""
    nonzero = tuple(line for line in lines if line.amount)
    return nonzero if len(nonzero) >= 2 else lines


def fund_debits(lines: tuple[Line, ...]) -> dict[str, int]:
    """The fund accounts the lines take money out of, with the net amount taken (fen > 0)."""
    net: dict[str, int] = {}
    for line in lines:
        if is_fund_account(line.account):
            net[line.account] = net.get(line.account, 0) + line.amount
    return {code: amount for code, amount in net.items() if amount > 0}
