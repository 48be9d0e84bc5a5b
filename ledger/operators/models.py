from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.timeutil import utcnow

KINDS = ("cafe", "canteen", "parking", "group_buying", "market", "childcare", "venue", "advertising",
         "property_management", "other")
SETTLEMENTS = ("community_collects", "operator_collects")


class Operator(SQLModel, table=True):
    __tablename__ = "operator"
    __table_args__ = (
        UniqueConstraint("community_id", "code", name="uq_operator_code"),
        CheckConstraint("settlement IN ('community_collects','operator_collects')", name="ck_operator_settlement"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=32)
    settlement: str = Field(max_length=32)
    # The operator's own accounts, created with it.
    revenue_account_id: int = Field(foreign_key="account.id")  # 501.<code>, default remainder_to
    receivable_account_id: int = Field(foreign_key="account.id")  # 112.<code>
    payable_account_id: int = Field(foreign_key="account.id")  # 211.<code>
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)
