"""Queries for the Actors and Articles views and the article reader.

The views follow the same :class:`~store.filters.EventFilter` as the timeline: an actor or an
article is listed when it has an event or a quote that matches it (with an empty filter: every
actor with an event or a quote, and every article), with the events and quotes counted under
the filter. Event filters that quotes do not have (event types, statuses, modalities) leave
quotes unfiltered, as in the Quotes view.

Pages are fetched by key like the timeline's. Actors are ordered by a count, so every page has
to count all actors of the filter first; articles are ordered by a column, so a page of
articles counts only its own rows.

The reader's records reuse the span and actor records of :mod:`store.queries`. That module
builds :class:`~store.queries.EventStore` on the classes here, so it cannot be imported at the
top of this one: it is imported for type checking only, and where records are built.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from store.filters import (
    EventFilter,
    actor_entries,
    event_conditions,
    marks,
    quote_conditions,
    quote_tables,
    where,
)
from store.query_base import FilteredPages, QueryBase

if TYPE_CHECKING:
    from store.queries import ArticleInfo, MentionSpan, SentenceText, Span

ActorKey = tuple[int, str, int]
"""Where an actor sits in the Actors order: its events (most first), then its name and id."""

ArticleKey = tuple[str | None, int]
"""Where an article sits in the Articles order: published (latest first, undated last), id."""

# Paragraphs are blank-line separated blocks, as the sentence splitter reads them.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")

_QUOTE_FROM = (
    "FROM quotes q JOIN articles ar ON ar.id = q.article_id "
    "LEFT JOIN actors speaker ON speaker.id = q.speaker_id"
)


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor as a line of the Actors view, with its counts under the filter."""

    id: int
    name: str
    kind: str
    country: str | None
    side: str | None
    aliases: tuple[str, ...]
    events: int
    quotes: int

    @property
    def key(self) -> ActorKey:
        """The row's place in the Actors order, for keyset paging."""
        return (self.events, self.name, self.id)


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article as a line of the Articles view, with its counts under the filter."""

    id: int
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    events: int
    quotes: int

    @property
    def key(self) -> ArticleKey:
        """The row's place in the Articles order, for keyset paging."""
        return (self.published, self.id)


@dataclass(frozen=True, slots=True)
class ReaderSentence:
    """A sentence of an article with everything the reader highlights in it.

    Spans are offsets into the sentence's text; an item that runs over several sentences (a
    long quote) has a span in each.
    """

    sentence: SentenceText
    paragraph: int
    """The blank-line separated block of the article the sentence is in, counted from 0."""
    starts_line: bool
    """Whether the sentence begins a line of the article's text (the first one does)."""
    mentions: tuple[MentionSpan, ...]
    triggers: tuple[Span, ...]
    dates: tuple[Span, ...]
    quotes: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ArticleText:
    """A whole article for the reader: what identifies it and every sentence in order."""

    article: ArticleInfo
    sentences: tuple[ReaderSentence, ...]


