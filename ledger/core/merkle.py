"""RFC 6962 Merkle trees over a community's transaction hashes. Plain functions, no I/O.

Leaves are numbered from 0: the transaction with seq n is leaf n-1. A leaf's hash is
SHA-256(0x00 || the transaction's 32-byte hash), an inner node's SHA-256(0x01 || left ||
right), and the tree of n leaves splits at k, the largest power of two below n (RFC 6962,
section 2.1; CHAIN.md restates it).

Every range of leaves that a root, an inclusion proof or a consistency proof hashes is a
run of *complete aligned subtrees*: the 2**level leaves from ``position * 2**level``. A
node is named ``(level, position)``; the functions here say which nodes a result needs
and build the result from their hashes, so a store only has to hand over O(log n) of them.
"""
from __future__ import annotations

import hashlib
import json
from typing import Mapping

Node = tuple[int, int]  # (level, position): leaves [position * 2**level, (position + 1) * 2**level)
EMPTY_ROOT = hashlib.sha256(b"").digest()  # the root of the tree with no leaves


def leaf_hash(transaction_hash: str) -> bytes:
    return hashlib.sha256(b"\x00" + bytes.fromhex(transaction_hash)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(size: int) -> int:
    """The largest power of two smaller than ``size`` (size >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def subtrees(start: int, end: int) -> list[Node]:
    """The complete aligned subtrees that make up the leaves [start, end), left to right,
    largest first. Every range RFC 6962 hashes starts on a multiple of a power of two at
    least as large as the range, so its pieces are aligned."""
    nodes = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start % (1 << level):
            raise ValueError(f"leaves [{start}, {end}) are not a run of aligned subtrees")
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def range_hash(start: int, end: int, hashes: Mapping[Node, bytes]) -> bytes:
    """MTH of the leaves [start, end) from its subtrees' hashes: the left piece is always
    the largest power of two, so the hash folds the pieces from the right."""
    if start == end:
        return EMPTY_ROOT
    pieces = [hashes[node] for node in subtrees(start, end)]
    folded = pieces[-1]
    for piece in reversed(pieces[:-1]):
        folded = node_hash(piece, folded)
    return folded


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes form the audit path of leaf ``index`` in a tree of
    ``size`` leaves, in RFC 6962 order (the sibling next to the leaf first)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size} leaves")
    ranges, low, high = [], 0, size
    while high - low > 1:
        k = _split(high - low)
        if index < low + k:
            ranges.append((low + k, high))
            high = low + k
        else:
            ranges.append((low, low + k))
            low += k
    return ranges[::-1]


def consistency_ranges(old: int, new: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes prove that the tree of ``old`` leaves is a prefix of the
    tree of ``new`` leaves (RFC 6962, section 2.1.2, SUBPROOF), in RFC order."""
    if not 0 < old <= new:
        raise ValueError(f"no consistency proof from {old} to {new} leaves")
    ranges, low, high, whole = [], 0, new, True
    while old != high - low:
        k = _split(high - low)
        if old <= k:
            ranges.append((low + k, high))
            high = low + k
        else:
            ranges.append((low, low + k))
            low, old, whole = low + k, old - k, False
    if not whole:
        ranges.append((low, high))
    return ranges[::-1]


def nodes_for(ranges: list[tuple[int, int]]) -> set[Node]:
    """Every node the hashes of ``ranges`` are built from."""
    return {node for start, end in ranges for node in subtrees(start, end)}


class Appender:
    """Grows a tree leaf by leaf, keeping only its frontier (the subtrees of ``subtrees(0,
    size)``); each append returns the complete subtrees of two or more leaves it finished,
    which a store keeps. Start it from a stored tree with that tree's frontier hashes."""

    def __init__(self, size: int = 0, frontier: list[bytes] = ()):
        nodes = subtrees(0, size)
        if len(nodes) != len(frontier):
            raise ValueError(f"a tree of {size} leaves has {len(nodes)} frontier nodes, not {len(frontier)}")
        self.size = size
        self._stack = [(level, position, digest) for (level, position), digest in zip(nodes, frontier)]

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        finished = []
        self._stack.append((0, self.size, leaf))
        self.size += 1
        while len(self._stack) > 1 and self._stack[-1][0] == self._stack[-2][0]:
            level, position, right = self._stack.pop()
            _, _, left = self._stack.pop()
            merged = (level + 1, position >> 1, node_hash(left, right))
            self._stack.append(merged)
            finished.append(merged)
        return finished

    def root(self) -> bytes:
        return range_hash(0, self.size, {(level, position): h for level, position, h in self._stack})


def head_message(community: str, month: str, size: int, root: str, chain_head: str) -> bytes:
    """The bytes a month's signed head signs (CHAIN.md, "Signed monthly heads"): compact
    JSON with sorted keys, UTF-8, exactly these five keys."""
    body = {"chain_head": chain_head, "community": community, "month": month, "root": root, "size": size}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
