"""The connections every query borrows: a small pool of read-only connections to one file.

The query classes (:mod:`store.queries` and the listing and histogram queries beside it) build
on :class:`QueryBase`, so that they share one pool and each stays about one kind of question.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from store.database import open_readonly


class QueryBase:
    """Read access to one database, safe to use from several worker threads.

    Each query borrows a connection from a small pool, so a slow query in one worker never
    holds up another; connections are opened read-only and reused.

    Raises:
        store.database.DatabaseError: from the constructor, when the file cannot be used.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._idle: list[sqlite3.Connection] = [open_readonly(self.path)]

    def close(self) -> None:
        """Close the idle connections; queries still running close theirs when they end."""
        while self._idle:
            self._idle.pop().close()

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = self._idle.pop()
        except IndexError:
            conn = open_readonly(self.path)
        try:
            yield conn
        finally:
            self._idle.append(conn)

    def _all(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._connection() as conn:
            return conn.execute(sql, params).fetchall()
