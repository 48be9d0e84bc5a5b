"""The per-community hash chain of journal transactions.

``hash_n = sha256(hash_{n-1} || canonical_json(tx_n))`` where ``hash_{n-1}`` is the
previous hash as 64 lowercase hex characters (ASCII) and the genesis hash is 64 zeros.

The canonical JSON is a UTF-8 object with sorted keys and no spaces::

    {"community": "fenghe", "created_at": "2026-01-05T02:03:04.000005Z",
     "created_by": "alice", "description": "...", "occurred_on": "2026-01-05",
     "postings": [["102.01", "123.45"], ["311.public_benefit", "-12.35"], ...],
     "reverses": null, "seq": 1, "source": "income"}

Postings are pairs of account code and signed amount (debit > 0) as a decimal string,
sorted by (account code, amount in fen), so the order rows are stored or shown in
does not matter. Everything here is plain data: a workbook row set is enough input.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Iterable, Iterator

from ledger.core.money import format_fen

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class ChainRecord:
    seq: int
    community: str
    occurred_on: date
    description: str
    source: str
    reverses: int | None
    created_at: datetime  # UTC
    created_by: str
    postings: tuple[tuple[str, int], ...]  # (account code, signed fen)


def format_timestamp(moment: datetime) -> str:
    """UTC timestamp as hashed: microseconds always present, 'Z' suffix."""
    if moment.utcoffset():
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def canonical_json(record: ChainRecord) -> bytes:
    postings = sorted(record.postings, key=lambda p: (p[0], p[1]))
    body = {
        "community": record.community,
        "created_at": format_timestamp(record.created_at),
        "created_by": record.created_by,
        "description": record.description,
        "occurred_on": record.occurred_on.isoformat(),
        "postings": [[code, format_fen(amount)] for code, amount in postings],
        "reverses": record.reverses,
        "seq": record.seq,
        "source": record.source,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def chain_hash(previous: str, record: ChainRecord) -> str:
    return hashlib.sha256(previous.encode("ascii") + canonical_json(record)).hexdigest()


@dataclass(frozen=True, slots=True)
class Break:
    seq: int
    reason: str


def find_break(
    records: Iterable[tuple[ChainRecord, str]], start_seq: int = 1, previous: str = GENESIS
) -> Break | None:
    """Recompute the chain over (record, stored hash) pairs in seq order.

    Returns the first link that does not verify (a gap in seq, or a hash that differs),
    or None when the whole chain verifies.
    """
    expected_seq = start_seq
    for record, stored in records:
        if record.seq != expected_seq:
            return Break(expected_seq, f"seq {expected_seq} is missing (found {record.seq})")
        previous = chain_hash(previous, record)
        if previous != stored:
            return Break(record.seq, f"hash of seq {record.seq} does not match")
        expected_seq += 1
    return None


def hashes(records: Iterable[ChainRecord], previous: str = GENESIS) -> Iterator[str]:
    """The chain hashes of consecutive records."""
    for record in records:
        previous = chain_hash(previous, record)
        yield previous
