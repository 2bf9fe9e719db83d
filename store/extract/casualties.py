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
# Words that open a phrase counting one person ("a child", "her husband").
_PERSON_OPENERS = frozenset({"a", "an", "one", "her", "his", "their", "its", "our", "my"})
# Words after which a victims phrase that follows its casualty word has ended.
_AFTER_VICTIMS = frozenset(
    {"in", "on", "at", "since", "during", "after", "when", "near", "by", "as", "while"}
)
# A state needs this many mentions to count as one the article is about.
_MIN_STATE_MENTIONS = 2
_PARENT_DEPTH = 5
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
    person_nouns: frozenset[str]
    """Every noun for people, for counting "a child" as one."""
    military_modifiers: frozenset[str]
    not_people: frozenset[str]


@functools.cache
def _months() -> frozenset[str]:
    """Month names and abbreviations, folded ("Feb. 13" is a date, not a count)."""
    dates = load_lexicon("dates")
    return frozenset(phrase_key(m) for m in [*dates["months"], *dates["month_abbreviations"]])


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
        person_nouns=frozenset(data["victims"]["civilians"] + data["victims"]["military"]),
        military_modifiers=frozenset(data["victims"]["military_modifiers"]),
        not_people=frozenset(data["victims"]["not_people"]),
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
    states = _states_by_weight(mentions, known)
    for sentence in sentences:
        tokens = tokenize(sentence.text, sentence.start)
        quoted = quotation_spans(sentence)
        for figure in _figures(tokens, quoted):
            count_start, count_end, kind_index, kind, qualifier, count, incremental, victims = (
                figure
            )
            claimed_by = _claimant(quotes, tokens[count_start].start)
            start = tokens[min(count_start, kind_index)].start
            end = tokens[max(count_end, kind_index)].end
            event_idx = _event_index(text, events, sentence.idx, start)
            attacker = events[event_idx].sources if event_idx is not None else ()
            victim = _victim_actor(gaz, tokens, victims, claimed_by, known) or _civilians_of(
                gaz, tokens, victims, states, _states_of(attacker, known)
            )
            if victim is not None and victim.name not in known:
                new_actors.setdefault(victim.name, victim)
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
                    event_idx=event_idx,
                    start=start,
                    end=end,
                )
            )
    return tuple(found), tuple(new_actors.values())


def _figures(tokens: list[Token], quoted: list[tuple[int, int]]):
    """Yield (count start, count end, kind index, kind, qualifier, count, incremental,
    victims token range or None) for each figure in a sentence."""
    lexicon = _lexicon()
    first_words = lexicon.kind_first_words
    used: set[int] = set()
    resume = 0
    # Only a kind's first word can start one; the other tokens are not visited.
    for index in [i for i, token in enumerate(tokens) if token.key in first_words]:
        kind_match = _kind_at(tokens, index, lexicon) if index >= resume else None
        if kind_match is None or any(s <= tokens[index].start < e for s, e in quoted):
            continue
        kind_end, kind = kind_match
        figure = _count_before(tokens, index, lexicon, used) or _count_after(
            tokens, kind_end, lexicon, used
        )
        for part in _separate_groups(tokens, figure, lexicon) if figure else ():
            count_start, count_end, qualifier, count, incremental, victims = part
            used.update(range(count_start, count_end + 1))
            yield count_start, count_end, index, kind, qualifier, count, incremental, victims
        resume = kind_end


def _separate_groups(tokens, figure, lexicon: _Lexicon) -> list:
    """ "10 soldiers and seven civilians have been killed" is two figures, one for each
    counted group; "one woman and a child" stays one."""
    victims = figure[5]
    if victims is None:
        return [figure]
    start, end = victims
    ands = [i for i in range(start, end + 1) if tokens[i].key == "and"]
    if len(ands) != 1:
        return [figure]
    split = ands[0]
    parts = []
    for first, last in ((start, split - 1), (split + 1, end)):
        counted = _one_conjunct(tokens, first, last, lexicon)
        if counted is None or counted[0] < 2 or tokens[counted[1]].key in _PERSON_OPENERS:
            return [figure]
        value, count_first, count_last = counted
        qualifier = _qualifier(tokens, count_first, lexicon)
        parts.append((count_first, count_last, qualifier, value, figure[4], (first, last)))
    return parts


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
        if not _DIGITS.fullmatch(token.text) or _not_a_count(tokens, index):
            return None
        value = int(token.text.replace(",", ""))
        if 1900 <= value <= 2099 and not _people_follow(tokens, index, lexicon):
            # "in 1994", "the 2002 bombings": a year, not a count.
            return None
        last = index
        if last + 1 < len(tokens) and tokens[last + 1].key in lexicon.multipliers:
            value *= lexicon.multipliers[tokens[last + 1].key]
            last += 1
        return value, last
    value = lexicon.numbers.get(token.key)
    # Number words are lower case, except at the start of a sentence ("Twelve soldiers").
    if value is None or not (token.text.islower() or index == 0):
        return None
    return value, index


