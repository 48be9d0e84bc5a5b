"""The task queue: huey, with its SQLite storage by default and Redis in production.

huey was chosen because it is the one well-kept queue library whose embedded storage
needs no server (a SQLite file in the instance folder: ``ledger demo && ledger serve``
works on a fresh machine), that speaks Redis unchanged (``LEDGER_QUEUE_URL=redis://...``),
and that brings its own consumer (worker processes, restarted when one dies) and periodic
tasks, which the ledger uses to find jobs whose worker died and to delete expired files.

The queue carries only a job's id. What a requester sees of a job is its row in the
ledger's own ``job`` table (ledger/jobs/models.py); a message delivered twice, or a
worker that died, cannot run a job twice (ledger/jobs/runner.py claims the row).
The queue is built on first use, not with the app: most commands never need it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper

_SQLITE = "sqlite:///"


@dataclass(frozen=True)
class Queue:
    huey: Huey
    run_job: TaskWrapper  # run_job(job_id) enqueues the job
    pid: int  # the process it was built in: a forked child builds its own


def queue(app: Flask) -> Queue:
    """The app's queue, built once per process."""
    built = app.extensions.get("ledger.queue")
    if built is None or built.pid != os.getpid():
        built = app.extensions["ledger.queue"] = build(app)
    return built


def build(app: Flask) -> Queue:
    settings = app.config["LEDGER"]
    url, name, immediate = settings["QUEUE_URL"], settings["QUEUE_NAME"], settings["QUEUE_IMMEDIATE"]
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        huey = RedisHuey(name, url=url, immediate=immediate, results=False)
    elif not url or url.startswith(_SQLITE):
        path = url[len(_SQLITE):] if url else str(Path(app.instance_path) / "queue.sqlite3")
        huey = SqliteHuey(name, filename=path, immediate=immediate, results=False)
    else:
        raise ValueError(f"LEDGER_QUEUE_URL: not a redis:// or sqlite:/// URL: {url!r}")
    return Queue(huey, _register(huey, app), os.getpid())


def _register(huey: Huey, app: Flask) -> TaskWrapper:
    """The ledger's tasks on this queue, each closing over the app it runs in: running a
    job, and every minute finding jobs whose worker died, every hour deleting expired files."""
    from ledger.jobs import recovery, runner

    huey.periodic_task(crontab(minute="*"), name="sweep_jobs")(lambda: recovery.sweep(app))
    huey.periodic_task(crontab(minute="17"), name="expire_files")(lambda: recovery.expire_files(app))
    return huey.task(name="run_job")(lambda job_id: runner.run(app, job_id))


def enqueue(app: Flask, job_id: int) -> None:
    """Hand the job to a worker (in immediate mode: run it now)."""
    queue(app).run_job(job_id)
