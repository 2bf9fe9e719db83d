"""Loading articles: read sources, extract each article, write it in its own transaction.

Extraction is a pure function of one article, so with ``jobs > 1`` it runs in worker processes
while this process stays the single writer; the result is the same as a one-process load.

Nothing a single input does stops a batch: it becomes a problem (one line) and the rest loads.
Only the database itself can stop a load part-way (a full disk, a file made read-only, a lock
held too long) or the user (Ctrl+C); the articles written until then stay whole, and running the
same load again finishes the job.
"""

from __future__ import annotations

import gc
import signal
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from store.database import DatabaseError, describe_error, open_for_writing, stops_writing
from store.extract import extract_article
from store.extract.records import ArticleExtraction
from store.sides import read_sides_file, store_sides, unmatched_members
from store.sources import SourceArticle, SourceProblem, read_sources
from store.writer import article_exists, text_sha256, write_article

SIDES_FILE_NAME = "sides.toml"
# Articles handed to a worker process at a time: enough to hide the cost of pickling.
_CHUNK_SIZE = 16
# Chunks per worker submitted ahead of the one being written.
_CHUNKS_AHEAD = 2
# Extraction makes millions of short-lived objects and few reference cycles: at the cycle
# collector's default pace (a collection every 700 new objects) a load took about 6% longer.
_GC_THRESHOLDS = (50_000, 20, 20)
# How long the end of a load waits for other connections before leaving the file in WAL mode.
_FINISH_TIMEOUT_MS = 200
# Articles without a publication date named in the note about them; the rest are counted.
_UNDATED_NAMED = 3


@dataclass(slots=True)
class LoadSummary:
    """What a load did, for the summary line and for scripts."""

    articles: int = 0
    unchanged: int = 0
    events: int = 0
    quotes: int = 0
    casualties: int = 0
    new_actors: int = 0
    failed: int = 0
    """Inputs and articles that gave nothing: one per problem."""
    problems: list[SourceProblem] = field(default_factory=list)
    """The problems, unless ``load`` was given ``on_problem`` to report them as they happen."""
    notes: list[str] = field(default_factory=list)
    """Warnings that did not stop an article, unless ``load`` was given ``on_note``."""
    seconds: float = 0.0


class LoadStopped(DatabaseError):
    """A load stopped part-way, because the database took no more writes or an extraction
    worker died; ``summary`` says what was done.

    Every article written before it is whole, so the same load run again finishes the job.
    """

    def __init__(self, reason: str, summary: LoadSummary) -> None:
        super().__init__(reason)
        self.summary = summary


class WorkerDied(Exception):
    """An extraction worker process ended abruptly; the load cannot go on without it."""


class LoadInterrupted(KeyboardInterrupt):
    """Ctrl+C during a load; ``summary`` says what was done, and every article in it is whole."""

    def __init__(self, summary: LoadSummary) -> None:
        super().__init__()
        self.summary = summary


class _Report:
    """Counts what happens during a load and hands problems and notes on as they happen."""

    def __init__(
        self,
        on_item: Callable[[SourceArticle | SourceProblem], None] | None,
        on_problem: Callable[[SourceProblem], None] | None,
        on_note: Callable[[str], None] | None,
    ) -> None:
        self.summary = LoadSummary()
        self.item = on_item or (lambda item: None)
        self._on_problem = on_problem or self.summary.problems.append
        self._on_note = on_note or self.summary.notes.append
        self._undated: list[str] = []
        self._undated_count = 0

    def problem(self, problem: SourceProblem) -> None:
        self.summary.failed += 1
        self._on_problem(problem)

    def note(self, note: str) -> None:
        self._on_note(note)

    def undated(self, path: str) -> None:
        """An article stored without a publication date: one note for them all at the end."""
        self._undated_count += 1
        if len(self._undated) < _UNDATED_NAMED:
            self._undated.append(path)

    def note_undated(self) -> None:
        count = self._undated_count
        if not count:
            return
        named = ", ".join(self._undated)
        if count > len(self._undated):
            named += f" and {count - len(self._undated)} more"
        self.note(
            f"{count} article{'s' * (count != 1)} without a publication date ({named}): "
            "relative dates such as 'on Monday' stay unresolved; give --published DATE"
        )


