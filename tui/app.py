"""The eventscope explorer: a timeline of events with filters, the source behind each, quotes.

The app wires small widgets together and owns the one piece of state they share, the
:class:`~store.filters.EventFilter`. Widgets get what to show as attributes ("attributes down")
and report what the reader did as messages ("messages up"). Every database read runs in a
thread worker through :class:`~store.queries.EventStore`, so the first screen is drawn before
the database is opened and a slow query never stops the keys.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

import tui.screens
from store.database import DatabaseError
from store.export import ExportError, records_from_pages, write_records
from store.facets import KindCounts
from store.filters import OTHER_SIDE, EventFilter, parse_date_range
from store.listing import ActorPages, ActorRow, ArticlePages, ArticleRow, ArticleText
from store.queries import (
    ActorCount,
    EventDetail,
    EventPages,
    EventStore,
    QuotePages,
    QuoteRow,
    SideInfo,
    TimelineRow,
)
from store.query_base import QueryCancelled, cancelled_when
from tui.screens import ArticleReader, ArticleScreen, ExportScreen, HelpScreen, HelpSection
from tui.widgets import (
    ActorList,
    ArticleList,
    ChoiceList,
    DetailPane,
    FilterBar,
    FilterPane,
    Histogram,
    PagedList,
    QuoteList,
    Timeline,
    actor_detail_text,
    article_detail_text,
    event_detail_text,
    quote_detail_text,
)
from tui.widgets._text import MUTED, literal, mark_search_words

_VIEWS = {
    "timeline": ("Timeline", "events"),
    "quotes": ("Quotes", "quotes"),
    "actor-list": ("Actors", "actors"),
    "article-list": ("Articles", "articles"),
}
"""The views in the order ``v`` goes through them: list id -> (title, noun for the bar)."""
_PAGES = {
    "timeline": EventPages,
    "quotes": QuotePages,
    "actor-list": ActorPages,
    "article-list": ArticlePages,
}
"""What each view lists. A view is queried only when it is in front: a filter change marks the
others stale, and they catch up when brought forward (the Actors and Articles views count over
every row of the filter for any page, and no view should slow down the one being read)."""
_LISTING_ROWS = {"actor-list": ActorRow, "article-list": ArticleRow}
"""The rows of the views exported field by field (events and quotes have views of their own)."""
_DETAIL_TITLES = {"actor-list": "Actor", "article-list": "Article"}
_SIDE_KEYS = 9


class EventscopeApp(App[None]):
    """Explore an eventscope database: filter the timeline, read the source of every item.

    Keys are listed on the help screen (``?`` or F1); every binding has an id for keymaps.
    """

    # Absolute, so that subclasses in other modules (tests, scripts) find it too.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "eventscope"
    AUTO_FOCUS = "#timeline"
    # Below 100 columns the filter pane narrows so the timeline keeps its summaries.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    # Below 30 rows the histogram keeps to one line, so the timeline keeps its rows.
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (30, "-tall")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search the source sentences (word beginnings)",
            id="app.search",
        ),
        Binding(
            "v",
            "switch_view",
            "Views",
            tooltip="Next view: timeline, quotes, actors, articles",
            id="app.switch_view",
        ),
        Binding(
            "V,shift+v",
            "previous_view",
            "Previous view",
            show=False,
            tooltip="Previous view: articles, actors, quotes, timeline",
            id="app.previous_view",
        ),
        Binding(
            "o",
            "open_article",
            "Read",
            tooltip="Read the whole article of the focused event, quote or article",
            id="app.open_article",
        ),
        Binding(
            "c",
            "clear_filters",
            "Clear",
            tooltip="Clear every filter at once",
            id="app.clear_filters",
        ),
        Binding(
            "n",
            "next_hit",
            "Next hit",
            show=False,
            tooltip="Next item matching the search",
            id="app.next_hit",
        ),
        Binding(
            "N",
            "previous_hit",
            "Previous hit",
            show=False,
            tooltip="Previous item matching the search",
            id="app.previous_hit",
        ),
        Binding(
            "x",
            "export",
            "Export",
            tooltip="Export the current view, as filtered, to CSV or JSON",
            id="app.export",
        ),
        Binding(
            "r,ctrl+r",
            "refresh_data",
            "Refresh",
            show=False,
            tooltip="Read the database again (show what a running load has added)",
            id="app.refresh",
        ),
        Binding(
            "h",
            "toggle_historical",
            "Historical",
            tooltip="Hide or show historical background (events the article recalls)",
            id="app.toggle_historical",
        ),
        Binding(
            "f,f9",
            "toggle_filters",
            "Filters",
            tooltip="Hide or show the filter pane",
            id="app.toggle_filters",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            tooltip="Back: close search, return to the list, drop search",
            id="app.back",
        ),
        Binding("q", "quit", "Quit", id="app.quit"),
        *(
            Binding(
                str(number),
                f"toggle_side({number})",
                f"Toggle side {number}",
                show=False,
                id=f"app.toggle_side_{number}",
            )
            for number in range(1, _SIDE_KEYS + 1)
        ),
    ]

    class _StoreOpened(Message):
        def __init__(
            self, store: EventStore, sides: list[SideInfo], events: int, quotes: int
        ) -> None:
            self.store = store
            self.sides = sides
            self.events = events
            self.quotes = quotes
            super().__init__()

    class _StoreFailed(Message):
        def __init__(self, reason: str) -> None:
            self.reason = reason
            super().__init__()

    class _FacetsLoaded(Message):
        def __init__(
            self,
            event_filter: EventFilter,
            prefix: str,
            side_counts: dict[str, int],
            actors: list[ActorCount],
            kinds: KindCounts,
        ) -> None:
            self.event_filter = event_filter
            self.prefix = prefix
            self.side_counts = side_counts
            self.actors = actors
            self.kinds = kinds
            super().__init__()

    class _TotalCounted(Message):
        def __init__(self, view: str, total: int) -> None:
            self.view = view
            self.total = total
            super().__init__()

    class _ReaderLoaded(Message):
        def __init__(self, article: ArticleText | None, sentence_id: int | None) -> None:
            self.article = article
            self.sentence_id = sentence_id
            super().__init__()

    class _DetailLoaded(Message):
        def __init__(self, event_id: int, detail: EventDetail | None) -> None:
            self.event_id = event_id
            self.detail = detail
            super().__init__()

    def __init__(
        self,
        db_path: Path,
        *,
        keymap: Mapping[str, str] | None = None,
        theme: str | None = None,
    ) -> None:
        """Open ``db_path``; ``keymap`` (binding id -> keys) and ``theme`` come from the config."""
        super().__init__()
        self.db_path = Path(db_path)
        self._user_keymap = dict(keymap or {})
        self._user_theme = theme
        self.store: EventStore | None = None
        self.filter = EventFilter()
        self.sides: list[SideInfo] = []
        self.colours: dict[str, str] = {}
        self.actor_names: dict[int, str] = {}
        self.actor_prefix = ""
        self.date_text = ""
        self.view = "timeline"
        self._totals: dict[str, int | None] = dict.fromkeys(_VIEWS)
        self._counts: dict[str, int | None] = dict.fromkeys(_VIEWS)
        self._stale_views: set[str] = set(_VIEWS)
        self._facets_wanted = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield FilterPane(id="filters")
            with Vertical(id="main"):
                yield Histogram(id="histogram")
                with ContentSwitcher(initial="timeline", id="views"):
                    yield Timeline(id="timeline")
                    yield QuoteList(id="quotes")
                    yield ActorList(id="actor-list")
                    yield ArticleList(id="article-list")
                yield DetailPane(id="detail")
                yield Static(id="problem")
        yield Input(
            placeholder="search the source sentences (enter applies, esc closes)", id="search"
        )
        yield FilterBar(id="bar")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_settings()
        self.query_one("#filters").border_title = "Filters"
        self.query_one("#views").border_title = "Timeline"
        self.query_one("#detail").border_title = "Source"
        self.query_one("#bar", FilterBar).update(literal(f"Opening {self.db_path}…", MUTED))
        self._open_store()

    def _apply_settings(self) -> None:
        """Use the config's key map and theme, saying which entries could not be used."""
        if self._user_keymap:
            unknown = sorted(self._user_keymap.keys() - self._binding_ids())
            if unknown:
                self.notify(
                    f"Config: no key has the id {', '.join(unknown)} (the help screen lists ids)",
                    severity="warning",
                    timeout=10,
                )
            self.set_keymap(self._user_keymap)
        if self._user_theme:
            if self._user_theme in self.available_themes:
                self.theme = self._user_theme
            else:
                self.notify(
                    f"Config: no theme is called {self._user_theme!r}; "
                    f"themes: {', '.join(sorted(self.available_themes))}",
                    severity="warning",
                    timeout=10,
                )

    def _binding_ids(self) -> set[str]:
        """The id of every binding of the app, its widgets and its screens."""
        classes: list[type] = [type(self), *map(type, self.screen.walk_children())]
        classes += [getattr(tui.screens, name) for name in tui.screens.__all__]
        ids = set()
        for cls in classes:
            for ancestor in cls.__mro__:
                for binding in vars(ancestor).get("BINDINGS", []):
                    if isinstance(binding, Binding) and binding.id:
                        ids.add(binding.id)
        return ids

    @property
    def _closing_down(self) -> bool:
        """Whether the app is shutting down: a worker's late result finds no widgets then.

        Textual stops running at the start of its shutdown, before the screens are closed.
        """
        return not self.is_running

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    # Opening the database

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open_store(self) -> None:
        try:
            store = EventStore(self.db_path)
            sides = store.sides()
            totals = (store.count_events(), store.count_quotes())
        except DatabaseError as error:
            self.post_message(self._StoreFailed(str(error)))
            return
        except sqlite3.Error as error:
            # A file that opens but cannot be read (corrupt pages, a missing table).
            self.post_message(self._StoreFailed(f"{self.db_path}: {error}"))
            return
        self.post_message(self._StoreOpened(store, sides, *totals))

    def on_eventscope_app__store_opened(self, message: _StoreOpened) -> None:
        if self._closing_down:
            return
        if self.store is not None:
            # A refresh: the old pool goes, and the reader learns what the load added.
            self.store.close()
            added = message.events - (self._totals["timeline"] or 0)
            self.notify(f"Database read again: {added:+,} events, {message.events:,} in all.")
        self.store = message.store
        self.query_one("#main").remove_class("-failed")
        self.sides = message.sides
        self.colours = {side.label: side.colour for side in message.sides}
        # Actors and articles are totalled when their view first shows (see _show_view_rows).
        self._totals = {
            **dict.fromkeys(_VIEWS),
            "timeline": message.events,
            "quotes": message.quotes,
        }
        self.query_one(ActorList).set_colours(self.colours)
        lists = (
            (self.query_one(Timeline), "events", message.events),
            (self.query_one(QuoteList), "quotes", message.quotes),
        )
        for paged_list, noun, total in lists:
            paged_list.set_colours(self.colours)
            if total == 0:
                paged_list.empty_message = (
                    f"This database has no {noun} yet: "
                    "load articles with `eventscope load PATH --db FILE`."
                )
        self._apply_filter()

    def on_eventscope_app__store_failed(self, message: _StoreFailed) -> None:
        if self.store is not None:
            # A refresh that failed: what is on screen is still good to read.
            self.notify(message.reason, title="Cannot read the database again", severity="error")
            return
        problem = self.query_one("#problem", Static)
        text = Text.assemble(("Cannot open the database\n\n", "bold"))
        text.append_text(literal(message.reason))
        text.append(
            "\n\nLoad articles with `eventscope load PATH --db FILE`; r tries again; q quits.",
            MUTED,
        )
        problem.update(text)
        self.query_one("#main").add_class("-failed")
        self.query_one("#bar", FilterBar).update(literal(message.reason))

    # The filter

    def _set_filter(self, new: EventFilter) -> None:
        if new != self.filter:
            self.filter = new
            self._apply_filter()

    def _apply_filter(self) -> None:
        """Show the current filter everywhere: rows, counts, bar and the pane's lists."""
        if self.store is None:
            return
        self._counts = dict.fromkeys(_VIEWS)
        self._stale_views = set(_VIEWS)
        self._show_view_rows()
        self.query_one(FilterPane).show_sides(self.sides, self.filter.sides)
        self._update_bar()
        # The pane's counts wait for the view's first page (on_paged_list_highlighted): on a
        # large database they are the slow part, and the rows are what the reader waits for.
        # The previous filter's counts stop now rather than when the next ones start: at a
        # million events they run for a second or two, on the cores the first page needs.
        self.workers.cancel_group(self, "facets")
        self._facets_wanted = True

    @work(thread=True, exclusive=True, exit_on_error=False, group="facets")
    def _load_facets(self, event_filter: EventFilter, prefix: str) -> None:
        assert self.store is not None
        worker = get_current_worker()
        try:
            # A newer filter (or prefix) cancels this worker; its counts stop mid-query.
            with cancelled_when(lambda: worker.is_cancelled):
                side_counts = self.store.side_counts(event_filter)
                actors = self.store.actor_counts(
                    event_filter, prefix, include=event_filter.actor_ids
                )
                kinds = self.store.kind_counts(event_filter)
        except QueryCancelled:
            return
        self.post_message(self._FacetsLoaded(event_filter, prefix, side_counts, actors, kinds))

    def on_eventscope_app__facets_loaded(self, message: _FacetsLoaded) -> None:
        if self._closing_down:
            return
        if message.event_filter != self.filter or message.prefix != self.actor_prefix:
            return
        pane = self.query_one(FilterPane)
        pane.show_sides(self.sides, self.filter.sides, message.side_counts)
        pane.show_actors(message.actors, self.filter.actor_ids, self.colours)
        pane.show_kinds(message.kinds, self.filter)

    def _update_bar(self) -> None:
        self.query_one(FilterBar).show_counts(
            _VIEWS[self.view][1],
            self._counts[self.view],
            self._totals[self.view],
            self.filter,
            self.actor_names,
            self.colours,
        )

    @on(FilterPane.SideToggled)
    def _side_toggled(self, message: FilterPane.SideToggled) -> None:
        self._toggle_side(message.side)

    def _toggle_side(self, side: str) -> None:
        self._set_filter(replace(self.filter, sides=self.filter.sides ^ {side}))

    @on(FilterPane.ActorToggled)
    def _actor_toggled(self, message: FilterPane.ActorToggled) -> None:
        self.actor_names[message.actor.id] = message.actor.name
        self._set_filter(replace(self.filter, actor_ids=self.filter.actor_ids ^ {message.actor.id}))

    @on(DetailPane.ActorChosen)
    def _detail_actor_chosen(self, message: DetailPane.ActorChosen) -> None:
        self.filter_by_actor(message.actor.id, message.actor.name)

    def action_filter_by_actor(self, actor_id: int) -> None:
        """Filter by an actor clicked in the detail pane."""
        for actor in self.query_one(DetailPane).actors:
            if actor.id == actor_id:
                self.filter_by_actor(actor.id, actor.name)

    def filter_by_actor(self, actor_id: int, name: str) -> None:
        """Add an actor to the filter (drill-down) and show the timeline it narrows."""
        self.actor_names[actor_id] = name
        self._set_filter(replace(self.filter, actor_ids=self.filter.actor_ids | {actor_id}))
        if self.view != "timeline":
            self._show_view("timeline")
        self._current_list().focus()

    @on(FilterPane.KindToggled)
    def _kind_toggled(self, message: FilterPane.KindToggled) -> None:
        chosen: frozenset[str] = getattr(self.filter, message.field)
        self._set_filter(replace(self.filter, **{message.field: chosen ^ {message.value}}))

    @on(FilterPane.ActorPrefixChanged)
    def _actor_prefix_changed(self, message: FilterPane.ActorPrefixChanged) -> None:
        self.actor_prefix = message.prefix
        if self.store is not None:
            self._load_facets(self.filter, self.actor_prefix)

    @on(FilterPane.DateRangeEntered)
    def _date_range_entered(self, message: FilterPane.DateRangeEntered) -> None:
        pane = self.query_one(FilterPane)
        try:
            start, end = parse_date_range(message.text)
        except ValueError as error:
            pane.show_date_range(message.text, str(error))
            return
        self.date_text = message.text
        pane.show_date_range(message.text, None)
        self._set_filter(replace(self.filter, date_start=start, date_end=end))

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_search()
        self._set_filter(replace(self.filter, text=event.value.strip()))

    def _close_search(self) -> None:
        self.query_one("#search", Input).display = False
        self._current_list().focus()

    # Lists and detail

    def _current_list(self) -> PagedList:
        return self.query_one(f"#{self.view}", PagedList)

    def _show_view_rows(self) -> None:
        """Query the view in front under the filter if it is out of date (see ``_PAGES``)."""
        if self.store is None or self.view not in self._stale_views:
            return
        self._stale_views.discard(self.view)
        self._current_list().show(_PAGES[self.view](self.store, self.filter))
        if self._totals[self.view] is None:
            self._count_total(self.view)

    @work(thread=True, exit_on_error=False, group="totals")
    def _count_total(self, view: str) -> None:
        assert self.store is not None
        total = _PAGES[view](self.store, EventFilter()).count()
        self.post_message(self._TotalCounted(view, total))

    def on_eventscope_app__total_counted(self, message: _TotalCounted) -> None:
        if self._closing_down:
            return
        self._totals[message.view] = message.total
        if message.view == self.view:
            self._update_bar()

    def on_paged_list_counted(self, message: PagedList.Counted) -> None:
        if self._closing_down:
            return
        view = message.paged_list.id or ""
        self._counts[view] = message.count
        if view == self.view:
            self._update_bar()

    def on_paged_list_highlighted(self, message: PagedList.Highlighted) -> None:
        if self._closing_down:
            return
        if message.paged_list.id == self.view:
            self._show_detail(message.row)
            if self._facets_wanted:
                self._facets_wanted = False
                self._load_facets(self.filter, self.actor_prefix)
        if isinstance(message.row, TimelineRow):
            self.query_one(Histogram).mark(message.row.date_start)

    def on_timeline_days_counted(self, message: Timeline.DaysCounted) -> None:
        if self._closing_down:
            return
        self.query_one(Histogram).show_days(message.days)

    def on_histogram_selected(self, message: Histogram.Selected) -> None:
        timeline = self.query_one(Timeline)
        timeline.go_to_day(message.day)
        timeline.focus()

    def _show_detail(self, row: object | None) -> None:
        detail = self.query_one(DetailPane)
        if isinstance(row, TimelineRow):
            self._load_detail(row.id)
        elif isinstance(row, QuoteRow):
            detail.show(mark_search_words(quote_detail_text(row, self.colours), self.filter.text))
        elif isinstance(row, ActorRow):
            detail.show(actor_detail_text(row, self.colours))
        elif isinstance(row, ArticleRow):
            detail.show(article_detail_text(row))
        else:
            detail.show(Text("Nothing to show: no item matches the filters.", MUTED))

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def _load_detail(self, event_id: int) -> None:
        assert self.store is not None
        self.post_message(self._DetailLoaded(event_id, self.store.event_detail(event_id)))

    def on_eventscope_app__detail_loaded(self, message: _DetailLoaded) -> None:
        if self._closing_down:
            return
        current = self.query_one(Timeline).current_row
        if self.view != "timeline" or current is None or current.id != message.event_id:
            return
        if message.detail is None:
            text = Text("This event is no longer in the database.", MUTED)
        else:
            text = mark_search_words(
                event_detail_text(message.detail, self.colours), self.filter.text
            )
        self.query_one(DetailPane).show(text)

    @on(ActorList.Chosen)
    def _actor_row_chosen(self, message: ActorList.Chosen) -> None:
        self.filter_by_actor(message.actor.id, message.actor.name)

    @on(ArticleList.Chosen)
    def _article_row_chosen(self, message: ArticleList.Chosen) -> None:
        self._load_reader(message.article.id, None)

    # The reader

    def action_open_article(self) -> None:
        """Read the whole article of the focused event, quote or article."""
        row = self._current_list().current_row
        if self.store is None:
            return
        if isinstance(row, TimelineRow):
            self._load_reader(None, None, event_id=row.id)
        elif isinstance(row, QuoteRow):
            self._load_reader(row.article.id, row.sentence.id)
        elif isinstance(row, ArticleRow):
            self._load_reader(row.id, None)
        else:
            self.notify("Move to an event, a quote or an article to read its article.", timeout=4)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reader")
    def _load_reader(
        self, article_id: int | None, sentence_id: int | None, event_id: int | None = None
    ) -> None:
        """Read an article for the reader: by id, or the one an event was read from."""
        assert self.store is not None
        if event_id is not None:
            article_id, sentence_id = self.store.event_source(event_id) or (None, None)
        article = self.store.article_text(article_id) if article_id is not None else None
        self.post_message(self._ReaderLoaded(article, sentence_id))

    def on_eventscope_app__reader_loaded(self, message: _ReaderLoaded) -> None:
        if self._closing_down:
            return
        if message.article is None:
            self.notify("That article is no longer in the database.", severity="warning")
        elif not isinstance(self.screen, ArticleScreen):
            self.push_screen(ArticleScreen(message.article, message.sentence_id, self.colours))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(f"Query failed: {event.worker.error}", severity="error", timeout=8)

    # Actions

    def action_help(self) -> None:
        """Show every key."""
        side_keys = [b for b in self.BINDINGS if b.action.startswith("toggle_side")]
        sections: list[HelpSection] = [
            ("Anywhere", [b for b in self.BINDINGS if b not in side_keys], False),
            ("Toggle side N of the filter pane (last = other)", side_keys, True),
            ("Moving between panes", Screen.BINDINGS[:2], False),
            ("Timeline, Quotes, Actors and Articles", PagedList.BINDINGS, False),
            ("Actors and Articles", [*ActorList.BINDINGS, *ArticleList.BINDINGS], False),
            ("Article reader (o)", [*ArticleReader.BINDINGS, *ArticleScreen.BINDINGS], False),
            ("Source pane (the detail under the list)", DetailPane.BINDINGS, False),
            (
                "Side and actor lists",
                [Binding("enter", "select", "Toggle"), *ChoiceList.BINDINGS],
                False,
            ),
        ]
        # Textual keeps the keymap private; reading it lets help show keys as remapped.
        self.push_screen(HelpScreen(sections, getattr(self, "_keymap", {})))

    def action_search(self) -> None:
        """Open the search box at the bottom with the current search in it."""
        search = self.query_one("#search", Input)
        search.value = self.filter.text
        search.display = True
        search.focus()

    def action_switch_view(self) -> None:
        """Go to the next view: timeline, quotes, actors, articles, and round again."""
        self._step_view(1)

    def action_previous_view(self) -> None:
        """Go to the previous view."""
        self._step_view(-1)

    def _step_view(self, step: int) -> None:
        views = list(_VIEWS)
        self._show_view(views[(views.index(self.view) + step) % len(views)])

    def _show_view(self, view: str) -> None:
        """Bring a view (a key of ``_VIEWS``) to the front, focused, with its count and detail."""
        self.view = view
        self.query_one("#views", ContentSwitcher).current = self.view
        self.query_one("#views").border_title = _VIEWS[self.view][0]
        self.query_one(Histogram).display = self.view == "timeline"
        self.query_one("#detail").border_title = _DETAIL_TITLES.get(self.view, "Source")
        current = self._current_list()
        current.focus()
        self._show_view_rows()
        self._update_bar()
        self._show_detail(current.current_row)

    def action_clear_filters(self) -> None:
        """Drop every filter at once."""
        self.date_text = ""
        pane = self.query_one(FilterPane)
        pane.show_date_range("", None)
        self._set_filter(EventFilter())

    def action_toggle_historical(self) -> None:
        """Hide historical background (the 1990s war an article recalls), or show it again."""
        self._set_filter(self.filter.toggle_historical())

    def action_toggle_filters(self) -> None:
        """Hide the filter pane (the timeline gets its width) or show it again."""
        pane = self.query_one(FilterPane)
        pane.display = not pane.display
        if not pane.display:
            self._current_list().focus()

    def action_toggle_side(self, number: int) -> None:
        """Toggle the side with this number in the filter pane ("other" is the last)."""
        labels = [side.label for side in self.sides] + [OTHER_SIDE]
        if self.store is not None and 1 <= number <= len(labels):
            self._toggle_side(labels[number - 1])

    def action_next_hit(self) -> None:
        """The next item matching the search (the lists hold only matches while one is on)."""
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        """The previous item matching the search."""
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        if not self.filter.text.strip():
            self.notify("No search yet: press / to search the source sentences.", timeout=4)
            return
        current = self._current_list()
        current.focus()
        before = current.cursor
        current.move_cursor(current.cursor + step)
        if current.cursor == before:
            where = "last" if step > 0 else "first"
            self.notify(f"That was the {where} match of “{self.filter.text.strip()}”.", timeout=3)

    def action_export(self, suffix: str = ".csv") -> None:
        """Ask where to write the current view (as filtered), then write it in a worker."""
        if self.store is None:
            return
        noun = _VIEWS[self.view][1]
        count = self._counts.get(self.view)
        what = f"{count:,} {noun}" if count is not None else f"the {noun}"
        scope = " under the current filters" if not self.filter.is_empty else ""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        suggested = Path.cwd() / f"eventscope-{noun}-{stamp}{suffix}"
        self.push_screen(
            ExportScreen(what + scope, suggested),
            lambda path: self._export(path, self.view, self.filter) if path else None,
        )

    @work(thread=True, exit_on_error=False, group="export")
    def _export(self, path: Path, view: str, event_filter: EventFilter) -> None:
        assert self.store is not None
        if view == "quotes":
            records = self.store.quote_records(event_filter)
        elif view in _LISTING_ROWS:
            pages = _PAGES[view](self.store, event_filter)
            records = records_from_pages(pages, _LISTING_ROWS[view])
        else:
            records = self.store.event_records(event_filter)
        try:
            count = write_records(records, path)
        except ExportError as error:
            self.notify(str(error), title="Export failed", severity="error", timeout=10)
            return
        noun = _VIEWS[view][1]
        self.notify(f"Wrote {count:,} {noun} to {path.resolve()}", title="Exported", timeout=10)

    def action_refresh_data(self) -> None:
        """Read the database again: totals, sides and the current view (for a running load)."""
        self._open_store()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the app in the command palette (Ctrl+P), with its key."""
        yield from super().get_system_commands(screen)
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            # Quitting is among Textual's own commands already; sides get their names below.
            if binding.action == "quit" or binding.action.startswith("toggle_side"):
                continue
            action = getattr(self, f"action_{binding.action}")
            help_text = binding.tooltip or (action.__doc__ or "").split("\n")[0]
            yield SystemCommand(
                f"{binding.description} ({self._keys_shown(binding)})", help_text, partial(action)
            )
        yield SystemCommand(
            "Export to JSON",
            "Export the current view, as filtered, to a JSON file",
            partial(self.action_export, ".json"),
        )
        labels = [side.label for side in self.sides] + [OTHER_SIDE]
        for number, label in enumerate(labels, start=1):
            yield SystemCommand(
                f"Toggle side {label} ({number})",
                "Show only events with an actor on this side (or another chosen side)",
                partial(self._toggle_side, label),
            )

    def _keys_shown(self, binding: Binding) -> str:
        """The keys of a binding as the reader has them (after the config's key map)."""
        # Textual keeps the keymap private; the help screen reads it the same way.
        keys = getattr(self, "_keymap", {}).get(binding.id, binding.key)
        shown = [self.get_key_display(replace(binding, key=key)) for key in keys.split(",")]
        return " / ".join(shown)

    def action_back(self) -> None:
        """Step back: close the search box, else return to the list, else drop the search."""
        search = self.query_one("#search", Input)
        current = self._current_list()
        if search.display:
            self._close_search()
        elif self.focused is not current:
            current.focus()
        elif self.filter.text:
            self._set_filter(replace(self.filter, text=""))
