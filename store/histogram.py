"""Queries for the histogram above the timeline and the timeline's day headings.

Both count a filter's events per day of ``date_start``. The count groups by the column itself
rather than by ``substr(date_start, 1, 10)``: an index on ``events(date_start)`` then hands the
rows over in order and SQLite counts them without sorting (on a million events, a covering
index scan of about 35 ms against 190 ms for the expression, which needs a temporary B-tree).
Days are folded from the column in Python, where the groups are already few.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from store.filters import EventFilter, event_conditions, marks, where
from store.query_base import QueryBase

DayCount = tuple[str | None, int]
"""A day (``YYYY-MM-DD``, None for undated events) and how many events start on it."""

LOOSE_PRECISIONS = ("week", "month", "year", "decade")
"""Precisions wider than a day, narrowest first. Such a date is stored as its period's first
day (a Monday for a week, the 1st of a month otherwise), so it shares that day's group."""


@dataclass(frozen=True, slots=True)
class LooseDates:
    """The events of a day that are dated only to a wider period beginning on it."""

    events: int
    precisions: tuple[str, ...]
    """Their precisions, narrowest first (a subset of :data:`LOOSE_PRECISIONS`)."""

    @property
    def widest(self) -> str:
        return self.precisions[-1]


class HistogramQueries(QueryBase):
    """Events counted per day, and which days hold events dated only to a week or longer."""

    def day_counts(self, f: EventFilter) -> list[DayCount]:
        """Events per day of ``date_start`` under the filter, in timeline order, undated last.

        Days without events are left out; the undated count, when there is one, comes last
        with None as its day.
        """
        clauses, params = event_conditions(f, every=True)
        rows = self._all(
            f"SELECT e.date_start, count(*) FROM events e {where(clauses)} "  # noqa: S608
            "GROUP BY e.date_start ORDER BY e.date_start",
            params,
        )
        days: list[DayCount] = []
        undated = 0
        for date_start, count in rows:
            if date_start is None:
                undated = count
            elif days and days[-1][0] == date_start[:10]:
                # A date with a time of day sorts right after the bare date of the same day.
                days[-1] = (days[-1][0], days[-1][1] + count)
            else:
                days.append((date_start[:10], count))
        if undated:
            days.append((None, undated))
        return days

    def loose_dates(self, f: EventFilter, days: Sequence[str | None]) -> dict[str, LooseDates]:
        """Of these days, those where some of the filter's events are dated only to a wider
        period (a week, month, year or decade) that begins on the day.

        Only days that can begin such a period (Mondays and the 1st of a month) are looked
        up, by index, so the query reads a fraction of the rows that :meth:`day_counts` counts.
        """
        candidates = [day for day in days if day is not None and _may_begin_a_period(day)]
        if not candidates:
            return {}
        clauses, params = event_conditions(f, every=True)
        conditions = [
            *clauses,
            f"e.date_precision IN ({marks(LOOSE_PRECISIONS)})",
            # One parameter however many days: json_each turns a JSON list into rows.
            "e.date_start IN (SELECT value FROM json_each(?))",
        ]
        rows = self._all(
            f"SELECT e.date_start, e.date_precision, count(*) FROM events e {where(conditions)} "  # noqa: S608
            "GROUP BY e.date_start, e.date_precision",
            [*params, *LOOSE_PRECISIONS, json.dumps(candidates)],
        )
        found: dict[str, dict[str, int]] = {}
        for day, precision, count in rows:
            found.setdefault(day, {})[precision] = count
        return {
            day: LooseDates(
                events=sum(counts.values()),
                precisions=tuple(p for p in LOOSE_PRECISIONS if p in counts),
            )
            for day, counts in found.items()
        }


def _may_begin_a_period(day: str) -> bool:
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return False
    return parsed.day == 1 or parsed.weekday() == 0
