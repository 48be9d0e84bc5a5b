"""What every benchmark module shares: scales, result rows, the table, timing, and
temporary migrated databases on SQLite and PostgreSQL.

Environment:
- ``LEDGER_BENCH_POSTGRES_URL``: a PostgreSQL database to connect to in order to create and
  drop private benchmark databases (default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``);
- ``LEDGER_BENCH_BACKENDS``: ``sqlite,postgresql`` by default; name one to run only it;
- ``LEDGER_BENCH_DIR``: where the SQLite files go (default: the system temporary folder).
"""
from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

SCALES = ("tiny", "small", "full")
BACKENDS = ("sqlite", "postgresql")
PG_ADMIN_URL = os.environ.get("LEDGER_BENCH_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
KEYS = ("name", "ours", "baseline", "unit", "ratio", "note")


# --- scales and rows -------------------------------------------------------------------

def sized(scale: str, *, tiny, small, full):
    """The value for this scale."""
    try:
        return {"tiny": tiny, "small": small, "full": full}[scale]
    except KeyError:
        raise ValueError(f"unknown scale {scale!r}: one of {', '.join(SCALES)}") from None


def row(name: str, ours: float | None, baseline: float | None, unit: str, *, note: str = "",
        ratio: float | None = None) -> dict:
    """One result: ``ratio`` defaults to ours / baseline."""
    if ratio is None and ours is not None and baseline:
        ratio = ours / baseline
    return {"name": name, "ours": ours, "baseline": baseline, "unit": unit, "ratio": ratio, "note": note}


def note_row(name: str, note: str) -> dict:
    """A row that carries only a note (a skipped or failed benchmark)."""
    return row(name, None, None, "", note=note)


def number(value: float | None) -> str:
    """A figure with three significant digits (more for large numbers), or '-'."""
    if value is None:
        return "-"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _cells(rows: list[dict]) -> list[list[str]]:
    return [[r["name"], number(r["ours"]), number(r["baseline"]), r["unit"], number(r["ratio"]), r["note"]]
            for r in rows]


HEADER = ["benchmark", "ours", "baseline", "unit", "ratio", "note"]


def format_table(rows: list[dict]) -> str:
    """A plain-text table with aligned columns (numbers right-aligned)."""
    cells = _cells(rows)
    widths = [max(len(HEADER[i]), *(len(c[i]) for c in cells)) if cells else len(HEADER[i])
              for i in range(len(HEADER))]
    right = {1, 2, 4}

    def line(values):
        return "  ".join(v.rjust(w) if i in right else v.ljust(w)
                         for i, (v, w) in enumerate(zip(values, widths))).rstrip()

    return "\n".join([line(HEADER), line(["-" * w for w in widths]), *(line(c) for c in cells)])


def markdown_table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|---|--:|--:|---|--:|---|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |" for cells in _cells(rows)]
    return "\n".join(lines)


def check_rows(rows: object, module: str) -> list[dict]:
    """The rows a module returned, or TypeError naming what breaks the contract."""
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise TypeError(f"{module}.run() must return a list of dicts")
    for r in rows:
        missing = set(KEYS) - r.keys()
        if missing:
            raise TypeError(f"{module}.run() row {r.get('name')!r} lacks {', '.join(sorted(missing))}")
    return rows


def main(run: Callable[[str], list[dict]], argv: list[str] | None = None) -> None:
    """Run one module alone: ``python -m benchmarks.<name> --scale small``."""
    parser = argparse.ArgumentParser(description=(run.__module__ or "benchmark"))
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    rows = check_rows(run(args.scale), run.__module__)
    print(markdown_table(rows) if args.markdown else format_table(rows))


def progress(message: str) -> None:
    """A progress line on stderr (the table goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- timing --------------------------------------------------------------------------

def timed(fn: Callable, *args, **kwargs) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def median_seconds(fn: Callable[[], object], *, repeat: int, warmup: int = 1) -> float:
    """The median wall time of ``repeat`` calls after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def medians_in_turn(calls: tuple[Callable[[], object], ...], *, repeat: int,
                    warmup: int = 1) -> tuple[float, ...]:
    """The median wall time of each call, the calls measured in turn, round after round, so
    that a change in the machine's load weighs on all of them alike."""
    samples: tuple[list[float], ...] = tuple([] for _ in calls)
    for attempt in range(warmup + repeat):
        for index, call in enumerate(calls):
            start = time.perf_counter()
            call()
            if attempt >= warmup:
                samples[index].append(time.perf_counter() - start)
    return tuple(statistics.median(found) for found in samples)


def profiled(run: Callable[[], float], describe: Callable[[float], str], *, html: str | None = None,
             enabled: bool = True) -> None:
    """Run ``run`` (it returns its seconds) under pyinstrument; print ``describe(seconds)`` and
    where the time went (``pip install pyinstrument``), and write an HTML report to ``html``."""
    profiler = None
    if enabled:
        from pyinstrument import Profiler
        profiler = Profiler(interval=0.0005)
        profiler.start()
    seconds = run()
    if profiler is not None:
        profiler.stop()
    print(describe(seconds))
    if profiler is not None:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if html:
            with open(html, "w") as handle:
                handle.write(profiler.output_html())


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    index = max(0, math.ceil(fraction * len(sorted_values)) - 1)
    return sorted_values[index]


# --- databases -----------------------------------------------------------------------

@lru_cache(maxsize=1)
def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    from sqlalchemy import create_engine, text
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means "no server here"
        return f"PostgreSQL not reachable ({exc.__class__.__name__})"


def backends(label: str) -> tuple[list[str], list[dict]]:
    """The backends to measure, and note rows for those skipped."""
    wanted = [b.strip() for b in os.environ.get("LEDGER_BENCH_BACKENDS", ",".join(BACKENDS)).split(",") if b.strip()]
    chosen, skipped = [], []
    for backend in wanted:
        if backend not in BACKENDS:
            raise ValueError(f"LEDGER_BENCH_BACKENDS: unknown backend {backend!r}")
        if backend == "postgresql" and postgres_problem():
            skipped.append(note_row(f"{label} [postgresql]", f"skipped: {postgres_problem()}"))
        else:
            chosen.append(backend)
    return chosen, skipped


@dataclass(frozen=True)
class Database:
    backend: str
    url: str  # SQLAlchemy URL
    folder: Path  # instance folder (the SQLite file lives here)

    def app(self, **config):
        from ledger import create_app
        return create_app({"DATABASE_URL": self.url, "INSTANCE_DIR": str(self.folder),
                           "SECRET_KEY": "benchmark", **config})

    def connect(self):
        """A bare driver connection (sqlite3 in autocommit mode with the ledger's pragmas, or psycopg)."""
        if self.backend == "sqlite":
            import sqlite3
            connection = sqlite3.connect(self.url.removeprefix("sqlite:///"), isolation_level=None)
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):
                connection.execute(f"PRAGMA {pragma}")
            return connection
        import psycopg
        return psycopg.connect(self.conninfo, autocommit=True)

    @property
    def conninfo(self) -> str:
        from sqlalchemy.engine import make_url
        return make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)

    def environment(self) -> dict[str, str]:
        """LEDGER_* variables that point a process at this database."""
        return {"LEDGER_DATABASE_URL": self.url, "LEDGER_INSTANCE_DIR": str(self.folder),
                "LEDGER_SECRET_KEY": "benchmark"}


