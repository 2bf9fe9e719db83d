"""ACLED and GDELT-style CAMEO rows: the mapping from PLOVER, dates, actors, fatalities, sources."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from dbfactory import ARMENIA, AZERBAIJAN, WAR_ARTICLE, build_database

from store.database import open_for_writing
from store.export_formats import (
    ACLED_COLUMNS,
    CAMEO_COLUMNS,
    acled_rows,
    cameo_rows,
    left_out_note,
    plover_types,
    quad_class,
    time_precision,
)
from store.filters import EventFilter
from store.queries import EventStore


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    """WAR_ARTICLE, with its 15 dead tied to the last shelling and a running total beside them."""
    path = tmp_path_factory.mktemp("formats") / "war.db"
    build_database(path, [WAR_ARTICLE], sides=(ARMENIA, AZERBAIJAN))
    conn = open_for_writing(path).conn
    with conn:
        (event_id, sentence_id), *_ = conn.execute(
            "SELECT id, sentence_id FROM events WHERE trigger = 'shelling' ORDER BY id DESC"
        ).fetchall()
        conn.execute("UPDATE casualties SET event_id = ?", (event_id,))
        conn.execute(
            "INSERT INTO casualties (article_id, sentence_id, event_id, kind, count_min, "
            "cumulative) SELECT article_id, ?, ?, 'killed', 40, 1 FROM sentences LIMIT 1",
            (sentence_id, event_id),
        )
    conn.close()
    store = EventStore(path)
    yield store
    store.close()


def acled(store: EventStore, f: EventFilter | None = None) -> tuple[list[dict], Counter]:
    records = store.acled_records(f or EventFilter())
    rows = list(records.rows)
    assert all(list(row) == ACLED_COLUMNS == records.columns for row in rows)
    return rows, records.left_out


def by_sentence(rows: list[dict], index: int, column: str = "notes") -> list[dict]:
    return [row for row in rows if row[column] == WAR_ARTICLE.sentences[index]]


# --- ACLED --------------------------------------------------------------------------------------


def test_acled_row_of_a_claimed_attack(store: EventStore) -> None:
    rows, _ = acled(store)
    (attack,) = by_sentence(rows, 0)
    assert attack | {"event_id": 0, "article_id": 0, "sentence_id": 0} == {
        "event_id": 0,
        "event_date": "2020-09-28",
        "year": "2020",
        "time_precision": 1,
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Armenian forces",
        "assoc_actor_1": "",
        "actor2": "Terter",
        "assoc_actor_2": "",
        "location": "",
        "source": "Test Wire",
        "notes": WAR_ARTICLE.sentences[0],
        "fatalities": 0,
        "plover_type": "ASSAULT",
        "plover_mode": "",
        "status": "claimed",
        "modality": "actual",
        "claimed_by": "Azerbaijan's defence ministry",
        "date_text": "on Monday",
        "date_end": "2020-09-28",
        "date_source": "text",
        "article_id": 0,
        "sentence_id": 0,
        "article_title": WAR_ARTICLE.title,
        "article_url": "",
        "article_published": "2020-09-28",
    }


def test_acled_leaves_out_verbal_and_unhappened_events_and_counts_them(store: EventStore) -> None:
    rows, left_out = acled(store)
    # ACCUSE and REQUEST are not ACLED's kinds; "would try to end the violence" did not happen.
    assert left_out == Counter({"ACCUSE": 1, "REQUEST": 1, "future": 1})
    assert len(rows) + left_out.total() == store.count_events()
    assert {row["plover_type"] for row in rows} == {"ASSAULT"}
    note = left_out_note(left_out, store.count_events())
    assert note is not None
    assert note.startswith("left out 3 of 8 events (")
    assert "ACCUSE 1" in note and "future 1" in note
    assert left_out_note(Counter(), 5) is None


def test_acled_dates_undated_events_by_the_article_at_the_widest_precision(
    store: EventStore,
) -> None:
    rows, _ = acled(store)
    (denied,) = by_sentence(rows, 5)
    assert (denied["event_date"], denied["time_precision"], denied["date_source"]) == (
        "2020-09-28",
        3,
        "published",
    )
    assert denied["status"] == "denied"
    (war,) = by_sentence(rows, 4)
    assert (war["event_date"], war["date_end"], war["time_precision"]) == (
        "1990-01-01",
        "1999-12-31",
        3,
    )
    # Timeline order: the 1990s first, undated events last.
    assert rows[0] == war


def test_acled_fatalities_sum_the_events_dead_but_not_running_totals(store: EventStore) -> None:
    rows, _ = acled(store)
    (shelling,) = by_sentence(rows, 6)
    assert shelling["fatalities"] == 15
    assert shelling["actor1"] == shelling["actor2"] == ""


def test_acled_follows_the_filter(store: EventStore) -> None:
    rows, left_out = acled(store, EventFilter(sides=frozenset({"Azerbaijan"})))
    assert [row["notes"] for row in rows] == [
        WAR_ARTICLE.sentences[1],
        WAR_ARTICLE.sentences[0],
        WAR_ARTICLE.sentences[5],
    ]
    assert left_out == Counter({"ACCUSE": 1})


def event(**fields: Any) -> dict[str, Any]:
    """An event row as the export query gives it: an undated ASSAULT by default."""
    actors = fields.pop("actors", [])
    row = {
        "event_id": 1,
        "event_type": "ASSAULT",
        "mode": None,
        "cameo_root": "19",
        "trigger": "attacked",
        "date_start": None,
        "date_end": None,
        "date_precision": None,
        "date_text": None,
        "status": "asserted",
        "modality": "actual",
        "location": None,
        "claimed_by": None,
        "actors": json.dumps(actors),
        "killed": None,
        "sentence": "A sentence.",
        "sentence_id": 7,
        "is_lead": 0,
        "article_id": 3,
        "article_title": "Title",
        "article_url": "https://example.org/a",
        "article_published": "2020-10-02T08:00:00",
        "article_source": None,
        "loaded_at": "2024-01-02T03:04:05+00:00",
    }
    return row | fields


ARMY = ["source", "Azerbaijani Army", "AZE", "military", 0, 4]
REBELS = ["source", "Karabakh Rebels", None, "armed_group", 0, 5]


@pytest.mark.parametrize(
    ("fields", "types"),
    [
        ({"mode": "aerial"}, ("Explosions/Remote violence", "Air/drone strike")),
        (
            {"mode": "heavy-weapons"},
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        (
            {"mode": "explosives", "cameo_root": "18"},
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        ({"mode": "firearms"}, ("Battles", "Armed clash")),
        ({"mode": "occupy", "actors": [ARMY]}, ("Battles", "Government regains territory")),
        (
            {"mode": "occupy", "actors": [REBELS]},
            ("Battles", "Non-state actor overtakes territory"),
        ),
        (
            {"trigger": "Abducted", "cameo_root": "18"},
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        ({"event_type": "PROTEST"}, ("Protests", "Peaceful protest")),
        ({"event_type": "COERCE", "trigger": "arrested"}, ("Strategic developments", "Arrests")),
        ({"event_type": "COERCE", "trigger": "curfew"}, ("Strategic developments", "Other")),
        (
            {"event_type": "RETREAT", "mode": "ceasefire"},
            ("Strategic developments", "Agreement"),
        ),
        ({"event_type": "AGREE"}, ("Strategic developments", "Agreement")),
        ({"event_type": "MOBILIZE"}, ("Strategic developments", "Other")),
    ],
)
def test_acled_event_types_from_plover_and_mode(
    fields: dict[str, Any], types: tuple[str, str]
) -> None:
    (row,) = acled_rows([event(**fields)], Counter())
    assert (row["event_type"], row["sub_event_type"]) == types


@pytest.mark.parametrize(
    "plover", ["ACCUSE", "REQUEST", "CONSULT", "THREATEN", "SUPPORT", "SANCTION", "AID"]
)
def test_acled_has_no_row_for_statements_and_diplomacy(plover: str) -> None:
    left_out: Counter[str] = Counter()
    assert list(acled_rows([event(event_type=plover)], left_out)) == []
    assert left_out == Counter({plover: 1})


def test_acled_actors_in_the_order_the_sentence_names_them() -> None:
    actors = [
        ["source", "Second", None, "state", 30, 1],
        ["target", "Target", None, "state", 50, 2],
        ["source", "First", None, "state", 10, 3],
        ["source", "Unmentioned", None, "state", None, 0],
        ["target", "Other target", None, "state", 60, 5],
    ]
    (row,) = acled_rows([event(actors=actors)], Counter())
    assert (row["actor1"], row["assoc_actor_1"]) == ("First", "Second; Unmentioned")
    assert (row["actor2"], row["assoc_actor_2"]) == ("Target", "Other target")
    # With no source named, ACLED's source column is the article's title.
    assert row["source"] == "Title"


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        ("2020-09-28", "2020-09-28", "day", 1),
        ("2020-09-27", "2020-09-28", "day", 2),  # "since Sunday"
        ("2020-09-21", "2020-09-27", "week", 2),
        ("2020-09-01", "2020-09-30", "month", 3),
        ("2020-01-01", "2020-12-31", "year", 3),
        (None, None, None, 3),
    ],
)
def test_time_precision(start: str | None, end: str | None, precision: str, expected: int) -> None:
    assert time_precision(event(date_start=start, date_end=end, date_precision=precision)) == (
        expected
    )


# --- CAMEO --------------------------------------------------------------------------------------


def cameo(store: EventStore, f: EventFilter | None = None) -> list[dict]:
    records = store.cameo_records(f or EventFilter())
    rows = list(records.rows)
    assert all(list(row) == CAMEO_COLUMNS == records.columns for row in rows)
    assert not records.left_out
    return rows


def test_cameo_row_of_a_claimed_attack(store: EventStore) -> None:
    rows = cameo(store)
    assert len(rows) == store.count_events()
    (attack,) = by_sentence(rows, 0, "sentence")
    assert {column: attack[column] for column in CAMEO_COLUMNS[1:21]} == {
        "SQLDATE": "20200928",
        "MonthYear": "202009",
        "Year": "2020",
        "FractionDate": "2020.7452",
        "Actor1Code": "ARMMIL",
        "Actor1Name": "Armenian forces",
        "Actor1CountryCode": "ARM",
        "Actor1Type1Code": "MIL",
        "Actor2Code": "AZE",
        "Actor2Name": "Terter",
        "Actor2CountryCode": "AZE",
        "Actor2Type1Code": "",
        "IsRootEvent": 1,
        "EventCode": "190",
        "EventBaseCode": "190",
        "EventRootCode": "19",
        "QuadClass": 4,
        "ActionGeo_FullName": "",
        "DATEADDED": attack["DATEADDED"],
        "SOURCEURL": "Test Wire",
    }
    assert len(attack["DATEADDED"]) == 14 and attack["DATEADDED"].isdigit()
    assert (attack["plover_type"], attack["status"], attack["claimed_by"]) == (
        "ASSAULT",
        "claimed",
        "Azerbaijan's defence ministry",
    )
    assert attack["article_title"] == WAR_ARTICLE.title
    assert attack["GLOBALEVENTID"] == attack["sentence_id"] == 1


def test_cameo_keeps_speech_with_its_quad_class(store: EventStore) -> None:
    rows = cameo(store)
    (accusation,) = [row for row in rows if row["plover_type"] == "ACCUSE"]
    assert (accusation["Actor1Name"], accusation["Actor2Name"]) == ("Armenia", "Azerbaijan")
    assert accusation["IsRootEvent"] == 0
    (request,) = [row for row in rows if row["plover_type"] == "REQUEST"]
    assert (request["EventRootCode"], request["QuadClass"]) == ("01", 1)
    assert request["SQLDATE"] == "20200901"  # "in September": the first day of the month


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"mode": "aerial"}, "195"),
        ({"mode": "heavy-weapons"}, "194"),
        ({"mode": "occupy"}, "192"),
        ({"mode": "explosives", "cameo_root": "18"}, "183"),
        # A finer code under another root than the stored one is not used.
        ({"mode": "explosives"}, "190"),
        ({"event_type": "RETREAT", "mode": "ceasefire", "cameo_root": "08"}, "0871"),
        ({"event_type": "ACCUSE", "cameo_root": "11"}, "110"),
    ],
)
def test_cameo_event_codes(fields: dict[str, Any], code: str) -> None:
    (row,) = cameo_rows([event(**fields)])
    assert row["EventCode"] == code
    assert row["EventBaseCode"] == code[:3]
    assert row["EventRootCode"] == fields.get("cameo_root", "19")


def test_cameo_dates_undated_events_by_the_article_and_names_its_url() -> None:
    (row,) = cameo_rows([event(actors=[REBELS])])
    assert (row["SQLDATE"], row["Year"], row["SOURCEURL"]) == (
        "20201002",
        "2020",
        event()["article_url"],
    )
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "REB",
        "",
        "REB",
    )
    assert row["DATEADDED"] == "20240102030405"
    (undated,) = cameo_rows([event(article_published=None)])
    assert undated["SQLDATE"] == undated["FractionDate"] == ""


def test_every_plover_type_has_a_quad_class() -> None:
    assert len(plover_types()) == 16
    assert {quad_class(kind) for kind in plover_types()} == {1, 2, 3, 4}
    assert (quad_class("ASSAULT"), quad_class("ACCUSE"), quad_class("AID")) == (4, 3, 2)
    assert quad_class("SPEAK") is None


# --- the seed -----------------------------------------------------------------------------------


def seed_rows(seed_db: Path, export_format: str) -> list[dict]:
    store = EventStore(seed_db)
    try:
        return list(store.export_records(export_format, EventFilter()).rows)
    finally:
        store.close()


def test_seed_acled_rows(seed_db: Path) -> None:
    rows = seed_rows(seed_db, "acled")
    by_notes = {row["notes"]: row for row in rows}
    mountain = next(row for notes, row in by_notes.items() if "strategic mountain" in notes)
    assert (mountain["event_type"], mountain["sub_event_type"], mountain["actor1"]) == (
        "Battles",
        "Government regains territory",
        "Azerbaijan",
    )
    shelling = next(row for notes, row in by_notes.items() if "family of five" in notes)
    assert shelling["sub_event_type"] == "Shelling/artillery/missile attack"
    assert shelling["fatalities"] == 5
    april = next(row for notes, row in by_notes.items() if "April 2016" in notes)
    assert (april["event_date"], april["time_precision"], april["fatalities"]) == (
        "2016-04-01",
        3,
        200,
    )
    martial_law = next(row for notes, row in by_notes.items() if "martial law" in notes)
    assert (martial_law["event_type"], martial_law["sub_event_type"]) == (
        "Strategic developments",
        "Other",
    )
    assert (martial_law["actor1"], martial_law["assoc_actor_1"]) == ("Armenia", "Nagorno-Karabakh")
    assert not any(row["plover_type"] in ("ACCUSE", "REQUEST", "CONSULT") for row in rows)
    assert all(row["sentence_id"] and row["article_title"] for row in rows)


def test_seed_cameo_rows(seed_db: Path) -> None:
    rows = seed_rows(seed_db, "cameo")
    ally = next(row for row in rows if row["sentence"].startswith("Azerbaijan ally Turkey"))
    assert (ally["Actor1Name"], ally["Actor1CountryCode"], ally["Actor1Code"]) == (
        "Turkey",
        "TUR",
        "TUR",
    )
    assert (ally["EventCode"], ally["EventRootCode"], ally["QuadClass"]) == ("040", "04", 1)
    mountain = next(row for row in rows if "strategic mountain" in row["sentence"])
    assert (mountain["EventCode"], mountain["QuadClass"]) == ("192", 4)
    conn = sqlite3.connect(seed_db)
    try:
        assert len(rows) == conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()
