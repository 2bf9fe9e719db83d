"""The query API: order, keyset paging, every filter, safe search, details, actors, quotes."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from dbfactory import ARMENIA, AZERBAIJAN, WAR_ACTORS, WAR_ARTICLE, ArticleSpec, EventSpec
from dbfactory import build_database as build

from store.database import DatabaseError
from store.filters import OTHER_SIDE, EventFilter, fts_query, parse_date_range
from store.queries import EventPages, EventStore, QuotePages
from store.query_base import QueryCancelled, cancelled_when

ALL = EventFilter()


@pytest.fixture(scope="module")
def war_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("war") / "war.db"
    return build(path, [WAR_ARTICLE], sides=(ARMENIA, AZERBAIJAN))


@pytest.fixture
def store(war_db: Path):
    events = EventStore(war_db)
    yield events
    events.close()


def summaries(rows) -> list[str]:
    return [row.summary for row in rows]


def ids_by_trigger(store: EventStore) -> dict[str, int]:
    """Event ids of the war article by trigger (``shelling`` twice: by sentence order)."""
    rows = sorted(store.events_after(ALL, None, 100), key=lambda row: row.id)
    names = ["attacking", "accused", "shelling1", "end", "ceasefire", "war", "attacked", "died"]
    return dict(zip(names, [row.id for row in rows], strict=True))


def test_timeline_is_in_date_order_with_undated_last(store: EventStore) -> None:
    rows = store.events_after(ALL, None, 100)
    assert [row.date_start for row in rows] == [
        "1990-01-01",
        "2020-09-01",
        "2020-09-27",
        "2020-09-27",
        "2020-09-28",
        None,
        None,
        None,
    ]
    undated = [row.id for row in rows[5:]]
    assert undated == sorted(undated)
    first = rows[4]
    assert first.summary == "Armenian forces attacking Terter"
    assert [actor.name for actor in first.sources] == ["Armenian forces"]
    assert [(actor.name, actor.side) for actor in first.targets] == [("Terter", "Azerbaijan")]
    assert first.claimed_by is not None
    assert first.claimed_by.name == "Azerbaijan's defence ministry"
    assert first.status == "claimed"


def test_counts(store: EventStore) -> None:
    assert store.count_events() == 8
    assert store.count_events(EventFilter(sides=frozenset({"Armenia"}))) == 2
    assert store.count_quotes() == 2


def _walk_forward(pages: EventPages, limit: int) -> list[int]:
    """Every id, page after page; a page that does not advance fails instead of looping."""
    seen: list[int] = []
    last = None
    for _ in range(pages.count() // limit + 2):
        page = pages.after(last, limit)
        seen += [row.id for row in page]
        if len(page) < limit:
            return seen
        last = page[-1]
    raise AssertionError(f"paging forward did not end: {len(seen)} rows seen")


def _walk_backward(pages: EventPages, limit: int) -> list[int]:
    """Every id, page before page, from the end."""
    seen: list[int] = []
    first = None
    for _ in range(pages.count() // limit + 2):
        page = pages.before(first, limit)
        seen = [row.id for row in page] + seen
        if len(page) < limit:
            return seen
        first = page[0]
    raise AssertionError(f"paging backward did not end: {len(seen)} rows seen")


@pytest.fixture(scope="module")
def crowded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Many events sharing a few dates, and many undated, to test ties in the order."""
    dates = [
        ("2020-09-28", "2020-09-28", "day", "on Monday"),
        ("2020-09-27", "2020-09-27", "day", "on Sunday"),
        ("1990-01-01", "1999-12-31", "decade", "in the 1990s"),
        None,
    ]
    spec = ArticleSpec(
        sentences=("Armenian forces were attacking Terter on Monday, on Sunday and in the 1990s.",),
        actors=WAR_ACTORS,
        events=tuple(
            EventSpec(
                0,
                "ASSAULT",
                "attacking",
                sources=("Armenian forces",) if number % 3 else (),
                targets=("Terter",),
                date=dates[number % len(dates)],
                summary=f"event {number}",
            )
            for number in range(237)
        ),
    )
    return build(tmp_path_factory.mktemp("crowded") / "crowded.db", [spec], (ARMENIA, AZERBAIJAN))