class ListingQueries(QueryBase):
    """Actors and articles with their counts, paged by key, and whole articles to read."""

    # Actors

    def count_actors(self, f: EventFilter) -> int:
        """How many actors have an event or a quote under the filter."""
        event_sql, event_params = _actor_events(f)
        quote_sql, quote_params = _actor_quotes(f)
        sql = f"SELECT count(DISTINCT actor_id) FROM ({event_sql} UNION ALL {quote_sql})"  # noqa: S608
        return self._all(sql, [*event_params, *quote_params])[0][0]

    def actors_after(
        self, f: EventFilter, after: ActorKey | None = None, limit: int = 100
    ) -> list[ActorRow]:
        """Up to ``limit`` actors following ``after`` (from the first with None), in order."""
        keyset: list[str] = []
        keyset_params: list[object] = []
        if after is not None:
            events, name, actor_id = after
            keyset.append("(c.events < ? OR (c.events = ? AND (a.name, a.id) > (?, ?)))")
            keyset_params.extend([events, events, name, actor_id])
        return self._actor_rows(f, keyset, keyset_params, "c.events DESC, a.name, a.id", limit)

    def actors_before(
        self, f: EventFilter, before: ActorKey | None = None, limit: int = 100
    ) -> list[ActorRow]:
        """Up to ``limit`` actors preceding ``before`` (the last ones with None), in order."""
        keyset: list[str] = []
        keyset_params: list[object] = []
        if before is not None:
            events, name, actor_id = before
            keyset.append("(c.events > ? OR (c.events = ? AND (a.name, a.id) < (?, ?)))")
            keyset_params.extend([events, events, name, actor_id])
        rows = self._actor_rows(f, keyset, keyset_params, "c.events, a.name DESC, a.id DESC", limit)
        rows.reverse()
        return rows

    def actors_at(self, f: EventFilter, offset: int, limit: int = 100) -> list[ActorRow]:
        """Up to ``limit`` actors from position ``offset`` of the Actors order."""
        return self._actor_rows(f, [], [], "c.events DESC, a.name, a.id", limit, offset)

    def _actor_rows(
        self,
        f: EventFilter,
        keyset: list[str],
        keyset_params: list[object],
        order: str,
        limit: int,
        offset: int = 0,
    ) -> list[ActorRow]:
        event_sql, event_params = _actor_events(f)
        quote_sql, quote_params = _actor_quotes(f)
        # Events and quotes are counted apart and summed, so neither multiplies the other.
        sql = (
            "SELECT a.id, a.name, a.kind, a.country, a.side, c.events, c.quotes FROM "  # noqa: S608
            "(SELECT actor_id, sum(events) AS events, sum(quotes) AS quotes "
            f"FROM ({event_sql} UNION ALL {quote_sql}) GROUP BY actor_id) c "
            f"JOIN actors a ON a.id = c.actor_id {where(keyset)} "
            f"ORDER BY {order} LIMIT ? OFFSET ?"
        )
        rows = self._all(sql, [*event_params, *quote_params, *keyset_params, limit, offset])
        aliases = self._aliases([row[0] for row in rows])
        return [ActorRow(*row[:5], aliases.get(row[0], ()), *row[5:]) for row in rows]

    def _aliases(self, actor_ids: list[int]) -> dict[int, tuple[str, ...]]:
        found: dict[int, list[str]] = {}
        if actor_ids:
            for actor_id, alias in self._all(
                "SELECT actor_id, alias FROM actor_aliases "  # noqa: S608 - placeholders only
                f"WHERE actor_id IN ({marks(actor_ids)}) ORDER BY actor_id, alias",
                actor_ids,
            ):
                found.setdefault(actor_id, []).append(alias)
        return {actor_id: tuple(aliases) for actor_id, aliases in found.items()}

    # Articles

    def count_articles(self, f: EventFilter) -> int:
        """How many articles have an event or a quote under the filter (all with none)."""
        matching, params = _matching_articles(f)
        if matching is None:
            return self._all("SELECT count(*) FROM articles")[0][0]
        return self._all(f"SELECT count(*) FROM ({matching})", params)[0][0]  # noqa: S608

    def articles_after(
        self, f: EventFilter, after: ArticleKey | None = None, limit: int = 100
    ) -> list[ArticleRow]:
        """Up to ``limit`` articles following ``after`` (from the first with None), in order."""
        keyset: list[str] = []
        keyset_params: list[object] = []
        if after is not None:
            published, article_id = after
            if published is None:
                keyset.append("(ar.published IS NULL AND ar.id > ?)")
                keyset_params.append(article_id)
            else:
                keyset.append(
                    "(ar.published < ? OR ar.published IS NULL OR (ar.published = ? AND ar.id > ?))"
                )
                keyset_params.extend([published, published, article_id])
        # Descending puts undated articles (NULL) last, as the timeline does.
        return self._article_rows(f, keyset, keyset_params, "published DESC, id", limit)

    def articles_before(
        self, f: EventFilter, before: ArticleKey | None = None, limit: int = 100
    ) -> list[ArticleRow]:
        """Up to ``limit`` articles preceding ``before`` (the last ones with None), in order."""
        keyset: list[str] = []
        keyset_params: list[object] = []
        if before is not None:
            published, article_id = before
            if published is None:
                keyset.append("(ar.published IS NOT NULL OR ar.id < ?)")
                keyset_params.append(article_id)
            else:
                keyset.append("(ar.published > ? OR (ar.published = ? AND ar.id < ?))")
                keyset_params.extend([published, published, article_id])
        rows = self._article_rows(f, keyset, keyset_params, "published, id DESC", limit)
        rows.reverse()
        return rows

    def articles_at(self, f: EventFilter, offset: int, limit: int = 100) -> list[ArticleRow]:
        """Up to ``limit`` articles from position ``offset`` of the Articles order."""
        return self._article_rows(f, [], [], "published DESC, id", limit, offset)

    def _article_rows(
        self,
        f: EventFilter,
        keyset: list[str],
        keyset_params: list[object],
        order: str,
        limit: int,
        offset: int = 0,
    ) -> list[ArticleRow]:
        matching, match_params = _matching_articles(f)
        clauses = [*keyset] if matching is None else [f"ar.id IN ({matching})", *keyset]
        event_clauses, event_params = event_conditions(f)
        quote_clauses, quote_params = quote_conditions(f)
        # The page is chosen first and counted after, so that only its rows are counted. Each
        # count reads its article's rows and tests the filter on them, rather than letting the
        # planner walk a filter's match list (a frequent actor's events) for every article.
        # The conditions name their tables ``e``, ``q`` and ``ar``: those must be the counted
        # rows, or an aggregate of outer columns would make the whole query one group.
        sql = (
            "SELECT article.id, article.title, article.published, article.source, "  # noqa: S608
            f"article.url, (SELECT {_count_if(event_clauses)} FROM events e "
            "WHERE e.article_id = page.id), "
            f"(SELECT {_count_if(quote_clauses)} {_QUOTE_FROM} WHERE q.article_id = page.id) "
            f"FROM (SELECT ar.id, ar.published FROM articles ar {where(clauses)} "
            f"ORDER BY {_prefixed(order, 'ar.')} LIMIT ? OFFSET ?) page "
            f"JOIN articles article ON article.id = page.id ORDER BY {_prefixed(order, 'page.')}"
        )
        params = [
            *event_params,
            *quote_params,
            *match_params,
            *keyset_params,
            limit,
            offset,
        ]
        return [ArticleRow(*row) for row in self._all(sql, params)]

    # The reader

    def event_source(self, event_id: int) -> tuple[int, int] | None:
        """The article and sentence an event was read from, or None when it is gone."""
        found = self._all("SELECT article_id, sentence_id FROM events WHERE id = ?", [event_id])
        return (found[0][0], found[0][1]) if found else None

    def article_text(self, article_id: int) -> ArticleText | None:
        """The whole article with the spans the reader highlights, or None when it is gone."""
        from store.queries import ActorRef, ArticleInfo, MentionSpan, SentenceText, Span

        found = self._all(
            "SELECT id, title, published, source, url, text FROM articles WHERE id = ?",
            [article_id],
        )
        if not found:
            return None
        *info, text = found[0]
        sentences = [
            SentenceText(*values)
            for values in self._all(
                'SELECT id, idx, start, "end", text, kind FROM sentences '
                "WHERE article_id = ? ORDER BY idx",
                [article_id],
            )
        ]
        cutter = _SentenceCutter(sentences)
        spans: dict[str, defaultdict[int, list]] = {
            kind: defaultdict(list) for kind in ("mentions", "triggers", "dates", "quotes")
        }
        for start, end, actor_id, name, side in self._all(
            'SELECT m.start, m."end", a.id, a.name, a.side FROM mentions m '
            "JOIN sentences s ON s.id = m.sentence_id JOIN actors a ON a.id = m.actor_id "
            "WHERE s.article_id = ? ORDER BY m.start",
            [article_id],
        ):
            for position, relative_start, relative_end in cutter.cut(start, end):
                spans["mentions"][position].append(
                    MentionSpan(Span(relative_start, relative_end), ActorRef(actor_id, name, side))
                )
        for kind, sql in (
            ("triggers", "SELECT trigger_start, trigger_end FROM events WHERE article_id = ?"),
            ("dates", "SELECT date_text_start, date_text_end FROM events WHERE article_id = ?"),
            ("quotes", 'SELECT start, "end" FROM quotes WHERE article_id = ?'),
        ):
            for start, end in self._all(f"{sql} ORDER BY 1", [article_id]):  # noqa: S608
                for position, relative_start, relative_end in cutter.cut(start, end):
                    spans[kind][position].append(Span(relative_start, relative_end))
        breaks = _breaks(text, sentences)
        return ArticleText(
            article=ArticleInfo(*info),
            sentences=tuple(
                ReaderSentence(
                    sentence=sentence,
                    paragraph=breaks[position][0],
                    starts_line=breaks[position][1],
                    mentions=tuple(spans["mentions"][position]),
                    triggers=tuple(spans["triggers"][position]),
                    dates=tuple(spans["dates"][position]),
                    quotes=tuple(spans["quotes"][position]),
                )
                for position, sentence in enumerate(sentences)
            ),
        )


