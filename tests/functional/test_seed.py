"""The bundled seed article, loaded end to end: specific items an analyst would check."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture()
def db(seed_db: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(seed_db)
    yield conn
    conn.close()


def one(conn: sqlite3.Connection, sql: str, *args: object) -> tuple:
    rows = conn.execute(sql, args).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_counts_meet_the_foundation_floor(db: sqlite3.Connection) -> None:
    counts = {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in ("articles", "events", "actors", "quotes", "casualties")
    }
    assert counts["articles"] == 1
    assert counts["events"] >= 15
    assert counts["actors"] >= 15
    assert counts["quotes"] >= 10


def test_karabakh_is_azerbaijan_is_a_quote_of_ilham_aliyev(db: sqlite3.Connection) -> None:
    speaker, kind, speaker_text = one(
        db,
        "SELECT speaker, kind, speaker_text FROM quote_list WHERE quote = ?",
        "Karabakh is Azerbaijan",
    )
    assert (speaker, kind, speaker_text) == ("Ilham Aliyev", "direct", "he")


def test_the_attack_on_terter(db: sqlite3.Connection) -> None:
    row = one(
        db,
        "SELECT event_type, cameo_root, source_actors, claimed_by, status, date_start, "
        "date_precision, location FROM event_timeline WHERE sentence LIKE '%Terter%' "
        "AND trigger = 'attacking'",
    )
    assert row == (
        "ASSAULT",
        "19",
        "Armenian Armed Forces",
        "Azerbaijani Defence Ministry",
        "claimed",
        "2020-09-28",
        "day",
        "Terter",
    )


def test_spans_point_into_the_article_text(db: sqlite3.Connection) -> None:
    (text,) = one(db, "SELECT text FROM articles")
    for start, end, quote in db.execute('SELECT start, "end", text FROM quotes'):
        assert text[start:end] == quote
    for start, end, mention in db.execute('SELECT start, "end", text FROM mentions'):
        assert text[start:end] == mention
    for start, end, trigger in db.execute("SELECT trigger_start, trigger_end, trigger FROM events"):
        assert text[start:end] == trigger
    for start, end, sentence in db.execute('SELECT start, "end", text FROM sentences'):
        assert text[start:end] == sentence


def test_heading_and_read_more_give_no_items(db: sqlite3.Connection) -> None:
    kinds = dict(db.execute("SELECT text, kind FROM sentences WHERE kind != 'body'").fetchall())
    assert kinds["International diplomacy"] == "heading"
    assert [k for t, k in kinds.items() if t.startswith("Read More")] == ["boilerplate"]
    for table in ("events", "quotes", "casualties"):
        (count,) = one(
            db,
            f"SELECT count(*) FROM {table} JOIN sentences s ON s.id = {table}.sentence_id "  # noqa: S608
            "WHERE s.kind != 'body'",
        )
        assert count == 0, table


def test_sides_follow_the_sides_file(db: sqlite3.Connection) -> None:
    side = dict(db.execute("SELECT name, side FROM actors").fetchall())
    for name in (
        "Armenia",
        "Armenian Defence Ministry",
        "Armenian Armed Forces",
        "Nagorno-Karabakh",
        "Nagorno-Karabakh Rebels",
        "Nikol Pashinyan",
    ):
        assert side[name] == "Armenia", name
    for name in (
        "Azerbaijan",
        "Azerbaijani Defence Ministry",
        "Azerbaijani Armed Forces",
        "Azerbaijani Government",
        "Ilham Aliyev",
    ):
        assert side[name] == "Azerbaijan", name
    for name in (
        "United States",
        "United Nations",
        "Russia",
        "Turkey",
        "Pope Francis",
        "International Crisis Group",
        "Organization for Security and Co-operation in Europe",
    ):
        assert side[name] is None, name


def test_casualty_figures(db: sqlite3.Connection) -> None:
    rows = set(
        db.execute(
            "SELECT c.count_min, c.qualifier, c.cumulative, a.name FROM casualties c "
            "LEFT JOIN actors a ON a.id = c.claimed_by"
        ).fetchall()
    )
    assert (15, "exact", 0, "Nagorno-Karabakh Defence Ministry") in rows
    assert (32, "exact", 1, "Nagorno-Karabakh Defence Ministry") in rows
    assert (2, "exact", 0, "Nagorno-Karabakh Rebels") in rows
    assert (5, "exact", 0, "Azerbaijani Government") in rows
    assert (200, "at least", 0, None) in rows
    assert (16, "at least", 0, None) in rows
