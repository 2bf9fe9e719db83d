"""The query API: every read the app makes, as parametrised SQL over a read-only connection.

The app never builds SQL. It describes what the reader wants with an :class:`EventFilter` and
asks an :class:`EventStore` for counts, pages and details. Pages are fetched by key (keyset
paging: "the rows after this one"), so the cost of a page does not grow with the size of the
table; the timeline order is ``date_start`` with undated events last, then ``id``.

User text never reaches SQL or FTS5 syntax: values are bound as parameters, search terms are
quoted by :func:`store.filters.fts_query` and actor prefixes are escaped for ``LIKE``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, TypeVar

from store.export import ExportQueries
from store.facets import FacetQueries
from store.filters import (
    OTHER_SIDE,
    EventFilter,
    actor_entries,
    event_conditions,
    fts_query,
    like_prefix,
    marks,
    quote_conditions,
    quote_tables,
    side_entries,
    where,
)
from store.histogram import HistogramQueries
from store.listing import ListingQueries
from store.query_base import FilteredPages

RowT = TypeVar("RowT")

EventKey = tuple[str | None, int]
"""Where an event sits in the timeline order: its ``date_start`` (None when undated) and id."""


@dataclass(frozen=True, slots=True)
class SideInfo:
    """A side of the conflict as the sides file named it."""

    label: str
    colour: str
    position: int


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as rows show it: enough to name it and colour it by side."""

    id: int
    name: str
    side: str | None


@dataclass(frozen=True, slots=True)
class ActorCount:
    """An actor with the number of events it takes part in under a filter."""

    id: int
    name: str
    kind: str
    side: str | None
    events: int


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One event as a line of the timeline."""

    id: int
    date_start: str | None
    date_end: str | None
    date_precision: str | None
    date_text: str | None
    event_type: str
    mode: str | None
    summary: str | None
    status: str
    modality: str | None
    claimed_by: ActorRef | None
    sources: tuple[ActorRef, ...]
    targets: tuple[ActorRef, ...]

    @property
    def key(self) -> EventKey:
        """The row's place in the timeline order, for keyset paging."""
        return (self.date_start, self.id)


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets into a sentence's text (not the article's)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """Where an actor is named in a sentence."""

    span: Span
    actor: ActorRef


@dataclass(frozen=True, slots=True)
class SentenceText:
    """A sentence with its place in the article."""

    id: int
    idx: int
    start: int
    end: int
    text: str
    kind: str


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What identifies an article to a reader."""

    id: int
    title: str | None
    published: str | None
    source: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class CasualtyInfo:
    """A casualty figure reported in a sentence."""

    kind: str
    count_min: int | None
    count_max: int | None
    qualifier: str | None
    cumulative: bool
    victims: str | None
    victim_side: str | None
    claimed_by: ActorRef | None


@dataclass(frozen=True, slots=True)
class EventDetail:
    """Everything the detail pane shows about one event."""

    event: TimelineRow
    cameo_root: str
    trigger: str | None
    trigger_span: Span | None
    date_span: Span | None
    location: str | None
    others: tuple[ActorRef, ...]
    sentence: SentenceText
    before: tuple[SentenceText, ...]
    after: tuple[SentenceText, ...]
    mentions: tuple[MentionSpan, ...]
    """Every actor named in the sentence, in text order."""
    quote_spans: tuple[Span, ...]
    casualties: tuple[CasualtyInfo, ...]
    article: ArticleInfo


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One quote as a line of the Quotes view, with what its detail needs."""

    id: int
    speaker: str | None
    """The speaker's canonical name, else the words the article uses ("she", "officials")."""
    speaker_id: int | None
    speaker_side: str | None
    text: str
    kind: str
    cue: str | None
    medium: str | None
    span: Span | None
    """The quote within its sentence."""
    sentence: SentenceText
    article: ArticleInfo

    @property
    def key(self) -> int:
        """The row's place in the quotes order, for keyset paging."""
        return self.id


def _relative(start: int | None, end: int | None, sentence: SentenceText) -> Span | None:
    """An article offset pair as a span of the sentence, or None when it lies outside it."""
    if start is None or end is None:
        return None
    relative_start = max(start - sentence.start, 0)
    relative_end = min(end - sentence.start, len(sentence.text))
    if relative_start >= relative_end:
        return None
    return Span(relative_start, relative_end)