def _migrate(database: Database) -> None:
    from ledger import db
    from ledger.setup_commands import migrate
    app = database.app()
    with app.app_context():
        migrate(app)
        db.engine(app).dispose()


@contextmanager
def database(backend: str, label: str = "bench") -> Iterator[Database]:
    """A new, migrated, empty database, dropped afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=f"ledger-bench-{label}-", dir=os.environ.get("LEDGER_BENCH_DIR")))
    try:
        if backend == "sqlite":
            found = Database(backend, f"sqlite:///{folder / 'ledger.sqlite3'}", folder)
            _migrate(found)
            yield found
            return
        with _postgres_database(label) as url:
            found = Database(backend, url, folder)
            _migrate(found)
            yield found
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _postgres_database(label: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    name = f"ledger_bench_{label}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- a community to work on -------------------------------------------------------------

OPERATORS = (("cafe", "咖啡吧", "cafe", "wechat"), ("canteen", "长者食堂", "canteen", "alipay"),
             ("parking", "停车场", "parking", "bank"), ("market", "周末市集", "market", "cash"))


def seed_community(session, code: str = "bench", *, operators: int = 1, percent: str = "10",
                   effective_from: date = date(2000, 1, 1)):
    """A community with ``operators`` community-collected operators, each with an open-ended
    gross agreement sending ``percent`` % to the public-benefit fund. Returns the community."""
    from ledger.agreements.services import create_agreement
    from ledger.communities.services import create_community
    from ledger.operators.services import create_operator
    community = create_community(session, code, f"基准社区 {code}", created_by="system")
    for operator_code, name, kind, _ in OPERATORS[:operators]:
        create_operator(session, community, operator_code, name, kind, "community_collects", created_by="system")
        create_agreement(session, community, {
            "operator": operator_code, "effective_from": effective_from, "basis": "gross", "period": "month",
            "shares": [{"to": "public_benefit", "percent": percent}]}, created_by="system")
    return community


# --- the machine -----------------------------------------------------------------------

def machine() -> dict[str, str]:
    """What the figures were measured on."""
    import platform
    import sqlite3

    import sqlalchemy
    info = {"cpu": _cpu_model(), "cores": str(os.cpu_count()), "memory": _memory(),
            "os": platform.platform(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "sqlalchemy": sqlalchemy.__version__,
            "postgresql": _postgres_version()}
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _postgres_version() -> str:
    if postgres_problem():
        return "not reachable"
    from sqlalchemy import create_engine, text
    engine = create_engine(PG_ADMIN_URL)
    with engine.connect() as connection:
        version = connection.execute(text("show server_version")).scalar_one()
    engine.dispose()
    return version
