"""Idempotency-Key: the same key and body returns the first answer and writes nothing;
the same key with another body is a conflict. Keys are scoped to the community.

The key's row is inserted before the work starts. A concurrent request with the same
key waits on that row (PostgreSQL's unique index; SQLite's write lock) and, once the
first commits, finds the stored answer instead of doing the work twice.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import IdempotencyConflict, ValidationFailed
from ledger.incomes.models import IdempotencyRecord
from ledger.timeutil import utcnow

_KEY = re.compile(r"[\x21-\x7e]{1,200}")


@dataclass(frozen=True, slots=True)
class Replay:
    status: int
    body: dict


def request_hash(body: object) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _claiming(dialect_insert):
    return dialect_insert(_record).values(
        community_id=bindparam("community_id"), key=bindparam("key"), request_hash=bindparam("request_hash"),
        status=0, created_by=bindparam("created_by"), created_at=bindparam("created_at"),
    ).on_conflict_do_nothing().returning(_record.c.key)


_record = IdempotencyRecord.__table__
_CLAIM = {"postgresql": _claiming(pg_insert), "sqlite": _claiming(sqlite_insert)}
# Parameter names differ from the column names: an UPDATE reserves those for its SET clause.
_ROW = (_record.c.community_id == bindparam("row_community"), _record.c.key == bindparam("row_key"))
_STORED = select(_record.c.request_hash, _record.c.status, _record.c.response).where(*_ROW)
_REMEMBER = update(_record).where(*_ROW).values(status=bindparam("new_status"), response=bindparam("new_response"))


def claim(session: Session, community: Community, key: str, body: object, *, created_by: str) -> Replay | None:
    """Claim the key for this request; a Replay of the first answer if it was used before."""
    if not _KEY.fullmatch(key):
        raise ValidationFailed.on("Idempotency-Key", "1-200 printable ASCII characters")
    digest = request_hash(body)
    inserted = session.execute(_CLAIM[session.get_bind().dialect.name], {
        "community_id": community.id, "key": key, "request_hash": digest, "created_by": created_by,
        "created_at": utcnow()}).first()
    if inserted is not None:
        return None
    stored_hash, status, response = session.execute(_STORED, {"row_community": community.id, "row_key": key}).one()
    if stored_hash != digest:
        raise IdempotencyConflict("this Idempotency-Key was already used with a different request",
                                  {"Idempotency-Key": ["already used with a different request"]})
    return Replay(status, response or {})


def remember(session: Session, community: Community, key: str, status: int, response: dict) -> None:
    session.execute(_REMEMBER, {"row_community": community.id, "row_key": key, "new_status": status,
                                "new_response": response})
