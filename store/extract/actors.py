"""Finding actors: states and their organs, bodies and groups, and people.

Rules, in the order they claim tokens (a token belongs to one mention at most):

1. A title introduces a person: "Armenian Prime Minister Nikol Pashinyan", "UN
   Secretary-General Antonio Guterres". A state before the title gives the person's country, an
   organisation gives the person's parent.
2. An owner (a state or authority, by name, adjective or possessive) followed by an organ noun
   names the organ: "Armenian forces", "Azerbaijan's defence ministry", "Armenian and
   Azerbaijan forces"; so does an organ noun followed by "of"/"in" and the owner ("defence
   ministry officials in Nagorno-Karabakh").
3. Gazetteer names: states, bodies, groups and known people; demonyms as groups; a capital or
   seat of power as its government, but only when it acts ("Baku said"), not as a place.
4. A run of capitalised words ending in an organisation head word ("International Crisis
   Group"), or a name beside a body's description ("Ukrenergo, the state grid operator,").
5. A run of capitalised words that speaks or is described as a person: "Artak Bagdasaryan
   told", "Olesya Vartanyan of the International Crisis Group".

Rules 1-5 run over the article twice when it uses acronyms for bodies it names in full, so that
"RSF commander ..." knows the RSF. Rules 6-8, how later text refers back to these actors, are in
``actor_references``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from store.extract.actor_references import (
    PARTICLE_NAME,
    FoundActors,
    affiliations,
    article_acronyms,
    definite_nouns,
    definite_references,
    find_surnames,
)
from store.extract.folding import fold
from store.extract.gazetteer import Gazetteer, Known, Organ, gazetteer, phrase_key
from store.extract.lexicon import load_lexicon
from store.extract.records import Actor, Mention, Sentence
from store.extract.tokens import Token, adjacent, tokenize

# A person's name has at most this many words after its title ("Recep Tayyip Erdogan").
_MAX_NAME_TOKENS = 4
_NAME_PARTICLES = frozenset({"de", "da", "van", "von", "bin", "ibn", "al", "el", "del", "der"})
_NAME_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")
_AGE = re.compile(r"[1-9]\d?")
# A US legislator's party and state after the name: "(D-Ore.)", ", R-Ky.,".
_PARTY_TAG = re.compile(r"\s*(?:\(|,\s*)[DRI]-[A-Z][\w. ]{0,14}[),]")
# Signs that a single capitalised word names a company, not a person ("Boeing Co", "shares of
# Boeing", "Boeing's chief executive"): what follows the word, and what comes right before it.
_COMPANY_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:Inc|Corp|Co|Ltd|LLC|Group|plc|AG|SA|NV|shares|stock|spokesman|"
    r"spokeswoman|spokesperson|executives?|chief executive|board|employees|customers)\b"
)
_COMPANY_BEFORE = re.compile(
    r"(?:[Ss]hares of|[Ss]take in|[Cc]ompany|[Ff]irm|[Mm]aker|[Cc]arrier|[Rr]etailer)\s+$"
)
_CLOSING_QUOTES = frozenset({"”", '"', "’", "'", "''"})
# A name word (and an initial) right before a position: "Kendra " in "Kendra McLenney".
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+) (?:[A-Z]\. )?$")
# Title words that may stand between a cue and a name ("said 9/11 widow Ana Ruiz").
_MAX_TITLE_WORDS = 6
# How many words a title's scope may have ("coordinator for Lebanon").
_MAX_SCOPE_WORDS = 4
# How many words may stand between ", a" and the role that shows a person ("a real estate
# developer").
_ROLE_WINDOW = 5


@functools.cache
def _roles() -> frozenset[str]:
    """Nouns that describe a person in an apposition ("Tim Hess, a developer")."""
    return frozenset(load_lexicon("titles")["roles"]["nouns"])


@functools.cache
def _place_prefixes() -> frozenset[str]:
    """Words that open a place's name ("New York", "San Diego"), so that what follows them is
    no person's name ("New York Post reports")."""
    return frozenset(load_lexicon("names")["place_prefixes"])


@functools.cache
def _speaker_nouns() -> frozenset[str]:
    return frozenset(load_lexicon("reporting")["speaker_nouns"]["nouns"])


@functools.cache
def _given_names() -> dict[str, str]:
    data = load_lexicon("given_names")
    return {fold(name): gender for gender in ("female", "male") for name in data[gender]}


def _given_gender(key: str) -> str | None:
    """The gender of a common given name (a folded token key), if it is one."""
    return _given_names().get(key)


