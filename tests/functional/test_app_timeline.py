"""The timeline's day headings and the histogram above it, driven by keys and the mouse."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from apptest import SMALL, TALL, WIDE, lines, settle
from dbfactory import ARMENIA, AZERBAIJAN, DAYS_ARTICLE, build_database, month_of_fighting

from store.filters import EventFilter
from store.queries import EventStore
from tui.app import EventscopeApp
from tui.widgets import Histogram, Timeline
from tui.widgets._histogram import bucket_label
from tui.widgets._timeline import DayHeading


@pytest.fixture(scope="module")
def days_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("timeline") / "days.db"
    return build_database(path, [DAYS_ARTICLE], sides=(ARMENIA, AZERBAIJAN))


@pytest.fixture(scope="module")
def month_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("timeline") / "month.db"
    return build_database(path, [month_of_fighting()], sides=(ARMENIA, AZERBAIJAN))


def is_heading(line: str) -> bool:
    return line.endswith("─")


def layout(days: list[tuple[str | None, int]]) -> list[int | None]:
    """The timeline's lines as the row on each (None for a heading), from the day counts."""
    shown: list[int | None] = []
    row = 0
    for _, count in days:
        shown.append(None)
        shown.extend(range(row, row + count))
        row += count
    return shown


def marked(histogram: Histogram) -> str | None:
    """The label of the bucket drawn in the cursor's colour ("undated" for the count)."""
    cursor = histogram.get_component_rich_style("histogram--cursor")
    chart = histogram.chart
    for line in histogram.render().split("\n"):
        for span in line.spans:
            if span.style == cursor:
                if "undated" in line.plain[span.start : span.end]:
                    return "undated"
                assert chart is not None
                index = chart.bucket_at(span.start)
                assert index is not None
                return bucket_label(chart.first + index, chart.unit)
    return None


def day_counts(path: Path, f: EventFilter | None = None) -> list[tuple[str | None, int]]:
    store = EventStore(path)
    try:
        return store.day_counts(f or EventFilter())
    finally:
        store.close()


