"""Suggesting sides for actors that have none, with the text that ties them to one.

The analyst decides: nothing here changes a label. Two kinds of evidence are gathered, both from
what is already stored (no article is read again):

- sentences that name the actor next to an actor with a side in words that tie them
  ("Azerbaijan ally Turkey", "Armenia's ally Russia", "rebels, backed by Russia"); the words are
  data (``side_cues.toml``) and must fill the whole gap between the two names;
- as a weaker signal, the events the actor takes part in with each side's actors: support and
  cooperation with a side point to that side, attacks and accusations against one of two sides
  to the other (the event types are data too).

An actor is suggested the side most of its sentences tie it to, or, with no such sentence, the
side its events point to when they point to one only.
"""

from __future__ import annotations

import functools
import sqlite3
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from store.database import open_readonly
from store.extract.folding import fold
from store.sides import SidesError

# Two names further apart than this are not tied by a short phrase between them.
_MAX_GAP = 40
# Characters after a sided name in which an apposition's words are looked for.
_AFTER = 40
# Characters kept of an evidence sentence around the two names.
_SHOWN = 140
# Before a gap's words, commas and brackets open an apposition ("the rebels, backed by").
_OPENING = ",;:( "


@dataclass(frozen=True, slots=True)
class TieSentence:
    """A sentence that ties the actor to a side's actor."""

    side: str
    sided_actor: str
    cue: str
    sentence_id: int
    article_id: int
    text: str
    """The sentence, shortened around the two names."""


@dataclass(frozen=True, slots=True)
class EventTally:
    """Events of one type between the actor and one side's actors, in one role."""

    role: str
    """The actor's role: "source" or "target"."""
    side: str
    event_type: str
    count: int
    sentence_id: int
    """The sentence of one of these events, for the reader to check."""
    text: str

    def describe(self) -> str:
        """In words: "source of 5 ASSAULTs on Armenia", "target of 1 ACCUSE by Armenia"."""
        kind = self.event_type + ("s" if self.count != 1 else "")
        if self.role == "target":
            return f"target of {self.count} {kind} by {self.side}"
        towards = "on" if self.event_type in _event_cues()[1] else "for"
        return f"source of {self.count} {kind} {towards} {self.side}"


@dataclass(frozen=True, slots=True)
class SideSuggestion:
    """A side for an actor that has none, with the evidence for it."""

    actor_id: int
    actor: str
    kind: str
    side: str
    sentences: tuple[TieSentence, ...]
    events: tuple[EventTally, ...]
    also_labels: tuple[str, ...]
    """Actors without a side that would inherit this one (a state's organs and people)."""

    @property
    def evidence(self) -> int:
        """How many sentences and events back the suggestion (or bear on it)."""
        return len(self.sentences) + sum(tally.count for tally in self.events)


@functools.cache
def _data() -> dict:
    with resources.files("store").joinpath("side_cues.toml").open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True, slots=True)
class _Cues:
    between: frozenset[str]
    verbs: frozenset[str]
    after_object: frozenset[str]
    apposition: tuple[str, ...]


@functools.cache
def _cues() -> _Cues:
    """Words that tie two names (see ``side_cues.toml``)."""
    data = _data()
    return _Cues(
        frozenset(data["between"]),
        frozenset(data["verbs"]),
        frozenset(data["after_object"]),
        tuple(data["apposition"]),
    )


def _event_cues() -> tuple[frozenset[str], frozenset[str]]:
    """Event types that ally an actor with a side, and those that oppose it to one."""
    events = _data()["events"]
    return frozenset(events["allied"]), frozenset(events["opposed"])


def suggest_sides(db_path: str | Path) -> list[SideSuggestion]:
    """Suggestions for the actors without a side, best backed first.

    Raises:
        store.database.DatabaseError: the file cannot be read.
        SidesError: the database has no sides to suggest.
    """
    conn = open_readonly(db_path)
    try:
        sides = [label for (label,) in conn.execute("SELECT label FROM sides ORDER BY position")]
        if not sides:
            raise SidesError(
                f"{db_path}: no sides yet: apply a sides file first (eventscope sides apply FILE)"
            )
        unsided = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT id, name, kind, country, parent_id FROM actors WHERE side IS NULL"
            )
        }
        ties = _tie_sentences(conn)
        tallies = _event_tallies(conn)
    finally:
        conn.close()
    suggestions = []
    for actor_id, (name, kind, country, _parent) in unsided.items():
        sentences = ties.get(actor_id, [])
        events = tallies.get(actor_id, [])
        side = _side_from_sentences(sentences) or _side_from_events(events, sides)
        if side is None:
            continue
        suggestions.append(
            SideSuggestion(
                actor_id=actor_id,
                actor=name,
                kind=kind,
                side=side,
                sentences=tuple(sentences),
                events=tuple(sorted(events, key=lambda tally: -tally.count)),
                also_labels=_heirs(actor_id, kind, country, unsided),
            )
        )
    suggestions.sort(key=lambda s: (-len(s.sentences), -s.evidence, fold(s.actor)))
    return suggestions


