"""Casualty figures: how many were killed, wounded, displaced or missing, and on whose word.

A figure is a count next to a casualty word: before it ("15 more servicemen had died", "an
Azerbaijani family of five died", "one Armenian woman and a child were killed", "left 30,000
dead") or after it ("bringing their total military fatality count to 32", "killed at least 12
people"). "more" marks a new toll; "total", "toll", "since", "bringing" a running total. The
victims' side comes from a national adjective ("Armenian woman") or, for soldiers with none,
from the organ that reports its own losses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from store.extract.clauses import CLAUSE_BREAKS, quotation_spans
from store.extract.gazetteer import Gazetteer, gazetteer, phrase_key
from store.extract.lexicon import load_lexicon
from store.extract.records import Actor, Casualty, Event, Mention, Quote, Sentence
from store.extract.tokens import Token, tokenize

_CLAUSE_BREAK = re.compile(r"\b(?:while|but|whereas|although)\b|;")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
# How many words a victims phrase may have between its count and the casualty word.
_WINDOW = 10
_AUXILIARIES = frozenset(
    {
        "were",
        "was",
        "had",
        "have",
        "has",
        "been",
        "are",
        "is",
        "be",
        "being",
        "reportedly",
        "also",
        "later",
        "all",
        "who",
        "both",
        "now",
    }
)
# Words between a casualty word and a count after it ("death toll rose to 32", "stood at 40").
_BEFORE_LATE_COUNT = frozenset(
    {"to", "rose", "risen", "climbed", "at", "of", "stood", "reached", "has", "had"}
)
_BOUNDARIES = CLAUSE_BREAKS | frozenset({",", "said", "says", "that", ":", "(", ")", "“", "”"})


@dataclass(frozen=True, slots=True)
class _Lexicon:
    kinds: dict[tuple[str, ...], str]
    longest_kind: int
    kind_first_words: frozenset[str]
    qualifiers: dict[tuple[str, ...], str]
    numbers: dict[str, int]
    multipliers: dict[str, int]
    cumulative: tuple[tuple[str, ...], ...]
    civilian_nouns: frozenset[str]
    military_nouns: frozenset[str]


@functools.cache
def _lexicon() -> _Lexicon:
    data = load_lexicon("casualties")
    kinds = {
        tuple(phrase_key(word).split()): kind
        for kind, words in data["kinds"].items()
        for word in words
    }
    return _Lexicon(
        kinds=kinds,
        longest_kind=max(len(k) for k in kinds),
        kind_first_words=frozenset(k[0] for k in kinds),
        qualifiers={tuple(k.split()): v for k, v in data["qualifiers"].items()},
        numbers=data["numbers"],
        multipliers=data["multipliers"],
        cumulative=tuple(tuple(phrase_key(w).split()) for w in data["cumulative"]),
        civilian_nouns=frozenset(data["victims"]["civilians"]),
        military_nouns=frozenset(data["victims"]["military"]),
    )


def find_casualties(
    text: str,
    sentences: Iterable[Sentence],
    mentions: Iterable[Mention],
    actors: Iterable[Actor],
    quotes: Iterable[Quote],
    events: tuple[Event, ...],
) -> tuple[tuple[Casualty, ...], tuple[Actor, ...]]:
    """Find casualty figures.

    Returns:
        The casualties, and the victim actors they name that are not among ``actors``
        ("Armenian Civilians").
    """
    gaz = gazetteer()
    known = {actor.name: actor for actor in actors}
    mentions = list(mentions)
    quotes = list(quotes)
    found: list[Casualty] = []
    new_actors: dict[str, Actor] = {}
    for sentence in sentences:
        tokens = tokenize(sentence.text, sentence.start)
        quoted = quotation_spans(sentence)
        for figure in _figures(tokens, quoted):
            count_start, count_end, kind_index, kind, qualifier, count, incremental, victims = (
                figure
            )
            claimed_by = _claimant(quotes, tokens[count_start].start)
            victim = _victim_actor(gaz, tokens, victims, claimed_by, known, mentions)
            if victim is not None and victim.name not in known:
                new_actors.setdefault(victim.name, victim)
            start = tokens[min(count_start, kind_index)].start
            end = tokens[max(count_end, kind_index)].end
            found.append(
                Casualty(
                    sentence_idx=sentence.idx,
                    kind=kind,
                    count_min=count,
                    count_max=count,
                    qualifier=qualifier,
                    cumulative=not incremental and _cumulative(tokens, count_start, kind_index),
                    victims=text[tokens[victims[0]].start : tokens[victims[1]].end]
                    if victims
                    else "",
                    victim_actor=victim.name if victim else None,
                    claimed_by=claimed_by,
                    event_idx=_event_index(text, events, sentence.idx, start),
                    start=start,
                    end=end,
                )
            )
    return tuple(found), tuple(new_actors.values())


def _figures(tokens: list[Token], quoted: list[tuple[int, int]]):
    """Yield (count start, count end, kind index, kind, qualifier, count, incremental,
    victims token range or None) for each figure in a sentence."""
    lexicon = _lexicon()
    used: set[int] = set()
    index = 0
    while index < len(tokens):
        kind_match = _kind_at(tokens, index, lexicon)
        if kind_match is None or any(s <= tokens[index].start < e for s, e in quoted):
            index += 1
            continue
        kind_end, kind = kind_match
        figure = _count_before(tokens, index, lexicon, used) or _count_after(
            tokens, kind_end, lexicon, used
        )
        if figure is not None:
            count_start, count_end, qualifier, count, incremental, victims = figure
            used.update(range(count_start, count_end + 1))
            yield count_start, count_end, index, kind, qualifier, count, incremental, victims
        index = kind_end


def _kind_at(tokens: list[Token], index: int, lexicon: _Lexicon) -> tuple[int, str] | None:
    if tokens[index].key not in lexicon.kind_first_words or not tokens[index].text.islower():
        return None
    for length in range(min(lexicon.longest_kind, len(tokens) - index), 0, -1):
        kind = lexicon.kinds.get(tuple(t.key for t in tokens[index : index + length]))
        if kind is not None:
            return index + length, kind
    return None


def _number_at(tokens: list[Token], index: int, lexicon: _Lexicon) -> tuple[int, int] | None:
    """A count starting at token ``index``: (value, index of its last token)."""
    token = tokens[index]
    if token.text[:1].isdigit():
        if not _DIGITS.fullmatch(token.text):
            return None
        value = int(token.text.replace(",", ""))
        if 1900 <= value <= 2099 and index > 0 and tokens[index - 1].key in ("in", "since", "of"):
            return None
        last = index
        if last + 1 < len(tokens) and tokens[last + 1].key in lexicon.multipliers:
            value *= lexicon.multipliers[tokens[last + 1].key]
            last += 1
        return value, last
    value = lexicon.numbers.get(token.key)
    if value is None or not token.text.islower() and token.text not in ("One", "Two", "A"):
        return None
    return value, index


def _count_before(tokens, kind_index, lexicon, used):
    """ "[qualifier] N [more] victims [were] KIND" """
    start = kind_index - 1
    while start >= 0 and tokens[start].key in _AUXILIARIES:
        start -= 1
    window_start = start
    while (
        window_start > 0
        and kind_index - window_start < _WINDOW
        and tokens[window_start - 1].key not in _BOUNDARIES
    ):
        window_start -= 1
    numbers = []
    index = window_start
    while index <= start:
        if index in used:
            index += 1
            continue
        number = _number_at(tokens, index, lexicon)
        if number is not None and (
            tokens[index].key not in ("a", "an") or _joined_by_and(tokens, index)
        ):
            numbers.append((index, number[1], number[0]))
            index = number[1] + 1
        else:
            index += 1
    if not numbers:
        return None
    of_numbers = [n for n in numbers if n[0] > 0 and tokens[n[0] - 1].key == "of"]
    if of_numbers:
        # "a family of five": the count is the one after "of".
        first, last, value = of_numbers[0]
        victims_start = window_start
        total = value
    else:
        first = numbers[0][0]
        last = numbers[-1][1]
        victims_start = first
        total = (
            sum(value for _, _, value in numbers)
            if len(numbers) > 1 and all(_joined_by_and(tokens, n[0]) for n in numbers[1:])
            else numbers[-1][2]
        )
        if len(numbers) > 1 and total == numbers[-1][2]:
            first = numbers[-1][0]
            victims_start = first
    qualifier = _qualifier(tokens, victims_start, lexicon)
    incremental = last + 1 < len(tokens) and tokens[last + 1].key == "more"
    victims = (victims_start, start) if start >= victims_start else None
    return first, last, qualifier, total, incremental, victims


def _joined_by_and(tokens: list[Token], index: int) -> bool:
    return index > 0 and tokens[index - 1].key == "and"


def _count_after(tokens, kind_end, lexicon, used):
    """ "KIND [rose] to [qualifier] N", "killed [qualifier] N victims" """
    index = kind_end
    limit = min(len(tokens), kind_end + 4)
    while (
        index < limit
        and tokens[index].key in _BEFORE_LATE_COUNT
        and not (
            tokens[index].key == "at"
            and index + 1 < len(tokens)
            and tokens[index + 1].key == "least"
        )
    ):
        index += 1
    qualifier_length = 0
    for phrase in _lexicon().qualifiers:
        if tuple(t.key for t in tokens[index : index + len(phrase)]) == phrase:
            qualifier_length = max(qualifier_length, len(phrase))
    number_index = index + qualifier_length
    if number_index >= len(tokens) or number_index in used:
        return None
    number = _number_at(tokens, number_index, lexicon)
    if number is None or tokens[number_index].key in ("a", "an", "one"):
        return None
    value, last = number
    qualifier = _qualifier(tokens, number_index, lexicon)
    victims_end = last
    while (
        victims_end + 1 < len(tokens)
        and tokens[victims_end + 1].is_word
        and tokens[victims_end + 1].key not in _BOUNDARIES
        and victims_end - last < 3
        and tokens[victims_end + 1].key not in ("in", "on", "since", "during", "after", "when")
    ):
        victims_end += 1
    victims = (last + 1, victims_end) if victims_end > last else None
    if victims is None:
        # "their total military fatality count to 32": the victims stand before the kind word.
        victims = next(
            (
                (index, index)
                for index in range(kind_end - 1, max(-1, kind_end - 5), -1)
                if tokens[index].key in lexicon.military_nouns | lexicon.civilian_nouns
            ),
            None,
        )
    return number_index, last, qualifier, value, False, victims


def _qualifier(tokens: list[Token], number_index: int, lexicon: _Lexicon) -> str:
    for phrase, value in sorted(lexicon.qualifiers.items(), key=lambda i: -len(i[0])):
        start = number_index - len(phrase)
        if start >= 0 and tuple(t.key for t in tokens[start:number_index]) == phrase:
            return value
    return "exact"


def _cumulative(tokens: list[Token], count_start: int, kind_index: int) -> bool:
    lexicon = _lexicon()
    start = min(count_start, kind_index)
    while start > 0 and tokens[start - 1].key not in (",", ";") and count_start - start < 8:
        start -= 1
    end = max(count_start, kind_index) + 4
    keys = [t.key for t in tokens[start:end]]
    return any(
        tuple(keys[i : i + len(phrase)]) == phrase
        for phrase in lexicon.cumulative
        for i in range(len(keys))
    )


def _claimant(quotes: list[Quote], position: int) -> str | None:
    for quote in quotes:
        if quote.kind == "indirect" and quote.start <= position < quote.end:
            return quote.speaker
    return None


def _victim_actor(
    gaz: Gazetteer,
    tokens: list[Token],
    victims: tuple[int, int] | None,
    claimed_by: str | None,
    known: dict[str, Actor],
    mentions: list[Mention],
) -> Actor | None:
    if victims is None:
        return None
    lexicon = _lexicon()
    words = tokens[victims[0] : victims[1] + 1]
    keys = {t.key for t in words}
    organ_noun = (
        "civilians"
        if keys & lexicon.civilian_nouns
        else "forces"
        if keys & lexicon.military_nouns
        else None
    )
    if organ_noun is None:
        return None
    for token in words:
        for entry in gaz.phrases.get(token.key, ()):
            if entry.role == "adjective" and token.is_capitalised:
                return gaz.owner_organ(entry.actor, gaz.organ_nouns[organ_noun])
    if organ_noun == "forces" and claimed_by in known:
        # An authority reporting soldiers' deaths without naming a side reports its own.
        claimant = known[claimed_by]
        owner_name = claimant.parent if claimant.kind != "state" else claimant.name
        owner = next(
            (
                k.actor
                for k in gaz.phrases.get(phrase_key(owner_name or ""), ())
                if k.actor.name == owner_name
            ),
            None,
        )
        if owner is not None:
            return gaz.owner_organ(owner, gaz.organ_nouns["forces"])
    return None


def _event_index(
    text: str, events: tuple[Event, ...], sentence_idx: int, position: int
) -> int | None:
    """The attack of the same clause that caused a casualty figure, if any."""
    candidates = [
        (abs(event.trigger_start - position), index)
        for index, event in enumerate(events)
        if event.sentence_idx == sentence_idx
        and event.event_type == "ASSAULT"
        and not _CLAUSE_BREAK.search(
            text[min(position, event.trigger_start) : max(position, event.trigger_start)]
        )
    ]
    return min(candidates)[1] if candidates else None
