"""Large, valid journals built quickly, for the balance and verification benchmarks.

A community of four operators receives ``per_month`` transactions a month (Dr the
operator's channel account, Cr the public-benefit fund 10 %, Cr the operator's revenue the
rest), for as many months as ``transactions`` needs, ending in ``last_month``. Rows are
hashed onto the community's chain with ``ledger.core.chain`` and written with the bare
driver in large batches; then every month but the last is closed through
``ledger.closing.close_month``, which stores the balance snapshots.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from benchmarks import bulk, support
from ledger.core.periods import month_end, next_month

WRITE_BATCH = 20_000  # transactions per database transaction while loading


@dataclass(frozen=True)
class Journal:
    code: str
    transactions: int
    first_month: date
    last_month: date  # open; every month before it is closed
    recent_day: date  # a day late in the last month


def months_before(month: date, count: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 - count, 12)
    return date(year, index + 1, 1)


def build(database: support.Database, code: str, transactions: int, *, per_month: int = 5000,
          last_month: date = date(2026, 10, 1), close: bool = True, seed: int = 1) -> Journal:
    from ledger import db
    from ledger.communities.models import Community
    from ledger.journal.models import Account, ChainHead
    app = database.app()
    with app.app_context(), db.unit_of_work(app) as session:
        community = support.seed_community(session, code, operators=len(support.OPERATORS))
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        accounts = dict(session.execute(select(Account.code, Account.id).where(
            Account.community_id == community.id)).all())
        head = session.get(ChainHead, community.id)
    months = -(-transactions // per_month)
    first = months_before(last_month, months - 1)
    chain = bulk.Chain(community.id, code, head.seq, head.hash)
    support.progress(f"building {transactions:,} transactions for {code} ({database.backend}, {months} months)")
    _load(database, chain, accounts, transactions, per_month, first, seed)
    if close:
        month = first
        while month < last_month:
            with app.app_context(), db.unit_of_work(app) as session:
                from ledger.closing import close_month
                community = session.execute(select(Community).where(Community.code == code)).scalar_one()
                close_month(session, community, month, closed_by="system", today=month_end(last_month) + timedelta(1))
            month = next_month(month)
    db.engine(app).dispose()
    if database.backend == "postgresql":
        _analyze(database)  # what autovacuum does after a large load
    return Journal(code, transactions, first, last_month, min(month_end(last_month), last_month.replace(day=20)))


def _rows(chain: bulk.Chain, accounts: dict[str, int], backend: str, indexes: range, first_id: int,
          per_month: int, first: date, rng: random.Random) -> tuple[list[tuple], list[tuple]]:
    transactions, postings = [], []
    operators = support.OPERATORS
    for i in indexes:
        month = months_before(first, -(i // per_month))
        days = (month_end(month) - month).days + 1
        day = month + timedelta(days=(i % per_month) * days // per_month)
        operator, name, _, channel = operators[i % len(operators)]
        amount = rng.choice((rng.randint(1, 999), rng.randint(1000, 500_000)))
        share = (amount + 5) // 10  # 10 %, half up
        lines = ((f"102.{channel}" if channel in ("wechat", "alipay") else "101" if channel == "cash" else "102.basic",
                  amount), ("311.public_benefit", -share), (f"501.{operator}", share - amount))
        created_at = datetime.combine(day, time(2), tzinfo=timezone.utc) + timedelta(microseconds=i)
        tx, lines_rows = chain.append(backend, first_id + i, day, f"{name} 营业款", "transfer", created_at,
                                      "officer", lines, accounts)
        transactions.append(tx)
        postings += lines_rows
    return transactions, postings


def _load(database: support.Database, chain: bulk.Chain, accounts: dict[str, int], count: int, per_month: int,
          first: date, seed: int) -> None:
    rng = random.Random(seed)
    connection = database.connect()
    try:
        first_id = bulk.next_ids(connection, database.backend, "journal_transaction", count)
        for start in range(0, count, WRITE_BATCH):
            transactions, postings = _rows(chain, accounts, database.backend,
                                           range(start, min(count, start + WRITE_BATCH)), first_id, per_month,
                                           first, rng)
            with bulk.transaction(connection, database.backend):
                bulk.insert(connection, database.backend, "journal_transaction", bulk.TRANSACTION_COLUMNS,
                            transactions)
                bulk.insert(connection, database.backend, "posting", bulk.POSTING_COLUMNS, postings)
                chain.save_head(connection, database.backend)
    finally:
        connection.close()


def _analyze(database: support.Database) -> None:
    connection = database.connect()
    try:
        for table in ("journal_transaction", "posting", "balance_snapshot", "closed_period"):
            connection.execute(f"VACUUM ANALYZE {table}")
    finally:
        connection.close()
