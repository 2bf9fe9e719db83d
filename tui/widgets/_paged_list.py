"""A virtual list over pages fetched from the database, drawn one visible line at a time.

Like Toolong's log view, only the lines on screen are rendered (``render_line``), and rows come
from a bounded cache of pages fetched in worker threads. A page is fetched by key after or
before a neighbouring page when one is cached (cheap at any depth), and by offset only for a
jump into the unknown (a scrollbar drag). Nothing here knows SQL: it asks a
:class:`store.queries.Pages` for rows.

A list may put headings between its rows (the timeline's days). Only where each heading
stands is kept, not the rows under it, so a line maps to a row or a heading by bisection and
paging stays by row: the lines are the rows plus the headings before them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, Literal, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from store.queries import Pages
from store.query_base import QueryCancelled, cancelled_when

RowT = TypeVar("RowT")

PAGE_SIZE = 100
# Pages kept in memory: a few screens either side of any place the reader has been.
MAX_PAGES = 64

Plan = tuple[Literal["after", "before", "at"], object, int]


@dataclass(frozen=True, slots=True)
class _Headings:
    """Headings between rows: heading ``i`` stands before row ``rows[i]``, on line ``lines[i]``.

    Immutable, so that a worker thread can read the one in place while the app swaps it.
    """

    rows: tuple[int, ...] = ()
    lines: tuple[int, ...] = ()
    items: tuple[object, ...] = ()

    @classmethod
    def before_rows(cls, headings: Sequence[tuple[int, object]]) -> _Headings:
        rows = tuple(row for row, _ in headings)
        lines = tuple(row + i for i, row in enumerate(rows))
        return cls(rows, lines, tuple(heading for _, heading in headings))

    def line_of_row(self, index: int) -> int:
        return index + bisect_right(self.rows, index)

    def at_line(self, line: int) -> tuple[int | None, object | None]:
        """The row on a line, or the heading (row None)."""
        before = bisect_right(self.lines, line)
        if before and self.lines[before - 1] == line:
            return None, self.items[before - 1]
        return line - before, None

    def row_from_line(self, line: int) -> int:
        """The row on a line, or the one after it when the line holds a heading."""
        before = bisect_right(self.lines, line)
        if before and self.lines[before - 1] == line:
            return line - before + 1
        return line - before

    def opens_section(self, index: int) -> bool:
        """Whether a heading stands right before this row."""
        at = bisect_left(self.rows, index)
        return at < len(self.rows) and self.rows[at] == index

    def line_count(self, row_count: int) -> int:
        # A heading counts once its row is known: not while only the first page is.
        return row_count + bisect_left(self.rows, row_count)


class PagedList(ScrollView, Generic[RowT], can_focus=True):
    """A list of rows from a :class:`Pages` source with a cursor.

    | Key | Action |
    | --- | --- |
    | down, j / up, k | Next / previous row |
    | pagedown, space / pageup, b | A screen down / up |
    | g, home / G, end | First / last row |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        # space and b page as in less, lnav and VisiData.
        Binding("pagedown,space", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"paged-list--cursor", "paged-list--message"}

    DEFAULT_CSS = """
    PagedList {
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        & > .paged-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .paged-list--cursor { background: $block-cursor-background; }
        & > .paged-list--message { color: $text-muted; text-style: italic; }
    }
    """

    EMPTY_MESSAGE = "Nothing matches these filters."

    class Highlighted(Message):
        """The cursor is on a new row (None when the list is empty)."""

        def __init__(self, paged_list: PagedList, row: object | None) -> None:
            self.paged_list = paged_list
            self.row = row
            super().__init__()

        @property
        def control(self) -> PagedList:
            return self.paged_list

    class Counted(Message):
        """The number of rows of the current source is known."""

        def __init__(self, paged_list: PagedList, count: int) -> None:
            self.paged_list = paged_list
            self.count = count
            super().__init__()

        @property
        def control(self) -> PagedList:
            return self.paged_list

    class _FirstPage(Message):
        def __init__(self, generation: int, rows: list) -> None:
            self.generation = generation
            self.rows = rows
            super().__init__()

    class _CountLoaded(Message):
        def __init__(self, generation: int, count: int) -> None:
            self.generation = generation
            self.count = count
            super().__init__()

    class _PageLoaded(Message):
        """A page fetched, or skipped (rows None) because the reader had moved on."""

        def __init__(self, generation: int, page: int, rows: list | None) -> None:
            self.generation = generation
            self.page = page
            self.rows = rows
            super().__init__()

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._source: Pages[RowT] | None = None
        self._generation = 0
        self._pages: OrderedDict[int, list[RowT]] = OrderedDict()
        self._wanted: set[int] = set()
        self._row_count = 0
        self._count_known = False
        self._loaded = False
        self._shown_source: Pages[RowT] | None = None
        self._headings = _Headings()
        self._pending_headings: _Headings | None = None
        self.cursor = 0
        self.empty_message = self.EMPTY_MESSAGE
        self._colours: Mapping[str, str] = {}
        """What the list says when it has no rows."""

    # Attributes down: the owner gives the list a source.

    def show(self, source: Pages[RowT]) -> None:
        """Show the rows of a new source; the old rows stay on screen until the first page."""
        self._generation += 1
        self._source = source
        self._wanted.clear()
        self._pending_headings = None
        self._load_first(self._generation, source)

    def set_headings(self, source: Pages[RowT], headings: Sequence[tuple[int, object]]) -> None:
        """Put headings between the rows of ``source``: each ``(row, heading)`` before its row.

        Rows must increase. Headings for a source the list no longer shows are dropped; those
        for the current source wait for its first page. The cursor stays on its row and, where
        it can, on its line of the screen.
        """
        if source is not self._source:
            return
        new = _Headings.before_rows(headings)
        if self._shown_source is not source:
            self._pending_headings = new
            return
        on_screen = self._headings.line_of_row(self.cursor) - round(self.scroll_y)
        at_top = round(self.scroll_y) == 0
        self._headings = new
        self._set_row_count(self._row_count)
        if not at_top:
            self.scroll_to(
                y=max(new.line_of_row(self.cursor) - on_screen, 0), animate=False, immediate=True
            )
        self._scroll_to_cursor()
        self.refresh()

    @property
    def headings(self) -> list[tuple[int, object]]:
        """The headings shown, each with the row it stands before."""
        return list(zip(self._headings.rows, self._headings.items, strict=True))

    def set_colours(self, colours: Mapping[str, str]) -> None:
        """Use these side colours (label -> colour) from now on."""
        self._colours = colours
        self.refresh()

    @property
    def row_count(self) -> int:
        """Rows in the list (those of the first page until the count is known)."""
        return self._row_count

    @property
    def count_known(self) -> bool:
        """Whether :attr:`row_count` is the full count."""
        return self._count_known

    @property
    def current_row(self) -> RowT | None:
        """The row under the cursor, if it is loaded."""
        return self._row(self.cursor)

    def render_row(self, row: RowT, width: int) -> Text:
        """One row as text; subclasses say how."""
        raise NotImplementedError

    def render_heading(self, heading: object, width: int) -> Text:
        """One heading as text; subclasses that set headings say how."""
        raise NotImplementedError

    # Loading

    @work(thread=True, exclusive=True, exit_on_error=False, group="first-page")
    def _load_first(self, generation: int, source: Pages[RowT]) -> None:
        worker = get_current_worker()
        try:
            # A newer source cancels this exclusive worker; a slow count stops mid-query.
            with cancelled_when(lambda: worker.is_cancelled):
                rows = source.after(None, PAGE_SIZE)
                self.post_message(self._FirstPage(generation, rows))
                count = source.count() if len(rows) == PAGE_SIZE else len(rows)
        except QueryCancelled:
            return
        self.post_message(self._CountLoaded(generation, count))

    @work(thread=True, exit_on_error=False, group="page")
    def _load_page(self, generation: int, page: int, source: Pages[RowT], plan: Plan) -> None:
        how, anchor, limit = plan
        if not self._wanted_now(generation, page):
            # A scrollbar drag asks for every page it passes; fetch only where it stopped.
            self.post_message(self._PageLoaded(generation, page, None))
            return
        if how == "after":
            rows = source.after(anchor, limit)
        elif how == "before":
            rows = source.before(anchor, limit)
        else:
            rows = source.at(anchor, limit)
        self.post_message(self._PageLoaded(generation, page, rows))

    def _on_paged_list__first_page(self, message: _FirstPage) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pages.clear()
        self._pages[0] = message.rows
        self._loaded = True
        self._shown_source = self._source
        self._headings = self._pending_headings or _Headings()
        self._pending_headings = None
        self._count_known = False
        self._set_row_count(len(message.rows))
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()
        self._announce()
        self.first_page_shown()

    def first_page_shown(self) -> None:
        """Called when a new source's first rows are on screen; subclasses start slower work
        here (such as counting days for headings), so that it does not delay those rows."""

    def _on_paged_list__count_loaded(self, message: _CountLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._count_known = True
        self._set_row_count(message.count)
        self.refresh()
        self.post_message(self.Counted(self, message.count))

    def _on_paged_list__page_loaded(self, message: _PageLoaded) -> None:
        message.stop()
        self._wanted.discard(message.page)
        if message.generation != self._generation:
            return
        if message.rows is None:
            self.refresh()
            return
        self._pages[message.page] = message.rows
        while len(self._pages) > MAX_PAGES:
            self._drop_farthest_page()
        self.refresh()
        if message.page == self.cursor // PAGE_SIZE:
            self._announce()

    def _wanted_now(self, generation: int, page: int) -> bool:
        """Whether a page is still on screen (or next to it); safe to ask from a worker."""
        headings = self._headings
        top = headings.row_from_line(int(self.scroll_y)) // PAGE_SIZE
        bottom = headings.row_from_line(int(self.scroll_y) + self.size.height) // PAGE_SIZE
        return generation == self._generation and top - 1 <= page <= bottom + 1

    def _drop_farthest_page(self) -> None:
        here = self.cursor // PAGE_SIZE
        farthest = max(self._pages, key=lambda page: abs(page - here))
        del self._pages[farthest]

    def _set_row_count(self, count: int) -> None:
        self._row_count = count
        self.virtual_size = Size(
            self.scrollable_content_region.width, self._headings.line_count(count)
        )

    def _row(self, index: int) -> RowT | None:
        page = self._pages.get(index // PAGE_SIZE)
        if page is None or index % PAGE_SIZE >= len(page):
            return None
        return page[index % PAGE_SIZE]

    def _want(self, page: int) -> None:
        """Fetch a page that a visible line needs, once."""
        if page in self._wanted or self._source is None:
            return
        self._wanted.add(page)
        self._load_page(self._generation, page, self._source, self._plan(page))

    def _plan(self, page: int) -> Plan:
        start = page * PAGE_SIZE
        previous = self._pages.get(page - 1)
        if previous is not None and len(previous) == PAGE_SIZE:
            return ("after", previous[-1], PAGE_SIZE)
        following = self._pages.get(page + 1)
        if following:
            return ("before", following[0], PAGE_SIZE)
        if self._count_known and start + PAGE_SIZE >= self._row_count:
            return ("before", None, self._row_count - start)
        return ("at", start, PAGE_SIZE)

    # Rendering

    def render_line(self, y: int) -> Strip:
        """Render the line at ``y`` of the visible region."""
        _, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if line >= self._headings.line_count(self._row_count):
            if line == 0:
                message = self.empty_message if self._loaded else "Loading…"
                return self._strip(Text(message), width, self._message_style, base)
            return Strip.blank(width, base)
        index, heading = self._headings.at_line(line)
        if index is None:
            return self._strip(self.render_heading(heading, width), width, None, base)
        row = self._row(index)
        if row is None:
            self._want(index // PAGE_SIZE)
            return self._strip(Text("…"), width, self._message_style, base)
        text = self.render_row(row, width)
        cursor = (
            self.get_component_rich_style("paged-list--cursor") if index == self.cursor else None
        )
        return self._strip(text, width, cursor, base)

    @property
    def _message_style(self) -> Style:
        return self.get_component_rich_style("paged-list--message")

    def _strip(self, text: Text, width: int, under: Style | None, base: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        # Styles go under the row's own spans, so that side colours survive the cursor.
        if under is not None:
            text.stylize_before(under)
        text.stylize_before(base)
        return Strip(text.render(self.app.console), text.cell_len)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._set_row_count(self._row_count)
        self._scroll_to_cursor()

    # Cursor

    def move_cursor(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped), scroll it into view and announce it."""
        if self._row_count == 0:
            return
        index = min(max(index, 0), self._row_count - 1)
        if index == self.cursor:
            return
        self.cursor = index
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        line = self._headings.line_of_row(self.cursor)
        # The first row under a heading brings the heading into view with it.
        first = line - 1 if self._headings.opens_section(self.cursor) else line
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif height and line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False, immediate=True)

    def _announce(self) -> None:
        row = self._row(self.cursor)
        if row is not None or self._row_count == 0:
            self.post_message(self.Highlighted(self, row))

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move_by_lines(max(self.scrollable_content_region.height - 1, 1))

    def action_page_up(self) -> None:
        self._move_by_lines(-max(self.scrollable_content_region.height - 1, 1))

    def _move_by_lines(self, lines: int) -> None:
        """Move the cursor a number of screen lines (to the row after a heading it lands on)."""
        line = max(self._headings.line_of_row(self.cursor) + lines, 0)
        self.move_cursor(self._headings.row_from_line(line))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self._row_count - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.move_cursor(self._headings.row_from_line(round(self.scroll_y) + offset.y))
