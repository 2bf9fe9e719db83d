"""The eventscope explorer: a timeline of events with filters, the source behind each, quotes.

The app wires small widgets together and owns the one piece of state they share, the
:class:`~store.filters.EventFilter`. Widgets get what to show as attributes ("attributes down")
and report what the reader did as messages ("messages up"). Every database read runs in a
thread worker through :class:`~store.queries.EventStore`, so the first screen is drawn before
the database is opened and a slow query never stops the keys.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, Static
from textual.worker import Worker, WorkerState

from store.database import DatabaseError
from store.filters import OTHER_SIDE, EventFilter, parse_date_range
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
from tui.screens import HelpScreen, HelpSection
from tui.widgets import (
    ChoiceList,
    DetailPane,
    FilterBar,
    FilterPane,
    PagedList,
    QuoteList,
    Timeline,
    event_detail_text,
    quote_detail_text,
)
from tui.widgets._text import MUTED, literal

_VIEWS = {"timeline": ("Timeline", "events"), "quotes": ("Quotes", "quotes")}
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
            "Quotes/Timeline",
            tooltip="Switch between the timeline and the quotes",
            id="app.switch_view",
        ),
        Binding(
            "c",
            "clear_filters",
            "Clear",
            tooltip="Clear every filter at once",
            id="app.clear_filters",
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
        ) -> None:
            self.event_filter = event_filter
            self.prefix = prefix
            self.side_counts = side_counts
            self.actors = actors
            super().__init__()

    class _DetailLoaded(Message):
        def __init__(self, event_id: int, detail: EventDetail | None) -> None:
            self.event_id = event_id
            self.detail = detail
            super().__init__()

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.store: EventStore | None = None
        self.filter = EventFilter()
        self.sides: list[SideInfo] = []
        self.colours: dict[str, str] = {}
        self.actor_names: dict[int, str] = {}
        self.actor_prefix = ""
        self.date_text = ""
        self.view = "timeline"
        self._totals = {"timeline": None, "quotes": None}
        self._counts: dict[str, int | None] = {"timeline": None, "quotes": None}

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield FilterPane(id="filters")
            with Vertical(id="main"):
                with ContentSwitcher(initial="timeline", id="views"):
                    yield Timeline(id="timeline")
                    yield QuoteList(id="quotes")
                yield DetailPane(id="detail")
                yield Static(id="problem")
        yield Input(
            placeholder="search the source sentences (enter applies, esc closes)", id="search"
        )
        yield FilterBar(id="bar")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filters").border_title = "Filters"
        self.query_one("#views").border_title = "Timeline"
        self.query_one("#detail").border_title = "Source"
        self.query_one("#bar", FilterBar).update(literal(f"Opening {self.db_path}…", MUTED))
        self._open_store()

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
        self.store = message.store
        self.sides = message.sides
        self.colours = {side.label: side.colour for side in message.sides}
        self._totals = {"timeline": message.events, "quotes": message.quotes}
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
        problem = self.query_one("#problem", Static)
        text = Text.assemble(("Cannot open the database\n\n", "bold"))
        text.append_text(literal(message.reason))
        text.append("\n\nLoad articles with `eventscope load PATH --db FILE`; q quits.", MUTED)
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
        self._counts = {"timeline": None, "quotes": None}
        self.query_one(Timeline).show(EventPages(self.store, self.filter))
        self.query_one(QuoteList).show(QuotePages(self.store, self.filter))
        self.query_one(FilterPane).show_sides(self.sides, self.filter.sides)
        self._update_bar()
        self._load_facets(self.filter, self.actor_prefix)

    @work(thread=True, exclusive=True, exit_on_error=False, group="facets")
    def _load_facets(self, event_filter: EventFilter, prefix: str) -> None:
        assert self.store is not None
        side_counts = self.store.side_counts(event_filter)
        actors = self.store.actor_counts(event_filter, prefix, include=event_filter.actor_ids)
        self.post_message(self._FacetsLoaded(event_filter, prefix, side_counts, actors))

    def on_eventscope_app__facets_loaded(self, message: _FacetsLoaded) -> None:
        if message.event_filter != self.filter or message.prefix != self.actor_prefix:
            return
        pane = self.query_one(FilterPane)
        pane.show_sides(self.sides, self.filter.sides, message.side_counts)
        pane.show_actors(message.actors, self.filter.actor_ids, self.colours)

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

    def on_paged_list_counted(self, message: PagedList.Counted) -> None:
        view = message.paged_list.id or ""
        self._counts[view] = message.count
        if view == self.view:
            self._update_bar()

    def on_paged_list_highlighted(self, message: PagedList.Highlighted) -> None:
        if message.paged_list.id == self.view:
            self._show_detail(message.row)

    def _show_detail(self, row: object | None) -> None:
        detail = self.query_one(DetailPane)
        if isinstance(row, TimelineRow):
            self._load_detail(row.id)
        elif isinstance(row, QuoteRow):
            detail.show(quote_detail_text(row, self.colours))
        else:
            detail.show(Text("Nothing to show: no item matches the filters.", MUTED))

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def _load_detail(self, event_id: int) -> None:
        assert self.store is not None
        self.post_message(self._DetailLoaded(event_id, self.store.event_detail(event_id)))

    def on_eventscope_app__detail_loaded(self, message: _DetailLoaded) -> None:
        current = self.query_one(Timeline).current_row
        if self.view != "timeline" or current is None or current.id != message.event_id:
            return
        if message.detail is None:
            text = Text("This event is no longer in the database.", MUTED)
        else:
            text = event_detail_text(message.detail, self.colours)
        self.query_one(DetailPane).show(text)

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
            ("Timeline and Quotes", PagedList.BINDINGS, False),
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
        """Go from the timeline to the quotes and back."""
        self.view = "quotes" if self.view == "timeline" else "timeline"
        self.query_one("#views", ContentSwitcher).current = self.view
        self.query_one("#views").border_title = _VIEWS[self.view][0]
        current = self._current_list()
        current.focus()
        self._update_bar()
        self._show_detail(current.current_row)

    def action_clear_filters(self) -> None:
        """Drop every filter at once."""
        self.date_text = ""
        pane = self.query_one(FilterPane)
        pane.show_date_range("", None)
        self._set_filter(EventFilter())

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
