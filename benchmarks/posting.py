"""Incomes posted per second through the service layer, against the bare driver.

Ours: ``ledger.incomes.services.record_income`` inside ``db.unit_of_work``, in batches of
``BATCH`` incomes per database transaction and one income per transaction: finding the
operator and the agreement in force, locking the split accumulator, the split engine,
locking the chain head, hashing, and writing the transaction, its postings, the income
and its split lines.

Baseline: the same rows (transaction, postings, income, split lines, and the updated chain
head and accumulator) for the same incomes in a second community of the same database,
prepared in memory beforehand (split and hashes included) and written with the bare
driver in the same transaction sizes: sqlite3 ``executemany``, psycopg ``COPY`` for batches
(``executemany`` for single incomes). The baseline's chain and shares are then checked to
equal what the service wrote, so both sides did the same work.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from benchmarks import bulk, support
from ledger.timeutil import utcnow

SCALES = ("tiny", "small", "full")
BATCH = 100
ROUNDS = 3  # baseline and ours alternate; the best round of each counts (other load on the machine)
PERCENT = "10"
INCOME_COLUMNS = ("id", "community_id", "operator_id", "occurred_on", "amount", "channel", "category", "reference",
                  "payer", "note", "agreement_id", "period_key", "transaction_id", "import_batch_id", "created_at",
                  "created_by")
SPLIT_COLUMNS = ("community_id", "transaction_id", "income_id", "declaration_id", "agreement_id", "period_key",
                 "position", "account_id", "amount")


def incomes(count: int, seed: int) -> list[dict]:
    """Income bodies as the API schema loads them: 0.01 to 2,000.00 over two months."""
    rng = random.Random(seed)
    return [{"operator": "cafe", "occurred_on": date(2026, 3, 1) + timedelta(days=rng.randrange(61)),
             "amount": rng.choice((rng.randint(1, 999), rng.randint(1000, 200_000))), "channel": "wechat",
             "category": None, "reference": None, "payer": None, "note": None} for _ in range(count)]


def chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# --- ours ----------------------------------------------------------------------------------

def through_services(app, code: str, bodies: list[dict], batch: int) -> float:
    """Seconds to record the incomes, ``batch`` per unit of work."""
    from ledger import db
    from ledger.communities.models import Community
    from ledger.incomes.services import record_income

    def work():
        for chunk in chunks(bodies, batch):
            with db.unit_of_work(app) as session:
                community = session.execute(select(Community).where(Community.code == code)).scalar_one()
                for body in chunk:
                    record_income(session, community, dict(body), created_by="bench")

    with app.app_context():
        seconds, _ = support.timed(work)
    return seconds


# --- baseline --------------------------------------------------------------------------------

class BareWriter:
    """Prepares the rows the service would write for a community, then writes them bare."""

    def __init__(self, app, backend: str, code: str):
        from ledger import db
        from ledger.agreements.models import Agreement, SplitAccumulator
        from ledger.communities.models import Community
        from ledger.core.splits import parse_terms
        from ledger.journal.models import Account, ChainHead
        from ledger.operators.models import Operator
        self.backend = backend
        with app.app_context(), db.unit_of_work(app, write=False) as session:
            community = session.execute(select(Community).where(Community.code == code)).scalar_one()
            self.operator = session.execute(select(Operator).where(Operator.community_id == community.id)).scalar_one()
            self.agreement = session.execute(select(Agreement).where(
                Agreement.operator_id == self.operator.id)).scalar_one()
            self.accounts = dict(session.execute(select(Account.code, Account.id).where(
                Account.community_id == community.id)).all())
            head = session.get(ChainHead, community.id)
            self.totals = dict(session.execute(select(SplitAccumulator.period_key, SplitAccumulator.total).where(
                SplitAccumulator.agreement_id == self.agreement.id)).all())
        self.chain = bulk.Chain(community.id, community.code, head.seq, head.hash)
        self.terms = parse_terms({"basis": "gross", "period": "month", "shares": [{"to": "public_benefit",
                                                                                  "percent": PERCENT}]})
        self.description = f"{self.operator.name} 收入"

    def prepare(self, connection, bodies: list[dict], batch: int) -> list[dict[str, list]]:
        """The rows of each database transaction of ``batch`` incomes, split and hashed, ids reserved."""
        first_tx = bulk.next_ids(connection, self.backend, "journal_transaction", len(bodies))
        first_income = bulk.next_ids(connection, self.backend, "income", len(bodies))
        return [self._rows(chunk, first_tx + i, first_income + i) for i, chunk in
                zip(range(0, len(bodies), batch), chunks(bodies, batch))]

    def _rows(self, bodies: list[dict], first_tx: int, first_income: int) -> dict[str, list]:
        from ledger.core.chart import CHANNEL_ACCOUNTS
        from ledger.core.periods import period_key
        from ledger.core.splits import split_income
        from ledger.incomes.splitting import REMAINDER, Allocation, split_lines
        b = self.backend
        rows = {"journal_transaction": [], "posting": [], "income": [], "split_line": [], "totals": {}}
        share_account = self.agreement.shares[0]["account"]
        remainder_account = self.accounts[f"501.{self.operator.code}"]
        for i, body in enumerate(bodies):
            tx_id, income_id, day, amount = first_tx + i, first_income + i, body["occurred_on"], body["amount"]
            key = period_key(day, "month")
            before = self.totals.get(key, 0)
            split = split_income(self.terms, before, amount)
            self.totals[key] = rows["totals"][key] = before + amount
            allocation = Allocation((("public_benefit", share_account, split.shares[0]),),
                                    f"501.{self.operator.code}", split.remainder)
            lines = split_lines(CHANNEL_ACCOUNTS[body["channel"]], amount, allocation, book_remainder=True)
            created_at = utcnow()
            tx, postings = self.chain.append(b, tx_id, day, self.description, "income", created_at, "bench",
                                             ((line.account, line.amount) for line in lines), self.accounts)
            rows["journal_transaction"].append(tx)
            rows["posting"] += postings
            rows["income"].append((income_id, self.chain.community_id, self.operator.id, bulk.day(b, day), amount,
                                   body["channel"], None, None, None, None, self.agreement.id, key, tx_id, None,
                                   bulk.stamp(b, created_at), "bench"))
            common = (self.chain.community_id, tx_id, income_id, None, self.agreement.id, key)
            rows["split_line"] += [(*common, 0, self.accounts[share_account], split.shares[0]),
                                   (*common, REMAINDER, remainder_account, split.remainder)]
        return rows

    def write(self, connection, rows: dict[str, list], *, copy: bool) -> None:
        b = self.backend
        bulk.insert(connection, b, "journal_transaction", bulk.TRANSACTION_COLUMNS, rows["journal_transaction"],
                    copy=copy)
        bulk.insert(connection, b, "posting", bulk.POSTING_COLUMNS, rows["posting"], copy=copy)
        bulk.insert(connection, b, "income", INCOME_COLUMNS, rows["income"], copy=copy)
        bulk.insert(connection, b, "split_line", SPLIT_COLUMNS, rows["split_line"], copy=copy)
        p = "?" if b == "sqlite" else "%s"
        for key, total in rows["totals"].items():
            connection.execute(
                f"INSERT INTO split_accumulator (agreement_id, period_key, community_id, total) "
                f"VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (agreement_id, period_key) DO UPDATE SET total = {p}",
                (self.agreement.id, key, self.chain.community_id, total, total))
        self.chain.save_head(connection, b)


def bare(database: support.Database, writer: BareWriter, bodies: list[dict], batch: int) -> float:
    """Seconds to write the rows of the incomes, ``batch`` per database transaction."""
    connection = database.connect()
    try:
        prepared = writer.prepare(connection, bodies, batch)
        copy = batch > 1

        def work():
            for rows in prepared:
                with bulk.transaction(connection, database.backend):
                    writer.write(connection, rows, copy=copy)

        seconds, _ = support.timed(work)
        return seconds
    finally:
        connection.close()


# --- checks ------------------------------------------------------------------------------

def check_same_work(app, codes: tuple[str, str]) -> None:
    """Both communities hold the same incomes, postings and shares, and both chains verify."""
    from ledger import db
    from ledger.communities.models import Community
    from ledger.incomes.models import Income, SplitLine
    from ledger.journal.chain import verify
    from ledger.journal.models import Posting
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        figures = []
        for code in codes:
            community = session.execute(select(Community).where(Community.code == code)).scalar_one()
            broken = verify(session, community)
            if broken is not None:
                raise AssertionError(f"the chain of {code} breaks at seq {broken.seq}: {broken.reason}")
            figures.append((
                session.execute(select(func.count(), func.sum(Income.amount)).where(
                    Income.community_id == community.id)).one(),
                session.execute(select(func.count()).where(Posting.community_id == community.id)).scalar_one(),
                session.execute(select(SplitLine.position, func.sum(SplitLine.amount)).where(
                    SplitLine.community_id == community.id).group_by(SplitLine.position)
                    .order_by(SplitLine.position)).all()))
        if figures[0] != figures[1]:
            raise AssertionError(f"the service and the bare driver wrote different rows: {figures}")


# --- the benchmark -------------------------------------------------------------------------

def measure(database: support.Database, batched: int, single: int) -> list[dict]:
    from ledger import db
    label = database.backend
    app = database.app()
    with app.app_context(), db.unit_of_work(app) as session:
        support.seed_community(session, "ours", percent=PERCENT)
        support.seed_community(session, "bare", percent=PERCENT)
    writer = BareWriter(app, database.backend, "bare")
    rows = []
    for count, batch, seed in ((batched, BATCH, 1), (single, 1, 2)):
        warm = incomes(min(20, count), seed + 100)  # caches, statement compilation
        through_services(app, "ours", warm, batch)
        bare(database, writer, warm, batch)
        support.progress(f"posting [{label}]: {count} incomes, {batch} per transaction, {ROUNDS} rounds")
        ours_best, base_best = 0.0, 0.0
        for round_bodies in chunks(incomes(count, seed), -(-count // ROUNDS)):
            base_best = max(base_best, len(round_bodies) / bare(database, writer, round_bodies, batch))
            ours_best = max(ours_best, len(round_bodies) / through_services(app, "ours", round_bodies, batch))
        baseline_name = ("sqlite3 executemany" if label == "sqlite" else
                         "psycopg COPY" if batch > 1 else "psycopg executemany")
        rows.append(support.row(
            f"posting [{label}] incomes/s, {batch} per transaction", ours_best, base_best, "incomes/s",
            note=f"aim >= 0.25; n={count}, best of {ROUNDS} alternating rounds; baseline: same rows by "
                 f"{baseline_name}"))
    check_same_work(app, ("ours", "bare"))
    db.engine(app).dispose()
    return rows


def run(scale: str) -> list[dict]:
    batched = support.sized(scale, tiny=40, small=2000, full=30000)
    single = support.sized(scale, tiny=10, small=200, full=3000)
    chosen, skipped = support.backends("posting")
    rows = []
    for backend in chosen:
        with support.database(backend, "posting") as database:
            rows += measure(database, batched, single)
    return rows + skipped


if __name__ == "__main__":
    support.main(run)
