"""What the reader filters by, and how a filter becomes SQL conditions.

:class:`EventFilter` is the one piece of state the app, the exports and every query share.
The condition builders return constant SQL fragments with ``?`` placeholders and the values as
parameters, so user text never becomes SQL; search words go through :func:`fts_query`, so they
never become FTS5 syntax either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

OTHER_SIDE = "other"
"""The side of actors that belong to no side of the conflict (``actors.side IS NULL``)."""


MODALITIES = ("actual", "historical", "future", "hypothetical", "negated")
"""Every modality an event can have (the database contract's list)."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the reader wants to see. Empty fields do not filter.

    Within a field, values are alternatives (an event involving any chosen actor matches);
    fields combine with AND.
    """

    sides: frozenset[str] = frozenset()
    """Side labels, or :data:`OTHER_SIDE`: events with an actor on one of these sides."""
    actor_ids: frozenset[int] = frozenset()
    """Events in which one of these actors is a source, target or other participant."""
    date_start: str | None = None
    """ISO date: events whose period ends on or after it."""
    date_end: str | None = None
    """ISO date: events whose period starts on or before it."""
    text: str = ""
    """Words that must all occur (as word prefixes) in the source sentence."""
    event_types: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    modalities: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        """Whether nothing is filtered."""
        return self == EventFilter()

    @property
    def hides_historical(self) -> bool:
        """Whether the modality choice leaves out historical background (and only that)."""
        return self.modalities == frozenset(MODALITIES) - {"historical"}

    def toggle_historical(self) -> EventFilter:
        """The filter with historical background hidden, or shown again if it was hidden."""
        if self.hides_historical:
            return replace(self, modalities=frozenset())
        return replace(self, modalities=frozenset(MODALITIES) - {"historical"})


_CONTROLS_TO_SPACE = dict.fromkeys([*range(0x20), 0x7F], " ")


def fts_query(text: str, *, prefixes: bool = True) -> str | None:
    """Turn what a reader typed into a safe FTS5 query, or None when it holds no word.

    Every whitespace-separated term is quoted (so ``NEAR``, ``-``, ``*``, ``(`` and ``"`` are
    plain text) and matched as a word prefix; terms combine with AND. Terms without a letter
    or digit are dropped because the tokenizer would find no word in them. Control characters
    separate terms: FTS5 reads a NUL as the end of the query, which would leave a quote open.

    With ``prefixes`` False each term matches whole words only: a subset of the prefix matches,
    which FTS5 reads a few at a time, where a prefix has it gather every sentence of every word
    the prefix begins before the first match (60 ms for "said" over 14 million sentences).
    """
    terms = [
        term
        for term in text.translate(_CONTROLS_TO_SPACE).split()
        if any(char.isalnum() for char in term)
    ]
    if not terms:
        return None
    star = "*" if prefixes else ""
    return " ".join('"' + term.replace('"', '""') + '"' + star for term in terms)


def parse_date_range(text: str, today: date | None = None) -> tuple[str | None, str | None]:
    """Read a typed date filter ("2020-09", "1990..1995", "since 27 Sep 2020") as ISO bounds.

    Either bound is None when the range is open; blank text is no range. Relative words are
    read against ``today`` (the real today by default).

    Raises:
        ValueError: text that is not a date or range, with a reason a reader understands.
    """
    # Imported here: the extraction package takes a third of a second to import, and the app
    # must draw its first screen before anyone types a date.
    from store.extract.dates import parse_date_filter

    return parse_date_filter(text, today or date.today())


def marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


_NO_ACTOR = "NOT EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id)"


def event_conditions(
    f: EventFilter, *, every: bool = False, side_set: bool = False
) -> tuple[list[str], list[object]]:
    """SQL conditions on ``events e`` for a filter, with their parameters.

    The conditions are constant fragments with ``?`` placeholders only; values are parameters.

    Args:
        f: the filter.
        every: the query reads every matching event (a count, a facet) rather than stopping at
            a page. A side is then the set of its events, read once from its actors' entries
            in event_actors' (actor_id, event_id) index: at a million events, a fraction of the
            time of looking up the actors of each event (0.1 s against 0.4 s for a side in
            two fifths of the events, 8 ms against 0.5 s for a small one). Building that set
            costs more than a page of rows needs, and more than the few events of an actor or
            of search words, which the planner then starts from; those keep the lookup.
        side_set: a side is the set of its events whatever else the filter holds (for a walk
            through the timeline under a side with few events, which may meet thousands of
            events before a page of the side's).
    """
    clauses: list[str] = []
    params: list[object] = []
    if f.sides:
        if side_set or (every and not (f.actor_ids or fts_query(f.text))):
            clause = f"e.id IN (SELECT ea.event_id FROM {side_entries(f.sides, params)})"  # noqa: S608 - constant fragments
        else:
            alternatives = side_alternatives(f.sides, "a.side", params)
            clause = (
                "EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "  # noqa: S608
                f"WHERE ea.event_id = e.id AND ({' OR '.join(alternatives)}))"
            )
        if OTHER_SIDE in f.sides:
            # An event with no actor at all is on nobody's side.
            clause = f"({clause} OR {_NO_ACTOR})"
        clauses.append(clause)
    if f.actor_ids:
        ids = sorted(f.actor_ids)
        clauses.append(
            f"e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN ({marks(ids)}))"  # noqa: S608
        )
        params.extend(ids)
    if f.date_start is not None:
        clauses.append("coalesce(e.date_end, e.date_start) >= ?")
        params.append(f.date_start)
    if f.date_end is not None:
        clauses.append("e.date_start <= ?")
        params.append(f.date_end)
    if f.text.strip():
        clauses.append(_search_condition(f.text, "e.sentence_id", params))
    for column, values in (
        ("e.event_type", f.event_types),
        ("e.status", f.statuses),
        ("e.modality", f.modalities),
    ):
        if values:
            ordered = sorted(values)
            clauses.append(f"{column} IN ({marks(ordered)})")
            params.extend(ordered)
    return clauses, params


def quote_conditions(f: EventFilter) -> tuple[list[str], list[object]]:
    """SQL conditions on ``quotes q`` (with ``speaker`` and ``ar`` joined) for a filter.

    Quotes follow the filters that make sense for them: sides and actors of the speaker, the
    article's publication date, and the search words in the sentence.
    """
    clauses: list[str] = []
    params: list[object] = []
    if f.sides:
        alternatives = side_alternatives(f.sides, "speaker.side", params)
        clauses.append(f"({' OR '.join(alternatives)})")
    if f.actor_ids:
        ids = sorted(f.actor_ids)
        clauses.append(f"q.speaker_id IN ({marks(ids)})")
        params.extend(ids)
    if f.date_start is not None:
        clauses.append("substr(ar.published, 1, 10) >= ?")
        params.append(f.date_start)
    if f.date_end is not None:
        clauses.append("substr(ar.published, 1, 10) <= ?")
        params.append(f.date_end)
    if f.text.strip():
        clauses.append(_search_condition(f.text, "q.sentence_id", params))
    return clauses, params


def quote_tables(f: EventFilter, *, articles_first: bool = False) -> str:
    """The tables the quote conditions of a filter read: the quotes, and only when needed the
    articles (``ar``, for the date) and the speakers (``speaker``, for the side).

    Joining five million quotes to their articles just to count them takes seconds. With
    ``articles_first`` the articles of the date range are read first, by their day's index,
    and then their quotes: for counts grouped by speaker, where SQLite would otherwise read
    every quote in speaker order and look its article up (4.5 s at a million events).
    """
    tables = ["FROM quotes q"]
    if f.date_start is not None or f.date_end is not None:
        if articles_first:
            tables = ["FROM articles ar CROSS JOIN quotes q ON q.article_id = ar.id"]
        else:
            tables.append("JOIN articles ar ON ar.id = q.article_id")
    if f.sides:
        tables.append("LEFT JOIN actors speaker ON speaker.id = q.speaker_id")
    return " ".join(tables)


def side_entries(sides: frozenset[str], params: list[object]) -> str:
    """``actors a ... ea``: the event_actors entries of the actors on the named sides, read
    through the actors' side index and event_actors' (actor_id, event_id) index; values go to
    params. :data:`OTHER_SIDE` names the actors on no side; events with no actor at all have no
    entry."""
    alternatives = side_alternatives(sides, "a.side", params)
    return (
        "actors a CROSS JOIN event_actors ea ON ea.actor_id = a.id "
        f"WHERE {' OR '.join(alternatives)}"
    )


def actor_entries(f: EventFilter) -> tuple[str, list[object]]:
    """``FROM event_actors ea ...``: the actor entries of the events that match a filter, for
    counts per actor read from event_actors' (actor_id, event_id) index in actor order.

    Without conditions the index alone answers. Sides, kinds and statuses mostly leave many
    events: the matching set is then hidden from the planner (a unary ``+``), so that the index
    is read in actor order and counted without a sort (0.5 s for a side in two fifths of a
    million events, against 0.85 s going from each matching event to its actors and sorting
    the pairs). Actors, words and dates leave few events, and the planner goes from those.
    """
    clauses, params = event_conditions(f, every=True)
    if not clauses:
        return "FROM event_actors ea", params
    matching = f"ea.event_id IN (SELECT e.id FROM events e {where(clauses)})"  # noqa: S608
    if not (f.actor_ids or fts_query(f.text) or f.date_start or f.date_end):
        matching = f"+{matching}"
    return f"FROM event_actors ea WHERE {matching}", params


def side_alternatives(sides: frozenset[str], column: str, params: list[object]) -> list[str]:
    """Conditions (any one will do) that ``column`` is one of the sides; values go to params."""
    named = sorted(side for side in sides if side != OTHER_SIDE)
    alternatives = []
    if named:
        alternatives.append(f"{column} IN ({marks(named)})")
        params.extend(named)
    if OTHER_SIDE in sides:
        alternatives.append(f"{column} IS NULL")
    return alternatives


def _search_condition(text: str, sentence_column: str, params: list[object]) -> str:
    """The condition that the sentence in ``sentence_column`` has the search words."""
    query = fts_query(text)
    if query is None:
        return "0"
    params.append(query)
    fts = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?"
    return f"{sentence_column} IN ({fts})"  # noqa: S608 - a column name of ours


def where(clauses: Sequence[str]) -> str:
    return "WHERE " + " AND ".join(clauses) if clauses else ""
