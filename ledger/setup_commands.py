"""``ledger init`` and ``ledger serve``."""
from __future__ import annotations

from pathlib import Path

import click
from alembic import command as alembic_command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import with_appcontext

from ledger import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(app: Flask) -> Config:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = db.engine(app)
    return config


def migrate(app: Flask) -> None:
    """Bring the database schema to the newest revision (a no-op when it is already there)."""
    alembic_command.upgrade(alembic_config(app), "head")
    from ledger.auth.services import ensure_system_user
    with db.unit_of_work(app) as session:
        ensure_system_user(session)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database (safe to run again)."""
    migrate(current_app)
    click.echo(f"database ready: {db.engine().url.render_as_string(hide_password=True)}")
    from ledger.proofs.commands import ensure_keys
    click.echo(f"signing keys ready: {len(ensure_keys())} communities")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--job-workers", default=None, type=int,
              help="job worker processes started beside gunicorn (default: LEDGER_QUEUE_WORKERS; 0: none, "
                   "when `ledger worker` runs elsewhere)")
@with_appcontext
def serve_command(host: str, port: int, workers: int, job_workers: int | None) -> None:
    """Serve the web pages and the API with gunicorn, and run the job workers beside it
    (one process group: stopping it stops both)."""
    from gunicorn.app.base import BaseApplication

    from ledger.jobs.commands import start_workers, stop_workers

    migrate(current_app)

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")

        def load(self):
            from ledger import create_app
            return create_app()

    click.echo(f"serving on http://{host}:{port}/")
    db.dispose()  # no connection crosses the fork
    settings = current_app.config["LEDGER"]
    job_workers = settings["QUEUE_WORKERS"] if job_workers is None else job_workers
    jobs = start_workers(job_workers) if job_workers > 0 and not settings["QUEUE_IMMEDIATE"] else None
    try:
        Server().run()
    finally:
        if jobs is not None:
            stop_workers(jobs)


commands = [init_command, serve_command]
