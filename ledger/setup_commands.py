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
@with_appcontext
def serve_command(host: str, port: int, workers: int) -> None:
    """Serve the web pages and the API with gunicorn."""
    from gunicorn.app.base import BaseApplication

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
    db.engine().dispose()  # no connection crosses the fork
    Server().run()


commands = [init_command, serve_command]
