"""A community's Merkle tree in the database: stored subtree hashes, extended lazily.

The journal's write path does not touch the tree. Whoever needs it (a tree, a proof, a
month close) first extends it up to the chain head under the ``merkle_tree`` row's lock:
the new transactions' hashes are read in seq order and every complete subtree they finish
is stored. A root or a proof then reads O(log n) stored nodes in two queries, whatever
the length of the journal.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from sqlalchemy import TextClause, bindparam, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from ledger.core import merkle
from ledger.core.merkle import Node
from ledger.journal.models import JournalTransaction
from ledger.proofs.models import MerkleNode, MerkleTree

BATCH = 10_000  # leaves read and nodes written per statement while extending
_INSERT_NODES = insert(MerkleNode.__table__)


class TreeNotStored(RuntimeError):
    """A node the tree should hold is missing: the tree was not extended far enough."""


def stored_size(session: Session, community_id: int) -> int:
    size = session.execute(select(MerkleTree.size).where(MerkleTree.community_id == community_id)).scalar()
    return size or 0


def _locked_size(session: Session, community_id: int) -> int:
    """The stored size, with the community's tree row locked (made on first use)."""
    dialect = session.get_bind().dialect.name
    make = postgresql_insert if dialect == "postgresql" else sqlite_insert
    session.execute(make(MerkleTree.__table__).values(community_id=community_id, size=0)
                    .on_conflict_do_nothing(index_elements=["community_id"]))
    return session.execute(select(MerkleTree.size).where(MerkleTree.community_id == community_id)
                           .with_for_update()).scalar_one()


def extend(session: Session, community_id: int, through: int) -> int:
    """Store the tree's subtrees up to ``through`` leaves (transactions 1..through must
    exist). Returns the stored size, which may already have been larger."""
    size = _locked_size(session, community_id)
    if size >= through:
        return size
    frontier = fetch(session, community_id, merkle.subtrees(0, size))
    appender = merkle.Appender(size, [frontier[node] for node in merkle.subtrees(0, size)])
    while appender.size < through:
        last = min(appender.size + BATCH, through)
        finished = [found for digest in _transaction_hashes(session, community_id, appender.size, last)
                    for found in appender.append(merkle.leaf_hash(digest))]
        if finished:
            session.execute(_INSERT_NODES, [{"community_id": community_id, "level": level, "position": position,
                                             "hash": digest.hex()} for level, position, digest in finished])
    session.execute(update(MerkleTree).where(MerkleTree.community_id == community_id).values(size=through))
    session.flush()
    return through


def _transaction_hashes(session: Session, community_id: int, after: int, through: int) -> list[str]:
    rows = session.execute(select(JournalTransaction.seq, JournalTransaction.hash).where(
        JournalTransaction.community_id == community_id, JournalTransaction.seq > after,
        JournalTransaction.seq <= through).order_by(JournalTransaction.seq)).all()
    if [seq for seq, _ in rows] != list(range(after + 1, through + 1)):
        raise TreeNotStored(f"transactions {after + 1}..{through} are not all in the journal")
    return [digest for _, digest in rows]


def fetch(session: Session, community_id: int, nodes: Iterable[Node],
          transactions: dict[int, str] | None = None) -> dict[Node, bytes]:
    """The hashes of ``nodes``: leaves from their transactions (whose hashes go into
    ``transactions``, by seq, when it is given), larger subtrees from the store."""
    nodes = set(nodes)
    leaves = {position + 1: (level, position) for level, position in nodes if level == 0}
    inner = sorted(node for node in nodes if node[0] > 0)
    found: dict[Node, bytes] = {}
    if leaves:
        for seq, digest in session.execute(_LEAVES, {"community": community_id, "seqs": list(leaves)}):
            found[leaves[seq]] = merkle.leaf_hash(digest)
            if transactions is not None:
                transactions[seq] = digest
    if inner:
        values = {f"{name}{i}": value for i, node in enumerate(inner) for name, value in zip("lp", node)}
        for level, position, digest in session.execute(_inner_nodes(len(inner)), {"community": community_id, **values}):
            found[(level, position)] = bytes.fromhex(digest)
    missing = nodes - found.keys()
    if missing:
        raise TreeNotStored(f"the tree of community {community_id} lacks nodes {sorted(missing)[:3]}")
    return found


_LEAVES = select(JournalTransaction.seq, JournalTransaction.hash).where(
    JournalTransaction.community_id == bindparam("community"),
    JournalTransaction.seq.in_(bindparam("seqs", expanding=True)))


@lru_cache(maxsize=128)
def _inner_nodes(count: int) -> TextClause:
    """One primary-key lookup per node, joined by UNION ALL: an OR of the same lookups makes
    SQLite (without statistics) scan the community's whole tree."""
    one = ("SELECT level, position, hash FROM merkle_node "
           "WHERE community_id = :community AND level = :l{0} AND position = :p{0}")
    return text(" UNION ALL ".join(one.format(i) for i in range(count)))


def root(session: Session, community_id: int, size: int) -> bytes:
    return merkle.range_hash(0, size, fetch(session, community_id, merkle.subtrees(0, size)))


def inclusion(session: Session, community_id: int, seq: int, size: int) -> tuple[str, bytes, list[bytes], bytes]:
    """(transaction hash, leaf hash, audit path, root) of transaction ``seq`` in the tree of ``size`` leaves."""
    ranges, transactions = merkle.inclusion_ranges(seq - 1, size), {}
    hashes = fetch(session, community_id, merkle.nodes_for(ranges + [(0, size), (seq - 1, seq)]), transactions)
    path = [merkle.range_hash(start, end, hashes) for start, end in ranges]
    return transactions[seq], hashes[(0, seq - 1)], path, merkle.range_hash(0, size, hashes)


def consistency(session: Session, community_id: int, old: int, new: int) -> list[bytes]:
    """The proof that the tree of ``old`` leaves is a prefix of the tree of ``new`` leaves."""
    ranges = merkle.consistency_ranges(old, new)
    hashes = fetch(session, community_id, merkle.nodes_for(ranges))
    return [merkle.range_hash(start, end, hashes) for start, end in ranges]
