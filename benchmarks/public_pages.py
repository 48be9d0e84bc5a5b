"""Public pages at 10,000 transactions against 1,000,000 (50,000 at small scale, 6,000 at tiny).

Both ledgers cover the same calendar: the 24 months before the current one, closed with
their snapshots (as officers close them), and the current month, open, holding the same
2,000 transactions in both. Only the history differs, a hundred times denser in the big
ledger, so a page that read history instead of the month-end figures would show it.

Ours is each page on the big ledger, the baseline the same page on the small one
(median of ``REPEATS[scale]`` requests through the Flask test client, after a warm-up); the aim
is a ratio <= 1.5. Pages: the home page and the public JSON (this year: the months
before the current one come from the closed-month figures), an operator's page, a
project's page (the fund's monthly payments are paid disbursements of one project, the
same number in both ledgers), the journal's first page, a page deep in the past, one
month, one operator.

The data is written fast but valid: operators and agreements through the services; then
each income is split by the split engine (``ledger.core.splits.split_income`` on a
per-period accumulator, lines by ``ledger.incomes.splitting.split_lines``), numbered and
hashed by ``ledger.core.chain`` exactly as ``post_entry`` does, and inserted in batches
with ``executemany`` (transactions, postings, incomes, split lines, accumulators, the
chain head). Months are then closed with ``ledger.closing.close_month``. The
build checks that the chain verifies, in full for the small ledger and over the last
5,000 links for the big one.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from benchmarks import support

SIZES = {"tiny": (3_000, 6_000), "small": (10_000, 50_000), "full": (10_000, 1_000_000)}
SCALES = ("tiny", "small", "full")
REPEATS = {"tiny": 3, "small": 15, "full": 25}
HISTORY_MONTHS, OPEN_MONTH_TX, OUTFLOWS_PER_MONTH, REVERSED = 24, 2_000, 3, 0.005
WARM_UP, BATCH = 3, 20_000
CODE = "bench"
# (code, settlement, shares): a café, a canteen, a market... and a parking lot with tiers.
OPERATORS = (
    ("cafe", "community_collects", [{"to": "public_benefit", "percent": "10"}]),
    ("canteen", "community_collects", [{"to": "public_benefit", "percent": "8"}]),
    ("venue", "community_collects", [{"to": "public_benefit", "percent": "12.5"}]),
    ("childcare", "community_collects", [{"to": "public_benefit", "percent": "5"}]),
    ("market", "operator_collects", [{"to": "public_benefit", "percent": "15"}]),
    ("parking", "operator_collects", [{"to": "public_benefit", "tiers": [
        {"up_to": "10000.00", "percent": "5"}, {"up_to": None, "percent": "10"}]}]),
)


@dataclass
class Ledger:
    folder: Path
    url: str
    transactions: int
    oldest: str  # a cursor deep in the past: "<date>:<seq>"
    oldest_cafe: str  # the same, among the café's incomes
    middle_month: str


def months_before(today: date, count: int) -> list[date]:
    first, months = today.replace(day=1), []
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def month_days(month: date, today: date) -> int:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return min((following - timedelta(days=1)).day, today.day if month == today.replace(day=1) else 31)


class Writer:
    """Appends split incomes, reversals and fund payments to the journal in batches."""

    def __init__(self, connection, community, operators, accounts, project):
        self.connection, self.community = connection, community
        self.operators, self.accounts, self.project = operators, accounts, project
        self.seq, self.hash = 0, "0" * 64
        self.posting_id = self.income_id = self.split_id = self.disbursement_id = 0
        self.accumulators: dict[tuple[int, str], int] = {}
        self.rows: dict[str, list[tuple]] = {"tx": [], "posting": [], "income": [], "split": [], "disbursement": []}
        self.clock = datetime(2020, 1, 1, tzinfo=timezone.utc)

    def _post(self, day: date, description: str, source: str, lines, reverses: int | None = None) -> int:
        from ledger.core.chain import ChainRecord, chain_hash
        self.seq += 1
        self.clock += timedelta(microseconds=1000)
        record = ChainRecord(self.seq, CODE, day, description, source, reverses, self.clock, "bench",
                             tuple((line.account, line.amount) for line in lines))
        self.hash = chain_hash(self.hash, record)
        stamp = self.clock.strftime("%Y-%m-%d %H:%M:%S.%f")
        self.rows["tx"].append((self.seq, self.community.id, self.seq, day.isoformat(), description, source,
                                reverses, stamp, "bench", self.hash))
        for number, line in enumerate(lines, start=1):
            self.posting_id += 1
            self.rows["posting"].append((self.posting_id, self.community.id, self.seq, number,
                                         self.accounts[line.account], line.amount, day.isoformat()))
        return self.seq

    def income(self, rng: random.Random, day: date, reverse: bool) -> None:
        from ledger.core.chart import CHANNEL_ACCOUNTS
        from ledger.core.periods import format_month
        from ledger.core.splits import split_income
        from ledger.incomes.splitting import Allocation, split_lines
        operator, agreement, terms, targets = rng.choice(self.operators)
        amount, channel, key = rng.randint(100, 50_000), rng.choice(list(CHANNEL_ACCOUNTS)), format_month(day)
        self.income_id += 1
        income_id, original = self.income_id, None
        for signed in ((amount, -amount) if reverse else (amount,)):
            before = self.accumulators.get((agreement.id, key), 0)
            split = split_income(terms, before, signed)
            self.accumulators[agreement.id, key] = before + signed
            allocation = Allocation(tuple((t, a, s) for (t, a), s in zip(targets, split.shares)),
                                    f"501.{operator.code}", split.remainder)
            collects = operator.settlement == "community_collects"
            debit = (CHANNEL_ACCOUNTS[channel], signed) if collects else (f"112.{operator.code}", sum(split.shares))
            lines = split_lines(*debit, allocation, book_remainder=collects)
            description = f"{operator.name} 收入" if original is None else f"冲销 #{original}: 录入错误"
            seq = self._post(day, description, "income" if original is None else "reversal", lines, original)
            if original is None:
                self.rows["income"].append((income_id, self.community.id, operator.id, day.isoformat(), amount,
                                            channel, agreement.id, key, seq, self.clock.strftime("%Y-%m-%d %H:%M:%S.%f"),
                                            "bench"))
            for position, (_, account, share) in enumerate(allocation.shares):
                self._split(seq, income_id, agreement.id, key, position, account, share)
            if collects:
                self._split(seq, income_id, agreement.id, key, -1, allocation.remainder_account, split.remainder)
            original = seq

    def _split(self, seq, income_id, agreement_id, key, position, account, amount) -> None:
        self.split_id += 1
        self.rows["split"].append((self.split_id, self.community.id, seq, income_id, agreement_id, key, position,
                                   self.accounts[account], amount))

    def payment(self, day: date) -> None:
        """A paid disbursement of the project (approved and vouched for elsewhere: not measured)."""
        from ledger.core.journal import Line
        self.disbursement_id += 1
        seq = self._post(day, f"支出 #{self.disbursement_id} · 社区服务", "disbursement",
                         (Line("311.public_benefit", 30_000), Line("102.basic", -30_000)))
        stamp = self.clock.strftime("%Y-%m-%d %H:%M:%S.%f")
        self.rows["disbursement"].append((self.disbursement_id, self.community.id, self.project.fund_id,
                                          self.project.id, 30_000, "张三 13812348888", "社区服务", "paid", "bench",
                                          day.isoformat(), "bank", seq, stamp, "bench"))

    def flush(self) -> None:
        cursor = self.connection.cursor()
        cursor.executemany("INSERT INTO journal_transaction (id, community_id, seq, occurred_on, description, source, "
                           "reverses_id, created_at, created_by, hash) VALUES (?,?,?,?,?,?,?,?,?,?)", self.rows["tx"])
        cursor.executemany("INSERT INTO posting (id, community_id, transaction_id, line_no, account_id, amount, "
                           "occurred_on) VALUES (?,?,?,?,?,?,?)", self.rows["posting"])
        cursor.executemany("INSERT INTO income (id, community_id, operator_id, occurred_on, amount, channel, "
                           "agreement_id, period_key, transaction_id, created_at, created_by) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.rows["income"])
        cursor.executemany("INSERT INTO split_line (id, community_id, transaction_id, income_id, agreement_id, "
                           "period_key, position, account_id, amount) VALUES (?,?,?,?,?,?,?,?,?)", self.rows["split"])
        cursor.executemany("INSERT INTO disbursement (id, community_id, fund_id, project_id, amount, payee, purpose, "
                           "state, submitted_by, paid_on, channel, transaction_id, created_at, created_by) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.rows["disbursement"])
        self.rows = {name: [] for name in self.rows}

    def finish(self) -> None:
        self.flush()
        cursor = self.connection.cursor()
        cursor.executemany("INSERT INTO split_accumulator (agreement_id, period_key, community_id, total) VALUES (?,?,?,?)",
                           [(a, k, self.community.id, t) for (a, k), t in self.accumulators.items()])
        cursor.execute("UPDATE chain_head SET seq = ?, hash = ? WHERE community_id = ?",
                       (self.seq, self.hash, self.community.id))


NAMES = {"cafe": "咖啡吧", "canteen": "爱心食堂", "venue": "场地出租", "childcare": "托育", "market": "共富集市",
         "parking": "停车场"}


def _setup(app):
    """The community, its operators and agreements, through the services."""
    from ledger import db
    from ledger.agreements.services import create_agreement, terms_of
    from ledger.communities.services import create_community
    from ledger.decisions.services import create_decision
    from ledger.journal.models import Account
    from ledger.operators.services import create_operator
    from ledger.projects.services import create_project
    from sqlalchemy import select
    with db.unit_of_work(app) as session:
        community = create_community(session, CODE, "基准社区", created_by="bench")
        operators = []
        for code, settlement, shares in OPERATORS:
            operator = create_operator(session, community, code, NAMES[code], code, settlement, created_by="bench")
            agreement = create_agreement(session, community, {"operator": code, "effective_from": date(2020, 1, 1),
                                                              "shares": shares}, created_by="bench")
            targets = [(share["to"], share["account"]) for share in agreement.shares]
            operators.append((operator, agreement, terms_of(session, agreement), targets))
        accounts = dict(session.execute(select(Account.code, Account.id).where(
            Account.community_id == community.id)).all())
        create_decision(session, community, {  # a budget this size rests on a council decision
            "decided_on": date(2020, 1, 1), "body": "居民议事会", "subject": "社区服务年度预算", "votes_for": 9,
            "votes_against": 0, "abstentions": 0, "attendance": 9,
            "projects": [{"code": "services", "budget": 10_000_000}]}, today=date(2020, 1, 1), created_by="bench")
        project = create_project(session, community, {"code": "services", "name": "社区服务", "purpose": "每月社区服务",
                                                      "budget": 10_000_000, "fund": "public_benefit"},
                                 created_by="bench")
    return community, operators, accounts, project


def _plan(transactions: int, today: date) -> list[tuple[date, int]]:
    """Incomes per month: the open month fixed, the history spread evenly."""
    history = transactions - OPEN_MONTH_TX - HISTORY_MONTHS * OUTFLOWS_PER_MONTH
    each, extra = divmod(history, HISTORY_MONTHS)
    months = months_before(today, HISTORY_MONTHS)
    return [(m, each + (i < extra)) for i, m in enumerate(months)] + [(today.replace(day=1), OPEN_MONTH_TX)]


def _write(app, community, operators, accounts, project, plan, today: date) -> int:
    from ledger import db
    rng = random.Random(7)
    with db.unit_of_work(app) as session:
        writer = Writer(session.connection().connection.dbapi_connection, community, operators, accounts, project)
        for month, count in plan:
            days = month_days(month, today)
            events = sorted([(rng.randint(1, days), 1) for _ in range(count)] +
                            ([(min(d, days), 0) for d in (10, 20, 28)] if month != today.replace(day=1) else []))
            for day, kind in events:
                if kind:
                    writer.income(rng, month.replace(day=day), rng.random() < REVERSED)
                else:
                    writer.payment(month.replace(day=day))
                if len(writer.rows["tx"]) >= BATCH:
                    writer.flush()
        writer.finish()
    return writer.seq


def _close_and_check(app, months: list[date], today: date, verify_from: int) -> None:
    from ledger import db
    from ledger.communities.models import Community
    from ledger.core.chain import find_break
    from ledger.closing import close_month
    from ledger.journal.chain import stream_transactions
    from ledger.journal.models import JournalTransaction
    from sqlalchemy import select
    for month in months:
        with db.unit_of_work(app) as session:
            community = session.execute(select(Community).where(Community.code == CODE)).scalar_one()
            close_month(session, community, month, closed_by="bench", today=today)
    with db.unit_of_work(app, write=False) as session:
        community = session.execute(select(Community).where(Community.code == CODE)).scalar_one()
        previous = "0" * 64 if verify_from == 1 else session.execute(select(JournalTransaction.hash).where(
            JournalTransaction.community_id == community.id, JournalTransaction.seq == verify_from - 1)).scalar_one()
        records = ((tx.record(CODE), tx.hash) for tx in stream_transactions(session, community, from_seq=verify_from))
        broken = find_break(records, start_seq=verify_from, previous=previous)
        if broken is not None:
            raise AssertionError(f"the generated chain does not verify: {broken}")


def build(transactions: int, folder: Path) -> Ledger:
    from ledger import create_app, db
    from ledger.setup_commands import migrate
    from ledger.timeutil import local_today
    folder.mkdir(parents=True)
    url = f"sqlite:///{folder / 'ledger.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_DIR": str(folder / "instance")})
    with app.app_context():
        today = local_today()
        migrate(app)
        community, operators, accounts, project = _setup(app)
        plan = _plan(transactions, today)
        written = _write(app, community, operators, accounts, project, plan, today)
        _close_and_check(app, [m for m, _ in plan[:-1]], today, 1 if written <= 100_000 else written - 5_000)
        cursors = _cursors(app, plan[0][0])
        db.engine(app).dispose()
    return Ledger(folder, url, written, *cursors, plan[HISTORY_MONTHS // 2][0].strftime("%Y-%m"))


def _cursors(app, oldest: date) -> tuple[str, str]:
    """Cursors deep in the past with a full page behind them in both ledgers: the small one
    has about 55 café incomes a month, so the café's cursor sits 45 days into its history."""
    from ledger import db
    from ledger.incomes.models import Income
    from ledger.journal.models import JournalTransaction as Tx
    from ledger.operators.models import Operator
    from sqlalchemy import select
    with db.unit_of_work(app, write=False) as session:
        day, seq = session.execute(select(Tx.occurred_on, Tx.seq).where(Tx.occurred_on == oldest + timedelta(days=9))
                                   .order_by(Tx.seq).limit(1)).one()
        cafe = session.execute(select(Tx.occurred_on, Tx.seq).join(Income, Income.transaction_id == Tx.id)
                               .join(Operator, Operator.id == Income.operator_id)
                               .where(Operator.code == "cafe", Tx.occurred_on >= oldest + timedelta(days=45))
                               .order_by(Tx.occurred_on, Tx.seq).limit(1)).one()
    return f"{day.isoformat()}:{seq}", f"{cafe[0].isoformat()}:{cafe[1]}"


