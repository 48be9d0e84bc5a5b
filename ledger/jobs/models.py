from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, Index, Text
from sqlmodel import Field, SQLModel

from ledger.sqltypes import BigId
from ledger.timeutil import utcnow

STATES = ("queued", "running", "done", "failed")
EXPORT_KINDS = ("audit_workbook", "disclosure_workbook", "journal_csv")
KINDS = EXPORT_KINDS + ("import_check", "import_commit", "chain_verification")


class Job(SQLModel, table=True):
    """One piece of long work and everything its requester sees of it. The task queue only
    carries the job's id; a worker claims the row (queued -> running) with a conditional
    UPDATE, so a job runs once however often its message is delivered, and keeps
    ``heartbeat_at`` fresh while it runs, so a job whose worker died is found and run again
    (or failed, with the reason) instead of staying "running"."""
    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="ck_job_state"),
        CheckConstraint("done >= 0 AND attempts >= 0", name="ck_job_counts"),
        Index("ix_job_community_user", "community_id", "created_by", "id"),
        Index("ix_job_state", "state"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    kind: str = Field(max_length=32)
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    state: str = Field(default="queued", max_length=16)
    done: int = Field(default=0, sa_type=BigInteger)  # journal lines, rows or transactions so far
    total: int | None = Field(default=None, sa_type=BigInteger)  # of the same, once known
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    file_name: str | None = Field(default=None, max_length=255)  # the download's name
    file_path: str | None = Field(default=None, max_length=500)  # under the instance folder; None once expired
    content_type: str | None = Field(default=None, max_length=100)
    size: int | None = Field(default=None, sa_type=BigInteger)
    sha256: str | None = Field(default=None, max_length=64)
    attempts: int = 0  # times a worker claimed it
    worker: str | None = Field(default=None, max_length=128)  # host:pid of the claiming worker
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    heartbeat_at: datetime | None = None
    finished_at: datetime | None = None
    seen_at: datetime | None = None  # when its requester first looked at the finished job
    expired_at: datetime | None = None  # when its file was deleted
