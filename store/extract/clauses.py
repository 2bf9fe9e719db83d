"""Who a clause is about: subjects of verbs, quotation spans and what pronouns refer to.

Shared by quote and event extraction, which both need "who said" and "who did".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from store.extract.gazetteer import Gazetteer
from store.extract.lexicon import load_lexicon
from store.extract.records import Mention, Sentence
from store.extract.tokens import Token, tokenize

QUOTATION = re.compile(r"“([^“”]*)(?:”|$)|\"([^\"]*)(?:\"|$)")
CLAUSE_BREAKS = frozenset({"while", "but", "whereas", ";", "although", "though"})
# Words that open a subordinate clause: a verb after one takes its subject from inside it
# ("plunged France into grief after gunmen killed 130 people": France did not kill).
SUBORDINATORS = frozenset(
    {
        "after",
        "before",
        "when",
        "because",
        "since",
        "as",
        "if",
        "until",
        "unless",
        "once",
        "where",
        "whether",
    }
)
PREPOSITIONS = frozenset({"of", "in", "from", "at", "for", "on", "with", "by", "and", "or"})
_RELATIVES = frozenset({"that", "which", "who"})
# Words that may stand between a subject and its verb ("he also said", "it had claimed").
_BETWEEN_SUBJECT_AND_VERB = frozenset(
    {
        "also",
        "later",
        "then",
        "again",
        "previously",
        "earlier",
        "had",
        "has",
        "have",
        "would",
        "will",
        "reportedly",
        "repeatedly",
        "once",
        "was",
        "were",
        "is",
        "are",
        "been",
    }
)


@dataclass(frozen=True, slots=True)
class Reference:
    """An actor as a clause refers to it: by name or by pronoun (``actor`` may be unresolved)."""

    actor: str | None
    text: str
    start: int
    end: int


@functools.cache
def pronouns() -> tuple[frozenset[str], frozenset[str]]:
    """Pronouns that stand for a person, and those that stand for a state, body or group."""
    data = load_lexicon("reporting")["pronouns"]
    return frozenset(data["person"]), frozenset(data["group"])


@dataclass(slots=True)
class References:
    """What pronouns can refer to: recent speakers, subjects and mentions, most recent last."""

    kinds: dict[str, str]
    speakers: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    last_sentence_size: int = 0

    def after_sentence(self, mentions: list[Mention], speakers: list[str]) -> None:
        """Remember a finished sentence's mentions and the speakers quoted in it."""
        self.mentioned.extend(m.actor for m in mentions)
        self.last_sentence_size = len(mentions)
        if mentions:
            self.subjects.append(mentions[0].actor)
        self.speakers.extend(speakers)

    def fits(self, pronoun: str, name: str) -> bool:
        """Whether a pronoun can stand for an actor: he and she for people, it and they for
        states, bodies and forces."""
        kind = self.kinds.get(name)
        if pronoun in pronouns()[0]:
            return kind == "person"
        return kind not in (None, "person", "group")

    def resolve(self, pronoun: str, before: list[Mention]) -> str | None:
        """The actor a pronoun stands for, given the mentions earlier in its sentence."""
        person_pronouns, _ = pronouns()
        wants_person = pronoun in person_pronouns

        def fits(name: str) -> bool:
            return self.fits(pronoun, name)

        if not wants_person:
            # "Azerbaijan claimed it captured": the subject of the same sentence comes first.
            for mention in before:
                if fits(mention.actor):
                    return mention.actor
            for name in reversed(self.subjects[-1:]):
                if fits(name):
                    return name
        for name in reversed(self.speakers[-3:]):
            if fits(name):
                return name
        for mention in reversed(before):
            if fits(mention.actor):
                return mention.actor
        # Only the last sentence's actors are near enough to be meant; further back, an
        # unresolved pronoun is better than a wrong actor.
        for name in reversed(self.mentioned[-self.last_sentence_size :]):
            if fits(name):
                return name
        return None


def quotation_spans(sentence: Sentence) -> list[tuple[int, int]]:
    """Spans (article offsets, marks included) of the quotations in a sentence."""
    return [
        (sentence.start + m.start(), sentence.start + m.end())
        for m in QUOTATION.finditer(sentence.text)
        if (m.group(1) or m.group(2) or "").strip()
    ]


