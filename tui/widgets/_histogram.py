"""The histogram above the timeline: the filter's events per day, like lnav's, cursor marked.

Days are put into buckets of the finest calendar unit that fits the width (a day, week, month,
quarter, year, decade, century), each bucket one or more columns of block characters; a short
screen gets one line with the first and last dates either side, a taller one two lines of bars
over an axis with dates where months or years begin. Events dated only to a month or a year
count on the period's first day, where the timeline files them too. Undated events have no
place on the axis: their number is shown at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from store.histogram import DayCount

UNITS = ("day", "week", "month", "quarter", "year", "decade", "century", "millennium")
"""Bucket units, finest first."""

_YEARS = {"year": 1, "decade": 10, "century": 100, "millennium": 1000}
# Ticks on the axis mark where the next unit up begins (a month in a chart of days).
_PARENT = {
    "day": "month",
    "week": "month",
    "month": "year",
    "quarter": "year",
    "year": "decade",
    "decade": "century",
    "century": "millennium",
}
_BLOCKS = " ▁▂▃▄▅▆▇█"
# Columns a bucket may take: any wider and a few days would look like progress bars.
MAX_COLUMNS = 4


def bucket_of(day: date, unit: str) -> int:
    """The number of the bucket of ``unit`` that holds ``day`` (consecutive buckets count up)."""
    if unit == "day":
        return day.toordinal()
    if unit == "week":
        # Ordinal 1 (1 Jan 0001) is a Monday: weeks run Monday to Sunday, as ISO weeks do.
        return (day.toordinal() - 1) // 7
    if unit == "month":
        return day.year * 12 + day.month - 1
    if unit == "quarter":
        return day.year * 4 + (day.month - 1) // 3
    return day.year // _YEARS[unit]


def bucket_start(bucket: int, unit: str) -> date:
    """The first day of a bucket."""
    if unit == "day":
        return date.fromordinal(bucket)
    if unit == "week":
        return date.fromordinal(bucket * 7 + 1)
    if unit == "month":
        return date(bucket // 12, bucket % 12 + 1, 1)
    if unit == "quarter":
        return date(bucket // 4, bucket % 4 * 3 + 1, 1)
    return date(max(bucket * _YEARS[unit], 1), 1, 1)


def bucket_label(bucket: int, unit: str) -> str:
    """A bucket as the axis names it: "28 Sep 2020", "Sep 2020", "Q3 2020", "2020", "1990s"."""
    start = bucket_start(bucket, unit)
    if unit in ("day", "week"):
        return f"{start.day} {start:%b %Y}"
    if unit == "month":
        return f"{start:%b %Y}"
    if unit == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if unit == "year":
        return str(start.year)
    return f"{bucket * _YEARS[unit]}s"


def tick_label(bucket: int, unit: str) -> str | None:
    """The label of a tick before this bucket when the next unit up begins in it, else None."""
    parent = _PARENT.get(unit)
    if parent is None:
        return None
    # A week belongs to the month of its Thursday, as ISO weeks belong to years.
    shift = timedelta(days=3 if unit == "week" else 0)
    here = bucket_start(bucket, unit) + shift
    before = bucket_start(bucket - 1, unit) + shift
    if bucket_of(here, parent) == bucket_of(before, parent):
        return None
    if parent == "month":
        return str(here.year) if here.month == 1 else f"{here:%b}"
    if parent == "year":
        return str(here.year)
    return str(bucket_of(here, parent) * _YEARS[parent])


@dataclass(frozen=True, slots=True)
class Chart:
    """Days counted into consecutive buckets, and where the buckets go on a line."""

    unit: str
    first: int
    """The number of the first bucket."""
    counts: tuple[int, ...]
    columns: int = 1
    """Columns per bucket."""
    left: int = 0
    """The column of the first bucket."""

    @property
    def width(self) -> int:
        return len(self.counts) * self.columns

    def placed(self, room: int, left: int = 0) -> Chart:
        """The chart with buckets as wide as ``room`` columns allow (1 to :data:`MAX_COLUMNS`)."""
        columns = min(max(room // len(self.counts), 1), MAX_COLUMNS)
        return replace(self, columns=columns, left=left)

    def column_of(self, day: date) -> int | None:
        """The first column of the bucket holding ``day``, if it is on the chart."""
        index = bucket_of(day, self.unit) - self.first
        if 0 <= index < len(self.counts):
            return self.left + index * self.columns
        return None

    def bucket_at(self, column: int) -> int | None:
        """The bucket under a column (its index from the first), if there is one."""
        index = (column - self.left) // self.columns
        if column >= self.left and index < len(self.counts):
            return index
        return None


def chart_days(days: Sequence[tuple[date, int]], unit: str) -> Chart:
    """Count days (in order) into every bucket of ``unit`` from the first day's to the last's."""
    buckets = [bucket_of(day, unit) for day, _ in days]
    first = buckets[0]
    counts = [0] * (buckets[-1] - first + 1)
    for bucket, (_, count) in zip(buckets, days, strict=True):
        counts[bucket - first] += count
    return Chart(unit, first, tuple(counts))


def span_in(days: Sequence[tuple[date, int]], unit: str) -> int:
    """How many buckets of ``unit`` the days (in order) span."""
    return bucket_of(days[-1][0], unit) - bucket_of(days[0][0], unit) + 1


@dataclass(frozen=True, slots=True)
class _Layout:
    chart: Chart | None
    before: str = ""
    """On one line: the first bucket's label, left of the bars."""
    after: str = ""
    """On one line: the last bucket's label; on more: the scale, right of the top bars."""


