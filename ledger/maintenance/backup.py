"""One backup file holds everything a fresh instance needs to carry on: the database
(SQLite's online backup API, or pg_dump's custom format for PostgreSQL), every voucher
file, and a manifest with each community's chain head. Restoring checks the chain of
every community against the manifest, so a restore that loses or alters a single
posting fails loudly instead of silently.

The archive is a gzip-compressed tar file:
    manifest.json           format, created_at, backend, chain heads, file digests
    database.sqlite3 | database.pgdump
    vouchers/...            the instance's voucher files, as stored
    keys/...                the communities' signing keys (private: keep backups safe)
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.engine import make_url

from ledger import db
from ledger.communities.models import Community
from ledger.core.errors import Conflict, ValidationFailed
from ledger.journal import account_keys
from ledger.journal.chain import head, verify
from ledger.proofs.keys import KEYS, forget_all as forget_keys
from ledger.timeutil import utcnow

FORMAT = "community-ledger-backup/1"
VOUCHERS = "vouchers"


@dataclass(frozen=True, slots=True)
class Head:
    community: str
    seq: int
    hash: str


def chain_heads(app: Flask) -> list[Head]:
    with db.unit_of_work(app, write=False) as session:
        communities = session.execute(select(Community).order_by(Community.code)).scalars().all()
        return [Head(c.code, head(session, c).seq, head(session, c).hash) for c in communities]


def backup(app: Flask, target: Path) -> dict:
    """Write a backup archive to ``target`` (atomically) and return its manifest."""
    engine = db.engine(app)
    with tempfile.TemporaryDirectory(prefix="ledger-backup-") as work:
        work_dir = Path(work)
        heads_before = chain_heads(app)
        database = _dump(engine.url, work_dir)
        manifest = {"format": FORMAT, "created_at": utcnow().isoformat(), "backend": engine.dialect.name,
                    "database": database.name, "sha256": _digest(database),
                    "chains": [asdict(h) for h in heads_before]}
        (work_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work_dir / "manifest.json", "manifest.json")
            archive.add(database, database.name)
            for folder in (VOUCHERS, KEYS):
                if (Path(app.instance_path) / folder).is_dir():
                    archive.add(Path(app.instance_path) / folder, folder)
        _fsync(partial)
        os.replace(partial, target)
    return manifest


def _dump(url, work_dir: Path) -> Path:
    if url.get_backend_name() == "sqlite":
        path = work_dir / "database.sqlite3"
        source = sqlite3.connect(url.database)
        destination = sqlite3.connect(path)
        with destination:
            source.backup(destination)  # a consistent snapshot while writers carry on
        destination.close()
        source.close()
        return path
    path = work_dir / "database.pgdump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), _libpq(url)],
                   check=True, capture_output=True)
    return path


def _libpq(url) -> str:
    """A SQLAlchemy URL as the libpq connection string pg_dump and pg_restore take."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def restore(app: Flask, source: Path, *, force: bool = False) -> dict:
    """Restore an archive into this instance's (empty) database and instance folder, then
    verify every community's chain against the manifest."""
    with tempfile.TemporaryDirectory(prefix="ledger-restore-") as work:
        work_dir = Path(work)
        manifest = _unpack(source, work_dir)
        engine = db.engine(app)
        if manifest["backend"] != engine.dialect.name:
            raise ValidationFailed.on("backup", f"this backup is of a {manifest['backend']} database; "
                                                f"the instance uses {engine.dialect.name}")
        if not force and _has_communities(app):
            raise Conflict("the target database already holds communities; restore into a fresh instance "
                           "or pass --force to replace it")
        engine.dispose()
        _load(engine.url, work_dir / manifest["database"])
        account_keys.forget_all()  # the accounts this process remembered were the old database's
        for folder in (VOUCHERS, KEYS):
            if (work_dir / folder).is_dir():
                shutil.copytree(work_dir / folder, Path(app.instance_path) / folder, dirs_exist_ok=True)
        forget_keys(app)
    from ledger.setup_commands import migrate
    migrate(app)  # a backup of an older version is brought up to date
    _check_chains(app, manifest)
    return manifest


def _unpack(source: Path, work_dir: Path) -> dict:
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(work_dir, filter="data")  # refuses absolute paths and links out of work_dir
        manifest = json.loads((work_dir / "manifest.json").read_text())
    except (tarfile.TarError, OSError, ValueError, KeyError) as exc:
        raise ValidationFailed.on("backup", f"not a readable backup archive: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise ValidationFailed.on("backup", f"unknown backup format {manifest.get('format')!r}")
    if _digest(work_dir / manifest["database"]) != manifest["sha256"]:
        raise ValidationFailed.on("backup", "the database file does not match its digest in the manifest")
    return manifest


def _has_communities(app: Flask) -> bool:
    try:
        with db.unit_of_work(app, write=False) as session:
            return session.execute(select(Community.id).limit(1)).first() is not None
    except Exception:  # no schema yet: an empty database
        return False


def _load(url, database: Path) -> None:
    if url.get_backend_name() == "sqlite":
        target = Path(url.database)
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(target.name + ".restoring")
        shutil.copyfile(database, staged)
        _fsync(staged)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(staged, target)
        return
    subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                    "--dbname", _libpq(url), str(database)], check=True, capture_output=True)


def _check_chains(app: Flask, manifest: dict) -> None:
    expected = {h["community"]: (h["seq"], h["hash"]) for h in manifest["chains"]}
    found = {h.community: (h.seq, h.hash) for h in chain_heads(app)}
    if found != expected:
        raise Conflict(f"the restored chain heads differ from the backup's manifest: {found} != {expected}")
    with db.unit_of_work(app, write=False) as session:
        for community in session.execute(select(Community)).scalars():
            broken = verify(session, community)
            if broken is not None:
                raise Conflict(f"{community.code}: the restored chain breaks at seq {broken.seq}")


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
