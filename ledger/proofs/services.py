"""Answering for a community's tree: check the sizes asked for against the chain head,
catch the stored tree up with the head if it is behind (in short write transactions of
their own), then read it in a fresh read transaction that sees what they stored."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlmodel import Session

from ledger import db
from ledger.communities.models import Community
from ledger.core.errors import ValidationFailed
from ledger.journal.models import ChainHead
from ledger.proofs import tree

CATCH_UP = 200_000  # leaves stored per write transaction while catching up


def chain_size(community: Community) -> int:
    """The number of transactions now: the largest tree there is."""
    return db.session().get(ChainHead, community.id).seq


@contextmanager
def current_tree(community: Community, size: int) -> Iterator[Session]:
    """A read session whose stored tree holds the first ``size`` leaves (``size`` at most
    the chain head): if it does not yet, the tree first catches up with the chain head."""
    with db.unit_of_work(write=False) as session:
        if tree.stored_size(session, community.id) >= size:
            yield session
            return
        head = session.get(ChainHead, community.id).seq
    catch_up(community.id, head)
    with db.unit_of_work(write=False) as session:
        yield session


def catch_up(community_id: int, through: int) -> None:
    """Store the tree up to ``through`` leaves, committing every ``CATCH_UP`` leaves so that
    no writer waits long for the tree's lock (or, on SQLite, the database's)."""
    stored = 0
    while stored < through:
        with db.unit_of_work() as session:
            target = min(through, tree.stored_size(session, community_id) + CATCH_UP)
            stored = tree.extend(session, community_id, target)


def checked_size(field: str, size: int | None, available: int) -> int:
    """``size`` (default: ``available``), refused unless 0 <= size <= available."""
    if size is None:
        return available
    if not 0 <= size <= available:
        raise ValidationFailed.on(field, f"must be between 0 and {available}, the size of the tree now")
    return size


def inclusion_answer(session: Session, community: Community, seq: int, size: int) -> dict:
    """The inclusion proof of transaction ``seq`` in the tree of ``size`` leaves, as answered."""
    digest, leaf, path, root = tree.inclusion(session, community.id, seq, size)
    return {"seq": seq, "hash": digest, "leaf_hash": leaf.hex(),
            "size": size, "root": root.hex(), "path": [digest.hex() for digest in path]}
