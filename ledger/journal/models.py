"""Journal tables. Rows of journal_transaction and posting are never updated or deleted."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, Index, SmallInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.sqltypes import BigId
from ledger.timeutil import utcnow


class Account(SQLModel, table=True):
    __tablename__ = "account"
    __table_args__ = (
        UniqueConstraint("community_id", "code", name="uq_account_code"),
        CheckConstraint("type IN ('asset','liability','equity','revenue','expense')", name="ck_account_type"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    code: str = Field(max_length=64)
    name: str = Field(max_length=200)
    type: str = Field(max_length=16)
    parent_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class ChainHead(SQLModel, table=True):
    """The last seq and hash of a community's chain: the row writers lock to append."""
    __tablename__ = "chain_head"

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    seq: int = Field(default=0, sa_type=BigInteger)
    hash: str = Field(max_length=64)


class JournalTransaction(SQLModel, table=True):
    __tablename__ = "journal_transaction"
    __table_args__ = (
        UniqueConstraint("community_id", "seq", name="uq_transaction_seq"),
        CheckConstraint("seq >= 1", name="ck_transaction_seq"),
        CheckConstraint(
            "source IN ('income','declaration','disbursement','transfer','reversal','opening','remittance')",
            name="ck_transaction_source",
        ),
        Index("ix_transaction_date", "community_id", "occurred_on", "seq"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    community_id: int = Field(foreign_key="community.id")
    seq: int = Field(sa_type=BigInteger)
    occurred_on: date
    description: str = Field(max_length=500)
    source: str = Field(max_length=16)
    # The transaction this one reverses; UNIQUE makes "reversed at most once" a database fact.
    reverses_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, ForeignKey("journal_transaction.id"), unique=True)
    )
    created_at: datetime
    created_by: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class Posting(SQLModel, table=True):
    __tablename__ = "posting"
    __table_args__ = (
        UniqueConstraint("transaction_id", "line_no", name="uq_posting_line"),
        # Balance queries: one account's postings in a date range.
        Index("ix_posting_account_date", "account_id", "occurred_on"),
        Index("ix_posting_community_date", "community_id", "occurred_on"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    community_id: int = Field(foreign_key="community.id")
    transaction_id: int = Field(sa_column=Column(BigInteger, ForeignKey("journal_transaction.id"), nullable=False))
    line_no: int = Field(sa_type=SmallInteger)
    account_id: int = Field(foreign_key="account.id")
    amount: int = Field(sa_type=BigInteger)  # signed fen, debit > 0
    # Copy of the transaction's date, so balance queries need no join.
    occurred_on: date


class ClosedPeriod(SQLModel, table=True):
    __tablename__ = "closed_period"

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    month: date = Field(primary_key=True)  # first day of the month
    closed_at: datetime = Field(default_factory=utcnow)
    closed_by: str = Field(max_length=64)


class BalanceSnapshot(SQLModel, table=True):
    """An account's month when the month was closed: debits, credits and closing balance.

    Rows exist for accounts with activity in the month or a non-zero closing balance;
    an account without a row closed the month at zero.
    """
    __tablename__ = "balance_snapshot"

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    month: date = Field(primary_key=True)
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    debit: int = Field(sa_type=BigInteger)  # sum of debits in the month, fen >= 0
    credit: int = Field(sa_type=BigInteger)  # sum of credits in the month, fen >= 0
    closing: int = Field(sa_type=BigInteger)  # signed closing balance, debit > 0



class ReversalReason(SQLModel, table=True):
    """Why a reversal was posted, as an officer typed it: for officers and auditors only.

    It is kept beside the transaction, not in its hashed description (which reads
    "冲销 #N"), so that the public journal carries every hashed field and still no text
    an officer typed about people. Written once with the reversal, never changed."""
    __tablename__ = "reversal_reason"

    transaction_id: int = Field(sa_column=Column(BigInteger, ForeignKey("journal_transaction.id"), primary_key=True))
    community_id: int = Field(foreign_key="community.id")
    reason: str = Field(max_length=400)
