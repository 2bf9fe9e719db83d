"""Build a large eventscope database out of a real one, to measure the app's queries at scale.

Loading a million events' worth of articles would take hours, and made-up rows would not have
the skew that decides query plans (a few actors in a third of the events, most dates missing,
search words with long and short posting lists). So the generator multiplies a real database:
it copies the articles that hold events, with their sentence spans, mentions, events, event actors,
casualties and quotes, again and again, each copy with fresh ids and its dates shifted a week
further on. The indexes and the full-text index are the schema's own (built once, at the end),
and the file ends up as a load leaves it (planner statistics gathered, rollback journal).

Most actors are shared by every copy, as the same states and leaders recur in real news; a share
of the rare ones (named in one article only) gets a fresh namesake per copy ("Jane Doe #7"), so
the actor list grows with the database the way a long tail does.

Run ``python -m bench.generate_db SOURCE.db OUT.db --events 1000000`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from store import sentence_search
from store.database import open_for_writing, open_readonly
from store.sides import Side, read_sides_file, store_sides

SHIFT_DAYS = 7
"""How much later each copy's dates are than the previous copy's: a week keeps weekdays."""

NEW_ACTOR_SHARE = 0.2
"""The share of rare actors that each copy gets a namesake of its own for."""

_DATED = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"


def _shifted(column: str) -> str:
    """An SQL expression for an ISO date (or date and time) column moved by ``:shift``."""
    return (
        f"CASE WHEN {column} GLOB '{_DATED}' "
        f"THEN date(substr({column}, 1, 10), :shift) || substr({column}, 11) ELSE {column} END"
    )


def _actor(column: str) -> str:
    """An SQL expression for an actor id column: the copy's namesake of the actor, if it has one."""
    return f"coalesce((SELECT new_id FROM temp.clones WHERE old_id = {column}), {column})"  # noqa: S608


# How each copied table's columns change from one copy to the next; any other column is copied
# as it is. Ids move by a whole multiple of the source's largest id, so copies never collide.
_CHANGES: dict[str, dict[str, str]] = {
    "articles": {
        "id": "id + :articles",
        "published": _shifted("published"),
        # Unique like a digest: the source's digest with the copy number as its last 8 digits.
        "sha256": "substr(sha256, 1, 56) || printf('%08x', :copy)",
    },
    "sentence_spans": {"id": "id + :sentence_spans", "article_id": "article_id + :articles"},
    "mentions": {
        "id": "id + :mentions",
        "actor_id": _actor("actor_id"),
        "sentence_id": "sentence_id + :sentence_spans",
    },
    "events": {
        "id": "id + :events",
        "article_id": "article_id + :articles",
        "sentence_id": "sentence_id + :sentence_spans",
        "date_start": _shifted("date_start"),
        "date_end": _shifted("date_end"),
        "claimed_by": _actor("claimed_by"),
    },
    "event_actors": {"event_id": "event_id + :events", "actor_id": _actor("actor_id")},
    "casualties": {
        "id": "id + :casualties",
        "article_id": "article_id + :articles",
        "sentence_id": "sentence_id + :sentence_spans",
        # The last copy may hold only some of an article's events.
        "event_id": (
            "CASE WHEN event_id IN (SELECT id FROM temp.picked_events) THEN event_id + :events END"
        ),
        "victim_actor_id": _actor("victim_actor_id"),
        "claimed_by": _actor("claimed_by"),
    },
    "quotes": {
        "id": "id + :quotes",
        "article_id": "article_id + :articles",
        "sentence_id": "sentence_id + :sentence_spans",
        "speaker_id": _actor("speaker_id"),
    },
}

# Which source rows a copy takes, in insertion order (a row's parents come first).
_PICKED = {
    "articles": "id IN (SELECT id FROM temp.picked_articles)",
    "sentence_spans": "article_id IN (SELECT id FROM temp.picked_articles)",
    "mentions": (
        "sentence_id IN (SELECT s.id FROM src.sentence_spans s "
        "WHERE s.article_id IN (SELECT id FROM temp.picked_articles))"
    ),
    "events": "id IN (SELECT id FROM temp.picked_events)",
    "event_actors": "event_id IN (SELECT id FROM temp.picked_events)",
    "casualties": "article_id IN (SELECT id FROM temp.picked_articles)",
    "quotes": "article_id IN (SELECT id FROM temp.picked_articles)",
}

# The parameter holding each table's id offset (the tables without an id of their own have none).
_OFFSETS = ("articles", "sentence_spans", "mentions", "events", "casualties", "quotes")


