"""Loading batches: one transaction per article, idempotency, bad input, jobs, sides, journal."""

from __future__ import annotations

import gc
import io
import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from contract import counts, dump

from store import loader, writer
from store.database import DatabaseError, open_readonly
from store.loader import LoadInterrupted, LoadStopped, load
from store.sides import SidesError
from store.sources import SourceProblem

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus" / "news-2016.jsonl"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)

SHORT = {
    "ceasefire.txt": (
        "title: Ceasefire call\npublished: 2020-10-02\n\n"
        "Russia called for a ceasefire on Friday. "
        '"The fighting must stop," Vladimir Putin said.\n'
    ),
    "shelling.txt": (
        "title: Shelling\npublished: 2020-10-04\n\n"
        "Armenia accused Azerbaijan of shelling Stepanakert on Sunday.\n\n"
        "At least two civilians were killed, officials said.\n"
    ),
    "turkey.md": (
        "title: Turkey\npublished: 2020-09-29\n\n"
        "Turkey said it would support Azerbaijan. "
        '"We stand with our brothers," Recep Tayyip Erdoğan told reporters on Tuesday.\n'
    ),
}
# Columns that differ between two loads of the same articles.
STAMPS = frozenset({"loaded_at"})


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative paths, so that problems name files the way a user typed them.
    monkeypatch.chdir(tmp_path)


def make_folder(name: str = "batch", *, seed: bool = True, sides: bool = True) -> Path:
    """A folder with the short articles, and the seed article and its sides file if asked."""
    folder = Path(name)
    folder.mkdir()
    for file, text in SHORT.items():
        (folder / file).write_text(text, encoding="utf-8")
    if seed:
        for file in SEEDS.glob("000_*"):
            shutil.copy(file, folder / file.name)
    if sides:
        shutil.copy(SEEDS / "sides.toml", folder / "sides.toml")
    return folder


def table_dump(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return dump(conn, skip=STAMPS)
    finally:
        conn.close()


def table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return counts(conn)
    finally:
        conn.close()


def query(path: Path, sql: str, *parameters: object) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, parameters).fetchall()
    finally:
        conn.close()


def assert_whole_articles(path: Path) -> None:
    """Every stored article has sentences, and no item points at an article that is gone."""
    assert query(path, "PRAGMA foreign_key_check") == []
    bare = query(
        path, "SELECT path FROM articles WHERE id NOT IN (SELECT article_id FROM sentences)"
    )
    assert bare == []


# --- idempotency --------------------------------------------------------------------------------


def test_a_batch_loads_every_article() -> None:
    folder = make_folder()
    summary = load([str(folder)], "x.db")
    assert (summary.articles, summary.unchanged, summary.problems) == (4, 0, [])
    stored = table_counts(Path("x.db"))
    assert stored["articles"] == 4
    assert (summary.events, summary.quotes) == (stored["events"], stored["quotes"])
    assert (summary.casualties, summary.new_actors) == (stored["casualties"], stored["actors"])
    assert sorted(row[0] for row in query(Path("x.db"), "SELECT path FROM articles")) == [
        "batch/000_6c9d7abade3290fb.txt",
        "batch/ceasefire.txt",
        "batch/shelling.txt",
        "batch/turkey.md",
    ]


def test_loading_the_same_files_twice_changes_nothing() -> None:
    folder = make_folder()
    load([str(folder)], "x.db")
    before = table_dump(Path("x.db"))
    stamps = query(Path("x.db"), "SELECT id, loaded_at FROM articles")
    summary = load([str(folder)], "x.db")
    assert (summary.articles, summary.unchanged, summary.events, summary.new_actors) == (0, 4, 0, 0)
    assert table_dump(Path("x.db")) == before
    assert query(Path("x.db"), "SELECT id, loaded_at FROM articles") == stamps


def test_the_same_text_twice_in_one_batch_is_stored_once() -> None:
    folder = make_folder(seed=False, sides=False)
    shutil.copy(folder / "shelling.txt", folder / "shelling-copy.txt")
    summary = load([str(folder)], "x.db")
    assert (summary.articles, summary.unchanged) == (3, 1)
    assert table_counts(Path("x.db"))["articles"] == 3


