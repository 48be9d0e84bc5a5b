"""Backup and restore: a fresh instance restores a ledger that verifies with the same heads."""
from __future__ import annotations

import io
import json
import tarfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ledger import create_app, db
from ledger.core.errors import Conflict, ValidationFailed
from ledger.maintenance import backup as backups

from tests.conftest import PG_ADMIN_URL


@pytest.fixture
def fresh_url(backend, tmp_path, pg_url_or_none):
    """An empty database of the same kind as the test's."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'ledger.sqlite3'}"
        return
    name = f"ledger_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url_or_none(backend, request):
    return request.getfixturevalue("pg_url") if backend == "postgresql" else None


@pytest.fixture
def populated(app, make_operator, post_income, officer):
    make_operator("cafe", percent="8")
    make_operator("canteen", kind="canteen", settlement="operator_collects", percent="5")
    for i in range(30):
        post_income("cafe" if i % 3 else "canteen", f"{10 + i}.{i % 100:02d}", occurred_on=f"2026-03-{1 + i % 28:02d}")
    vouchers = Path(app.instance_path) / "vouchers" / "ab"
    vouchers.mkdir(parents=True, exist_ok=True)
    (vouchers / "ab12").write_bytes(b"%PDF-1.4 voucher")
    return app


def restored_app(url, tmp_path):
    return create_app({"DATABASE_URL": url, "INSTANCE_DIR": str(tmp_path / "restored"), "SECRET_KEY": "x"})


def test_a_fresh_instance_restores_the_same_chain(populated, fresh_url, tmp_path, runner):
    archive = tmp_path / "ledger.backup"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    with populated.app_context():
        heads = backups.chain_heads(populated)
    target = restored_app(fresh_url, tmp_path)
    outcome = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert outcome.exit_code == 0, outcome.output
    with target.app_context():
        assert backups.chain_heads(target) == heads and heads[0].seq == 30
    assert (tmp_path / "restored" / "vouchers" / "ab" / "ab12").read_bytes() == b"%PDF-1.4 voucher"
    verified = target.test_cli_runner().invoke(args=["verify"])
    assert verified.exit_code == 0 and heads[0].hash in verified.output
    db.engine(target).dispose()


def test_restore_refuses_a_database_that_is_in_use(populated, tmp_path):
    archive = tmp_path / "ledger.backup"
    with populated.app_context():
        backups.backup(populated, archive)
        with pytest.raises(Conflict):
            backups.restore(populated, archive)


def test_a_damaged_archive_is_refused(populated, fresh_url, tmp_path):
    archive = tmp_path / "ledger.backup"
    with populated.app_context():
        backups.backup(populated, archive)
    damaged = tmp_path / "damaged.backup"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["sha256"] = "0" * 64
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    fresh = restored_app(fresh_url, tmp_path)
    with fresh.app_context(), pytest.raises(ValidationFailed):
        backups.restore(fresh, damaged)
    db.engine(fresh).dispose()
