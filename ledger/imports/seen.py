"""The (operator, reference) pairs met so far in a file, with the row of the first.

A million references would hold a few hundred megabytes in a Python set, so they go to a
private temporary SQLite database (``sqlite3.connect("")``: on disk, deleted when
closed) with a bounded page cache, and the import's memory stays flat.
"""
from __future__ import annotations

import sqlite3

_CACHE_KIB = 8192


class SeenReferences:
    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{_CACHE_KIB}"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute("CREATE TABLE seen (operator INTEGER NOT NULL, reference TEXT NOT NULL, "
                         "row INTEGER NOT NULL, PRIMARY KEY (operator, reference)) WITHOUT ROWID")
        self._db.execute("BEGIN")

    def first_row(self, operator_id: int, reference: str, row: int) -> int | None:
        """Remember the pair at ``row``; if it was met before, the row where it was first."""
        inserted = self._db.execute("INSERT INTO seen VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                    (operator_id, reference, row)).rowcount
        if inserted:
            return None
        return self._db.execute("SELECT row FROM seen WHERE operator = ? AND reference = ?",
                                (operator_id, reference)).fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "SeenReferences":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
