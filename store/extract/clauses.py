"""Who a clause is about: subjects of verbs, quotation spans and what pronouns refer to.

Shared by quote and event extraction, which both need "who said" and "who did".
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from store.extract.folding import fold
from store.extract.gazetteer import Gazetteer
from store.extract.lexicon import load_lexicon
from store.extract.records import Mention, Sentence
from store.extract.tokens import Token, tokenize

_APPOSITION_WORDS = 4
_TITLE_APPOSITION_WORDS = 8
# Prepositions that put an actor in a phrase of place or possession, not in subject position.
_PP_OPENERS = frozenset(
    {
        "in",
        "at",
        "from",
        "of",
        "to",
        "near",
        "across",
        "into",
        "inside",
        "outside",
        "throughout",
        "within",
        "toward",
        "towards",
        "over",
        "under",
        "around",
        "through",
        "for",
        "with",
        "by",
        "on",
        "against",
        "between",
        "among",
        "after",
        "before",
        "since",
        "during",
    }
)
_PP_REACH = 3
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
BETWEEN_SUBJECT_AND_VERB = frozenset(
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
        "often",
        "frequently",
        "recently",
        "initially",
        "privately",
        "publicly",
        "separately",
        "did",
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


@functools.cache
def _gender_titles() -> dict[str, str]:
    """Folded title or role -> the gender it tells ("ms" -> "female")."""
    data = load_lexicon("titles")["gender"]
    return {fold(word): gender for gender in ("female", "male") for word in data[gender]}


@functools.cache
def _gender_pronouns() -> dict[str, str]:
    """Pronoun or possessive -> the gender it tells ("his" -> "male")."""
    data = load_lexicon("reporting")["pronouns"]
    return {word: gender for gender in ("female", "male") for word in data[gender]}


@functools.cache
def _given_names() -> dict[str, str]:
    """Folded given name -> the gender it is mostly given to."""
    data = load_lexicon("given_names")
    return {fold(name): gender for gender in ("female", "male") for name in data[gender]}


# How many earlier sentences "he" or "she" may reach back to for its person.
_PERSON_WINDOW = 4
# How far into a sentence a "he" or "she" counts as its subject ("But right now, he is").
_OPENING_WORDS = 8


@dataclass(slots=True)
class References:
    """What pronouns can refer to: recent speakers, subjects and mentions, most recent last."""

    kinds: dict[str, str]
    genders: dict[str, str] = field(default_factory=dict)
    """Person -> "female" or "male", where the article tells (see ``person_genders``)."""
    speakers: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    last_sentence_size: int = 0
    people: list[list[str]] = field(default_factory=list)
    """For each recent sentence, its speakers, then the people it names outside quotations."""

    def after_sentence(
        self,
        mentions: list[Mention],
        speakers: list[str],
        quoted: list[tuple[int, int]] | None = None,
        tokens: list[Token] | None = None,
    ) -> None:
        """Remember a finished sentence's mentions and the speakers quoted in it.

        Args:
            mentions: the sentence's mentions, in order.
            speakers: actors quoted in it.
            quoted: its quotation spans; people named inside a quotation are not what a later
                "he" or "she" refers to.
            tokens: its tokens, so that a "he" or "she" that opens it counts as a mention of
                the person it stands for ("But right now, he is offsetting only a tenth").
        """
        if tokens is not None:
            speakers = self._pronoun_subject(tokens, mentions, quoted or []) + speakers
        self.mentioned.extend(m.actor for m in mentions)
        self.last_sentence_size = len(mentions)
        if mentions:
            self.subjects.append(mentions[0].actor)
        self.speakers.extend(speakers)
        outside = [
            m.actor
            for m in mentions
            if self.kinds.get(m.actor) == "person"
            and not any(start <= m.start < end for start, end in quoted or ())
        ]
        self.people.append(speakers + outside)
        del self.people[:-_PERSON_WINDOW]

    def _pronoun_subject(
        self, tokens: list[Token], mentions: list[Mention], quoted: list[tuple[int, int]]
    ) -> list[str]:
        """The person a "he" or "she" stands for when it opens a sentence (within its first
        few words, before any name), outside quotation marks."""
        person_pronouns, _ = pronouns()
        first_name = mentions[0].start if mentions else tokens[-1].end if tokens else 0
        for token in tokens[:_OPENING_WORDS]:
            if token.start >= first_name:
                break
            if token.key in person_pronouns and not any(s <= token.start < e for s, e in quoted):
                actor = self.resolve(token.key, [])
                return [actor] if actor else []
        return []

    def fits(self, pronoun: str, name: str) -> bool:
        """Whether a pronoun can stand for an actor: he and she for people of that gender (or
        of none known), it and they for states, bodies and forces."""
        kind = self.kinds.get(name)
        if pronoun in pronouns()[0]:
            if kind != "person":
                return False
            wanted = _gender_pronouns().get(pronoun)
            return wanted is None or self.genders.get(name, wanted) == wanted
        return kind not in (None, "person", "group")

    def resolve(self, pronoun: str, before: list[Mention]) -> str | None:
        """The actor a pronoun stands for, given the mentions earlier in its sentence.

        "He" and "she" take the nearest person of their gender: named earlier in the sentence,
        else a speaker or person of the last few sentences, nearest first; "it" and "they" the
        sentence's subject, a recent speaker or the last sentence's actors.
        """
        person_pronouns, _ = pronouns()

        def fits(name: str) -> bool:
            return self.fits(pronoun, name)

        if pronoun in person_pronouns:
            for mention in reversed(before):
                if fits(mention.actor):
                    return mention.actor
            for names in reversed(self.people):
                for name in names:
                    if fits(name):
                        return name
            return None
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


def person_genders(
    text: str,
    mentions: Iterable[Mention],
    kinds: dict[str, str],
    tokens_of: Iterable[tuple[list[Token], list[Mention], list[tuple[int, int]]]],
) -> dict[str, str]:
    """The gender of each person where the article tells it.

    A title or honorific before a mention tells it first ("Ms. Moore", "spokeswoman Maria
    Zakharova"), then a common given name ("Angela Merkel"), then the pronouns of sentences that
    name that person alone ("Fowler noted that at one of his first meetings").

    Args:
        text: the article text.
        mentions: every mention of the article.
        kinds: actor kinds by name.
        tokens_of: each sentence's tokens, mentions and quotation spans.
    """
    titles = _gender_titles()
    pronoun_genders = _gender_pronouns()
    given = _given_names()
    genders: dict[str, str] = {}
    for mention in mentions:
        if kinds.get(mention.actor) != "person" or mention.actor in genders:
            continue
        title = _WORD_BEFORE.search(text, max(0, mention.start - 32), mention.start)
        own_title = mention.text.split()[0].rstrip(".")
        gender = titles.get(fold(own_title)) if " " in mention.text else None
        if gender is None and title is not None:
            gender = titles.get(fold(title.group(1)))
        if gender is None:
            first = mention.actor.split()[0]
            gender = given.get(fold(first)) if " " in mention.actor else None
        if gender is not None:
            genders[mention.actor] = gender
    votes: dict[str, dict[str, int]] = {}
    for tokens, sentence_mentions, quoted in tokens_of:
        people = {
            m.actor
            for m in sentence_mentions
            if kinds.get(m.actor) == "person"
            and not any(start <= m.start < end for start, end in quoted)
        }
        if len(people) != 1:
            continue
        (person,) = people
        if person in genders:
            continue
        first = min(m.end for m in sentence_mentions if m.actor == person)
        for token in tokens:
            gender = pronoun_genders.get(token.key) if token.start >= first else None
            if gender is not None and not any(s <= token.start < e for s, e in quoted):
                tally = votes.setdefault(person, {"female": 0, "male": 0})
                tally[gender] += 1
    for person, tally in votes.items():
        female, male = tally["female"], tally["male"]
        if max(female, male) >= 2 and min(female, male) * 3 <= max(female, male):
            genders[person] = "female" if female > male else "male"
    return genders


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


@dataclass(frozen=True, slots=True)
class QuoteSegment:
    """The part of a quotation that lies in one paragraph.

    A quotation that a paragraph opens without closing goes on in the next paragraph when that
    paragraph opens with a quotation mark (the news convention), so one quotation may have
    several segments.
    """

    start: int
    """Offset of the opening mark."""
    end: int
    """Offset after the closing mark, or the paragraph's end when the quotation goes on."""
    quotation: int
    """Index of the quotation in the article, shared by its segments."""
    closed: bool
    """Whether the segment ends with its closing mark."""
    first: bool
    """Whether the segment opens its quotation."""


# Quotation marks: double (curly, straight, or typed as two apostrophes or backticks) and single
# ones that stand at a word's edge (an apostrophe inside a word, as in "don’t", is none).
_MARK = re.compile(
    # The lookahead lets the engine skip to a mark before it tries the alternatives.
    r"(?=[`'\"“”‘’])(?:''|``|[“”\"]|(?<!\w)[‘'’](?=\w)|(?<=[\w.,!?…])[’'‘](?!\w))"
)
_ELISION = re.compile(r"(?:\d\d?s?|em|til|tis|cause|n)\b", re.IGNORECASE)
_OPENING_CONTEXT = " \t\n([{—–-/"
_MAX_NESTING = 2
_OPENERS = ("“", "``")


def find_quotations(text: str, sentences: Iterable[Sentence]) -> list[QuoteSegment]:
    """The quotations of an article's body, as segments of at most one paragraph each.

    Double marks pair with each other whatever their style (writers mix them); single marks
    count only outside double ones (inside, they quote within the quotation) and only when they
    close within their paragraph, so that an apostrophe never opens a quotation.
    """
    paragraphs: list[tuple[int, int, int]] = []
    for sentence in sentences:
        if paragraphs and paragraphs[-1][0] == sentence.paragraph:
            paragraphs[-1] = (sentence.paragraph, paragraphs[-1][1], sentence.end)
        else:
            paragraphs.append((sentence.paragraph, sentence.start, sentence.end))
    segments: list[QuoteSegment] = []
    carried: tuple[int, str] | None = None
    previous_paragraph = -2
    for number, start, end in paragraphs:
        opens_with = _MARK.match(text, start)
        if (
            carried is None
            or number != previous_paragraph + 1
            or opens_with is None
            or _family(opens_with.group()) != carried[1]
        ):
            carried = None
        carried = _scan_paragraph(text, start, end, carried, segments)
        previous_paragraph = number
    return segments


def _family(mark: str) -> str:
    return "single" if mark in "‘’'" else "double"


def _scan_paragraph(
    text: str,
    start: int,
    end: int,
    carried: tuple[int, str] | None,
    segments: list[QuoteSegment],
) -> tuple[int, str] | None:
    """Pair the marks of one paragraph; return the quotation it leaves open, if any."""
    quotation = segments[-1].quotation + 1 if segments else 0
    open_at: int | None = None
    depth = 0
    family = "double"
    first = True
    single_open: int | None = None
    matches = list(_MARK.finditer(text, start, end))
    if carried is not None:
        open_at, family, depth, first = start, carried[1], 1, False
        quotation = carried[0]
        matches = matches[1:]
    for match in matches:
        mark = match.group()
        at = match.start()
        if _family(mark) == "single":
            if depth:
                continue
            if single_open is None:
                if mark != "’" and _opens(text, match, start) and not _ELISION.match(text, at + 1):
                    single_open = at
            elif mark != "‘" and _closes(text, match, end) and not _possessive(text, match, end):
                segments.append(QuoteSegment(single_open, match.end(), quotation, True, True))
                quotation += 1
                single_open = None
            continue
        single_open = None
        opens, closes = _opens(text, match, start), _closes(text, match, end)
        if depth == 0:
            if mark in _OPENERS or (opens and (mark != "”" or not closes)):
                open_at, depth, family, first = at, 1, "double", True
            continue
        if mark in _OPENERS or (opens and not closes and mark != "”"):
            line_start = text[start:at].rstrip(" \t").endswith("\n")
            if open_at is not None and (line_start or (depth == 1 and mark in _OPENERS)):
                # An opening mark while a quotation is open: at the start of a line it goes on
                # with the quotation (a paragraph of the next line); elsewhere the open one was
                # never closed and a new one starts.
                segment_end = len(text[open_at:at].rstrip()) + open_at
                segments.append(QuoteSegment(open_at, segment_end, quotation, False, first))
                if not line_start:
                    quotation += 1
                open_at, depth, first = at, 1, not line_start
                continue
            # A quotation inside the quotation, in double marks of its own.
            depth = min(depth + 1, _MAX_NESTING)
            continue
        depth -= 1
        if depth == 0 and open_at is not None:
            segments.append(QuoteSegment(open_at, match.end(), quotation, True, first))
            quotation += 1
            open_at = None
    if depth and open_at is not None:
        segments.append(QuoteSegment(open_at, end, quotation, False, first))
        return quotation, family
    return None


def _opens(text: str, match: re.Match[str], start: int) -> bool:
    """A mark opens when it starts the paragraph or follows a space or bracket, and a word
    follows it."""
    before = text[match.start() - 1] if match.start() > start else " "
    after = text[match.end()] if match.end() < len(text) else " "
    return before in _OPENING_CONTEXT and not after.isspace()


def _closes(text: str, match: re.Match[str], end: int) -> bool:
    """A mark closes when it follows a word or punctuation, and no word follows it."""
    before = text[match.start() - 1] if match.start() > 0 else " "
    after = text[match.end()] if match.end() < end else " "
    return not before.isspace() and not after.isalnum()


def _possessive(text: str, match: re.Match[str], end: int) -> bool:
    """ "the players’ union": an apostrophe after a plural, followed by a lowercase word."""
    before = text[match.start() - 1] if match.start() > 0 else " "
    following = text[match.end() : match.end() + 2]
    return before == "s" and len(following) == 2 and following[0] == " " and following[1].islower()


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
        earlier = [
            m for m in self.mentions if m.end <= token.start and not self.in_quotation(m.start)
        ]
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
        while previous >= 0 and tokens[previous].key in BETWEEN_SUBJECT_AND_VERB:
            previous -= 1
        if previous >= 0 and tokens[previous].key in person_pronouns | group_pronouns:
            return self.pronoun_reference(tokens[previous])
        if not candidates:
            return None
        if (
            previous >= 0
            and candidates[-1].end == tokens[previous].end
            and self._opens_after_comma(candidates[-1])
        ):
            # "Asked about the bomb, Clinton said": the actor right before the verb, after an
            # opening phrase, is its subject.
            return _reference(candidates[-1])
        if previous >= 0 and tokens[previous].key in _RELATIVES:
            chosen = max(
                (m for m in candidates if m.end <= tokens[previous].start),
                key=lambda m: m.end,
                default=candidates[-1],
            )
            return _reference(chosen)
        # "killed making the crossing from Turkey", "in a district of Damascus killed": an actor
        # inside a prepositional phrase is no subject.
        candidates = [m for m in candidates if not self._after_preposition(m)]
        if not candidates:
            return None
        chosen_index = 0
        while chosen_index + 1 < len(candidates) and self.apposed(
            candidates[chosen_index], candidates[chosen_index + 1]
        ):
            chosen_index += 1
        return _reference(candidates[chosen_index])

    def _after_preposition(self, mention: Mention) -> bool:
        """Whether a preposition (with at most a determiner or adjective) comes right before a
        mention."""
        before = [t for t in self.tokens if t.end <= mention.start][-_PP_REACH:]
        for token in reversed(before):
            if token.key in _PP_OPENERS:
                return True
            if (
                not (token.text.islower() and token.is_word)
                or token.key in self.gaz.reporting_verbs
            ):
                return False
        return False

    def _opens_after_comma(self, mention: Mention) -> bool:
        """Whether a comma comes right before a mention, or before its title ("..., Sen.
        Claire McCaskill")."""
        before = [t for t in self.tokens if t.end <= mention.start]
        for token in reversed(before[-_MAX_TITLE_TOKENS:]):
            if token.text == ",":
                return not self.in_quotation(token.start)
            if not (token.is_capitalised or token.text == "." or token.key in self.gaz.titles):
                return False
        return False

    def subject_phrase(self, verb_index: int) -> Reference | None:
        """A subject that speaks without naming an actor: "officials said", "a senior
        source told", "Federal and state officials warned" (``actor`` stays None)."""
        tokens = self.tokens
        last = verb_index - 1
        while last >= 0 and tokens[last].key in BETWEEN_SUBJECT_AND_VERB:
            last -= 1
        if (
            last < 0
            or tokens[last].key not in speaker_nouns()
            or self.in_quotation(tokens[last].start)
        ):
            return None
        first = last
        while first > 0 and last - first < _MAX_SPEAKER_MODIFIERS:
            token = tokens[first - 1]
            if (
                not token.is_word
                or token.key in _NOT_MODIFIERS
                or (token.key in self.gaz.reporting_verbs and token.text.islower())
            ):
                break
            first -= 1
            if token.key in _DETERMINERS:
                break
        start, end = tokens[first].start, tokens[last].end
        return Reference(
            None,
            self.sentence.text[start - self.sentence.start : end - self.sentence.start],
            start,
            end,
        )

    def _coordinated_with(self, verb_index: int) -> int | None:
        """ "said Armenia was “...” and called on": a verb after a closed quotation and "and"
        shares the subject of the reporting verb before the quotation."""
        tokens = self.tokens
        if verb_index < 2 or tokens[verb_index - 1].key != "and":
            return None
        speech = tokens[verb_index].key in self.gaz.reporting_verbs
        if tokens[verb_index - 2].text not in '”"' and not speech:
            # "The military said its jets had hit X and accused the group": a second act of
            # speech after "and" is the first speaker's, whatever the clause in between.
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
        """Whether the first actor only qualifies the second: "Azerbaijan ally Turkey",
        "Azerbaijan's President Ilham Aliyev", "U.S. special envoy Daniel Mercer", and, before a
        person, a long title ("US Democratic presidential candidate and former Vice President
        Joe Biden"). A verb between ("Trump attacked Clinton") makes no apposition."""
        between = [t for t in self.tokens if first.end <= t.start and t.end <= second.start]
        person = self.references.kinds.get(second.actor) == "person"
        limit = _TITLE_APPOSITION_WORDS if person else _APPOSITION_WORDS
        # "and" may join title words ("candidate and former Vice President") but, right after
        # the first actor, it joins two actors ("the OSCE and Pope Francis").
        return len(between) <= limit and all(
            (t.is_word or t.is_possessive)
            and (t.key not in PREPOSITIONS or (person and t.key == "and" and position > 0))
            and t.key not in self.gaz.reporting_verbs
            and not t.key.endswith(("ed", "ing"))
            for position, t in enumerate(between)
        )


@functools.cache
def speaker_nouns() -> frozenset[str]:
    """Nouns that speak without naming who: "officials", "police", and the roles that
    describe a person ("the New York businessman", "my father")."""
    nouns = load_lexicon("reporting")["speaker_nouns"]["nouns"]
    roles = load_lexicon("titles")["roles"]["nouns"]
    # Roles speak in the plural too ("engineers told reporters").
    return frozenset(nouns) | frozenset(roles) | frozenset(f"{role}s" for role in roles)


_MAX_SPEAKER_MODIFIERS = 4
_MAX_TITLE_TOKENS = 4
_DETERMINERS = frozenset(
    {"a", "an", "the", "one", "some", "several", "two", "three", "many", "other", "another"}
)
_NOT_MODIFIERS = (
    (PREPOSITIONS - {"and"}) | CLAUSE_BREAKS | SUBORDINATORS | _RELATIVES | {"what", "to"}
)


def _reference(mention: Mention) -> Reference:
    return Reference(mention.actor, mention.text, mention.start, mention.end)


def sentence_contexts(
    gaz: Gazetteer,
    sentences: Iterable[Sentence],
    mentions: Iterable[Mention],
    references: References,
    segments: list[QuoteSegment] | None = None,
) -> Iterator[SentenceContext]:
    """A context for each sentence in turn; ``references`` is shared, so that the caller
    can tell it what each finished sentence said (``References.after_sentence``).

    Args:
        segments: the article's quotations (``find_quotations``), which then give each
            sentence its quoted spans, a quotation that runs across sentences included;
            without them each sentence's own quotation marks are paired.
    """
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence_idx, []).append(mention)
    pending = 0
    for sentence in sentences:
        if segments is None:
            quoted = quotation_spans(sentence)
        else:
            while pending < len(segments) and segments[pending].end <= sentence.start:
                pending += 1
            quoted = []
            for segment in itertools.islice(segments, pending, None):
                if segment.start >= sentence.end:
                    break
                quoted.append((max(segment.start, sentence.start), min(segment.end, sentence.end)))
        yield SentenceContext(
            gaz,
            sentence,
            tokenize(sentence.text, sentence.start),
            by_sentence.get(sentence.idx, []),
            references,
            quoted,
        )