def _not_a_count(tokens: list[Token], index: int) -> bool:
    """ "20/1 odds", "4.7%", "$30", "Feb. 13", "13 Feb": numbers that count no one."""
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if after is not None and after.text in ("/", "%", ":") and after.start == tokens[index].end:
        return True
    if before is not None and before.text == "." and index > 1:
        # "Feb. 13"
        before = tokens[index - 2]
    if before is not None and (before.text in ("$", "£", "€", "/", "#") or before.key in _months()):
        return True
    return after is not None and after.key in _months()


def _people_follow(tokens: list[Token], index: int, lexicon: _Lexicon) -> bool:
    return any(t.key in lexicon.person_nouns for t in tokens[index + 1 : index + 4])


def _count_before(tokens, kind_index, lexicon, used):
    """ "[qualifier] N [more] victims [were] KIND" """
    end = kind_index - 1
    while end >= 0 and tokens[end].key in _AUXILIARIES:
        end -= 1
    if end < 0:
        # Nothing before the kind word; index -1 would wrap round to the sentence's last token.
        return None
    window_start = end
    while (
        window_start > 0
        and kind_index - window_start < _WINDOW
        and tokens[window_start - 1].key not in _BOUNDARIES
    ):
        window_start -= 1
    start = next(
        (
            i
            for i in range(window_start, end + 1)
            if i not in used and _opens_count(tokens, i, end, lexicon)
        ),
        None,
    )
    if start is None:
        return None
    counted = _conjunct_count(tokens, start, end, lexicon)
    if counted is None:
        return None
    total, first, last = counted
    qualifier = _qualifier(tokens, first, lexicon)
    incremental = last + 1 < len(tokens) and tokens[last + 1].key == "more"
    return first, last, qualifier, total, incremental, (start, end)


def _count_after(tokens, kind_end, lexicon, used):
    """ "KIND [rose] to [qualifier] N", "killed [qualifier] N victims", "killed a woman and
    her husband" """
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
    qualifier_length = max(
        (
            len(phrase)
            for phrase in lexicon.qualifiers
            if tuple(t.key for t in tokens[index : index + len(phrase)]) == phrase
        ),
        default=0,
    )
    start = index + qualifier_length
    if start >= len(tokens) or start in used:
        return None
    if not _opens_count(tokens, start, min(len(tokens) - 1, start + 4), lexicon):
        return None
    end = start
    while (
        end + 1 < len(tokens)
        and end - start < _WINDOW
        and (tokens[end + 1].is_word or tokens[end + 1].text == ",")
        and tokens[end + 1].key not in _BOUNDARIES - {","}
        and tokens[end + 1].key not in _AFTER_VICTIMS
        and not (tokens[end + 1].key == "and" and _kind_follows(tokens, end + 2, lexicon))
    ):
        end += 1
    while end > start and tokens[end].text == ",":
        end -= 1
    counted = None
    comma = next((i for i in range(start, end + 1) if tokens[i].text == ","), None)
    # The whole phrase; else up to its first comma ("32 people, four days after"); else the
    # count alone ("fatality count to 32 since clashes").
    for candidate_end in (end, comma - 1 if comma is not None else None, start):
        if candidate_end is not None and candidate_end >= start:
            counted = _conjunct_count(tokens, start, candidate_end, lexicon)
            if counted is not None:
                end = candidate_end
                break
    if counted is None:
        return None
    value, first, last = counted
    qualifier = _qualifier(tokens, start, lexicon)
    victims = (start, end) if end > last or tokens[start].key in _PERSON_OPENERS else None
    if victims is None:
        # "their total military fatality count to 32": the victims stand before the kind word.
        victims = next(
            (
                (i, i)
                for i in range(kind_end - 1, max(-1, kind_end - 5), -1)
                if tokens[i].key in lexicon.person_nouns | lexicon.military_modifiers
            ),
            None,
        )
    return first, last, qualifier, value, False, victims


def _kind_follows(tokens: list[Token], index: int, lexicon: _Lexicon) -> bool:
    """ "killed 12 people and wounded 30": a casualty word starts the next figure."""
    return index < len(tokens) and _kind_at(tokens, index, lexicon) is not None


def _opens_count(tokens: list[Token], index: int, end: int, lexicon: _Lexicon) -> bool:
    """Whether a victims phrase with a count starts at token ``index``."""
    if tokens[index].key in _PERSON_OPENERS:
        return any(
            _number_at(tokens, i, lexicon) or tokens[i].key in lexicon.person_nouns
            for i in range(index + 1, min(end, index + 4) + 1)
        )
    return _number_at(tokens, index, lexicon) is not None