# How long walking a list in its order may take to fill a page before gathering the matches
# and sorting them is tried instead (see EventStore._page_ids). Search words get longer: with a
# million events, finding the sentences of a word as common as "said" alone takes 0.1 s, which
# the walk pays before it tests a single event, and gathering would pay again.
_WALK_BUDGET_S = 0.05
_WALK_BUDGET_WITH_WORDS_S = 0.15
# Matches few enough to gather and sort in a few milliseconds, whatever the database's size.
_FEW_ROWS = 2000
# Filters remembered as sparse; a reader makes far fewer filter changes in a session.
_SPARSE_FILTERS_KEPT = 256
# Index entries of a side's actors few enough to read into a set in some 10 ms at most, which a
# walk then tests each event against: at a million events the smallest side's first page took
# 40 ms looking up the actors of each event it met, 14 ms with its set. A side with entries for
# more than a tenth of the events keeps the lookups: its walk meets a page of its events soon,
# sooner than its set is read (at 100,000 events the largest side's pages took twice as long).
_SMALL_SIDE_ENTRIES = 100_000
_SMALL_SIDE_SHARE = 0.1

_EVENT_COLUMNS = (
    "e.id, e.date_start, e.date_end, e.date_precision, e.date_text, e.event_type, e.mode, "
    "e.summary, e.status, e.modality, claimant.id, claimant.name, claimant.side"
)
_EVENT_FROM = "FROM events e LEFT JOIN actors claimant ON claimant.id = e.claimed_by"

_QUOTE_SELECT = (
    "SELECT q.id, coalesce(speaker.name, q.speaker_text), q.speaker_id, speaker.side, q.text, "
    'q.kind, q.cue, q.medium, q.start, q."end", s.id, s.idx, s.start, s."end", s.text, s.kind, '
    "ar.id, ar.title, ar.published, ar.source, ar.url "
    "FROM quotes q JOIN sentences s ON s.id = q.sentence_id "
    "JOIN articles ar ON ar.id = q.article_id "
    "LEFT JOIN actors speaker ON speaker.id = q.speaker_id"
)