@dataclass(slots=True)
class SentenceContext:
    """One sentence with its tokens, mentions and quotations, and what came before it."""

    gaz: Gazetteer
    sentence: Sentence
    tokens: list[Token]
    mentions: list[Mention]
    references: References
    quoted: list[tuple[int, int]] = field(default_factory=list)

    def in_quotation(self, position: int) -> bool:
        """Whether an offset lies inside one of the sentence's quotations."""
        return any(start <= position < end for start, end in self.quoted)

    def clause_start(self, index: int) -> int:
        """Offset where the clause holding token ``index`` starts."""
        for previous in range(index - 1, -1, -1):
            if self.tokens[previous].key in CLAUSE_BREAKS:
                return self.tokens[previous].end
        return self.sentence.start

    def reported_clause_start(self, index: int) -> int:
        """Where the clause of token ``index`` starts, a reported or subordinate clause counting
        as its own: in "the ministry said Armenian forces were attacking", "attacking" starts at
        "Armenian"."""
        start = self.clause_start(index)
        for previous in range(index - 1, -1, -1):
            token = self.tokens[previous]
            if token.start < start:
                break
            following = self.tokens[previous + 1] if previous + 1 < len(self.tokens) else None
            if following is not None and following.key == "to":
                # "vowed to take back": an infinitive shares its subject, it is no new clause.
                continue
            if token.text.islower() and (
                token.key in self.gaz.reporting_verbs or token.key in SUBORDINATORS
            ):
                return token.end
        return start

    def reporting_verb_before(self, index: int) -> int | None:
        """The index of a reporting verb right before token ``index`` ("said it", "claimed
        that it"), if there is one."""
        previous = index - 1
        if previous >= 0 and self.tokens[previous].key == "that":
            previous -= 1
        if previous >= 0 and self.tokens[previous].key in self.gaz.reporting_verbs:
            return previous
        return None

    def clause_end(self, index: int) -> int:
        """Offset where the clause holding token ``index`` ends."""
        for following in range(index + 1, len(self.tokens)):
            if self.tokens[following].key in CLAUSE_BREAKS:
                return self.tokens[following].start
        return self.sentence.end

    def pronoun_reference(self, token: Token) -> Reference:
        """What a pronoun stands for: the speaker of the verb that reports it ("Turkey said it
        was talking"), else the best earlier referent."""
        index = self.tokens.index(token)
        verb = self.reporting_verb_before(index)
        if verb is not None:
            speaker = self.subject_of(verb)
            if (
                speaker is not None
                and speaker.actor
                and self.references.fits(token.key, speaker.actor)
            ):
                return Reference(speaker.actor, token.text, token.start, token.end)
        earlier = [m for m in self.mentions if m.end <= token.start]
        actor = self.references.resolve(token.key, earlier)
        return Reference(actor, token.text, token.start, token.end)

    def subject_of(self, verb_index: int) -> Reference | None:
        """The subject of the verb at ``verb_index``.

        Usually the clause's first actor ("Olesya Vartanyan of the International Crisis Group
        told"), or the second of an apposition ("Azerbaijan ally Turkey said"); after a relative
        pronoun the nearest actor ("a defence ministry statement that said"); a pronoun right
        before the verb is resolved.
        """
        tokens = self.tokens
        shared = self._coordinated_with(verb_index)
        if shared is not None:
            return self.subject_of(shared)
        clause_start = self.reported_clause_start(verb_index)
        verb_start = tokens[verb_index].start
        candidates = [
            m
            for m in self.mentions
            if clause_start <= m.start and m.end <= verb_start and not self.in_quotation(m.start)
        ]
        person_pronouns, group_pronouns = pronouns()
        previous = verb_index - 1
        while previous >= 0 and tokens[previous].key in _BETWEEN_SUBJECT_AND_VERB:
            previous -= 1
        if previous >= 0 and tokens[previous].key in person_pronouns | group_pronouns:
            return self.pronoun_reference(tokens[previous])
        if not candidates:
            return None
        if previous >= 0 and tokens[previous].key in _RELATIVES:
            chosen = max(
                (m for m in candidates if m.end <= tokens[previous].start),
                key=lambda m: m.end,
                default=candidates[-1],
            )
            return _reference(chosen)
        chosen_index = 0
        while chosen_index + 1 < len(candidates) and self.apposed(
            candidates[chosen_index], candidates[chosen_index + 1]
        ):
            chosen_index += 1
        return _reference(candidates[chosen_index])

    def _coordinated_with(self, verb_index: int) -> int | None:
        """ "said Armenia was “...” and called on": a verb after a closed quotation and "and"
        shares the subject of the reporting verb before the quotation."""
        tokens = self.tokens
        if verb_index < 2 or tokens[verb_index - 1].key != "and":
            return None
        if tokens[verb_index - 2].text not in '”"':
            return None
        for index in range(verb_index - 3, -1, -1):
            token = tokens[index]
            if (
                token.key in self.gaz.reporting_verbs
                and token.text.islower()
                and not self.in_quotation(token.start)
            ):
                return index
        return None

    def apposed(self, first: Mention, second: Mention) -> bool:
        """ "Azerbaijan ally Turkey": two actors joined by at most two plain words."""
        between = [t for t in self.tokens if first.end <= t.start and t.end <= second.start]
        return len(between) <= 2 and all(
            t.is_word and t.key not in PREPOSITIONS and t.key not in self.gaz.reporting_verbs
            for t in between
        )


def _reference(mention: Mention) -> Reference:
    return Reference(mention.actor, mention.text, mention.start, mention.end)


def sentence_contexts(
    gaz: Gazetteer,
    sentences: Iterable[Sentence],
    mentions: Iterable[Mention],
    references: References,
) -> Iterator[SentenceContext]:
    """A context for each sentence in turn; ``references`` is shared, so that the caller
    can tell it what each finished sentence said (``References.after_sentence``)."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence_idx, []).append(mention)
    for sentence in sentences:
        yield SentenceContext(
            gaz,
            sentence,
            tokenize(sentence.text, sentence.start),
            by_sentence.get(sentence.idx, []),
            references,
            quotation_spans(sentence),
        )