def pages(ledger: Ledger) -> dict[str, str]:
    """The pages measured on one ledger."""
    year = date.today().year
    return {
        "home page": f"/c/{CODE}",
        "public JSON": f"/api/v1/communities/{CODE}/public",
        "operator page": f"/c/{CODE}/operators/parking",
        "project page": f"/c/{CODE}/projects/services",
        "journal, newest page": f"/c/{CODE}/journal",
        "journal, page two years back": f"/c/{CODE}/journal?cursor={ledger.oldest}",
        "journal, one month": f"/c/{CODE}/journal?month={ledger.middle_month}",
        "journal, one operator": f"/c/{CODE}/journal?operator=cafe",
        "journal, one operator two years back": f"/c/{CODE}/journal?operator=cafe&cursor={ledger.oldest_cafe}",
        "home page, last year (all closed)": f"/c/{CODE}?year={year - 1}",
    }


def _client(ledger: Ledger):
    """A test client on the ledger, after checking its fund balance against a full recompute."""
    from ledger import create_app, db
    from sqlalchemy import text
    app = create_app({"DATABASE_URL": ledger.url, "SECRET_KEY": "bench", "INSTANCE_DIR": str(ledger.folder / "i")})
    client = app.test_client()
    with app.app_context(), db.engine(app).connect() as connection:
        recomputed = -connection.execute(text(
            "SELECT SUM(p.amount) FROM posting p JOIN account a ON a.id = p.account_id "
            "WHERE a.code = '311.public_benefit'")).scalar_one()
    balance = client.get(f"/api/v1/communities/{CODE}/public").json["fund"]["balance"]
    if balance != f"{recomputed // 100}.{recomputed % 100:02d}":
        raise AssertionError(f"the fund balance {balance} differs from a full recompute ({recomputed} fen)")
    return client


