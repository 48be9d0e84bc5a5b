"""``ledger verify`` throughput: transactions verified per second.

Ours: ``ledger.journal.chain.verify`` over a community's whole journal (stream the
transactions and postings in seq order, rebuild each canonical JSON, chain the SHA-256).

Baseline: hashlib alone chaining the same canonical bytes (``sha256(previous || bytes)``),
taken from the journal beforehand, so the ratio is the share of the work that is hashing.
A second row shows the chain recomputed in memory from already-read records
(``ledger.core.chain.find_break``), which separates canonical JSON from database reading.
"""
from __future__ import annotations

import hashlib
import time

from sqlalchemy import select

from benchmarks import ledgers, support
from ledger.core.chain import GENESIS, canonical_json, find_break

SCALES = ("tiny", "small", "full")
CHUNK = 50_000


def measure(database: support.Database, count: int) -> list[dict]:
    from ledger import db
    from ledger.communities.models import Community
    from ledger.journal.chain import stream_transactions, verify
    journal = ledgers.build(database, "verify", count, close=False)
    app = database.app()
    label = database.backend
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        community = session.execute(select(Community).where(Community.code == journal.code)).scalar_one()
        support.progress(f"verify [{label}]: ledger verify over {count:,} transactions")
        ours, broken = support.timed(verify, session, community)
        if broken is not None:
            raise AssertionError(f"the built chain breaks at seq {broken.seq}: {broken.reason}")
        support.progress(f"verify [{label}]: hashlib over the same canonical bytes")
        hashing, in_memory = 0.0, 0.0
        previous, check_previous, seq = GENESIS.encode(), GENESIS, 1
        batch = []
        for tx in stream_transactions(session, community):
            batch.append((tx.record(community.code), tx.hash))
            if len(batch) == CHUNK:
                spent, previous = _hash_chunk(previous, batch)
                hashing += spent
                spent, (check_previous, seq) = _recompute_chunk(batch, check_previous, seq)
                in_memory += spent
                batch = []
        if batch:
            spent, previous = _hash_chunk(previous, batch)
            hashing += spent
            spent, _ = _recompute_chunk(batch, check_previous, seq)
            in_memory += spent
        if previous.decode() != community_head(session, community):
            raise AssertionError("hashlib over the canonical bytes did not reach the stored head")
    db.engine(app).dispose()
    return [
        support.row(f"verify [{label}] transactions/s", count / ours, count / hashing, "tx/s",
                    note=f"n={count:,}; baseline: hashlib sha256 chaining the same canonical bytes"),
        support.row(f"verify [{label}] in memory (canonical JSON + hash) tx/s", count / in_memory, count / hashing,
                    "tx/s", note="records already read; what is left is building the canonical JSON"),
    ]


def community_head(session, community) -> str:
    from ledger.journal.chain import head
    return head(session, community).hash


def _hash_chunk(previous: bytes, batch: list) -> tuple[float, bytes]:
    """Seconds to chain sha256 over the canonical bytes of the batch (prepared untimed)."""
    bodies = [canonical_json(record) for record, _ in batch]
    sha256 = hashlib.sha256
    start = time.perf_counter()
    for body in bodies:
        previous = sha256(previous + body).hexdigest().encode()
    return time.perf_counter() - start, previous


def _recompute_chunk(batch: list, previous: str, seq: int) -> tuple[float, tuple[str, int]]:
    start = time.perf_counter()
    broken = find_break(batch, start_seq=seq, previous=previous)
    spent = time.perf_counter() - start
    if broken is not None:
        raise AssertionError(f"in-memory recompute breaks at seq {broken.seq}")
    return spent, (batch[-1][1], seq + len(batch))


def run(scale: str) -> list[dict]:
    count = support.sized(scale, tiny=300, small=50_000, full=1_000_000)
    chosen, skipped = support.backends("verify")
    rows = []
    for backend in chosen:
        with support.database(backend, "verify") as database:
            rows += measure(database, count)
    return rows + skipped


if __name__ == "__main__":
    support.main(run)
