"""Jobs whose worker died, and files past their time. Both run as the queue's periodic
tasks (every minute, every hour), and the first also when `ledger worker` starts.

A running job's worker is dead when it is a process of this machine that no longer
exists (found at once), or when it has not been heard of for LEDGER_JOB_LEASE_SECONDS
(any machine). Its job is then queued again, or failed with the reason once it has
been run LEDGER_JOB_ATTEMPTS times. Every change is conditional on the row being
what was read, so two sweeps, or a sweep and a finishing worker, never both win.
"""
from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from ledger import db
from ledger.jobs import queue
from ledger.jobs.models import Job
from ledger.jobs.progress import read_live
from ledger.jobs.runner import EXPORTS
from ledger.jobs.services import as_utc
from ledger.timeutil import utcnow

log = logging.getLogger(__name__)


def process_gone(worker: str | None) -> bool:
    """A worker of this machine whose process no longer exists."""
    host, _, pid = (worker or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: alive
        return False
    return False


def silent(app: Flask, job: Job, lease: timedelta) -> bool:
    """Not heard of within the lease, in its row or in the queue's store."""
    cutoff = utcnow() - lease
    heard = as_utc(job.heartbeat_at)
    if heard is not None and heard >= cutoff:
        return False
    live = read_live(app, job.id)
    return live is None or live.at < cutoff


def sweep(app: Flask) -> list[int]:
    """Queue again (or fail) every running job whose worker is dead; the ids queued again."""
    settings = app.config["LEDGER"]
    lease, attempts = timedelta(seconds=settings["JOB_LEASE_SECONDS"]), settings["JOB_ATTEMPTS"]
    again = []
    with app.app_context():
        try:
            with db.unit_of_work(app, quick=True) as session:
                for job in session.execute(select(Job).where(Job.state == "running")).scalars().all():
                    if process_gone(job.worker) or silent(app, job, lease):
                        if _recover(session, job, attempts):
                            again.append(job.id)
                        _remove_partial_file(app, job)
        except OperationalError:  # SQLite busy with a long write: the next sweep will do
            log.info("job sweep skipped: the database is busy")
            return []
        for job_id in again:
            queue.enqueue(app, job_id)
    return again


def _recover(session, job: Job, attempts: int) -> bool:
    """Queue it again (True) or fail it, if it is still as it was read."""
    still = (Job.id == job.id, Job.state == "running", Job.worker == job.worker, Job.attempts == job.attempts)
    if job.attempts < attempts:
        values = {"state": "queued", "worker": None, "heartbeat_at": None}
        log.warning("job %s: its worker %s died during run %s; queued again", job.id, job.worker, job.attempts)
    else:
        values = {"state": "failed", "finished_at": utcnow(),
                  "error": f"its worker stopped during the run ({job.attempts} of {attempts} runs); "
                           f"ask for it again"}
        log.warning("job %s: its worker %s died during its last run; failed", job.id, job.worker)
    changed = session.execute(update(Job).execution_options(synchronize_session=False).where(*still)
                              .values(**values)).rowcount
    return changed == 1 and values["state"] == "queued"


def _remove_partial_file(app: Flask, job: Job) -> None:
    """What the cut-off run had written of its file (runner.Run.output names it)."""
    folder = Path(app.instance_path) / EXPORTS / str(job.community_id)
    for partial in folder.glob(f"{job.id}-{job.attempts}-*"):
        partial.unlink(missing_ok=True)


def enqueue_waiting(app: Flask) -> int:
    """Hand every queued job to the queue again (at a worker's start: a message lost with
    a queue that was emptied is found this way; one delivered twice runs once)."""
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        waiting = list(session.execute(select(Job.id).where(Job.state == "queued").order_by(Job.id)).scalars())
    for job_id in waiting:
        queue.enqueue(app, job_id)
    return len(waiting)


def expire_files(app: Flask) -> int:
    """Delete the files of jobs finished more than LEDGER_EXPORT_DAYS days ago (the row
    stays, marked expired; the file goes once that is committed)."""
    cutoff = utcnow() - timedelta(days=app.config["LEDGER"]["EXPORT_DAYS"])
    with app.app_context():
        with db.unit_of_work(app) as session:
            old = session.execute(select(Job.id, Job.file_path).where(
                Job.file_path.is_not(None), Job.finished_at < cutoff)).all()
            if old:
                session.execute(update(Job).execution_options(synchronize_session=False)
                                .where(Job.id.in_([job_id for job_id, _ in old])).values(file_path=None,
                                                                                      expired_at=utcnow()))
        for _, path in old:
            (Path(app.instance_path) / path).unlink(missing_ok=True)
    return len(old)
