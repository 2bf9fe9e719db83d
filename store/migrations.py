"""Bringing a database written by an older eventscope up to the current schema.

A step upgrades a file by one version, in the caller's transaction, and must keep every row: a
step that would have to drop data is not written, and a file it would apply to is refused
instead (see ``store.database``). Indexes and views hold no data of their own, so the current
schema's are added to any file opened for writing, whatever its version: a new index reaches
old files without a version change, and a changed view replaces the old one.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

import sqlite_utils

from store import schema, sentence_search

Migration = Callable[[sqlite3.Connection], None]


def _sentence_text_from_articles(conn: sqlite3.Connection) -> None:
    """Schema 1 to 2: sentences keep their offsets only, and read their text from the article.

    The table is renamed rather than copied, so that the foreign keys of mentions, events,
    casualties and quotes follow it to its new name (SQLite rewrites them on a rename).

    Raises:
        sqlite3.IntegrityError: a sentence's text is not its article's slice, so dropping it
            would lose data (eventscope never wrote such a row).
    """
    (differing,) = conn.execute(
        "SELECT count(*) FROM sentences s LEFT JOIN articles a ON a.id = s.article_id "
        'WHERE s.text IS NOT substr(a.text, s.start + 1, s."end" - s.start)'
    ).fetchone()
    if differing:
        raise sqlite3.IntegrityError(
            f"{differing} sentences differ from their article's text at their offsets; "
            "reload the articles into a new file"
        )
    # What reads the text column goes first: a column that a view or trigger names cannot be
    # dropped. The views come back from add_derived_objects; the index was sqlite-utils' text
    # of the sentences table, which now feeds on the view.
    for statement in (
        'DROP TRIGGER IF EXISTS "sentences_ai"',
        'DROP TRIGGER IF EXISTS "sentences_ad"',
        'DROP TRIGGER IF EXISTS "sentences_au"',
        'DROP VIEW IF EXISTS "event_timeline"',
        'DROP VIEW IF EXISTS "quote_list"',
        'DROP TABLE "sentences_fts"',
        'ALTER TABLE "sentences" RENAME TO "sentence_spans"',
        'ALTER TABLE "sentence_spans" DROP COLUMN "text"',
        # Named after the old table; add_derived_objects makes the current unique index, and
        # the plain article_id index was never needed beside it.
        'DROP INDEX IF EXISTS "idx_sentences_article_id"',
        'DROP INDEX IF EXISTS "idx_sentences_article_id_idx"',
        # Other foreign-key indexes that a longer index (or the primary key) starts with.
        'DROP INDEX IF EXISTS "idx_actor_aliases_actor_id"',
        'DROP INDEX IF EXISTS "idx_event_actors_actor_id"',
        'DROP INDEX IF EXISTS "idx_side_members_side"',
    ):
        conn.execute(statement)
    conn.execute(schema.view_statement("sentences"))
    for statement in schema.SENTENCE_SEARCH:
        conn.execute(statement)
    sentence_search.rebuild(conn)


# From version N (the key) to N + 1.
MIGRATIONS: dict[int, Migration] = {1: _sentence_text_from_articles}


def steps_from(version: int) -> list[Migration] | None:
    """The steps that bring a file of ``version`` to the current one, or None if one is missing."""
    steps = [MIGRATIONS.get(number) for number in range(version, schema.SCHEMA_VERSION)]
    if any(step is None for step in steps):
        return None
    return steps  # type: ignore[return-value]


def upgrade(conn: sqlite3.Connection, version: int) -> None:
    """Run the steps from ``version`` and record the current version, in the caller's transaction.

    Raises:
        ValueError: no way from ``version`` to the current schema.
    """
    steps = steps_from(version)
    if steps is None:
        raise ValueError(f"no migration from schema {version}")
    for step in steps:
        step(conn)
    conn.execute(f"PRAGMA user_version = {int(schema.SCHEMA_VERSION)}")


def add_derived_objects(conn: sqlite3.Connection) -> list[str]:
    """Create the current schema's indexes and views that the file lacks or has in another form.

    Runs in the caller's transaction. Objects of other names (a user's own views) are left alone.

    Returns:
        The names of the objects created or replaced.
    """
    existing = {
        (kind, name): sql
        for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'view')"
        )
    }
    changed = []
    for kind, name, sql in _current_derived_objects():
        if existing.get((kind, name)) == sql:
            continue
        if (kind, name) in existing:
            conn.execute(f'DROP {kind.upper()} "{_identifier(name)}"')
        conn.execute(sql)
        changed.append(name)
    return changed


@functools.cache
def _current_derived_objects() -> tuple[tuple[str, str, str], ...]:
    """The indexes and views a new database gets, read from one built in memory.

    Read back rather than listed here, so that whatever ``store.schema`` creates is what old
    files are given.
    """
    conn = sqlite3.connect(":memory:")
    try:
        schema.create_schema(sqlite_utils.Database(conn))
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('index', 'view') AND sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()
    return tuple(rows)


def _identifier(name: str) -> str:
    return name.replace('"', '""')
