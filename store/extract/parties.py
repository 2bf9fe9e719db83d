"""The parties of an article's conflict, and actors that only a reference names.

"Both sides" and "the two former Soviet republics" stand for the two parties of the conflict an
article is about; "its forces" for the forces of the state or authority "its" refers to.
"""

from __future__ import annotations

import re

from store.extract.clauses import SentenceContext
from store.extract.gazetteer import Gazetteer
from store.extract.records import Actor, Mention, Sentence

# Kinds of actor that can be a party of a conflict.
_PARTY_KINDS = frozenset({"state", "government", "military", "armed_group"})
# Mentions each of the two most-named parties needs to stand for "both sides".
_MIN_PARTY_MENTIONS = 4
# Phrases that name both parties of the conflict at once.
PAIR_PHRASE = re.compile(
    r"\b(?:(?:both|the two|the warring|the opposing|either) sides|the sides|(?:both|the two) "
    r"(?:[A-Za-z-]+ ){0,3}?(?:countries|nations|republics|neighbou?rs|rivals|foes|enemies|"
    r"adversaries|governments))\b",
    re.IGNORECASE,
)
# Kinds of actor that are fighting bodies themselves ("its fighters" are the RSF).
_ARMED_BODIES = frozenset({"armed_group", "military"})
# How many modifiers may stand between "its" and an organ noun ("its long-range drones").
_POSSESSED_MODIFIERS = 2


def conflict_pair(
    text: str, mentions: list[Mention], kinds: dict[str, str]
) -> tuple[str, str] | None:
    """The two parties of the conflict an article is about: the pair of states or authorities
    most often named together ("Armenia and Azerbaijan", "between Armenia and Azerbaijan"),
    at least twice, in the order the article first names them."""
    counts: dict[frozenset[str], int] = {}
    first_seen: dict[str, int] = {}
    for mention in mentions:
        first_seen.setdefault(mention.actor, mention.start)
    for left, right in zip(mentions, mentions[1:], strict=False):
        if left.sentence_idx != right.sentence_idx or left.actor == right.actor:
            continue
        if kinds.get(left.actor) not in _PARTY_KINDS or kinds.get(right.actor) not in _PARTY_KINDS:
            continue
        if text[left.end : right.start].strip().lower() in ("and", "or", ",", "and the"):
            key = frozenset((left.actor, right.actor))
            counts[key] = counts.get(key, 0) + 1
    best = max(counts, key=lambda key: counts[key]) if counts else None
    if best is None or counts[best] < 2 or list(counts.values()).count(counts[best]) > 1:
        best = _most_named_parties(mentions, kinds)
    if best is None:
        return None
    first, second = sorted(best, key=lambda name: first_seen[name])
    return first, second


def _most_named_parties(mentions: list[Mention], kinds: dict[str, str]) -> frozenset[str] | None:
    """The two parties named most, when they stand clearly above the rest ("the army" and
    "the RSF" in a report on Sudan's war)."""
    counts: dict[str, int] = {}
    for mention in mentions:
        if kinds.get(mention.actor) in _PARTY_KINDS:
            counts[mention.actor] = counts.get(mention.actor, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) < 2 or ranked[1] < _MIN_PARTY_MENTIONS:
        return None
    if len(ranked) > 2 and ranked[2] * 2 > ranked[1]:
        return None
    top = sorted(counts, key=lambda name: -counts[name])[:2]
    return frozenset(top)


def possessed_organs(
    gaz: Gazetteer, context: SentenceContext, actors: dict[str, Actor]
) -> list[tuple[Mention, Actor]]:
    """ "Armenia dismissed the report that its forces had shelled Ganja": "its forces" are the
    forces of the state or authority "its" stands for."""
    found: list[tuple[Mention, Actor]] = []
    tokens = context.tokens
    for index, token in enumerate(tokens[:-1]):
        if token.key not in ("its", "their") or context.in_quotation(token.start):
            continue
        organ = None
        # "its long-range drones": a modifier or two may stand before the organ noun.
        for skip in range(_POSSESSED_MODIFIERS + 1):
            noun_at = index + 1 + skip
            if noun_at >= len(tokens) or (skip and not tokens[noun_at - 1].text.islower()):
                break
            for length in range(min(gaz.max_organ_tokens, len(tokens) - noun_at), 0, -1):
                key = " ".join(t.key for t in tokens[noun_at : noun_at + length])
                if key in gaz.organ_nouns:
                    organ, last = gaz.organ_nouns[key], noun_at + length - 1
                    break
            if organ is not None:
                break
        if organ is None or any(m.start == tokens[index + 1].start for m in context.mentions):
            continue
        earlier = [m for m in context.mentions if m.end <= token.start]
        owner_name = context.references.resolve("it", earlier)
        owner = actors.get(owner_name or "")
        if owner is not None and owner.kind in _ARMED_BODIES and organ.kind in _ARMED_BODIES:
            # "the RSF said its fighters had seized": an armed body's fighters are itself.
            actor = owner
        else:
            if owner is not None and owner.name not in gaz.adjective_of and owner.parent:
                # "the ministry said its forces": the forces are the state's.
                owner = actors.get(owner.parent)
            if owner is None or owner.name not in gaz.adjective_of:
                continue
            actor = gaz.owner_organ(owner, organ)
        start, end = token.start, tokens[last].end
        text = context.sentence.text[start - context.sentence.start : end - context.sentence.start]
        found.append((Mention(actor.name, context.sentence.idx, start, end, text), actor))
    return found


def pair_mentions(sentences: list[Sentence], pair: tuple[str, str]) -> list[Mention]:
    """ "both sides", "the two former Soviet republics": one mention of each party."""
    found: list[Mention] = []
    for sentence in sentences:
        for match in PAIR_PHRASE.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            found.extend(Mention(name, sentence.idx, start, end, match.group()) for name in pair)
    return found