class ActorPages(FilteredPages):
    """The Actors view under one filter, as :class:`store.queries.Pages`."""

    __slots__ = ()
    QUERIES = ("count_actors", "actors_after", "actors_before", "actors_at")


class ArticlePages(FilteredPages):
    """The Articles view under one filter, as :class:`store.queries.Pages`."""

    __slots__ = ()
    QUERIES = ("count_articles", "articles_after", "articles_before", "articles_at")


def _actor_events(f: EventFilter) -> tuple[str, list[object]]:
    """``actor_id, events, quotes`` rows counting each actor's events under the filter; a
    distinct count counts an actor once per event, even when it has two roles in it."""
    entries, params = actor_entries(f)
    sql = (
        "SELECT ea.actor_id, count(DISTINCT ea.event_id) AS events, 0 AS quotes "  # noqa: S608
        f"{entries} GROUP BY ea.actor_id"
    )
    return sql, params


def _actor_quotes(f: EventFilter) -> tuple[str, list[object]]:
    """``actor_id, events, quotes`` rows counting each speaker's quotes under the filter."""
    clauses, params = quote_conditions(f)
    # Only the tables the conditions read: joining five million quotes to their articles and
    # speakers to count them by speaker takes seconds, the speaker index alone a fifth of one.
    sql = (
        f"SELECT q.speaker_id, 0, count(*) {quote_tables(f, articles_first=True)} "  # noqa: S608
        f"{where(['q.speaker_id IS NOT NULL', *clauses])} GROUP BY q.speaker_id"
    )
    return sql, params


