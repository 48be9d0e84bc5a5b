"""Fresh, empty databases of the test's kind to restore into."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import PG_ADMIN_URL


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
