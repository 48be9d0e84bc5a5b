from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from ledger.timeutil import utcnow


class Community(SQLModel, table=True):
    __tablename__ = "community"
    __table_args__ = (CheckConstraint("length(code) >= 1", name="ck_community_code"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=200)
    # When an operator has no agreement at all, may its income be posted unsplit?
    allow_unsplit_income: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)
