"""A real server for reliability tests: gunicorn in a subprocess on a free loopback port,
over its own database (a SQLite file, or a private PostgreSQL database)."""
from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ledger import create_app, db
from ledger.auth import services as auth
from ledger.communities.services import create_community
from ledger.setup_commands import migrate

from tests.conftest import PG_ADMIN_URL
from tests.processes import kill_group, stop_group

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    env: dict
    port: int
    workers: int = 4
    process: subprocess.Popen | None = None
    log: Path | None = None
    tokens: dict = field(default_factory=dict)

    def start(self) -> None:
        self.log = self.log or Path(self.env["LEDGER_INSTANCE_DIR"]) / "server.log"
        with self.log.open("ab") as handle:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
                 "--graceful-timeout", "5", "ledger:create_app()"],
                env=self.env, cwd=ROOT, stdout=handle, stderr=handle, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                status, _ = self.request("GET", "/api/v1/openapi.json")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """kill -9 the whole server: master and workers, no chance to clean up."""
        kill_group(self.process)

    def stop(self) -> None:
        stop_group(self.process, timeout=15)

    def request(self, method: str, path: str, body: dict | None = None, token: str | None = None,
                headers: dict | None = None, connection: http.client.HTTPConnection | None = None):
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            all_headers = {"Content-Type": "application/json", **(headers or {})}
            if token:
                all_headers["Authorization"] = f"Bearer {token}"
            connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
            return response.status, (json.loads(data) if data and response.getheader("Content-Type", "").startswith(
                "application/json") else data)
        finally:
            if own:
                connection.close()


@pytest.fixture
def server_database(backend, tmp_path, request):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'instance' / 'ledger.sqlite3'}"
        return
    request.getfixturevalue("pg_url")  # skips (or fails in CI) without PostgreSQL
    name = f"ledger_server_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def server(server_database, tmp_path):
    """A migrated instance with community fenghe, an officer token, served by gunicorn."""
    instance = tmp_path / "instance"
    settings = {"DATABASE_URL": server_database, "INSTANCE_DIR": str(instance), "SECRET_KEY": "reliability"}
    app = create_app(settings)
    with app.app_context():
        migrate(app)
        with db.unit_of_work(app) as session:
            create_community(session, "fenghe", "风和社区", created_by="system")
            officer = auth.create_user(session, "officer1", "officer", created_by="system", communities=["fenghe"])
            token = auth.issue_token(session, officer, created_by="system")
        db.engine(app).dispose()
    env = {**os.environ, "PYTHONPATH": str(ROOT), **{f"LEDGER_{k}": v for k, v in settings.items()}}
    running = Server(server_database, env, free_port(), tokens={"officer": token})
    running.start()
    yield running
    running.stop()
