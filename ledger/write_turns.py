"""Turns to write a SQLite database, among the processes of this program.

SQLite lets one writer at a time into a database. A writer that finds it taken sleeps
and retries on SQLite's fixed schedule (1, 2, 5, 10, 15, 20, 25 ... 100 ms), so under a
steady load it often sleeps long past the moment the database came free, while the
writer that just finished takes it again. With two gunicorn workers posting incomes,
each worker spent about half its time asleep in that schedule (BENCHMARKS.md, api).

So before ``BEGIN IMMEDIATE`` a writer first takes an exclusive ``flock`` on a file beside
the database (``<database>-writer``), trying again every fraction of a millisecond, and
gives it back as soon as its transaction commits or rolls back. A
writer that waited its whole busy timeout goes on to SQLite's own lock, as before.
Writers outside this program (the sqlite3 shell) only ever meet SQLite's lock. Without
``fcntl`` (not a POSIX system) or for a database in memory, nothing changes.
"""
from __future__ import annotations

import os
import sqlite3
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system
    fcntl = None

_FIRST_PAUSE, _LONGEST_PAUSE = 0.0001, 0.001  # seconds between tries


def lock_path(database: str | None) -> str | None:
    """The turn file of a SQLite database file, or None (in memory)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return f"{database}-writer"


def connection_factory(database: str | None) -> type[sqlite3.Connection] | None:
    """The sqlite3 connection class (``sqlite3.connect(factory=...)``) whose write
    transactions take turns, or None where they cannot (no ``fcntl``, a database in memory)."""
    path = lock_path(database)
    if fcntl is None or path is None:
        return None

    class TurnTaking(_TurnTaking):
        turn_file = path

    return TurnTaking


class _TurnTaking(sqlite3.Connection):
    """Gives its turn back as soon as the transaction ends: after COMMIT, after ROLLBACK, or
    when the connection closes."""
    turn_file: str
    _turn_fd: int | None = None
    _holds_turn = False

    def take_turn(self, timeout: float) -> None:
        """Wait for this connection's turn to write (called just before ``BEGIN IMMEDIATE``)."""
        if self._holds_turn:
            return
        if self._turn_fd is None:
            self._turn_fd = os.open(self.turn_file, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + timeout
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(self._turn_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return  # SQLite's own lock and busy timeout decide from here
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)
                continue
            self._holds_turn = True
            return

    def _give_back(self) -> None:
        if self._holds_turn:
            self._holds_turn = False
            fcntl.flock(self._turn_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._give_back()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._give_back()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._holds_turn = False
            if self._turn_fd is not None:
                os.close(self._turn_fd)  # gives the turn back too
                self._turn_fd = None


def take(dbapi_connection, timeout: float) -> None:
    """Take the connection's turn to write, if it is one that takes turns."""
    if isinstance(dbapi_connection, _TurnTaking):
        dbapi_connection.take_turn(timeout)