async def test_seed_timeline_has_a_heading_per_day_with_its_count(seed_db: Path) -> None:
    days = day_counts(seed_db)
    app = EventscopeApp(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        timeline = app.query_one(Timeline)
        headings = timeline.headings
        assert [(h.day, h.events) for _, h in headings if isinstance(h, DayHeading)] == days
        assert [row for row, _ in headings] == [
            sum(count for _, count in days[:i]) for i in range(len(days))
        ]
        assert is_heading(lines(timeline)[0])
        if days[-1][0] is None:
            assert timeline.render_heading(headings[-1][1], 60).plain.startswith(
                f"Undated · {days[-1][1]} event"
            )


async def test_headings_name_the_day_or_the_period_of_its_events(days_db: Path) -> None:
    app = EventscopeApp(days_db)
    async with app.run_test(size=TALL) as pilot:
        await settle(pilot)
        shown = [line for line in lines(app.query_one(Timeline)) if line]
        assert [line.rstrip(" ─") for line in shown if is_heading(line)] == [
            "1990s · 1 event",
            "1994 · 1 event",
            "Tue 1 Sep 2020 · 2 events, 1 dated only to the month",
            "Week of 21 Sep 2020 · 1 event",
            "Sun 27 Sep 2020 · 1 event",
            "Mon 28 Sep 2020 · 2 events",
            "Undated · 2 events",
        ]
        events = [line for line in shown if not is_heading(line)]
        assert len(events) == 10
        # Each row keeps its own precision under its day's heading.
        assert "Sep 2020    REQUEST" in shown[5] and "2020-09-01  ASSAULT" in shown[6]
        assert "2020-W39" in shown[8]


async def test_cursor_skips_headings_and_keys_land_on_events(month_db: Path) -> None:
    days = day_counts(month_db)
    shown = layout(days)
    total = sum(count for _, count in days)
    app = EventscopeApp(month_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        timeline = app.query_one(Timeline)
        height = timeline.scrollable_content_region.height
        assert timeline.cursor == 0 and is_heading(lines(timeline)[0])
        await pilot.press("j", "j")
        await settle(pilot)
        # Row 2 opens the second day: the heading between is passed over.
        assert timeline.cursor == 2
        assert timeline.current_row.date_start == "2020-10-02"
        await pilot.press("k", "k", "k")
        assert timeline.cursor == 0
        await pilot.press("pagedown")
        await settle(pilot)
        line = shown.index(0) + height - 1
        expected = next(row for row in shown[line:] if row is not None)
        assert timeline.cursor == expected
        assert timeline.current_row is not None
        top = round(timeline.scroll_y)
        assert top <= shown.index(expected) < top + height
        await pilot.press("pageup")
        line = max(shown.index(expected) - (height - 1), 0)
        assert timeline.cursor == next(row for row in shown[line:] if row is not None)
        await pilot.press("G")
        await settle(pilot)
        assert timeline.cursor == total - 1
        assert timeline.current_row.date_start is None
        assert lines(timeline)[-1].startswith("   undated")
        await pilot.press("g")
        await settle(pilot)
        assert timeline.cursor == 0 and round(timeline.scroll_y) == 0
        assert lines(timeline)[0].startswith("Thu 1 Oct 2020 · 2 events")


async def test_moving_up_brings_each_day_heading_into_view(month_db: Path) -> None:
    shown = layout(day_counts(month_db))
    app = EventscopeApp(month_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        timeline = app.query_one(Timeline)
        height = timeline.scrollable_content_region.height
        await pilot.press("G")
        while timeline.cursor > 0:
            await pilot.press("k")
            top = round(timeline.scroll_y)
            line = shown.index(timeline.cursor)
            assert top <= line < top + height
            if shown[line - 1] is None:
                assert line - 1 >= top, f"the heading of row {timeline.cursor} is out of view"
        assert top == 0


async def test_clicking_a_heading_picks_its_first_event(month_db: Path) -> None:
    shown = layout(day_counts(month_db))
    app = EventscopeApp(month_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        timeline = app.query_one(Timeline)
        # The heading of 2 October, which has three events.
        heading = [i for i, row in enumerate(shown) if row is None][1]
        await pilot.click(Timeline, offset=(4, heading))
        await settle(pilot)
        assert timeline.cursor == shown[heading + 1]
        assert timeline.current_row.date_start == "2020-10-02"
        await pilot.click(Timeline, offset=(4, heading + 2))
        assert timeline.cursor == shown[heading + 2]


async def test_headings_arriving_late_leave_the_cursor_on_its_event(
    month_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    counted = EventStore.day_counts

    def late(store: EventStore, f: EventFilter) -> list[tuple[str | None, int]]:
        gate.wait(10)
        return counted(store, f)

    monkeypatch.setattr(EventStore, "day_counts", late)
    app = EventscopeApp(month_db)
    try:
        async with app.run_test(size=WIDE) as pilot:
            timeline = app.query_one(Timeline)
            for _ in range(100):
                await pilot.pause(0.02)
                if timeline.count_known:
                    break
            assert not timeline.headings and not is_heading(lines(timeline)[0])
            await pilot.press("j", "j", "j", "j", "j")
            await pilot.pause()
            event = timeline.current_row.id
            gate.set()
            await settle(pilot)
            assert timeline.headings
            assert timeline.cursor == 5 and timeline.current_row.id == event
            assert any(line.startswith("Fri 2 Oct 2020") for line in lines(timeline))
    finally:
        gate.set()


async def test_histogram_marks_the_bucket_of_the_cursor(month_db: Path) -> None:
    app = EventscopeApp(month_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        histogram = app.query_one(Histogram)
        assert histogram.chart.unit == "day"
        assert histogram.chart.counts == tuple(day % 3 + 1 for day in range(1, 21))
        assert marked(histogram) == "1 Oct 2020"
        await pilot.press("j", "j")
        await settle(pilot)
        assert marked(histogram) == "2 Oct 2020"
        await pilot.press("G")
        await settle(pilot)
        assert marked(histogram) == "undated"
        assert histogram.render().plain.rstrip().endswith("+3 undated")


async def test_histogram_follows_the_filter(month_db: Path) -> None:
    app = EventscopeApp(month_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        histogram = app.query_one(Histogram)
        before = histogram.render().plain
        await pilot.press("1")
        await settle(pilot)
        assert histogram.render().plain != before
        # Armenian forces attack on odd days; undated events have no side.
        assert histogram.chart.counts == tuple(
            day % 3 + 1 if day % 2 else 0 for day in range(1, 20)
        )
        assert "undated" not in histogram.render().plain
        assert marked(histogram) == "1 Oct 2020"
        await pilot.press("1")
        await settle(pilot)
        assert histogram.render().plain == before


async def test_clicking_a_bucket_moves_the_timeline_to_its_first_event(month_db: Path) -> None:
    app = EventscopeApp(month_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        histogram = app.query_one(Histogram)
        chart = histogram.chart
        column = chart.left + 9 * chart.columns
        # The widget's padding puts its content one cell in.
        await pilot.click(Histogram, offset=(column + 1, 0))
        await settle(pilot)
        timeline = app.query_one(Timeline)
        assert timeline.current_row.date_start == "2020-10-10"
        assert app.focused is timeline
        assert marked(histogram) == "10 Oct 2020"


async def test_histogram_keeps_to_one_line_on_a_short_screen(days_db: Path) -> None:
    app = EventscopeApp(days_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        histogram = app.query_one(Histogram)
        assert histogram.size.height == 1
        shown = histogram.render().plain
        assert shown.startswith("1990s ") and "2020s" in shown and shown.endswith("+2 undated")
        assert len(shown) <= histogram.content_size.width
        timeline = app.query_one(Timeline)
        assert all(len(line) <= timeline.size.width for line in lines(timeline))
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        assert histogram.size.height == 3
        top, bars, axis = histogram.render().plain.split("\n")
        assert top.endswith("/year") and axis.startswith("1990")
        assert axis.rstrip().endswith("+2 undated")


async def test_the_quotes_view_hides_the_histogram(days_db: Path) -> None:
    app = EventscopeApp(days_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        histogram = app.query_one(Histogram)
        assert histogram.display
        await pilot.press("v")
        assert not histogram.display
        while app.view != "timeline":
            await pilot.press("v")
        assert histogram.display


async def test_an_empty_result_has_no_headings_and_an_empty_histogram(month_db: Path) -> None:
    app = EventscopeApp(month_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"nothing-matches-this", "enter")
        await settle(pilot)
        timeline = app.query_one(Timeline)
        assert not timeline.headings
        assert lines(timeline)[0] == "No events match these filters."
        histogram = app.query_one(Histogram)
        assert histogram.chart is None and not histogram.render().plain.strip()
