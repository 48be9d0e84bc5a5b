"""Fixtures: every test that uses ``app`` runs once on SQLite and once on PostgreSQL.

PostgreSQL comes from LEDGER_TEST_POSTGRES_URL (default: the local server's ``test``
database, where a private database is created for the run). Without a server the
PostgreSQL half is skipped, unless LEDGER_REQUIRE_POSTGRES=1 (set by CI), which turns
the skip into a failure.
"""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ledger import create_app, db
from ledger.auth import services as auth
from ledger.communities.services import create_community
from ledger.models import metadata
from ledger.setup_commands import migrate
from tests.entries import entry

# Property tests check values, not speed (benchmarks/ measures speed): hypothesis's default
# 200 ms deadline per example only turns a busy CI machine into a flaky failure.
settings.register_profile("ledger", deadline=None)
settings.load_profile("ledger")

PG_ADMIN_URL = os.environ.get("LEDGER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("LEDGER_REQUIRE_POSTGRES") == "1"
BACKENDS = ("sqlite", "postgresql")


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means "no server here"
        return f"PostgreSQL not reachable at {make_url(PG_ADMIN_URL).render_as_string()}: {exc.__class__.__name__}"


@pytest.fixture(scope="session")
def pg_url():
    """A private, migrated PostgreSQL database for this test run."""
    problem = _pg_available()
    if problem:
        if REQUIRE_PG:
            pytest.fail(problem + " (LEDGER_REQUIRE_POSTGRES=1)")
        pytest.skip(problem)
    name = f"ledger_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "INSTANCE_DIR": "/tmp/ledger-test-migrate"})
    with app.app_context():
        migrate(app)
        db.engine(app).dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "ledger.sqlite3"
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "x",
                      "INSTANCE_DIR": str(path.parent / "instance")})
    with app.app_context():
        migrate(app)
        db.engine(app).dispose()
    return path


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, request, tmp_path) -> str:
    if backend == "sqlite":
        path = tmp_path / "ledger.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_url")
    yield url
    _truncate(url)


def _truncate(url: str) -> None:
    """Empty every table and restart the id sequences. DELETE, not TRUNCATE: on tables this
    small it is ten times faster, and it runs after every PostgreSQL test."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))
        sequences = connection.execute(text(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()"))
        for (name,) in sequences.all():
            connection.execute(text(f'ALTER SEQUENCE "{name}" RESTART'))
    engine.dispose()


@pytest.fixture
def empty_database_url(backend, request, tmp_path) -> str:
    """A database without any table, on the test's backend (for `ledger init` and migrations)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    request.getfixturevalue("pg_url")  # skips (or fails) like the rest when there is no server
    name = f"ledger_empty_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def app_settings() -> dict:
    """Settings a test directory or module adds to the app's (override the fixture there)."""
    return {}


@pytest.fixture
def app(database_url, tmp_path, app_settings):
    application = create_app({
        "DATABASE_URL": database_url, "INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret", "TESTING": True, "QUEUE_IMMEDIATE": True,  # jobs run in the request
        **app_settings,
    })
    with application.app_context():
        with db.unit_of_work(application) as session:
            auth.ensure_system_user(session)
    yield application
    db.engine(application).dispose()


@pytest.fixture
def database_state(app):
    """database_state() -> the row count of every table and every chain head, to show that
    a refused request wrote nothing."""
    def state() -> dict:
        with db.engine(app).connect() as connection:
            counts = {table.name: connection.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one()
                      for table in metadata.sorted_tables}
            heads = connection.execute(text("SELECT community_id, seq, hash FROM chain_head ORDER BY 1")).all()
        return {**counts, "chain_heads": [tuple(row) for row in heads]}
    return state


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """A session for calling services directly; the test commits what it wants kept."""
    with app.app_context():
        current = db.new_session(app)
        yield current
        current.rollback()
        current.close()


@dataclass
class ApiClient:
    """The test client with a user's bearer token on every request."""
    client: object
    token: str
    username: str

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.token}", **(headers or {})}

    def get(self, path, headers=None, **kwargs):
        return self.client.get(path, headers=self._headers(headers), **kwargs)

    def post(self, path, json=None, headers=None, **kwargs):
        if json is None and "data" not in kwargs:
            json = {}
        return self.client.post(path, json=json, headers=self._headers(headers), **kwargs)


