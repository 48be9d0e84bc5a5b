"""Running one job in a worker: claim it, do its work beside a heartbeat, finish it.

The work of each kind is a function of a :class:`Run`: it reads its parameters, counts
its progress, writes its file through :meth:`Run.output` and ends with :meth:`Run.finish`
inside its last unit of work (an import's commit and the job's end are one transaction).
An error ends the job as failed with the reason; a worker killed mid-way leaves the job
running, and ledger/jobs/recovery.py runs it again or fails it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from flask import Flask
from huey.exceptions import RetryTask
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from ledger import db
from ledger.core.errors import LedgerError
from ledger.errors import status_of
from ledger.jobs import services
from ledger.jobs.models import Job
from ledger.jobs.progress import Beat, Progress, drop_live

log = logging.getLogger(__name__)
EXPORTS = "exports"  # folder of finished files, in the instance folder
RETRY_SECONDS = 10  # a job that met SQLite's write lock held too long waits this long


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Run:
    """One run of one job, as its work sees it."""
    app: Flask
    job: Job
    worker: str
    progress: Progress = field(default_factory=Progress)
    file: dict[str, Any] = field(default_factory=dict)  # file_name, file_path, content_type, size, sha256

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params

    @contextmanager
    def output(self, name: str, content_type: str) -> Iterator[BinaryIO]:
        """A file to write the job's result to; kept (with its size and SHA-256) only if
        the block succeeds."""
        relative = Path(EXPORTS) / str(self.job.community_id) / f"{self.job.id}-{self.job.attempts}-{name}"
        path = Path(self.app.instance_path) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("wb") as handle:
                yield handle
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        size, digest = _measure(path)
        self.file = {"file_name": name, "file_path": str(relative), "content_type": content_type, "size": size,
                     "sha256": digest}

    def finish(self, session: Session, result: dict[str, Any] | None = None) -> None:
        """Done, inside the caller's unit of work."""
        services.finish(session, self.job.id, self.worker, self.job.attempts, state="done", result=result,
                        done=self.progress.done, total=self.progress.total, **self.file)

    def fail(self, error: str, result: dict[str, Any] | None = None) -> None:
        self.discard_file()
        try:
            with db.unit_of_work(self.app) as session:
                services.finish(session, self.job.id, self.worker, self.job.attempts, state="failed", error=error,
                                result=result, done=self.progress.done, total=self.progress.total)
        except services.LostClaim:
            log.warning("job %s failed after it was handed to another run", self.job.id)

    def discard_file(self) -> None:
        if self.file.get("file_path"):
            (Path(self.app.instance_path) / self.file["file_path"]).unlink(missing_ok=True)
            self.file = {}


def _measure(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _work(kind: str) -> Callable[[Run], None]:
    from ledger.jobs import exporting, importing
    return {"audit_workbook": exporting.audit_workbook, "disclosure_workbook": exporting.disclosure_workbook,
            "journal_csv": exporting.journal_csv, "chain_verification": exporting.chain_verification,
            "import_check": importing.import_file, "import_commit": importing.import_file}[kind]


def run(app: Flask, job_id: int) -> None:
    """The queue's task: run the job if this worker can claim it."""
    with app.app_context():
        try:
            with db.unit_of_work(app) as session:
                job = services.claim(session, job_id, worker_name())
        except OperationalError as error:
            _retry_when_locked(error)
        if job is None:
            log.info("job %s is not queued (taken, finished or unknown): nothing to do", job_id)
            return
        _run_claimed(Run(app, job, job.worker))


def _locked(error: OperationalError) -> bool:
    """SQLite's write lock was held longer than LEDGER_SQLITE_BUSY_TIMEOUT (another import)."""
    return "database is locked" in str(error.orig)


def _retry_when_locked(error: OperationalError) -> None:
    if not _locked(error):
        raise error
    log.info("the database is locked by a long write: the job is tried again in %s s", RETRY_SECONDS)
    raise RetryTask(delay=RETRY_SECONDS) from error


def _run_claimed(current: Run) -> None:
    beat = Beat(current.app, current.job.id, current.worker, current.job.attempts, current.progress)
    beat.start()
    try:
        _work(current.job.kind)(current)
    except services.LostClaim:
        log.warning("job %s was handed to another run; this run's work is discarded", current.job.id)
        current.discard_file()
    except OperationalError as error:
        if not _locked(error):
            raise
        beat.stop()
        current.discard_file()
        with db.unit_of_work(current.app) as session:  # wait for the lock's holder: queued again, not failed
            services.release(session, current.job.id, current.worker, current.job.attempts)
        _retry_when_locked(error)
    except LedgerError as error:
        beat.stop()
        current.fail(error.message, {"status": status_of(error), "code": error.code, "message": error.message,
                                     "errors": error.errors})
    except Exception as error:
        log.exception("job %s failed", current.job.id)
        beat.stop()
        current.fail(f"internal error ({error.__class__.__name__}): see the worker's log")
    finally:
        beat.stop()
        drop_live(current.app, current.job.id)
