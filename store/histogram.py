"""Queries for the histogram above the timeline: events per day under a filter."""

from __future__ import annotations

from store.query_base import QueryBase


class HistogramQueries(QueryBase):
    """Events counted per day."""
