"""Council decisions and the project budgets each approved."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.timeutil import utcnow


class Decision(SQLModel, table=True):
    """A decision of a residents' council (居民议事会, 业主大会 ...). Recorded once; the minutes
    file is attached once, stored like a voucher (by SHA-256)."""
    __tablename__ = "council_decision"
    __table_args__ = (
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND abstentions >= 0",
                        name="ck_council_decision_votes"),
        CheckConstraint("votes_for + votes_against + abstentions <= attendance",
                        name="ck_council_decision_attendance"),
        Index("ix_council_decision_community", "community_id", "decided_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    decided_on: date
    body: str = Field(max_length=64)  # 居民议事会, 业主大会, 红色议事会 ...
    subject: str = Field(max_length=500)
    votes_for: int
    votes_against: int
    abstentions: int
    attendance: int
    minutes_sha256: str | None = Field(default=None, max_length=64)
    minutes_content_type: str | None = Field(default=None, max_length=32)
    minutes_size: int | None = Field(default=None, sa_type=BigInteger)
    minutes_filename: str | None = Field(default=None, max_length=200)
    minutes_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class ApprovedBudget(SQLModel, table=True):
    """A project budget a decision approved. The project is named by its code: a council
    usually decides before the project is entered."""
    __tablename__ = "approved_budget"
    __table_args__ = (
        UniqueConstraint("decision_id", "project_code", name="uq_approved_budget_project"),
        CheckConstraint("budget >= 0", name="ck_approved_budget_budget"),
        Index("ix_approved_budget_project", "community_id", "project_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    decision_id: int = Field(foreign_key="council_decision.id", index=True)
    project_code: str = Field(max_length=32)
    budget: int = Field(sa_type=BigInteger)  # fen
