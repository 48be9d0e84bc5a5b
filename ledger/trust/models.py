"""Compounds (小区) and the fixed monthly remuneration of their property companies."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.timeutil import utcnow


class Compound(SQLModel, table=True):
    """A residential compound: its incomes are recorded under an operator of the same code
    (kind property_management), its owners' money is the trust fund of the same code."""
    __tablename__ = "compound"
    __table_args__ = (UniqueConstraint("community_id", "code", name="uq_compound_code"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    operator_id: int = Field(foreign_key="operator.id", unique=True)
    fund_id: int = Field(foreign_key="fund.id", unique=True)
    remuneration_account_id: int = Field(foreign_key="account.id")  # 211.<code>.remuneration
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class FixedRemuneration(SQLModel, table=True):
    """A fixed monthly remuneration charged to a trust fund. At most one per compound and
    month stands: another may be posted only after the first has been reversed."""
    __tablename__ = "fixed_remuneration"
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_fixed_remuneration_amount"),
        Index("ix_fixed_remuneration_month", "compound_id", "month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    compound_id: int = Field(foreign_key="compound.id")
    month: date  # first day
    amount: int = Field(sa_type=BigInteger)
    transaction_id: int = Field(sa_column=Column(BigInteger, ForeignKey("journal_transaction.id"), nullable=False,
                                                 unique=True))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)
