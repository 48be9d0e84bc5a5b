"""Bulk import: `ledger import FILE --commit` against the bare database driver, and its memory.

For each backend, in one run:
- rows per second of the command (a subprocess, timed from start to exit) importing N
  incomes from a CSV, each row posted through ``record_income`` (split engine, journal
  entry with its hash, split lines) in one database transaction; the baseline is the bare
  driver loading the same rows from the same file into a plain table with the income
  columns (``csv.reader`` + sqlite3 ``executemany`` in one transaction, or psycopg ``COPY``);
- the same for a dry run (every row checked, nothing written);
- peak memory (the process's own high-water resident set, VmHWM) importing a small and
  a ten times larger file: a ratio near 1 means memory does not grow with the file.

``python -m benchmarks.imports --scale tiny|small|full``. Scales: the rate is measured on the
larger of two files, the memory compared between them (full: 100,000 and 1,000,000 rows).
Environment: LEDGER_BENCH_POSTGRES_URL (an admin URL to create private databases in),
LEDGER_BENCH_BACKENDS ("sqlite,postgresql"), LEDGER_BENCH_DIR (where files go).
"""
from __future__ import annotations

import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from benchmarks import support

SCALES = ("tiny", "small", "full")
SIZES = {"tiny": (300, 3_000), "small": (500, 5_000), "full": (100_000, 1_000_000)}  # (small, large)
PG_ADMIN_URL = os.environ.get("LEDGER_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
ROOT = Path(__file__).resolve().parent.parent
OPERATORS = ("cafe", "canteen", "parking", "market")
CHANNELS = ("微信", "支付宝", "现金", "刷卡")
HEADER = ["日期", "经营主体", "金额", "渠道", "类别", "单号", "付款人", "备注"]
BARE_COLUMNS = "occurred_on, operator, amount, channel, category, reference, payer, note"


def row(name, ours, baseline, unit, note="", ratio=None) -> dict:
    return support.row(name, ours, baseline, unit, note=note, ratio=ratio)


def progress(message: str) -> None:
    support.progress(f"imports: {message}")


# -- the file and the database ------------------------------------------------------------

def write_csv(path: Path, count: int, seed: int = 7) -> None:
    """``count`` incomes of four operators over ten open months, each with its own reference."""
    rnd = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(count):
            writer.writerow([f"2026-{1 + n % 10:02d}-{1 + n % 28:02d}", OPERATORS[n % 4],
                             f"{rnd.randint(100, 99_999) / 100:.2f}", CHANNELS[n % 4], "", f"R{n:08d}", "", ""])


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A new migrated database with community "bench" (four operators, 10 % agreements)."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'ledger.sqlite3'}"
        _prepare(url, folder)
        yield url
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    name = f"ledger_bench_imports_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        _prepare(url, folder)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _prepare(url: str, folder: Path) -> None:
    from datetime import date

    from ledger import create_app, db
    from ledger.agreements.services import create_agreement
    from ledger.communities.services import create_community
    from ledger.operators.services import create_operator
    from ledger.setup_commands import migrate
    app = create_app({"DATABASE_URL": url, "INSTANCE_DIR": str(folder), "SECRET_KEY": "benchmark"})
    with app.app_context():
        migrate(app)
        with db.unit_of_work(app) as session:
            community = create_community(session, "bench", "基准社区", created_by="system")
            for code in OPERATORS:
                create_operator(session, community, code, code, "other", "community_collects", created_by="system")
                create_agreement(session, community, {
                    "operator": code, "effective_from": date(2020, 1, 1), "basis": "gross", "period": "month",
                    "shares": [{"to": "public_benefit", "percent": "10"}]}, created_by="system")
        db.engine(app).dispose()


# -- measurements -------------------------------------------------------------------------

# The command as `ledger import` runs it, reporting at exit the process's own peak resident
# memory (VmHWM: since exec; ru_maxrss of a child counts the parent's memory before exec).
PEAK_REPORTER = """
import atexit, os
def _peak():
    with open("/proc/self/status") as status, open(os.environ["LEDGER_BENCH_PEAK_FILE"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(_peak)
from ledger.cli import main
main()
"""


def run_import(url: str, folder: Path, path: Path, *, commit: bool) -> tuple[float, float]:
    """(seconds, peak MiB) of `ledger import` in its own process."""
    peak_file = folder / "peak.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEDGER_DATABASE_URL": url, "LEDGER_INSTANCE_DIR": str(folder),
           "LEDGER_SECRET_KEY": "benchmark", "LEDGER_BENCH_PEAK_FILE": str(peak_file)}
    args = [sys.executable, "-c", PEAK_REPORTER, "import", str(path), "--community", "bench"]
    with (folder / "out.txt").open("w") as out, (folder / "err.txt").open("w") as err:
        start = time.perf_counter()
        returncode = subprocess.call(args + (["--commit"] if commit else []), env=env, stdout=out, stderr=err)
        seconds = time.perf_counter() - start
    if returncode != 0:
        raise RuntimeError(f"ledger import failed: {(folder / 'out.txt').read_text()[-500:]}"
                           f"{(folder / 'err.txt').read_text()[-500:]}")
    return seconds, int(peak_file.read_text()) / 1024