class Histogram(Widget):
    """Events per day of the timeline's filter; the bucket of the timeline's cursor marked.

    Clicking a bucket asks for the timeline to move to its first event (:class:`Selected`).
    With one line of height it shows one row of bars between the first and last dates; with
    more, bars over an axis.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "histogram--bar",
        "histogram--cursor",
        "histogram--label",
    }

    DEFAULT_CSS = """
    Histogram {
        height: 3;
        padding: 0 1;
        background: $surface;
        & > .histogram--bar { color: $text-muted; }
        /* The timeline cursor's colour, and a band so that the lowest bar is easy to see. */
        & > .histogram--cursor {
            color: $block-cursor-background;
            background: $block-cursor-background 25%;
        }
        & > .histogram--label { color: $text-muted; }
    }
    """

    class Selected(Message):
        """The reader clicked a bucket that begins on ``day`` (ISO)."""

        def __init__(self, histogram: Histogram, day: str) -> None:
            self.histogram = histogram
            self.day = day
            super().__init__()

        @property
        def control(self) -> Histogram:
            return self.histogram

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._days: list[tuple[date, int]] = []
        self._undated = 0
        self._mark: date | None = None
        self._mark_undated = False
        self._layouts: dict[tuple[int, int], _Layout] = {}

    # Attributes down: the app gives the counts and the cursor's date.

    def show_days(self, days: Sequence[DayCount]) -> None:
        """Show these events per day (ISO day, or None for the undated count)."""
        self._days = []
        self._undated = 0
        for day, count in days:
            if day is None:
                self._undated += count
                continue
            try:
                self._days.append((date.fromisoformat(day), count))
            except ValueError:
                continue  # Not an ISO date: it has no place on the axis.
        self._layouts.clear()
        self.refresh()

    def mark(self, date_start: str | None) -> None:
        """Mark the bucket of an event that starts on ``date_start`` (None: an undated one)."""
        try:
            self._mark = date.fromisoformat(date_start[:10]) if date_start else None
        except ValueError:
            self._mark = None
        self._mark_undated = date_start is None
        self.refresh()

    # Layout

    @property
    def chart(self) -> Chart | None:
        """The chart as drawn at the widget's size (None when no event has a date)."""
        return self._layout(*self.content_size).chart

    def _layout(self, width: int, height: int) -> _Layout:
        """The chart and its labels for a size, by the finest unit whose buckets fit."""
        key = (width, height)
        if key not in self._layouts:
            self._layouts[key] = self._fit(width, height)
        return self._layouts[key]

    def _fit(self, width: int, height: int) -> _Layout:
        if not self._days:
            return _Layout(None)
        undated = len(self._undated_label())
        for unit in UNITS:
            span = span_in(self._days, unit)
            if height == 1:
                first = bucket_label(bucket_of(self._days[0][0], unit), unit)
                last = bucket_label(bucket_of(self._days[-1][0], unit), unit) if span > 1 else ""
                room = width - len(first) - 1 - (len(last) + 1 if last else 0)
                room -= undated + 2 if undated else 0
                if span <= room:
                    chart = chart_days(self._days, unit).placed(room, len(first) + 1)
                    return _Layout(chart, first, last)
            else:
                chart = chart_days(self._days, unit)
                scale = f"{max(chart.counts):,}/{unit}"
                room = width - max(len(scale), undated) - 1
                if span <= room:
                    return _Layout(chart.placed(room), after=scale)
        return _Layout(None)

    def _undated_label(self) -> str:
        return f"+{self._undated:,} undated" if self._undated else ""

    # Rendering

    def render(self) -> Text:
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return Text()
        label = self.get_component_rich_style("histogram--label")
        undated = self._undated_text()
        layout = self._layout(width, height)
        chart = layout.chart
        if chart is None:
            if not self._undated:
                return Text()
            return Text.assemble(("No dated events  ", label), undated)
        if height == 1:
            line = Text.assemble((layout.before, label), " ", self._bars(chart, 1, 0))
            if layout.after:
                line.append(" ")
                line.append(layout.after, label)
            if undated:
                line.append("  ")
                line.append_text(undated)
            return line
        lines = []
        for row in range(height - 1):
            line = self._bars(chart, height - 1, row)
            if row == 0:
                line.pad_right(width - len(layout.after) - line.cell_len)
                line.append(layout.after, label)
            lines.append(line)
        axis = self._axis(chart, label, width - undated.cell_len - 1)
        axis.pad_right(width - undated.cell_len - axis.cell_len)
        axis.append_text(undated)
        lines.append(axis)
        return Text("\n").join(lines)

    def _undated_text(self) -> Text:
        style = "histogram--cursor" if self._mark_undated else "histogram--label"
        return Text(self._undated_label(), self.get_component_rich_style(style))

    def _bars(self, chart: Chart, rows: int, row: int) -> Text:
        """Row ``row`` (from the top) of bars ``rows`` lines tall."""
        peak = max(chart.counts)
        bar = self.get_component_rich_style("histogram--bar")
        cursor = self.get_component_rich_style("histogram--cursor")
        marked = chart.column_of(self._mark) if self._mark else None
        floor = (rows - 1 - row) * 8
        text = Text()
        for index, count in enumerate(chart.counts):
            # In eighths of a line, rounded up: a bucket with any event shows at least ▁.
            eighths = -(-count * rows * 8 // peak)
            block = _BLOCKS[min(max(eighths - floor, 0), 8)]
            here = chart.left + index * chart.columns == marked
            # Wide buckets keep a gap after their bar, so that neighbours read as two bars.
            drawn = (
                block * (chart.columns - 1) + " " if chart.columns > 2 else block * chart.columns
            )
            text.append(drawn, cursor if here else bar)
        return text

    def _axis(self, chart: Chart, label: Style, width: int) -> Text:
        """The first and last buckets' labels, and ticks where a larger unit begins, on a line
        of ``width`` cells (the labels of a narrow chart may reach past its bars)."""
        last = len(chart.counts) - 1
        cells = [" "] * max(width, 0)
        taken = [False] * max(width, 0)

        def place(text: str, column: int) -> bool:
            end = column + len(text)
            # A free cell either side keeps labels apart.
            if column < 0 or end > width or any(taken[max(column - 1, 0) : end + 1]):
                return False
            cells[column:end] = text
            taken[column:end] = [True] * len(text)
            return True

        place(bucket_label(chart.first, chart.unit), 0)
        if last:
            end_label = bucket_label(chart.first + last, chart.unit)
            # Under the end of the bars, else from the last bucket on.
            if not place(end_label, chart.width - len(end_label)):
                place(end_label, last * chart.columns)
        for index in range(1, last):
            tick = tick_label(chart.first + index, chart.unit)
            if tick is not None:
                place(tick, index * chart.columns)
        return Text("".join(cells), label)

    # Mouse

    def on_click(self, event: events.Click) -> None:
        found = self._bucket_under(event)
        if found is not None:
            chart, index = found
            day = bucket_start(chart.first + index, chart.unit)
            self.post_message(self.Selected(self, day.isoformat()))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self._bucket_under(event)
        if found is None:
            self.tooltip = None
            return
        chart, index = found
        count = chart.counts[index]
        self.tooltip = (
            f"{bucket_label(chart.first + index, chart.unit)}: "
            f"{count:,} event{'' if count == 1 else 's'}"
        )

    def _bucket_under(self, event: events.MouseEvent) -> tuple[Chart, int] | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        chart = self.chart
        if chart is None:
            return None
        # The whole column counts, the axis under the bars too: a bar one block high is thin.
        index = chart.bucket_at(offset.x)
        return None if index is None else (chart, index)
