"""Sides files: reading and checking them, labelling actors, re-labelling without reloading."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbfactory import ArticleSpec, build_database

from store.database import open_for_writing
from store.extract.records import Actor
from store.sides import (
    DEFAULT_COLOURS,
    Side,
    SidesError,
    read_sides_file,
    store_sides,
    unmatched_members,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# --- reading sides files ------------------------------------------------------------------------


def sides_file(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "sides.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_the_bundled_sides_file_is_read() -> None:
    assert read_sides_file(SEEDS / "sides.toml") == (
        Side("Armenia", "#e8833a", ("Armenia", "Nagorno-Karabakh")),
        Side("Azerbaijan", "#3b8fd9", ("Azerbaijan",)),
    )


def test_colours_default_by_position_and_names_are_trimmed(tmp_path: Path) -> None:
    path = sides_file(
        tmp_path,
        '[[side]]\nlabel = " North "\nmembers = [" Ruritania ", ""]\n'
        '[[side]]\nlabel = "South"\ncolour = "teal"\n',
    )
    assert read_sides_file(path) == (
        Side("North", DEFAULT_COLOURS[0], ("Ruritania",)),
        Side("South", "teal", ()),
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[[side]\nlabel = 'A'\n", "not valid TOML ("),
        (b"label = '\xff'\n", "sides file is not UTF-8 text"),
        ("title = 'no sides here'\n", "no [[side]] tables"),
        ("side = 'Armenia'\n", "no [[side]] tables"),
        ("[[side]]\ncolour = '#e8833a'\n", "side 1 has no label"),
        ("[[side]]\nlabel = 'A'\n[[side]]\nlabel = '  '\n", "side 2 has no label"),
        ("[[side]]\nlabel = 3\n", "side 1 has no label"),
        (
            "[[side]]\nlabel = 'Armenia'\n[[side]]\nlabel = 'ARMENIA'\n",
            "side label 'ARMENIA' is reserved or used twice",
        ),
        ("[[side]]\nlabel = 'Other'\n", "side label 'Other' is reserved or used twice"),
        (
            "[[side]]\nlabel = 'A'\ncolour = '#12345'\n",
            "side 'A': colour must look like '#e8833a'",
        ),
        ("[[side]]\nlabel = 'A'\ncolour = 7\n", "side 'A': colour must look like '#e8833a'"),
        (
            "[[side]]\nlabel = 'A'\nmembers = 'Armenia'\n",
            "side 'A': members must be a list of names",
        ),
        (
            "[[side]]\nlabel = 'A'\nmembers = ['Armenia', 3]\n",
            "side 'A': members must be a list of names",
        ),
    ],
)
def test_bad_sides_files_give_one_line_naming_the_file(
    tmp_path: Path, text: str | bytes, reason: str
) -> None:
    path = sides_file(tmp_path, text)
    with pytest.raises(SidesError) as raised:
        read_sides_file(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: {reason}")
    assert "\n" not in message


def test_a_missing_sides_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(SidesError) as raised:
        read_sides_file(path)
    assert str(raised.value) == f"{path}: cannot read sides file (No such file or directory)"


# --- labelling ----------------------------------------------------------------------------------

ACTORS = (
    Actor("Armenia", "state", "ARM", aliases=("Republic of Armenia",)),
    Actor("Azerbaijan", "state", "AZE", aliases=("Republic of Azerbaijan",)),
    Actor("Armenian Defence Ministry", "government", "ARM", parent="Armenia"),
    Actor("Armenian Armed Forces", "military", "ARM", parent="Armenian Defence Ministry"),
    Actor("Nikol Pashinyan", "person", "ARM"),
    Actor("Ilham Aliyev", "person", "AZE"),
    Actor("Nagorno-Karabakh", "government", None),
    Actor("Nagorno-Karabakh Defence Ministry", "government", None, parent="Nagorno-Karabakh"),
    Actor("Recep Tayyip Erdoğan", "person", "TUR", aliases=("Erdoğan",)),
    Actor("Turkey", "state", "TUR"),
    Actor("Donald Trump", "person", "USA"),
    Actor("United States", "state", "USA"),
    Actor("International Crisis Group", "organization", None),
)
SIDES = (
    # Case and diacritics are folded; a member may be an alias.
    Side("Armenia", "#e8833a", ("ARMENIA", "nagorno-karabakh")),
    Side("Azerbaijan", "#3b8fd9", ("republic of azerbaijan",)),
    Side("Turkey", "#d94f70", ("Erdogan",)),
)
EXPECTED = {
    "Armenia": "Armenia",
    "Azerbaijan": "Azerbaijan",
    "Armenian Defence Ministry": "Armenia",
    "Armenian Armed Forces": "Armenia",
    "Nikol Pashinyan": "Armenia",
    "Ilham Aliyev": "Azerbaijan",
    "Nagorno-Karabakh": "Armenia",
    "Nagorno-Karabakh Defence Ministry": "Armenia",
    "Recep Tayyip Erdoğan": "Turkey",
    # The state itself is no member: sides follow the file, not the world.
    "Turkey": None,
    "Donald Trump": None,
    "United States": None,
    "International Crisis Group": None,
}
ARTICLE = ArticleSpec(
    sentences=(
        "Armenia and Azerbaijan traded accusations.",
        "Recep Tayyip Erdoğan backed Baku, and Donald Trump called for calm.",
    ),
    actors=ACTORS,
)


def side_of_conn(conn: sqlite3.Connection) -> dict[str, str | None]:
    return dict(conn.execute("SELECT name, side FROM actors"))


def side_of(path: Path) -> dict[str, str | None]:
    conn = sqlite3.connect(path)
    try:
        return side_of_conn(conn)
    finally:
        conn.close()


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    """Articles written first, sides stored afterwards."""
    return build_database(tmp_path / "sides.db", [ARTICLE], sides=SIDES)


def test_store_sides_labels_members_organs_people_and_third_parties(labelled: Path) -> None:
    assert side_of(labelled) == EXPECTED


def test_actors_written_after_the_sides_are_labelled_alike(tmp_path: Path) -> None:
    path = build_database(tmp_path / "first.db", [], sides=SIDES)
    build_database(path, [ARTICLE])
    assert side_of(path) == EXPECTED


def test_people_inherit_only_from_a_state_of_their_country(tmp_path: Path) -> None:
    path = build_database(
        tmp_path / "people.db",
        [
            ArticleSpec(
                sentences=("Ilham Aliyev spoke.",),
                actors=(
                    Actor("Ilham Aliyev", "person", "AZE"),
                    # Same country, but not a state: a person takes no side from it.
                    Actor("Azerbaijani Civilians", "group", "AZE"),
                ),
            )
        ],
        sides=(Side("Azerbaijan", "#3b8fd9", ("Azerbaijani Civilians",)),),
    )
    assert side_of(path) == {"Ilham Aliyev": None, "Azerbaijani Civilians": "Azerbaijan"}


@pytest.fixture
def conn(labelled: Path) -> Iterator[sqlite3.Connection]:
    connection = open_for_writing(labelled).conn
    yield connection
    connection.close()


def test_new_sides_relabel_without_touching_articles(conn: sqlite3.Connection) -> None:
    articles = conn.execute("SELECT id, sha256, loaded_at FROM articles").fetchall()
    mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()
    store_sides(conn, (Side("Caucasus", "#4caf50", ("Azerbaijan", "Armenia")),))
    labels = side_of_conn(conn)
    assert labels["Armenian Armed Forces"] == labels["Ilham Aliyev"] == "Caucasus"
    assert labels["Recep Tayyip Erdoğan"] is None
    assert conn.execute("SELECT label, colour, position FROM sides").fetchall() == [
        ("Caucasus", "#4caf50", 0)
    ]
    assert conn.execute("SELECT id, sha256, loaded_at FROM articles").fetchall() == articles
    assert conn.execute("SELECT count(*) FROM mentions").fetchone() == mentions


def test_no_sides_clear_every_label(conn: sqlite3.Connection) -> None:
    store_sides(conn, ())
    assert set(side_of_conn(conn).values()) == {None}
    assert conn.execute("SELECT count(*) FROM sides").fetchone() == (0,)


def test_casualty_victim_sides_follow_the_actors(tmp_path: Path) -> None:
    path = build_database(tmp_path / "victims.db", [ARTICLE], sides=SIDES)
    conn = open_for_writing(path).conn
    actor_id = conn.execute("SELECT id FROM actors WHERE name = 'Nikol Pashinyan'").fetchone()[0]
    with conn:
        conn.execute(
            "INSERT INTO casualties (article_id, sentence_id, kind, victim_actor_id) "
            "SELECT article_id, id, 'killed', ? FROM sentences LIMIT 1",
            (actor_id,),
        )
    store_sides(conn, (Side("Yerevan", "#e8833a", ("Armenia",)),))
    assert conn.execute("SELECT victim_side FROM casualties").fetchall() == [("Yerevan",)]
    conn.close()


def test_unmatched_members_are_listed(conn: sqlite3.Connection) -> None:
    store_sides(
        conn,
        (
            Side("Armenia", "#e8833a", ("Armenia", "Artsakh", "republic of armenia")),
            Side("Azerbaijan", "#3b8fd9", ("Azerbaijan", "Baku")),
        ),
    )
    assert sorted(unmatched_members(conn)) == [("Armenia", "Artsakh"), ("Azerbaijan", "Baku")]


def test_members_match_names_and_aliases_folded(conn: sqlite3.Connection) -> None:
    store_sides(conn, (Side("Turkey", "#d94f70", ("ERDOGAN", "recep tayyip erdogan")),))
    assert unmatched_members(conn) == []
    assert side_of_conn(conn)["Recep Tayyip Erdoğan"] == "Turkey"