def _get(client, path: str):
    def call():
        response = client.get(path)
        if response.status_code != 200:
            raise AssertionError(f"{path} answered {response.status_code}")
    return call


def _live_year(client):
    """What the home page would read without month-end figures: this year, live from the journal."""
    from ledger import db
    from ledger.communities.models import Community
    from ledger.public.rollup import live
    from ledger.timeutil import local_today
    from sqlalchemy import select
    app = client.application

    def call():
        with app.app_context(), db.unit_of_work(app, write=False) as session:
            community = session.execute(select(Community).where(Community.code == CODE)).scalar_one()
            today = local_today()
            live(session, community, date(today.year, 1, 1), today)
    return call


def timings(small: Ledger, large: Ledger, repeat: int) -> dict[str, tuple[float, float]]:
    """Median seconds per page on each ledger, the two measured in turn, request by request."""
    clients = (_client(small), _client(large))
    paths = (pages(small), pages(large))  # the same dates; cursors name each ledger's own seqs
    calls = {name: tuple(_get(c, p[name]) for c, p in zip(clients, paths)) for name in paths[0]}
    calls["for comparison: this year computed live from the journal"] = tuple(_live_year(c) for c in clients)
    return {name: support.medians_in_turn(pair, repeat=repeat, warmup=WARM_UP) for name, pair in calls.items()}


