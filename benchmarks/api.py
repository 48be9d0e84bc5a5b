"""API throughput: ``POST /api/v1/communities/{c}/incomes`` served by gunicorn.

Ours: ``gunicorn -w 2 'ledger:create_app()'`` (sync workers, the deployment's command) on
127.0.0.1 with the ledger on SQLite or PostgreSQL; an officer's bearer token; every
request a new income with its own Idempotency-Key.

Baseline: the same gunicorn command serving ``benchmarks.bare_app`` (a bare Flask JSON
endpoint at the same path), measured in the same run.

The load comes from a second process (``benchmarks.loadgen``): 16 connections, a bounded
number of requests after a warm-up. Reported: requests per second (aim: ratio >= 0.4)
and p50 / p99 latency (aim: p99 < 50 ms). Afterwards every income is checked to be in
the journal and the chain to verify.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import func, select

from benchmarks import support

SCALES = ("tiny", "small", "full")
ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
CONNECTIONS = 16
PATH = "/api/v1/communities/{c}/incomes"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(app: str, environment: dict[str, str], log: Path) -> Iterator[int]:
    """Serve ``app`` with gunicorn (``WORKERS`` sync workers) on a free port until the block ends."""
    port = free_port()
    env = {**os.environ, **environment, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                                   os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
               "--error-logfile", str(log), "--log-level", "warning", app]
    server = subprocess.Popen(command, env=env, cwd=str(log.parent), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_until_listening(server, port, log)
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_listening(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers (a 404 is an answer)
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start listening within 60 s")


def load(port: int, path: str, token: str, requests: int, warmup: int, label: str) -> dict:
    """Run the load generator in its own process and return its figures."""
    command = [sys.executable, "-m", "benchmarks.loadgen", "--port", str(port), "--path", path, "--token", token,
               "--connections", str(CONNECTIONS), "--requests", str(requests), "--warmup", str(warmup),
               "--label", label]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=3600)
    return json.loads(done.stdout)


def prepare(database: support.Database) -> str:
    """The community, its operator and agreement, and an officer; returns the officer's token."""
    from ledger import db
    from ledger.auth import services as auth
    app = database.app()
    with app.app_context(), db.unit_of_work(app) as session:
        support.seed_community(session, "bench")
        user = auth.create_user(session, "officer", "officer", created_by="system", communities=["bench"])
        token = auth.issue_token(session, user, created_by="system")
    db.engine(app).dispose()
    return token


def check(database: support.Database, expected: int) -> None:
    from ledger import db
    from ledger.communities.models import Community
    from ledger.incomes.models import Income
    from ledger.journal.chain import verify
    app = database.app()
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        community = session.execute(select(Community).where(Community.code == "bench")).scalar_one()
        found = session.execute(select(func.count()).where(Income.community_id == community.id)).scalar_one()
        if found != expected:
            raise AssertionError(f"{found} incomes recorded, {expected} expected")
        broken = verify(session, community)
        if broken is not None:
            raise AssertionError(f"the chain breaks at seq {broken.seq}: {broken.reason}")
    db.engine(app).dispose()


def measure(database: support.Database, requests: int, warmup: int) -> list[dict]:
    label = database.backend
    token = prepare(database)
    path = PATH.format(c="bench")
    figures = {}
    for name, app in (("ours", "ledger:create_app()"), ("bare", "benchmarks.bare_app:create_app()")):
        support.progress(f"api [{label}]: {requests} requests to {name} at {CONNECTIONS} connections")
        with gunicorn(app, database.environment(), database.folder / f"gunicorn-{name}.log") as port:
            figures[name] = load(port, path, token, requests, warmup, f"{label}-{name}")
        if figures[name]["statuses"] != {"201": requests}:
            raise AssertionError(f"{name}: answers other than 201: {figures[name]['statuses']}")
    check(database, requests + warmup)
    ours, bare = figures["ours"], figures["bare"]
    conditions = f"gunicorn {WORKERS} sync workers, {CONNECTIONS} connections, n={requests}"
    return [
        support.row(f"POST incomes [{label}] requests/s", ours["requests_per_second"], bare["requests_per_second"],
                    "req/s", note=f"aim >= 0.4; baseline: bare Flask JSON endpoint; {conditions}"),
        support.row(f"POST incomes [{label}] p50 latency", ours["p50_ms"], bare["p50_ms"], "ms",
                    note="baseline: bare Flask JSON endpoint"),
        support.row(f"POST incomes [{label}] p99 latency", ours["p99_ms"], bare["p99_ms"], "ms",
                    note=f"aim < 50 ms; max {ours['max_ms']:.0f} ms (bare {bare['max_ms']:.0f} ms)"),
    ]


def run(scale: str) -> list[dict]:
    requests = support.sized(scale, tiny=40, small=1000, full=20000)
    warmup = support.sized(scale, tiny=10, small=100, full=1000)
    chosen, skipped = support.backends("api")
    rows = []
    for backend in chosen:
        with support.database(backend, "api") as database:
            rows += measure(database, requests, warmup)
    return rows + skipped


if __name__ == "__main__":
    support.main(run)
