"""The Actors and Articles views, drilling down from an actor, and the article reader (Pilot)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from apptest import SMALL, WIDE, bar, detail, lines, settle
from dbfactory import ARMENIA, AZERBAIJAN, WAR_ACTORS, ArticleSpec, EventSpec, build_database
from rich.segment import Segment
from textual.binding import Binding
from textual.widgets import ContentSwitcher, Static

from store.filters import EventFilter
from store.queries import EventStore
from tui.app import EventscopeApp
from tui.screens import ArticleReader, ArticleScreen, HelpScreen
from tui.widgets import (
    ActorList,
    ArticleList,
    ChoiceList,
    PagedList,
    QuoteList,
    Timeline,
)

LONG_SENTENCE = "The siege went on " + "and on " * 1425 + "until dawn."
HOSTILE_ARTICLE = ArticleSpec(
    title="[bold]Not bold[/bold] \x1b[31mnot red\x1b[0m",
    sentences=(
        "Azerbaijan attacked [bold]Stepanakert[/] on Monday, officials said.",
        "A caption read \x1b[31mred alert\x1b[0m and [link=https://x.test]click[/link].",
        LONG_SENTENCE,
        "Armenia rejected the claim.",
    ),
    actors=WAR_ACTORS,
    events=(
        EventSpec(
            0,
            "ASSAULT",
            "attacked",
            sources=("Azerbaijan",),
            date=("2020-09-28", "2020-09-28", "day", "on Monday"),
        ),
        EventSpec(3, "REJECT", "rejected", sources=("Armenia",)),
    ),
)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("views") / "hostile.db"
    return build_database(path, [HOSTILE_ARTICLE], sides=(ARMENIA, AZERBAIJAN))


def reader_segments(reader: ArticleReader) -> list[Segment]:
    height = reader.scrollable_content_region.height
    return [segment for y in range(height) for segment in reader.render_line(y)]


def seed_counts(seed_db: Path, name: str) -> tuple[int, int]:
    """An actor's events and quotes in the seed, counted here without the query API."""
    with sqlite3.connect(seed_db) as conn:
        return conn.execute(
            "SELECT (SELECT count(DISTINCT ea.event_id) FROM event_actors ea "
            "WHERE ea.actor_id = a.id), "
            "(SELECT count(*) FROM quotes q WHERE q.speaker_id = a.id) "
            "FROM actors a WHERE a.name = ?",
            [name],
        ).fetchone()


def row_of(paged_list: PagedList, words: str) -> int:
    """The index of the first visible row that starts with these words."""
    return next(index for index, line in enumerate(lines(paged_list)) if line.startswith(words))


async def test_v_and_shift_v_go_round_every_view(seed_db: Path) -> None:
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        switcher = app.query_one("#views", ContentSwitcher)
        seen = []
        for _ in range(4):
            await pilot.press("v")
            await settle(pilot)
            seen.append((switcher.current, switcher.border_title, type(app.focused)))
        assert seen == [
            ("quotes", "Quotes", QuoteList),
            ("actor-list", "Actors", ActorList),
            ("article-list", "Articles", ArticleList),
            ("timeline", "Timeline", Timeline),
        ]
        await pilot.press("V")
        await settle(pilot)
        assert switcher.current == "article-list"
        assert bar(app).startswith("1 of 1 articles")
        await pilot.press("V")
        await settle(pilot)
        assert switcher.current == "actor-list"
        await pilot.press("V", "V")
        await settle(pilot)
        assert switcher.current == "timeline"
        assert bar(app).startswith("24 of 24 events")


async def test_actors_view_lists_the_sides_states_with_their_counts(seed_db: Path) -> None:
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("v", "v")
        await settle(pilot)
        actor_list = app.query_one(ActorList)
        shown = lines(actor_list)
        for name in ("Azerbaijan", "Armenia"):
            events, quotes = seed_counts(seed_db, name)
            assert events > 0
            row = next(line for line in shown if line.split("  ")[0] == name)
            assert row.split()[-4:] == [str(events), "ev", str(quotes), "q"]
        # Most events first: Azerbaijan is named in more events of the seed than Armenia.
        assert shown[0].startswith("Azerbaijan ")
        assert shown[1].startswith("Armenia ")
        with sqlite3.connect(seed_db) as conn:
            active = conn.execute(
                "SELECT count(*) FROM actors a WHERE EXISTS "
                "(SELECT 1 FROM event_actors WHERE actor_id = a.id) OR EXISTS "
                "(SELECT 1 FROM quotes WHERE speaker_id = a.id)"
            ).fetchone()[0]
        assert bar(app).startswith(f"{active} of {active} actors")
        assert "Republic of Azerbaijan" in detail(app)
        assert "side Azerbaijan" in detail(app)


