"""The single writer: whole articles in one transaction, idempotent by sha256, shared actors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from contract import counts, dump

from store import writer
from store.database import open_for_writing
from store.extract import extract_article
from store.extract.records import Actor, ArticleExtraction
from store.sides import Side, store_sides
from store.sources import SourceArticle
from store.writer import article_exists, text_sha256, write_article

FIRST = (
    "Armenia accused Azerbaijan of shelling Stepanakert on Sunday.\n\n"
    "At least two civilians were killed, officials said.\n\n"
    '"We will defend our people," Prime Minister Nikol Pashinyan said.'
)
SECOND = (
    "Azerbaijan's defence ministry said Armenian forces attacked the town of Terter on "
    'Monday. "The enemy will be punished," President Ilham Aliyev told reporters.'
)

# Columns a replaced article renumbers (ids, and the references to them) or re-stamps.
RENUMBERED = frozenset({"id", "article_id", "sentence_id", "event_id", "loaded_at"})


def source(text: str, path: str = "a.txt") -> SourceArticle:
    return SourceArticle(
        text=text,
        title="Fighting continues",
        published="2020-09-28",
        source="Test Wire",
        url=None,
        path=path,
        external_id=None,
    )


def extraction_of(text: str) -> ArticleExtraction:
    return extract_article(text, published=date(2020, 9, 28))


def write(
    conn: sqlite3.Connection, text: str, *, replace: bool = False
) -> writer.WriteResult | None:
    return write_article(
        conn, source(text), extraction_of(text), text_sha256(text), replace=replace
    )


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_for_writing(tmp_path / "w.db").conn
    yield connection
    connection.close()


def test_text_sha256_is_the_hex_digest_of_the_text() -> None:
    assert text_sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_write_stores_every_item_of_the_extraction(conn: sqlite3.Connection) -> None:
    extraction = extraction_of(FIRST)
    # The test means something only if every kind of item is there to be written.
    assert all((extraction.events, extraction.quotes, extraction.casualties, extraction.mentions))
    result = write(conn, FIRST)
    assert result is not None
    assert (result.events, result.quotes, result.casualties) == (
        len(extraction.events),
        len(extraction.quotes),
        len(extraction.casualties),
    )
    assert result.new_actors == len(extraction.actors) > 0
    stored = counts(conn)
    assert {table: stored[table] for table in stored if table != "actor_aliases"} == {
        "articles": 1,
        "sentences": len(extraction.sentences),
        "actors": len(extraction.actors),
        "mentions": len(extraction.mentions),
        "events": len(extraction.events),
        "event_actors": sum(
            len(set(e.sources)) + len(set(e.targets)) + len(set(e.others))
            for e in extraction.events
        ),
        "casualties": len(extraction.casualties),
        "quotes": len(extraction.quotes),
    }
    article = conn.execute("SELECT title, published, source, path, sha256 FROM articles")
    assert article.fetchone() == (
        "Fighting continues",
        "2020-09-28",
        "Test Wire",
        "a.txt",
        text_sha256(FIRST),
    )
    assert article_exists(conn, text_sha256(FIRST))


def test_same_text_twice_writes_nothing(conn: sqlite3.Connection) -> None:
    write(conn, FIRST)
    before = dump(conn)
    assert write(conn, FIRST) is None
    assert dump(conn) == before


def test_actors_are_shared_between_articles(conn: sqlite3.Connection) -> None:
    write(conn, FIRST)
    second = write(conn, SECOND)
    assert second is not None
    names = [row[0] for row in conn.execute("SELECT name FROM actors")]
    assert len(names) == len(set(names))
    shared = {a.name for a in extraction_of(FIRST).actors} & {
        a.name for a in extraction_of(SECOND).actors
    }
    assert {"Armenia", "Azerbaijan"} <= shared
    assert second.new_actors == len(extraction_of(SECOND).actors) - len(shared)


def test_a_failure_half_way_through_an_article_writes_none_of_it(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(conn, FIRST)
    before = dump(conn)

    def fail(*args: object) -> None:
        raise RuntimeError("disk went away")

    # Casualties are written after the article, sentences, actors, mentions and events.
    monkeypatch.setattr(writer, "_insert_casualties", fail)
    with pytest.raises(RuntimeError, match="disk went away"):
        write(conn, SECOND)
    assert dump(conn) == before
    assert not article_exists(conn, text_sha256(SECOND))
    assert not conn.in_transaction


def test_a_full_disk_half_way_through_an_article_writes_none_of_it(
    conn: sqlite3.Connection,
) -> None:
    write(conn, FIRST)
    before = dump(conn)
    used = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {used}")
    # Long enough to need new pages part-way through its rows.
    text = (SECOND + "\n\n") * 60
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        write(conn, text)
    assert not conn.in_transaction
    assert dump(conn) == before


def test_replace_swaps_an_articles_items_in_place(conn: sqlite3.Connection) -> None:
    write(conn, FIRST)
    write(conn, SECOND)
    before = dump(conn, skip=RENUMBERED)
    actors = conn.execute("SELECT * FROM actors ORDER BY id").fetchall()
    result = write(conn, FIRST, replace=True)
    assert result is not None
    assert result.new_actors == 0
    after = dump(conn, skip=RENUMBERED)
    assert after == before
    assert conn.execute("SELECT * FROM actors ORDER BY id").fetchall() == actors
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_replace_is_one_transaction(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(conn, FIRST)
    before = dump(conn)

    def fail(*args: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr(writer, "_insert_casualties", fail)
    with pytest.raises(RuntimeError):
        write(conn, FIRST, replace=True)
    # The old article and its items are still there: nothing was lost to a failed reload.
    assert dump(conn) == before


def test_replace_of_an_unknown_article_inserts_it(conn: sqlite3.Connection) -> None:
    assert write(conn, FIRST, replace=True) is not None
    assert counts(conn)["articles"] == 1


def test_organ_finds_its_parent_in_the_database(conn: sqlite3.Connection) -> None:
    write(conn, FIRST)
    text = "The ministry said calm had returned."
    extraction = ArticleExtraction(
        sentences=extraction_of(text).sentences,
        actors=(Actor("Armenian Defence Ministry", "government", "ARM", parent="Armenia"),),
        mentions=(),
        events=(),
        casualties=(),
        quotes=(),
    )
    write_article(conn, source(text, "b.txt"), extraction, text_sha256(text))
    parent = conn.execute(
        "SELECT p.name FROM actors a JOIN actors p ON p.id = a.parent_id "
        "WHERE a.name = 'Armenian Defence Ministry'"
    ).fetchone()
    assert parent == ("Armenia",)


def test_organ_without_a_known_parent_has_none(conn: sqlite3.Connection) -> None:
    text = "The ministry said calm had returned."
    extraction = ArticleExtraction(
        sentences=extraction_of(text).sentences,
        actors=(Actor("Ruritanian Defence Ministry", "government", None, parent="Ruritania"),),
        mentions=(),
        events=(),
        casualties=(),
        quotes=(),
    )
    write_article(conn, source(text), extraction, text_sha256(text))
    assert conn.execute("SELECT name, parent_id FROM actors").fetchall() == [
        ("Ruritanian Defence Ministry", None)
    ]


def test_new_actors_are_labelled_with_the_stored_sides(conn: sqlite3.Connection) -> None:
    store_sides(conn, (Side("Armenia", "#e8833a", ("Armenia",)),))
    write(conn, FIRST)
    sides = dict(conn.execute("SELECT name, side FROM actors"))
    assert sides["Armenia"] == "Armenia"
    assert sides["Azerbaijan"] is None
