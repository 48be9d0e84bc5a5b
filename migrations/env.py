"""Alembic environment: runs against the application's engine when `ledger init` passes
it, else against LEDGER_DATABASE_URL (or the default SQLite file)."""
from __future__ import annotations

from alembic import context

from ledger.models import metadata

config = context.config


def _engine():
    engine = config.attributes.get("engine")
    if engine is None:
        from ledger.config import resolve
        from ledger.db import make_engine
        engine = make_engine(resolve(None)["DATABASE_URL"])
    return engine


def render_item(type_, obj, autogen_context):
    """Write SQLModel's column types as plain SQLAlchemy types in new revisions."""
    from sqlmodel.sql.sqltypes import AutoString, UTCDateTime
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.impl.length})"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True,
                          render_item=render_item)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `ledger init`")
run_migrations_online()
