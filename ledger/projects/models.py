"""Projects and the history of their budgets."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.timeutil import utcnow


class Project(SQLModel, table=True):
    __tablename__ = "project"
    __table_args__ = (
        UniqueConstraint("community_id", "code", name="uq_project_code"),
        CheckConstraint("budget >= 0", name="ck_project_budget"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    purpose: str = Field(default="", max_length=1000)  # public
    fund_id: int = Field(foreign_key="fund.id", index=True)
    budget: int = Field(sa_type=BigInteger)  # fen; changed only through a BudgetChange
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class BudgetChange(SQLModel, table=True):
    """Who changed a project's budget, when, from what to what, and why."""
    __tablename__ = "budget_change"

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    project_id: int = Field(foreign_key="project.id", index=True)
    budget_before: int = Field(sa_type=BigInteger)
    budget_after: int = Field(sa_type=BigInteger)
    reason: str = Field(max_length=500)
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by: str = Field(max_length=64)
