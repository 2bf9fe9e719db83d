"""Merging shard databases: each article once, ids renumbered, actors by name, sides unioned."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from dbfactory import (
    ARMENIA,
    AZERBAIJAN,
    WAR_ARTICLE,
    ArticleSpec,
    EventSpec,
    QuoteSpec,
    build_database,
)

from store.database import DatabaseError
from store.extract.records import Actor
from store.merge import merge
from store.sides import Side
from tui.cli import main

TRUCE_ARTICLE = ArticleSpec(
    title="A truce is proposed",
    sentences=(
        "Armenia accused the OSCE Minsk Group of doing nothing.",
        "The Minsk Group called for a truce in October.",
        "Three civilians were killed in Terter, officials said.",
    ),
    actors=(
        Actor("Armenia", "state", "ARM"),
        Actor("OSCE Minsk Group", "igo", None, aliases=("Minsk Group",)),
        Actor("Terter", "group", "AZE"),
    ),
    events=(
        EventSpec(0, "ACCUSE", "accused", sources=("Armenia",), targets=("OSCE Minsk Group",)),
        EventSpec(
            1,
            "REQUEST",
            "called for a truce",
            sources=("OSCE Minsk Group",),
            date=("2020-10-01", "2020-10-31", "month", "in October"),
        ),
    ),
    quotes=(QuoteSpec(0, "of doing nothing", "Armenia"),),
    casualties=((2, "killed", 3),),
)

TABLES = ("articles", "sentences", "mentions", "events", "event_actors", "casualties", "quotes")


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def digest(path: Path) -> dict[str, list[tuple]]:
    """Everything a merge must keep, by names and positions instead of ids."""
    conn = sqlite3.connect(path)
    try:
        return {
            "events": sorted(
                conn.execute(
                    "SELECT ar.sha256, s.idx, e.event_type, e.trigger, e.date_start, e.status, "
                    "(SELECT name FROM actors WHERE id = e.claimed_by), "
                    "(SELECT group_concat(x, '|') FROM (SELECT ea.role || ':' || a.name AS x "
                    "FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
                    "WHERE ea.event_id = e.id ORDER BY x)) "
                    "FROM events e JOIN sentences s ON s.id = e.sentence_id "
                    "JOIN articles ar ON ar.id = s.article_id"
                )
            ),
            "mentions": sorted(
                conn.execute(
                    'SELECT ar.sha256, s.idx, a.name, m.start, m."end" FROM mentions m '
                    "JOIN actors a ON a.id = m.actor_id JOIN sentences s ON s.id = m.sentence_id "
                    "JOIN articles ar ON ar.id = s.article_id"
                )
            ),
            "quotes": sorted(
                conn.execute(
                    "SELECT ar.sha256, s.idx, q.text, (SELECT name FROM actors WHERE id = "
                    "q.speaker_id), q.speaker_text FROM quotes q "
                    "JOIN sentences s ON s.id = q.sentence_id "
                    "JOIN articles ar ON ar.id = s.article_id"
                )
            ),
            "casualties": sorted(
                conn.execute(
                    "SELECT ar.sha256, s.idx, c.kind, c.count_min, c.victim_side, "
                    "(SELECT trigger FROM events WHERE id = c.event_id) "
                    "FROM casualties c JOIN sentences s ON s.id = c.sentence_id "
                    "JOIN articles ar ON ar.id = s.article_id"
                )
            ),
            "actors": sorted(
                conn.execute(
                    "SELECT a.name, a.kind, a.country, a.side, p.name, (SELECT group_concat(x, "
                    "'|') FROM (SELECT alias AS x FROM actor_aliases WHERE actor_id = a.id "
                    "ORDER BY alias)) FROM actors a LEFT JOIN actors p ON p.id = a.parent_id"
                )
            ),
            "sentences": sorted(
                conn.execute(
                    "SELECT ar.sha256, s.idx, s.text FROM sentences s "
                    "JOIN articles ar ON ar.id = s.article_id"
                )
            ),
            "sides": sorted(conn.execute("SELECT label, colour, position FROM sides")),
            "members": sorted(conn.execute("SELECT side, member FROM side_members")),
        }
    finally:
        conn.close()


def assert_sound(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # The FTS index holds exactly the sentences.
        assert conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")


@pytest.fixture
def shards(tmp_path: Path) -> tuple[Path, Path]:
    one = build_database(tmp_path / "one.db", [WAR_ARTICLE], sides=(ARMENIA, AZERBAIJAN))
    # The war article is in both shards; the second shard has no sides of its own.
    two = build_database(tmp_path / "two.db", [TRUCE_ARTICLE, WAR_ARTICLE])
    return one, two


def test_merge_gives_the_union_of_articles_once_each(
    shards: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "all.db"
    summary = merge(shards, out)
    assert (summary.merged, summary.already, summary.files) == (2, 1, 2)
    single = {
        table: a + b
        for (table, a), b in zip(
            counts(tmp_path / "one.db").items(), counts(tmp_path / "two.db").values(), strict=True
        )
    }
    war = counts(shards[0])
    expected = {table: single[table] - war[table] for table in TABLES}
    assert counts(out) == expected
    assert_sound(out)


def test_merged_content_equals_one_load_of_all_articles(
    shards: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "all.db"
    merge(shards, out)
    single = build_database(
        tmp_path / "single.db", [WAR_ARTICLE, TRUCE_ARTICLE], sides=(ARMENIA, AZERBAIJAN)
    )
    assert digest(out) == digest(single)


def test_actors_are_shared_by_name_with_their_aliases(
    shards: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "all.db"
    merge(shards, out)
    with sqlite3.connect(out) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM actors")]
        assert len(names) == len(set(names))
        assert names.count("Armenia") == 1
        aliases = conn.execute(
            "SELECT alias FROM actor_aliases JOIN actors ON actors.id = actor_id "
            "WHERE name = 'OSCE Minsk Group'"
        ).fetchall()
        assert aliases == [("Minsk Group",)]
        parent = conn.execute(
            "SELECT p.name FROM actors a JOIN actors p ON p.id = a.parent_id "
            "WHERE a.name = 'Armenian forces'"
        ).fetchone()
        assert parent == ("Armenia",)
        # Terter came from the shard without sides and is labelled by the merged ones.
        assert conn.execute("SELECT side FROM actors WHERE name = 'Terter'").fetchone() == (
            "Azerbaijan",
        )


def test_full_text_search_finds_a_merged_sentence(
    shards: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "all.db"
    merge(shards, out)
    with sqlite3.connect(out) as conn:
        found = conn.execute(
            "SELECT s.text FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
            "WHERE sentences_fts MATCH 'truce'"
        ).fetchall()
    assert found == [("The Minsk Group called for a truce in October.",)]


def test_merging_again_changes_nothing(shards: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "all.db"
    merge(shards, out)
    before = digest(out), counts(out)
    summary = merge(shards, out)
    assert (summary.merged, summary.already) == (0, 3)
    assert (digest(out), counts(out)) == before
    assert_sound(out)


def test_merging_into_a_shard_adds_only_new_articles(
    shards: tuple[Path, Path], tmp_path: Path
) -> None:
    one, two = shards
    summary = merge([two], one)
    assert (summary.merged, summary.already) == (1, 1)
    single = build_database(
        tmp_path / "single.db", [WAR_ARTICLE, TRUCE_ARTICLE], sides=(ARMENIA, AZERBAIJAN)
    )
    assert digest(one) == digest(single)
    assert_sound(one)


def test_a_side_with_another_colour_keeps_the_first_with_a_note(
    shards: tuple[Path, Path], tmp_path: Path
) -> None:
    other = build_database(
        tmp_path / "other.db", [TRUCE_ARTICLE], sides=(Side("Armenia", "#000000", ("Armenia",)),)
    )
    notes: list[str] = []
    merge([shards[0], other], tmp_path / "all.db", on_note=notes.append)
    assert notes == [f"{other}: side 'Armenia' has colour #000000; kept #e8833a"]
    with sqlite3.connect(tmp_path / "all.db") as conn:
        assert conn.execute("SELECT colour FROM sides WHERE label = 'Armenia'").fetchone() == (
            "#e8833a",
        )


def test_no_usable_input_writes_nothing(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    sqlite3.connect(junk).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(DatabaseError):
        merge([junk], tmp_path / "all.db")
    assert not (tmp_path / "all.db").exists()


def test_cli_merges_and_prints_one_summary_line(shards: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "all.db"
    result = CliRunner().invoke(main, ["merge", *map(str, shards), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: 2 articles merged, 1 already there, from 2 files\n"
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_cli_refuses_a_file_that_is_not_an_eventscope_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    sqlite3.connect(junk).execute("CREATE TABLE t (x)").connection.close()
    result = CliRunner().invoke(main, ["merge", str(junk), "-o", str(tmp_path / "all.db")])
    assert result.exit_code == 2
    assert result.stderr == f"eventscope: {junk}: not an eventscope database\n"
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all\n")
    result = CliRunner().invoke(main, ["merge", str(text), "-o", str(tmp_path / "all.db")])
    assert result.exit_code == 2
    assert result.stderr == f"eventscope: {text}: file is not a database\n"
    assert not (tmp_path / "all.db").exists()


def test_cli_merges_the_good_inputs_and_exits_1_for_a_refused_one(
    shards: tuple[Path, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.db"
    out = tmp_path / "all.db"
    result = CliRunner().invoke(main, ["merge", str(shards[0]), str(missing), "-o", str(out)])
    assert result.exit_code == 1
    assert f"eventscope: skipped {missing}: no such database file" in result.stderr
    assert result.stdout == f"{out}: 1 article merged, 0 already there, from 1 file\n"