def test_reload_replaces_items_without_duplicating_actors() -> None:
    folder = make_folder()
    load([str(folder)], "x.db")
    renumbered = STAMPS | {"id", "article_id", "sentence_id", "event_id"}
    conn = sqlite3.connect("x.db")
    before = dump(conn, skip=renumbered)
    actors = conn.execute("SELECT * FROM actors ORDER BY id").fetchall()
    conn.close()
    summary = load([str(folder)], "x.db", reload=True)
    assert (summary.articles, summary.unchanged, summary.new_actors) == (4, 0, 0)
    conn = sqlite3.connect("x.db")
    assert dump(conn, skip=renumbered) == before
    assert conn.execute("SELECT * FROM actors ORDER BY id").fetchall() == actors
    conn.close()
    assert_whole_articles(Path("x.db"))


# --- one transaction per article ----------------------------------------------------------------


def test_an_article_whose_extraction_fails_is_reported_and_the_rest_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = make_folder(seed=False, sides=False)
    real = loader.extract_article

    def extract(text: str, **options: object):
        if "Stepanakert" in text:
            raise RuntimeError("boom")
        return real(text, **options)

    monkeypatch.setattr(loader, "extract_article", extract)
    summary = load([str(folder)], "x.db")
    assert summary.problems == [
        SourceProblem("batch/shelling.txt", "extraction failed (RuntimeError: boom)")
    ]
    assert summary.articles == 2
    assert query(Path("x.db"), "SELECT title FROM articles ORDER BY title") == [
        ("Ceasefire call",),
        ("Turkey",),
    ]
    assert_whole_articles(Path("x.db"))


def test_an_article_the_writer_fails_on_leaves_no_rows_and_the_rest_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = make_folder(seed=False, sides=False)
    real = writer._insert_casualties

    def insert_casualties(conn, article_id, sentence_ids, actor_ids, event_ids, extraction):
        if "Stepanakert" in extraction.sentences[0].text:
            raise KeyError("Unknown actor")
        real(conn, article_id, sentence_ids, actor_ids, event_ids, extraction)

    monkeypatch.setattr(writer, "_insert_casualties", insert_casualties)
    summary = load([str(folder)], "x.db")
    assert summary.problems == [
        SourceProblem("batch/shelling.txt", "cannot be stored (KeyError: 'Unknown actor')")
    ]
    assert summary.articles == 2
    path = Path("x.db")
    assert query(path, "SELECT count(*) FROM sentences WHERE text LIKE '%Stepanakert%'") == [(0,)]
    assert query(path, "SELECT count(*) FROM articles") == [(2,)]
    assert_whole_articles(path)


def test_a_load_killed_half_way_keeps_whole_articles_and_the_next_run_finishes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = make_folder(seed=False, sides=False)
    real = writer._insert_casualties
    written: list[int] = []

    def insert_casualties(conn, article_id, *rest):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(article_id)
        real(conn, article_id, *rest)

    monkeypatch.setattr(writer, "_insert_casualties", insert_casualties)
    # Still a KeyboardInterrupt to callers that do not know it, with what was done until then.
    with pytest.raises(LoadInterrupted) as interrupted:
        load([str(folder)], "x.db")
    assert interrupted.value.summary.articles == 2
    assert table_counts(Path("x.db"))["articles"] == 2
    assert_whole_articles(Path("x.db"))
    monkeypatch.setattr(writer, "_insert_casualties", real)
    summary = load([str(folder)], "x.db")
    assert (summary.articles, summary.unchanged) == (1, 2)
    assert table_counts(Path("x.db"))["articles"] == 3


# --- bad input ----------------------------------------------------------------------------------


