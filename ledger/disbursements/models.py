"""Disbursements, their state changes and their vouchers."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.sqltypes import BigId
from ledger.timeutil import utcnow


class Disbursement(SQLModel, table=True):
    """Money to leave a fund (for a project, or classified by an expense item). The
    state only moves forward (ledger/core/approval.py); paying posts one transaction."""
    __tablename__ = "disbursement"
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_disbursement_amount"),
        CheckConstraint("state IN ('draft','submitted','approved','rejected','paid')",
                        name="ck_disbursement_state"),
        CheckConstraint("(state = 'paid') = (transaction_id IS NOT NULL)", name="ck_disbursement_paid"),
        Index("ix_disbursement_fund_state", "fund_id", "state"),
        Index("ix_disbursement_project_state", "project_id", "state"),
        Index("ix_disbursement_community", "community_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    community_id: int = Field(foreign_key="community.id")
    fund_id: int = Field(foreign_key="fund.id")
    project_id: int | None = Field(default=None, foreign_key="project.id")
    item: str | None = Field(default=None, max_length=32)  # expense item (保洁, 维修 ...)
    amount: int = Field(sa_type=BigInteger)
    payee: str = Field(max_length=200)  # private: masked wherever public
    purpose: str = Field(max_length=500)  # public
    note: str | None = Field(default=None, max_length=500)  # private
    state: str = Field(default="draft", max_length=16)
    submitted_by: str | None = Field(default=None, max_length=64)
    paid_on: date | None = None
    channel: str | None = Field(default=None, max_length=16)
    transaction_id: int | None = Field(default=None, sa_column=Column(
        BigInteger, ForeignKey("journal_transaction.id"), unique=True))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class DisbursementEvent(SQLModel, table=True):
    """One state change: who, when, from what to what, and the reason if any."""
    __tablename__ = "disbursement_event"

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    community_id: int = Field(foreign_key="community.id")
    disbursement_id: int = Field(sa_column=Column(BigInteger, ForeignKey("disbursement.id"), nullable=False,
                                                  index=True))
    action: str = Field(max_length=16)
    from_state: str | None = Field(default=None, max_length=16)
    to_state: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=500)
    at: datetime = Field(default_factory=utcnow)
    by: str = Field(max_length=64)


class Voucher(SQLModel, table=True):
    """A voucher file attached to a disbursement; the file is stored once per sha256."""
    __tablename__ = "voucher"
    __table_args__ = (UniqueConstraint("disbursement_id", "sha256", name="uq_voucher_file"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    community_id: int = Field(foreign_key="community.id")
    disbursement_id: int = Field(sa_column=Column(BigInteger, ForeignKey("disbursement.id"), nullable=False,
                                                  index=True))
    sha256: str = Field(max_length=64, index=True)
    content_type: str = Field(max_length=32)
    size: int = Field(sa_type=BigInteger)
    filename: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)
