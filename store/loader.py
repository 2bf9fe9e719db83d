"""Loading articles: read sources, extract each article, write it in its own transaction.

Extraction is a pure function of one article, so with ``jobs > 1`` it runs in worker processes
while this process stays the single writer; the result is the same as a one-process load.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from store.database import open_for_writing
from store.extract import extract_article
from store.extract.records import ArticleExtraction
from store.sides import read_sides_file, store_sides, unmatched_members
from store.sources import SourceArticle, SourceProblem, read_sources
from store.writer import article_exists, text_sha256, write_article

SIDES_FILE_NAME = "sides.toml"
# Articles handed to a worker process at a time: enough to hide the cost of pickling.
_CHUNK_SIZE = 16
# How long the end of a load waits for other connections before leaving the file in WAL mode.
_FINISH_TIMEOUT_MS = 200


@dataclass(slots=True)
class LoadSummary:
    """What a load did, for the summary line and for scripts."""

    articles: int = 0
    unchanged: int = 0
    events: int = 0
    quotes: int = 0
    casualties: int = 0
    new_actors: int = 0
    problems: list[SourceProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


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

    Raises:
        store.database.DatabaseError, store.sides.SidesError, ValueError (bad ``published``):
        nothing has been loaded when these are raised.
    """
    started = time.perf_counter()
    summary = LoadSummary()
    sides = read_sides_file(sides_path) if sides_path else None
    if sides is None and (found := find_sides_file(paths)) is not None:
        sides = read_sides_file(found)
    sources = read_sources(paths, published=published, stdin=stdin)
    db = open_for_writing(db_path)
    conn = db.conn
    try:
        if sides is not None:
            store_sides(conn, sides)
        pending = _new_articles(conn, sources, summary, reload, on_item)
        for article, sha256, extraction in _extracted(pending, jobs):
            if isinstance(extraction, str):
                summary.problems.append(SourceProblem(article.path, extraction))
            else:
                _store(conn, article, sha256, extraction, reload, summary)
            if on_item is not None:
                on_item(article)
        if sides is not None:
            summary.notes.extend(
                f"sides: '{member}' ({side}) matches no actor yet"
                for side, member in unmatched_members(conn)
            )
        _finish(conn)
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
    summary: LoadSummary,
) -> None:
    """Write one article; one the writer rejects is undone and becomes a problem."""
    try:
        result = write_article(conn, article, extraction, sha256, replace=reload)
    except sqlite3.OperationalError:
        # Locked, full or read-only: every later article would fail the same way.
        raise
    except Exception as error:  # noqa: BLE001 - one bad article must not stop a batch
        summary.problems.append(
            SourceProblem(article.path, f"cannot be stored ({type(error).__name__}: {error})")
        )
        return
    if result is None:
        summary.unchanged += 1
    else:
        summary.articles += 1
        summary.events += result.events
        summary.quotes += result.quotes
        summary.casualties += result.casualties
        summary.new_actors += result.new_actors
    summary.notes.extend(f"{article.path}: {w}" for w in article.warnings)


def _new_articles(
    conn: sqlite3.Connection,
    sources: Iterable[SourceArticle | SourceProblem],
    summary: LoadSummary,
    reload: bool,
    on_item: Callable[[SourceArticle | SourceProblem], None] | None,
) -> Iterator[tuple[SourceArticle, str]]:
    """Articles that still need extracting; problems and known articles are counted here."""
    for item in sources:
        if isinstance(item, SourceProblem):
            summary.problems.append(item)
        else:
            sha256 = text_sha256(item.text)
            if reload or not article_exists(conn, sha256):
                yield item, sha256
                continue
            summary.unchanged += 1
        if on_item is not None:
            on_item(item)


def _extracted(
    pending: Iterator[tuple[SourceArticle, str]], jobs: int
) -> Iterator[tuple[SourceArticle, str, ArticleExtraction | str]]:
    if jobs <= 1:
        for article, sha256 in pending:
            yield article, sha256, _extract(article)
        return
    # Batches keep the single writer busy while workers extract, and come back in input order.
    with multiprocessing.Pool(jobs) as pool:
        batches = _batched(pending, _CHUNK_SIZE * jobs)
        for batch in batches:
            results = pool.map(_extract, [article for article, _ in batch], _CHUNK_SIZE)
            for (article, sha256), extraction in zip(batch, results, strict=True):
                yield article, sha256, extraction


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

    A rollback-journal file opens from read-only places and network shares too.
    """
    conn.execute("PRAGMA optimize")
    # A reader in the middle of a query must not keep the load waiting the full busy timeout.
    conn.execute(f"PRAGMA busy_timeout = {_FINISH_TIMEOUT_MS}")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError:
        # Another connection (the app, a second loader) holds the file: WAL stays.
        pass
