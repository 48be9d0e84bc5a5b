"""A job runs once however often it is delivered; a run whose worker died is run again,
or failed with the reason; a run given up for dead can no longer write."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from ledger import db
from ledger.jobs import recovery, runner, services
from ledger.timeutil import utcnow

DEAD = "nowhere.invalid:1"  # a worker on another machine: dead only once silent for the lease


def claim(app, job_id: int, worker: str):
    with app.app_context(), db.unit_of_work(app) as session:
        job = services.claim(session, job_id, worker)
        return None if job is None else job.attempts


def test_of_concurrent_claims_exactly_one_wins(app, make_job, job_row):
    job_id = make_job()
    results, start = {}, threading.Barrier(6)

    def contend(n: int) -> None:
        start.wait()
        results[n] = claim(app, job_id, f"worker-{n}:{n}")

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [n for n, attempt in results.items() if attempt is not None]
    assert len(winners) == 1 and results[winners[0]] == 1
    row = job_row(job_id)
    assert (row.state, row.attempts, row.worker) == ("running", 1, f"worker-{winners[0]}:{winners[0]}")


def test_a_message_delivered_twice_runs_the_job_once(app, cafe_incomes, auditor, job_row):
    response = auditor.post("/api/v1/communities/fenghe/exports", json={"kind": "audit_workbook"})
    job_id = response.json["id"]
    first = job_row(job_id)
    assert (first.state, first.attempts) == ("done", 1)
    runner.run(app, job_id)  # the same message again
    again = job_row(job_id)
    assert (again.state, again.attempts, again.file_path, again.finished_at) == (
        "done", 1, first.file_path, first.finished_at)


def test_a_run_given_up_for_dead_can_neither_beat_nor_finish(app, make_job, job_row):
    job_id = make_job()
    assert claim(app, job_id, DEAD) == 1
    with app.app_context(), db.unit_of_work(app) as session:  # silent for longer than the lease
        session.get(services.Job, job_id).heartbeat_at = utcnow() - timedelta(minutes=5)
    app.config["LEDGER"]["QUEUE_IMMEDIATE"] = False  # keep it queued: no worker here
    app.extensions.pop("ledger.queue", None)
    app.config["LEDGER"]["QUEUE_URL"] = f"sqlite:///{app.instance_path}/queue.sqlite3"
    assert recovery.sweep(app) == [job_id]
    assert (job_row(job_id).state, job_row(job_id).worker) == ("queued", None)
    with app.app_context(), db.unit_of_work(app) as session:
        assert services.beat(session, job_id, DEAD, 1, 10, 20) is False
        with pytest.raises(services.LostClaim):
            services.finish(session, job_id, DEAD, 1, state="done")
    assert job_row(job_id).state == "queued"


def test_a_job_whose_worker_died_is_run_again(app, cafe_incomes, make_job, job_row):
    job_id = make_job(state="running", attempts=1, worker=f"{recovery.socket.gethostname()}:999999999",
                      heartbeat_at=utcnow())  # this machine, a process that does not exist: dead at once
    assert recovery.sweep(app) == [job_id]  # queued again, and run (immediate mode)
    row = job_row(job_id)
    assert (row.state, row.attempts, row.error) == ("done", 2, None) and row.size > 0


def test_a_job_whose_worker_died_on_its_last_run_fails_with_the_reason(app, make_job, job_row):
    job_id = make_job(state="running", attempts=2, worker=DEAD, heartbeat_at=utcnow() - timedelta(minutes=5))
    assert recovery.sweep(app) == []
    row = job_row(job_id)
    assert row.state == "failed" and row.finished_at is not None
    assert row.error == "its worker stopped during the run (2 of 2 runs); ask for it again"


def test_a_worker_heard_of_within_the_lease_is_left_alone(app, make_job, job_row):
    job_id = make_job(state="running", attempts=1, worker=DEAD, heartbeat_at=utcnow() - timedelta(seconds=5))
    assert recovery.sweep(app) == []
    assert job_row(job_id).state == "running"


def test_a_failed_job_says_why(cafe_incomes, client, job_row):
    response = client.post("/api/v1/communities/fenghe/exports",
                           json={"kind": "disclosure_workbook", "compound": "nowhere", "month": "2026-03"})
    job = client.get(response.json["url"]).json
    assert job["state"] == "failed" and "nowhere" in job["error"]
    assert job["result"]["status"] == 404 and job["file"] is None
    assert client.get(response.json["url"] + "/file").status_code == 409
