"""The app driven by keys (Textual's Pilot): timeline, filters, search, detail, quotes, help."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest import SMALL, WIDE, bar, detail, lines, settle
from dbfactory import WAR_ARTICLE
from textual.binding import Binding
from textual.widgets import Input, Static

from store.filters import EventFilter
from store.queries import EventStore
from tui.app import EventscopeApp
from tui.screens import HelpScreen
from tui.widgets import ChoiceList, DetailPane, PagedList, QuoteList, Timeline
from tui.widgets._filter_pane import FilterPane


async def test_first_screen_shows_seed_events(seed_db: Path) -> None:
    store = EventStore(seed_db)
    total = store.count_events()
    first = store.events_after(EventFilter(), None, 1)
    store.close()
    assert total > 0, "the seed gives no events"
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        timeline = app.query_one(Timeline)
        assert timeline.row_count == total
        assert bar(app).startswith(f"{total} of {total} events")
        heading, top = lines(timeline)[:2]
        assert " · " in heading and heading.endswith("─"), "the first line is a day heading"
        assert first[0].event_type in top
        assert app.focused is timeline


async def test_detail_pane_shows_the_focused_seed_sentence(seed_db: Path) -> None:
    store = EventStore(seed_db)
    rows = store.events_after(EventFilter(), None, 2)
    sentences = [store.event_detail(row.id).sentence.text for row in rows]
    store.close()
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert sentences[0] in " ".join(detail(app).split("\n"))
        if len(rows) > 1:
            await pilot.press("j")
            await settle(pilot)
            assert sentences[1] in " ".join(detail(app).split("\n"))


async def test_j_k_g_G_and_pages_move_the_cursor(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        timeline = app.query_one(Timeline)
        assert timeline.cursor == 0
        await pilot.press("j", "j", "down")
        assert timeline.cursor == 3
        await pilot.press("k", "up")
        assert timeline.cursor == 1
        await pilot.press("G")
        assert timeline.cursor == 7
        await pilot.press("j")
        assert timeline.cursor == 7
        await pilot.press("g")
        assert timeline.cursor == 0
        await pilot.press("pagedown")
        assert timeline.cursor > 1
        await pilot.press("pageup")
        assert timeline.cursor == 0
        await pilot.press("end")
        assert timeline.cursor == 7
        await settle(pilot)
        assert "Officials said 15 servicemen died in shelling" in detail(app)


async def test_number_keys_toggle_sides(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        timeline = app.query_one(Timeline)
        assert bar(app).startswith("8 of 8 events")
        before = lines(timeline)
        await pilot.press("1")
        await settle(pilot)
        assert bar(app).startswith("2 of 8 events")
        assert "sides Armenia" in bar(app)
        # Day headings end in a rule; the rest are events.
        shown = [line for line in lines(timeline) if line.strip() and not line.endswith("─")]
        assert len(shown) == 2
        assert all("Armenia" in line for line in shown)
        assert lines(timeline) != before
        await pilot.press("3")
        await settle(pilot)
        assert bar(app).startswith("6 of 8 events")
        assert "sides Armenia, other" in bar(app)
        await pilot.press("1", "3")
        await settle(pilot)
        assert bar(app).startswith("8 of 8 events")
        assert "sides" not in bar(app)


async def test_side_list_shows_counts_and_toggles_with_enter(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        sides = app.query_one("#sides", ChoiceList)
        prompts = [str(sides.get_option_at_index(i).prompt) for i in range(sides.option_count)]
        assert [p.split()[2] for p in prompts] == ["Armenia", "Azerbaijan", "other"]
        assert [p.split()[-1] for p in prompts] == ["2", "4", "4"]
        sides.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert bar(app).startswith("4 of 8 events")
        assert "sides Azerbaijan" in bar(app)


async def test_detail_pane_shows_sentence_article_and_claimant(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        await settle(pilot)
        shown = detail(app)
        assert WAR_ARTICLE.sentences[0] in shown
        assert "Claimed by Azerbaijan's defence ministry" in shown
        assert "Armenia and Azerbaijan fight over [Nagorno-Karabakh]" in shown
        assert "2020-09-28 · Test Wire" in shown
        assert "ASSAULT" in shown


async def test_slash_searches_and_escape_steps_back(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        search = app.query_one("#search", Input)
        assert search.display and app.focused is search
        await pilot.press(*"shelling", "enter")
        await settle(pilot)
        assert bar(app).startswith("3 of 8 events")
        assert "search “shelling”" in bar(app)
        assert not search.display
        assert app.focused is app.query_one(Timeline)
        await pilot.press("escape")
        await settle(pilot)
        assert bar(app).startswith("8 of 8 events")


async def test_search_text_with_markup_and_fts_syntax_is_safe(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'[bold]Stepanakert[/] (see "', "enter")
        await settle(pilot)
        assert bar(app).startswith("1 of 8 events")
        assert "[bold]Stepanakert[/]" in bar(app)
        assert "[bold]Stepanakert[/]" in lines(app.query_one(Timeline))[1]
        assert "attacked [bold]Stepanakert[/]" in detail(app)


async def test_actor_list_narrows_and_filters(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.query_one("#actor-prefix", Input).focus()
        await pilot.press(*"ter")
        await settle(pilot)
        actors = app.query_one("#actors", ChoiceList)
        assert actors.option_count == 1
        await pilot.press("enter")
        assert app.focused is actors
        await pilot.press("enter")
        await settle(pilot)
        assert bar(app).startswith("1 of 8 events")
        assert "actors Terter" in bar(app)
        assert "●" in str(actors.get_option_at_index(0).prompt)
        await pilot.press("c")
        await settle(pilot)
        assert bar(app).startswith("8 of 8 events")


async def test_date_range_filters_and_reports_mistakes(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.query_one("#date-range", Input).focus()
        await pilot.press(*"2020-09-27", "enter")
        await settle(pilot)
        assert bar(app).startswith("3 of 8 events")
        assert "dates 2020-09-27..2020-09-27" in bar(app)
        await pilot.press(*"x", "enter")
        await settle(pilot)
        error = app.query_one("#date-error", Static)
        assert error.display and "'2020-09-27x'" in str(error.content)
        assert bar(app).startswith("3 of 8 events")


async def test_quotes_view(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        quotes = app.query_one(QuoteList)
        assert app.focused is quotes
        assert bar(app).startswith("2 of 2 quotes")
        assert lines(quotes)[0].startswith("one added: “We will fight to the death”")
        assert "Donald Trump said (AFP): “would try to end the violence”" in lines(quotes)[1]
        assert WAR_ARTICLE.sentences[6] in detail(app)
        await pilot.press("j")
        await settle(pilot)
        assert WAR_ARTICLE.sentences[2] in detail(app)
        await pilot.press("V")
        await settle(pilot)
        assert bar(app).startswith("8 of 8 events")


async def test_tab_moves_between_panes(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.focused is app.query_one(Timeline)
        await pilot.press("tab")
        assert app.focused is app.query_one(DetailPane)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused.id == "date-range"
        await pilot.press("escape")
        assert app.focused is app.query_one(Timeline)


async def test_help_lists_every_key_and_closes(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(static.render()) for static in app.screen.query(Static))
        for description in ("Search", "Toggle side N", "1…9", "Last", "Quit", "Focus Next"):
            assert description in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_every_binding_has_an_id_and_keymaps_apply(war_db: Path) -> None:
    for owner in (EventscopeApp, PagedList, ChoiceList, HelpScreen):
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, (owner, binding)
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        app.set_keymap({"list.down": "n"})
        await settle(pilot)
        await pilot.press("n")
        assert app.query_one(Timeline).cursor == 1


async def test_q_quits(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_missing_database_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    app = EventscopeApp(tmp_path / "nowhere.db")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        problem = app.query_one("#problem", Static)
        assert problem.display
        assert "no such database file" in str(problem.content)
        assert not app.query_one("#views").display
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a database at all, just some text" * 100, "not a database"),
        (b"", "not an eventscope database"),
    ],
)
async def test_an_unusable_file_is_a_message(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    app = EventscopeApp(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        problem = app.query_one("#problem", Static)
        assert problem.display
        assert reason in str(problem.content)


async def test_small_terminal_and_resizing_keep_rows_and_bar(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        timeline = app.query_one(Timeline)
        assert app.screen.has_class("-narrow")
        assert "1990s" in lines(timeline)[0]
        assert app.query_one(FilterPane).outer_size.width == 26
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        assert app.screen.has_class("-wide")
        assert "1990s" in lines(timeline)[0]
        assert bar(app).startswith("8 of 8 events")


async def test_f_hides_and_shows_the_filter_pane(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        timeline = app.query_one(Timeline)
        narrow = timeline.size.width
        app.query_one("#actor-prefix", Input).focus()
        await pilot.press("escape", "f")
        await settle(pilot)
        assert not app.query_one(FilterPane).display
        assert timeline.size.width > narrow
        assert app.focused is timeline
        await pilot.press("f")
        await settle(pilot)
        assert app.query_one(FilterPane).display
        assert timeline.size.width == narrow
