from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.timeutil import utcnow

FUND_KINDS = ("public_benefit", "earmarked", "trust")


class Fund(SQLModel, table=True):
    __tablename__ = "fund"
    __table_args__ = (
        UniqueConstraint("community_id", "code", name="uq_fund_code"),
        CheckConstraint("kind IN ('public_benefit','earmarked','trust')", name="ck_fund_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    code: str = Field(max_length=64)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16)
    account_id: int = Field(foreign_key="account.id", unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)
