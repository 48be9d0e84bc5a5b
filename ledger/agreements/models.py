from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel

from ledger.timeutil import utcnow


class Agreement(SQLModel, table=True):
    """Terms are immutable once created; only an open end may be set when a newer
    version takes over (``ended_by`` records who did it)."""
    __tablename__ = "agreement"
    __table_args__ = (
        CheckConstraint("basis IN ('gross','net_profit')", name="ck_agreement_basis"),
        CheckConstraint("period IN ('month','quarter','year')", name="ck_agreement_period"),
        CheckConstraint("effective_to IS NULL OR effective_to >= effective_from", name="ck_agreement_dates"),
        Index("ix_agreement_operator", "operator_id", "effective_from"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    operator_id: int = Field(foreign_key="operator.id")
    category: str | None = Field(default=None, max_length=64)
    basis: str = Field(max_length=16)
    period: str = Field(max_length=16)
    effective_from: date
    effective_to: date | None = None
    # [{"to": "public_benefit", "account": "311.public_benefit", "percent": "10"} or with "tiers"]
    shares: list = Field(sa_column=Column(JSON, nullable=False))
    remainder_account_id: int = Field(foreign_key="account.id")
    minimum: int | None = Field(default=None, sa_type=BigInteger)
    note: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)
    ended_at: datetime | None = None
    ended_by: str | None = Field(default=None, max_length=64)


class SplitAccumulator(SQLModel, table=True):
    """The running basis (gross income, or declared profit) of one agreement in one
    settlement period. Writers lock this row, so incomes of one operator serialise
    while incomes of other operators do not wait."""
    __tablename__ = "split_accumulator"

    agreement_id: int = Field(foreign_key="agreement.id", primary_key=True)
    period_key: str = Field(max_length=8, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    total: int = Field(default=0, sa_type=BigInteger)
