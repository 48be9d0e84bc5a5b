from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.timeutil import utcnow

STATUSES = ("committed",)


class ImportBatch(SQLModel, table=True):
    """A file whose rows were posted as incomes, all in one database transaction. A batch
    exists only once committed, so a crash or a refused file leaves no trace; the file's
    SHA-256 is unique per community, so the same file is never posted twice."""
    __tablename__ = "import_batch"
    __table_args__ = (
        UniqueConstraint("community_id", "sha256", name="uq_import_batch_file"),
        CheckConstraint("status IN ('committed')", name="ck_import_batch_status"),
        CheckConstraint("row_count >= 0 AND skipped >= 0", name="ck_import_batch_counts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    file_name: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    file_format: str = Field(max_length=8)  # csv | xlsx
    row_count: int  # incomes posted
    skipped: int = 0  # rows whose reference had been posted before (when asked to skip them)
    total: int = Field(sa_type=BigInteger)  # fen
    status: str = Field(default="committed", max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=64)
