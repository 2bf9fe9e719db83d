"""The database as a fault: full, read-only, locked, of another schema version, created twice.

A load stopped by its database keeps whole articles and says so in one line; a file of another
schema version is upgraded where a migration exists and refused untouched otherwise.
tests/functional/test_faults.py does the same with real processes, signals and permissions.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from contract import dump

from store import database, loader, migrations, schema
from store.database import DatabaseError, open_for_writing, open_readonly
from store.loader import LoadStopped, load
from store.schema import SCHEMA_VERSION
from tui import cli

STAMPS = frozenset({"loaded_at"})


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write_articles(folder: str = "news", count: int = 12) -> str:
    """``count`` articles of a few kilobytes each: each takes pages of its own in the file."""
    Path(folder).mkdir()
    for number in range(count):
        background = "".join(
            f"Talks in round {number}.{line} ended without agreement on the corridor.\n\n"
            for line in range(40)
        )
        Path(folder, f"{number:02d}.txt").write_text(
            f"title: Report {number}\npublished: 2020-10-{number + 1:02d}\n\n"
            f"Armenia accused Azerbaijan of shelling Stepanakert on Sunday.\n\n"
            f"At least {number + 2} civilians were killed, officials said.\n\n{background}",
            encoding="utf-8",
        )
    return folder


def table_dump(path: str) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return dump(conn, skip=STAMPS)
    finally:
        conn.close()


def assert_sound(path: str) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM sentences)"
        ).fetchone() == (0,)
    finally:
        conn.close()


def articles_in(path: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def small_disk(monkeypatch: pytest.MonkeyPatch):
    """The loader's database gets room for ``pages`` more pages, as a nearly full disk would."""

    def limit(pages: int) -> None:
        def opened(path):
            db = open_for_writing(path)
            used = db.conn.execute("PRAGMA page_count").fetchone()[0]
            db.conn.execute(f"PRAGMA max_page_count = {used + pages}")
            return db

        monkeypatch.setattr(loader, "open_for_writing", opened)

    return limit


# --- a full disk --------------------------------------------------------------------------------