def _matching_articles(f: EventFilter) -> tuple[str | None, list[object]]:
    """A query of the ids of articles with an event or a quote under the filter.

    None when the filter has no condition at all: then every article is listed, including
    those with nothing extracted from them.
    """
    event_clauses, event_params = event_conditions(f, every=True)
    quote_clauses, quote_params = quote_conditions(f)
    if not event_clauses and not quote_clauses:
        return None, []
    sql = (
        f"SELECT e.article_id FROM events e {where(event_clauses)} "  # noqa: S608
        f"UNION SELECT q.article_id {quote_tables(f)} {where(quote_clauses)}"
    )
    return sql, [*event_params, *quote_params]


def _count_if(clauses: list[str]) -> str:
    """An aggregate counting the rows that meet every condition."""
    if not clauses:
        return "count(*)"
    return f"count(CASE WHEN {' AND '.join(clauses)} THEN 1 END)"


def _prefixed(order: str, prefix: str) -> str:
    """An ORDER BY of bare column names with each column taken from a table alias."""
    return ", ".join(prefix + term.strip() for term in order.split(","))


def _breaks(text: str, sentences: list[SentenceText]) -> list[tuple[int, bool]]:
    """The paragraph of each sentence (a new one after every blank line between sentences) and
    whether a line of the text begins with it."""
    breaks = []
    paragraph = 0
    previous_end: int | None = None
    for sentence in sentences:
        gap = text[previous_end : sentence.start] if previous_end is not None else "\n"
        if _PARAGRAPH_BREAK.search(gap):
            paragraph += 1
        breaks.append((paragraph, "\n" in gap))
        previous_end = sentence.end
    return breaks


class _SentenceCutter:
    """Cuts spans of an article's text into spans of the sentences they overlap."""

    def __init__(self, sentences: list[SentenceText]) -> None:
        self._sentences = sentences
        self._starts = [sentence.start for sentence in sentences]

    def cut(self, start: int | None, end: int | None) -> Iterator[tuple[int, int, int]]:
        """``(sentence position, start, end)`` of the span in each sentence it overlaps.

        Offsets are relative to the sentence; a span with an unknown end yields nothing.
        """
        if start is None or end is None:
            return
        first = max(bisect_right(self._starts, start) - 1, 0)
        for position in range(first, bisect_left(self._starts, end)):
            sentence = self._sentences[position]
            relative_start = max(start - sentence.start, 0)
            relative_end = min(end - sentence.start, len(sentence.text))
            if relative_start < relative_end:
                yield position, relative_start, relative_end
