"""Engine and session. The one place that commits or rolls back.

A web request gets one session (created on first use). After the view returns, a
response below 400 commits; anything else rolls back, so a refused request writes
nothing. CLI commands use :func:`unit_of_work`, which does the same around a block.

SQLite runs in WAL mode with foreign keys on and synchronous=FULL. Writers begin
with ``BEGIN IMMEDIATE`` so that two writers queue for the lock instead of failing
on a read-to-write upgrade; readers use a plain ``BEGIN`` and never wait. An API write
first reads who is asking in a plain transaction (:func:`reading_first`) and takes the
write lock only for its own work, so one writer's sign-in check does not hold up another;
writers of this program take turns at that lock (ledger/write_turns.py).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from ledger import write_turns

_WRITE_OPTION = "ledger_write"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def make_engine(url: str, *, busy_timeout: float = 30, echo: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connect_args = {"timeout": busy_timeout}
        factory = write_turns.connection_factory(parsed.database)
        if factory is not None:
            connect_args["factory"] = factory
        engine = create_engine(url, echo=echo, connect_args=connect_args)
        _configure_sqlite(engine, busy_timeout)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        if immediate:
            write_turns.take(connection.connection.dbapi_connection, busy_timeout)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def holds_write_lock(session: Session) -> bool:
    """Inside a SQLite write transaction: ``BEGIN IMMEDIATE`` took the database's write lock,
    so nothing another connection commits can change what this transaction has read."""
    bind = session.get_bind()
    return (is_sqlite(bind) and session.in_transaction()
            and bool(bind.get_execution_options().get(_WRITE_OPTION, False)))


def init_app(app: Flask) -> None:
    settings = app.config["LEDGER"]
    engine = make_engine(settings["DATABASE_URL"], busy_timeout=settings["SQLITE_BUSY_TIMEOUT"],
                         echo=settings["SQL_ECHO"])
    app.extensions["ledger.engine"] = engine
    # Built once: execution_options() makes a new engine proxy, too slow to build per request.
    app.extensions["ledger.write_engine"] = engine.execution_options(**{_WRITE_OPTION: True})
    app.extensions["ledger.quick_engine"] = _quick_engine(engine, settings)
    app.after_request(_finish_request)
    app.teardown_request(_close_request_session)


def _quick_engine(engine: Engine, settings: dict) -> Engine:
    """For small bookkeeping writes (a job's progress) that must not queue behind a long
    write: on SQLite they wait at most a quarter of a second for the write lock and give up."""
    if not is_sqlite(engine):
        return engine.execution_options(**{_WRITE_OPTION: True})
    quick = make_engine(settings["DATABASE_URL"], busy_timeout=0.25, echo=settings["SQL_ECHO"])
    return quick.execution_options(**{_WRITE_OPTION: True})


def dispose(app: Flask | None = None, *, close: bool = True) -> None:
    """Drop every pooled connection: before a fork (close=True), or in the forked child
    (close=False: the parent's connections are the parent's to close)."""
    extensions = (app or current_app).extensions
    for name in ("ledger.engine", "ledger.quick_engine"):
        extensions[name].dispose(close=close)


def engine(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions["ledger.engine"]


def _write_engine(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions["ledger.write_engine"]


def new_session(app: Flask | None = None, *, write: bool = True, quick: bool = False) -> Session:
    if quick:
        return Session(bind=(app or current_app).extensions["ledger.quick_engine"], expire_on_commit=False,
                       autoflush=False)
    bind = _write_engine(app) if write else engine(app)
    return Session(bind=bind, expire_on_commit=False, autoflush=False)


def session() -> Session:
    """The current unit of work: the request's session, or the CLI block's."""
    if "ledger_session" not in g:
        write = not has_request_context() or request.method not in SAFE_METHODS
        g.ledger_session = new_session(write=write)
    return g.ledger_session


@contextmanager
def reading_first() -> Iterator[None]:
    """Around the checks an unsafe request makes before it writes (who asks, may they):
    on SQLite they run in a plain read transaction, ended when the block succeeds, and
    the request's next statement begins the write transaction (``BEGIN IMMEDIATE``).
    The write lock is then held only for the request's own work. Elsewhere (PostgreSQL
    locks rows, not the database; a safe request; a session already begun) it does nothing."""
    if ("ledger_session" in g or not has_request_context() or request.method in SAFE_METHODS
            or not is_sqlite(engine())):
        yield
        return
    reader = g.ledger_session = new_session(write=False)
    yield
    if g.get("ledger_session") is reader:
        reader.commit()  # nothing was written: this only ends the read transaction
        reader.bind = _write_engine()


def _finish_request(response: Response) -> Response:
    current = g.get("ledger_session")
    if current is None or response.is_streamed:
        return response  # a streamed response only reads; teardown closes it afterwards
    del g.ledger_session
    try:
        if response.status_code < 400:
            current.commit()
        else:
            current.rollback()
    finally:
        current.close()
    return response


def _close_request_session(_exc: BaseException | None) -> None:
    current = g.pop("ledger_session", None)
    if current is not None:
        current.rollback()
        current.close()


@contextmanager
def unit_of_work(app: Flask | None = None, *, write: bool = True, quick: bool = False) -> Iterator[Session]:
    """A CLI-sized unit of work: commit if the block succeeds, roll back if it raises.
    ``quick``: a short bookkeeping write that gives up rather than wait (see _quick_engine)."""
    current = new_session(app, write=write, quick=quick)
    previous = g.get("ledger_session")
    g.ledger_session = current
    try:
        yield current
        current.commit()
    except BaseException:
        current.rollback()
        raise
    finally:
        current.close()
        if previous is None:
            g.pop("ledger_session", None)
        else:
            g.ledger_session = previous