@pytest.fixture
def make_user(app, client):
    """make_user(role, *communities, username=None) -> ApiClient with a fresh token."""
    def make(role: str, *communities: str, username: str | None = None, password: str | None = None):
        name = username or f"{role}-{uuid.uuid4().hex[:8]}"
        with app.app_context(), db.unit_of_work(app) as session:
            user = auth.create_user(session, name, role, created_by="system", password=password,
                                    communities=list(communities))
            token = auth.issue_token(session, user, created_by="system")
        return ApiClient(client, token, name)
    return make


@pytest.fixture
def admin(make_user):
    return make_user("admin", username="root")


@pytest.fixture
def make_community(app):
    def make(code: str = "fenghe", name: str = "风和社区", **kwargs):
        with app.app_context(), db.unit_of_work(app) as session:
            create_community(session, code, name, created_by="system", **kwargs)
        return code
    return make


@pytest.fixture
def community(make_community) -> str:
    return make_community()


@pytest.fixture
def officer(make_user, community):
    return make_user("officer", community, username="officer1")


@pytest.fixture
def auditor(make_user, community):
    return make_user("auditor", community, username="auditor1")


@pytest.fixture
def make_operator(officer):
    """make_operator(code, settlement=..., kind=..., percent=None | shares=[...]) -> code.
    With ``percent`` or ``shares`` it also adds an open-ended gross agreement from 2020-01-01."""
    def make(code: str = "cafe", *, settlement: str = "community_collects", kind: str = "cafe",
             name: str | None = None, percent: str | None = None, shares: list | None = None,
             user: ApiClient | None = None, **agreement):
        actor = user or officer
        community_code = agreement.pop("community", "fenghe")
        r = actor.post(f"/api/v1/communities/{community_code}/operators",
                       json={"code": code, "name": name or code, "kind": kind, "settlement": settlement})
        assert r.status_code == 201, r.json
        if percent is not None or shares is not None:
            body = {"operator": code, "effective_from": "2020-01-01",
                    "shares": shares or [{"to": "public_benefit", "percent": percent}], **agreement}
            r = actor.post(f"/api/v1/communities/{community_code}/agreements", json=body)
            assert r.status_code == 201, r.json
        return code
    return make


@pytest.fixture
def post_income(officer):
    """post_income(operator, amount, occurred_on="2026-03-05", **fields) -> the 201 JSON."""
    def post(operator: str, amount: str, occurred_on: str = "2026-03-05", *, community: str = "fenghe",
             channel: str = "wechat", user: ApiClient | None = None, **fields):
        r = (user or officer).post(f"/api/v1/communities/{community}/incomes", json={
            "operator": operator, "amount": amount, "occurred_on": occurred_on, "channel": channel, **fields})
        assert r.status_code == 201, r.json
        return r.json
    return post


@pytest.fixture
def post(officer, community):
    """post(day, "Dr 101 10.00", "Cr 301 10.00", ...) -> the transaction the officer posted (201)."""
    def post(day: str, *lines: str, description: str = "entry") -> dict:
        response = officer.post(f"/api/v1/communities/{community}/transactions",
                                json=entry(day, *lines, description=description))
        assert response.status_code == 201, response.json
        return response.json
    return post


@pytest.fixture
def close(officer, community):
    """close("2024-01") -> the closed period (asserts 201)."""
    def close(month: str) -> dict:
        response = officer.post(f"/api/v1/communities/{community}/periods/{month}/close")
        assert response.status_code == 201, response.json
        return response.json
    return close


@pytest.fixture
def fresh_urls(backend, tmp_path, request):
    """fresh_urls() -> the URL of a new empty database (dropped after the test), each call another."""
    made: list[str] = []
    files = iter(range(1000))
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")

    def make() -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'restored-{next(files)}' / 'ledger.sqlite3'}"
        request.getfixturevalue("pg_url")  # skips (or fails in CI) without PostgreSQL
        name = f"ledger_restore_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield make
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fresh_url(fresh_urls):
    """An empty database of the same kind as the test's."""
    return fresh_urls()
