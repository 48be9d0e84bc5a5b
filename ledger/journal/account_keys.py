"""Account ids by code and codes by id, remembered from one request to the next.

An account's code never changes and no account is ever deleted, so a pair read from the
database holds for the life of that database once the transaction that read it has
committed. Pairs are kept on the session while its transaction runs and join the memory
of its database (one per connection pool) only when the transaction commits: a pair seen
in a transaction that rolled back (an account created and undone, whose id SQLite may
later give to another account) is forgotten with it.

Posting an income asks for the same few accounts every time; this saves the two queries
each request would otherwise make (see BENCHMARKS.md, api).
"""
from __future__ import annotations

from typing import Hashable
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.orm import Session

_COMMITTED: WeakKeyDictionary = WeakKeyDictionary()  # pool -> {key: value}
_PENDING = "ledger.account_keys"


def recall(session: Session, key: Hashable):
    """What was remembered under ``key`` (this transaction first), or None."""
    pending = session.info.get(_PENDING)
    if pending is not None and key in pending:
        return pending[key]
    committed = _COMMITTED.get(session.get_bind().pool)
    return committed.get(key) if committed is not None else None


def remember(session: Session, key: Hashable, value) -> None:
    session.info.setdefault(_PENDING, {})[key] = value


def id_key(community_id: int, code: str) -> tuple:
    return "id", community_id, code


def code_key(account_id: int) -> tuple:
    return "code", account_id


def forget_all() -> None:
    """Drop every remembered pair (after a database is replaced under a running process)."""
    _COMMITTED.clear()


@event.listens_for(Session, "after_commit")
def _keep(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        _COMMITTED.setdefault(session.get_bind().pool, {}).update(pending)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_PENDING, None)