@pytest.mark.parametrize("limit", [1, 2, 7, 100, 500])
@pytest.mark.parametrize(
    "event_filter",
    [ALL, EventFilter(sides=frozenset({"Armenia"})), EventFilter(date_start="2020-09-27")],
)
def test_keyset_paging_returns_every_row_exactly_once(
    crowded_db: Path, limit: int, event_filter: EventFilter
) -> None:
    events = EventStore(crowded_db)
    pages = EventPages(events, event_filter)
    expected = [row.id for row in events.events_at(event_filter, 0, 10_000)]
    assert len(expected) == pages.count() > 0
    forward = _walk_forward(pages, limit)
    assert forward == expected
    assert len(set(forward)) == len(forward)
    assert _walk_backward(pages, limit) == expected
    for offset in range(0, len(expected), 31):
        assert [row.id for row in pages.at(offset, limit)] == expected[offset : offset + limit]
    events.close()


def test_event_position_agrees_with_the_order(crowded_db: Path) -> None:
    events = EventStore(crowded_db)
    rows = events.events_at(ALL, 0, 10_000)
    for position in (0, 1, 58, 59, 60, 180, len(rows) - 1):
        assert events.event_position(ALL, rows[position].key) == position
    events.close()


@pytest.mark.parametrize(
    ("event_filter", "expected"),
    [
        (EventFilter(sides=frozenset({"Armenia"})), {"attacking", "accused"}),
        (
            EventFilter(sides=frozenset({"Azerbaijan"})),
            {"attacking", "accused", "shelling1", "attacked"},
        ),
        (EventFilter(sides=frozenset({OTHER_SIDE})), {"end", "ceasefire", "war", "died"}),
        (
            EventFilter(sides=frozenset({"Armenia", OTHER_SIDE})),
            {"attacking", "accused", "end", "ceasefire", "war", "died"},
        ),
        # A month overlaps the day asked for; undated events never match a date range.
        (
            EventFilter(date_start="2020-09-27", date_end="2020-09-27"),
            {"accused", "shelling1", "ceasefire"},
        ),
        (EventFilter(date_end="1999-12-31"), {"war"}),
        (EventFilter(date_start="2020-09-28"), {"attacking", "ceasefire"}),
        (EventFilter(statuses=frozenset({"denied"})), {"attacked"}),
        (EventFilter(statuses=frozenset({"claimed"})), {"attacking", "shelling1"}),
        (EventFilter(modalities=frozenset({"historical", "future"})), {"war", "end"}),
        (EventFilter(event_types=frozenset({"ACCUSE", "REQUEST"})), {"accused", "ceasefire"}),
        (EventFilter(text="shelling"), {"accused", "shelling1", "died"}),
        (EventFilter(text="ATTACK"), {"attacking", "attacked"}),
        (EventFilter(text="attack terter"), {"attacking"}),
        (
            EventFilter(sides=frozenset({"Azerbaijan"}), statuses=frozenset({"claimed"})),
            {"attacking", "shelling1"},
        ),
    ],
)
def test_filters(store: EventStore, event_filter: EventFilter, expected: set[str]) -> None:
    by_trigger = ids_by_trigger(store)
    wanted = {by_trigger[name] for name in expected}
    rows = store.events_after(event_filter, None, 100)
    assert {row.id for row in rows} == wanted
    assert store.count_events(event_filter) == len(wanted)


def test_actor_filter_matches_any_chosen_actor(store: EventStore) -> None:
    actors = {actor.name: actor.id for actor in store.actor_counts(ALL)}
    by_trigger = ids_by_trigger(store)
    terter = EventFilter(actor_ids=frozenset({actors["Terter"]}))
    assert [row.id for row in store.events_after(terter, None, 10)] == [by_trigger["attacking"]]
    either = EventFilter(actor_ids=frozenset({actors["Terter"], actors["Russia"]}))
    assert store.count_events(either) == 2


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


