"""The Actors and Articles views' queries and the reader's article text, on small databases."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from dbfactory import (
    ARMENIA,
    AZERBAIJAN,
    WAR_ACTORS,
    WAR_ARTICLE,
    ArticleSpec,
    EventSpec,
    QuoteSpec,
    build_database,
)

from store.extract.records import Actor
from store.filters import EventFilter
from store.listing import ActorPages, ArticlePages, _SentenceCutter
from store.queries import EventStore, SentenceText

CEASEFIRE_ARTICLE = ArticleSpec(
    title="Russia brokers a ceasefire",
    published="2020-10-10",
    sentences=(
        "Russia brokered a ceasefire between Armenia and Azerbaijan on Saturday.",
        "Armenia said “the ceasefire is holding” after a quiet night.",
    ),
    actors=(
        *(actor for actor in WAR_ACTORS if actor.name != "Russia"),
        Actor("Russia", "state", "RUS", aliases=("Russian Federation", "Moscow")),
    ),
    events=(
        EventSpec(
            0,
            "AGREE",
            "brokered a ceasefire",
            sources=("Russia",),
            targets=("Armenia", "Azerbaijan"),
            date=("2020-10-10", "2020-10-10", "day", "on Saturday"),
        ),
    ),
    quotes=(QuoteSpec(1, "the ceasefire is holding", "Armenia"),),
)
QUIET_ARTICLE = ArticleSpec(
    title="A quiet day",
    published="2020-09-01",
    sentences=("Nothing of note happened.",),
)
UNDATED_ARTICLE = ArticleSpec(
    title="Undated notes",
    published=None,
    sentences=("Russia said “talks will go on” in a statement.",),
    actors=WAR_ACTORS,
    quotes=(QuoteSpec(0, "talks will go on", "Russia"),),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("listing") / "war.db"
    build_database(
        path,
        [WAR_ARTICLE, CEASEFIRE_ARTICLE, QUIET_ARTICLE, UNDATED_ARTICLE],
        sides=(ARMENIA, AZERBAIJAN),
    )
    opened = EventStore(path)
    yield opened
    opened.close()


def actors(store: EventStore, f: EventFilter) -> list[tuple[str, int, int]]:
    return [(row.name, row.events, row.quotes) for row in store.actors_after(f, None, 100)]


def articles(store: EventStore, f: EventFilter) -> list[tuple[str | None, int, int]]:
    return [(row.title, row.events, row.quotes) for row in store.articles_after(f, None, 100)]


# Actors


def test_every_actor_with_an_event_or_a_quote_most_events_first(store: EventStore) -> None:
    assert actors(store, EventFilter()) == [
        ("Azerbaijan", 4, 0),
        ("Armenia", 2, 1),
        ("Russia", 2, 1),
        ("Armenian forces", 1, 0),
        ("Donald Trump", 1, 1),
        ("Terter", 1, 0),
    ]
    # A claimant only, named in no event's roles and quoting nobody: not listed.
    assert "Azerbaijan's defence ministry" not in {
        name for name, _, _ in actors(store, EventFilter())
    }
    assert store.count_actors(EventFilter()) == 6


def test_actor_rows_carry_kind_side_country_and_aliases(store: EventStore) -> None:
    rows = {row.name: row for row in store.actors_after(EventFilter(), None, 100)}
    assert (rows["Terter"].kind, rows["Terter"].side, rows["Terter"].country) == (
        "group",
        "Azerbaijan",
        "AZE",
    )
    assert rows["Russia"].side is None
    assert rows["Russia"].aliases == ("Moscow", "Russian Federation")
    assert rows["Donald Trump"].aliases == ()


def test_actors_follow_a_side_filter_through_their_events(store: EventStore) -> None:
    # Events with an actor on Armenia's side bring the other actors of those events along;
    # quotes count only when the speaker is on the side.
    assert actors(store, EventFilter(sides=frozenset({"Armenia"}))) == [
        ("Armenia", 2, 1),
        ("Azerbaijan", 2, 0),
        ("Armenian forces", 1, 0),
        ("Russia", 1, 0),
        ("Terter", 1, 0),
    ]


def test_actors_follow_search_dates_and_actor_filters(store: EventStore) -> None:
    assert actors(store, EventFilter(text="shelling")) == [("Azerbaijan", 2, 0), ("Armenia", 1, 0)]
    assert actors(store, EventFilter(date_start="2020-10-01")) == [
        ("Armenia", 1, 1),
        ("Azerbaijan", 1, 0),
        ("Russia", 1, 0),
    ]
    trump = next(
        r for r in store.actors_after(EventFilter(), None, 100) if r.name == "Donald Trump"
    )
    assert actors(store, EventFilter(actor_ids=frozenset({trump.id}))) == [("Donald Trump", 1, 1)]
    assert actors(store, EventFilter(text="nothing-like-this")) == []
    assert store.count_actors(EventFilter(text="nothing-like-this")) == 0


def test_event_only_filters_leave_quotes_unfiltered_as_the_quotes_view_does(
    store: EventStore,
) -> None:
    assert actors(store, EventFilter(event_types=frozenset({"REQUEST"}))) == [
        ("Russia", 1, 1),
        ("Armenia", 0, 1),
        ("Donald Trump", 0, 1),
    ]


# Articles


def test_every_article_latest_first_undated_last(store: EventStore) -> None:
    assert articles(store, EventFilter()) == [
        ("Russia brokers a ceasefire", 1, 1),
        ("Armenia and Azerbaijan fight over [Nagorno-Karabakh]", 8, 2),
        ("A quiet day", 0, 0),
        ("Undated notes", 0, 1),
    ]
    assert store.count_articles(EventFilter()) == 4
    first = store.articles_after(EventFilter(), None, 1)[0]
    assert (first.published, first.source, first.url) == ("2020-10-10", "Test Wire", None)


def test_articles_with_matching_events_or_quotes_counted_under_the_filter(
    store: EventStore,
) -> None:
    assert articles(store, EventFilter(sides=frozenset({"Armenia"}))) == [
        ("Russia brokers a ceasefire", 1, 1),
        ("Armenia and Azerbaijan fight over [Nagorno-Karabakh]", 2, 0),
    ]
    assert articles(store, EventFilter(text="ceasefire")) == [
        ("Russia brokers a ceasefire", 1, 1),
        ("Armenia and Azerbaijan fight over [Nagorno-Karabakh]", 1, 0),
    ]
    assert store.count_articles(EventFilter(text="ceasefire")) == 2
    # "on Monday" and "in September" reach 28 September; a quote's date is its article's, and
    # the undated article's quote has none.
    assert articles(store, EventFilter(date_start="2020-09-28")) == [
        ("Russia brokers a ceasefire", 1, 1),
        ("Armenia and Azerbaijan fight over [Nagorno-Karabakh]", 2, 2),
    ]
    assert articles(store, EventFilter(text="!!!")) == []


# Paging by key


def many_actors_article() -> ArticleSpec:
    """23 groups with 0 to 3 events each and a quote from every fifth: ties all the way."""
    names = [f"Group {number:02d}" for number in range(23)]
    sentences: list[str] = []
    events: list[EventSpec] = []
    quotes: list[QuoteSpec] = []
    for number, name in enumerate(names):
        for time in range(number % 4):
            events.append(EventSpec(len(sentences), "ASSAULT", "attacked", sources=(name,)))
            sentences.append(f"{name} attacked village {time}.")
        if number % 5 == 0:
            quotes.append(QuoteSpec(len(sentences), "we are here", name))
            sentences.append(f"{name} said “we are here” at dawn.")
    return ArticleSpec(
        sentences=tuple(sentences),
        actors=tuple(Actor(name, "group") for name in names),
        events=tuple(events),
        quotes=tuple(quotes),
    )


DATES = ["2020-01-02", None, "2020-01-01", "2020-01-02", None, "2020-01-03", "2020-01-01"]


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("listing") / "crowded.db"
    specs = [many_actors_article()]
    for number in range(13):
        specs.append(
            ArticleSpec(
                title=f"Article {number}",
                published=DATES[number % len(DATES)],
                sentences=(f"Group 01 attacked town {number}.",),
                actors=(Actor("Group 01", "group"),),
                events=(EventSpec(0, "ASSAULT", "attacked", sources=("Group 01",)),)
                if number % 3
                else (),
            )
        )
    build_database(path, specs)
    opened = EventStore(path)
    yield opened
    opened.close()


def walk_forward(after: Callable, limit: int) -> list:
    rows: list = []
    while page := after(rows[-1] if rows else None, limit):
        rows += page
    return rows


def walk_backward(before: Callable, limit: int) -> list:
    rows: list = []
    while page := before(rows[0] if rows else None, limit):
        rows = page + rows
    return rows


@pytest.mark.parametrize("f", [EventFilter(), EventFilter(text="attacked")])
@pytest.mark.parametrize("limit", [1, 4, 7, 100])
def test_actor_pages_forward_and_back_are_the_whole_ordered_list(
    crowded: EventStore, f: EventFilter, limit: int
) -> None:
    pages = ActorPages(crowded, f)
    everything = pages.at(0, 1000)
    expected = sorted(everything, key=lambda row: (-row.events, row.name, row.id))
    assert everything == expected
    assert len(everything) == pages.count()
    assert walk_forward(pages.after, limit) == everything
    assert walk_backward(pages.before, limit) == everything
    assert pages.at(5, 3) == everything[5:8]


def test_actor_pages_hold_the_groups_expected(crowded: EventStore) -> None:
    rows = ActorPages(crowded, EventFilter()).at(0, 1000)
    by_name = {row.name: (row.events, row.quotes) for row in rows}
    # Group 01 attacks once in the crowded article and once in each of eight others.
    assert by_name["Group 01"] == (1 + 8, 0)
    assert by_name["Group 03"] == (3, 0)
    assert by_name["Group 05"] == (1, 1)
    # Group 00 and 20 have no event but a quote; 04, 08, 12, 16 have neither.
    assert by_name["Group 00"] == (0, 1)
    assert "Group 04" not in by_name
    assert len(rows) == 23 - 4


@pytest.mark.parametrize("f", [EventFilter(), EventFilter(text="attacked")])
@pytest.mark.parametrize("limit", [1, 3, 5, 100])
def test_article_pages_forward_and_back_are_the_whole_ordered_list(
    crowded: EventStore, f: EventFilter, limit: int
) -> None:
    pages = ArticlePages(crowded, f)
    everything = pages.at(0, 1000)
    dated = sorted((row for row in everything if row.published), key=lambda row: row.id)
    dated.sort(key=lambda row: row.published, reverse=True)
    undated = sorted((row for row in everything if not row.published), key=lambda row: row.id)
    assert everything == dated + undated
    assert len(everything) == pages.count()
    assert walk_forward(pages.after, limit) == everything
    assert walk_backward(pages.before, limit) == everything
    assert pages.at(2, 4) == everything[2:6]


def test_article_pages_under_a_filter_keep_only_matching_articles(crowded: EventStore) -> None:
    group = next(r for r in ActorPages(crowded, EventFilter()).at(0, 100) if r.name == "Group 01")
    rows = ArticlePages(crowded, EventFilter(actor_ids=frozenset({group.id}))).at(0, 100)
    titles = {row.title for row in rows}
    assert titles == {f"Article {n}" for n in range(13) if n % 3} | {"A test article"}
    assert all(row.events == 1 for row in rows)


# The reader


def test_article_text_has_every_sentence_with_its_spans(store: EventStore) -> None:
    war = next(r for r in store.articles_after(EventFilter(), None, 10) if r.events == 8)
    article = store.article_text(war.id)
    assert article is not None
    assert article.article.title == WAR_ARTICLE.title
    assert [item.sentence.text for item in article.sentences] == list(WAR_ARTICLE.sentences)
    # Sentences of the factory's articles are blank-line separated paragraphs.
    assert [item.paragraph for item in article.sentences] == list(range(7))
    assert all(item.starts_line for item in article.sentences)
    first = article.sentences[0]
    text = first.sentence.text

    def words(span) -> str:
        return text[span.start : span.end]

    assert [(words(m.span), m.actor.name, m.actor.side) for m in first.mentions] == [
        ("Azerbaijan’s defence ministry", "Azerbaijan's defence ministry", "Azerbaijan"),
        ("Armenian forces", "Armenian forces", "Armenia"),
        ("Terter", "Terter", "Azerbaijan"),
    ]
    assert [words(span) for span in first.triggers] == ["attacking"]
    assert [words(span) for span in first.dates] == ["on Monday"]
    assert first.quotes == ()
    second = article.sentences[1]
    assert sorted(second.sentence.text[s.start : s.end] for s in second.triggers) == [
        "accused",
        "shelling",
    ]
    last = article.sentences[6]
    assert [last.sentence.text[s.start : s.end] for s in last.quotes] == [
        "We will fight to the death"
    ]


def test_event_source_and_missing_articles(store: EventStore) -> None:
    event = store.events_after(EventFilter(text="brokered"), None, 1)[0]
    article_id, sentence_id = store.event_source(event.id)
    article = store.article_text(article_id)
    assert article.article.title == "Russia brokers a ceasefire"
    assert [item.sentence.id for item in article.sentences][0] == sentence_id
    assert store.event_source(10_000) is None
    assert store.article_text(10_000) is None


def test_spans_over_several_sentences_are_cut_to_each() -> None:
    sentences = [
        SentenceText(1, 0, 0, 10, "One two.  ", "body"),
        SentenceText(2, 1, 12, 20, "Three ok", "body"),
        SentenceText(3, 2, 22, 30, "Four six", "body"),
    ]
    cutter = _SentenceCutter(sentences)
    assert list(cutter.cut(4, 16)) == [(0, 4, 10), (1, 0, 4)]
    assert list(cutter.cut(10, 12)) == []
    assert list(cutter.cut(0, 30)) == [(0, 0, 10), (1, 0, 8), (2, 0, 8)]
    assert list(cutter.cut(None, 5)) == []