def find_sides_file(paths: Sequence[str]) -> Path | None:
    """The ``sides.toml`` at the top of the first loaded directory that has one."""
    for path in paths:
        candidate = Path(path) / SIDES_FILE_NAME
        if path != "-" and Path(path).is_dir() and candidate.is_file():
            return candidate
    return None


def load(
    paths: Sequence[str],
    db_path: str | Path,
    *,
    published: str | None = None,
    sides_path: str | Path | None = None,
    reload: bool = False,
    jobs: int = 1,
    stdin=None,
    on_item: Callable[[SourceArticle | SourceProblem], None] | None = None,
    on_problem: Callable[[SourceProblem], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> LoadSummary:
    """Load articles from files, directories, JSONL or stdin into a database.

    Args:
        paths: files, directories (walked recursively) or "-" for stdin.
        db_path: the database file, created if missing.
        published: publication date for articles that carry none.
        sides_path: a sides file; by default a ``sides.toml`` in a loaded directory.
        reload: replace articles that are already loaded instead of skipping them.
        jobs: worker processes for extraction.
        stdin: the stream read for "-".
        on_item: called after each article or problem, for progress display.
        on_problem: called with each problem as it happens instead of keeping it in the
            summary, so that a feed of a million bad lines does not fill memory.
        on_note: likewise for notes.

    Raises:
        store.database.DatabaseError, store.sides.SidesError, ValueError (bad ``published``):
            nothing has been loaded when these are raised.
        LoadStopped: the database took no more writes part-way (full, read-only, locked), or
            an extraction worker died.
        LoadInterrupted: Ctrl+C.
    """
    started = time.perf_counter()
    report = _Report(on_item, on_problem, on_note)
    summary = report.summary
    sides = read_sides_file(sides_path) if sides_path else None
    if sides is None and (found := find_sides_file(paths)) is not None:
        sides = read_sides_file(found)
    sources = read_sources(paths, published=published, stdin=stdin)
    db = open_for_writing(db_path)
    conn = db.conn
    try:
        if sides is not None:
            store_sides(conn, sides)
        pending = _new_articles(conn, sources, report, reload)
        with _collecting_less():
            for article, sha256, extraction in _extracted(pending, jobs):
                if isinstance(extraction, str):
                    report.problem(SourceProblem(article.path, extraction))
                else:
                    _store(conn, article, sha256, extraction, reload, report)
                report.item(article)
        if sides is not None:
            for side, member in unmatched_members(conn):
                report.note(f"sides: '{member}' ({side}) matches no actor yet")
        report.note_undated()
        _finish(conn)
    except KeyboardInterrupt:
        summary.seconds = time.perf_counter() - started
        raise LoadInterrupted(summary) from None
    except sqlite3.Error as error:
        # Errors of one article's rows are its problem (see _store); any other stops the load.
        summary.seconds = time.perf_counter() - started
        raise LoadStopped(describe_error(db_path, error), summary) from error
    except WorkerDied as error:
        summary.seconds = time.perf_counter() - started
        raise LoadStopped(f"{db_path}: {error}", summary) from error
    finally:
        conn.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _store(
    conn: sqlite3.Connection,
    article: SourceArticle,
    sha256: str,
    extraction: ArticleExtraction,
    reload: bool,
    report: _Report,
) -> None:
    """Write one article; one the writer rejects is undone and becomes a problem."""
    try:
        result = write_article(conn, article, extraction, sha256, replace=reload)
    except sqlite3.Error as error:
        if stops_writing(error):
            # Full, read-only or locked: every later article would fail the same way.
            raise
        report.problem(SourceProblem(article.path, f"cannot be stored ({error})"))
        return
    except Exception as error:  # noqa: BLE001 - one bad article must not stop a batch
        report.problem(
            SourceProblem(article.path, f"cannot be stored ({type(error).__name__}: {error})")
        )
        return
    summary = report.summary
    if result is None:
        summary.unchanged += 1
    else:
        summary.articles += 1
        summary.events += result.events
        summary.quotes += result.quotes
        summary.casualties += result.casualties
        summary.new_actors += result.new_actors
        if article.published is None:
            report.undated(article.path)
        if not any(sentence.kind == "body" for sentence in extraction.sentences):
            report.note(f"{article.path}: no body text (only a headline?): stored, nothing found")
    for warning in article.warnings:
        report.note(f"{article.path}: {warning}")


def _new_articles(
    conn: sqlite3.Connection,
    sources: Iterable[SourceArticle | SourceProblem],
    report: _Report,
    reload: bool,
) -> Iterator[tuple[SourceArticle, str]]:
    """Articles that still need extracting; problems and known articles are counted here."""
    for item in sources:
        if isinstance(item, SourceProblem):
            report.problem(item)
        else:
            sha256 = text_sha256(item.text)
            if reload or not article_exists(conn, sha256):
                yield item, sha256
                continue
            report.summary.unchanged += 1
        report.item(item)


def _extracted(
    pending: Iterator[tuple[SourceArticle, str]], jobs: int
) -> Iterator[tuple[SourceArticle, str, ArticleExtraction | str]]:
    """Each pending article with its extraction (or a problem), in input order.

    Raises:
        WorkerDied: a worker process ended abruptly (killed by the system, out of memory).
    """
    if jobs <= 1:
        for article, sha256 in pending:
            yield article, sha256, _extract(article)
        return
    # Chunks are submitted ahead so that the workers extract while this process writes; only
    # a few are in flight, so an endless feed is read no faster than it is written.
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker)
    in_flight: deque[tuple[list[tuple[SourceArticle, str]], Future]] = deque()
    try:
        for chunk in _batched(pending, _CHUNK_SIZE):
            in_flight.append((chunk, pool.submit(_extract_all, [article for article, _ in chunk])))
            if len(in_flight) > _CHUNKS_AHEAD * jobs:
                yield from _chunk_results(*in_flight.popleft())
        while in_flight:
            yield from _chunk_results(*in_flight.popleft())
    except BrokenProcessPool as error:
        # Raised by the chunk the worker died in, or by the next submit, whichever comes first.
        raise WorkerDied(
            "an extraction worker process ended abruptly (killed by the system, or out of memory?)"
        ) from error
    finally:
        # On Ctrl+C or a stopped load, chunks not yet started are dropped, not extracted.
        pool.shutdown(wait=True, cancel_futures=True)


def _chunk_results(
    chunk: list[tuple[SourceArticle, str]], future: Future
) -> Iterator[tuple[SourceArticle, str, ArticleExtraction | str]]:
    for (article, sha256), extraction in zip(chunk, future.result(), strict=True):
        yield article, sha256, extraction


def _extract_all(articles: list[SourceArticle]) -> list[ArticleExtraction | str]:
    return [_extract(article) for article in articles]


def _start_worker() -> None:
    """Ctrl+C reaches the workers too, but only the writer acts on it, and it ends the pool.
    A worker collects cycles at a load's slower pace (see _GC_THRESHOLDS)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(*_GC_THRESHOLDS)


@contextmanager
def _collecting_less() -> Iterator[None]:
    """Python's cycle collector at a slower pace for the length of a load (see
    _GC_THRESHOLDS), and at its old pace again afterwards."""
    old = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _batched(items: Iterator, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extract(article: SourceArticle) -> ArticleExtraction | str:
    """Extract one article; a failure becomes a one-line problem instead of ending the load."""
    published = _publication_date(article.published)
    try:
        return extract_article(article.text, published=published, title=article.title)
    except Exception as error:  # noqa: BLE001 - one bad article must not stop a batch
        return f"extraction failed ({type(error).__name__}: {error})"


def _publication_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _finish(conn: sqlite3.Connection) -> None:
    """Fold the WAL back into the file and leave WAL mode if no one else has the file open.

    A rollback-journal file opens from read-only places and network shares too. Each step is
    a courtesy: another connection (the app, a second loader) holding the file, or a disk too
    full for a checkpoint, leaves the file in WAL mode, which is just as sound.
    """
    # A reader in the middle of a query must not keep the load waiting the full busy timeout.
    conn.execute(f"PRAGMA busy_timeout = {_FINISH_TIMEOUT_MS}")
    for pragma in ("optimize", "wal_checkpoint(TRUNCATE)", "journal_mode = DELETE"):
        try:
            conn.execute(f"PRAGMA {pragma}")
        except sqlite3.OperationalError:
            return
