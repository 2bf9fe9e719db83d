"""The app's filters by kind, search steps, export, command palette, refresh and settings."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from apptest import WIDE, bar, settle
from dbfactory import (
    WAR_ACTORS,
    WAR_ARTICLE,
    ArticleSpec,
    EventSpec,
)
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, Static

from store.database import open_for_writing
from store.filters import EventFilter
from store.queries import EventStore
from store.sources import SourceArticle
from store.writer import text_sha256, write_article
from tui.app import EventscopeApp
from tui.screens import ExportScreen
from tui.widgets import ChoiceList, DetailPane, QuoteList, Timeline
from tui.widgets._text import SEARCH_STYLE, mark_search_words


def count(db: Path, f: EventFilter) -> int:
    store = EventStore(db)
    try:
        return store.count_events(f)
    finally:
        store.close()


def option_ids(choices: ChoiceList) -> list[str | None]:
    return [choices.get_option_at_index(i).id for i in range(choices.option_count)]


async def choose_kind(app: EventscopeApp, pilot, option_id: str) -> None:
    kinds = app.query_one("#kinds", ChoiceList)
    kinds.focus()
    kinds.highlighted = option_ids(kinds).index(option_id)
    await pilot.press("enter")
    await settle(pilot)


async def test_kinds_list_types_statuses_and_modalities_with_counts(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        kinds = app.query_one("#kinds", ChoiceList)
        ids = option_ids(kinds)
        # Headings (no id) separate the fields; the most frequent type comes first.
        assert ids[1] == "event_types:ASSAULT"
        for expected in ("statuses:claimed", "statuses:denied", "modalities:historical"):
            assert expected in ids
        assault = kinds.get_option_at_index(1).prompt
        assault_count = count(war_db, EventFilter(event_types=frozenset({"ASSAULT"})))
        assert str(assault_count) in str(assault)


async def test_choosing_a_type_and_a_status_filters_and_shows_in_the_bar(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await choose_kind(app, pilot, "event_types:ASSAULT")
        assaults = EventFilter(event_types=frozenset({"ASSAULT"}))
        assert app.filter == assaults
        assert bar(app).startswith(f"{count(war_db, assaults)} of ")
        assert "types ASSAULT" in bar(app)
        await choose_kind(app, pilot, "statuses:claimed")
        claimed_assaults = EventFilter(
            event_types=frozenset({"ASSAULT"}), statuses=frozenset({"claimed"})
        )
        assert app.filter == claimed_assaults
        assert app.query_one(Timeline).row_count == count(war_db, claimed_assaults) == 2
        # Choosing again undoes it; c clears everything.
        await choose_kind(app, pilot, "statuses:claimed")
        assert app.filter == assaults
        app.query_one(Timeline).focus()
        await pilot.press("c")
        await settle(pilot)
        assert app.filter.is_empty


async def test_h_hides_historical_background_and_shows_it_again(war_db: Path) -> None:
    total = count(war_db, EventFilter())
    historical = count(war_db, EventFilter(modalities=frozenset({"historical"})))
    assert historical == 1
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert app.query_one(Timeline).row_count == total - historical
        assert "no historical background" in bar(app)
        assert "modality" not in bar(app)
        await pilot.press("h")
        await settle(pilot)
        assert app.query_one(Timeline).row_count == total
        assert "historical" not in bar(app)


async def test_export_writes_the_filtered_view_and_says_where(war_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "claimed.csv"
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await choose_kind(app, pilot, "statuses:claimed")
        app.query_one(Timeline).focus()
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        messages = [notification.message for notification in app._notifications]
        assert any(f"Wrote 2 events to {target}" in message for message in messages), messages
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["status"] for row in rows] == ["claimed", "claimed"]
    # Every row names its source sentence and article.
    assert rows[0]["sentence"].startswith("Armenia accused Azerbaijan of shelling")
    assert rows[0]["article_title"] == WAR_ARTICLE.title


async def test_export_refuses_an_unknown_extension_and_escape_cancels(
    war_db: Path, tmp_path: Path
) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        app.screen.query_one(Input).value = str(tmp_path / "events.xlsx")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        error = app.screen.query_one("#export-error", Static)
        assert error.display and ".csv, .json or .jsonl" in str(error.render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    assert list(tmp_path.iterdir()) == []


async def test_n_and_N_step_through_search_hits(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert any("No search yet" in n.message for n in app._notifications)
        assert app.query_one(Timeline).cursor == 0
        await pilot.press("slash", *"shelling", "enter")
        await settle(pilot)
        timeline = app.query_one(Timeline)
        # Two sentences: one with an accusation and a shelling, one with a shelling.
        assert timeline.row_count == 3
        await pilot.press("n", "n")
        assert timeline.cursor == 2
        await pilot.press("n")
        assert timeline.cursor == 2
        assert any("last match of “shelling”" in n.message for n in app._notifications)
        await pilot.press("N")
        assert timeline.cursor == 1


async def test_command_palette_offers_every_action_and_each_side(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        for title in (
            "Export (x)",
            "Export to JSON",
            "Search (/)",
            "Clear (c)",
            "Refresh (r / ^r)",
            "Historical (h)",
            "Toggle side Armenia (1)",
            "Toggle side other (3)",
        ):
            assert title in commands, sorted(commands)
        commands["Toggle side Azerbaijan (2)"].callback()
        await settle(pilot)
        assert app.filter.sides == {"Azerbaijan"}


async def test_keymap_and_theme_from_the_config(war_db: Path) -> None:
    app = EventscopeApp(
        war_db, keymap={"list.down": "ctrl+n", "app.nonsense": "z"}, theme="textual-light"
    )
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        assert app.query_one(Timeline).cursor == 1
        assert app.theme == "textual-light"
        messages = " ".join(n.message for n in app._notifications)
        assert "app.nonsense" in messages
        assert "Refresh (r / ^r)" in {
            command.title for command in app.get_system_commands(app.screen)
        }


async def test_an_unknown_theme_is_a_warning_not_a_crash(war_db: Path) -> None:
    app = EventscopeApp(war_db, theme="no-such-theme")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "no theme is called 'no-such-theme'" in " ".join(
            n.message for n in app._notifications
        )


async def test_refresh_shows_articles_loaded_while_the_app_is_open(
    war_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "growing.db"
    shutil.copy(war_db, db)
    before = count(db, EventFilter())
    app = EventscopeApp(db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.query_one(Timeline).row_count == before
        later = ArticleSpec(
            title="Later news",
            sentences=("Azerbaijan shelled Armenian forces on Tuesday.",),
            actors=WAR_ACTORS,
            events=(EventSpec(0, "ASSAULT", "shelled", sources=("Azerbaijan",)),),
        )
        _append_article(db, later)
        await pilot.press("r")
        await settle(pilot)
        assert app.query_one(Timeline).row_count == before + 1
        assert any("+1 events" in n.message for n in app._notifications)


def _append_article(db: Path, spec: ArticleSpec) -> None:
    from dbfactory import _extraction

    text, extraction = _extraction(spec)
    conn = open_for_writing(db).conn
    try:
        article = SourceArticle(
            text=text,
            title=spec.title,
            published=spec.published,
            source=spec.source,
            url=None,
            path="later.txt",
            external_id=None,
        )
        write_article(conn, article, extraction, text_sha256(text))
    finally:
        conn.close()


async def test_picking_an_actor_in_the_detail_pane_filters_by_it(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        # Past the 1990s war and Russia's call, Sunday's accusation: Armenia -> Azerbaijan.
        await pilot.press("j", "j")
        await settle(pilot)
        pane = app.query_one(DetailPane)
        assert [actor.name for actor in pane.actors][:2] == ["Armenia", "Azerbaijan"]
        assert pane.border_subtitle == ""
        await pilot.press("tab")
        assert app.focused is pane
        assert pane.border_subtitle == "←/→ pick an actor to filter by"
        await pilot.press("right", "right")
        assert pane.picked is not None and pane.picked.name == "Azerbaijan"
        assert "enter filters by Azerbaijan" in pane.border_subtitle
        await pilot.press("enter")
        await settle(pilot)
        azerbaijan = pane.actors[1].id
        assert app.filter == EventFilter(actor_ids=frozenset({azerbaijan}))
        assert "actors Azerbaijan" in bar(app)
        assert app.focused is app.query_one(Timeline)
        expected = count(war_db, EventFilter(actor_ids=frozenset({azerbaijan})))
        assert app.query_one(Timeline).row_count == expected


async def test_clicking_an_actor_in_the_detail_pane_filters_by_it(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j")
        await settle(pilot)
        pane = app.query_one(DetailPane)
        armenia = pane.actors[0]
        # The second line of the detail starts with the event's source actor.
        await pilot.click(pane.query_one(Static), offset=(1, 1))
        await settle(pilot)
        assert app.filter.actor_ids == {armenia.id}
        assert f"actors {armenia.name}" in bar(app)


async def test_new_keys_have_ids_and_appear_on_the_help_screen(war_db: Path) -> None:
    for owner in (EventscopeApp, DetailPane, ExportScreen):
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, (owner, binding)
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        shown = " ".join(str(static.render()) for static in app.screen.query(Static))
        for description in (
            "Export the current view",
            "Next item matching the search",
            "Read the database again",
            "Hide or show historical background",
            "Filter by actor",
        ):
            assert description in shown


async def test_a_newer_schema_is_a_message_not_a_traceback(war_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    shutil.copy(war_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    app = EventscopeApp(db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        problem = app.query_one("#problem", Static)
        assert problem.display
        assert "written by a newer eventscope" in str(problem.content)


async def test_a_truncated_file_is_a_message_not_a_traceback(war_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "truncated.db"
    data = war_db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    app = EventscopeApp(db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        problem = app.query_one("#problem", Static)
        assert problem.display
        assert str(db) in str(problem.content)
        assert "malformed" in str(problem.content) or "not a database" in str(problem.content)


async def test_a_database_locked_by_a_writer_is_a_message(
    war_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "locked.db"
    shutil.copy(war_db, db)
    monkeypatch.setattr("store.database.BUSY_TIMEOUT_MS", 200)
    writer = sqlite3.connect(db, isolation_level=None)
    # In WAL mode readers are never blocked; a rollback-journal file with a writer
    # holding its exclusive lock is what "locked" means.
    writer.execute("PRAGMA journal_mode = DELETE")
    writer.execute("BEGIN EXCLUSIVE")
    try:
        app = EventscopeApp(db)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            problem = app.query_one("#problem", Static)
            assert problem.display
            assert "database is locked" in str(problem.content)
            # Once the writer lets go, r reads the file again.
            writer.rollback()
            await pilot.press("r")
            await settle(pilot)
            assert not problem.display
            assert app.query_one(Timeline).row_count == count(war_db, EventFilter())
    finally:
        writer.rollback()
        writer.close()


async def test_a_read_only_file_opens(war_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "read-only.db"
    shutil.copy(war_db, db)
    db.chmod(0o444)
    app = EventscopeApp(db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.query_one(Timeline).row_count == count(war_db, EventFilter())


def test_search_words_are_marked_as_the_index_matches_them() -> None:
    marked = mark_search_words(
        Text("Şahin said the shelling of Shusha (shells) went on."), "sahin SHELL"
    )
    assert [marked.plain[span.start : span.end] for span in marked.spans] == [
        "Şahin",
        "shelling",
        "shells",
    ]
    assert all(span.style == SEARCH_STYLE for span in marked.spans)
    # FTS syntax and punctuation alone mark nothing (and never raise).
    assert mark_search_words(Text("a (b) c"), '" * ( -').spans == []


async def test_the_detail_pane_marks_the_search_words(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"shell", "enter")
        await settle(pilot)
        shown = app.query_one(DetailPane).query_one(Static).content
        marked = {
            shown.plain[span.start : span.end] for span in shown.spans if span.style == SEARCH_STYLE
        }
        assert marked == {"shelling"}


@pytest.mark.parametrize(
    ("presses", "noun", "first_column"), [(("v", "v"), "actors", "id"), (("V",), "articles", "id")]
)
async def test_export_from_the_actor_and_article_views(
    war_db: Path, tmp_path: Path, presses: tuple[str, ...], noun: str, first_column: str
) -> None:
    target = tmp_path / f"{noun}.jsonl"
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press(*presses)
        await settle(pilot)
        await pilot.press("x")
        assert f"eventscope-{noun}-" in app.screen.query_one(Input).value
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        shown = app._current_list().row_count
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == shown > 0
    assert next(iter(rows[0])) == first_column
    if noun == "actors":
        # Filtered by the Armenia side: every actor exported has events on that side.
        names = {row["name"] for row in rows}
        assert "Armenia" in names
        assert all(isinstance(row["aliases"], str) for row in rows)
    else:
        assert rows[0]["title"] == WAR_ARTICLE.title


ABSURD_SEARCHES = ['"', "*", "NEAR(a b)", "-shelling", "((", "'; drop table events; --", "\x00x"]
ABSURD_DATES = [
    "9999-99-99",
    "1990..1980",
    "since the dawn of time",
    "1e309",
    "'; --",
    "0001..9999",
]


async def test_absurd_searches_and_date_ranges_never_raise_or_change_the_file(
    war_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "untouched.db"
    shutil.copy(war_db, db)
    before = db.read_bytes()
    app = EventscopeApp(db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for text in ABSURD_SEARCHES:
            await pilot.press("slash")
            app.query_one("#search", Input).value = text
            await pilot.press("enter")
            await settle(pilot)
            assert app.filter.text == text.strip()
            assert app.query_one(Timeline).count_known
        date_box = app.query_one("#date-range", Input)
        for text in ABSURD_DATES:
            date_box.focus()
            date_box.value = text
            await pilot.press("enter")
            await settle(pilot)
        # The last range is absurdly wide but valid; the others said why they were refused.
        assert (app.filter.date_start, app.filter.date_end) == ("0001-01-01", "9999-12-31")
        assert app.is_running
    assert db.read_bytes() == before


class _EndlessCount:
    """Pages whose count never ends on its own: only cancelling it stops the query."""

    def __init__(self, store: EventStore, rows: list) -> None:
        self.store = store
        self.rows = rows
        self.stopped = threading.Event()

    def count(self) -> int:
        try:
            return self._count()
        finally:
            self.stopped.set()

    def _count(self) -> int:
        endless = (
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
        )
        return self.store._all(endless)[0][0]

    def after(self, row, limit: int) -> list:
        return self.rows[:limit] if row is None else []

    def before(self, row, limit: int) -> list:
        return []

    def at(self, offset: int, limit: int) -> list:
        return self.rows[offset : offset + limit]


async def test_a_newer_filter_cancels_the_count_still_running(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        quotes = app.query_one(QuoteList)
        rows = app.store.quotes_after(EventFilter(), None, 100)
        # A full first page makes the list count, and this count would run for ever.
        slow = _EndlessCount(app.store, rows * 100)
        quotes.show(slow)
        await pilot.pause(0.2)
        quotes.show(_EndlessCount(app.store, rows[:1]))
        for _ in range(100):
            await pilot.pause(0.05)
            if quotes.count_known and all(worker.is_finished for worker in app.workers):
                break
        # The newer source was counted, and the endless query really stopped.
        assert quotes.count_known and quotes.row_count == 1
        assert slow.stopped.wait(timeout=5)


async def test_views_out_of_sight_catch_up_when_brought_forward(war_db: Path) -> None:
    app = EventscopeApp(war_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        quotes = app.query_one(QuoteList)
        assert quotes._source is None  # never queried: the timeline is in front
        await pilot.press("1")
        await settle(pilot)
        assert quotes._source is None
        await pilot.press("v")
        await settle(pilot)
        assert quotes._source.filter == EventFilter(sides=frozenset({"Armenia"}))
        assert quotes.count_known
        assert bar(app).startswith(f"{quotes.row_count} of 2 quotes")