@dataclass(frozen=True, slots=True)
class GenerateSummary:
    """What a run built."""

    events: int
    articles: int
    actors: int
    copies: int
    seconds: float


class GenerateError(Exception):
    """A source or output that cannot be used, with a one-line reason."""


def generate(
    source: str | Path,
    out: str | Path,
    events: int,
    *,
    sides: str | Path | None = None,
    new_actor_share: float = NEW_ACTOR_SHARE,
    shift_days: int = SHIFT_DAYS,
) -> GenerateSummary:
    """Write a database of exactly ``events`` events to ``out`` by copying ``source``'s.

    Args:
        source: an eventscope database with events (a load of the corpus); never written.
        out: the new file; it must not exist.
        events: how many events the new database holds; the last copy is cut short to fit.
        sides: a sides file to label the actors with (the source's sides otherwise).
        new_actor_share: see :data:`NEW_ACTOR_SHARE`.
        shift_days: see :data:`SHIFT_DAYS`.

    Raises:
        GenerateError: ``out`` exists, or ``source`` has no events.
        store.database.DatabaseError: ``source`` is not an eventscope database.
        store.sides.SidesError: an unusable sides file.
    """
    started = time.perf_counter()
    source, out = Path(source), Path(out)
    if out.exists():
        raise GenerateError(f"{out}: already exists; remove it or pick another name")
    open_readonly(source).close()
    side_list = read_sides_file(sides) if sides is not None else None
    conn = open_for_writing(out).conn
    try:
        conn.execute("ATTACH DATABASE ? AS src", [str(source)])
        source_events = conn.execute("SELECT count(*) FROM src.events").fetchone()[0]
        if source_events == 0:
            raise GenerateError(f"{source}: has no events to copy")
        _copy_shared(conn, side_list)
        # A throwaway file being built: no journal and no syncing; the indexes are built once at
        # the end, which is several times faster than keeping them up to date row by row.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        with conn:
            conn.execute("BEGIN")
            derived = _drop_derived(conn)
            copies = _copy_events(conn, events, source_events, new_actor_share, shift_days)
            _rebuild_derived(conn, derived)
        conn.execute("DETACH DATABASE src")
        # What the loader's closing PRAGMA optimize leaves on a grown file: statistics from
        # every row (a sample of a thousand misleads the planner into plans a hundred times
        # slower), in seconds even for a million events.
        conn.execute("ANALYZE main")
        conn.execute("PRAGMA journal_mode = DELETE")
        counts = [
            conn.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0]  # noqa: S608
            for table in ("events", "articles", "actors")
        ]
    except BaseException:
        conn.close()
        out.unlink(missing_ok=True)
        raise
    conn.close()
    return GenerateSummary(*counts, copies=copies, seconds=time.perf_counter() - started)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute("SELECT * FROM main.pragma_table_info(?)", [table])]


def _copy_table(conn: sqlite3.Connection, table: str) -> None:
    """Copy a table's rows unchanged, column by name (a migrated file may order them otherwise)."""
    names = ", ".join(f'"{name}"' for name in _columns(conn, table))
    conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM src.{table}")  # noqa: S608


def _copy_shared(conn: sqlite3.Connection, side_list: tuple[Side, ...] | None) -> None:
    """Copy what every copy shares (sides and actors), then label actors with the sides file."""
    with conn:
        for table in ("sides", "side_members", "actors", "actor_aliases"):
            _copy_table(conn, table)
    if side_list is not None:
        store_sides(conn, side_list)


def _drop_derived(conn: sqlite3.Connection) -> list[str]:
    """Drop the schema's explicit indexes, returning the statements that create them again."""
    derived = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in derived:
        conn.execute(f'DROP INDEX main."{name}"')
    return [sql for _, sql in derived]


def _rebuild_derived(conn: sqlite3.Connection, statements: list[str]) -> None:
    """Create what was dropped, then index every copied sentence for search, once, at the end
    (an article's sentences are found through the spans' index)."""
    for sql in statements:
        conn.execute(sql)
    sentence_search.rebuild(conn)


