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
        # The fields the filter does not choose are counted under the same conditions, so in
        # one pass over the matching events, grouped by all of them: a side's events take a
        # third of a second to find at a million events, and three passes took three times it.
        # With no condition at all there is nothing to share, and one field at a time is
        # quicker: the event type's index hands its groups over in order, where grouping
        # every event by three columns sorts a million rows.
        chosen = [field for field in KIND_FIELDS if getattr(f, field)]
        shared = [field for field in KIND_FIELDS if field not in chosen]
        groups = [[field] for field in chosen]
        if shared and event_conditions(f)[0]:
            groups.append(shared)
        else:
            groups += [[field] for field in shared]
        counts: dict[str, dict[str, int]] = {}
        for fields in groups:
            counts |= self._counts_per_value(replace(f, **{fields[0]: frozenset()}), fields)
        return KindCounts(
            **{
                field: tuple(sorted(counts[field].items(), key=lambda item: (-item[1], item[0])))
                for field in KIND_FIELDS
            }
        )

    def _counts_per_value(self, f: EventFilter, fields: list[str]) -> dict[str, dict[str, int]]:
        """Events per value of each of the fields under the filter; values that are NULL are
        not counted."""
        columns = ", ".join(f"e.{_COLUMNS[field]}" for field in fields)
        clauses, params = event_conditions(f, every=True)
        counts: dict[str, dict[str, int]] = {field: {} for field in fields}
        for *values, n in self._all(
            f"SELECT {columns}, count(*) FROM events e {where(clauses)} "  # noqa: S608 - constant fragments
            f"GROUP BY {columns}",
            params,
        ):
            for field, value in zip(fields, values, strict=True):
                if value is not None:
                    counts[field][value] = counts[field].get(value, 0) + n
        return counts
