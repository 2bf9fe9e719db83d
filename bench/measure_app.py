"""Time the app as a reader meets it: first screen, filter changes, paging, memory.

The app runs headless under Textual's Pilot at 160x50 on the database given. Filters are the
ones :func:`bench.measure_queries.reader_filters` finds in the data. A filter change is timed
from setting the filter to the timeline holding the new first page (what the reader waits
for); the count and facets that follow are timed to the count being known. Page down is
timed for twenty screens in a row (the first ones come from pages fetched ahead); the jump to
the end is ``G``'s action. Memory is the process's peak resident size.

Run ``python -m bench.measure_app /tmp/scale-1m.db --rounds 3`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

_STARTED = time.perf_counter()
from tui.app import EventscopeApp  # noqa: E402 - timed: importing is part of launching
from tui.widgets import Timeline  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - _STARTED

from textual.worker import WorkerState  # noqa: E402

from bench.measure_queries import percentile, reader_filters  # noqa: E402
from store.filters import EventFilter  # noqa: E402
from store.queries import EventStore  # noqa: E402

SIZE = (160, 50)
TIMEOUT_S = 60.0


async def _until(done: Callable[[], bool]) -> float:
    """Seconds until ``done()`` is true (polled every millisecond)."""
    started = time.perf_counter()
    while not done():
        if time.perf_counter() - started > TIMEOUT_S:
            raise TimeoutError("the app did not get there in a minute")
        await asyncio.sleep(0.001)
    return time.perf_counter() - started


def _idle(app: EventscopeApp) -> bool:
    return not any(worker.state == WorkerState.RUNNING for worker in app.workers)


async def _run(path: Path, filters: dict[str, EventFilter]) -> dict[str, list[float]]:
    """One round: every measurement once (filter changes once per filter)."""
    times: dict[str, list[float]] = {}
    started = time.perf_counter()
    app = EventscopeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.query_one(Timeline)
        await _until(lambda: timeline.current_row is not None)
        times["first screen"] = [time.perf_counter() - started]
        # A reader reads the first screen before changing the filter: the startup work still
        # running (counts, facets, the other views' layout) is not charged to the first change.
        await _until(lambda: timeline.count_known and _idle(app))
        await pilot.pause()
        for label, f in filters.items():
            if f == app.filter:
                continue  # no change to time (the first filter, or two alike in a small file)
            shown = id(timeline._pages.get(0))
            changed = time.perf_counter()
            app._set_filter(f)
            await _until(lambda shown=shown: id(timeline._pages.get(0)) != shown)
            times.setdefault("filter → rows", []).append(time.perf_counter() - changed)
            times.setdefault(f"rows: {label}", []).append(time.perf_counter() - changed)
            await _until(lambda: timeline.count_known)
            times.setdefault("filter → count", []).append(time.perf_counter() - changed)
            times.setdefault(f"count: {label}", []).append(time.perf_counter() - changed)
        app._set_filter(EventFilter())
        await _until(lambda: timeline.count_known and timeline.current_row is not None)
        timeline.focus()
        for _ in range(20):
            paged = time.perf_counter()
            timeline.action_page_down()
            await _until(lambda: timeline.current_row is not None)
            times.setdefault("page down", []).append(time.perf_counter() - paged)
        jumped = time.perf_counter()
        timeline.action_last()
        await _until(
            lambda: timeline.current_row is not None and timeline.cursor == timeline.row_count - 1
        )
        times["jump to end"] = [time.perf_counter() - jumped]
    return times


def measure(path: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds per measurement, every round's samples together."""
    store = EventStore(path)
    filters = reader_filters(store)
    store.close()
    times: dict[str, list[float]] = {}
    for _ in range(rounds):
        for name, values in asyncio.run(_run(path, filters)).items():
            times.setdefault(name, []).extend(values)
    return times


def report(times: dict[str, list[float]], events: int, per_filter: bool = False) -> str:
    """p50, p95 and max per measurement in milliseconds, the slowest filter, peak memory, and
    with ``per_filter`` the median time to rows and to the count of each filter."""
    by_filter = {
        name.removeprefix("rows: "): times.pop(name)
        for name in list(times)
        if name.startswith("rows: ")
    }
    counts = {
        name.removeprefix("count: "): times.pop(name)
        for name in list(times)
        if name.startswith("count: ")
    }
    lines = [
        f"{events:,} events; app import {IMPORT_SECONDS * 1000:.0f} ms (not in first screen)",
        f"{'measurement':<16} {'p50':>8} {'p95':>8} {'max':>8}",
    ]
    for name, samples in times.items():
        lines.append(
            f"{name:<16} {percentile(samples, 0.5) * 1000:8.1f} "
            f"{percentile(samples, 0.95) * 1000:8.1f} {max(samples) * 1000:8.1f}"
        )
    slowest = max(by_filter, key=lambda label: statistics.median(by_filter[label]))
    lines.append(
        f"slowest filter to rows: {slowest} "
        f"({statistics.median(by_filter[slowest]) * 1000:.0f} ms median)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(f"peak resident memory: {peak:.0f} MB")
    if per_filter:
        lines.append(f"{'filter (medians)':<34} {'rows':>8} {'count':>8}")
        for label, samples in by_filter.items():
            lines.append(
                f"{label:<34} {statistics.median(samples) * 1000:8.1f} "
                f"{statistics.median(counts[label]) * 1000:8.1f}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path, help="an eventscope database")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every measurement")
    parser.add_argument("--by-filter", action="store_true", help="print medians per filter too")
    args = parser.parse_args(argv)
    store = EventStore(args.db)
    events = store.count_events()
    store.close()
    print(report(measure(args.db, args.rounds), events, args.by_filter))
    return 0


if __name__ == "__main__":
    sys.exit(main())