class EventStore(ListingQueries, HistogramQueries, FacetQueries, ExportQueries):
    """Everything the app reads: sides, facets, timeline pages, event details and quotes.

    Raises:
        store.database.DatabaseError: from the constructor, when the file cannot be used.
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        # Lists ("events", "quotes") under filters too sparse for walking (see _page_ids).
        self._sparse: set[tuple[str, EventFilter]] = set()
        # Whether the events of these sides are few enough to walk with (see _small_sides).
        self._small: dict[frozenset[str], bool] = {}

    # Sides and actors

    def sides(self) -> list[SideInfo]:
        """The sides of the conflict in the sides file's order."""
        rows = self._all("SELECT label, colour, position FROM sides ORDER BY position, label")
        return [SideInfo(label, colour, position) for label, colour, position in rows]

    def side_counts(self, f: EventFilter) -> dict[str, int]:
        """Events per side (and :data:`OTHER_SIDE`) under the filter, ignoring its sides.

        An event with actors on two sides counts for both.
        """
        clauses, params = event_conditions(replace(f, sides=frozenset()))
        no_actor = 0
        if clauses:
            # From the matching events to their actors' sides; the left joins put events
            # without an actor, like actors without a side, under NULL: "other".
            rows = self._all(
                "SELECT a.side, count(DISTINCT e.id) FROM events e "  # noqa: S608 - constant fragments
                "LEFT JOIN event_actors ea ON ea.event_id = e.id "
                f"LEFT JOIN actors a ON a.id = ea.actor_id {where(clauses)} GROUP BY a.side",
                params,
            )
        else:
            # Every event: from each side's actors (in side order, so that the groups need no
            # sorting) to their events by the indexes alone, twice as fast as from every event
            # to its actors; events without an actor are those that event_actors does not name.
            rows = self._all(
                "SELECT a.side, count(DISTINCT ea.event_id) FROM actors a "
                "CROSS JOIN event_actors ea ON ea.actor_id = a.id GROUP BY a.side"
            )
            no_actor = self._all(
                "SELECT (SELECT count(*) FROM events) "
                "- (SELECT count(DISTINCT event_id) FROM event_actors)"
            )[0][0]
        counts = {OTHER_SIDE if side is None else side: events for side, events in rows}
        counts[OTHER_SIDE] = counts.get(OTHER_SIDE, 0) + no_actor
        return counts

    def actor_counts(
        self,
        f: EventFilter,
        prefix: str = "",
        limit: int = 200,
        include: frozenset[int] = frozenset(),
    ) -> list[ActorCount]:
        """Actors with their events under the filter (ignoring its actors), most events first.

        Args:
            f: the filter; its own actor choice is left out so that more actors can be added.
            prefix: keeps actors whose name, a word of it, or an alias starts with it.
            limit: the most actors to return.
            include: actors returned even when the prefix or limit would leave them out
                (the reader's current choice, so it can be undone), first.
        """
        others = replace(f, actor_ids=frozenset())
        clauses, params = event_conditions(others)
        # Counted per actor id first, from event_actors' (actor_id, event_id) index; names are
        # read for the counted actors only.
        if prefix.strip():
            # From the actors the prefix names (the cross joins fix that order whatever the
            # planner's statistics say) to their events, each tested against the filter.
            pattern = like_prefix(prefix.strip())
            named = (
                "(a.name LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\' OR EXISTS "
                "(SELECT 1 FROM actor_aliases al WHERE al.actor_id = a.id "
                "AND al.alias LIKE ? ESCAPE '\\'))"
            )
            events = "CROSS JOIN events e ON e.id = ea.event_id " if clauses else ""
            counted = (
                "SELECT ea.actor_id, count(DISTINCT ea.event_id) AS n FROM actors a "  # noqa: S608
                f"CROSS JOIN event_actors ea ON ea.actor_id = a.id {events}"
                f"{where([named, *clauses])} GROUP BY ea.actor_id"
            )
            rows = self._all(
                _top_actors(counted), [pattern, "% " + pattern, pattern, *params, limit]
            )
        else:
            # Every matching event is read here, where a prefix reads few.
            entries, entry_params = actor_entries(others)
            rows = self._all(_top_actors(_events_per_actor(entries)), [*entry_params, limit])
        found = [ActorCount(*row) for row in rows]
        chosen = sorted(include)
        if not chosen:
            return found
        chosen_rows = self._all(
            "SELECT a.id, a.name, a.kind, a.side, "  # noqa: S608 - constant fragments
            "(SELECT count(DISTINCT e.id) FROM events e JOIN event_actors ea "
            f"ON ea.event_id = e.id {where([*clauses, 'ea.actor_id = a.id'])}) "
            f"FROM actors a WHERE a.id IN ({marks(chosen)}) ORDER BY a.name",
            [*params, *chosen],
        )
        first = [ActorCount(*row) for row in chosen_rows]
        return first + [actor for actor in found if actor.id not in include]

    # Events

    def count_events(self, f: EventFilter | None = None) -> int:
        """How many events match the filter (all events with None)."""
        f = f or EventFilter()
        if f.sides and f == EventFilter(sides=f.sides):
            return self._count_of_sides(f.sides)
        clauses, params = event_conditions(f, every=True)
        sql = f"SELECT count(*) FROM events e {where(clauses)}"  # noqa: S608
        return self._all(sql, params)[0][0]

    def _count_of_sides(self, sides: frozenset[str]) -> int:
        """How many events have an actor on one of the sides (or, for :data:`OTHER_SIDE`, on
        no side or no actor at all).

        Counted from the actors' index entries without reading the events (at a million
        events 0.12 s for a side in two fifths of them, against 0.2 s testing each event
        against the side's set, and 0.3 s against 0.5 s for "other"). Events without an
        actor are those that event_actors does not name, as in :meth:`side_counts`.
        """
        params: list[object] = []
        entries = side_entries(sides, params)
        count = self._all(f"SELECT count(DISTINCT ea.event_id) FROM {entries}", params)[0][0]  # noqa: S608
        if OTHER_SIDE in sides:
            count += self._all(
                "SELECT (SELECT count(*) FROM events) "
                "- (SELECT count(DISTINCT event_id) FROM event_actors)"
            )[0][0]
        return count

    def events_after(
        self, f: EventFilter, after: EventKey | None = None, limit: int = 100
    ) -> list[TimelineRow]:
        """Up to ``limit`` events following ``after`` (from the start with None), in order."""
        rows: list[tuple] = []
        if after is None or after[0] is not None:
            keyset = ["e.date_start IS NOT NULL"]
            keyset_params: list[object] = []
            if after is not None:
                keyset.append("(e.date_start, e.id) > (?, ?)")
                keyset_params.extend(after)
            rows += self._event_rows(f, keyset, keyset_params, "e.date_start, e.id", limit)
        if len(rows) < limit and _may_match_undated(f):
            last_undated = after[1] if after is not None and after[0] is None else -1
            rows += self._event_rows(
                f, ["e.date_start IS NULL", "e.id > ?"], [last_undated], "e.id", limit - len(rows)
            )
        return self._with_actors(rows)

    def events_before(
        self, f: EventFilter, before: EventKey | None = None, limit: int = 100
    ) -> list[TimelineRow]:
        """Up to ``limit`` events preceding ``before`` (the last ones with None), in order."""
        rows: list[tuple] = []
        if (before is None or before[0] is None) and _may_match_undated(f):
            keyset = ["e.date_start IS NULL"]
            keyset_params: list[object] = []
            if before is not None:
                keyset.append("e.id < ?")
                keyset_params.append(before[1])
            rows += self._event_rows(f, keyset, keyset_params, "e.id DESC", limit)
        if len(rows) < limit:
            keyset = ["e.date_start IS NOT NULL"]
            keyset_params = []
            if before is not None and before[0] is not None:
                keyset.append("(e.date_start, e.id) < (?, ?)")
                keyset_params.extend(before)
            rows += self._event_rows(
                f, keyset, keyset_params, "e.date_start DESC, e.id DESC", limit - len(rows)
            )
        rows.reverse()
        return self._with_actors(rows)

    def events_at(self, f: EventFilter, offset: int, limit: int = 100) -> list[TimelineRow]:
        """Up to ``limit`` events from position ``offset`` of the timeline.

        For jumps to a place no loaded page is next to; paging by key is cheaper.
        """
        dated = None
        if _may_match_undated(f):
            clauses, params = event_conditions(f, every=True)
            dated = self._all(
                f"SELECT count(*) FROM events e {where([*clauses, 'e.date_start IS NOT NULL'])}",  # noqa: S608
                params,
            )[0][0]
        rows: list[tuple] = []
        if dated is None or offset < dated:
            rows += self._event_rows(
                f, ["e.date_start IS NOT NULL"], [], "e.date_start, e.id", limit, offset
            )
        if dated is not None and len(rows) < limit:
            rows += self._event_rows(
                f,
                ["e.date_start IS NULL"],
                [],
                "e.id",
                limit - len(rows),
                max(offset - dated, 0),
            )
        return self._with_actors(rows)

    def event_position(self, f: EventFilter, key: EventKey) -> int:
        """How many events of the filter come before ``key`` in the timeline order."""
        clauses, params = event_conditions(f, every=True)
        date_start, event_id = key
        if date_start is None:
            before = "(e.date_start IS NOT NULL OR e.id < ?)"
            before_params: list[object] = [event_id]
        else:
            before = "e.date_start IS NOT NULL AND (e.date_start, e.id) < (?, ?)"
            before_params = [date_start, event_id]
        sql = f"SELECT count(*) FROM events e {where([*clauses, before])}"  # noqa: S608
        return self._all(sql, [*params, *before_params])[0][0]

    def _event_rows(
        self,
        f: EventFilter,
        keyset: list[str],
        keyset_params: list[object],
        order: str,
        limit: int,
        offset: int = 0,
    ) -> list[tuple]:
        """The rows of one stretch of the timeline (dated or undated events) in ``order``.

        The page's ids are found first, from indexes alone where possible, and only their rows
        are read: sorting or skipping a hundred thousand ids is cheap, rows are not.
        """
        ids = self._event_ids(f, keyset, keyset_params, order, limit, offset)
        if not ids:
            return []
        rows = self._all(
            f"SELECT {_EVENT_COLUMNS} {_EVENT_FROM} WHERE e.id IN ({marks(ids)})",  # noqa: S608
            ids,
        )
        by_id = {row[0]: row for row in rows}
        return [by_id[event_id] for event_id in ids if event_id in by_id]

    def _event_ids(
        self,
        f: EventFilter,
        keyset: list[str],
        keyset_params: list[object],
        order: str,
        limit: int,
        offset: int,
    ) -> list[int]:
        """The ids of a page of the timeline (see :meth:`_page_ids`).

        The walk follows the timeline index: the date range is its own range, the other
        conditions are tested on each event.
        """
        tail = [*keyset_params, limit, offset]
        ranked = f"ORDER BY {order} LIMIT ? OFFSET ?"
        dates, date_params = event_conditions(
            EventFilter(date_start=f.date_start, date_end=f.date_end)
        )
        others, other_params = event_conditions(
            replace(f, date_start=None, date_end=None), side_set=self._small_sides(f.sides)
        )
        walk = (
            f"SELECT e.id FROM events e {where([*dates, *_hidden(others), *keyset])} {ranked}",  # noqa: S608
            [*date_params, *other_params, *tail],
        )
        gather = None
        if f.actor_ids or f.text.strip() or f.event_types:
            clauses, params = event_conditions(f)
            gather = (
                f"SELECT e.id FROM events e {where([*clauses, *_hidden(keyset)])} "  # noqa: S608
                f"ORDER BY {_hidden_order(order)} LIMIT ? OFFSET ?",
                [*params, *tail],
            )
        bounds = _bounds(f, "event_actors", "actor_id")
        if f.event_types:
            types = sorted(f.event_types)
            bounds.append(_Bound(f"events WHERE event_type IN ({marks(types)})", types))
        return self._page_ids("events", f, walk, gather, bounds, jump=offset > 0)

    def _small_sides(self, sides: frozenset[str]) -> bool:
        """Whether named sides have at most :data:`_SMALL_SIDE_ENTRIES` actor index entries, and
        at most :data:`_SMALL_SIDE_SHARE` of the number of events."""
        if not sides or OTHER_SIDE in sides:
            return False
        if sides not in self._small:
            params: list[object] = []
            entries = self._all(
                f"SELECT count(*) FROM (SELECT 1 FROM {side_entries(sides, params)} LIMIT ?)",  # noqa: S608
                [*params, _SMALL_SIDE_ENTRIES + 1],
            )[0][0]
            events = self._all("SELECT count(*) FROM events")[0][0]
            if len(self._small) >= _SPARSE_FILTERS_KEPT:
                self._small.clear()
            self._small[sides] = entries <= min(_SMALL_SIDE_ENTRIES, events * _SMALL_SIDE_SHARE)
        return self._small[sides]

    def _page_ids(
        self,
        kind: str,
        f: EventFilter,
        walk: tuple[str, list[object]],
        gather: tuple[str, list[object]] | None,
        bounds: list[_Bound],
        *,
        jump: bool,
    ) -> list[int]:
        """The ids of a page, by walking the list's order or by gathering matches and sorting.

        SQLite cannot tell how many rows a filter matches. Given an index for one of its
        conditions (an actor's events, a search word's sentences) it gathers every match and
        sorts them, which is right for a rare actor and slow for one in a tenth of all events;
        walking the list's own order and testing each row until the page is full is the other
        way round. So the walk goes first, its conditions hidden from the planner by a unary
        ``+``, for at most :data:`_WALK_BUDGET_S` (or, with search words, the longer
        :data:`_WALK_BUDGET_WITH_WORDS_S`); a walk that takes longer has met few matches,
        and gathering (with the keyset hidden, so that SQLite uses the filter's indexes) serves
        the filter from then on. ``bounds`` name indexes that can say at once that a condition
        matches few rows; a jump by offset walks without a budget, as its cost grows with the
        offset either way. Without ``gather`` there is no index to gather by.
        """
        if gather is not None and (kind, f) not in self._sparse:
            if not self._few_rows(bounds):
                if jump:
                    return [row[0] for row in self._all(*walk)]
                words = fts_query(f.text) is not None
                rows = self._all_within(
                    _WALK_BUDGET_WITH_WORDS_S if words else _WALK_BUDGET_S, *walk
                )
                if rows is not None:
                    return [row[0] for row in rows]
            if len(self._sparse) >= _SPARSE_FILTERS_KEPT:
                self._sparse.clear()
            self._sparse.add((kind, f))
        sql, params = walk if gather is None else gather
        return [row[0] for row in self._all(sql, params)]

    def _few_rows(self, bounds: list[_Bound]) -> bool:
        """Whether one of the bounds holds at most :data:`_FEW_ROWS` rows.

        A source is a table with a condition its index answers; reading that many entries at
        most says at once that the filter matches few rows. A bound's ``floor``, a source of a
        subset of its rows that is cheaper to read, is read first: when the floor alone holds
        more, so does the bound, which is then not read at all.
        """
        return any(
            (bound.floor is None or self._at_most_few(*bound.floor))
            and self._at_most_few(bound.source, bound.params)
            for bound in bounds
        )

    def _at_most_few(self, source: str, params: list[object]) -> bool:
        return (
            self._all(
                f"SELECT count(*) FROM (SELECT 1 FROM {source} LIMIT ?)",  # noqa: S608
                [*params, _FEW_ROWS + 1],
            )[0][0]
            <= _FEW_ROWS
        )

    def _with_actors(self, rows: list[tuple]) -> list[TimelineRow]:
        """Timeline rows for event rows, with their source and target actors (one query)."""
        ids = [row[0] for row in rows]
        roles: dict[int, dict[str, list[ActorRef]]] = {
            event_id: {"source": [], "target": []} for event_id in ids
        }
        if ids:
            for event_id, role, actor_id, name, side in self._all(
                "SELECT ea.event_id, ea.role, a.id, a.name, a.side FROM event_actors ea "  # noqa: S608
                "JOIN actors a ON a.id = ea.actor_id "
                f"WHERE ea.event_id IN ({marks(ids)}) AND ea.role IN ('source', 'target') "
                "ORDER BY ea.event_id, a.name",
                ids,
            ):
                roles[event_id][role].append(ActorRef(actor_id, name, side))
        return [_timeline_row(row, roles[row[0]]) for row in rows]

    def event_detail(self, event_id: int, context: int = 1) -> EventDetail | None:
        """The event with its sentence, ``context`` sentences either side, spans and article.

        Returns None when there is no such event (for instance after a reload).
        """
        found = self._all(
            f"SELECT {_EVENT_COLUMNS}, e.cameo_root, e.trigger, e.trigger_start, "  # noqa: S608
            "e.trigger_end, e.date_text_start, e.date_text_end, e.location, e.sentence_id, "
            f"e.article_id {_EVENT_FROM} WHERE e.id = ?",
            [event_id],
        )
        if not found:
            return None
        row = found[0]
        (cameo_root, trigger, trigger_start, trigger_end, date_text_start, date_text_end) = row[
            13:19
        ]
        location, sentence_id, article_id = row[19:22]
        event = self._with_actors([row[:13]])[0]
        sentence = self._sentence(sentence_id)
        around = [
            SentenceText(*values)
            for values in self._all(
                'SELECT id, idx, start, "end", text, kind FROM sentences '
                "WHERE article_id = ? AND idx BETWEEN ? AND ? AND idx != ? ORDER BY idx",
                [article_id, sentence.idx - context, sentence.idx + context, sentence.idx],
            )
        ]
        others = tuple(
            ActorRef(*values)
            for values in self._all(
                "SELECT a.id, a.name, a.side FROM event_actors ea JOIN actors a "
                "ON a.id = ea.actor_id WHERE ea.event_id = ? AND ea.role = 'other' "
                "ORDER BY a.name",
                [event_id],
            )
        )
        return EventDetail(
            event=event,
            cameo_root=cameo_root,
            trigger=trigger,
            trigger_span=_relative(trigger_start, trigger_end, sentence),
            date_span=_relative(date_text_start, date_text_end, sentence),
            location=location,
            others=others,
            sentence=sentence,
            before=tuple(s for s in around if s.idx < sentence.idx),
            after=tuple(s for s in around if s.idx > sentence.idx),
            mentions=self._mentions(sentence),
            quote_spans=tuple(
                span
                for start, end in self._all(
                    'SELECT start, "end" FROM quotes WHERE sentence_id = ? ORDER BY start',
                    [sentence_id],
                )
                if (span := _relative(start, end, sentence)) is not None
            ),
            casualties=self._casualties(sentence_id),
            article=self._article(article_id),
        )

    def _sentence(self, sentence_id: int) -> SentenceText:
        values = self._all(
            'SELECT id, idx, start, "end", text, kind FROM sentences WHERE id = ?', [sentence_id]
        )[0]
        return SentenceText(*values)

    def _mentions(self, sentence: SentenceText) -> tuple[MentionSpan, ...]:
        mentions = []
        for start, end, actor_id, name, side in self._all(
            'SELECT m.start, m."end", a.id, a.name, a.side FROM mentions m '
            "JOIN actors a ON a.id = m.actor_id WHERE m.sentence_id = ? ORDER BY m.start",
            [sentence.id],
        ):
            span = _relative(start, end, sentence)
            if span is not None:
                mentions.append(MentionSpan(span, ActorRef(actor_id, name, side)))
        return tuple(mentions)

    def _casualties(self, sentence_id: int) -> tuple[CasualtyInfo, ...]:
        rows = self._all(
            "SELECT c.kind, c.count_min, c.count_max, c.qualifier, c.cumulative, c.victims, "
            "c.victim_side, claimant.id, claimant.name, claimant.side FROM casualties c "
            "LEFT JOIN actors claimant ON claimant.id = c.claimed_by "
            "WHERE c.sentence_id = ? ORDER BY c.id",
            [sentence_id],
        )
        return tuple(
            CasualtyInfo(
                kind=kind,
                count_min=count_min,
                count_max=count_max,
                qualifier=qualifier,
                cumulative=bool(cumulative),
                victims=victims,
                victim_side=victim_side,
                claimed_by=ActorRef(c_id, c_name, c_side) if c_id is not None else None,
            )
            for (
                kind,
                count_min,
                count_max,
                qualifier,
                cumulative,
                victims,
                victim_side,
                c_id,
                c_name,
                c_side,
            ) in rows
        )

    def _article(self, article_id: int) -> ArticleInfo:
        values = self._all(
            "SELECT id, title, published, source, url FROM articles WHERE id = ?", [article_id]
        )[0]
        return ArticleInfo(*values)

    # Quotes

    def count_quotes(self, f: EventFilter | None = None) -> int:
        """How many quotes match the filter (all quotes with None)."""
        f = f or EventFilter()
        clauses, params = quote_conditions(f)
        sql = f"SELECT count(*) {quote_tables(f)} {where(clauses)}"  # noqa: S608
        return self._all(sql, params)[0][0]

    def quotes_after(
        self, f: EventFilter, after: int | None = None, limit: int = 100
    ) -> list[QuoteRow]:
        """Up to ``limit`` quotes following quote id ``after``, in article order."""
        return self._quote_rows(f, ["q.id > ?"], [after or 0], "q.id", limit)

    def quotes_before(
        self, f: EventFilter, before: int | None = None, limit: int = 100
    ) -> list[QuoteRow]:
        """Up to ``limit`` quotes preceding quote id ``before`` (the last ones with None)."""
        keyset, keyset_params = (["q.id < ?"], [before]) if before is not None else ([], [])
        rows = self._quote_rows(f, keyset, keyset_params, "q.id DESC", limit)
        rows.reverse()
        return rows

    def quotes_at(self, f: EventFilter, offset: int, limit: int = 100) -> list[QuoteRow]:
        """Up to ``limit`` quotes from position ``offset``."""
        return self._quote_rows(f, [], [], "q.id", limit, offset)

    def _quote_rows(
        self,
        f: EventFilter,
        keyset: list[str],
        keyset_params: list[object],
        order: str,
        limit: int,
        offset: int = 0,
    ) -> list[QuoteRow]:
        """Quotes in ``order``: the page's ids first, found as timeline pages are (see
        :meth:`_page_ids`) and from the tables the filter needs only, then their rows."""
        clauses, params = quote_conditions(f)
        tail = [*keyset_params, limit, offset]
        ranked = f"ORDER BY {order} LIMIT ? OFFSET ?"
        tables = quote_tables(f)
        walk = (
            f"SELECT q.id {tables} {where([*_hidden(clauses), *keyset])} {ranked}",  # noqa: S608
            [*params, *tail],
        )
        gather = None
        if clauses:
            gather = (
                f"SELECT q.id {tables} {where([*clauses, *_hidden(keyset)])} "  # noqa: S608
                f"ORDER BY {_hidden_order(order)} LIMIT ? OFFSET ?",
                [*params, *tail],
            )
        bounds = _bounds(f, "quotes", "speaker_id")
        ids = self._page_ids("quotes", f, walk, gather, bounds, jump=offset > 0)
        if not ids:
            return []
        rows = self._all(f"{_QUOTE_SELECT} WHERE q.id IN ({marks(ids)})", ids)  # noqa: S608
        by_id = {row[0]: _quote_row(row) for row in rows}
        return [by_id[quote_id] for quote_id in ids if quote_id in by_id]