HOSTILE_SEARCHES = [
    '"',
    '""',
    '"unterminated',
    "*",
    "attack*",
    "NEAR",
    "NEAR(attacking Terter)",
    "-",
    "-Terter",
    "(",
    ")",
    "'; drop table events; --",
    "Terter OR Russia",
    "NOT Terter",
    "AND",
    "text:Terter",
    "^Terter",
    "{text}: x",
    "a\x00b",
    "[bold]Stepanakert[/]",
    "\\",
    "%",
]


@pytest.mark.parametrize("search", HOSTILE_SEARCHES)
def test_search_text_is_never_sql_or_fts_syntax(war_db: Path, search: str) -> None:
    before = _file_digest(war_db)
    events = EventStore(war_db)
    event_filter = EventFilter(text=search)
    count = events.count_events(event_filter)
    assert len(events.events_after(event_filter, None, 100)) == count
    events.count_quotes(event_filter)
    events.side_counts(event_filter)
    events.actor_counts(event_filter, prefix=search)
    events.close()
    assert _file_digest(war_db) == before
    assert EventStore(war_db).count_events() == 8


def test_search_operators_are_plain_words(store: EventStore) -> None:
    # "OR" is a word to find, not an operator: no sentence has "or", so nothing matches.
    assert store.count_events(EventFilter(text="Terter OR Russia")) == 0
    # The SQL in the text is just words of the sentence that holds it.
    dropped = store.events_after(EventFilter(text="'; drop table events; --"), None, 10)
    assert [row.summary for row in dropped] == ["attacked [bold]Stepanakert[/]"]
    # Punctuation alone holds no word and finds nothing rather than everything.
    assert store.count_events(EventFilter(text="-")) == 0


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('say "hi" NEAR*') == '"say"* """hi"""* "NEAR*"*'


def test_fts_query_of_whole_words_matches_a_subset_of_the_prefixes(store: EventStore) -> None:
    assert fts_query('say "hi"', prefixes=False) == '"say" """hi"""'
    with store._connection() as conn:
        for text in ("Azerbaijan", "shell", "Armenian forces"):
            found = [
                {
                    row[0]
                    for row in conn.execute(
                        "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", [query]
                    )
                }
                for query in (fts_query(text), fts_query(text, prefixes=False))
            ]
            assert found[1] <= found[0]
            assert (text == "shell") == (found[1] != found[0])
    assert fts_query("  ") is None
    assert fts_query("- ( *") is None


def test_event_detail_has_spans_relative_to_the_sentence(store: EventStore) -> None:
    event_id = ids_by_trigger(store)["attacking"]
    detail = store.event_detail(event_id)
    assert detail is not None
    sentence = detail.sentence.text
    assert sentence.startswith("Azerbaijan’s defence ministry said Armenian forces")
    assert detail.trigger_span is not None and detail.date_span is not None
    assert sentence[detail.trigger_span.start : detail.trigger_span.end] == "attacking"
    assert sentence[detail.date_span.start : detail.date_span.end] == "on Monday"
    named = {
        sentence[m.span.start : m.span.end]: (m.actor.name, m.actor.side) for m in detail.mentions
    }
    assert named["Terter"] == ("Terter", "Azerbaijan")
    assert named["Armenian forces"] == ("Armenian forces", "Armenia")
    assert named["Azerbaijan’s defence ministry"] == ("Azerbaijan's defence ministry", "Azerbaijan")
    assert detail.event.claimed_by is not None
    assert detail.event.claimed_by.name == "Azerbaijan's defence ministry"
    assert detail.before == ()
    assert [s.text for s in detail.after] == [WAR_ARTICLE.sentences[1]]
    assert detail.article.title == "Armenia and Azerbaijan fight over [Nagorno-Karabakh]"
    assert detail.article.published == "2020-09-28"
    assert detail.article.source == "Test Wire"
    assert detail.cameo_root == "19"


