"""Sign-in attempts, kept in the database so that every app process sees the same
count of wrong passwords in a row for a username or a client address."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from ledger.sqltypes import BigId
from ledger.timeutil import utcnow


class LoginAttempt(SQLModel, table=True):
    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username", "username", "id"),
        Index("ix_login_attempt_address", "address", "id"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BigId)
    username: str = Field(max_length=64)  # as typed (normalised), known user or not
    address: str = Field(max_length=64)  # the client's IP address
    succeeded: bool
    created_at: datetime = Field(default_factory=utcnow)
