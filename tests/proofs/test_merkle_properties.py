"""Inclusion and consistency over random sizes: the ledger's tree functions and the
standalone verifier against the independent RFC 6962 check, tampering included."""
import hashlib

from hypothesis import given, strategies as st

from ledger.core import merkle
from ledger.proofs import verify
from tests.proofs import rfc6962


def transactions(count: int) -> list[bytes]:
    return [hashlib.sha256(b"tx %d" % n).digest() for n in range(count)]


def stored_nodes(hashes: list[bytes], restart_at: int = 0) -> dict:
    """Every node an Appender finishes (leaves too), the appender restarted from its frontier at ``restart_at``."""
    nodes, appender = {}, merkle.Appender()
    for index, digest in enumerate(hashes):
        if index == restart_at:
            frontier = [nodes[node] for node in merkle.subtrees(0, index)]
            appender = merkle.Appender(index, frontier)
        nodes[(0, index)] = merkle.leaf_hash(digest.hex())
        nodes.update({(level, position): h for level, position, h in appender.append(nodes[(0, index)])})
    return nodes


sizes = st.integers(1, 300).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1), st.integers(0, n)))


@given(sizes)
def test_inclusion_proofs_check_and_tampering_fails(case):
    size, index, restart = case
    hashes = transactions(size)
    nodes = stored_nodes(hashes, restart)
    path = [merkle.range_hash(s, e, nodes) for s, e in merkle.inclusion_ranges(index, size)]
    root, leaf = merkle.range_hash(0, size, nodes), nodes[(0, index)]
    assert root == rfc6962.mth(hashes)
    assert rfc6962.included(index, size, leaf, path, root)
    assert verify.included(index, size, leaf, path, root)
    if path:
        wrong = path[:-1] + [hashlib.sha256(path[-1]).digest()]
        assert not rfc6962.included(index, size, leaf, wrong, root)
        assert not verify.included(index, size, leaf, wrong, root)
        assert not verify.included(index, size, leaf, path[:-1], root)
    tampered = hashlib.sha256(leaf).digest()
    assert not verify.included(index, size, tampered, path, root)
    assert not rfc6962.included(index, size, tampered, path, root)


@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))))
def test_consistency_proofs_check_and_tampering_fails(case):
    old, new = case
    hashes = transactions(new)
    nodes = stored_nodes(hashes)
    path = [merkle.range_hash(s, e, nodes) for s, e in merkle.consistency_ranges(old, new)]
    old_root, new_root = rfc6962.mth(hashes[:old]), rfc6962.mth(hashes)
    assert rfc6962.consistent(old, new, old_root, new_root, path)
    assert verify.consistent(old, new, old_root, new_root, path)
    forked = rfc6962.mth(hashes[:old - 1] + [b"\x00" * 32])  # an old tree with its last leaf rewritten
    assert not verify.consistent(old, new, forked, new_root, path)
    assert not rfc6962.consistent(old, new, forked, new_root, path)
    if path:
        wrong = [hashlib.sha256(path[0]).digest()] + path[1:]
        assert not verify.consistent(old, new, old_root, new_root, wrong)
        assert not rfc6962.consistent(old, new, old_root, new_root, wrong)


@given(st.integers(0, 300), st.sets(st.integers(0, 300), max_size=5))
def test_the_verifiers_one_pass_roots_are_rfc_6962s(count, wanted):
    hashes = transactions(count)
    found = verify.roots([h.hex() for h in hashes], wanted)
    assert found == {size: rfc6962.mth(hashes[:size]) for size in wanted if size <= count}