async def test_enter_on_an_actor_filters_the_timeline_by_it(seed_db: Path) -> None:
    events, _ = seed_counts(seed_db, "Armenia")
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("v", "v")
        await settle(pilot)
        actor_list = app.query_one(ActorList)
        actor_list.move_cursor(row_of(actor_list, "Armenia "))
        await pilot.press("enter")
        await settle(pilot)
        assert app.view == "timeline"
        assert app.focused is app.query_one(Timeline)
        assert bar(app).startswith(f"{events} of 24 events")
        assert "actors Armenia" in bar(app)
        assert "Armenia" in app.actor_names.values()
        pane_actors = app.query_one("#actors", ChoiceList)
        chosen = [
            str(pane_actors.get_option_at_index(index).prompt)
            for index in range(pane_actors.option_count)
            if "●" in str(pane_actors.get_option_at_index(index).prompt)
        ]
        assert len(chosen) == 1 and "Armenia" in chosen[0]
        # Enter again on the same actor keeps it chosen (drilling down only adds).
        await pilot.press("v", "v")
        await settle(pilot)
        actor_list.move_cursor(row_of(actor_list, "Armenia "))
        await pilot.press("enter")
        await settle(pilot)
        assert bar(app).startswith(f"{events} of 24 events")


async def test_listing_views_follow_the_filter(seed_db: Path) -> None:
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("v", "v")
        await settle(pilot)
        everyone = app.query_one(ActorList).row_count
        await pilot.press("slash", *"Pashinyan", "enter")
        await settle(pilot)
        actor_list = app.query_one(ActorList)
        assert app.focused is actor_list
        assert actor_list.row_count < everyone
        assert bar(app).startswith(f"{actor_list.row_count} of {everyone} actors")
        await pilot.press("v")
        await settle(pilot)
        article_list = app.query_one(ArticleList)
        assert bar(app).startswith("1 of 1 articles")
        assert "search “Pashinyan”" in bar(app)
        await pilot.press("slash", *"zzzz", "enter")
        await settle(pilot)
        assert bar(app).startswith("0 of 1 articles")
        assert "No article" in lines(article_list)[0]


async def test_articles_view_shows_the_seed_article(seed_db: Path) -> None:
    store = EventStore(seed_db)
    events, quotes = store.count_events(), store.count_quotes()
    store.close()
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("V")
        await settle(pilot)
        first = lines(app.query_one(ArticleList))[0]
        assert first.startswith("2020-09-28 Fighting between Armenia")
        assert "wire story quoting" in first
        assert first.split()[-4:] == [str(events), "ev", str(quotes), "q"]
        shown = detail(app)
        assert "Fighting between Armenia and Azerbaijan over Nagorno-Karabakh" in shown
        assert "2020-09-28 · wire story quoting AFP" in shown
        assert f"{events} events and {quotes} quotes under these filters" in shown


async def test_o_opens_the_article_at_the_event_with_its_highlights(seed_db: Path) -> None:
    store = EventStore(seed_db)
    rows = store.events_after(EventFilter(), None, 100)
    # The first event whose sentence names an actor of a side and has its trigger marked.
    index, found = next(
        (index, detail)
        for index, row in enumerate(rows)
        if (detail := store.event_detail(row.id)).trigger_span is not None
        and any(m.actor.side for m in detail.mentions)
        and index > 4
    )
    store.close()
    sentence = found.sentence.text
    trigger = sentence[found.trigger_span.start : found.trigger_span.end]
    mention = next(m for m in found.mentions if m.actor.side)
    named = sentence[mention.span.start : mention.span.end]
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.query_one(Timeline).move_cursor(index)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        reader = app.screen.query_one(ArticleReader)
        assert app.focused is reader
        shown = lines(reader)
        marked = [line[2:] for line in shown if line.startswith("▌")]
        assert " ".join(" ".join(marked).split()) == " ".join(sentence.split())
        segments = reader_segments(reader)
        reversed_words = "".join(s.text for s in segments if s.style and s.style.reverse)
        assert trigger in reversed_words
        colour = app.colours[mention.actor.side]
        coloured = "".join(
            s.text for s in segments if s.style and s.style.color and s.style.color.name == colour
        )
        assert named in coloured
        head = str(app.screen.query_one("#reader-head", Static).render())
        assert "Fighting between Armenia and Azerbaijan" in head
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ArticleScreen)
        assert app.focused is app.query_one(Timeline)
        assert app.query_one(Timeline).cursor == index


