"""The connections every query borrows: a small pool of read-only connections to one file.

The query classes (:mod:`store.queries` and the listing and histogram queries beside it) build
on :class:`QueryBase`, so that they share one pool and each stays about one kind of question.

A query whose answer nobody wants any more (the reader changed the filter while the counts
were still being worked out) can be stopped: run it inside :func:`cancelled_when`, and it
raises :class:`QueryCancelled` soon after the check turns true.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from store.database import open_readonly
from store.filters import EventFilter

# SQLite virtual machine steps between two calls of a cancel check: about a tenth of a
# millisecond of work, so a cancelled query stops at once, while the checks (Python calls) add
# nothing measurable to a long query.
_STEPS_PER_CHECK = 10_000

# The cancel check of the queries made in this thread (or task), set by cancelled_when.
_cancel_check: ContextVar[Callable[[], bool] | None] = ContextVar("cancel_check", default=None)


class QueryCancelled(Exception):
    """A query stopped by its cancel check: its caller wanted it no more and can ignore this."""


class _OutOfTime(Exception):
    """A query stopped at the deadline of :meth:`QueryBase._all_within`."""


@contextmanager
def cancelled_when(check: Callable[[], bool]) -> Iterator[None]:
    """Stop the store queries this thread makes in the block as soon as ``check()`` is true.

    A stopped query raises :class:`QueryCancelled`; so does a query asked for after the check
    turned true. ``check`` is called from the query's thread every tenth of a millisecond, so it
    must be cheap and thread-safe, such as a Textual worker's ``is_cancelled``: a worker of an
    ``exclusive`` group is cancelled when the next one starts (a newer filter), and its query
    then stops instead of running to the end::

        worker = get_current_worker()
        try:
            with cancelled_when(lambda: worker.is_cancelled):
                counts = store.side_counts(event_filter)
        except QueryCancelled:
            return
    """
    token = _cancel_check.set(check)
    try:
        yield
    finally:
        _cancel_check.reset(token)


class QueryBase:
    """Read access to one database, safe to use from several worker threads.

    Each query borrows a connection from a small pool, so a slow query in one worker never
    holds up another; connections are opened read-only and reused.

    Raises:
        store.database.DatabaseError: from the constructor, when the file cannot be used.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._idle: list[sqlite3.Connection] = [self._open()]

    def close(self) -> None:
        """Close the idle connections; queries still running close theirs when they end."""
        while self._idle:
            self._idle.pop().close()

    @contextmanager
    def _connection(self, deadline: float | None = None) -> Iterator[sqlite3.Connection]:
        """Borrow a connection; its queries stop at the cancel check or at the ``deadline``."""
        check = _cancel_check.get()
        if check is not None and check():
            raise QueryCancelled
        try:
            conn = self._idle.pop()
        except IndexError:
            conn = self._open()

        def stop() -> bool:
            if deadline is not None and time.perf_counter() > deadline:
                return True
            return check is not None and check()

        watched = check is not None or deadline is not None
        if watched:
            conn.set_progress_handler(stop, _STEPS_PER_CHECK)
        try:
            yield conn
        except sqlite3.OperationalError as error:
            # SQLite says only "interrupted"; the check and the clock say whether it was ours.
            if check is not None and check():
                raise QueryCancelled from error
            if deadline is not None and time.perf_counter() > deadline:
                raise _OutOfTime from error
            raise
        finally:
            if watched:
                conn.set_progress_handler(None, 0)
            self._idle.append(conn)

    def _open(self) -> sqlite3.Connection:
        conn = open_readonly(self.path)
        # Sorts and DISTINCT counts over hundreds of thousands of ids (the facet counts of a
        # big database) run a third faster in memory than in a temporary file; at a million
        # events that takes some 70 MB, and only while such a count runs.
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn

    def _all(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._connection() as conn:
            return conn.execute(sql, params).fetchall()

    def _all_within(
        self, seconds: float, sql: str, params: Sequence[object] = ()
    ) -> list[tuple] | None:
        """The rows of a query, or None when it has not finished within ``seconds``.

        For trying a plan that is fast when a guess about the data holds before a plan that is
        fast when it does not: the first stops at the deadline and costs no more than that.
        """
        try:
            with self._connection(time.perf_counter() + seconds) as conn:
                return conn.execute(sql, params).fetchall()
        except _OutOfTime:
            return None


@dataclass(frozen=True, slots=True)
class FilteredPages:
    """One view's rows under one filter, a page at a time (a :class:`store.queries.Pages`).

    Each view names the store's four queries for it in ``QUERIES``: the count, the rows after a
    row's key, the rows before it, and the rows from an offset. Rows give their key as ``.key``.
    """

    store: QueryBase
    filter: EventFilter
    QUERIES: ClassVar[tuple[str, str, str, str]]

    def count(self) -> int:
        return getattr(self.store, self.QUERIES[0])(self.filter)

    def after(self, row: Any, limit: int) -> list[Any]:
        key = row.key if row is not None else None
        return getattr(self.store, self.QUERIES[1])(self.filter, key, limit)

    def before(self, row: Any, limit: int) -> list[Any]:
        key = row.key if row is not None else None
        return getattr(self.store, self.QUERIES[2])(self.filter, key, limit)

    def at(self, offset: int, limit: int) -> list[Any]:
        return getattr(self.store, self.QUERIES[3])(self.filter, offset, limit)
