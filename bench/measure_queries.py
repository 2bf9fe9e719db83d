"""Time every query the app makes, under the filter changes a reader makes, on a big database.

Filters are chosen from the database itself (its largest and smallest sides, a frequent, a
middling and a rare actor, a month, an open date range, common and rare search words, and
combinations of them), so the same script measures any generated database. Each query runs
under every filter, several rounds over, on a fresh store per round (the app opens one store
and keeps it; the page cache of the operating system stays warm, as it does for a reader).

Run ``python -m bench.measure_queries /tmp/scale-1m.db`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from store.filters import OTHER_SIDE, EventFilter
from store.queries import EventStore

PAGE = 100
"""Rows a page of the app's virtual list holds (tui/widgets/_paged_list.py)."""

Operation = Callable[[EventStore, EventFilter], Callable[[], object]]
"""Prepares a query under a filter (untimed) and returns the call to time."""


def _page_down(store: EventStore, f: EventFilter) -> Callable[[], object]:
    """The second page, by the key of the first page's last row (the app has the first)."""
    first = store.events_after(f, None, PAGE)
    return lambda: store.events_after(f, first[-1].key if first else None, PAGE)


def _jump(store: EventStore, f: EventFilter) -> Callable[[], object]:
    """A scrollbar drag to the middle: a page by offset (the app has the count)."""
    middle = store.count_events(f) // 2
    return lambda: store.events_at(f, middle, PAGE)


def _detail(store: EventStore, f: EventFilter) -> Callable[[], object]:
    """The source pane of the first page's first event: its sentence and the ones around it,
    read from the article's text, with its mentions, quotes and casualties."""
    first = store.events_after(f, None, 1)
    return lambda: store.event_detail(first[0].id) if first else None


OPERATIONS: dict[str, Operation] = {
    "first page": lambda store, f: lambda: store.events_after(f, None, PAGE),
    "page down": _page_down,
    "last page (G)": lambda store, f: lambda: store.events_before(f, None, PAGE),
    "count": lambda store, f: lambda: store.count_events(f),
    "side counts": lambda store, f: lambda: store.side_counts(f),
    "actor counts": lambda store, f: lambda: store.actor_counts(f, "", include=f.actor_ids),
    "actor counts 'ka'": lambda store, f: lambda: store.actor_counts(f, "ka", include=f.actor_ids),
    "jump to middle": _jump,
    "event detail": _detail,
    "quotes first page": lambda store, f: lambda: store.quotes_after(f, None, PAGE),
    "quotes count": lambda store, f: lambda: store.count_quotes(f),
}
"""What the app asks on a filter change, by the name the report gives it."""

VIEW_OPERATIONS: dict[str, Operation] = {
    "kind counts": lambda store, f: lambda: store.kind_counts(f),
    "day counts": lambda store, f: lambda: store.day_counts(f),
    "actors view count": lambda store, f: lambda: store.count_actors(f),
    "actors view page": lambda store, f: lambda: store.actors_after(f, None, PAGE),
    "articles view count": lambda store, f: lambda: store.count_articles(f),
    "articles view page": lambda store, f: lambda: store.articles_after(f, None, PAGE),
}
"""What the app asks after the first rows (the kinds facet, the histogram) or when the Actors
or Articles view is brought forward; ``--views`` adds them, slow as some are at 1M events."""