def _copy_events(
    conn: sqlite3.Connection,
    events: int,
    source_events: int,
    new_actor_share: float,
    shift_days: int,
) -> int:
    """Insert the copies, inside the caller's transaction; returns how many copies were made."""
    conn.execute("CREATE TEMP TABLE picked_articles (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE picked_events (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE clones (old_id INTEGER PRIMARY KEY, new_id INTEGER)")
    conn.execute(
        "CREATE TEMP TABLE rare AS SELECT m.actor_id AS id FROM src.mentions m "
        "JOIN src.sentence_spans s ON s.id = m.sentence_id "
        "WHERE s.article_id IN (SELECT article_id FROM src.events) "
        "GROUP BY m.actor_id HAVING count(DISTINCT s.article_id) = 1"
    )
    strides = {
        table: conn.execute(f"SELECT coalesce(max(id), 0) FROM src.{table}").fetchone()[0]  # noqa: S608
        for table in (*_OFFSETS, "actors")
    }
    statements = {table: _copy_statement(conn, table) for table in _CHANGES}
    copy = 0
    while copy * source_events < events:
        remaining = events - copy * source_events
        _pick(conn, remaining)
        params: dict[str, object] = {table: copy * strides[table] for table in _OFFSETS}
        params["copy"] = copy
        params["shift"] = f"{copy * shift_days:+d} days"
        _clone_actors(conn, copy, copy * strides["actors"], new_actor_share)
        for sql in statements.values():
            conn.execute(sql, params)
        copy += 1
    return copy


def _copy_statement(conn: sqlite3.Connection, table: str) -> str:
    names = _columns(conn, table)
    changes = _CHANGES[table]
    values = ", ".join(changes.get(name, f'"{name}"') for name in names)
    columns = ", ".join(f'"{name}"' for name in names)
    return (
        f"INSERT INTO main.{table} ({columns}) SELECT {values} "  # noqa: S608 - constant fragments
        f"FROM src.{table} WHERE {_PICKED[table]}"
    )


def _pick(conn: sqlite3.Connection, remaining: int) -> None:
    """Choose the source events (the first ``remaining`` by id) and articles of the next copy."""
    conn.execute("DELETE FROM temp.picked_events")
    conn.execute("DELETE FROM temp.picked_articles")
    conn.execute(
        "INSERT INTO temp.picked_events SELECT id FROM src.events ORDER BY id LIMIT ?", [remaining]
    )
    conn.execute(
        "INSERT INTO temp.picked_articles SELECT DISTINCT article_id FROM src.events "
        "WHERE id IN (SELECT id FROM temp.picked_events)"
    )


def _clone_actors(conn: sqlite3.Connection, copy: int, offset: int, share: float) -> None:
    """Give a pseudo-random share of the rare actors a namesake of their own in this copy."""
    conn.execute("DELETE FROM temp.clones")
    if copy == 0:
        return
    conn.execute(
        "INSERT INTO temp.clones SELECT id, id + ? FROM temp.rare "
        "WHERE (id * 7919 + ? * 104729) % 1000 < ?",
        [offset, copy, round(share * 1000)],
    )
    columns = _columns(conn, "actors")
    names = ", ".join(f'"{name}"' for name in columns)
    values = ", ".join(
        {"id": "c.new_id", "name": "a.name || ' #' || :copy"}.get(name, f'a."{name}"')
        for name in columns
    )
    conn.execute(
        f"INSERT INTO main.actors ({names}) SELECT {values} FROM temp.clones c "  # noqa: S608
        "JOIN main.actors a ON a.id = c.old_id",
        {"copy": copy},
    )
    conn.execute(
        "INSERT INTO main.actor_aliases (actor_id, alias) SELECT c.new_id, al.alias "
        "FROM temp.clones c JOIN src.actor_aliases al ON al.actor_id = c.old_id"
    )


def main(argv: list[str] | None = None) -> int:
    """The command line: ``python -m bench.generate_db SOURCE OUT --events N``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate_db",
        description="Build a database of N events by copying the events of a loaded database.",
    )
    parser.add_argument("source", type=Path, help="a database loaded from real articles")
    parser.add_argument("out", type=Path, help="the database to write (must not exist)")
    parser.add_argument("--events", type=int, required=True, help="how many events to write")
    parser.add_argument("--sides", type=Path, help="a sides file to label the actors with")
    parser.add_argument(
        "--new-actor-share",
        type=float,
        default=NEW_ACTOR_SHARE,
        help="share of rare actors that get a namesake per copy (default %(default)s)",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args(argv)
    if args.force:
        args.out.unlink(missing_ok=True)
    try:
        summary = generate(
            args.source,
            args.out,
            args.events,
            sides=args.sides,
            new_actor_share=args.new_actor_share,
        )
    except Exception as error:  # one line for the person at the terminal, not a traceback
        print(f"generate_db: {error}", file=sys.stderr)
        return 1
    print(
        f"{args.out}: {summary.events} events, {summary.articles} articles, "
        f"{summary.actors} actors ({summary.copies} copies) in {summary.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