def bare_load(backend: str, url: str, folder: Path, path: Path) -> float:
    """Seconds for the bare driver to read the CSV and insert its rows into a plain table."""
    start = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = ((r[0], r[1], _fen(r[2]), r[3], r[4], r[5], r[6], r[7]) for r in reader)
        if backend == "sqlite":
            _sqlite_load(folder / "bare.sqlite3", rows)
        else:
            _postgres_load(url, rows)
    return time.perf_counter() - start


def _fen(text: str) -> int:
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0"))


def _sqlite_load(path: Path, rows) -> None:
    import sqlite3
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute(f"CREATE TABLE bare_income (id INTEGER PRIMARY KEY, {BARE_COLUMNS})")
    connection.execute("BEGIN")
    connection.executemany(f"INSERT INTO bare_income ({BARE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute("COMMIT")
    connection.close()


def _postgres_load(url: str, rows) -> None:
    import psycopg
    from sqlalchemy.engine import make_url
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bare_income (id bigserial PRIMARY KEY, occurred_on date, operator text, "
                       "amount bigint, channel text, category text, reference text, payer text, note text)")
        with cursor.copy(f"COPY bare_income ({BARE_COLUMNS}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)


def measure(backend: str, count: int) -> dict:
    """One file of ``count`` rows: dry run, commit and bare load, side by side."""
    folder = Path(tempfile.mkdtemp(prefix="ledger-bench-imports-", dir=os.environ.get("LEDGER_BENCH_DIR")))
    try:
        path = folder / "incomes.csv"
        write_csv(path, count)
        with database(backend, folder) as url:
            progress(f"{backend}: {count:,} rows, dry run")
            dry_seconds, dry_mib = run_import(url, folder, path, commit=False)
            progress(f"{backend}: {count:,} rows, --commit")
            commit_seconds, commit_mib = run_import(url, folder, path, commit=True)
            bare_seconds = bare_load(backend, url, folder, path)
        return {"count": count, "dry": (dry_seconds, dry_mib), "commit": (commit_seconds, commit_mib),
                "bare": bare_seconds}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(scale: str) -> list[dict]:
    small, large = SIZES[scale]
    chosen, rows = support.backends("import")
    for backend in chosen:
        low, high = measure(backend, small), measure(backend, large)
        bare_rate = large / high["bare"]
        driver = "sqlite3 executemany, one transaction" if backend == "sqlite" else "psycopg COPY"
        rows += [
            row(f"import --commit {large:,} rows [{backend}]", large / high["commit"][0], bare_rate, "rows/s",
                f"each row through record_income in one transaction; baseline: csv + {driver}, plain table"),
            row(f"import dry run {large:,} rows [{backend}]", large / high["dry"][0], bare_rate, "rows/s",
                "every row checked against the ledger, nothing written; same baseline"),
            row(f"import --commit peak memory [{backend}]", high["commit"][1], low["commit"][1], "MiB",
                f"{large:,} rows (ours) vs {small:,} rows (baseline): flat when the ratio is near 1"),
            row(f"import dry run peak memory [{backend}]", high["dry"][1], low["dry"][1], "MiB",
                f"{large:,} rows (ours) vs {small:,} rows (baseline)"),
        ]
        progress(f"{backend} measured: {json.dumps({'small': low, 'large': high})}")  # kept if a later one fails
    return rows


if __name__ == "__main__":
    support.main(run)
