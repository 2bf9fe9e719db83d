"""Sentences stored as spans: the text is read from the article, stored once, and searchable."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from contract import TABLES, dump
from dbfactory import ArticleSpec, build_database

from store import sentence_search
from store.database import DatabaseError, open_for_writing
from store.extract import extract_article
from store.schema import SCHEMA_VERSION, create_schema
from store.sources import SourceArticle
from store.writer import text_sha256, write_article

SCHEMA_1 = Path(__file__).resolve().parents[1] / "fixtures" / "schema1.db"
"""Two articles with flags, accented and Azerbaijani letters, as schema 1 stored them: written by
``eventscope load`` at commit 35b8ff7 from two JSON Lines records, then made small with
``PRAGMA page_size = 512`` and ``VACUUM``."""

# Characters outside the Basic Multilingual Plane (the rocket, the flag's two regional
# indicators), combining accents and CJK: where a count of bytes or of UTF-16 units would
# cut another slice than a count of characters.
NON_ASCII = (
    "Erdoğan said Turkey “stands with Azerbaijan” 🇹🇷 on Monday.",
    "A 🚀 hit Gəncə; the cafe\u0301 owner wept.",
    "東京 reporters asked Moscow for comment.",
    "Plain ASCII closes the article.",
)


@pytest.fixture
def spans_db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(build_database(tmp_path / "spans.db", [ArticleSpec(NON_ASCII)]))
    yield conn
    conn.close()


def test_sentence_text_is_the_slice_of_the_article_in_characters(
    spans_db: sqlite3.Connection,
) -> None:
    (article,) = spans_db.execute("SELECT text FROM articles").fetchone()
    rows = spans_db.execute('SELECT start, "end", text FROM sentences ORDER BY idx').fetchall()
    assert [text for _, _, text in rows] == list(NON_ASCII)
    assert all(article[start:end] == text for start, end, text in rows)


def test_the_sentences_view_has_exactly_the_contract_columns(spans_db: sqlite3.Connection) -> None:
    listed = [row[1] for row in spans_db.execute("SELECT * FROM pragma_table_info('sentences')")]
    assert tuple(listed) == TABLES["sentences"]


def test_the_article_text_is_stored_once(spans_db: sqlite3.Connection) -> None:
    text_columns = {
        (table, column)
        for (table,) in spans_db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sentences_fts%'"
        )
        for _, column, kind, *_ in spans_db.execute("SELECT * FROM pragma_table_info(?)", [table])
        if column == "text" and kind == "TEXT" and table != "articles"
    }
    # Mentions and quotes keep their few words; no table keeps whole sentences.
    assert text_columns == {("mentions", "text"), ("quotes", "text")}


def test_reading_spans_without_their_text_leaves_the_articles_alone(
    spans_db: sqlite3.Connection,
) -> None:
    def tables_read(sql: str) -> set[str]:
        """The aliases the plan searches or scans (``a`` is the view's article)."""
        details = [row[3] for row in spans_db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        return {detail.split()[1] for detail in details if detail.startswith(("SEARCH", "SCAN"))}

    assert tables_read("SELECT id, idx FROM sentences WHERE article_id = 1") == {"s"}
    assert tables_read("SELECT text FROM sentences WHERE id = 1") == {"s", "a"}


def test_search_finds_non_ascii_sentences_and_passes_its_integrity_check(
    spans_db: sqlite3.Connection,
) -> None:
    found = spans_db.execute(
        "SELECT s.text FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
        "WHERE sentences_fts MATCH ? ORDER BY s.id",
        ["gəncə OR cafe OR erdogan"],
    ).fetchall()
    assert found == [(NON_ASCII[0],), (NON_ASCII[1],)]
    spans_db.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')")


def search_rowids(conn: sqlite3.Connection, query: str) -> list[int]:
    """The index's own rows for a query, without a join that would hide rows it holds wrongly."""
    sql = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid"
    return [row[0] for row in conn.execute(sql, (query,))]


def test_rebuilding_the_index_by_hand_gives_what_the_writer_indexed(tmp_path: Path) -> None:
    specs = [ArticleSpec(NON_ASCII), ArticleSpec(("Baku and Yerevan agreed a truce.",))]
    conn = sqlite3.connect(build_database(tmp_path / "fts.db", specs))
    words = ["erdogan", "gəncə", "truce", "东京 OR 東京", "cafe"]
    written = {word: search_rowids(conn, word) for word in words}
    with conn:
        sentence_search.rebuild(conn)
    assert {word: search_rowids(conn, word) for word in words} == written
    assert written["truce"] and written["erdogan"]
    with conn:
        conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild')")
    assert {word: search_rowids(conn, word) for word in words} == written
    conn.close()


def test_full_text_index_forgets_the_sentences_of_a_replaced_article(tmp_path: Path) -> None:
    db = open_for_writing(tmp_path / "fts.db")

    def write(text: str, replace: bool = False) -> None:
        article = SourceArticle(
            text=text,
            title=None,
            published="2020-09-29",
            source=None,
            url=None,
            path="a.txt",
            external_id=None,
        )
        write_article(db.conn, article, extract_article(text), text_sha256(text), replace=replace)

    first = "Recep Tayyip Erdoğan promised support to Baku. The OSCE Minsk Group called for talks."
    write(first)
    write("Baku and Yerevan agreed a truce on Saturday.")
    write(first, replace=True)  # its sentences now come after the truce's
    ids = [row[0] for row in db.conn.execute("SELECT id FROM sentences ORDER BY id")]
    assert search_rowids(db.conn, "Erdogan") == [ids[1]]
    assert search_rowids(db.conn, "minsk OR erdogan OR truce") == ids
    db.conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')")
    db.conn.close()


INDEX_COLUMNS = "SELECT name FROM pragma_index_info(?) ORDER BY seqno"


def test_no_plain_index_is_the_start_of_another(tmp_path: Path) -> None:
    conn = open_for_writing(tmp_path / "new.db").conn
    redundant = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        indexes = {
            name: (unique, [row[0] for row in conn.execute(INDEX_COLUMNS, [name])])
            for _, name, unique, *_ in conn.execute("SELECT * FROM pragma_index_list(?)", [table])
        }
        redundant += [
            name
            for name, (unique, columns) in indexes.items()
            for other, (_, longer) in indexes.items()
            if other != name and not unique and longer[: len(columns)] == columns
        ]
    conn.close()
    # Kept on purpose: the planner counts events with actors through it (see store/schema.py).
    assert redundant == ["idx_event_actors_event_id"]


# --- the upgrade from schema 1 ------------------------------------------------------------------


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    return Path(shutil.copy(SCHEMA_1, tmp_path / "old.db"))


def schema_shape(conn: sqlite3.Connection) -> dict[str, object]:
    """Columns, keys, index names, triggers and views: what must match a new file."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        "tables": {
            table: (
                [row[1:] for row in conn.execute("SELECT * FROM pragma_table_info(?)", [table])],
                sorted(
                    conn.execute(
                        'SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)', [table]
                    )
                ),
                sorted(
                    name
                    for (name,) in conn.execute(
                        "SELECT name FROM pragma_index_list(?) WHERE origin = 'c'", [table]
                    )
                ),
            )
            for table in tables
        },
        "objects": sorted(
            conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger')"
            )
        ),
    }


def test_a_schema_1_file_is_upgraded_keeping_every_row(old_file: Path) -> None:
    conn = sqlite3.connect(old_file)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    before = dump(conn)
    conn.close()
    open_for_writing(old_file).conn.close()
    conn = sqlite3.connect(old_file)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert dump(conn) == before
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')")
    found = conn.execute(
        "SELECT s.text FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
        "WHERE sentences_fts MATCH 'erdogan'"
    ).fetchall()
    assert len(found) == 1 and "Erdoğan" in found[0][0]
    fresh = sqlite3.connect(":memory:")
    create_schema(sqlite_utils.Database(fresh))
    assert schema_shape(conn) == schema_shape(fresh)
    fresh.close()
    conn.close()


def test_an_upgraded_file_takes_new_articles_and_reloads(old_file: Path) -> None:
    build_database(old_file, [ArticleSpec(("Baku and Yerevan agreed a truce on Saturday.",))])
    conn = sqlite3.connect(old_file)
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (3,)
    found = conn.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'truce'")
    assert len(found.fetchall()) == 2
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute("DELETE FROM sentence_spans WHERE id = (SELECT sentence_id FROM events)")
    conn.close()


def test_a_sentence_that_is_not_its_article_slice_stops_the_upgrade(old_file: Path) -> None:
    conn = sqlite3.connect(old_file)
    conn.execute("UPDATE sentences SET text = 'Edited by hand.' WHERE id = 1")
    conn.commit()
    before = dump(conn)
    conn.close()
    with pytest.raises(DatabaseError, match="1 sentences differ from their article's text"):
        open_for_writing(old_file)
    conn = sqlite3.connect(old_file)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    assert dump(conn) == before
    conn.close()