def _conjunct_count(
    tokens: list[Token], start: int, end: int, lexicon: _Lexicon
) -> tuple[int, int, int] | None:
    """The number of people in a victims phrase, adding up its conjuncts: "15 more
    servicemen" 15, "a mother and her two children" 3, "an Azerbaijani family of five" 5.

    Returns (total, index of the first count word, index of the last), or None when a
    conjunct has no count.
    """
    total = 0
    first = last = None
    conjunct_start = start
    for index in range(start, end + 2):
        if index <= end and tokens[index].key not in ("and", ","):
            continue
        counted = _one_conjunct(tokens, conjunct_start, index - 1, lexicon)
        if counted is None:
            return None
        value, count_first, count_last = counted
        total += value
        first = count_first if first is None else first
        last = count_last
        conjunct_start = index + 1
    if first is None or last is None:
        return None
    return total, first, last


def _one_conjunct(
    tokens: list[Token], start: int, end: int, lexicon: _Lexicon
) -> tuple[int, int, int] | None:
    if start > end:
        return None
    if any(tokens[i].key in lexicon.not_people for i in range(start, end + 1)):
        return None
    numbers = []
    index = start
    while index <= end:
        number = _number_at(tokens, index, lexicon)
        if number is not None and tokens[index].key not in ("a", "an"):
            numbers.append((index, number[1], number[0]))
            index = number[1] + 1
        else:
            index += 1
    after_of = [n for n in numbers if n[0] > 0 and tokens[n[0] - 1].key == "of"]
    if after_of:
        # "a family of five": the count after "of" is the family's size.
        first, last, value = after_of[-1]
        return value, first, last
    if numbers:
        first, last, value = numbers[0]
        return value, first, last
    person = any(tokens[i].key in lexicon.person_nouns for i in range(start, end + 1))
    if person and tokens[start].key in _PERSON_OPENERS:
        # "a child", "her husband": one person.
        return 1, start, start
    return None


def _qualifier(tokens: list[Token], number_index: int, lexicon: _Lexicon) -> str:
    for phrase, value in sorted(lexicon.qualifiers.items(), key=lambda i: -len(i[0])):
        start = number_index - len(phrase)
        if start >= 0 and tuple(t.key for t in tokens[start:number_index]) == phrase:
            return value
    return "exact"


def _cumulative(tokens: list[Token], count_start: int, kind_index: int) -> bool:
    """A running total: a total word nearby ("bringing the total to 32"), or the present
    perfect ("have fled", "has killed", "have been evacuated")."""
    lexicon = _lexicon()
    before = [t.key for t in tokens[max(0, kind_index - 2) : kind_index]]
    if before[-1:] in (["have"], ["has"]) or before in (["have", "been"], ["has", "been"]):
        return True
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


def _states_by_weight(mentions: list[Mention], known: dict[str, Actor]) -> list[Actor]:
    """The states the article is about, most mentioned first (an organ counts for its state);
    only states mentioned at least twice."""
    counts: dict[str, int] = {}
    for mention in mentions:
        for state in _states_of((mention.actor,), known):
            counts[state] = counts.get(state, 0) + 1
    ranked = sorted((n for n, c in counts.items() if c >= _MIN_STATE_MENTIONS), key=counts.get)
    return [known[name] for name in reversed(ranked)]


def _states_of(names: tuple[str, ...], known: dict[str, Actor]) -> set[str]:
    """The states that actors belong to (themselves, or their parent's chain)."""
    states: set[str] = set()
    for name in names:
        actor = known.get(name)
        for _ in range(_PARENT_DEPTH):
            if actor is None:
                break
            if actor.kind == "state":
                states.add(actor.name)
                break
            actor = known.get(actor.parent or "")
    return states


def _civilians_of(
    gaz: Gazetteer,
    tokens: list[Token],
    victims: tuple[int, int] | None,
    states: list[Actor],
    attacker_states: set[str],
) -> Actor | None:
    """ "23 civilians were killed when RSF shells struck": civilians named without a nation
    are those of the state the article is most about that is not the attacker's."""
    if victims is None or not any(
        tokens[i].key in ("civilian", "civilians") for i in range(victims[0], victims[1] + 1)
    ):
        return None
    state = next((s for s in states if s.name not in attacker_states), None)
    if state is None or state.name not in gaz.adjective_of:
        return None
    return gaz.owner_organ(state, gaz.organ_nouns["civilians"])


def _victim_actor(
    gaz: Gazetteer,
    tokens: list[Token],
    victims: tuple[int, int] | None,
    claimed_by: str | None,
    known: dict[str, Actor],
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
        if keys & (lexicon.military_nouns | lexicon.military_modifiers)
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
