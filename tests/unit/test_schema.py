"""The database contract of DESIGN.md, checked on new databases and on the seed database."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from contract import FOREIGN_KEYS, TABLES, VIEWS, columns, names
from dbfactory import ArticleSpec, build_database

from store import migrations, schema
from store.database import DatabaseError, open_for_writing, open_readonly
from store.schema import APPLICATION_ID, SCHEMA_VERSION


@pytest.fixture
def new_db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = open_for_writing(tmp_path / "new.db").conn
    yield conn
    conn.close()


@pytest.fixture
def seed(seed_db: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"{seed_db.as_uri()}?mode=ro", uri=True)
    yield conn
    conn.close()


def declared_foreign_keys(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    return {
        (table, row[3], row[2])
        for table in names(conn, "table")
        for row in conn.execute("SELECT * FROM pragma_foreign_key_list(?)", (table,))
    }


def leading_index_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """The first column of every index of a table (primary-key indexes included)."""
    firsts = set()
    for index in conn.execute("SELECT name FROM pragma_index_list(?)", (table,)):
        first = conn.execute(
            "SELECT name FROM pragma_index_info(?) WHERE seqno = 0", (index[0],)
        ).fetchone()
        firsts.add(first[0])
    return firsts


# --- tables, keys and indexes -------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_contract_table_has_every_column(new_db: sqlite3.Connection, table: str) -> None:
    missing = set(TABLES[table]) - columns(new_db, table)
    assert missing == set(), f"{table} lacks {sorted(missing)}"


def test_contract_foreign_keys_are_declared(new_db: sqlite3.Connection) -> None:
    assert FOREIGN_KEYS - declared_foreign_keys(new_db) == set()


def test_every_foreign_key_has_an_index_starting_with_it(new_db: sqlite3.Connection) -> None:
    unindexed = sorted(
        (table, column)
        for table, column, _ in declared_foreign_keys(new_db)
        if column not in leading_index_columns(new_db, table)
    )
    assert unindexed == []


def test_article_sha256_and_actor_name_are_unique(new_db: sqlite3.Connection) -> None:
    new_db.execute(
        "INSERT INTO articles (sha256, text, loaded_at) VALUES ('abc', 'one', '2020-09-28')"
    )
    with pytest.raises(sqlite3.IntegrityError, match="articles.sha256"):
        new_db.execute(
            "INSERT INTO articles (sha256, text, loaded_at) VALUES ('abc', 'two', '2020-09-28')"
        )
    new_db.execute("INSERT INTO actors (name, kind) VALUES ('Armenia', 'state')")
    with pytest.raises(sqlite3.IntegrityError, match="actors.name"):
        new_db.execute("INSERT INTO actors (name, kind) VALUES ('Armenia', 'state')")


def test_foreign_keys_are_enforced_on_writing_connections(new_db: sqlite3.Connection) -> None:
    assert new_db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        new_db.execute(
            'INSERT INTO sentence_spans (article_id, idx, start, "end", kind) '
            "VALUES (999, 0, 0, 4, 'body')"
        )


def test_foreign_keys_are_on_for_read_only_connections(seed_db: Path) -> None:
    conn = open_readonly(seed_db)
    try:
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    finally:
        conn.close()


def test_schema_version_and_application_id(new_db: sqlite3.Connection) -> None:
    assert new_db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert new_db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)


def test_views_exist_on_a_new_database(new_db: sqlite3.Connection) -> None:
    assert set(VIEWS) <= names(new_db, "view")
    assert new_db.execute("SELECT count(*) FROM event_timeline").fetchone() == (0,)
    assert new_db.execute("SELECT count(*) FROM quote_list").fetchone() == (0,)


# --- full-text search ---------------------------------------------------------------------------


def fts_matches(conn: sqlite3.Connection, query: str) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT s.text FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
            "WHERE sentences_fts MATCH ? ORDER BY s.id",
            (query,),
        )
    ]


def test_full_text_search_finds_written_sentences_with_diacritics_folded(tmp_path: Path) -> None:
    spec = ArticleSpec(
        sentences=(
            "Recep Tayyip Erdoğan promised support to Baku.",
            "The OSCE Minsk Group called for talks.",
        )
    )
    conn = sqlite3.connect(build_database(tmp_path / "fts.db", [spec]))
    assert fts_matches(conn, "Erdogan") == ["Recep Tayyip Erdoğan promised support to Baku."]
    assert fts_matches(conn, "erdoğan") == ["Recep Tayyip Erdoğan promised support to Baku."]
    assert fts_matches(conn, "minsk") == ["The OSCE Minsk Group called for talks."]
    assert fts_matches(conn, "Putin") == []
    conn.close()


# --- the seed database --------------------------------------------------------------------------


def test_event_timeline_has_one_row_per_event(seed: sqlite3.Connection) -> None:
    events = [row[0] for row in seed.execute("SELECT id FROM events ORDER BY id")]
    timeline = [row[0] for row in seed.execute("SELECT event_id FROM event_timeline ORDER BY 1")]
    assert len(events) >= 15
    assert timeline == events


def test_event_timeline_row_carries_its_sentence_and_article(seed: sqlite3.Connection) -> None:
    row = seed.execute(
        "SELECT t.sentence = s.text, t.article_title, t.article_published, "
        "t.event_type = e.event_type "
        "FROM event_timeline t JOIN events e ON e.id = t.event_id "
        "JOIN sentences s ON s.id = e.sentence_id ORDER BY t.event_id LIMIT 1"
    ).fetchone()
    assert row == (
        1,
        "Fighting between Armenia and Azerbaijan over Nagorno-Karabakh continues overnight",
        "2020-09-28",
        1,
    )


def test_quote_list_has_one_row_per_quote(seed: sqlite3.Connection) -> None:
    quotes = [row[0] for row in seed.execute("SELECT id FROM quotes ORDER BY id")]
    listed = [row[0] for row in seed.execute("SELECT quote_id FROM quote_list ORDER BY 1")]
    assert len(quotes) >= 10
    assert listed == quotes


def test_quote_list_names_resolved_speakers(seed: sqlite3.Connection) -> None:
    unnamed = seed.execute(
        "SELECT count(*) FROM quote_list l JOIN quotes q ON q.id = l.quote_id "
        "JOIN actors a ON a.id = q.speaker_id WHERE l.speaker IS NOT a.name"
    ).fetchone()
    assert unnamed == (0,)


def test_seed_database_is_intact(seed: sqlite3.Connection) -> None:
    assert seed.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert seed.execute("PRAGMA foreign_key_check").fetchall() == []
    sentences = seed.execute("SELECT count(*) FROM sentences").fetchone()
    assert seed.execute("SELECT count(*) FROM sentences_fts").fetchone() == sentences


def test_seed_full_text_index_passes_its_integrity_check(seed_db: Path, tmp_path: Path) -> None:
    copy = shutil.copy(seed_db, tmp_path / "copy.db")
    conn = sqlite3.connect(copy)
    # FTS5 raises on this command when the index disagrees with the sentences table.
    conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')")
    conn.close()


@pytest.mark.parametrize(
    ("table", "start", "end", "text"),
    [
        ("sentences", "start", '"end"', "text"),
        ("mentions", "start", '"end"', "text"),
        ("events", "trigger_start", "trigger_end", "trigger"),
        ("quotes", "start", '"end"', "text"),
    ],
)
def test_offsets_slice_the_article_text(
    seed: sqlite3.Connection, table: str, start: str, end: str, text: str
) -> None:
    article = (
        "(SELECT article_id FROM sentences WHERE id = t.sentence_id)"
        if table == "mentions"
        else "t.article_id"
    )
    rows = seed.execute(
        f"SELECT count(*), sum(substr(a.text, t.{start} + 1, t.{end} - t.{start}) = t.{text}) "  # noqa: S608
        f"FROM {table} t JOIN articles a ON a.id = {article}"
    ).fetchone()
    assert rows[0] > 0
    assert rows[1] == rows[0], f"{rows[0] - rows[1]} {table} rows do not slice articles.text"


# --- files that are not eventscope databases ----------------------------------------------------


@pytest.fixture
def foreign_db(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("opener", [open_for_writing, open_readonly])
def test_another_programs_database_is_refused(foreign_db: Path, opener) -> None:
    with pytest.raises(DatabaseError) as raised:
        opener(foreign_db)
    assert str(raised.value) == f"{foreign_db}: not an eventscope database"


def test_another_programs_database_is_left_untouched(foreign_db: Path) -> None:
    before = foreign_db.read_bytes()
    with pytest.raises(DatabaseError):
        open_for_writing(foreign_db)
    assert foreign_db.read_bytes() == before
    assert not Path(f"{foreign_db}-wal").exists()


def with_version(source: Path, target: Path, version: int) -> Path:
    shutil.copy(source, target)
    conn = sqlite3.connect(target)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    return target


@pytest.mark.parametrize("opener", [open_for_writing, open_readonly])
def test_newer_schema_is_refused(seed_db: Path, tmp_path: Path, opener) -> None:
    path = with_version(seed_db, tmp_path / "newer.db", SCHEMA_VERSION + 1)
    with pytest.raises(DatabaseError) as raised:
        opener(path)
    assert str(raised.value) == (
        f"{path}: written by a newer eventscope (schema {SCHEMA_VERSION + 1}, this one reads "
        f"{SCHEMA_VERSION}); upgrade eventscope"
    )


@pytest.mark.parametrize("opener", [open_for_writing, open_readonly])
def test_older_schema_is_refused(
    seed_db: Path, tmp_path: Path, opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1)
    path = with_version(seed_db, tmp_path / "older.db", SCHEMA_VERSION - 1)
    with pytest.raises(DatabaseError, match=r"older\.db: schema \d+ is older than \d+; reload"):
        opener(path)


@pytest.mark.parametrize("opener", [open_for_writing, open_readonly])
def test_text_file_is_refused(tmp_path: Path, opener) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Not a database at all, just some notes.\n" * 40)
    with pytest.raises(DatabaseError) as raised:
        opener(path)
    assert str(raised.value) == f"{path}: file is not a database"


def test_missing_file_is_refused_for_reading(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as raised:
        open_readonly(tmp_path / "missing.db")
    assert str(raised.value) == f"{tmp_path / 'missing.db'}: no such database file"
    assert not (tmp_path / "missing.db").exists()


def test_missing_folder_is_refused_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "new.db"
    with pytest.raises(DatabaseError) as raised:
        open_for_writing(path)
    assert str(raised.value) == f"{path}: folder {path.parent} does not exist"


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    path = build_database(tmp_path / "again.db", [ArticleSpec(sentences=("One sentence.",))])
    conn = open_for_writing(path).conn
    assert conn.execute("SELECT text FROM sentences").fetchall() == [("One sentence.",)]
    conn.close()


def test_a_schema_interrupted_half_way_leaves_an_empty_file_the_next_run_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "half.db"

    def fail(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    # The views come last, after every table, index and the FTS index.
    monkeypatch.setattr(schema, "view_statement", fail)
    with pytest.raises(DatabaseError, match="half.db: disk I/O error"):
        open_for_writing(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    conn.close()
    monkeypatch.undo()
    conn = open_for_writing(path).conn
    assert set(VIEWS) <= names(conn, "view")
    conn.close()
