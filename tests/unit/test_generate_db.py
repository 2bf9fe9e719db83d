"""The scale-test generator: exact size, a sound file, fresh ids, shifted dates, working search."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from bench.generate_db import GenerateError, generate, main
from store.filters import EventFilter
from store.queries import EventStore


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _events(path: Path) -> int:
    conn = sqlite3.connect(path)
    count = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    conn.close()
    return count


@pytest.fixture(scope="module")
def source_events(seed_db: Path) -> int:
    return _events(seed_db)


@pytest.fixture(scope="module")
def generated(seed_db: Path, source_events: int, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three and a half copies of the seed's events: the last copy is cut short."""
    out = tmp_path_factory.mktemp("generated") / "big.db"
    generate(seed_db, out, source_events * 7 // 2, new_actor_share=0.5)
    return out


@pytest.fixture
def conn(generated: Path):
    connection = sqlite3.connect(f"{generated.as_uri()}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_it_writes_exactly_the_events_asked_for(generated: Path, source_events: int) -> None:
    assert _events(generated) == source_events * 7 // 2


def test_the_file_is_sound(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    # Statistics for the query planner, as a load leaves them.
    assert conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0


def test_it_has_the_schema_of_a_new_database(conn: sqlite3.Connection, seed_db: Path) -> None:
    source = sqlite3.connect(seed_db)
    wanted = source.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'"
    ).fetchall()
    source.close()
    have = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'"
    ).fetchall()
    assert sorted(have) == sorted(wanted)


def test_copies_have_fresh_ids_and_dates_a_week_later(
    conn: sqlite3.Connection, seed_db: Path
) -> None:
    source = sqlite3.connect(seed_db)
    first = source.execute(
        "SELECT id, date_start, summary FROM events WHERE date_start IS NOT NULL ORDER BY id"
    ).fetchone()
    stride = source.execute("SELECT max(id) FROM events").fetchone()[0]
    source.close()
    event_id, date_start, summary = first
    copies = conn.execute(
        "SELECT id, date_start, summary FROM events WHERE id % ? = ? ORDER BY id",
        [stride, event_id % stride],
    ).fetchall()
    assert [row[0] for row in copies] == [event_id + copy * stride for copy in range(4)]
    shifted = [
        conn.execute("SELECT date(?, ?)", [date_start, f"+{7 * copy} days"]).fetchone()[0]
        for copy in range(4)
    ]
    assert [row[1] for row in copies] == shifted
    assert {row[2] for row in copies} == {summary}
    published = conn.execute("SELECT DISTINCT substr(published, 1, 10) FROM articles").fetchall()
    assert len(published) == 4


def test_full_text_search_finds_every_copied_sentence(
    conn: sqlite3.Connection, seed_db: Path
) -> None:
    source = sqlite3.connect(seed_db)
    stride = source.execute("SELECT max(id) FROM sentences").fetchone()[0]
    match = ["Azerbaijan*"]
    originals = [
        row[0]
        for row in source.execute(
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", match
        )
    ]
    source.close()
    found = [
        row[0]
        for row in conn.execute(
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid", match
        )
    ]
    assert originals
    assert found == sorted(sid + copy * stride for sid in originals for copy in range(4))


def test_rare_actors_get_namesakes_and_the_rest_is_shared(
    conn: sqlite3.Connection, seed_db: Path
) -> None:
    source = sqlite3.connect(seed_db)
    sides = dict(source.execute("SELECT name, side FROM actors"))
    source.close()
    generated = dict(conn.execute("SELECT name, side FROM actors"))
    assert set(sides) < set(generated)
    for name in set(generated) - set(sides):
        original, copy = name.rsplit(" #", 1)
        assert 1 <= int(copy) <= 3
        assert generated[name] == sides[original]
    in_events = conn.execute(
        "SELECT count(*) FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
        "WHERE a.name LIKE '% #%'"
    ).fetchone()[0]
    assert in_events > 0


def test_the_store_reads_it(generated: Path, source_events: int) -> None:
    store = EventStore(generated)
    assert store.count_events() == source_events * 7 // 2
    sides = {side.label for side in store.sides()}
    assert sides
    counts = store.side_counts(EventFilter())
    for side in sides:
        assert counts.get(side, 0) == store.count_events(EventFilter(sides=frozenset({side})))
    store.close()


def test_the_source_is_never_written_and_the_output_never_replaced(
    seed_db: Path, tmp_path: Path
) -> None:
    before = _digest(seed_db)
    out = tmp_path / "out.db"
    generate(seed_db, out, 10)
    assert _digest(seed_db) == before
    with pytest.raises(GenerateError, match="already exists"):
        generate(seed_db, out, 10)


def test_a_sides_file_labels_the_actors(seed_db: Path, tmp_path: Path) -> None:
    sides = tmp_path / "sides.toml"
    sides.write_text('[[side]]\nlabel = "Caucasus"\nmembers = ["Armenia", "Azerbaijan"]\n')
    out = tmp_path / "out.db"
    generate(seed_db, out, 30, sides=sides)
    store = EventStore(out)
    assert [side.label for side in store.sides()] == ["Caucasus"]
    assert store.side_counts(EventFilter()).get("Caucasus", 0) > 0
    store.close()


def test_the_command_line(seed_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "cli.db"
    assert main([str(seed_db), str(out), "--events", "40", "--new-actor-share", "0"]) == 0
    assert "40 events" in capsys.readouterr().out
    assert _events(out) == 40
    assert main([str(seed_db), str(out), "--events", "40"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main([str(seed_db), str(out), "--events", "20", "--force"]) == 0
    assert _events(out) == 20
    assert main([str(tmp_path / "missing.db"), str(tmp_path / "x.db"), "--events", "5"]) == 1
    assert "no such database file" in capsys.readouterr().err
