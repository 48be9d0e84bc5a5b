"""Writing ledger rows with the bare driver: sqlite3 ``executemany`` or psycopg ``COPY``.

Used as the baseline of the posting benchmark and to build large journals quickly for
the balance and verification benchmarks. The rows written here are valid ledger rows:
each transaction is hashed into the community's chain with ``ledger.core.chain``.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Iterator, Sequence

from ledger.core.chain import ChainRecord, chain_hash

TRANSACTION_COLUMNS = ("id", "community_id", "seq", "occurred_on", "description", "source", "reverses_id",
                       "created_at", "created_by", "hash")
POSTING_COLUMNS = ("community_id", "transaction_id", "line_no", "account_id", "amount", "occurred_on")


def day(backend: str, value: date) -> date | str:
    return value.isoformat() if backend == "sqlite" else value


def stamp(backend: str, value: datetime) -> datetime | str:
    # SQLAlchemy keeps SQLite timestamps as naive UTC text; PostgreSQL takes the aware value.
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if backend == "sqlite" else value


@contextmanager
def transaction(connection, backend: str) -> Iterator[None]:
    """One database transaction on a bare connection (SQLite: a writer's BEGIN IMMEDIATE)."""
    if backend == "sqlite":
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return
    with connection.transaction():
        yield


def insert(connection, backend: str, table: str, columns: Sequence[str], rows: Sequence[tuple], *,
           copy: bool = True) -> None:
    """Insert rows: executemany on SQLite; COPY (or executemany when ``copy`` is false) on PostgreSQL."""
    if not rows:
        return
    names = ", ".join(columns)
    if backend == "sqlite":
        connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)
    elif copy:
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as stream:
            for values in rows:
                stream.write_row(values)
    else:
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def scalar(connection, sql: str, params: tuple = ()):
    """One value from a query (SQLite's ? or psycopg's %s placeholders as written)."""
    cursor = connection.execute(sql, params)
    found = cursor.fetchone()
    return found[0] if found else None


def next_ids(connection, backend: str, table: str, count: int) -> int:
    """The first of ``count`` consecutive ids reserved for explicit inserts into ``table``."""
    if backend == "sqlite":
        return (scalar(connection, f"SELECT max(id) FROM {table}") or 0) + 1
    sequence = scalar(connection, "SELECT pg_get_serial_sequence(%s, 'id')", (table,))
    first = scalar(connection, "SELECT nextval(%s::regclass)", (sequence,))
    scalar(connection, "SELECT setval(%s::regclass, %s)", (sequence, first + count - 1))
    return first


@dataclass
class Chain:
    """The head of one community's chain while rows are being prepared."""
    community_id: int
    code: str
    seq: int
    hash: str

    def append(self, backend: str, tx_id: int, occurred_on: date, description: str, source: str,
               created_at: datetime, created_by: str, lines: Iterable[tuple[str, int]],
               account_ids: dict[str, int]) -> tuple[tuple, list[tuple]]:
        """The transaction row and its posting rows, hashed onto the chain."""
        lines = tuple(lines)
        self.seq += 1
        record = ChainRecord(self.seq, self.code, occurred_on, description, source, None, created_at,
                             created_by, lines)
        self.hash = chain_hash(self.hash, record)
        when = day(backend, occurred_on)
        tx = (tx_id, self.community_id, self.seq, when, description, source, None,
              stamp(backend, created_at), created_by, self.hash)
        postings = [(self.community_id, tx_id, i, account_ids[code], amount, when)
                    for i, (code, amount) in enumerate(lines, start=1)]
        return tx, postings

    def save_head(self, connection, backend: str) -> None:
        placeholder = "?" if backend == "sqlite" else "%s"
        connection.execute(f"UPDATE chain_head SET seq = {placeholder}, hash = {placeholder} "
                           f"WHERE community_id = {placeholder}", (self.seq, self.hash, self.community_id))
