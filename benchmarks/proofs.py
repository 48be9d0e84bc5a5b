"""Merkle proofs: a long journal against a short one.

Two communities' journals differ only in length: 10,000 transactions against 1,000,000 at
full scale. The tree reads nothing but each transaction's seq and hash, so the journals are
rows with made-up hashes written by the bare driver (no postings). Each tree is first
extended to its head (timed: leaves stored per second, against hashlib alone hashing the
same tree in memory); then each call is timed on the short and the long journal in turn:
an inclusion proof and a consistency proof through ``ledger.proofs.tree``, and
``GET .../transactions/{seq}/proof`` through the API. Ours is the long journal, the
baseline the short one; the aim is a ratio <= 1.5, because a proof reads O(log n) stored
subtree hashes instead of rebuilding the tree.
"""
from __future__ import annotations

import hashlib
import itertools
import random
import time
from datetime import date, datetime, timezone

from sqlalchemy import select

from benchmarks import bulk, support

SCALES = ("tiny", "small", "full")
REPEAT = 200
WRITE_BATCH = 50_000


def load(database: support.Database, code: str, count: int) -> list[str]:
    """A community whose journal holds ``count`` transactions with made-up hashes; their hashes."""
    from ledger import db
    app = database.app()
    with app.app_context(), db.unit_of_work(app) as session:
        community = support.seed_community(session, code, operators=0)
    hashes = [hashlib.sha256(f"{code} {n}".encode()).hexdigest() for n in range(count)]
    backend, connection = database.backend, database.connect()
    try:
        first_id = bulk.next_ids(connection, backend, "journal_transaction", count)
        day, stamp = bulk.day(backend, date(2026, 1, 1)), bulk.stamp(backend, datetime(2026, 1, 1, tzinfo=timezone.utc))
        for start in range(0, count, WRITE_BATCH):
            rows = [(first_id + n, community.id, n + 1, day, "x", "transfer", None, stamp, "system", hashes[n])
                    for n in range(start, min(count, start + WRITE_BATCH))]
            with bulk.transaction(connection, backend):
                bulk.insert(connection, backend, "journal_transaction", bulk.TRANSACTION_COLUMNS, rows)
        placeholder = "?" if backend == "sqlite" else "%s"
        with bulk.transaction(connection, backend):
            connection.execute(f"UPDATE chain_head SET seq = {placeholder}, hash = {placeholder} "
                               f"WHERE community_id = {placeholder}", (count, hashes[-1], community.id))
        if backend == "postgresql":
            connection.execute("VACUUM ANALYZE journal_transaction")
    finally:
        connection.close()
    db.engine(app).dispose()
    return hashes


def in_memory_tree(hashes: list[str]) -> bytes:
    """The baseline: every node of the tree hashed with hashlib, level by level."""
    sha256 = hashlib.sha256
    level = [sha256(b"\x00" + bytes.fromhex(h)).digest() for h in hashes]
    while len(level) > 1:
        paired = [sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        level = paired + level[len(paired) * 2:]  # an odd node waits for the next level (RFC 6962's right edge)
    return level[0]


def extend(database: support.Database, code: str, hashes: list[str]) -> dict:
    """Extend the community's stored tree to its head; leaves/s ours and baseline's."""
    from ledger import db
    from ledger.communities.models import Community
    from ledger.proofs.services import catch_up
    app = database.app()
    with app.app_context():
        with db.unit_of_work(app, write=False) as session:
            community_id = session.execute(select(Community.id).where(Community.code == code)).scalar_one()
        ours, _ = support.timed(catch_up, community_id, len(hashes))
    db.engine(app).dispose()
    baseline, _ = support.timed(in_memory_tree, hashes)
    return {"ours": len(hashes) / ours, "baseline": len(hashes) / baseline}


def calls(app, session, code: str, size: int, seed: int) -> dict:
    """The calls to time on one journal, each at a new random seq or size."""
    from ledger.communities.models import Community
    from ledger.proofs import tree
    rng = random.Random(seed)
    seqs = itertools.cycle([rng.randint(1, size) for _ in range(64)])
    community_id = session.execute(select(Community.id).where(Community.code == code)).scalar_one()
    client = app.test_client()

    def over_the_api():
        answer = client.get(f"/api/v1/communities/{code}/transactions/{next(seqs)}/proof")
        if answer.status_code != 200:
            raise AssertionError(answer.get_data(as_text=True))

    return {"inclusion proof": lambda: tree.inclusion(session, community_id, next(seqs), size),
            "consistency proof": lambda: tree.consistency(session, community_id, next(seqs), size),
            "GET .../proof (API)": over_the_api}


def measure(database: support.Database, short: int, long: int) -> list[dict]:
    from ledger import db
    label = database.backend
    journals = {size: load(database, f"m{size}", size) for size in (short, long)}
    support.progress(f"proofs [{label}]: extending the trees")
    rates = extend(database, f"m{long}", journals[long])
    extend(database, f"m{short}", journals[short])
    support.progress(f"proofs [{label}]: timing on {short:,} and {long:,} transactions in turn")
    app = database.app()
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        timed = [calls(app, session, f"m{size}", size, seed=size) for size in (short, long)]
        figures = {name: support.medians_in_turn((timed[0][name], timed[1][name]), repeat=REPEAT, warmup=5)
                   for name in timed[0]}
    db.engine(app).dispose()
    rows = [support.row(f"{name} [{label}] at {long:,} vs {short:,} tx", on_long * 1000, on_short * 1000, "ms",
                        note=f"aim ratio <= 1.5; random seqs; median of {REPEAT}, the two journals in turn")
            for name, (on_short, on_long) in figures.items()]
    rows.append(support.row(f"tree extension [{label}] leaves/s", rates["ours"], rates["baseline"], "leaves/s",
                            note=f"n={long:,}; baseline: hashlib hashing the same tree in memory"))
    return rows


def run(scale: str) -> list[dict]:
    short = support.sized(scale, tiny=300, small=10_000, full=10_000)
    long = support.sized(scale, tiny=3000, small=100_000, full=1_000_000)
    chosen, skipped = support.backends("proofs")
    rows = []
    for backend in chosen:
        with support.database(backend, "proofs") as database:
            started = time.perf_counter()
            rows += measure(database, short, long)
            support.progress(f"proofs [{backend}]: {time.perf_counter() - started:.0f} s")
    return rows + skipped


if __name__ == "__main__":
    support.main(run)
