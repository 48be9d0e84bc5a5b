"""A large import's commit on SQLite holds the database's only write lock until it ends:
its progress still moves while it runs (kept in the queue's store meanwhile), and two
such imports at once take turns instead of failing."""
from __future__ import annotations

import io
import time

import pytest

from tests.imports.import_rows import csv_bytes
from tests.jobs.workers import client_of, dispose, queue_url, queued_app, wait_for, workers_for

URL = "/api/v1/communities/fenghe/imports"
ROWS = 3_000


def big_file(tag: str) -> bytes:
    return csv_bytes(*(f"2026-03-{1 + n % 28:02d},cafe,{1 + n % 97}.{n % 100:02d},微信,,{tag}-{n},,"
                       for n in range(ROWS)))


def start(user, data: bytes):
    response = user.post(URL, data={"file": (io.BytesIO(data), "big.csv"), "commit": "true"},
                         content_type="multipart/form-data")
    assert response.status_code == 202, response.json  # more rows than LEDGER_IMPORT_JOB_ROWS
    return response.json["url"]


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_progress_moves_during_a_commit_and_two_commits_take_turns(backend, database_url, tmp_path,
                                                                   make_operator, officer):
    make_operator("cafe", name="咖啡吧", percent="10")
    app = queued_app(database_url, tmp_path / "instance", queue_url("sqlite", tmp_path / "instance"))
    workers = workers_for(app, tmp_path / "worker.log", SQLITE_BUSY_TIMEOUT=5)
    user = client_of(app, officer)
    try:
        workers.start("--workers", "2")
        first, second = start(user, big_file("A")), start(user, big_file("B"))
        seen, deadline = set(), time.monotonic() + 300
        while (job := user.get(first).json)["state"] != "done":
            assert job["state"] != "failed" and time.monotonic() < deadline, job
            if job["state"] == "running":
                seen.add(job["done"])
            time.sleep(0.2)
        assert {done for done in seen if 0 < done < 2 * ROWS}, seen  # it moved while it ran
        assert job["done"] == job["total"] == 2 * ROWS and job["result"]["rows"] == ROWS
        other = wait_for(user, second, lambda job: job["state"] in ("done", "failed"), timeout=300)
        assert other["state"] == "done", (other, workers.log.read_text()[-3000:])
        assert other["result"]["batch"]["rows"] == ROWS
    finally:
        workers.stop()
        dispose(app)
