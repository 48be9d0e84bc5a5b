"""The write path's shortcuts keep the ledger's guarantees: SQLite writers take turns at a
file lock and give it back, an API write checks its caller before it takes the write lock,
a month closed in a transaction is closed for the rest of it, and account ids remembered
across requests come only from committed transactions."""
from __future__ import annotations

import fcntl
import os
import sqlite3
from datetime import date

import pytest
from sqlalchemy import select, text

from ledger import create_app, db, write_turns
from ledger.communities.services import create_community
from ledger.core.errors import ClosedPeriod
from ledger.incomes.services import record_income
from ledger.closing import close_month
from ledger.journal.models import Account, Posting
from ledger.journal.services import get_transaction
from ledger.operators.services import create_operator


def _turn_is_free(database: str) -> bool:
    """Whether another process could take the write turn now (tried from a fresh descriptor)."""
    fd = os.open(write_turns.lock_path(database), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


@pytest.fixture
def sqlite_file(tmp_path) -> str:
    return str(tmp_path / "turns.sqlite3")


def test_a_write_transaction_holds_the_turn_until_it_commits_or_rolls_back(sqlite_file):
    engine = db.make_engine(f"sqlite:///{sqlite_file}")
    writer = engine.execution_options(ledger_write=True)
    with writer.connect() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.commit()
        assert _turn_is_free(sqlite_file)  # given back at the commit, the connection still open
    for finish in ("commit", "rollback", "close"):
        with writer.connect() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
            assert not _turn_is_free(sqlite_file)
            getattr(connection, finish)()
            assert _turn_is_free(sqlite_file), finish
    with engine.connect() as reader:  # a read transaction never takes the turn
        reader.execute(text("SELECT count(*) FROM t")).scalar_one()
        assert _turn_is_free(sqlite_file)
    engine.dispose()


def test_a_writer_kept_waiting_past_its_timeout_goes_on_to_sqlites_lock(sqlite_file):
    engine = db.make_engine(f"sqlite:///{sqlite_file}", busy_timeout=0)
    holder = os.open(write_turns.lock_path(sqlite_file), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)  # a turn nobody gives back
    try:
        with engine.execution_options(ledger_write=True).begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM t")).scalar_one() == 1
    finally:
        os.close(holder)
        engine.dispose()


def test_an_unknown_token_is_refused_while_another_writer_holds_the_database(tmp_path, sqlite_template):
    """The caller is checked in a read transaction: a refused request never queues for the
    write lock (with the lock taken first it would wait out the busy timeout and fail)."""
    path = tmp_path / "ledger.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "INSTANCE_DIR": str(tmp_path / "instance"),
                      "SECRET_KEY": "x", "TESTING": True, "SQLITE_BUSY_TIMEOUT": 0})
    with app.app_context(), db.unit_of_work(app) as session:
        create_community(session, "fenghe", "风和社区", created_by="system")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        response = app.test_client().post("/api/v1/communities/fenghe/incomes", headers={
            "Authorization": "Bearer not-a-token"}, json={"operator": "cafe", "amount": "1.00", "channel": "cash"})
        assert response.status_code == 401, response.get_data(as_text=True)
    finally:
        other.execute("ROLLBACK")
        other.close()
        db.engine(app).dispose()


def _income(day: str) -> dict:
    return {"operator": "cafe", "occurred_on": date.fromisoformat(day), "amount": 1000, "channel": "wechat"}


def test_a_month_closed_earlier_in_the_same_transaction_refuses_incomes(app):
    """The last closed month is read once per transaction; closing one must forget it."""
    with app.app_context(), db.unit_of_work(app) as session:
        community = create_community(session, "fenghe", "风和社区", created_by="system")
        create_operator(session, community, "cafe", "咖啡吧", "cafe", "community_collects", created_by="system")
        community.allow_unsplit_income = True
        record_income(session, community, _income("2026-03-05"), created_by="system")
        close_month(session, community, date(2026, 3, 1), closed_by="system", today=date(2026, 11, 23))
        with pytest.raises(ClosedPeriod):
            record_income(session, community, _income("2026-03-06"), created_by="system")
        record_income(session, community, _income("2026-04-06"), created_by="system")


def test_accounts_remembered_in_a_rolled_back_transaction_are_forgotten(app):
    """An operator created and rolled back leaves no remembered account ids: on SQLite the
    ids go to the next accounts created, under other codes."""
    with app.app_context():
        with db.unit_of_work(app) as session:
            community = create_community(session, "fenghe", "风和社区", created_by="system")
            community.allow_unsplit_income = True
        with pytest.raises(RuntimeError), db.unit_of_work(app) as session:
            create_operator(session, community, "cafe", "咖啡吧", "cafe", "community_collects", created_by="system")
            record_income(session, community, _income("2026-03-05"), created_by="system")
            raise RuntimeError("undo")
        with db.unit_of_work(app) as session:
            create_operator(session, community, "parking", "停车场", "parking", "community_collects",
                            created_by="system")
            create_operator(session, community, "cafe", "咖啡吧", "cafe", "community_collects", created_by="system")
            seq = record_income(session, community, _income("2026-03-05"), created_by="system").seq
        with db.unit_of_work(app, write=False) as session:
            tx = get_transaction(session, community, seq)
            codes = set(session.execute(select(Account.code).join(Posting, Posting.account_id == Account.id)
                                        .where(Posting.transaction_id == tx.id)).scalars())
    assert any(code.endswith(".cafe") for code in codes), codes
    assert not any("parking" in code for code in codes), codes
