"""The database contract: tables, indexes, full-text search and views (see docs in DESIGN.md).

The file is a product of its own (people open it in sqlite3, Datasette, DB Browser), so every
foreign key is declared and indexed, views need nothing beyond plain SQLite, and the schema
version lives in ``PRAGMA user_version``.
"""

from __future__ import annotations

import sqlite_utils

SCHEMA_VERSION = 2
# Marks the file as an eventscope database for tools such as `file` and for our own checks.
APPLICATION_ID = 0x45565343  # "EVSC"

_TABLES: list[tuple[str, dict, dict]] = [
    (
        "articles",
        {
            "id": int,
            "title": str,
            "published": str,
            "source": str,
            "url": str,
            "path": str,
            "external_id": str,
            "sha256": str,
            "text": str,
            "loaded_at": str,
        },
        {"pk": "id", "not_null": ["sha256", "text", "loaded_at"]},
    ),
    # The sentences by their offsets only: their text is the article's, read through the
    # ``sentences`` view, so that the file holds each article's text once (a second copy made
    # it half as large again).
    (
        "sentence_spans",
        {
            "id": int,
            "article_id": int,
            "idx": int,
            "start": int,
            "end": int,
            "kind": str,
        },
        {
            "pk": "id",
            "foreign_keys": [("article_id", "articles", "id")],
            "not_null": ["article_id", "idx", "start", "end", "kind"],
        },
    ),
    (
        "sides",
        {"label": str, "colour": str, "position": int},
        {"pk": "label"},
    ),
    (
        "side_members",
        {"side": str, "member": str},
        {"pk": ("side", "member"), "foreign_keys": [("side", "sides", "label")]},
    ),
    (
        "actors",
        {
            "id": int,
            "name": str,
            "kind": str,
            "country": str,
            "side": str,
            "parent_id": int,
        },
        {
            "pk": "id",
            "foreign_keys": [("parent_id", "actors", "id")],
            "not_null": ["name", "kind"],
        },
    ),
    (
        "actor_aliases",
        {"actor_id": int, "alias": str},
        {"pk": ("actor_id", "alias"), "foreign_keys": [("actor_id", "actors", "id")]},
    ),
    (
        "mentions",
        {
            "id": int,
            "actor_id": int,
            "sentence_id": int,
            "start": int,
            "end": int,
            "text": str,
        },
        {
            "pk": "id",
            "foreign_keys": [
                ("actor_id", "actors", "id"),
                ("sentence_id", "sentence_spans", "id"),
            ],
            "not_null": ["actor_id", "sentence_id", "start", "end", "text"],
        },
    ),
    (
        "events",
        {
            "id": int,
            "article_id": int,
            "sentence_id": int,
            "event_type": str,
            "cameo_root": str,
            "mode": str,
            "trigger": str,
            "trigger_start": int,
            "trigger_end": int,
            "summary": str,
            "date_start": str,
            "date_end": str,
            "date_precision": str,
            "date_text": str,
            "date_text_start": int,
            "date_text_end": int,
            "location": str,
            "claimed_by": int,
            "status": str,
            "modality": str,
        },
        {
            "pk": "id",
            "foreign_keys": [
                ("article_id", "articles", "id"),
                ("sentence_id", "sentence_spans", "id"),
                ("claimed_by", "actors", "id"),
            ],
            "not_null": ["article_id", "sentence_id", "event_type", "cameo_root", "status"],
        },
    ),
    (
        "event_actors",
        {"event_id": int, "actor_id": int, "role": str},
        {
            "pk": ("event_id", "actor_id", "role"),
            "foreign_keys": [("event_id", "events", "id"), ("actor_id", "actors", "id")],
        },
    ),
    (
        "casualties",
        {
            "id": int,
            "article_id": int,
            "sentence_id": int,
            "event_id": int,
            "kind": str,
            "count_min": int,
            "count_max": int,
            "qualifier": str,
            "cumulative": int,
            "victims": str,
            "victim_side": str,
            "victim_actor_id": int,
            "claimed_by": int,
            "start": int,
            "end": int,
        },
        {
            "pk": "id",
            "foreign_keys": [
                ("article_id", "articles", "id"),
                ("sentence_id", "sentence_spans", "id"),
                ("event_id", "events", "id"),
                ("victim_actor_id", "actors", "id"),
                ("claimed_by", "actors", "id"),
            ],
            "not_null": ["article_id", "sentence_id", "kind"],
        },
    ),
    (
        "quotes",
        {
            "id": int,
            "article_id": int,
            "sentence_id": int,
            "speaker_id": int,
            "speaker_text": str,
            "text": str,
            "kind": str,
            "cue": str,
            "medium": str,
            "start": int,
            "end": int,
        },
        {
            "pk": "id",
            "foreign_keys": [
                ("article_id", "articles", "id"),
                ("sentence_id", "sentence_spans", "id"),
                ("speaker_id", "actors", "id"),
            ],
            "not_null": ["article_id", "sentence_id", "text", "kind", "start", "end"],
        },
    ),
]

