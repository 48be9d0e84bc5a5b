"""Fixtures of the public pages: the demo ledger (tests/public/demo_ledger.py) per test,
once per module for read-only tests, and on a live server for the browser."""
from __future__ import annotations

import os
import shutil
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from ledger import create_app, db
from ledger.auth import services as auth
from ledger.communities.services import create_community
from ledger.models import metadata
from tests.public.demo_ledger import Demo, populate
from tests.public.demo_projects import populate_projects


@pytest.fixture
def demo(officer, make_user) -> Demo:
    return populate(officer, make_user("approver", "fenghe"))


class Officer:
    """An officer's bearer token on a test client (the shape of tests/conftest.ApiClient)."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def get(self, path, **kwargs):
        return self.client.get(path, headers={"Authorization": f"Bearer {self.token}"}, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.client.post(path, json=json, headers={"Authorization": f"Bearer {self.token}"}, **kwargs)


def demo_app(url: str, instance: Path):
    """An app on ``url`` (a migrated, empty database) holding the demo ledger, its projects
    and its compound."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "public-tests", "INSTANCE_DIR": str(instance),
                      "TESTING": True})
    with app.app_context(), db.unit_of_work(app) as session:
        auth.ensure_system_user(session)
        create_community(session, "fenghe", "风和社区", created_by="system")
        user = auth.create_user(session, "officer1", "officer", created_by="system", communities=["fenghe"])
        token = auth.issue_token(session, user, created_by="system")
        approver = auth.create_user(session, "approver1", "approver", created_by="system", communities=["fenghe"])
        approver_token = auth.issue_token(session, approver, created_by="system")
    officer, approver = Officer(app.test_client(), token), Officer(app.test_client(), approver_token)
    populate(officer, approver)
    populate_projects(officer, approver)
    return app


def _truncate(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(t.name for t in metadata.sorted_tables)} "
                                "RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def published(request, sqlite_template, tmp_path_factory):
    """A test client on the demo ledger, built once per module and backend. Only for tests
    that write nothing: the module's other tests must not use the ``app`` fixture."""
    folder = tmp_path_factory.mktemp("published")
    if request.param == "sqlite":
        shutil.copyfile(sqlite_template, folder / "ledger.sqlite3")
        url = f"sqlite:///{folder / 'ledger.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    app = demo_app(url, folder / "instance")
    yield app.test_client()
    db.engine(app).dispose()
    if request.param == "postgresql":
        _truncate(url)


# -- a live server and a browser ------------------------------------------------------

REQUIRE_BROWSER = os.environ.get("LEDGER_REQUIRE_BROWSER") == "1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@dataclass
class LiveServer:
    url: str
    client: object  # the app's test client, for reading the API side by side


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(sqlite_template, tmp_path_factory):
    """The app on a SQLite file holding the demo ledger, served on a free local port."""
    folder = tmp_path_factory.mktemp("live")
    shutil.copyfile(sqlite_template, folder / "ledger.sqlite3")
    app = demo_app(f"sqlite:///{folder / 'ledger.sqlite3'}", folder / "instance")
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app.test_client())
    server.shutdown()
    server.server_close()
    thread.join()
    db.engine(app).dispose()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by playwright; skipped where it is missing unless required."""
    problem = None if Path(CHROMIUM).exists() else f"{CHROMIUM} is not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # the test extra is not installed
        problem = problem or "the playwright package is not installed"
    if problem:
        if REQUIRE_BROWSER:
            pytest.fail(problem + " (LEDGER_REQUIRE_BROWSER=1)")
        pytest.skip(problem)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