def _events_per_actor(entries: str) -> str:
    """Events per actor id, from ``entries`` (see :func:`store.filters.actor_entries`)."""
    return f"SELECT ea.actor_id, count(DISTINCT ea.event_id) AS n {entries} GROUP BY ea.actor_id"


def _top_actors(counted: str) -> str:
    """The actors of a count per actor id, most events first, up to a LIMIT parameter."""
    return (
        f"SELECT a.id, a.name, a.kind, a.side, c.n FROM ({counted}) c "  # noqa: S608
        "JOIN actors a ON a.id = c.actor_id ORDER BY c.n DESC, a.name LIMIT ?"
    )


@dataclass(frozen=True, slots=True)
class _Bound:
    """An upper bound on a filter's matches that an index gives at once (see _few_rows)."""

    source: str
    params: list[object]
    floor: tuple[str, list[object]] | None = None


def _bounds(f: EventFilter, table: str, actor_column: str) -> list[_Bound]:
    """The bounds of a filter: the rows of ``table`` with the chosen actors, and the sentences
    with the search words, whose floor is the sentences with the words whole (common words,
    which take longest to gather as prefixes, are told apart at once by their whole words)."""
    bounds: list[_Bound] = []
    if f.actor_ids:
        ids = sorted(f.actor_ids)
        bounds.append(_Bound(f"{table} WHERE {actor_column} IN ({marks(ids)})", ids))
    query = fts_query(f.text)
    whole_words = fts_query(f.text, prefixes=False)
    if query is not None and whole_words is not None:
        fts = "sentences_fts WHERE sentences_fts MATCH ?"
        bounds.append(_Bound(fts, [query], (fts, [whole_words])))
    return bounds


