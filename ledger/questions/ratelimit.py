"""How many requests one client address may make per window of time, counted in the
database so that every gunicorn worker and every concurrent request sees one count.

Each request adds one to its address's counter for the current fixed window with a single
``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` (atomic on PostgreSQL and SQLite alike)
and is refused when the count it gets back is over the limit. The count is committed in its
own short transaction before the request does anything else, so refused and invalid
requests count too and nothing the request later rolls back can undo it. Counters of
windows that have ended are deleted on the way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from ledger.core.errors import RateLimited
from ledger.questions.models import RateWindow

_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True, slots=True)
class Limit:
    scope: str
    requests: int  # allowed per window
    seconds: int  # window length

    def window(self, now: datetime) -> int:
        return int(now.timestamp()) // self.seconds

    def retry_after(self, now: datetime) -> int:
        """Seconds until the current window ends."""
        return (self.window(now) + 1) * self.seconds - int(now.timestamp())


def hit(session: Session, limit: Limit, address: str, now: datetime) -> int:
    """Count one request from ``address`` now; returns the window's count including it."""
    slot = limit.window(now)
    session.execute(delete(RateWindow).where(RateWindow.scope == limit.scope, RateWindow.slot < slot))
    insert = _INSERT[session.get_bind().dialect.name](RateWindow)
    statement = insert.values(scope=limit.scope, address=address[:64], slot=slot, hits=1)
    statement = statement.on_conflict_do_update(
        index_elements=["scope", "address", "slot"], set_={"hits": statement.excluded.hits + RateWindow.hits},
    ).returning(RateWindow.hits)
    return session.execute(statement).scalar_one()


def refuse_over(limit: Limit, count: int, now: datetime) -> None:
    """Raise RateLimited (429, with the seconds to wait) when ``count`` is over the limit."""
    if count > limit.requests:
        raise RateLimited(limit.retry_after(now))