async def test_o_on_a_quote_marks_its_sentence_and_q_closes(seed_db: Path) -> None:
    app = EventscopeApp(seed_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("v", "j", "j")
        await settle(pilot)
        quote = app.query_one(QuoteList).current_row
        await pilot.press("o")
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        marked = [line[2:] for line in lines(reader) if line.startswith("▌")]
        assert " ".join(quote.sentence.text.split()) == " ".join(" ".join(marked).split())
        italic = "".join(s.text for s in reader_segments(reader) if s.style and s.style.italic)
        assert " ".join(quote.text.split()[:3]) in " ".join(italic.split())
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running
        assert app.focused is app.query_one(QuoteList)


async def test_enter_on_an_article_reads_it_from_the_top(seed_db: Path) -> None:
    store = EventStore(seed_db)
    first = store.article_text(1).sentences[0].sentence.text
    store.close()
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("V", "enter")
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        assert reader.scroll_y == 0
        shown = lines(reader)
        assert " ".join(shown[0].split()) in first
        assert not any(line.startswith("▌") for line in shown)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is app.query_one(ArticleList)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)


async def test_reader_shows_hostile_text_literally_and_wraps_a_huge_sentence(
    hostile_db: Path,
) -> None:
    app = EventscopeApp(hostile_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("V", "enter")
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        width = reader.scrollable_content_region.width
        shown = "\n".join(lines(reader))
        assert "Azerbaijan attacked [bold]Stepanakert[/] on Monday" in shown
        assert "\x1b" not in shown
        assert "␛[31mred alert␛[0m and [link=https://x.test]click[/link]." in shown
        head = str(app.screen.query_one("#reader-head", Static).render())
        assert "[bold]Not bold[/bold] ␛[31mnot red␛[0m" in head
        wrapped = reader.wrapped
        assert wrapped is not None
        # The long sentence folds into many lines, none wider than the reader.
        assert len(wrapped.lines) > len(LONG_SENTENCE) // width
        assert all(line.cell_len <= width - 2 for line in wrapped.lines)
        await pilot.press("G")
        await settle(pilot)
        assert "Armenia rejected the claim." in "\n".join(lines(reader))


async def test_reader_keys_scroll(hostile_db: Path) -> None:
    app = EventscopeApp(hostile_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("V", "enter")
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        height = reader.scrollable_content_region.height
        await pilot.press("j", "j", "down")
        assert reader.scroll_y == 3
        await pilot.press("k", "up")
        assert reader.scroll_y == 1
        await pilot.press("space")
        assert reader.scroll_y == 1 + height
        await pilot.press("b")
        assert reader.scroll_y == 1
        await pilot.press("pagedown", "pagedown", "pageup")
        assert reader.scroll_y == 1 + height
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y > 0
        await pilot.press("g")
        assert reader.scroll_y == 0
        await pilot.press("end", "home")
        assert reader.scroll_y == 0
        # The app's own keys do not reach the screen underneath.
        await pilot.press("v", "c", "slash")
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.view == "article-list"


async def test_reader_keeps_its_place_when_the_terminal_is_resized(hostile_db: Path) -> None:
    app = EventscopeApp(hostile_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        assert lines(reader)[0].startswith("▌ Azerbaijan attacked")
        await pilot.press("space", "space")
        top = reader.wrapped.line_starts[round(reader.scroll_y)]
        assert top[0] == 2 and top[1] > 0, "the top line is inside the long sentence"
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        wrapped = reader.wrapped
        assert wrapped.width == reader.scrollable_content_region.width - 2
        line = round(reader.scroll_y)
        # The character that began the top line is still on the top line.
        assert wrapped.line_starts[line] <= top < wrapped.line_starts[line + 1]


async def test_help_lists_the_view_and_reader_keys(seed_db: Path) -> None:
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(static.render()) for static in app.screen.query(Static))
        for words in (
            "Next view: timeline, quotes, actors, articles",
            "Previous view",
            "Read the whole article",
            "Actors and Articles",
            "Its events",
            "Article reader",
            "Page down",
            "Beginning",
        ):
            assert words in shown, words


def test_every_new_binding_has_an_id() -> None:
    for owner in (ActorList, ArticleList, ArticleReader, ArticleScreen):
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, (owner, binding)
    ids = {binding.id for binding in EventscopeApp.BINDINGS}
    assert {"app.switch_view", "app.previous_view", "app.open_article"} <= ids
