"""Events per day for the histogram and the day headings: the query, the buckets, the labels."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from dbfactory import ARMENIA, AZERBAIJAN, DAYS_ARTICLE, build_database, month_of_fighting

from store.filters import EventFilter
from store.histogram import LooseDates
from store.queries import EventStore
from tui.widgets._histogram import (
    bucket_label,
    bucket_of,
    bucket_start,
    chart_days,
    tick_label,
)
from tui.widgets._timeline import DayHeading, heading_label


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventStore]:
    path = tmp_path_factory.mktemp("histogram") / "days.db"
    build_database(path, [DAYS_ARTICLE, month_of_fighting(5)], sides=(ARMENIA, AZERBAIJAN))
    store = EventStore(path)
    yield store
    store.close()


ALL_DAYS = [
    ("1990-01-01", 1),
    ("1994-01-01", 1),
    ("2020-09-01", 2),
    ("2020-09-21", 1),
    ("2020-09-27", 1),
    ("2020-09-28", 2),
    ("2020-10-01", 2),
    ("2020-10-02", 3),
    ("2020-10-03", 1),
    ("2020-10-04", 2),
    ("2020-10-05", 3),
    (None, 5),
]


def test_day_counts_are_per_day_in_timeline_order_with_undated_last(store: EventStore) -> None:
    assert store.day_counts(EventFilter()) == ALL_DAYS
    assert sum(count for _, count in ALL_DAYS) == store.count_events()


def test_day_counts_match_the_timeline_rows(store: EventStore) -> None:
    rows = store.events_after(EventFilter(), None, 100)
    days = [row.date_start[:10] if row.date_start else None for row in rows]
    grouped = [(day, days.count(day)) for day in dict.fromkeys(days)]
    assert store.day_counts(EventFilter()) == grouped


def test_day_counts_follow_sides_types_dates_and_search(store: EventStore) -> None:
    armenia = EventFilter(sides=frozenset({"Armenia"}))
    assert store.day_counts(armenia) == [
        ("2020-09-21", 1),
        ("2020-09-27", 1),
        ("2020-09-28", 1),
        ("2020-10-01", 2),
        ("2020-10-03", 1),
        ("2020-10-05", 3),
    ]
    assert store.day_counts(EventFilter(event_types=frozenset({"REQUEST", "AGREE"}))) == [
        ("1994-01-01", 1),
        ("2020-09-01", 1),
    ]
    # Events whose period overlaps the range: the month of September and the week too.
    assert store.day_counts(EventFilter(date_start="2020-09-27", date_end="2020-09-28")) == [
        ("2020-09-01", 1),
        ("2020-09-21", 1),
        ("2020-09-27", 1),
        ("2020-09-28", 2),
    ]
    assert store.day_counts(EventFilter(text="servicemen")) == [(None, 1)]


def test_day_counts_of_nothing_is_empty(store: EventStore) -> None:
    assert store.day_counts(EventFilter(text="nowhere-to-be-found")) == []


def test_day_counts_fold_times_of_day_into_their_day(tmp_path: Path) -> None:
    path = build_database(tmp_path / "times.db", [DAYS_ARTICLE])
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE events SET date_start = '2020-09-28T06:30' WHERE id = 1")
    conn.close()
    store = EventStore(path)
    assert ("2020-09-28", 2) in store.day_counts(EventFilter())
    store.close()


def test_day_counts_are_served_by_the_date_index(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million events must be counted off the index, in its order: no table, no sort."""
    seen: list[tuple[str, list]] = []
    run = store._all

    def recording(sql: str, params=()):  # noqa: ANN001, ANN202 - a spy on the query
        seen.append((sql, list(params)))
        return run(sql, params)

    monkeypatch.setattr(store, "_all", recording)
    store.day_counts(EventFilter())
    ((sql, params),) = seen
    conn = sqlite3.connect(store.path)
    plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    conn.close()
    assert "COVERING INDEX" in plan and "date_start" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_loose_dates_name_the_periods_that_begin_on_a_day(store: EventStore) -> None:
    days = [day for day, _ in store.day_counts(EventFilter())]
    assert store.loose_dates(EventFilter(), days) == {
        "1990-01-01": LooseDates(1, ("decade",)),
        "1994-01-01": LooseDates(1, ("year",)),
        "2020-09-01": LooseDates(1, ("month",)),
        "2020-09-21": LooseDates(1, ("week",)),
    }