def _tie_sentences(conn: sqlite3.Connection) -> dict[int, list[TieSentence]]:
    """Sentences tying each actor without a side to a sided actor, by the actor's id."""
    cues = _cues()
    found: dict[int, list[TieSentence]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    # Pairs of mentions in one sentence, an actor without a side and one with a side, with the
    # text between them and the text after the later one: short, so large databases stay fast.
    rows = conn.execute(
        'SELECT s.id, s.article_id, s.start, s.text, free.actor_id, free.start, free."end", '
        'sided.start, sided."end", a.name, a.side FROM mentions free '
        "JOIN actors f ON f.id = free.actor_id AND f.side IS NULL "
        "JOIN mentions sided ON sided.sentence_id = free.sentence_id "
        "JOIN actors a ON a.id = sided.actor_id AND a.side IS NOT NULL "
        "JOIN sentences s ON s.id = free.sentence_id "
        'WHERE max(free.start, sided.start) - min(free."end", sided."end") '
        "BETWEEN 0 AND ? ORDER BY s.id, free.start",
        (_MAX_GAP,),
    )
    for (
        sentence_id,
        article_id,
        offset,
        text,
        actor_id,
        free_start,
        free_end,
        sided_start,
        sided_end,
        sided_name,
        side,
    ) in rows:
        if (actor_id, sentence_id) in seen:
            continue
        first_end, second_start = min(free_end, sided_end), max(free_start, sided_start)
        gap = fold(text[first_end - offset : second_start - offset]).lstrip(_OPENING)
        second_end = max(free_end, sided_end) - offset
        cue = gap if gap in cues.between else None
        if cue in cues.verbs and not _ends_phrase(text[second_end:], cues.after_object):
            cue = None
        if gap in ("", ",") and sided_start > free_start:
            after = fold(text[sided_end - offset : sided_end - offset + _AFTER])
            cue = next((c for c in cues.apposition if _starts_phrase(after, c)), None)
        if cue is None:
            continue
        seen.add((actor_id, sentence_id))
        start, end = min(free_start, sided_start) - offset, max(free_end, sided_end) - offset
        found[actor_id].append(
            TieSentence(side, sided_name, cue, sentence_id, article_id, _shorten(text, start, end))
        )
    return found


def _starts_phrase(text: str, phrase: str) -> bool:
    return text.startswith(phrase) and not text[len(phrase) : len(phrase) + 1].isalnum()


def _ends_phrase(rest: str, after_object: frozenset[str]) -> bool:
    """Whether a name followed by ``rest`` ends its phrase: not "EU" in "EU membership"."""
    words = rest.split(maxsplit=1)
    if not rest[:1].isspace() or not words:
        return True
    word = words[0].rstrip(".,;:!?)")
    return not word[:1].islower() or word in after_object


def _event_tallies(conn: sqlite3.Connection) -> dict[int, list[EventTally]]:
    """Telling events between each actor without a side and sided actors, by type, side and
    role, with the sentence of the first."""
    allied, opposed = _event_cues()
    types = sorted(allied | opposed)
    rows = conn.execute(
        "SELECT t.*, s.text FROM ("  # noqa: S608 - constant fragments and placeholders
        "SELECT mine.actor_id, mine.role, other.side, e.event_type, count(DISTINCT e.id), "
        "min(e.sentence_id) AS sentence_id FROM actors a "
        "JOIN event_actors mine ON mine.actor_id = a.id AND mine.role IN ('source', 'target') "
        "JOIN events e ON e.id = mine.event_id AND e.modality != 'negated' "
        f"AND e.event_type IN ({', '.join('?' * len(types))}) "
        "JOIN event_actors theirs ON theirs.event_id = e.id "
        "AND theirs.role IN ('source', 'target') AND theirs.role != mine.role "
        "JOIN actors other ON other.id = theirs.actor_id AND other.side IS NOT NULL "
        "WHERE a.side IS NULL GROUP BY mine.actor_id, mine.role, other.side, e.event_type"
        ") t JOIN sentences s ON s.id = t.sentence_id",
        types,
    )
    tallies: dict[int, list[EventTally]] = defaultdict(list)
    for actor_id, role, side, event_type, count, sentence_id, text in rows:
        tallies[actor_id].append(
            EventTally(role, side, event_type, count, sentence_id, _shorten(text, 0, 0))
        )
    return tallies


def _side_from_sentences(sentences: list[TieSentence]) -> str | None:
    """The side most sentences tie the actor to; None for none or a tie between sides."""
    ranked = Counter(sentence.side for sentence in sentences).most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _side_from_events(events: list[EventTally], sides: list[str]) -> str | None:
    """The one side the actor's events point to: allied events with a side point to it,
    opposed ones with one of exactly two sides to the other; None when they point nowhere or
    to more than one side."""
    allied, _opposed = _event_cues()
    votes: Counter[str] = Counter()
    for tally in events:
        if tally.event_type in allied:
            votes[tally.side] += tally.count
        elif len(sides) == 2:
            votes[sides[1 - sides.index(tally.side)]] += tally.count
    ranked = votes.most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _heirs(
    actor_id: int,
    kind: str,
    country: str | None,
    unsided: dict[int, tuple[str, str, str | None, int | None]],
) -> tuple[str, ...]:
    """Actors without a side that would take this actor's side from it (see store.sides): its
    parts, and for a state the people and bodies of its country."""
    heirs = [
        name
        for other_id, (name, other_kind, other_country, parent) in unsided.items()
        if other_id != actor_id
        and (
            parent == actor_id
            or (kind == "state" and country and other_country == country and other_kind != "state")
        )
    ]
    return tuple(sorted(heirs, key=fold))


def _shorten(text: str, start: int, end: int) -> str:
    """The sentence, cut to about :data:`_SHOWN` characters around ``start:end``."""
    if len(text) <= _SHOWN:
        return " ".join(text.split())
    begin = min(max(start - max(_SHOWN - (end - start), 0) // 2, 0), len(text) - _SHOWN)
    stop = begin + max(_SHOWN, end - start)
    # Line breaks inside a sentence would break the one-line evidence the command line shows.
    shown = " ".join(text[begin:stop].split())
    return ("…" if begin else "") + shown + ("…" if stop < len(text) else "")