def reader_filters(store: EventStore) -> dict[str, EventFilter]:
    """A reader's filter changes, from the broadest to the narrowest, found in the data.

    Dates are the timeline's median month and the date nine tenths along it.
    """
    sides = sorted(store.side_counts(EventFilter()).items(), key=lambda item: -item[1])
    named = [side for side, _ in sides if side != OTHER_SIDE]
    actors = store.actor_counts(EventFilter(), limit=100_000)
    total = store.count_events()
    # Frequent: in a tenth of all events; middling: in about one in 500; rare: in one.
    frequent, rare = actors[0], actors[-1]
    middling = next((actor for actor in actors if actor.events <= total // 500), rare)
    with store._connection() as conn:
        dated = conn.execute("SELECT count(*) FROM events WHERE date_start IS NOT NULL").fetchone()
        middle, late = (
            conn.execute(
                "SELECT date_start FROM events WHERE date_start IS NOT NULL "
                "ORDER BY date_start LIMIT 1 OFFSET ?",
                [dated[0] * share // 100],
            ).fetchone()[0]
            for share in (50, 90)
        )
    month = middle[:7]
    filters = {
        "all": EventFilter(),
        "largest side": EventFilter(sides=frozenset(named[:1])),
        "smallest side": EventFilter(sides=frozenset(named[-1:])),
        "other": EventFilter(sides=frozenset({OTHER_SIDE})),
        "two sides": EventFilter(sides=frozenset(named[1:3])),
        "frequent actor": EventFilter(actor_ids=frozenset({frequent.id})),
        "middling actor": EventFilter(actor_ids=frozenset({middling.id})),
        "rare actor": EventFilter(actor_ids=frozenset({rare.id})),
        "a month": EventFilter(date_start=f"{month}-01", date_end=f"{month}-30"),
        "since late": EventFilter(date_start=late),
        "until 2000": EventFilter(date_end="2000-12-31"),
        "common word": EventFilter(text="killed"),
        "rare word": EventFilter(text="Kurdish"),
        "two words": EventFilter(text="president said"),
        "no such word": EventFilter(text="zzyzx"),
        "no historical": EventFilter(
            modalities=frozenset({"actual", "future", "hypothetical", "negated"})
        ),
        "assaults": EventFilter(event_types=frozenset({"ASSAULT"})),
    }
    combos = {
        "largest side + since": replace(filters["largest side"], date_start=f"{month}-01"),
        "smallest side + word": replace(filters["smallest side"], text="killed"),
        "frequent actor + month": replace(
            filters["frequent actor"], date_start=f"{month}-01", date_end=f"{month}-30"
        ),
        "middling actor + side": replace(filters["middling actor"], sides=frozenset(named[:1])),
        "word + since": replace(filters["common word"], date_start=late),
        "side + assaults + no historical": replace(
            filters["no historical"], sides=frozenset(named[:1]), event_types=frozenset({"ASSAULT"})
        ),
    }
    return {**filters, **combos}


def measure(
    path: Path, rounds: int, operations: list[str] | None = None
) -> dict[str, dict[str, list[float]]]:
    """Seconds per operation and filter, one sample a round."""
    times: dict[str, dict[str, list[float]]] = {}
    store = EventStore(path)
    filters = reader_filters(store)
    store.close()
    every = {**OPERATIONS, **VIEW_OPERATIONS}
    for _ in range(rounds):
        store = EventStore(path)
        for name in operations or OPERATIONS:
            for label, f in filters.items():
                call = every[name](store, f)
                started = time.perf_counter()
                call()
                times.setdefault(name, {}).setdefault(label, []).append(
                    time.perf_counter() - started
                )
        store.close()
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(times: dict[str, dict[str, list[float]]]) -> str:
    """p50, p95 and the slowest filter per operation, in milliseconds."""
    lines = [f"{'operation':<20} {'p50':>8} {'p95':>8} {'max':>8}  slowest filter"]
    for name, by_filter in times.items():
        samples = [value for values in by_filter.values() for value in values]
        slowest = max(by_filter, key=lambda label: statistics.median(by_filter[label]))
        lines.append(
            f"{name:<20} {percentile(samples, 0.5) * 1000:8.1f} "
            f"{percentile(samples, 0.95) * 1000:8.1f} {max(samples) * 1000:8.1f}  "
            f"{slowest} ({statistics.median(by_filter[slowest]) * 1000:.0f} ms)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """The command line: ``python -m bench.measure_queries DB [--rounds N] [--json FILE]``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.measure_queries",
        description="Time the app's queries under many filter changes.",
    )
    parser.add_argument("db", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="times each query runs per filter")
    parser.add_argument(
        "--only", action="append", choices=[*OPERATIONS, *VIEW_OPERATIONS], help="operations"
    )
    parser.add_argument(
        "--views", action="store_true", help="also the kinds, days, Actors and Articles queries"
    )
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    parser.add_argument("--by-filter", action="store_true", help="print medians per filter too")
    args = parser.parse_args(argv)
    operations = args.only or ([*OPERATIONS, *VIEW_OPERATIONS] if args.views else None)
    times = measure(args.db, args.rounds, operations)
    print(report(times))
    if args.by_filter:
        for name, by_filter in times.items():
            print(f"\n{name}")
            for label, values in by_filter.items():
                print(f"  {label:<34} {statistics.median(values) * 1000:8.1f} ms")
    if args.json:
        args.json.write_text(json.dumps(times, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