def test_loose_dates_follow_the_filter(store: EventStore) -> None:
    days = ["2020-09-01", "2020-09-21"]
    assert store.loose_dates(EventFilter(sides=frozenset({"Azerbaijan"})), days) == {}
    assert store.loose_dates(EventFilter(sides=frozenset({"Armenia"})), days) == {
        "2020-09-21": LooseDates(1, ("week",))
    }
    assert store.loose_dates(EventFilter(), [None, "2020-09-28", "not a day"]) == {}


# Headings


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        (DayHeading("2020-09-28", 12), "Mon 28 Sep 2020 · 12 events"),
        (DayHeading("2020-09-28", 1), "Mon 28 Sep 2020 · 1 event"),
        (DayHeading(None, 1204), "Undated · 1,204 events"),
        (DayHeading("2020-09-01", 3, LooseDates(3, ("month",))), "Sep 2020 · 3 events"),
        (DayHeading("2016-01-01", 5, LooseDates(5, ("month", "year"))), "2016 · 5 events"),
        (DayHeading("1990-01-01", 1, LooseDates(1, ("decade",))), "1990s · 1 event"),
        (DayHeading("2020-09-21", 2, LooseDates(2, ("week",))), "Week of 21 Sep 2020 · 2 events"),
        (
            DayHeading("2016-01-01", 12, LooseDates(3, ("month", "year"))),
            "Fri 1 Jan 2016 · 12 events, 3 dated only to the month or year",
        ),
        (DayHeading("20-09-28", 2), "20-09-28 · 2 events"),
    ],
)
def test_heading_labels(heading: DayHeading, label: str) -> None:
    assert heading_label(heading) == label


# Buckets


@pytest.mark.parametrize(
    ("unit", "day", "start", "label"),
    [
        ("day", date(2020, 9, 28), date(2020, 9, 28), "28 Sep 2020"),
        ("week", date(2020, 10, 4), date(2020, 9, 28), "28 Sep 2020"),
        ("month", date(2020, 9, 28), date(2020, 9, 1), "Sep 2020"),
        ("quarter", date(2020, 9, 28), date(2020, 7, 1), "Q3 2020"),
        ("year", date(2020, 9, 28), date(2020, 1, 1), "2020"),
        ("decade", date(1994, 5, 1), date(1990, 1, 1), "1990s"),
        ("century", date(1994, 5, 1), date(1900, 1, 1), "1900s"),
        ("millennium", date(1994, 5, 1), date(1000, 1, 1), "1000s"),
    ],
)
def test_buckets_start_where_their_unit_does(unit: str, day: date, start: date, label: str) -> None:
    bucket = bucket_of(day, unit)
    assert bucket_start(bucket, unit) == start
    assert bucket_of(start, unit) == bucket
    assert bucket_of(bucket_start(bucket + 1, unit), unit) == bucket + 1
    assert bucket_label(bucket, unit) == label


def test_chart_counts_every_bucket_between_the_first_and_last_day() -> None:
    days = [(date(2020, 9, 28), 2), (date(2020, 9, 30), 1), (date(2020, 10, 12), 4)]
    chart = chart_days(days, "week")
    assert chart.counts == (3, 0, 4)
    placed = chart.placed(10, left=5)
    assert (placed.columns, placed.width) == (3, 9)
    assert placed.column_of(date(2020, 10, 13)) == 11
    assert placed.column_of(date(2020, 11, 1)) is None
    assert [placed.bucket_at(column) for column in (4, 5, 7, 8, 13, 14)] == [
        None,
        0,
        0,
        1,
        2,
        None,
    ]


@pytest.mark.parametrize(
    ("unit", "day", "tick"),
    [
        ("day", date(2020, 10, 1), "Oct"),
        ("day", date(2021, 1, 1), "2021"),
        ("day", date(2020, 10, 2), None),
        ("week", date(2020, 9, 28), "Oct"),  # its Thursday is 1 October
        ("week", date(2020, 9, 21), None),
        ("month", date(2021, 1, 1), "2021"),
        ("year", date(1990, 1, 1), "1990"),
        ("decade", date(2000, 1, 1), "2000"),
    ],
)
def test_ticks_mark_where_the_next_unit_up_begins(unit: str, day: date, tick: str | None) -> None:
    assert tick_label(bucket_of(day, unit), unit) == tick