# Indexes beyond the foreign keys: lookups the loader makes and orders the app pages by.
_INDEXES: list[tuple[str, list[str], bool]] = [
    ("articles", ["sha256"], True),
    # The publication date by article id without reading the article (its text fills the
    # table's pages): what filtering quotes by date reads for every quote it tests.
    ("articles", ["id", "published"], False),
    ("actors", ["name"], True),
    ("actors", ["side"], False),
    ("actors", ["kind", "country"], False),
    ("actor_aliases", ["alias"], False),
    ("sentence_spans", ["article_id", "idx"], True),
    # The timeline order, with every column a filter tests on an event: walking it in order
    # until a page is full, or counting under a filter, never reads the events table.
    (
        "events",
        ["date_start", "id", "date_end", "event_type", "status", "modality", "sentence_id"],
        False,
    ),
    ("events", ["event_type"], False),
    # An actor's events (and a side's, through its actors) from the index alone.
    ("event_actors", ["actor_id", "event_id"], False),
    # Events that have actors, counted in order (count(DISTINCT event_id) for the side counts):
    # the primary key's index starts with event_id too, but SQLite picks the narrower index
    # above and sorts, and the side counts take 1.6 times as long (measured at 100,000 events).
    ("event_actors", ["event_id"], False),
]

# Indexes on expressions, which sqlite-utils cannot create: the day of publication, as quote
# filters compare it, so that a date range finds its articles at once.
_EXPRESSION_INDEXES = [
    "CREATE INDEX IF NOT EXISTS idx_articles_published_day ON articles (substr(published, 1, 10))",
]

# Full-text search over the sentences view: external content, so the index stores no text of its
# own, and rowid = sentence id. No triggers: whoever writes spans indexes them through
# store.sentence_search, which reads each article once (a trigger re-reads it per sentence).
# Diacritics are folded so that "Erdogan" finds "Erdoğan". The docsize table is kept (no
# columnsize=0): bm25 ranking, as the search_sentences example in schema_notes.toml uses, would
# otherwise read and tokenize every matching sentence again.
SENTENCE_SEARCH = [
    """CREATE VIRTUAL TABLE "sentences_fts" USING FTS5 (
    "text",
    tokenize='unicode61 remove_diacritics 2',
    content="sentences",
    content_rowid="id"
)""",
]

_VIEWS = {
    # The contract's sentences table: each span with its text cut from the article (substr
    # counts characters, as the offsets do). A LEFT JOIN on the article's primary key, so that
    # SQLite leaves the join out of any query that does not read the text.
    "sentences": """
SELECT
  s.id,
  s.article_id,
  s.idx,
  s.start,
  s."end",
  substr(a.text, s.start + 1, s."end" - s.start) AS text,
  s.kind
FROM sentence_spans s
LEFT JOIN articles a ON a.id = s.article_id
""",
    "event_timeline": """
SELECT
  e.id AS event_id,
  e.date_start,
  e.date_end,
  e.date_precision,
  e.date_text,
  e.event_type,
  e.cameo_root,
  e.mode,
  (SELECT group_concat(a.name, '; ') FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
    WHERE ea.event_id = e.id AND ea.role = 'source') AS source_actors,
  (SELECT group_concat(a.name, '; ') FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
    WHERE ea.event_id = e.id AND ea.role = 'target') AS target_actors,
  e.summary,
  e.trigger,
  e.status,
  e.modality,
  claimant.name AS claimed_by,
  e.location,
  s.text AS sentence,
  ar.title AS article_title,
  ar.published AS article_published,
  ar.source AS article_source,
  e.article_id,
  e.sentence_id
FROM events e
JOIN sentences s ON s.id = e.sentence_id
JOIN articles ar ON ar.id = e.article_id
LEFT JOIN actors claimant ON claimant.id = e.claimed_by
""",
    "quote_list": """
SELECT
  q.id AS quote_id,
  coalesce(speaker.name, q.speaker_text) AS speaker,
  speaker.side AS speaker_side,
  q.speaker_text,
  q.kind,
  q.text AS quote,
  q.cue,
  q.medium,
  s.text AS sentence,
  ar.title AS article_title,
  ar.published AS article_published,
  q.article_id,
  q.sentence_id
FROM quotes q
JOIN sentences s ON s.id = q.sentence_id
JOIN articles ar ON ar.id = q.article_id
LEFT JOIN actors speaker ON speaker.id = q.speaker_id
""",
}


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index, the FTS index and the views in an empty database.

    One transaction: a load killed here leaves an empty file that the next run starts afresh,
    not half a schema that it would refuse (and one commit is much faster than sixty).
    """
    with db.conn:
        db.conn.execute("BEGIN IMMEDIATE")
        for name, columns, options in _TABLES:
            db.create_table(name, columns, **options)
        for table, columns, unique in _INDEXES:
            db[table].create_index(columns, unique=unique, if_not_exists=True)
        _index_foreign_keys(db)
        for sql in _EXPRESSION_INDEXES:
            db.execute(sql)
        for sql in SENTENCE_SEARCH:
            db.execute(sql)
        for name in _VIEWS:
            db.execute(view_statement(name))
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _index_foreign_keys(db: sqlite_utils.Database) -> None:
    """Index every foreign key that no index (primary keys included) starts with already.

    sqlite-utils' ``index_foreign_keys`` adds an index of the column alone even where a longer
    index leads with it, and such an index costs space and every insert for no lookup.
    """
    for table in db.tables:
        indexed = [tuple(index.columns) for index in table.indexes]
        for key in table.foreign_keys:
            columns = tuple(key.columns)
            if not any(index[: len(columns)] == columns for index in indexed):
                table.create_index(columns, find_unique_name=True)
                indexed.append(columns)


def view_statement(name: str) -> str:
    """The statement that creates one of the schema's views, as a new file has it."""
    return f'CREATE VIEW "{name}" AS {_VIEWS[name].strip()}'