def _hidden(conditions: list[str]) -> list[str]:
    """Conditions that SQLite tests on each row but does not pick an index by (unary ``+``)."""
    return [f"+({condition})" for condition in conditions]


def _hidden_order(order: str) -> str:
    """An ORDER BY that no index can give, so that SQLite picks one by the conditions."""
    return ", ".join(f"+{term}" for term in order.split(", "))


def _may_match_undated(f: EventFilter) -> bool:
    """Whether undated events can match: a date range leaves them out, having no period."""
    return f.date_start is None and f.date_end is None


def _timeline_row(row: tuple, roles: dict[str, list[ActorRef]]) -> TimelineRow:
    (
        event_id,
        date_start,
        date_end,
        date_precision,
        date_text,
        event_type,
        mode,
        summary,
        status,
        modality,
        claimant_id,
        claimant_name,
        claimant_side,
    ) = row
    return TimelineRow(
        id=event_id,
        date_start=date_start,
        date_end=date_end,
        date_precision=date_precision,
        date_text=date_text,
        event_type=event_type,
        mode=mode,
        summary=summary,
        status=status,
        modality=modality,
        claimed_by=(
            ActorRef(claimant_id, claimant_name, claimant_side) if claimant_id is not None else None
        ),
        sources=tuple(roles["source"]),
        targets=tuple(roles["target"]),
    )