def test_bad_files_are_reported_one_by_one_and_the_good_ones_load() -> None:
    folder = make_folder(seed=False, sides=False)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(PNG)
    (folder / "feed.jsonl").write_text(
        '{"id": "a1", "title": "Feed", "published": "2020-10-03", '
        '"text": "Azerbaijan accused Armenia of shelling Ganja on Saturday."}\n'
        '{"id": "a2", "text": "unterminated\n',
        encoding="utf-8",
    )
    Path("photo.png").write_bytes(PNG)
    summary = load([str(folder), "photo.png", "missing.txt"], "x.db")
    assert [(p.path, p.reason) for p in summary.problems] == [
        ("batch/empty.txt", "empty file"),
        ("batch/feed.jsonl:2", "line is not valid JSON: Unterminated string starting at column 22"),
        ("batch/scan.txt", "binary file (PNG image), not text"),
        ("photo.png", "binary file (PNG image), not text"),
        ("missing.txt", "no such file or directory"),
    ]
    assert summary.articles == 4
    titles = query(Path("x.db"), "SELECT title FROM articles ORDER BY title")
    assert titles == [("Ceasefire call",), ("Feed",), ("Shelling",), ("Turkey",)]


def test_stdin_is_read_for_a_dash() -> None:
    stdin = io.BytesIO(b"Armenia accused Azerbaijan of shelling Stepanakert on Monday.\n")
    summary = load(["-"], "x.db", stdin=stdin, published="2020-09-28")
    assert summary.articles == 1
    assert query(Path("x.db"), "SELECT path, published FROM articles") == [
        ("<stdin>", "2020-09-28")
    ]


def test_an_unreadable_published_date_stops_before_anything_is_created() -> None:
    folder = make_folder(seed=False, sides=False)
    with pytest.raises(ValueError, match="--published: cannot read 'last week' as a date"):
        load([str(folder)], "x.db", published="last week")
    assert not Path("x.db").exists()


def test_a_bad_sides_file_stops_before_anything_is_created() -> None:
    folder = make_folder(seed=False, sides=False)
    (folder / "sides.toml").write_text("[[side]]\ncolour = '#ffffff'\n", encoding="utf-8")
    with pytest.raises(SidesError, match=r"^batch/sides\.toml: side 1 has no label$"):
        load([str(folder)], "x.db")
    assert not Path("x.db").exists()


def test_an_unusable_database_stops_before_anything_is_loaded() -> None:
    folder = make_folder(seed=False, sides=False)
    Path("notes.txt").write_text("These are my notes, not a database.\n" * 50)
    with pytest.raises(DatabaseError, match="^notes.txt: file is not a database$"):
        load([str(folder)], "notes.txt")
    assert Path("notes.txt").read_text() == "These are my notes, not a database.\n" * 50


# --- parallel extraction ------------------------------------------------------------------------


def test_two_jobs_give_the_same_rows_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks, so that many are in flight and come back while others are written.
    monkeypatch.setattr(loader, "_CHUNK_SIZE", 2)
    folder = make_folder()
    paths = [str(folder)]
    if CORPUS.is_file():
        with CORPUS.open(encoding="utf-8") as corpus:
            Path("corpus.jsonl").write_text("".join(next(corpus) for _ in range(30)))
        paths.append("corpus.jsonl")
    one = load(paths, "one.db", jobs=1)
    two = load(paths, "two.db", jobs=2)
    assert one.problems == two.problems == []
    assert (two.articles, two.events, two.quotes) == (one.articles, one.events, one.quotes)
    assert one.articles == (34 if CORPUS.is_file() else 4)
    assert table_dump(Path("two.db")) == table_dump(Path("one.db"))


