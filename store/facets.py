"""Facet counts for the filter pane's kinds: events per type, status and modality.

Each field is counted under the filter without that field's own choice, so the pane can show
what choosing another value would add (the same rule as the side and actor counts).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from store.filters import EventFilter, event_conditions, where
from store.query_base import QueryBase

KIND_FIELDS = ("event_types", "statuses", "modalities")
"""The :class:`EventFilter` fields the kinds facet counts, in the pane's order."""

_COLUMNS = {"event_types": "event_type", "statuses": "status", "modalities": "modality"}


@dataclass(frozen=True, slots=True)
class KindCounts:
    """Events per value of each kind field, most frequent first."""

    event_types: tuple[tuple[str, int], ...]
    statuses: tuple[tuple[str, int], ...]
    modalities: tuple[tuple[str, int], ...]


class FacetQueries(QueryBase):
    """Counts for the kinds section of the filter pane."""

    def kind_counts(self, f: EventFilter) -> KindCounts:
        """Events per event type, status and modality under the filter (see module doc)."""
        counts: dict[str, tuple[tuple[str, int], ...]] = {}
        for field in KIND_FIELDS:
            column = _COLUMNS[field]
            clauses, params = event_conditions(replace(f, **{field: frozenset()}))
            rows = self._all(
                f"SELECT e.{column}, count(*) AS n FROM events e "  # noqa: S608 - constant fragments
                f"{where([*clauses, f'e.{column} IS NOT NULL'])} "
                f"GROUP BY e.{column} ORDER BY n DESC, e.{column}",
                params,
            )
            counts[field] = tuple((value, count) for value, count in rows)
        return KindCounts(**counts)
