from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from ledger.sqltypes import BigId
from ledger.timeutil import utcnow

ROLES = ("admin", "officer", "approver", "auditor")


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint("role IN ('admin','officer','approver','auditor')", name="ck_user_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(default="", max_length=100)
    role: str = Field(max_length=16)
    # argon2id hash; None means the user cannot sign in with a password.
    password_hash: str | None = Field(default=None, max_length=200)
    is_active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class UserCommunity(SQLModel, table=True):
    """The communities a user's role applies to."""
    __tablename__ = "user_community"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    community_id: int = Field(foreign_key="community.id", primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    # sha256 of the token: tokens are 256-bit random, so a fast hash is enough to make a
    # stolen table useless while keeping the per-request lookup an index probe.
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=12)  # first characters, to tell tokens apart in lists
    label: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)
    expires_at: datetime  # refused from then on (401)
    revoked_at: datetime | None = None
    revoked_by: str | None = Field(default=None, max_length=64)


class LoginAttempt(SQLModel, table=True):
    """A sign-in attempt, kept in the database so that every app process sees the same
    count of wrong passwords in a row for a username or a client address. It is counted
    as wrong when it is admitted, before the password is checked, and marked succeeded
    only if the password was right (see throttle.py)."""
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