def test_two_jobs_report_failed_extractions_like_one(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_folder(seed=False, sides=False)
    real = loader.extract_article

    def extract(text: str, **options: object):
        if "Erdoğan" in text:
            raise ValueError("bad")
        return real(text, **options)

    # Worker processes are forked, so they see the patched function too.
    monkeypatch.setattr(loader, "extract_article", extract)
    summary = load([str(folder)], "x.db", jobs=2)
    assert summary.problems == [
        SourceProblem("batch/turkey.md", "extraction failed (ValueError: bad)")
    ]
    assert summary.articles == 2


def test_a_worker_killed_by_the_system_stops_the_load_with_whole_articles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = make_folder(seed=False, sides=False)
    for number in range(12):
        (folder / f"extra{number:02}.txt").write_text(
            f"title: Extra {number}\npublished: 2020-10-05\n\nArmenia shelled Fuzuli {number}.\n",
            encoding="utf-8",
        )
    real = loader.extract_article

    def extract(text: str, **options: object):
        if "Fuzuli 9." in text:
            os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's out-of-memory killer does
        return real(text, **options)

    monkeypatch.setattr(loader, "_CHUNK_SIZE", 2)
    monkeypatch.setattr(loader, "extract_article", extract)
    with pytest.raises(LoadStopped, match="extraction worker process ended abruptly") as stop:
        load([str(folder)], "x.db", jobs=2)
    assert stop.value.summary.articles < 15
    assert_whole_articles(Path("x.db"))
    monkeypatch.setattr(loader, "extract_article", real)
    finished = load([str(folder)], "x.db", jobs=2)
    assert finished.articles + stop.value.summary.articles == 15
    assert finished.unchanged == stop.value.summary.articles


def test_a_load_leaves_the_cycle_collectors_pace_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paces: list[tuple[int, int, int]] = []
    real = loader.extract_article

    def extract(text: str, **options: object):
        paces.append(gc.get_threshold())
        return real(text, **options)

    monkeypatch.setattr(loader, "extract_article", extract)
    before = gc.get_threshold()
    load([str(make_folder(seed=False, sides=False))], "x.db")
    assert set(paces) == {loader._GC_THRESHOLDS} != {before}
    assert gc.get_threshold() == before


# --- the journal --------------------------------------------------------------------------------


def test_a_load_leaves_the_file_in_rollback_journal_mode() -> None:
    load([str(make_folder(seed=False, sides=False))], "x.db")
    assert query(Path("x.db"), "PRAGMA journal_mode") == [("delete",)]
    assert not Path("x.db-wal").exists()


def test_a_load_beside_a_busy_reader_keeps_wal_without_waiting() -> None:
    folder = make_folder(seed=False, sides=False)
    load([str(folder)], "x.db")
    reader = open_readonly("x.db")
    queries: list[sqlite3.Cursor] = []

    def read_while_loading(item: object) -> None:
        # The app runs a query while the load is writing (WAL lets it) and is still in it at
        # the end of the load.
        if not queries:
            queries.append(reader.execute("SELECT id FROM sentences"))
            queries[0].fetchone()

    try:
        started = time.perf_counter()
        summary = load([str(folder)], "x.db", reload=True, on_item=read_while_loading)
        took = time.perf_counter() - started
    finally:
        reader.close()
    assert summary.articles == 3
    # The busy timeout is 10 s; waiting it out at the end of the load would show here.
    assert took < 5
    assert query(Path("x.db"), "PRAGMA journal_mode") == [("wal",)]


# --- sides --------------------------------------------------------------------------------------


def test_a_sides_file_in_a_loaded_folder_is_applied() -> None:
    load([str(make_folder())], "x.db")
    path = Path("x.db")
    assert query(path, "SELECT label, colour, position FROM sides ORDER BY position") == [
        ("Armenia", "#e8833a", 0),
        ("Azerbaijan", "#3b8fd9", 1),
    ]
    sides = dict(query(path, "SELECT name, side FROM actors"))
    assert (sides["Armenia"], sides["Azerbaijan"], sides["Russia"]) == (
        "Armenia",
        "Azerbaijan",
        None,
    )


def test_an_explicit_sides_file_wins_over_the_folders() -> None:
    folder = make_folder()
    Path("mine.toml").write_text(
        '[[side]]\nlabel = "Moscow"\ncolour = "#aa0000"\nmembers = ["Russia", "Atlantis"]\n',
        encoding="utf-8",
    )
    summary = load([str(folder)], "x.db", sides_path="mine.toml")
    sides = dict(query(Path("x.db"), "SELECT name, side FROM actors"))
    assert (sides["Russia"], sides["Vladimir Putin"], sides["Armenia"]) == (
        "Moscow",
        "Moscow",
        None,
    )
    assert summary.notes == ["sides: 'Atlantis' (Moscow) matches no actor yet"]


def test_a_folder_without_a_sides_file_keeps_the_stored_sides() -> None:
    load([str(make_folder("war"))], "x.db")
    load([str(make_folder("more", seed=False, sides=False))], "x.db")
    assert query(Path("x.db"), "SELECT label FROM sides ORDER BY position") == [
        ("Armenia",),
        ("Azerbaijan",),
    ]
