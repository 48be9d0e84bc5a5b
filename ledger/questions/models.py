"""Residents' questions and the per-address counters that limit how often they come."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Index
from sqlmodel import Field, SQLModel

from ledger.sqltypes import BigId
from ledger.timeutil import utcnow

KINDS = ("transaction", "project", "operator", "compound")
PENDING, RELEASED, REFUSED = "pending", "released", "refused"
STATES = (PENDING, RELEASED, REFUSED)


class Question(SQLModel, table=True):
    """A question and, once given, its answer. ``state`` is what an officer decided; a
    pending question is published anyway once QUESTION_PUBLISH_DAYS have passed (read time)."""
    __tablename__ = "question"
    __table_args__ = (
        CheckConstraint("about_kind IN ('transaction','project','operator','compound')", name="ck_question_kind"),
        CheckConstraint("state IN ('pending','released','refused')", name="ck_question_state"),
        CheckConstraint("(state = 'refused') = (refusal_reason IS NOT NULL)", name="ck_question_refusal"),
        Index("ix_question_community", "community_id", "id"),
        Index("ix_question_about", "community_id", "about_kind", "about_ref", "id"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    community_id: int = Field(foreign_key="community.id")
    about_kind: str = Field(max_length=16)
    about_ref: str = Field(max_length=32)  # a transaction's seq, or a project's, operator's or compound's code
    about_month: date | None = None  # the operator's month or the compound's statement
    text: str = Field(max_length=500)
    name: str = Field(default="", max_length=64)  # as the asker signed; "" = anonymous; masked in public
    contact: str = Field(default="", max_length=200)  # private: never public, masked in lists
    state: str = Field(default=PENDING, max_length=16)
    asked_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = None  # released or refused
    decided_by: str | None = Field(default=None, max_length=64)
    refusal_reason: str | None = Field(default=None, max_length=500)  # public
    answer: str | None = Field(default=None, max_length=2000)  # public
    answered_at: datetime | None = None
    answered_by: str | None = Field(default=None, max_length=64)  # username
    answerer: str | None = Field(default=None, max_length=100)  # the name shown in public


class RateWindow(SQLModel, table=True):
    """Requests from one address in one fixed window of time, counted by an atomic upsert so
    that concurrent requests of every app process see one count."""
    __tablename__ = "rate_window"
    __table_args__ = (Index("ix_rate_window_slot", "scope", "slot"),)

    scope: str = Field(max_length=16, primary_key=True)
    address: str = Field(max_length=64, primary_key=True)
    slot: int = Field(sa_type=BigInteger, primary_key=True)  # the window: epoch seconds // its length
    hits: int = 0
