"""Real job workers for tests: `ledger worker` in a process group of its own, on the
test's database and a given queue (a SQLite file, or Redis)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ledger import create_app, db
from tests.conftest import ApiClient
from tests.processes import kill_group, stop_group

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("LEDGER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REQUIRE_REDIS = os.environ.get("LEDGER_REQUIRE_REDIS") == "1"


def redis_problem() -> str | None:
    try:
        import redis
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return None
    except Exception as exc:  # any failure to connect means "no server here"
        return f"Redis not reachable at {REDIS_URL}: {exc.__class__.__name__}"


def queue_url(kind: str, instance: Path) -> str:
    """The queue of a test: its own SQLite file, or Redis (skipped without a server, unless
    LEDGER_REQUIRE_REDIS=1, as CI sets)."""
    if kind == "sqlite":
        return f"sqlite:///{instance / 'queue.sqlite3'}"
    problem = redis_problem()
    if problem:
        if REQUIRE_REDIS:
            pytest.fail(problem + " (LEDGER_REQUIRE_REDIS=1)")
        pytest.skip(problem)
    return REDIS_URL


@dataclass
class Workers:
    settings: dict  # LEDGER_* without the prefix
    log: Path
    process: subprocess.Popen | None = None
    extra: dict = field(default_factory=dict)

    @property
    def env(self) -> dict:
        return {**os.environ, "PYTHONPATH": str(ROOT),
                **{f"LEDGER_{k}": str(v) for k, v in {**self.settings, **self.extra}.items()}}

    def start(self, *args: str) -> None:
        with self.log.open("ab") as handle:
            self.process = subprocess.Popen([sys.executable, "-m", "ledger", "worker", *args], env=self.env,
                                            cwd=ROOT, stdout=handle, stderr=handle, start_new_session=True)

    def kill(self) -> None:
        """kill -9 the worker and its worker processes: no chance to clean up."""
        kill_group(self.process)

    def stop(self) -> None:
        stop_group(self.process, timeout=20)


def queued_app(database_url: str, instance: Path, queue: str):
    """An app on the test's database whose jobs go to ``queue`` (not run in the request)."""
    return create_app({"DATABASE_URL": database_url, "INSTANCE_DIR": str(instance), "SECRET_KEY": "test-secret",
                       "TESTING": True, "QUEUE_URL": queue, "QUEUE_NAME": f"test-{uuid.uuid4().hex[:8]}"})


def client_of(app, user: ApiClient) -> ApiClient:
    return ApiClient(app.test_client(), user.token, user.username)


def workers_for(app, log: Path, **extra) -> Workers:
    settings = {name: app.config["LEDGER"][name] for name in ("DATABASE_URL", "INSTANCE_DIR", "QUEUE_URL",
                                                                "QUEUE_NAME")}
    return Workers({**settings, "SECRET_KEY": "test-secret"}, log, extra=extra)


def wait_for(user: ApiClient, url: str, done, timeout: float = 120) -> dict:
    """Poll the job until ``done(job)``; the last answer."""
    deadline = time.monotonic() + timeout
    while True:
        job = user.get(url).json
        if done(job):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"the job never got there: {job}")
        time.sleep(0.2)


def dispose(app) -> None:
    db.dispose(app)
