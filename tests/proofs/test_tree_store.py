"""The stored tree: extended in steps of any size, it answers like a tree built at once."""
import hashlib
import itertools
from datetime import date, datetime, timezone

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, insert, select

from ledger.communities.services import create_community
from ledger.journal.models import JournalTransaction
from ledger.proofs import tree
from ledger.proofs.models import MerkleNode
from tests.proofs import rfc6962

_codes = itertools.count()


def synthetic_journal(session, count: int):
    """A community whose journal holds ``count`` transactions with made-up hashes (the tree
    reads only seq and hash)."""
    community = create_community(session, f"t{next(_codes)}", "树", created_by="system")
    hashes = [hashlib.sha256(b"%d %d" % (community.id, n)).digest() for n in range(count)]
    if hashes:
        session.execute(insert(JournalTransaction), [
            {"community_id": community.id, "seq": n + 1, "occurred_on": date(2026, 1, 1), "description": "x",
             "source": "transfer", "created_at": datetime(2026, 1, 1, tzinfo=timezone.utc), "created_by": "system",
             "hash": digest.hex()} for n, digest in enumerate(hashes)])
    return community, hashes


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(1, 70), min_size=1, max_size=5), st.data())
def test_a_tree_extended_in_steps_answers_like_one_built_at_once(session, steps, data):
    community, hashes = synthetic_journal(session, sum(steps))
    stored = 0
    for step in steps:
        stored = tree.extend(session, community.id, stored + step)
        size = data.draw(st.integers(0, stored), label="size")
        assert tree.root(session, community.id, size) == rfc6962.mth(hashes[:size])
        if size:
            seq = data.draw(st.integers(1, size), label="seq")
            digest, leaf, path, root = tree.inclusion(session, community.id, seq, size)
            assert digest == hashes[seq - 1].hex() and root == rfc6962.mth(hashes[:size])
            assert rfc6962.included(seq - 1, size, leaf, path, root)
            old = data.draw(st.integers(1, size), label="old")
            assert rfc6962.consistent(old, size, rfc6962.mth(hashes[:old]), root,
                                      tree.consistency(session, community.id, old, size))
    session.rollback()


def test_extending_is_idempotent_and_stores_each_subtree_once(session):
    community, hashes = synthetic_journal(session, 37)
    assert tree.extend(session, community.id, 20) == 20
    assert tree.extend(session, community.id, 10) == 20  # never shrinks
    assert tree.extend(session, community.id, 37) == 37
    count = session.execute(select(func.count()).select_from(MerkleNode)
                            .where(MerkleNode.community_id == community.id)).scalar_one()
    assert count == 37 - bin(37).count("1")  # complete subtrees of two or more leaves
    assert tree.root(session, community.id, 37) == rfc6962.mth(hashes)


def test_a_tree_cannot_pass_the_journal(session):
    community, _ = synthetic_journal(session, 5)
    try:
        tree.extend(session, community.id, 6)
    except tree.TreeNotStored:
        return
    raise AssertionError("the tree grew past the journal")
