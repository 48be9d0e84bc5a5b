"""A running job's progress and sign of life.

The work counts what it has done (journal lines, rows, transactions) in memory; a
thread beside it writes the count and a heartbeat into the job's row every half
second, each in its own short transaction, so that the requester sees it move.

One case cannot write there: an import's commit on SQLite holds the database's only
write lock until it ends. There the beat gives up after a quarter of a second (the quick engine)
and leaves the count in the queue's key-value store instead (huey's put/get: Redis, or
the queue's own SQLite file); readers of a running job take whichever is newer.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import Flask
from sqlalchemy.exc import OperationalError

from ledger import db
from ledger.jobs import queue, services

log = logging.getLogger(__name__)
INTERVAL = 0.5  # seconds between beats


class Progress:
    """What a job has done of how much; written by the work, read by the beat."""

    def __init__(self) -> None:
        self.done = 0
        self.total: int | None = None

    def add(self, count: int) -> None:
        self.done += count


@dataclass(frozen=True)
class Live:
    done: int
    total: int | None
    at: datetime  # when the worker last wrote it


def _key(job_id: int) -> str:
    return f"job-progress:{job_id}"


def publish_live(app: Flask, job_id: int, done: int, total: int | None) -> None:
    queue.queue(app).huey.put(_key(job_id), (done, total, time.time()))


def read_live(app: Flask, job_id: int) -> Live | None:
    try:
        found = queue.queue(app).huey.get(_key(job_id), peek=True)
    except Exception:  # the queue is out of reach: the row is all there is
        log.warning("could not read job %s's progress from the queue", job_id, exc_info=True)
        return None
    if found is None:
        return None
    done, total, at = found
    return Live(done, total, datetime.fromtimestamp(at, timezone.utc))


def drop_live(app: Flask, job_id: int) -> None:
    try:
        queue.queue(app).huey.delete(_key(job_id))
    except Exception:
        log.warning("could not delete job %s's progress from the queue", job_id, exc_info=True)


class Beat(threading.Thread):
    """Writes a job's progress and heartbeat every INTERVAL seconds until stopped."""

    def __init__(self, app: Flask, job_id: int, worker: str, attempt: int, progress: Progress) -> None:
        super().__init__(name=f"job-{job_id}-beat", daemon=True)
        self.app, self.job_id, self.worker, self.attempt, self.progress = app, job_id, worker, attempt, progress
        self._stop_event = threading.Event()
        self.lost = False  # the job was handed to another run

    def run(self) -> None:
        with self.app.app_context():
            while not self._stop_event.wait(INTERVAL):
                self.write()

    def write(self) -> None:
        done, total = self.progress.done, self.progress.total
        try:
            with db.unit_of_work(self.app, quick=True) as session:
                self.lost = not services.beat(session, self.job_id, self.worker, self.attempt, done, total)
        except OperationalError:  # SQLite's write lock is held (by this job's own import)
            try:
                publish_live(self.app, self.job_id, done, total)
            except Exception:  # neither can be written now: try again at the next beat
                log.warning("job %s: progress not written", self.job_id, exc_info=True)

    def stop(self) -> None:
        self._stop_event.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join()