def test_event_detail_has_the_sentence_casualties_and_quotes(store: EventStore) -> None:
    detail = store.event_detail(ids_by_trigger(store)["died"])
    assert detail is not None
    assert [(c.kind, c.count_min) for c in detail.casualties] == [("killed", 15)]
    quoted = [detail.sentence.text[s.start : s.end] for s in detail.quote_spans]
    assert quoted == ["We will fight to the death"]
    assert [s.text for s in detail.before] == [WAR_ARTICLE.sentences[5]]
    assert detail.after == ()


def test_event_detail_of_a_missing_event_is_none(store: EventStore) -> None:
    assert store.event_detail(10_000) is None


def test_side_counts_ignore_the_side_filter(store: EventStore) -> None:
    expected = {"Armenia": 2, "Azerbaijan": 4, OTHER_SIDE: 4}
    assert store.side_counts(ALL) == expected
    assert store.side_counts(EventFilter(sides=frozenset({"Armenia"}))) == expected
    assert store.side_counts(EventFilter(statuses=frozenset({"denied"}))) == {
        "Azerbaijan": 1,
        OTHER_SIDE: 0,
    }


def test_actor_counts_follow_the_filter_and_the_prefix(store: EventStore) -> None:
    counts = {actor.name: actor.events for actor in store.actor_counts(ALL)}
    assert counts == {
        "Azerbaijan": 3,
        "Armenia": 1,
        "Armenian forces": 1,
        "Terter": 1,
        "Donald Trump": 1,
        "Russia": 1,
    }
    armenian = EventFilter(sides=frozenset({"Armenia"}))
    assert {a.name: a.events for a in store.actor_counts(armenian)} == {
        "Armenia": 1,
        "Armenian forces": 1,
        "Azerbaijan": 1,
        "Terter": 1,
    }
    assert [a.name for a in store.actor_counts(ALL, prefix="arm")] == [
        "Armenia",
        "Armenian forces",
    ]
    # A word inside the name counts as a start; LIKE wildcards are plain characters.
    assert [a.name for a in store.actor_counts(ALL, prefix="forc")] == ["Armenian forces"]
    assert [a.name for a in store.actor_counts(ALL, prefix="TRUMP")] == ["Donald Trump"]
    assert store.actor_counts(ALL, prefix="%") == []
    assert store.actor_counts(ALL, prefix="_") == []
    assert [a.name for a in store.actor_counts(ALL, limit=1)] == ["Azerbaijan"]


def test_actor_counts_keep_chosen_actors_first(store: EventStore) -> None:
    russia = next(a for a in store.actor_counts(ALL) if a.name == "Russia")
    chosen = EventFilter(actor_ids=frozenset({russia.id}))
    listed = store.actor_counts(chosen, prefix="arm", include=chosen.actor_ids)
    assert [a.name for a in listed] == ["Russia", "Armenia", "Armenian forces"]
    assert listed[0].events == 1


def test_quotes_follow_the_filters(store: EventStore) -> None:
    quotes = store.quotes_after(ALL)
    assert [(q.speaker, q.speaker_side, q.cue, q.medium) for q in quotes] == [
        ("one", None, "added", None),
        ("Donald Trump", None, "said", "AFP"),
    ]
    for quote in quotes:
        assert quote.span is not None
        assert quote.sentence.text[quote.span.start : quote.span.end] == quote.text
        assert quote.article.title == WAR_ARTICLE.title
    trump = quotes[1].speaker_id
    assert trump is not None
    assert store.count_quotes(EventFilter(actor_ids=frozenset({trump}))) == 1
    assert store.count_quotes(EventFilter(sides=frozenset({"Armenia"}))) == 0
    assert store.count_quotes(EventFilter(sides=frozenset({OTHER_SIDE}))) == 2
    assert store.count_quotes(EventFilter(text="death")) == 1
    assert store.count_quotes(EventFilter(date_start="2020-09-29")) == 0
    assert store.count_quotes(EventFilter(date_start="2020-09-28", date_end="2020-09-28")) == 2


