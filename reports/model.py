"""The plain data the workbook writers lay out. Amounts are integer fen.

Journal transactions are taken as any objects with the attributes of
:class:`TransactionLike` (the ledger's own journal views have them), so a journal of
any size streams straight from the database into the sheet.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol, Sequence


class PostingLike(Protocol):
    line_no: int
    account: str
    account_name: str
    amount: int  # signed fen, debit > 0


class TransactionLike(Protocol):
    seq: int
    occurred_on: date
    description: str
    source: str
    reverses: int | None
    created_at: datetime
    created_by: str
    hash: str
    postings: Sequence[PostingLike]


@dataclass(frozen=True, slots=True)
class Cover:
    """What the cover states about the workbook. ``first_seq``..``last_seq`` is the run of
    the chain the journal sheet holds (None when it holds nothing); ``previous_hash`` is
    the hash of the transaction before ``first_seq`` (64 zeros before seq 1)."""
    community_code: str
    community_name: str
    start: date
    end: date
    generated_at: datetime
    generated_by: str
    version: str
    first_seq: int | None
    last_seq: int | None
    previous_hash: str
    last_hash: str
    head_seq: int
    head_hash: str
    debit_total: int
    credit_total: int
    fund_closing_total: int
    public_key: str = ""  # the community's Ed25519 key that signs its monthly heads, hex


@dataclass(frozen=True, slots=True)
class TrialLine:
    account: str
    name: str
    type: str
    opening: int  # signed, debit > 0
    debit: int
    credit: int
    closing: int  # signed, debit > 0


INFLOW, OUTFLOW = "inflow", "outflow"


@dataclass(frozen=True, slots=True)
class FundLine:
    """One line of a fund's movement: an operator's inflow, a project's outflow, a
    transfer... ``label`` names where the money came from or went to."""
    section: str  # INFLOW | OUTFLOW
    label: str
    amount: int  # >= 0 in the section's direction; negative only for net reversals


@dataclass(frozen=True, slots=True)
class FundStatement:
    code: str
    name: str
    opening: int  # on the fund's side: credit balance > 0
    lines: tuple[FundLine, ...]
    closing: int

    def total(self, section: str) -> int:
        return sum(line.amount for line in self.lines if line.section == section)


@dataclass(frozen=True, slots=True)
class ShareRate:
    """An agreement share as written in the agreement (percent or marginal tiers)."""
    to: str
    percent: Decimal | None = None
    tiers: tuple[tuple[int | None, Decimal], ...] = ()  # (up_to fen or None, percent)


@dataclass(frozen=True, slots=True)
class Contribution:
    """What an operator owed one beneficiary (``share.to``) under one agreement for one
    settlement period, and what of it has arrived. The row rebuilds from its own cells:
    ``due`` is ``share`` applied to ``basis_amount`` (with ``minimum`` for net profit),
    rounded half up to the fen. ``posted`` is what entries dated on or before the end
    date put into the journal for it; entries dated later bring it to ``due``.
    ``agreement`` None is an operator's advance: remittances beyond everything due so
    far (``outstanding`` negative)."""
    operator: str
    operator_name: str
    settlement: str
    agreement: int | None
    category: str | None
    period: str | None
    basis: str | None  # gross | net_profit
    basis_amount: int | None
    share: ShareRate | None
    minimum: int | None
    due: int
    posted: int
    received: int
    outstanding: int

    @property
    def later(self) -> int:
        """What entries dated after the end date add to the journal for this row."""
        return self.due - self.posted


@dataclass(frozen=True, slots=True)
class JournalSummary:
    """What the journal sheets hold, counted while they were written."""
    transactions: int = 0  # dated inside the period
    postings: int = 0  # of those transactions
    outside: int = 0  # transactions of the chain run dated outside the period
    debit: int = 0  # debits of the transactions inside the period
    credit: int = 0
    sheets: int = 1
