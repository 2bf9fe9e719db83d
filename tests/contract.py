"""The database contract of DESIGN.md, written out once for the tests that check it."""

from __future__ import annotations

import sqlite3

TABLES: dict[str, tuple[str, ...]] = {
    "articles": (
        "id",
        "title",
        "published",
        "source",
        "url",
        "path",
        "sha256",
        "text",
        "loaded_at",
    ),
    "sentences": ("id", "article_id", "idx", "start", "end", "text", "kind"),
    "actors": ("id", "name", "kind", "country", "side"),
    "actor_aliases": ("actor_id", "alias"),
    "mentions": ("id", "actor_id", "sentence_id", "start", "end", "text"),
    "events": (
        "id",
        "article_id",
        "sentence_id",
        "event_type",
        "cameo_root",
        "mode",
        "trigger",
        "trigger_start",
        "trigger_end",
        "summary",
        "date_start",
        "date_end",
        "date_precision",
        "date_text",
        "location",
        "claimed_by",
        "status",
        "modality",
    ),
    "event_actors": ("event_id", "actor_id", "role"),
    "casualties": (
        "id",
        "article_id",
        "sentence_id",
        "event_id",
        "kind",
        "count_min",
        "count_max",
        "qualifier",
        "cumulative",
        "victims",
        "victim_side",
        "claimed_by",
    ),
    "quotes": (
        "id",
        "article_id",
        "sentence_id",
        "speaker_id",
        "speaker_text",
        "text",
        "kind",
        "cue",
        "medium",
        "start",
        "end",
    ),
}

# The table behind the sentences view: foreign keys cannot point at a view, so they point here.
SENTENCE_TABLE = "sentence_spans"

# (table, column, referenced table): the references the contract's columns imply.
FOREIGN_KEYS: frozenset[tuple[str, str, str]] = frozenset(
    {
        (SENTENCE_TABLE, "article_id", "articles"),
        ("actor_aliases", "actor_id", "actors"),
        ("mentions", "actor_id", "actors"),
        ("mentions", "sentence_id", SENTENCE_TABLE),
        ("events", "article_id", "articles"),
        ("events", "sentence_id", SENTENCE_TABLE),
        ("events", "claimed_by", "actors"),
        ("event_actors", "event_id", "events"),
        ("event_actors", "actor_id", "actors"),
        ("casualties", "article_id", "articles"),
        ("casualties", "sentence_id", SENTENCE_TABLE),
        ("casualties", "event_id", "events"),
        ("casualties", "claimed_by", "actors"),
        ("quotes", "article_id", "articles"),
        ("quotes", "sentence_id", SENTENCE_TABLE),
        ("quotes", "speaker_id", "actors"),
    }
)

VIEWS = ("event_timeline", "quote_list")


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """The column names of a table or view."""
    return {row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))}


def names(conn: sqlite3.Connection, kind: str) -> set[str]:
    """Names of the schema objects of one kind (table, view, index, trigger)."""
    return {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
    }


def dump(conn: sqlite3.Connection, *, skip: frozenset[str] = frozenset()) -> dict[str, list]:
    """Every row of every contract table (and the sides), ordered, without the ``skip`` columns."""
    tables = {}
    for table in (*TABLES, "sides", "side_members"):
        kept = sorted(columns(conn, table) - skip)
        listed = ", ".join(f'"{column}"' for column in kept)
        rows = conn.execute(f"SELECT {listed} FROM {table}").fetchall()  # noqa: S608
        tables[table] = sorted(rows, key=repr)
    return tables


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per contract table."""
    return {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in TABLES
    }
