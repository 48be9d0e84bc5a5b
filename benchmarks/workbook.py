"""The audit workbook and the journal CSV against bare openpyxl and the bare csv module.

``python -m benchmarks.workbook --scale tiny|small|full`` (full: 100,000 and 1,000,000
transactions, three journal lines each).

A SQLite ledger of N transactions is built first: a café's incomes, each Dr WeChat,
Cr the public-benefit fund 10 % (period-exact), Cr revenue, with their income rows and
split records, hashed onto the chain. Then each measurement runs in a fresh process, so
its peak resident memory (``ru_maxrss``) is its own:

- job: the same workbook as a job, run as a worker runs it (ledger/jobs/runner.py);
- ours: ``write_audit_workbook`` for the whole year (cover, journal, trial balance, fund
  statement, contributions), from the database through the ORM;
- baseline: a bare openpyxl write-only loop writing the same journal cells (15 per line,
  dates and amounts as formatted cells, created per cell as openpyxl documents) from one
  raw sqlite3 query: the least any program writing this sheet can do;
- CSV: ``journal_csv`` through the export service, against ``csv.writer`` over the same
  raw query writing the same fields;
- scale: the workbook of the large ledger against the workbook of the small one (time:
  linear when the ratio equals the ratio of sizes; peak memory: flat when near 1).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

SCALES = ("tiny", "small", "full")
SIZES = {"tiny": (1_000, 3_000), "small": (3_000, 10_000), "full": (100_000, 1_000_000)}  # transactions
ROUNDS = {"tiny": 1, "small": 1, "full": 2}  # runs of each job per size up to 100,000 transactions (more: one)
LINES_PER_INCOME = 3
BATCH = 20_000
QUERY = """SELECT t.seq, t.occurred_on, t.description, t.source, t.created_at, t.created_by, t.hash,
                  p.line_no, a.code, a.name, p.amount
           FROM journal_transaction t JOIN posting p ON p.transaction_id = t.id JOIN account a ON a.id = p.account_id
           WHERE t.community_id = ? ORDER BY t.seq, p.line_no"""


# -- the ledger ------------------------------------------------------------------------
def build(folder: Path, transactions: int) -> Path:
    """A migrated SQLite ledger of ``transactions`` incomes, three journal lines each (community "bench")."""
    from ledger import create_app, db
    from ledger.agreements.services import create_agreement
    from ledger.communities.services import create_community
    from ledger.operators.services import create_operator
    from ledger.setup_commands import migrate

    path = folder / f"ledger-{transactions}.sqlite3"
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "INSTANCE_DIR": str(folder / "instance"),
                      "SECRET_KEY": "bench"})
    with app.app_context():
        migrate(app)
        with db.unit_of_work(app) as session:
            community = create_community(session, "bench", "基准社区", created_by="system")
            operator = create_operator(session, community, "cafe", "咖啡吧", "cafe", "community_collects",
                                       created_by="system")
            agreement = create_agreement(session, community, {
                "operator": "cafe", "effective_from": date(2026, 1, 1),
                "shares": [{"to": "public_benefit", "percent": "10"}]}, created_by="system")
            ids = (community.id, operator.id, agreement.id)
        db.engine(app).dispose()
    _load(path, *ids, incomes=transactions)
    return path


def _load(path: Path, community_id: int, operator_id: int, agreement_id: int, incomes: int) -> None:
    from ledger.core.chain import GENESIS, ChainRecord, chain_hash
    connection = sqlite3.connect(path, isolation_level=None)
    accounts = dict(connection.execute("SELECT code, id FROM account WHERE community_id = ?", (community_id,)))
    codes = ("102.wechat", "311.public_benefit", "501.cafe")
    rng, previous, totals = random.Random(7), GENESIS, {}
    start = datetime(2026, 1, 1, 8, tzinfo=timezone.utc)
    for first in range(0, incomes, BATCH):
        rows = {"tx": [], "posting": [], "income": [], "split": []}
        for seq in range(first + 1, min(first + BATCH, incomes) + 1):
            day = date(2026, 1, 1) + timedelta(days=(seq - 1) * 365 // incomes)
            key = day.strftime("%Y-%m")
            amount = rng.randint(100, 50_000)
            before = totals.get(key, 0)
            totals[key] = before + amount
            share = (totals[key] + 5) // 10 - (before + 5) // 10  # 10 %, half up, period-exact
            lines = ((codes[0], amount), (codes[1], -share), (codes[2], share - amount))
            created = start + timedelta(milliseconds=seq)
            record = ChainRecord(seq, "bench", day, "咖啡吧 收入", "income", None, created, "officer1", lines)
            previous = chain_hash(previous, record)
            stamp = created.strftime("%Y-%m-%d %H:%M:%S.%f")
            rows["tx"].append((seq, community_id, seq, day.isoformat(), "咖啡吧 收入", "income", stamp, "officer1",
                               previous))
            rows["posting"] += [(community_id, seq, i, accounts[code], a, day.isoformat())
                                for i, (code, a) in enumerate(lines, 1)]
            rows["income"].append((seq, community_id, operator_id, day.isoformat(), amount, "wechat", agreement_id,
                                   key, seq, stamp, "officer1"))
            rows["split"] += [(community_id, seq, seq, agreement_id, key, 0, accounts[codes[1]], share),
                              (community_id, seq, seq, agreement_id, key, -1, accounts[codes[2]], amount - share)]
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT INTO journal_transaction (id, community_id, seq, occurred_on, description, "
                               "source, created_at, created_by, hash) VALUES (?,?,?,?,?,?,?,?,?)", rows["tx"])
        connection.executemany("INSERT INTO posting (community_id, transaction_id, line_no, account_id, amount, "
                               "occurred_on) VALUES (?,?,?,?,?,?)", rows["posting"])
        connection.executemany("INSERT INTO income (id, community_id, operator_id, occurred_on, amount, channel, "
                               "agreement_id, period_key, transaction_id, created_at, created_by) "
                               "VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows["income"])
        connection.executemany("INSERT INTO split_line (community_id, transaction_id, income_id, agreement_id, "
                               "period_key, position, account_id, amount) VALUES (?,?,?,?,?,?,?,?)", rows["split"])
        connection.execute("COMMIT")
    connection.execute("UPDATE chain_head SET seq = ?, hash = ? WHERE community_id = ?",
                       (incomes, previous, community_id))
    connection.close()


# -- the measured jobs, each run in its own process -----------------------------------
# A job prepares (imports, application) and returns the work to time, which returns the
# number of journal lines written.
def job_ours(database: Path, out: Path):
    from ledger import create_app
    from ledger.exports import services
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "INSTANCE_DIR": str(out.parent / "instance"),
                      "SECRET_KEY": "bench"})

    def work() -> int:
        with app.app_context(), services.read_snapshot(app) as session, out.open("wb") as handle:
            community = services.community_by_code(session, "bench")
            summary = services.write_audit_workbook(session, community, handle, start=date(2026, 1, 1),
                                                    end=date(2026, 12, 31), lang="zh", generated_by="bench")
        return summary.postings
    return work


def job_baseline(database: Path, out: Path):
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    def work() -> int:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("凭证明细")
        sheet.append(["凭证号", "社区代码", "日期", "摘要", "来源", "冲销凭证号", "录入时间 (UTC)", "录入人", "行号",
                      "科目代码", "科目名称", "借方", "贷方", "在期间内", "哈希"])
        connection, count = sqlite3.connect(database), 0

        def styled(value, number_format):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = number_format
            return cell

        for seq, day, text, source, created, by, digest, line, code, name, amount in connection.execute(QUERY, (1,)):
            money = styled(Decimal(abs(amount)).scaleb(-2), "#,##0.00")
            sheet.append([seq, "bench", styled(date.fromisoformat(day), "yyyy-mm-dd"), text, source, None,
                          created.replace(" ", "T") + "Z", by, line, code, name, money if amount >= 0 else None,
                          money if amount < 0 else None, "是", digest])
            count += 1
        book.save(out)
        return count
    return work


def job_csv_ours(database: Path, out: Path):
    from ledger import create_app
    from ledger.exports import services
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "INSTANCE_DIR": str(out.parent / "instance"),
                      "SECRET_KEY": "bench"})

    def work() -> int:
        newlines = 0
        with app.app_context(), out.open("wb") as handle:
            for chunk in services.journal_csv_chunks(app, "bench", start=None, end=None, lang="zh"):
                handle.write(chunk)
                newlines += chunk.count(b"\n")
        return newlines - 1  # the header
    return work


def job_csv_baseline(database: Path, out: Path):
    import csv

    from ledger.core.money import format_fen

    def work() -> int:
        connection, count = sqlite3.connect(database), 0
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["凭证号", "社区代码", "日期", "摘要", "来源", "冲销凭证号", "录入时间 (UTC)", "录入人",
                             "行号", "科目代码", "科目名称", "借方", "贷方", "哈希"])
            for seq, day, text, source, created, by, digest, line, code, name, amount in connection.execute(
                    QUERY, (1,)):
                writer.writerow((seq, "bench", day, text, source, "", created.replace(" ", "T") + "Z", by, line,
                                 code, name, format_fen(amount) if amount >= 0 else "",
                                 format_fen(-amount) if amount < 0 else "", digest))
                count += 1
        return count
    return work


def job_as_a_job(database: Path, out: Path):
    """The same workbook as a job, run the way a worker runs it (ledger/jobs/runner.py):
    claimed, written beside its progress heartbeat, measured (size, SHA-256), finished."""
    from ledger import create_app, db
    from ledger.communities.models import Community
    from ledger.jobs import runner
    from ledger.jobs.models import Job
    from sqlalchemy import select
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "INSTANCE_DIR": str(out.parent / "instance"),
                      "SECRET_KEY": "bench"})
    with app.app_context(), db.unit_of_work(app) as session:
        community = session.execute(select(Community).where(Community.code == "bench")).scalar_one()
        job = Job(community_id=community.id, kind="audit_workbook", created_by="bench",
                  params={"from": "2026-01-01", "to": "2026-12-31", "lang": "zh"})
        session.add(job)
        session.flush()
        job_id = job.id

    def work() -> int:
        runner.run(app, job_id)
        with app.app_context(), db.unit_of_work(app, write=False) as session:
            done = session.get(Job, job_id)
            if done.state != "done":
                raise RuntimeError(f"the job ended {done.state}: {done.error}")
            return done.done
    return work


JOBS = {"ours": job_ours, "baseline": job_baseline, "job": job_as_a_job, "csv-ours": job_csv_ours,
        "csv-baseline": job_csv_baseline}


def measure(job: str, database: Path, out: Path) -> dict:
    """Run one job in a fresh interpreter: its wall and CPU time, and the process's peak RSS."""
    command = [sys.executable, "-m", "benchmarks.workbook", "--job", job, "--database", str(database),
               "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]),
                                                        os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise RuntimeError(f"{job} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def best(runs: list[dict]) -> dict:
    """The fastest of repeated runs (least disturbed by other work on the machine)."""
    return {"seconds": min(r["seconds"] for r in runs), "cpu": min(r["cpu"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs), "growth_mb": max(r["growth_mb"] for r in runs),
            "lines": runs[0]["lines"]}


def _row(name, ours, baseline, unit, note, ratio=None) -> dict:
    if ratio is None:
        ratio = ours / baseline if baseline else None
    return {"name": name, "ours": ours, "baseline": baseline, "unit": unit, "ratio": ratio, "note": note}


def rows_for(transactions: int, got: dict) -> list[dict]:
    ours, bare, as_job, csv_ours, csv_bare = (got[job] for job in JOBS)
    label = f"{transactions:,} tx"
    return [
        _row(f"audit workbook as a job, {label} ({as_job['lines']:,} lines): time", as_job["seconds"],
             bare["seconds"], "s", "aim <= 1.2x; run as a worker runs it (claim, progress heartbeat every 0.5 s, "
                                   "SHA-256 of the file, finish); baseline: the bare openpyxl loop below"),
        _row(f"audit workbook as a job, {label}: CPU time", as_job["cpu"], bare["cpu"], "s",
             "user + system time, the heartbeat thread's included; steadier than wall time on a busy machine"),
        _row(f"audit workbook as a job, {label}: peak memory", as_job["peak_mb"], ours["peak_mb"], "MB",
             "peak RSS of the worker process (VmHWM) against the direct write's (ours, below); aim < 200 MB"),
        _row(f"audit workbook, {label}: time", ours["seconds"], bare["seconds"], "s",
             "aim <= 1.2x; baseline: bare openpyxl write-only loop over one raw sqlite3 query, journal sheet only"),
        _row(f"audit workbook, {label}: CPU time", ours["cpu"], bare["cpu"], "s",
             "user + system time of the job: steadier than wall time on a busy machine"),
        _row(f"audit workbook, {label}: peak memory", ours["peak_mb"], bare["peak_mb"], "MB",
             "peak RSS of the process (VmHWM), interpreter, Flask and SQLAlchemy included; aim: flat, < 200 MB"),
        _row(f"audit workbook, {label}: memory growth", ours["growth_mb"], bare["growth_mb"], "MB",
             "peak RSS minus RSS once imported and set up: what the writing itself holds"),
        _row(f"journal CSV, {label}: throughput", csv_ours["lines"] / csv_ours["seconds"],
             csv_bare["lines"] / csv_bare["seconds"], "lines/s",
             f"higher is better; baseline: csv.writer over one raw sqlite3 query; CPU "
             f"{csv_ours['cpu']:.2f} s vs {csv_bare['cpu']:.2f} s; peak {csv_ours['peak_mb']:.0f} MB vs "
             f"{csv_bare['peak_mb']:.0f} MB"),
    ]


def scaling_rows(small: int, large: int, got: dict[int, dict]) -> list[dict]:
    """Our workbook on the large ledger against our workbook on the small one."""
    big, little = got[large]["ours"], got[small]["ours"]
    label = f"audit workbook, {large:,} vs {small:,} tx"
    return [
        _row(f"{label}: time", big["seconds"], little["seconds"], "s",
             f"linear when the ratio is {large / small:.3g} (the ratio of sizes); CPU {big['cpu']:.1f} s vs "
             f"{little['cpu']:.1f} s"),
        _row(f"{label}: peak memory", big["peak_mb"], little["peak_mb"], "MB",
             "peak RSS of the process; aim: flat (ratio near 1), < 200 MB"),
        _row(f"audit workbook as a job, {large:,} vs {small:,} tx: peak memory", got[large]["job"]["peak_mb"],
             got[small]["job"]["peak_mb"], "MB", "peak RSS of the worker process (VmHWM); aim: flat, < 200 MB"),
    ]


def run(scale: str, sizes: tuple[int, ...] | None = None) -> list[dict]:
    """Every job on each size of the scale (or on ``sizes``: one round each, no scaling rows)."""
    rows, got = [], {}
    folder = Path(tempfile.mkdtemp(prefix="ledger-bench-workbook-", dir=os.environ.get("LEDGER_BENCH_DIR")))
    try:
        for transactions in sizes or SIZES[scale]:
            _progress(f"building a ledger of {transactions:,} transactions")
            database = build(folder, transactions)
            rounds = ROUNDS[scale] if transactions <= 100_000 and not sizes else 1
            runs = {job: [] for job in JOBS}
            for _ in range(rounds):  # alternate ours and the baseline, so both see the same machine
                for job in JOBS:
                    _progress(f"{job} on {transactions:,} transactions")
                    runs[job].append(measure(job, database, folder / f"{job}-{transactions}.out"))
            got[transactions] = {job: best(r) for job, r in runs.items()}
            rows += rows_for(transactions, got[transactions])
            _progress("\n" + "\n".join(json.dumps(r) for r in rows_for(transactions, got[transactions])))
            database.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if sizes:
        return rows
    small, large = SIZES[scale]
    return rows + scaling_rows(small, large, got)


def _progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] workbook: {message}", file=sys.stderr, flush=True)


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc (VmHWM: the high-water RSS since exec;
    ru_maxrss would include the parent's before exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(job: str, database: Path, out: Path) -> None:
    work = JOBS[job](database, out)
    before = _status_mb("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    lines = work()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _status_mb("VmHWM")
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "growth_mb": peak - before, "lines": lines}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.workbook", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--transactions", type=int, nargs="+", metavar="N",
                        help="only these ledger sizes, one round each (e.g. 333334: 1,000,002 journal lines)")
    parser.add_argument("--job", choices=sorted(JOBS), help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.job:
        _child(args.job, args.database, args.out)
        return
    rows = run(args.scale, tuple(args.transactions) if args.transactions else None)
    width = max(len(r["name"]) for r in rows)
    print(f"{'benchmark':<{width}}  {'ours':>10}  {'baseline':>10}  {'unit':<8} {'ratio':>6}  note")
    for r in rows:
        print(f"{r['name']:<{width}}  {r['ours']:>10.2f}  {r['baseline']:>10.2f}  {r['unit']:<8} {r['ratio']:>6.2f}  "
              f"{r['note']}")


if __name__ == "__main__":
    main()
