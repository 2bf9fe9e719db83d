"""The query API on a database of more than 100,000 events: right answers by the paths it takes.

Each filter is checked against the timeline worked out the plain way in SQL written here
(every match, sorted): the count, the first pages by key, the last pages by key from the end,
a jump by offset and the position of an event. Pages are found either by walking the timeline
or by gathering matches and sorting; both ways run, forced by the bound on few matches. A last
test measures the work SQLite does (its virtual machine steps, through the cancel check) to
show that pages by key never read the whole table the way a count must.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.generate_db import generate
from store import queries, query_base
from store.filters import MODALITIES, OTHER_SIDE, EventFilter
from store.queries import EventStore
from store.query_base import cancelled_when

EVENTS = 100_003
PAGE = 100


@pytest.fixture(scope="module")
def big_db(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "big.db"
    generate(seed_db, path, EVENTS, new_actor_share=0.05)
    return path


@pytest.fixture(scope="module")
def plain(big_db: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"{big_db.as_uri()}?mode=ro", uri=True)
    yield conn
    conn.close()


@pytest.fixture(params=["walk", "walk by side sets", "gather"])
def store(
    request: pytest.FixtureRequest, big_db: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[EventStore]:
    """A store that always walks the timeline (testing each event's actors for a side, or
    each event against the side's set), or one that gathers whenever it can."""
    walk = request.param.startswith("walk")
    monkeypatch.setattr(queries, "_WALK_BUDGET_S", 60.0)
    side_sets = request.param == "walk by side sets"
    monkeypatch.setattr(queries, "_SMALL_SIDE_ENTRIES", 10 * EVENTS if side_sets else -1)
    monkeypatch.setattr(queries, "_SMALL_SIDE_SHARE", 10.0)
    # The bound on "few" matches decides: none is few, or every filter's matches are.
    monkeypatch.setattr(queries, "_FEW_ROWS", -1 if walk else EVENTS)
    events = EventStore(big_db)
    yield events
    events.close()


def _timeline(plain: sqlite3.Connection, condition: str, params: list[object]) -> list[int]:
    return [
        row[0]
        for row in plain.execute(
            f"SELECT id FROM events WHERE {condition} "  # noqa: S608 - constant test conditions
            "ORDER BY date_start IS NULL, date_start, id",
            params,
        )
    ]


def _first(plain: sqlite3.Connection, sql: str) -> object:
    return plain.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def cases(plain: sqlite3.Connection) -> dict[str, tuple[EventFilter, str, list[object]]]:
    """Filters with the same condition written plainly, from broad to narrow."""
    frequent = _first(
        plain, "SELECT actor_id FROM event_actors GROUP BY actor_id ORDER BY count(*) DESC"
    )
    rare = _first(
        plain, "SELECT actor_id FROM event_actors GROUP BY actor_id ORDER BY count(*), actor_id"
    )
    side = _first(plain, "SELECT label FROM sides ORDER BY position")
    middle = _first(
        plain,
        "SELECT date_start FROM events WHERE date_start IS NOT NULL ORDER BY date_start "
        "LIMIT 1 OFFSET (SELECT count(date_start) / 2 FROM events)",
    )
    of_side = "id IN (SELECT ea.event_id FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
    of_actor = "id IN (SELECT event_id FROM event_actors WHERE actor_id = ?)"
    words = "sentence_id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)"
    return {
        "all": (EventFilter(), "1", []),
        "side": (EventFilter(sides=frozenset({side})), f"{of_side}WHERE a.side = ?)", [side]),
        "other": (
            EventFilter(sides=frozenset({OTHER_SIDE})),
            f"{of_side}WHERE a.side IS NULL) OR id NOT IN (SELECT event_id FROM event_actors)",  # noqa: S608
            [],
        ),
        "frequent actor": (EventFilter(actor_ids=frozenset({frequent})), of_actor, [frequent]),
        "rare actor": (EventFilter(actor_ids=frozenset({rare})), of_actor, [rare]),
        "since": (
            EventFilter(date_start=middle),
            "date_start IS NOT NULL AND coalesce(date_end, date_start) >= ?",
            [middle],
        ),
        "word": (EventFilter(text="shelling"), words, ["shelling*"]),
        "combined": (
            EventFilter(sides=frozenset({side}), date_end=middle, text="Azerbaijan"),
            f"{of_side}WHERE a.side = ?) AND date_start <= ? AND {words}",
            [side, middle, "Azerbaijan*"],
        ),
    }


@pytest.mark.parametrize(
    "case", ["all", "side", "other", "frequent actor", "rare actor", "since", "word", "combined"]
)
def test_pages_counts_and_positions_match_the_plain_timeline(
    store: EventStore, plain: sqlite3.Connection, cases: dict, case: str
) -> None:
    event_filter, condition, params = cases[case]
    expected = _timeline(plain, condition, params)
    assert store.count_events(event_filter) == len(expected) > 0

    first = store.events_after(event_filter, None, PAGE)
    assert [row.id for row in first] == expected[:PAGE]
    second = store.events_after(event_filter, first[-1].key, PAGE)
    assert [row.id for row in second] == expected[PAGE : 2 * PAGE]

    last = store.events_before(event_filter, None, PAGE)
    assert [row.id for row in last] == expected[-PAGE:]
    before_last = store.events_before(event_filter, last[0].key, PAGE)
    assert [row.id for row in before_last] == expected[-2 * PAGE : -PAGE]

    middle = len(expected) // 2
    jumped = store.events_at(event_filter, middle, PAGE)
    assert [row.id for row in jumped] == expected[middle : middle + PAGE]
    assert store.event_position(event_filter, jumped[0].key) == middle


@pytest.mark.parametrize(
    "case", ["all", "side", "other", "frequent actor", "rare actor", "since", "word", "combined"]
)
def test_counts_of_every_matching_event_match_plain_counts(
    store: EventStore, plain: sqlite3.Connection, cases: dict, case: str
) -> None:
    """Kinds, days and events per actor read every match, a side's as one set of events."""
    event_filter, condition, params = cases[case]
    for field, column in (
        ("event_types", "event_type"),
        ("statuses", "status"),
        ("modalities", "modality"),
    ):
        expected = plain.execute(
            f"SELECT {column}, count(*) AS n FROM events WHERE ({condition}) "  # noqa: S608
            f"AND {column} IS NOT NULL GROUP BY {column} ORDER BY n DESC, {column}",
            params,
        ).fetchall()
        assert list(getattr(store.kind_counts(event_filter), field)) == expected
    days = plain.execute(
        f"SELECT substr(date_start, 1, 10), count(*) FROM events WHERE {condition} "  # noqa: S608
        "GROUP BY 1",
        params,
    ).fetchall()
    assert dict(store.day_counts(event_filter)) == dict(days)
    per_actor = plain.execute(
        "SELECT actor_id, count(DISTINCT event_id) FROM event_actors "  # noqa: S608
        f"WHERE event_id IN (SELECT id FROM events WHERE {condition}) GROUP BY actor_id",
        params,
    ).fetchall()
    actors = store.actors_after(event_filter, None, 1_000_000)
    assert {actor.id: actor.events for actor in actors if actor.events} == dict(per_actor)
    if case == "all":
        quotes = plain.execute(
            "SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL "
            "GROUP BY speaker_id"
        ).fetchall()
        assert {actor.id: actor.quotes for actor in actors if actor.quotes} == dict(quotes)
        assert store.count_actors(event_filter) == len(actors)


def test_side_and_actor_counts_match_plain_counts(store: EventStore, plain: sqlite3.Connection):
    per_side = dict(
        plain.execute(
            "SELECT coalesce(a.side, ?), count(DISTINCT e.id) FROM events e "
            "LEFT JOIN event_actors ea ON ea.event_id = e.id "
            "LEFT JOIN actors a ON a.id = ea.actor_id GROUP BY a.side",
            [OTHER_SIDE],
        )
    )
    assert store.side_counts(EventFilter()) == per_side
    top = plain.execute(
        "SELECT a.name, count(DISTINCT ea.event_id) AS n FROM event_actors ea "
        "JOIN actors a ON a.id = ea.actor_id GROUP BY a.id ORDER BY n DESC, a.name LIMIT 10"
    ).fetchall()
    assert [(a.name, a.events) for a in store.actor_counts(EventFilter(), limit=10)] == top
    side = _first(plain, "SELECT label FROM sides ORDER BY position")
    top_of_side = plain.execute(
        "SELECT a.name, count(DISTINCT ea.event_id) AS n FROM event_actors ea "
        "JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id IN (SELECT ea2.event_id "
        "FROM event_actors ea2 JOIN actors a2 ON a2.id = ea2.actor_id WHERE a2.side = ?) "
        "GROUP BY a.id ORDER BY n DESC, a.name LIMIT 10",
        [side],
    ).fetchall()
    of_side = EventFilter(sides=frozenset({side}))
    assert [(a.name, a.events) for a in store.actor_counts(of_side, limit=10)] == top_of_side
    # With words the count goes from the matching events to their actors instead.
    top_of_word = plain.execute(
        "SELECT a.name, count(DISTINCT e.id) AS n FROM events e "
        "JOIN event_actors ea ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id "
        "WHERE e.sentence_id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?) "
        "GROUP BY a.id ORDER BY n DESC, a.name LIMIT 10",
        ["shelling*"],
    ).fetchall()
    of_word = EventFilter(text="shelling")
    assert [(a.name, a.events) for a in store.actor_counts(of_word, limit=10)] == top_of_word


def test_quotes_by_side_and_date_match_plain_quotes(store: EventStore, plain: sqlite3.Connection):
    side = _first(plain, "SELECT label FROM sides ORDER BY position")
    day = _first(
        plain,
        "SELECT substr(published, 1, 10) FROM articles ORDER BY published "
        "LIMIT 1 OFFSET (SELECT count(*) / 3 FROM articles)",
    )
    expected = [
        row[0]
        for row in plain.execute(
            "SELECT q.id FROM quotes q JOIN articles ar ON ar.id = q.article_id "
            "JOIN actors a ON a.id = q.speaker_id "
            "WHERE a.side = ? AND substr(ar.published, 1, 10) >= ? ORDER BY q.id",
            [side, day],
        )
    ]
    quote_filter = EventFilter(sides=frozenset({side}), date_start=day)
    assert store.count_quotes(quote_filter) == len(expected) > PAGE
    first = store.quotes_after(quote_filter, None, PAGE)
    assert [quote.id for quote in first] == expected[:PAGE]
    assert [quote.id for quote in store.quotes_after(quote_filter, first[-1].id, PAGE)] == (
        expected[PAGE : 2 * PAGE]
    )
    assert [quote.id for quote in store.quotes_before(quote_filter, None, PAGE)] == (
        expected[-PAGE:]
    )


def test_pages_by_key_read_a_sliver_of_what_a_count_reads(
    big_db: Path, plain: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cancel check runs every 100 virtual machine steps: counting its calls counts work.
    monkeypatch.setattr(query_base, "_STEPS_PER_CHECK", 100)
    # Walks that test each event's actors (a small side's set costs a bounded share instead).
    monkeypatch.setattr(queries, "_SMALL_SIDE_ENTRIES", -1)
    store = EventStore(big_db)

    def work(ask) -> int:
        calls = 0

        def check() -> bool:
            nonlocal calls
            calls += 1
            return False

        with cancelled_when(check):
            ask()
        return calls

    side = EventFilter(sides=frozenset({_first(plain, "SELECT label FROM sides")}))
    # A count that tests every event (a side's alone is counted from its actors' index).
    counting = work(lambda: store.count_events(EventFilter(modalities=frozenset(MODALITIES))))
    for event_filter in (EventFilter(), side):
        last = store.events_before(event_filter, None, PAGE)
        for page in (
            lambda f=event_filter: store.events_after(f, None, PAGE),
            lambda f=event_filter: store.events_before(f, None, PAGE),
            lambda f=event_filter, key=last[0].key: store.events_before(f, key, PAGE),
        ):
            assert work(page) * 50 < counting
    store.close()