_DASHES = frozenset({"―", "—", "–", "-"})
# Words after a capital that show it acts as a government rather than a place.
_ACTING = frozenset(
    {
        "has",
        "had",
        "have",
        "is",
        "was",
        "will",
        "would",
        "does",
        "did",
        "could",
        "should",
        "may",
        "might",
        "must",
        "also",
        "denied",
        "accused",
        "warned",
        "insisted",
        "rejected",
        "demanded",
        "urged",
        "condemned",
        "blamed",
        "responded",
        "retaliated",
        "sent",
        "launched",
        "announced",
        "agreed",
        "refused",
        "signed",
        "recognised",
        "recognized",
        "expelled",
    }
)
_GOVERNMENT_TEMPLATE = "{adjective} Government"
# "a district of Damascus killed ...": after these a capital is a place, whatever follows.
_PLACE_PREPOSITIONS = frozenset({"of", "in", "at", "near", "from", "to", "outside", "into"})
# How many words a body's description in apposition may have ("the state grid operator").
_DESCRIPTION_WORDS = 6
_LINKS = frozenset({"of", "in", "for", "from"})
_ORGANISATION_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "de"})


# The _written_* checks read every place the article writes a word. Each is cached by article
# and word: a word asked about once per sentence would otherwise cost a pass over the article per
# sentence, which grows with the square of the article's length.
@functools.lru_cache(maxsize=4096)
def _written_lowercase(text: str, word: str) -> bool:
    """Whether the article writes a word in lower case somewhere ("Officials" and "officials")."""
    lower = word.lower()
    position = text.find(lower)
    while position != -1:
        end = position + len(lower)
        before = text[position - 1] if position else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        position = text.find(lower, end)
    return False


@functools.lru_cache(maxsize=4096)
def _written_as_company(text: str, word: str) -> bool:
    """Whether the article writes a capitalised word as a company's name ("Boeing Co",
    "shares of Boeing", "Boeing's chief executive")."""
    position = text.find(word)
    while position != -1:
        end = position + len(word)
        if _COMPANY_AFTER.match(text, end) or _COMPANY_BEFORE.search(
            text, max(0, position - 20), position
        ):
            return True
        position = text.find(word, end)
    return False


@functools.lru_cache(maxsize=4096)
def _written_after_given_name(text: str, word: str, not_given: frozenset[str]) -> bool:
    """Whether the article writes a word after a name word ("Kendra McLenney")."""
    position = text.find(word)
    while position != -1:
        before = _NAME_BEFORE.search(text, max(0, position - 24), position)
        if before is not None and before.group(1) not in not_given:
            return True
        position = text.find(word, position + len(word))
    return False


def find_actors(
    text: str, sentences: tuple[Sentence, ...] | list[Sentence]
) -> tuple[tuple[Actor, ...], tuple[Mention, ...]]:
    """Find the actors of an article and every mention of them in the given sentences.

    Args:
        text: the article text (offsets index into it).
        sentences: the sentences to search, normally the body sentences only.
    """
    gaz = gazetteer()
    tokenized = [(sentence, tokenize(sentence.text, sentence.start)) for sentence in sentences]
    found, claimed_by_sentence = _scan(gaz, text, tokenized, {})
    acronyms = article_acronyms(gaz, tokenized, found)
    if acronyms:
        # "RSF commander Mohamed Hamdan Dagalo": scan again, now that "RSF" names a body.
        found, claimed_by_sentence = _scan(gaz, text, tokenized, acronyms)
    for (sentence, tokens), claimed in zip(tokenized, claimed_by_sentence, strict=True):
        find_surnames(gaz, text, sentence, tokens, claimed, found)
    definite_references(gaz, text, tokenized, claimed_by_sentence, found)
    affiliations(tokenized, found)
    found.merge_surname_people()
    found.prefer_people_named_here()
    found.add_parent_chain(gaz)
    mentions = sorted(found.mentions, key=lambda m: (m.start, m.end))
    return tuple(found.actors.values()), tuple(mentions)


def _scan(
    gaz: Gazetteer,
    text: str,
    tokenized: list[tuple[Sentence, list[Token]]],
    acronyms: dict[str, tuple[Known, ...]],
) -> tuple[FoundActors, list[list[bool]]]:
    """Rules 1-5 over every sentence, with the article's own acronyms."""
    found = FoundActors(acronyms=acronyms)
    claimed_by_sentence: list[list[bool]] = []
    for sentence, tokens in tokenized:
        claimed = [False] * len(tokens)
        _SentenceScan(gaz, text, sentence, tokens, claimed, found).run()
        claimed_by_sentence.append(claimed)
    return found, claimed_by_sentence


@functools.cache
def _appositive_bodies() -> frozenset[str]:
    return frozenset(load_lexicon("titles")["appositive_bodies"]["nouns"])


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    known: tuple[Known, ...]

    def first(self, *roles: str) -> Known | None:
        return next((k for k in self.known if k.role in roles), None)


