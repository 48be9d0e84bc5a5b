from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, ForeignKey, Index, SmallInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.sqltypes import BigId
from ledger.timeutil import utcnow


class Income(SQLModel, table=True):
    __tablename__ = "income"
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_income_amount"),
        Index("ix_income_date", "community_id", "occurred_on", "id"),
        Index("ix_income_operator_date", "operator_id", "occurred_on", "id"),
        Index("ix_income_reference", "community_id", "operator_id", "reference"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    community_id: int = Field(foreign_key="community.id")
    operator_id: int = Field(foreign_key="operator.id")
    occurred_on: date
    amount: int = Field(sa_type=BigInteger)
    channel: str = Field(max_length=16)
    category: str | None = Field(default=None, max_length=64)
    reference: str | None = Field(default=None, max_length=100)
    payer: str | None = Field(default=None, max_length=200)  # private
    note: str | None = Field(default=None, max_length=500)  # private
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id")
    period_key: str | None = Field(default=None, max_length=8)
    transaction_id: int = Field(sa_column=Column(BigInteger, ForeignKey("journal_transaction.id"),
                                                 nullable=False, unique=True))
    import_batch_id: int | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class SplitLine(SQLModel, table=True):
    """How one posting of a split was computed: which agreement, settlement period and
    share (position; -1 is the remainder). Incomes, their reversals and declarations
    all leave these rows, so the period-exact rule can be checked in SQL."""
    __tablename__ = "split_line"
    __table_args__ = (
        Index("ix_split_line_agreement", "agreement_id", "period_key"),
        UniqueConstraint("transaction_id", "position", name="uq_split_line_position"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    community_id: int = Field(foreign_key="community.id")
    transaction_id: int = Field(sa_column=Column(BigInteger, ForeignKey("journal_transaction.id"), nullable=False))
    income_id: int | None = Field(default=None, sa_column=Column(BigInteger, ForeignKey("income.id"), index=True))
    declaration_id: int | None = Field(default=None, foreign_key="declaration.id")
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id")
    period_key: str | None = Field(default=None, max_length=8)
    position: int = Field(sa_type=SmallInteger)
    account_id: int = Field(foreign_key="account.id")
    amount: int = Field(sa_type=BigInteger)


class Declaration(SQLModel, table=True):
    """An operator's revenue and costs for a period (net-profit agreements). A later
    declaration for the same agreement and period corrects it: only the difference posts."""
    __tablename__ = "declaration"

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    operator_id: int = Field(foreign_key="operator.id")
    agreement_id: int = Field(foreign_key="agreement.id")
    period_key: str = Field(max_length=8)
    revenue: int = Field(sa_type=BigInteger)
    costs: list = Field(sa_column=Column(JSON, nullable=False))  # [{"category": ..., "amount": fen}]
    profit: int = Field(sa_type=BigInteger)
    transaction_id: int = Field(sa_column=Column(BigInteger, ForeignKey("journal_transaction.id"), nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class Remittance(SQLModel, table=True):
    """Money an operator_collects operator hands over against its receivable."""
    __tablename__ = "remittance"
    __table_args__ = (CheckConstraint("amount > 0", name="ck_remittance_amount"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    operator_id: int = Field(foreign_key="operator.id")
    occurred_on: date
    amount: int = Field(sa_type=BigInteger)
    channel: str = Field(max_length=16)
    reference: str | None = Field(default=None, max_length=100)
    transaction_id: int = Field(sa_column=Column(BigInteger, ForeignKey("journal_transaction.id"), nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class IdempotencyRecord(SQLModel, table=True):
    """The first answer to a request sent with an Idempotency-Key, per community."""
    __tablename__ = "idempotency_record"

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    key: str = Field(max_length=200, primary_key=True)
    request_hash: str = Field(max_length=64)
    status: int = Field(default=0)  # 0 while the first request is in flight
    response: dict | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)
