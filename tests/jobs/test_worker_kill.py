"""kill -9 of the workers in the middle of a year's audit workbook: after the restart the
job is run again from the start and its file verifies; it is never left "running"."""
from __future__ import annotations

import time
from datetime import date

import pytest

from benchmarks import ledgers, support
from reports import verify_workbook
from tests.jobs.workers import client_of, dispose, queue_url, queued_app, wait_for, workers_for

BUSY = "/api/v1/communities/busy"
TRANSACTIONS = 8_000  # three journal lines each: long enough to be killed in the middle


@pytest.mark.slow
def test_kill_nine_during_a_workbook_and_the_job_runs_again(backend, database_url, tmp_path, app, make_user):
    instance = tmp_path / "instance"
    ledgers.build(support.Database(backend, database_url, instance), "busy", TRANSACTIONS, per_month=1_000,
                  last_month=date(2026, 12, 1), close=False)
    queued = queued_app(database_url, instance, queue_url("sqlite", instance))
    workers = workers_for(queued, tmp_path / "worker.log", JOB_LEASE_SECONDS=600)  # only the dead pid tells
    auditor = client_of(queued, make_user("auditor", "busy"))
    try:
        workers.start("--workers", "1")
        asked = auditor.post(f"{BUSY}/exports", json={"kind": "audit_workbook", "from": "2026-01-01",
                                                      "to": "2026-12-31"})
        assert asked.status_code == 202, asked.json
        running = wait_for(auditor, asked.json["url"], lambda job: job["state"] != "queued" and job["done"] > 0)
        assert running["state"] == "running" and 0 < running["done"] < running["total"] == 3 * TRANSACTIONS
        workers.kill()
        time.sleep(1.5)
        after_kill = auditor.get(asked.json["url"]).json
        assert after_kill["state"] == "running" and after_kill["attempts"] == 1  # nobody is left to say otherwise

        workers.start("--workers", "1")  # finds the job's worker dead, and queues it again
        job = wait_for(auditor, asked.json["url"], lambda job: job["state"] in ("done", "failed"), timeout=300)
        assert job["state"] == "done" and job["attempts"] == 2, (job, workers.log.read_text()[-3000:])
        assert job["done"] == job["total"] == 3 * TRANSACTIONS
        response = auditor.get(job["file"])
        path = tmp_path / "busy.xlsx"
        path.write_bytes(response.get_data())
        response.close()
        verified = verify_workbook(str(path))
        assert verified.ok and verified.transactions == TRANSACTIONS
        assert len(list((instance / "exports").rglob("*.xlsx"))) == 1  # the cut-off run left no file
    finally:
        workers.stop()
        dispose(queued)