@functools.cache
def _not_given_names() -> frozenset[str]:
    """Capitalised words that are no one's name: function words and the gazetteer's not-names."""
    gaz = gazetteer()
    return gaz.function_words | gaz.not_names


@functools.lru_cache(maxsize=65536)
def _is_name_word(word: str) -> bool:
    """Capitalised, not all capitals (so it has a lower-case letter), and neither a function
    word nor a not-name; or a name particle. Cached: the same words recur in every article."""
    return (word[:1].isupper() and not word.isupper() and word not in _not_given_names()) or bool(
        PARTICLE_NAME.fullmatch(word)
    )


class _SentenceScan:
    """Rules 1-5 over one sentence."""

    def __init__(
        self,
        gaz: Gazetteer,
        text: str,
        sentence: Sentence,
        tokens: list[Token],
        claimed: list[bool],
        found: FoundActors,
    ) -> None:
        self.gaz = gaz
        self.text = text
        self.sentence = sentence
        self.tokens = tokens
        self.claimed = claimed
        self.found = found
        self.name_like = self._name_words()
        self.matches = self._gazetteer_matches()
        self.match_at = {m.start: m for m in self.matches}

    def run(self) -> None:
        self._titled_people()
        self._organs()
        self._named()
        self._organisations()
        self._organisations_in_apposition()
        self._people_by_context()

    # -- helpers -------------------------------------------------------------------------

    def _mention(self, actor: Actor, first: int, last: int) -> None:
        """Record a mention over tokens first..last (inclusive) and claim them."""
        for index in range(first, last + 1):
            self.claimed[index] = True
        start, end = self.tokens[first].start, self.tokens[last].end
        self.found.add(actor, self.sentence, start, end, self.text)

    def _free(self, first: int, last: int) -> bool:
        return not any(self.claimed[first : last + 1])

    def _gazetteer_matches(self) -> list[_Match]:
        tokens, gaz = self.tokens, self.gaz
        phrase_lengths, acronyms = gaz.phrase_lengths, self.found.acronyms
        matches: list[_Match] = []
        resume = 0
        # Most tokens start no phrase of the gazetteer; only those that may are visited.
        starts = [
            i
            for i, token in enumerate(tokens)
            if token.key in phrase_lengths or (acronyms and token.key in acronyms)
        ]
        for index in starts:
            if index < resume or not tokens[index].text[:1].isupper():
                continue
            key = tokens[index].key
            lengths = phrase_lengths.get(key, ())
            if acronyms and key in acronyms:
                lengths = (*lengths, 1)
            for length in lengths:
                span = tokens[index : index + length]
                if len(span) < length:
                    continue
                pairs = zip(span, span[1:], strict=False)
                if length > 1 and not all(adjacent(a, b) for a, b in pairs):
                    continue
                key = " ".join(t.key for t in span)
                known = gaz.phrases.get(key) or self.found.acronyms.get(key)
                known = self._case_fits(span, known) if known else ()
                if known and self._plausible(index, length, known):
                    matches.append(_Match(index, index + length, known))
                    resume = index + length
                    break
        return matches

    @staticmethod
    def _case_fits(span: list[Token], known: tuple[Known, ...]) -> tuple[Known, ...]:
        """Acronyms match only capitals ("WHO", not "Who"); a word in capitals longer than an
        acronym is a dateline or a shout ("HONG KONG (Reuters)"), not a name."""
        written = " ".join(token.text for token in span)
        shouted = written.isupper() and len(written) > 4
        return tuple(k for k in known if (written.isupper() if k.acronym else not shouted))

    def _plausible(self, index: int, length: int, known: tuple[Known, ...]) -> bool:
        """A one-word alias of a person next to other name words is someone else's name."""
        if length > 1 or not all(k.actor.kind == "person" for k in known):
            return True
        return not any(self._name_like(i) for i in (index - 1, index + 1))

    def _name_like(self, index: int) -> bool:
        return 0 <= index < len(self.name_like) and self.name_like[index]

    def _name_words(self) -> list[bool]:
        """For each token, whether it can be a word of a person's name (see _is_name_word)."""
        return [_is_name_word(token.text) for token in self.tokens]

    def _owner_before(self, index: int) -> tuple[Known | None, int]:
        """The owner (state, authority or body) ending just before token ``index``.

        Returns the gazetteer entry and the index of its first token, skipping a possessive.
        """
        end = index
        if end > 0 and self.tokens[end - 1].is_possessive:
            end -= 1
        for match in self.matches:
            if match.end == end:
                known = match.first("adjective", "name")
                if known is not None and known.actor.kind != "person":
                    return known, match.start
        return None, index

    # -- rule 1: titles ----------------------------------------------------------------------

    def _titled_people(self) -> None:
        tokens = self.tokens
        first_words = self.gaz.title_first_words
        resume = 0
        # Only a title's first word can start one; the other tokens are not visited.
        for index in [i for i, token in enumerate(tokens) if token.key in first_words]:
            title_end = self._title_at(index) if index >= resume else None
            if title_end is None:
                continue
            # "Lt. Gen. John Smith", "Deputy Prime Minister ...": titles in a row.
            while (more := self._title_at(title_end)) is not None:
                title_end = more
            name_end = self._name_end(title_end)
            if name_end == title_end:
                title_end = self._title_scope_end(title_end)
                name_end = self._name_end(title_end)
            if name_end == title_end and self._comma_name(title_end):
                # "The regional governor, Pavel Orlov, dismissed"
                title_end += 1
                while (more := self._title_at(title_end)) is not None:
                    # "the army's spokesman, Lieutenant Colonel Jean-Pierre Mbuyi,"
                    title_end = more
                name_end = self._name_end(title_end)
            if name_end > title_end and tokens[name_end - 1].text in self.gaz.organisation_heads:
                # "Justice Department": the title word is part of an organisation's name.
                name_end = title_end
            if name_end == title_end:
                resume = title_end
                continue
            if name_end - title_end == 1 and tokens[title_end].key in _speaker_nouns():
                # "fellow Democrats" names a group, not a person.
                name_end = title_end
            if name_end == title_end:
                resume = title_end
                continue
            name = self.text[tokens[title_end].start : tokens[name_end - 1].end]
            titled = self.text[tokens[index].start : tokens[name_end - 1].end]
            # "Pope Francis" is known by title and name together.
            person = self._known_person(name) or self._known_person(titled)
            person = person or Actor(name, "person")
            owner_start = self._title_phrase_start(index)
            owner, owner_first = self._owner_before(owner_start)
            if owner is not None and person.country is None and person.parent is None:
                # A state gives the person a country; an authority or body becomes its parent.
                parent = None if owner.actor.kind == "state" else owner.actor.name
                person = Actor(person.name, "person", owner.actor.country, parent)
            organ = self._organ_in_title(owner_start, index)
            if (
                owner is not None
                and organ is not None
                and owner.actor.name in self.gaz.adjective_of
            ):
                # "Russian foreign ministry spokeswoman Yelena Sorokina" names the ministry too.
                body = self.gaz.owner_organ(owner.actor, organ[0])
                self._mention(body, owner_first, organ[1])
                person = Actor(person.name, "person", person.country, body.name, person.aliases)
            elif owner is not None and owner.role == "name" and owner.actor.kind != "person":
                # "UN Secretary-General Antonio Guterres", "U.S. special envoy Daniel Mercer"
                # name the UN and the United States too.
                self._mention(owner.actor, owner_first, owner_start - 1)
            elif owner is not None:
                # "Armenian" in "Armenian Prime Minister" names no organ of its own.
                for claimed in range(owner_first, owner_start):
                    self.claimed[claimed] = True
            elif owner_start > 0 and (sort := definite_nouns().get(tokens[owner_start - 1].key)):
                # "army spokesman Khalid al-Nour": the army the article is about.
                self.found.unowned_roles.setdefault(person.name, sort)
            if self._free(title_end, name_end - 1):
                self._mention(person, title_end, name_end - 1)
            resume = name_end

    def _comma_name(self, title_end: int) -> bool:
        """ "The regional governor, Pavel Orlov," : a name set off by commas after a title."""
        tokens = self.tokens
        if title_end >= len(tokens) or tokens[title_end].text != ",":
            return False
        end = self._name_end(title_end + 1)
        return end - title_end >= 3 and (end == len(tokens) or tokens[end].text in ",.")

    def _title_scope_end(self, title_end: int) -> int:
        """ "the U.N. special coordinator for Lebanon, Maria Lindqvist": a title's "for X"
        scope, skipped before a comma and the name."""
        tokens = self.tokens
        if title_end < len(tokens) and tokens[title_end].key in ("for", "of", "in", "to"):
            end = title_end + 1
            while (
                end < len(tokens)
                and end - title_end <= _MAX_SCOPE_WORDS
                and tokens[end].text != ","
            ):
                end += 1
            if end < len(tokens) and tokens[end].text == "," and self._comma_name(end):
                return end
        return title_end

    def _organ_in_title(self, start: int, title: int) -> tuple[Organ, int] | None:
        """An organ noun among the words before a title ("foreign ministry" in "foreign
        ministry spokeswoman"), with the index of its last word."""
        for first in range(start, title):
            end, organ = self._organ_noun_at(first)
            # The organ's phrase may take in the title ("foreign ministry spokeswoman").
            if organ is not None and end <= title + 1:
                return organ, min(end, title) - 1
        return None

    def _title_at(self, index: int) -> int | None:
        """End index of the longest title starting at ``index``, if any."""
        tokens = self.tokens
        if index >= len(tokens) or tokens[index].key not in self.gaz.title_first_words:
            return None
        for length in range(min(self.gaz.max_title_tokens, len(tokens) - index), 0, -1):
            words = [t.key for t in tokens[index : index + length]]
            if " ".join(words) in self.gaz.titles:
                return self._absorb_period(index + length)
        return None

    def _absorb_period(self, end: int) -> int:
        if end < len(self.tokens) and self.tokens[end].text == ".":
            return end + 1
        return end

    def _title_phrase_start(self, index: int) -> int:
        """Walk back over modifiers ("former", "Democratic presidential") before a title."""
        while index > 0 and self._in_title_phrase(index - 1):
            index -= 1
        return index

    def _in_title_phrase(self, index: int) -> bool:
        token = self.tokens[index]
        if token.key == "and":
            # "candidate and former Vice President": a conjunction between two title words.
            return index > 0 and self._in_title_phrase(index - 1)
        return token.key in self.gaz.title_modifiers or any(
            self._title_at(start) == index + 1 for start in range(max(0, index - 2), index + 1)
        )

    def _name_end(self, start: int, free_only: bool = False) -> int:
        """End (exclusive) of the name starting at token ``start``: name words with initials
        ("John D. Podesta", "G.K. Butterfield") and particles inside, a suffix ("Jr.", "II")
        after; ``start`` itself when no name starts there."""
        tokens = self.tokens
        end, words = start, 0
        while end < len(tokens) and words < _MAX_NAME_TOKENS:
            if end > start and not adjacent(tokens[end - 1], tokens[end]):
                break
            if free_only and self.claimed[end]:
                break
            if end > start and tokens[end].text in _NAME_SUFFIXES:
                break
            if self._name_like(end) or (end > start and self._particle_inside(end, start)):
                end, words = end + 1, words + 1
                continue
            initial = self._initial_length(end)
            if not initial or not self._name_like(end + initial):
                break
            end += initial
        if end == start or not self._name_like(end - 1):
            return start
        if (
            end < len(tokens)
            and tokens[end].text in _NAME_SUFFIXES
            and adjacent(tokens[end - 1], tokens[end])
        ):
            end += 1
            if (
                end < len(tokens)
                and tokens[end].text == "."
                and tokens[end].start == tokens[end - 1].end
            ):
                end += 1
        return end

    def _initial_length(self, index: int) -> int:
        """Tokens an initial takes at ``index``: 1 for "G.K.", 2 for "D" and its dot, else 0."""
        tokens = self.tokens
        if index >= len(tokens):
            return 0
        text = tokens[index].text
        if _DOTTED_INITIALS.fullmatch(text):
            return 1
        if len(text) == 1 and text.isupper() and index + 1 < len(tokens):
            if tokens[index + 1].text == "." and tokens[index + 1].start == tokens[index].end:
                return 2
            # "Christina N Luis": an initial written without its dot ("A" and "I" are words).
            return 0 if text in "AI" else 1
        return 0

    def _particle_inside(self, index: int, name_start: int) -> bool:
        return (
            index > name_start
            and self.tokens[index].key in _NAME_PARTICLES
            and self._name_like(index + 1)
        )

    def _known_person(self, name: str) -> Actor | None:
        for known in self.gaz.phrases.get(phrase_key(name), ()):
            if known.actor.kind == "person":
                return known.actor
        return None

    # -- rule 2: organs ----------------------------------------------------------------------

    def _organs(self) -> None:
        tokens = self.tokens
        for match in self.matches:
            owner = match.first("adjective", "name")
            if owner is None or self.claimed[match.start]:
                continue
            if owner.actor.kind != "person" and owner.actor.name not in self.gaz.adjective_of:
                # "WHO officials" are not a "World Health Organization Government".
                continue
            noun_start = match.end
            if noun_start < len(tokens) and tokens[noun_start].is_possessive:
                noun_start += 1
            organ_end, organ = self._organ_noun_at(noun_start)
            if owner.actor.kind == "person":
                # "the Trump administration": a leader's government is the state's.
                state = self.gaz.states_by_country.get(owner.actor.country or "")
                if state is None or organ is None or organ.template != _GOVERNMENT_TEMPLATE:
                    continue
                self._mention(self.gaz.owner_organ(state, organ), match.start, organ_end - 1)
                continue
            if organ is None:
                continue
            actor = self.gaz.owner_organ(owner.actor, organ)
            self._mention(actor, match.start, organ_end - 1)
            self._coordinated_owner(match.start, organ)
        self._organs_before_owner()

    def _organ_noun_at(self, index: int) -> tuple[int, Organ | None]:
        tokens = self.tokens
        if index >= len(tokens):
            return index, None
        if tokens[index].key in self.gaz.organ_first_words:
            for length in range(min(self.gaz.max_organ_tokens, len(tokens) - index), 0, -1):
                key = " ".join(t.key for t in tokens[index : index + length])
                organ = self.gaz.organ_nouns.get(key)
                if organ is not None:
                    return index + length, organ
        return self._ministry_at(index)

    def _ministry_at(self, index: int) -> tuple[int, Organ | None]:
        """ "Lebanon's health ministry", "the Ukrainian energy ministry": any ministry named by
        one or two lower-case words is an organ, named "Lebanese Health Ministry"."""
        tokens = self.tokens
        for length in (1, 2):
            end = index + length
            if end >= len(tokens) or tokens[end].key != "ministry":
                continue
            words = tokens[index:end]
            if all(t.text.isalpha() and t.text.islower() for t in words):
                name = " ".join(t.text.capitalize() for t in words)
                return end + 1, Organ("{adjective} " + name + " Ministry", "government")
        return index, None

    def _coordinated_owner(self, owner_start: int, organ: Organ) -> None:
        """ "Armenian and Azerbaijan forces": the organ belongs to the first owner too."""
        if owner_start < 2 or self.tokens[owner_start - 1].key not in ("and", "or"):
            return
        for match in self.matches:
            if match.end == owner_start - 1 and self._free(match.start, match.end - 1):
                owner = match.first("adjective")
                if owner is not None:
                    actor = self.gaz.owner_organ(owner.actor, organ)
                    self._mention(actor, match.start, match.end - 1)

    def _organs_before_owner(self) -> None:
        tokens = self.tokens
        first_words = self.gaz.organ_first_words
        # An organ starts with an organ word or ends one or two words later in "ministry"; no
        # other token needs a look.
        starts = {i for i, token in enumerate(tokens) if token.key in first_words}
        for ministry in [i for i, token in enumerate(tokens) if token.key == "ministry"]:
            starts.update(i for i in (ministry - 2, ministry - 1) if i >= 0)
        for index in sorted(starts):
            if self.claimed[index]:
                continue
            organ_end, organ = self._organ_noun_at(index)
            if organ is None or organ_end >= len(tokens) or tokens[organ_end].key not in _LINKS:
                continue
            owner_index = organ_end + 1
            if owner_index < len(tokens) and tokens[owner_index].key == "the":
                owner_index += 1
            match = self.match_at.get(owner_index)
            owner = match.first("name") if match else None
            if owner is None or owner.actor.name not in self.gaz.adjective_of:
                continue
            if not self._free(index, organ_end):
                continue
            actor = self.gaz.owner_organ(owner.actor, organ)
            self._mention(actor, index, organ_end - 1)
            for claimed in range(match.start, match.end):
                self.claimed[claimed] = True

    # -- rule 3: names from the gazetteer ---------------------------------------------------

    def _named(self) -> None:
        tokens = self.tokens
        for match in self.matches:
            if not self._free(match.start, match.end - 1):
                continue
            known = match.first("name", "demonym")
            if known is not None:
                self._mention(known.actor, match.start, match.end - 1)
                continue
            seat = match.first("seat")
            following = tokens[match.end] if match.end < len(tokens) else None
            preceding = tokens[match.start - 1] if match.start > 0 else None
            in_place_phrase = preceding is not None and preceding.key in _PLACE_PREPOSITIONS
            if (
                seat is not None
                and following is not None
                and not in_place_phrase
                and self._acts(following)
            ):
                self._mention(seat.actor, match.start, match.end - 1)

    def _acts(self, token: Token) -> bool:
        """Whether the word after a capital makes it act: "Baku said", "Moscow annexed"."""
        return (
            token.key in _ACTING
            or token.key in self.gaz.reporting_verbs
            or (token.text.islower() and token.key.endswith("ed") and len(token.key) > 4)
        )

    # -- rule 4: organisations by head word ----------------------------------------------

    def _organisations(self) -> None:
        tokens, gaz = self.tokens, self.gaz
        heads = gaz.organisation_heads
        for end in [i for i, token in enumerate(tokens) if token.text in heads]:
            kind = heads[tokens[end].text]
            if self.claimed[end]:
                continue
            start = end
            while start > 0 and not self.claimed[start - 1]:
                previous = tokens[start - 1]
                if not adjacent(previous, tokens[start]):
                    break
                if (
                    previous.is_capitalised
                    and previous.text not in gaz.function_words
                    or (
                        previous.key in _ORGANISATION_CONNECTORS
                        and start - 1 > 0
                        and (
                            tokens[start - 2].is_capitalised
                            and tokens[start - 2].text not in gaz.function_words
                        )
                    )
                ):
                    start -= 1
                else:
                    break
            if start == end or all(
                tokens[i].text in gaz.not_names or tokens[i].key in _ORGANISATION_CONNECTORS
                for i in range(start, end)
            ):
                # "Foreign Ministry" alone names no one in particular.
                continue
            end = self._organisation_tail(end)
            name = self.text[tokens[start].start : tokens[end].end]
            owner, _ = self._owner_before(start)
            country = owner.actor.country if owner else None
            self._mention(Actor(name, kind, country), start, end)

    def _organisations_in_apposition(self) -> None:
        """ "Ukrenergo, the state grid operator, said": a name set beside a body's description
        names a body."""
        tokens, nouns = self.tokens, _appositive_bodies()
        for index in range(len(tokens) - 4):
            token = tokens[index]
            if (
                self.claimed[index]
                or not self.name_like[index]
                or tokens[index + 1].text != ","
                or tokens[index + 2].key not in ("the", "a", "an")
                or (index > 0 and tokens[index - 1].is_capitalised and tokens[index - 1].is_word)
            ):
                continue
            description = tokens[index + 3 : index + 3 + _DESCRIPTION_WORDS]
            end = next((i for i, t in enumerate(description) if t.text == ","), None)
            if end is None or end == 0 or description[end - 1].key not in nouns:
                continue
            if all(t.text.islower() for t in description[:end]):
                self._mention(Actor(token.text, "organization"), index, index)

    def _organisation_tail(self, head: int) -> int:
        """ "Department of Forestry and Fire Protection": capitalised words after "of"/"for"."""
        tokens, end = self.tokens, head
        index = head + 1
        while (
            index + 1 < len(tokens)
            and tokens[index].key in ("of", "for")
            and tokens[index + 1].is_capitalised
            and tokens[index + 1].text not in self.gaz.function_words
        ):
            index += 1
            while (
                index < len(tokens)
                and not self.claimed[index]
                and (
                    (
                        tokens[index].is_capitalised
                        and tokens[index].is_word
                        and tokens[index].text not in self.gaz.function_words
                    )
                    or (
                        tokens[index].key == "and"
                        and index + 1 < len(tokens)
                        and tokens[index + 1].is_capitalised
                    )
                )
            ):
                end = index
                index += 1
        return end

    # -- rule 5: people by what they do ------------------------------------------------------

    def _people_by_context(self) -> None:
        tokens = self.tokens
        resume = 0
        # Only name words can start a name; most tokens are not, so they are skipped at once.
        for index in [i for i, name_like in enumerate(self.name_like) if name_like]:
            if index < resume or self.claimed[index] or index in self.match_at:
                continue
            end = self._name_end(index, free_only=True)
            if end == index:
                continue
            resume = end
            if self._inside_longer_name(index) or (
                index > 0
                and tokens[index - 1].text in _place_prefixes()
                and adjacent(tokens[index - 1], tokens[index])
            ):
                continue
            if (
                (end - index > 1 and self._described_as_person(end))
                or self._speaks_as_named(index, end)
                or self._single_name_described(index, end)
            ):
                name = self.text[tokens[index].start : tokens[end - 1].end]
                self._mention(self._known_person(name) or Actor(name, "person"), index, end - 1)

    def _inside_longer_name(self, index: int) -> bool:
        """ "Commission on Presidential Debates": words after a connector belong to the name
        before it."""
        tokens = self.tokens
        return (
            index >= 2
            and tokens[index - 1].key in _ORGANISATION_CONNECTORS
            and tokens[index - 2].is_capitalised
            and tokens[index - 2].text not in self.gaz.function_words
        )

    def _described_as_person(self, after: int) -> bool:
        """A name followed by a reporting verb, a party tag ("(D-Ore.)"), ", who", ", a/the
        <title or role>" or "of the <organisation>"."""
        tokens = self.tokens
        if after >= len(tokens):
            return False
        following = tokens[after]
        if following.key in self.gaz.reporting_verbs:
            return True
        if _PARTY_TAG.match(self.text, tokens[after - 1].end):
            return True
        if following.text == "," and after + 1 < len(tokens):
            index = after + 1
            if tokens[index].key == "who" or _AGE.fullmatch(tokens[index].text):
                # "Tove Berg, who runs the shelter", "Quina Jones, 25,"
                return True
            article = tokens[index].key in ("a", "an", "the")
            if article:
                index += 1
            while index < len(tokens) and tokens[index].key in self.gaz.title_modifiers:
                index += 1
            if index < len(tokens) and self._title_at(index) is not None:
                return True
            return article and self._role_ahead(index)
        if following.key == "of" and after + 1 < len(tokens):
            index = after + 2 if tokens[after + 1].key == "the" else after + 1
            match = self.match_at.get(index)
            return bool(
                match
                and match.first("name")
                and match.known[0].actor.kind
                in ("igo", "organization", "government", "military", "armed_group")
            ) or self._organisation_ahead(index)
        return False

    def _single_name_described(self, start: int, end: int) -> bool:
        """ "Dean, a medical doctor, appeared": one name word that opens its sentence with a
        role in apposition."""
        tokens = self.tokens
        if end - start != 1 or start != 0 or end + 2 >= len(tokens) or tokens[end].text != ",":
            return False
        if tokens[end + 1].key not in ("a", "an", "the"):
            return False
        return self._role_ahead(end + 2) and not self._common_or_company(tokens[start].text)

    def _role_ahead(self, index: int) -> bool:
        """ ", a Miami lawyer", ", a real estate developer": a role noun within a few words."""
        roles = _roles()
        for position in range(index, min(index + _ROLE_WINDOW, len(self.tokens))):
            token = self.tokens[position]
            if token.key in roles:
                return True
            if not token.is_word and not token.is_possessive:
                return False
        return False

    def _speaks_as_named(self, start: int, end: int) -> bool:
        """A name in a quote's attribution: “...,” said Ana Ruiz; “...,” said 9/11 widow Ana
        Ruiz; “...,” Dubrovsky says; “...” ― Ana Ruiz; a report it ends (", noted NBC's Ana
        Ruiz."); or a name that speaks and is a common given name ("Melanie said") or someone's
        surname elsewhere in the article ("McLenney said", after "Kendra McLenney")."""
        tokens = self.tokens
        verb = self._cue_before(start)
        before = start - 1 if verb is None else verb - 1
        dash_before = verb is None and before >= 0 and tokens[before].text in _DASHES
        if dash_before:
            before -= 1
        # ", noted NBC's Ana Ruiz.": the name ends the sentence its cue closes.
        ends_report = (
            verb is not None
            and before >= 0
            and tokens[before].text == ","
            and (end == len(tokens) or tokens[end].text in ".,")
        )
        while before >= 0 and tokens[before].text in ",.!?":
            before -= 1
        after_quote = (
            before >= 0
            and tokens[before].text in _CLOSING_QUOTES
            and tokens[before].start > 0
            and not self.text[tokens[before].start - 1].isspace()
        )
        verb_before = verb is not None
        verb_after = end < len(tokens) and (
            tokens[end].key in self.gaz.reporting_verbs and tokens[end].text.islower()
        )
        if end - start > 1:
            if self._name_like(end) or self._title_at(end) is not None:
                # Cut short by the word limit, or the owner before a title ("said Trend Micro
                # Chief Technology Officer Raimund Genes"): no person's name.
                return False
            return ends_report or (after_quote and (verb_before or dash_before or verb_after))
        word = tokens[start]
        if (
            word.key in self.gaz.media
            or word.key in _speaker_nouns()
            or word.text.isupper()
            or self._title_at(start) is not None
        ):
            return False
        if verb_after and _given_gender(word.key) is not None:
            return True
        in_attribution = after_quote and (verb_before or dash_before or verb_after)
        if not (in_attribution or (verb_after and self._surname_elsewhere(word.text))):
            return False
        return not self._common_or_company(word.text)

    def _cue_before(self, start: int) -> int | None:
        """The reporting verb before a name, across a few title words ("said 9/11 widow")."""
        tokens = self.tokens
        for before in range(start - 1, max(-1, start - 1 - _MAX_TITLE_WORDS), -1):
            token = tokens[before]
            if token.key in self.gaz.reporting_verbs and token.text.islower():
                return before
            if token.text in ',;:“”"' or token.key in _ORGANISATION_CONNECTORS:
                return None
        return None

    def _surname_elsewhere(self, word: str) -> bool:
        """Whether the article writes the word after a given name ("Kendra McLenney")."""
        return _written_after_given_name(self.text, word, _not_given_names())

    def _common_or_company(self, word: str) -> bool:
        """Whether a capitalised word is a common word (written in lower case elsewhere in the
        article) or a company ("Boeing Co", "shares of Boeing")."""
        return _written_lowercase(self.text, word) or _written_as_company(self.text, word)

    def _organisation_ahead(self, index: int) -> bool:
        for end in range(index, min(index + 6, len(self.tokens))):
            if self.tokens[end].text in self.gaz.organisation_heads:
                return True
            if not self.tokens[end].is_capitalised and self.tokens[end].key not in (
                _ORGANISATION_CONNECTORS
            ):
                return False
        return False
