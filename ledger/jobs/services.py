"""The job table: asking for a job, claiming it, its progress and end, reading it.

Every change of a running job's row is conditional on the worker and attempt that
claimed it, so a worker that was given up for dead (and whose job was handed to
another) can neither report progress nor finish: its writes match no row.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from flask import current_app
from sqlalchemy import event, select, update
from sqlmodel import Session

from ledger.auth.access import PUBLIC, READ, WRITE
from ledger.communities.models import Community
from ledger.core.errors import Conflict, NotFound
from ledger.jobs import queue
from ledger.jobs.models import EXPORT_KINDS, Job
from ledger.timeutil import utcnow

log = logging.getLogger(__name__)

# Who may ask for, follow and download each kind: the same as the direct way of doing it.
PERMISSION = {"audit_workbook": READ, "journal_csv": READ, "chain_verification": READ,
              "disclosure_workbook": PUBLIC, "import_check": WRITE, "import_commit": WRITE}
UNFINISHED = ("queued", "running")


class LostClaim(Conflict):
    """The job was handed to another run while this one worked: its work is thrown away."""
    code = "job_lost"


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives timestamps back without their zone; they are all UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def create(session: Session, community: Community, kind: str, params: dict[str, Any], *, created_by: str) -> Job:
    """A queued job; it is handed to a worker once the caller's transaction commits (a
    worker must find the row). Flushes, never commits."""
    job = Job(community_id=community.id, kind=kind, params=params, created_by=created_by)
    session.add(job)
    session.flush()
    app, job_id = current_app._get_current_object(), job.id
    event.listen(session, "after_commit", lambda _session: _hand_over(app, job_id), once=True)
    return job


def _hand_over(app, job_id: int) -> None:
    try:
        queue.enqueue(app, job_id)
    except Exception:  # the queue is down: the job waits, and `ledger worker` enqueues it at start
        log.exception("job %s could not be queued; it stays queued until a worker starts", job_id)


def get(session: Session, community: Community, job_id: int, *, exports_only: bool = False) -> Job:
    """A job of this community (another community's is not found)."""
    job = session.get(Job, job_id)
    if job is None or job.community_id != community.id or (exports_only and job.kind not in EXPORT_KINDS):
        raise NotFound(f"no job {job_id}")
    return job


def recent(session: Session, community: Community, username: str, *, before: int | None = None,
           limit: int = 10) -> list[Job]:
    """The user's jobs in this community, newest first, after an integer cursor."""
    query = select(Job).where(Job.community_id == community.id, Job.created_by == username)
    if before is not None:
        query = query.where(Job.id < before)
    return list(session.execute(query.order_by(Job.id.desc()).limit(limit)).scalars())


def claim(session: Session, job_id: int, worker: str) -> Job | None:
    """queued -> running for this worker, or None if it is not queued (another worker has
    it, it is finished, or it does not exist)."""
    now = utcnow()
    claimed = session.execute(update(Job).execution_options(synchronize_session=False).where(Job.id == job_id, Job.state == "queued").values(
        state="running", attempts=Job.attempts + 1, worker=worker, started_at=now, heartbeat_at=now, done=0,
        error=None)).rowcount
    return session.get(Job, job_id) if claimed == 1 else None


def _mine(job_id: int, worker: str, attempt: int):
    return (Job.id == job_id, Job.state == "running", Job.worker == worker, Job.attempts == attempt)


def beat(session: Session, job_id: int, worker: str, attempt: int, done: int, total: int | None) -> bool:
    """Progress and a sign of life; False if the job is no longer this run's."""
    return session.execute(update(Job).execution_options(synchronize_session=False).where(*_mine(job_id, worker, attempt)).values(
        done=done, total=total, heartbeat_at=utcnow())).rowcount == 1


def finish(session: Session, job_id: int, worker: str, attempt: int, *, state: str, **fields: Any) -> None:
    """running -> done or failed, with the result, error and file. Raises LostClaim (so
    that the caller's transaction rolls back) if the job is no longer this run's."""
    changed = session.execute(update(Job).execution_options(synchronize_session=False).where(*_mine(job_id, worker, attempt)).values(
        state=state, finished_at=utcnow(), heartbeat_at=utcnow(), **fields)).rowcount
    if changed != 1:
        raise LostClaim(f"job {job_id} was handed to another run")


def release(session: Session, job_id: int, worker: str, attempt: int) -> None:
    """running -> queued again, this run not counted (it could not start its work)."""
    session.execute(update(Job).execution_options(synchronize_session=False).where(
        *_mine(job_id, worker, attempt)).values(state="queued", worker=None, heartbeat_at=None,
                                                attempts=Job.attempts - 1, done=0))


def mark_seen(session: Session, job: Job, username: str) -> None:
    """Its requester has seen the finished job (a to-do list asks for the unseen ones)."""
    if job.state not in UNFINISHED and job.seen_at is None and job.created_by == username:
        session.execute(update(Job).execution_options(synchronize_session=False).where(Job.id == job.id, Job.seen_at.is_(None)).values(seen_at=utcnow()))
