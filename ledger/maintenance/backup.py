"""One backup file holds everything a fresh instance needs to carry on: the database
(SQLite's online backup API, or pg_dump's custom format for PostgreSQL), the instance
files listed in :data:`INSTANCE_PARTS` (the voucher files and the signing keys), and a manifest with each
community's chain head. Restoring checks the chain of every community against the
manifest, so a restore that loses or alters a single posting fails loudly instead of
silently.

A backup may run while the service writes: the heads in the manifest come from the very
snapshot that was dumped (SQLite: read from the copy the backup API made; PostgreSQL:
read in a REPEATABLE READ, READ ONLY transaction whose snapshot pg_dump takes over with
``--snapshot``). A restore that is refused after loading (the chains do not verify)
empties the target again, so that it can be tried again or given another archive.

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
from sqlalchemy import Connection, Engine, create_engine, select, text
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
# Files and folders of the instance folder that a backup carries and a restore puts back:
# everything besides the database that an instance needs to carry on.
INSTANCE_PARTS: list[str] = [VOUCHERS, KEYS]
_HEADS = text("SELECT c.code, h.seq, h.hash FROM chain_head h JOIN community c ON c.id = h.community_id "
              "ORDER BY c.code")


@dataclass(frozen=True, slots=True)
class Head:
    community: str
    seq: int
    hash: str


def chain_heads(app: Flask) -> list[Head]:
    with db.unit_of_work(app, write=False) as session:
        communities = session.execute(select(Community).order_by(Community.code)).scalars().all()
        return [Head(c.code, head(session, c).seq, head(session, c).hash) for c in communities]


def heads_of(connection: Connection) -> list[Head]:
    return [Head(code, seq, digest) for code, seq, digest in connection.execute(_HEADS)]


def backup(app: Flask, target: Path) -> dict:
    """Write a backup archive to ``target`` (atomically) and return its manifest."""
    engine = db.engine(app)
    with tempfile.TemporaryDirectory(prefix="ledger-backup-") as work:
        work_dir = Path(work)
        database, heads = _dump(engine, work_dir)
        manifest = {"format": FORMAT, "created_at": utcnow().isoformat(), "backend": engine.dialect.name,
                    "database": database.name, "sha256": _digest(database),
                    "chains": [asdict(h) for h in heads]}
        (work_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work_dir / "manifest.json", "manifest.json")
            archive.add(database, database.name)
            for part in INSTANCE_PARTS:
                if (Path(app.instance_path) / part).exists():
                    archive.add(Path(app.instance_path) / part, part)
        _fsync(partial)
        os.replace(partial, target)
    return manifest


def _dump(engine: Engine, work_dir: Path) -> tuple[Path, list[Head]]:
    """The database's file and the chain heads of the same snapshot."""
    if engine.dialect.name == "sqlite":
        return _dump_sqlite(engine.url.database, work_dir / "database.sqlite3")
    return _dump_postgres(engine, work_dir / "database.pgdump")


def _dump_sqlite(database: str, path: Path) -> tuple[Path, list[Head]]:
    source, destination = sqlite3.connect(database), sqlite3.connect(path)
    try:
        source.backup(destination)  # one consistent snapshot while writers carry on
    finally:
        destination.close()
        source.close()
    copy = create_engine(f"sqlite:///{path}")
    try:
        with copy.connect() as connection:
            return path, heads_of(connection)  # the heads of that very snapshot
    finally:
        copy.dispose()


def _dump_postgres(engine: Engine, path: Path) -> tuple[Path, list[Head]]:
    options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        heads = heads_of(connection)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file", str(path),
                        _libpq(engine.url)], check=True, capture_output=True)  # while the snapshot is held
    return path, heads


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
        try:
            _bring_up_to_date_and_check(app, manifest)
        except BaseException:
            _empty(app)  # refused: the target is a fresh instance again, to try again or restore another
            raise
        _put_back_instance_parts(app, work_dir)
        forget_keys(app)  # the keys this process remembered were the old instance's
    return manifest


def _bring_up_to_date_and_check(app: Flask, manifest: dict) -> None:
    from ledger.setup_commands import migrate
    account_keys.forget_all()  # the accounts this process remembered were the old database's
    migrate(app)  # a backup of an older version is brought up to date
    _check_chains(app, manifest)


def _put_back_instance_parts(app: Flask, work_dir: Path) -> None:
    for part in INSTANCE_PARTS:
        unpacked, target = work_dir / part, Path(app.instance_path) / part
        if unpacked.is_dir():
            shutil.copytree(unpacked, target, dirs_exist_ok=True)
        elif unpacked.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(unpacked, target)


def _empty(app: Flask) -> None:
    """Remove everything a restore loaded: the SQLite file, or every table of the schema."""
    engine = db.engine(app)
    engine.dispose()
    account_keys.forget_all()
    if engine.dialect.name == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(engine.url.database) + suffix).unlink(missing_ok=True)
        return
    with engine.begin() as connection:
        tables = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
        for (name,) in tables.all():
            connection.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))


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
