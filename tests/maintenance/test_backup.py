"""Backup and restore: a fresh instance restores a ledger that verifies with the same heads."""
from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from ledger import create_app, db
from ledger.core.errors import Conflict, ValidationFailed
from ledger.maintenance import backup as backups


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


def test_a_refused_restore_leaves_the_target_empty_to_try_again(populated, fresh_url, tmp_path):
    archive, tampered = tmp_path / "ledger.backup", tmp_path / "tampered.backup"
    with populated.app_context():
        backups.backup(populated, archive)
    with tarfile.open(archive, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["chains"][0]["seq"] += 1  # the manifest and the database disagree
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    fresh = restored_app(fresh_url, tmp_path)
    with fresh.app_context():
        with pytest.raises(Conflict, match="differ from the backup's manifest"):
            backups.restore(fresh, tampered)
        assert backups._has_communities(fresh) is False
        assert not (tmp_path / "restored" / "vouchers").exists()
        assert backups.restore(fresh, archive)["chains"][0]["seq"] == 30  # no --force needed
        assert backups.chain_heads(fresh)[0].seq == 30
    db.engine(fresh).dispose()