def test_quote_paging(store: EventStore) -> None:
    pages = QuotePages(store, ALL)
    first = pages.after(None, 1)
    second = pages.after(first[0], 1)
    assert [q.id for q in first + second] == [q.id for q in pages.at(0, 10)]
    assert pages.before(None, 1) == second
    assert pages.before(second[0], 5) == first


SEED_DAY = date(2020, 9, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, None)),
        ("2020-09", ("2020-09-01", "2020-09-30")),
        ("2020-09-27..2020-09-28", ("2020-09-27", "2020-09-28")),
        ("..2020-09", (None, "2020-09-30")),
        ("since 27 Sep 2020", ("2020-09-27", None)),
    ],
)
def test_parse_date_range(text: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_date_range(text, SEED_DAY) == expected


@pytest.mark.parametrize("text", ["2020-13", "2020-09-31", "'; drop", "2021..2020"])
def test_parse_date_range_rejects_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        parse_date_range(text, SEED_DAY)


def test_opening_a_missing_or_foreign_file_is_a_database_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no such database file"):
        EventStore(tmp_path / "missing.db")
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(DatabaseError, match="not an eventscope database"):
        EventStore(foreign)


def test_the_store_cannot_write(war_db: Path) -> None:
    events = EventStore(war_db)
    with events._connection() as conn, pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM events")
    events.close()


def test_seed_events_read_back_consistently(seed_db: Path) -> None:
    events = EventStore(seed_db)
    total = events.count_events()
    rows = events.events_at(ALL, 0, total + 1)
    assert len(rows) == total
    assert _walk_forward(EventPages(events, ALL), 3) == [row.id for row in rows]
    for row in rows:
        detail = events.event_detail(row.id)
        assert detail is not None
        if detail.trigger_span is not None:
            span = detail.trigger_span
            assert detail.sentence.text[span.start : span.end] == detail.trigger
    side_labels = {side.label for side in events.sides()}
    assert len(side_labels) >= 2
    counts = events.side_counts(ALL)
    for side in side_labels | {OTHER_SIDE}:
        assert counts.get(side, 0) == events.count_events(EventFilter(sides=frozenset({side})))
    events.close()


# Cancelling superseded queries

# Counts to a billion: a minute and more unless it is stopped.
ENDLESS = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 1000000000) "
    "SELECT count(*) FROM n"
)


def test_a_running_query_is_cancelled_from_another_thread(store: EventStore) -> None:
    running, stop = threading.Event(), threading.Event()
    outcome: list[object] = []

    def check() -> bool:
        running.set()
        return stop.is_set()

    def count() -> None:
        try:
            with cancelled_when(check):
                outcome.append(store._all(ENDLESS))
        except QueryCancelled as cancelled:
            outcome.append(cancelled)

    worker = threading.Thread(target=count, daemon=True)
    worker.start()
    assert running.wait(10)
    stop.set()
    worker.join(10)
    assert not worker.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], QueryCancelled)
    # The connection went back to the pool unwatched and still works.
    assert store.count_events() == 8


def test_a_query_asked_for_after_cancellation_does_not_run(store: EventStore) -> None:
    with cancelled_when(lambda: True), pytest.raises(QueryCancelled):
        store.count_events()
    with cancelled_when(lambda: False):
        assert store.count_events() == 8
        assert len(store.events_after(ALL, None, 100)) == 8


def test_cancellation_is_per_thread_and_keeps_other_errors(store: EventStore) -> None:
    inside, leave = threading.Event(), threading.Event()

    def cancelled_elsewhere() -> None:
        with cancelled_when(lambda: True):
            inside.set()
            leave.wait(10)

    worker = threading.Thread(target=cancelled_elsewhere, daemon=True)
    worker.start()
    assert inside.wait(10)
    assert store.count_events() == 8
    leave.set()
    worker.join(10)
    with cancelled_when(lambda: False), pytest.raises(sqlite3.OperationalError):
        store._all("SELECT * FROM no_such_table")