def _quote_row(row: tuple) -> QuoteRow:
    sentence = SentenceText(*row[10:16])
    return QuoteRow(
        id=row[0],
        speaker=row[1],
        speaker_id=row[2],
        speaker_side=row[3],
        text=row[4],
        kind=row[5],
        cue=row[6],
        medium=row[7],
        span=_relative(row[8], row[9], sentence),
        sentence=sentence,
        article=ArticleInfo(*row[16:21]),
    )


class Pages(Protocol[RowT]):
    """Rows under one filter, fetched a page at a time (what a virtual list needs)."""

    def count(self) -> int:
        """How many rows there are."""
        ...

    def after(self, row: RowT | None, limit: int) -> list[RowT]:
        """Up to ``limit`` rows following ``row`` (from the first with None)."""
        ...

    def before(self, row: RowT | None, limit: int) -> list[RowT]:
        """Up to ``limit`` rows preceding ``row`` (the last ones with None), in order."""
        ...

    def at(self, offset: int, limit: int) -> list[RowT]:
        """Up to ``limit`` rows from position ``offset``."""
        ...


class EventPages(FilteredPages):
    """The timeline under one filter, as :class:`Pages`."""

    __slots__ = ()
    QUERIES = ("count_events", "events_after", "events_before", "events_at")


class QuotePages(FilteredPages):
    """The quotes under one filter, as :class:`Pages`."""

    __slots__ = ()
    QUERIES = ("count_quotes", "quotes_after", "quotes_before", "quotes_at")