def test_a_full_disk_stops_the_load_keeping_whole_articles_and_a_rerun_finishes(
    small_disk, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_articles()
    load([folder], "clean.db")
    small_disk(15)
    with pytest.raises(LoadStopped) as stopped:
        load([folder], "x.db")
    assert str(stopped.value) == "x.db: database or disk is full"
    written = stopped.value.summary.articles
    assert 0 < written < 12
    assert articles_in("x.db") == written
    assert_sound("x.db")
    monkeypatch.setattr(loader, "open_for_writing", open_for_writing)
    summary = load([folder], "x.db")
    assert (summary.articles, summary.unchanged) == (12 - written, written)
    assert table_dump("x.db") == table_dump("clean.db")


def test_a_full_disk_is_one_line_and_exit_3_on_the_command_line(small_disk) -> None:
    folder = write_articles()
    small_disk(15)
    result = CliRunner().invoke(cli.main, ["load", folder, "--db", "x.db"])
    assert result.exit_code == 3
    written = articles_in("x.db")
    assert result.stderr.splitlines() == [
        f"eventscope: x.db: database or disk is full; stopped after {written} articles loaded; "
        "run the same command again to finish"
    ]
    assert result.stdout.startswith(f"x.db: {written} articles loaded, 0 already there")


def test_a_disk_full_while_creating_the_schema_leaves_nothing_to_refuse_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = schema.view_statement

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    # The views come last in the schema's one transaction.
    monkeypatch.setattr(schema, "view_statement", full)
    with pytest.raises(DatabaseError, match=r"^x\.db: database or disk is full$"):
        load([write_articles()], "x.db")
    monkeypatch.setattr(schema, "view_statement", real)
    assert load(["news"], "x.db").articles == 12


# --- read-only and locked -----------------------------------------------------------------------


def test_a_database_made_read_only_mid_load_stops_it_with_whole_articles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = write_articles()
    opened: list[sqlite3.Connection] = []

    def open_and_keep(path):
        db = open_for_writing(path)
        opened.append(db.conn)
        return db

    def after_three(item: object) -> None:
        if articles_in("x.db") == 3:
            # What SQLite sees when the file's permissions change under an open connection.
            opened[0].execute("PRAGMA query_only = 1")

    monkeypatch.setattr(loader, "open_for_writing", open_and_keep)
    with pytest.raises(LoadStopped) as stopped:
        load([folder], "x.db", on_item=after_three)
    assert str(stopped.value) == "x.db: cannot write: the file is read-only"
    assert stopped.value.summary.articles == 3
    assert_sound("x.db")


def test_a_database_locked_longer_than_the_busy_timeout_stops_with_a_clear_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = write_articles()
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect("x.db", isolation_level=None)

    def lock_after_two(item: object) -> None:
        if articles_in("x.db") == 2 and not holder.in_transaction:
            holder.execute("BEGIN IMMEDIATE")

    try:
        with pytest.raises(LoadStopped) as stopped:
            load([folder], "x.db", on_item=lock_after_two)
    finally:
        holder.rollback()
        holder.close()
    assert str(stopped.value) == (
        "x.db: database is locked: another program kept it busy for more than 0.05 s"
    )
    assert stopped.value.summary.articles == 2
    assert_sound("x.db")


def test_a_database_locked_at_the_start_loads_nothing_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = write_articles()
    load([folder], "x.db")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect("x.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = CliRunner().invoke(cli.main, ["load", folder, "--db", "x.db"])
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "eventscope: x.db: database is locked: another program kept it busy for more than 0.05 s"
    ]


def test_a_reader_in_the_middle_of_a_query_when_the_load_starts_does_not_stop_it() -> None:
    folder = write_articles(count=3)
    load([folder], "x.db")
    # The load left the file in rollback-journal mode; the app is reading it.
    reader = open_readonly("x.db")
    cursor = reader.execute("SELECT id FROM sentences")
    cursor.fetchone()
    release = threading.Timer(0.3, cursor.close)
    release.start()
    try:
        summary = load([folder], "x.db", reload=True)
    finally:
        release.join()
        reader.close()
    assert summary.articles == 3
    assert_sound("x.db")


# --- schema versions ----------------------------------------------------------------------------


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    folder = write_articles(count=3)
    load([folder], "x.db")
    return tmp_path / "x.db"


def set_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def version_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_a_newer_schema_is_refused_by_load_and_left_untouched(loaded: Path) -> None:
    set_version(loaded, SCHEMA_VERSION + 1)
    before = loaded.read_bytes()
    result = CliRunner().invoke(cli.main, ["load", "news", "--db", "x.db"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"eventscope: x.db: written by a newer eventscope (schema {SCHEMA_VERSION + 1}, this "
        f"one reads {SCHEMA_VERSION}); upgrade eventscope"
    ]
    assert loaded.read_bytes() == before


def test_an_older_schema_without_a_migration_is_refused_untouched(
    loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1)
    set_version(loaded, SCHEMA_VERSION - 1)
    before = loaded.read_bytes()
    with pytest.raises(DatabaseError) as refused:
        open_for_writing(loaded)
    assert str(refused.value) == (
        f"{loaded}: schema {SCHEMA_VERSION - 1} is older than {SCHEMA_VERSION}; reload the "
        "articles into a new file"
    )
    assert loaded.read_bytes() == before


def test_an_older_schema_is_migrated_in_one_step_keeping_every_row(
    loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = table_dump(str(loaded))
    set_version(loaded, SCHEMA_VERSION - 1)

    def add_review_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE articles ADD COLUMN reviewed INTEGER DEFAULT 0")

    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1, add_review_column)
    with pytest.raises(DatabaseError, match=r"upgrade it by loading into it once"):
        open_readonly(loaded)
    summary = load(["news"], loaded)
    assert (summary.articles, summary.unchanged) == (0, 3)
    assert version_of(loaded) == SCHEMA_VERSION
    conn = sqlite3.connect(loaded)
    assert dump(conn, skip=STAMPS | {"reviewed"}) == before
    assert conn.execute("SELECT count(*) FROM articles WHERE reviewed = 0").fetchone() == (3,)
    conn.close()
    # Now current: the app opens it, and a second open does not run the step again.
    open_readonly(loaded).close()
    open_for_writing(loaded).conn.close()


def test_a_migration_that_fails_leaves_the_file_as_it_was(
    loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_version(loaded, SCHEMA_VERSION - 1)
    before = table_dump(str(loaded))

    def half_then_fail(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM quotes")
        conn.execute("ALTER TABLE articles ADD COLUMN broken")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1, half_then_fail)
    with pytest.raises(DatabaseError, match=r"x\.db: disk I/O error$"):
        open_for_writing(loaded)
    assert version_of(loaded) == SCHEMA_VERSION - 1
    assert table_dump(str(loaded)) == before
    conn = sqlite3.connect(loaded)
    assert "broken" not in {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    conn.close()


def test_an_older_file_gets_the_current_indexes_and_views(loaded: Path) -> None:
    conn = sqlite3.connect(loaded)
    conn.execute("DROP INDEX idx_events_event_type")
    conn.execute("DROP INDEX idx_sentence_spans_article_id_idx")
    conn.execute("DROP VIEW quote_list")
    conn.execute("DROP VIEW event_timeline")
    conn.execute("CREATE VIEW event_timeline AS SELECT id FROM events")
    # A user's own view and index stay.
    conn.execute("CREATE VIEW my_view AS SELECT title FROM articles")
    conn.execute("CREATE INDEX my_index ON articles (title)")
    conn.commit()
    conn.close()
    before = table_dump(str(loaded))
    open_for_writing(loaded).conn.close()
    fresh = sqlite3.connect(":memory:")
    from store.schema import create_schema

    create_schema(sqlite_utils.Database(fresh))
    wanted = fresh.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'view') "
        "AND sql IS NOT NULL"
    ).fetchall()
    fresh.close()
    conn = sqlite3.connect(loaded)
    have = set(
        conn.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'view')")
    )
    conn.close()
    assert set(wanted) <= have
    assert {"my_view", "my_index"} <= {name for _, name, _ in have}
    assert table_dump(str(loaded)) == before


def test_a_current_file_keeps_its_schema_on_open(loaded: Path) -> None:
    def schema_version() -> int:
        conn = sqlite3.connect(loaded)
        try:
            return conn.execute("PRAGMA schema_version").fetchone()[0]
        finally:
            conn.close()

    before = schema_version()
    open_for_writing(loaded).conn.close()
    # Nothing dropped and made again: any change to the schema counts up this cookie.
    assert schema_version() == before


# --- two writers creating the schema -------------------------------------------------------------


def _open_at_once(path: str, barrier) -> str:
    barrier.wait()
    try:
        open_for_writing(path).conn.close()
    except DatabaseError as error:
        return str(error)
    return "ok"


def test_processes_creating_one_new_file_at_the_same_moment_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager, context.Pool(4) as pool:
        for attempt in range(5):
            path = str(tmp_path / f"new{attempt}.db")
            barrier = manager.Barrier(4)
            assert pool.starmap(_open_at_once, [(path, barrier)] * 4) == ["ok"] * 4
            conn = sqlite3.connect(path)
            assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
            conn.close()


def test_processes_upgrading_one_old_file_at_once_run_each_step_once(
    loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_version(loaded, SCHEMA_VERSION - 1)

    def count_runs(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS runs (n INTEGER)")
        conn.execute("INSERT INTO runs VALUES (1)")

    # Forked workers see the patched migration list.
    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1, count_runs)
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager, context.Pool(4) as pool:
        barrier = manager.Barrier(4)
        assert pool.starmap(_open_at_once, [(str(loaded), barrier)] * 4) == ["ok"] * 4
    conn = sqlite3.connect(loaded)
    assert conn.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    conn.close()
