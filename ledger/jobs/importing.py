"""Imports as jobs: the uploaded file waits in the instance folder (``imports/<community
id>/<sha256>``, where the workspace keeps a checked file for its commit) and a worker
checks or commits it through the same code as an import that is waited for.

The job ends "done" with the import's answer as its result, or "failed" when that answer
is a refusal (every row error is in the result, in the shape the API answers with). A
commit and the job's end are one database transaction: the rows are posted if and only
if the job is done.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlmodel import Session

from ledger import db
from ledger.communities.models import Community
from ledger.imports import answers, services
from ledger.imports.parsing import parse_pairs
from ledger.jobs import services as jobs
from ledger.jobs.models import Job
from ledger.jobs.progress import Progress
from ledger.jobs.runner import Run

UPLOADS = "imports"


def upload_path(instance: str, community_id: int, sha256: str) -> Path:
    return Path(instance) / UPLOADS / str(community_id) / sha256


def keep_upload(community: Community, stream: BinaryIO) -> str:
    """Store the uploaded file under its SHA-256; its path relative to the instance folder."""
    folder = Path(current_app.instance_path) / UPLOADS / str(community.id)
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    with os.fdopen(fd, "wb") as handle:
        stream.seek(0)
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            handle.write(chunk)
    os.replace(temp, folder / digest.hexdigest())
    return str(Path(UPLOADS) / str(community.id) / digest.hexdigest())


def start(session: Session, community: Community, stream: BinaryIO | None, *, file_name: str, commit: bool,
          mapping: str | None, defaults: str | None, skip_posted: bool, created_by: str,
          upload: str | None = None, keep: bool = False) -> Job:
    """A job checking (or committing) the file; ``upload`` names a file already kept
    (the workspace's checked file), else the stream is kept now. ``keep``: leave the
    file for a commit after the check."""
    params = {"upload": upload or keep_upload(community, stream), "file_name": services.clean_file_name(file_name),
              "map": mapping, "default": defaults, "skip_posted": skip_posted, "keep_upload": keep}
    return jobs.create(session, community, "import_commit" if commit else "import_check", params,
                       created_by=created_by)


class JobReport(services.Collected):
    """Every error and skip (the job's result), and the rows done as the job's progress:
    the check's and then the posting's, one after the other."""

    def __init__(self, counter: Progress, commit: bool) -> None:
        super().__init__()
        self.counter, self.commit, self.stage = counter, commit, None

    def progress(self, stage: str, rows: int, expected: int | None) -> None:
        if stage != self.stage:
            self.stage = stage
            if stage == "checking":
                self.counter.total = (expected or 0) * (2 if self.commit else 1)
            else:
                self.counter.total = self.counter.done + (expected or 0)
        self.counter.add(rows)


def import_file(run: Run) -> None:
    params, commit = run.params, run.job.kind == "import_commit"
    path = Path(run.app.instance_path) / params["upload"]
    options = services.Options(parse_pairs(params["map"]), parse_pairs(params["default"], "default"),
                               params["skip_posted"])
    with path.open("rb") as stream, db.unit_of_work(run.app, write=commit) as session:
        status, body = answers.answer(session, session.get(Community, run.job.community_id), stream,
                                      file_name=params["file_name"], commit=commit, created_by=run.job.created_by,
                                      options=options, report=JobReport(run.progress, commit))
        if commit and status < 400:
            run.finish(session, {"status": status, **body})  # one transaction with the rows posted
        else:
            session.rollback()  # a refusal writes nothing, a check never does
    if not commit and status < 400:
        with db.unit_of_work(run.app) as session:
            run.finish(session, {"status": status, **body})
    elif status >= 400:
        run.fail(body["message"], {"status": status, **body})
    if not params["keep_upload"] or (commit and status < 400):
        path.unlink(missing_ok=True)
