"""Queries for the Actors and Articles views: one row per actor or article under a filter."""

from __future__ import annotations

from store.query_base import QueryBase


class ListingQueries(QueryBase):
    """Actors and articles with their counts, paged by key."""