def run(scale: str) -> list[dict]:
    small_size, large_size = SIZES[scale]
    repeat = REPEATS[scale]
    folder = Path(tempfile.mkdtemp(prefix="ledger-bench-public-", dir=os.environ.get("LEDGER_BENCH_DIR")))
    try:
        built_small, small = _timed_build(small_size, folder / "small")
        built_large, large = _timed_build(large_size, folder / "large")
        _progress(f"timing the pages on {large.transactions:,} vs {small.transactions:,} transactions")
        measured = timings(small, large, repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows = []
    for name, (baseline, ours) in measured.items():
        comparison = name.startswith("for comparison")
        rows.append(support.row(f"public pages: {name}", ours * 1000, baseline * 1000, "ms",
                                note=f"median of {repeat}; " + ("not a page: why closed months are read from their "
                                                                "stored figures" if comparison else "aim <= 1.5")))
    rows.append(support.row("public pages: building the ledgers", built_large, built_small, "s",
                            note=f"SQLite, {large.transactions:,} vs {small.transactions:,} tx over the same "
                                 f"{HISTORY_MONTHS} closed months + an open month of {OPEN_MONTH_TX:,} tx; ours is "
                                 "the large one; pages requested in turn on each"))
    return rows


def _timed_build(size: int, folder: Path) -> tuple[float, Ledger]:
    _progress(f"building a ledger of {size:,} transactions")
    return support.timed(build, size, folder)


def _progress(message: str) -> None:
    support.progress(f"public_pages: {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    rows = run(args.scale)
    print(support.markdown_table(rows) if args.markdown else support.format_table(rows))


if __name__ == "__main__":
    main()
