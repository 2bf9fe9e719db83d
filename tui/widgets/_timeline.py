"""The timeline: events in date order, one line each, under a heading for each day.

The rows come in pages from the query API like any :class:`PagedList`; the headings come from
one count of events per day, which gives the whole layout (a heading, then that day's rows)
without loading a row. The same counts feed the histogram above the timeline.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from store.histogram import DayCount, LooseDates
from store.queries import EventPages, Pages, TimelineRow
from store.query_base import QueryCancelled, cancelled_when
from tui.widgets._paged_list import PagedList
from tui.widgets._text import MUTED, event_line, literal


@dataclass(frozen=True, slots=True)
class DayHeading:
    """The heading over one day's events (``day`` None for the undated ones)."""

    day: str | None
    events: int
    loose: LooseDates | None = None
    """Events of the day that are dated only to a wider period beginning on it."""


def count_text(count: int, noun: str = "event") -> str:
    """ "1 event", "1,204 events"."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def period_label(day: date, precision: str) -> str:
    """A period by its first day and precision: "Week of 28 Dec 2015", "Sep 2020", "1990s"."""
    if precision == "week":
        return f"Week of {day.day} {day:%b %Y}"
    if precision == "month":
        return f"{day:%b %Y}"
    if precision == "year":
        return str(day.year)
    if precision == "decade":
        return f"{day.year // 10 * 10}s"
    return f"{day:%a} {day.day} {day:%b %Y}"


def heading_label(heading: DayHeading) -> str:
    """What a day's heading says: the day, or the period its events are dated to, and counts.

    A day whose events are all dated only to a wider period beginning on it (the year-only
    "1928" of an article, stored as 1 Jan 1928) is named by the widest of those periods, so
    the heading holds every row under it and never claims a day the text did not give. A day
    that mixes both keeps its name and says how many events are dated less precisely.
    """
    if heading.day is None:
        return f"Undated · {count_text(heading.events)}"
    try:
        day = date.fromisoformat(heading.day)
    except ValueError:
        return f"{heading.day} · {count_text(heading.events)}"
    loose = heading.loose
    if loose is None:
        return f"{period_label(day, 'day')} · {count_text(heading.events)}"
    if loose.events >= heading.events:
        return f"{period_label(day, loose.widest)} · {count_text(heading.events)}"
    periods = " or ".join(loose.precisions)
    return (
        f"{period_label(day, 'day')} · {count_text(heading.events)}, "
        f"{loose.events:,} dated only to the {periods}"
    )


class Timeline(PagedList[TimelineRow]):
    """Events as "marks date TYPE source → target  summary", actors in their sides' colours,
    under a heading per day ("Mon 28 Sep 2020 · 12 events") and a last one for the undated.

    The cursor moves over events only; headings are skipped.
    """

    EMPTY_MESSAGE = "No events match these filters."

    COMPONENT_CLASSES: ClassVar[set[str]] = {"timeline--heading"}

    DEFAULT_CSS = """
    Timeline > .timeline--heading { color: $text-accent; text-style: bold; }
    """

    class DaysCounted(Message):
        """The events per day of the timeline's current filter are known (undated last)."""

        def __init__(self, timeline: Timeline, days: list[DayCount]) -> None:
            self.timeline = timeline
            self.days = days
            super().__init__()

        @property
        def control(self) -> Timeline:
            return self.timeline

    class _DaysLoaded(Message):
        def __init__(self, source: EventPages, days: list[DayCount]) -> None:
            self.source = source
            self.days = days
            super().__init__()

    class _HeadingsLoaded(Message):
        def __init__(self, source: EventPages, headings: list[tuple[int, DayHeading]]) -> None:
            self.source = source
            self.headings = headings
            super().__init__()

    def show(self, source: Pages[TimelineRow]) -> None:
        """Show a new source, stopping the day counts of the old one at once.

        The new counts start only after the new first page, and at a million events the old
        ones would run on until then, on the cores that page needs.
        """
        self.workers.cancel_group(self, "days")
        super().show(source)

    def first_page_shown(self) -> None:
        """Count the days of the events shown; the headings and histogram follow from them.

        Only an :class:`EventPages` source can be counted by day (the store does it).
        """
        if isinstance(self._source, EventPages):
            self._load_days(self._source)

    def go_to_day(self, day: str) -> None:
        """Put the cursor on the first event dated on or after ``day`` (ISO), if there is one."""
        dated = [(row, h) for row, h in self.headings if isinstance(h, DayHeading) and h.day]
        days = [heading.day for _, heading in dated]
        at = bisect_left(days, day)
        if at < len(dated):
            self.move_cursor(dated[at][0])

    @work(thread=True, exclusive=True, exit_on_error=False, group="days")
    def _load_days(self, source: EventPages) -> None:
        worker = get_current_worker()
        try:
            # A newer filter cancels this exclusive worker; its counts stop mid-query.
            with cancelled_when(lambda: worker.is_cancelled):
                days = source.store.day_counts(source.filter)
                self.post_message(self._DaysLoaded(source, days))
                loose = source.store.loose_dates(source.filter, [day for day, _ in days])
        except QueryCancelled:
            return
        headings = []
        row = 0
        for day, count in days:
            headings.append((row, DayHeading(day, count, loose.get(day) if day else None)))
            row += count
        self.post_message(self._HeadingsLoaded(source, headings))

    def _on_timeline__days_loaded(self, message: _DaysLoaded) -> None:
        message.stop()
        if message.source is self._source:
            self.post_message(self.DaysCounted(self, message.days))

    def _on_timeline__headings_loaded(self, message: _HeadingsLoaded) -> None:
        message.stop()
        self.set_headings(message.source, message.headings)

    def render_row(self, row: TimelineRow, width: int) -> Text:
        return event_line(row, self._colours, width)

    def render_heading(self, heading: object, width: int) -> Text:
        assert isinstance(heading, DayHeading)
        style = self.get_component_rich_style("timeline--heading")
        text = literal(heading_label(heading), style)
        text.append(" ")
        text.append("─" * max(width - text.cell_len, 0), MUTED)
        return text
