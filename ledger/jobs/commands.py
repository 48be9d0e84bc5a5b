"""``ledger worker``: the job workers alone (``ledger serve`` starts them beside gunicorn)."""
from __future__ import annotations

import logging
import signal
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from ledger import db


@click.command("worker")
@click.option("--workers", type=int, default=None, help="worker processes (default: LEDGER_QUEUE_WORKERS)")
@click.option("--threads", is_flag=True, help="run the workers as threads of one process instead")
@with_appcontext
def worker_command(workers: int | None, threads: bool) -> None:
    """Run the job workers: they take jobs from the queue, and every minute queue again
    the jobs whose worker died; every hour they delete expired files. Stop with SIGTERM
    or Ctrl-C (a job cut off is run again at the next start)."""
    from ledger.jobs import queue, recovery
    from ledger.setup_commands import migrate

    app = current_app._get_current_object()
    settings = app.config["LEDGER"]
    if settings["QUEUE_IMMEDIATE"]:
        raise click.ClickException("LEDGER_QUEUE_IMMEDIATE runs jobs in the web process: no worker is needed")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s",
                        stream=sys.stderr)
    migrate(app)
    huey = queue.queue(app).huey
    requeued, waiting = recovery.sweep(app), recovery.enqueue_waiting(app)
    click.echo(f"jobs: {len(requeued)} cut off before and queued again, {waiting} waiting", err=True)
    db.dispose(app)  # no connection crosses the fork into a worker
    huey.on_startup("fresh_connections")(lambda: db.dispose(app, close=False))
    consumer = huey.create_consumer(workers=workers or settings["QUEUE_WORKERS"],
                                    worker_type="thread" if threads else "process", periodic=True,
                                    check_worker_health=True, health_check_interval=2)
    consumer.run()


def stop_with_parent() -> None:
    """Linux: this process gets SIGTERM when the process that started it dies (even by
    kill -9), so `ledger serve`'s workers never outlive it."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: `ledger serve` stops them itself
        pass


def start_workers(workers: int) -> subprocess.Popen:
    """`ledger worker` as a child in this process group (`ledger serve`)."""
    return subprocess.Popen([sys.executable, "-m", "ledger", "worker", "--workers", str(workers)],
                            preexec_fn=stop_with_parent)


def stop_workers(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


commands = [worker_command]
