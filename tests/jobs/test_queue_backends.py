"""Jobs on real workers (`ledger worker`), on both queues: the embedded SQLite file and
Redis; on both databases."""
from __future__ import annotations

import io

import pytest

from reports import verify_workbook
from tests.jobs.workers import client_of, dispose, queue_url, queued_app, wait_for, workers_for

BASE = "/api/v1/communities/fenghe"


@pytest.fixture(params=["sqlite", "redis"])
def queue_kind(request) -> str:
    return request.param


@pytest.mark.slow
def test_a_worker_runs_the_export_and_the_import(queue_kind, database_url, tmp_path, cafe_incomes, auditor,
                                                 officer):
    app = queued_app(database_url, tmp_path / "instance", queue_url(queue_kind, tmp_path / "instance"))
    workers = workers_for(app, tmp_path / "worker.log")
    reader, writer = client_of(app, auditor), client_of(app, officer)
    try:
        asked = reader.post(f"{BASE}/exports", json={"kind": "audit_workbook", "from": "2026-01-01",
                                                     "to": "2026-12-31"})
        assert asked.status_code == 202 and reader.get(asked.json["url"]).json["state"] == "queued"
        workers.start("--workers", "1")
        job = wait_for(reader, asked.json["url"], lambda job: job["state"] in ("done", "failed"))
        assert job["state"] == "done", (job, workers.log.read_text()[-3000:])
        assert job["done"] == job["total"] == 18 and job["attempts"] == 1  # six incomes, three lines each
        response = reader.get(job["file"])
        path = tmp_path / "audit.xlsx"
        path.write_bytes(response.get_data())
        response.close()
        assert verify_workbook(str(path)).ok

        data = "日期,经营主体,金额,渠道\n2026-03-20,cafe,12.30,微信\n".encode()
        started = writer.post(f"{BASE}/imports", data={"file": (io.BytesIO(data), "a.csv"), "commit": "true",
                                                       "background": "true"}, content_type="multipart/form-data")
        job = wait_for(writer, started.json["url"], lambda job: job["state"] in ("done", "failed"))
        assert job["state"] == "done" and job["result"]["batch"]["total"] == "12.30", job
    finally:
        workers.stop()
        dispose(app)
