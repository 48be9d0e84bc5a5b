"""An independent RFC 6962 check, written from the RFC's recursive definitions (section
2.1) and nothing else: the tests judge the ledger's proofs and the verifier with it."""
import hashlib


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves: list[bytes]) -> bytes:
    """MTH(D[n]) over the transactions' 32-byte hashes."""
    if not leaves:
        return sha(b"")
    if len(leaves) == 1:
        return sha(b"\x00" + leaves[0])
    k = split(len(leaves))
    return sha(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))


def root_from_path(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes:
    """The root that PATH(index, D[size]) and the leaf hash imply (ValueError if the path has the wrong length)."""
    if size == 1:
        if path:
            raise ValueError("path too long")
        return leaf
    if not path:
        raise ValueError("path too short")
    k, sibling = split(size), path[-1]
    if index < k:
        return sha(b"\x01" + root_from_path(index, k, leaf, path[:-1]) + sibling)
    return sha(b"\x01" + sibling + root_from_path(index - k, size - k, leaf, path[:-1]))


def roots_from_consistency(m: int, n: int, old_root: bytes, path: list[bytes], whole: bool = True):
    """(old root, new root) that SUBPROOF(m, D[n], whole) implies."""
    if m == n:
        if whole:
            if path:
                raise ValueError("path too long")
            return old_root, old_root
        if len(path) != 1:
            raise ValueError("path of the wrong length")
        return path[0], path[0]
    if not path:
        raise ValueError("path too short")
    k, last = split(n), path[-1]
    if m <= k:
        old, new = roots_from_consistency(m, k, old_root, path[:-1], whole)
        return old, sha(b"\x01" + new + last)
    old, new = roots_from_consistency(m - k, n - k, old_root, path[:-1], False)
    return sha(b"\x01" + last + old), sha(b"\x01" + last + new)


def included(index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> bool:
    try:
        return root_from_path(index, size, leaf, path) == root
    except ValueError:
        return False


def consistent(m: int, n: int, old_root: bytes, new_root: bytes, path: list[bytes]) -> bool:
    try:
        return roots_from_consistency(m, n, old_root, path) == (old_root, new_root)
    except ValueError:
        return False
