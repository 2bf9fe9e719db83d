"""How an article refers back to its actors: rules 6 to 8 of actor finding, and the record of
what has been found.

6. A person's surname alone, or after an honorific ("Mr Pashinyan"), once the full name is known;
   transliterations of one name are one person.
7. "the army", "the militia", "the group" name the last actor of that sort the article named;
   an acronym the article uses ("RSF") names the body it spelled out ("Rapid Support Forces").
8. A person in apposition to a body ("X, an adviser to RSF commander Y") belongs to that body.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from store.extract.folding import name_key
from store.extract.gazetteer import Gazetteer, Known, phrase_key
from store.extract.lexicon import load_lexicon
from store.extract.records import Actor, Mention, Sentence
from store.extract.tokens import Token, adjacent

# A surname with an Arabic article or patronymic: "al-Nour", "el-Sisi", "bin Salman".
PARTICLE_NAME = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|abu|bin|ibn|ben)-[A-Z][\w'-]+")
BODY_KINDS = frozenset({"igo", "organization", "armed_group", "military", "government"})
# Kinds of owner that a title names as an actor of its own ("UN Secretary-General").
# Words that tie a person in apposition to a body ("an adviser to RSF commander ...").
_AFFILIATION_LINKS = frozenset({"to", "of", "for", "at", "with"})
_APPOSITION_WINDOW = 8
# Determiners that point back to an actor already named ("the army", "any army aircraft").
_DEFINITE = frozenset({"the", "any"})
_SORT_OF_KIND = {
    "military": "military",
    "armed_group": "armed_group",
    "government": "government",
    "organization": "organization",
    "igo": "organization",
}


@dataclass(slots=True)
class FoundActors:
    """Actors and mentions found so far in one article."""

    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    surnames: dict[str, str] = field(default_factory=dict)
    """Folded last name (and full name) of each person -> canonical name."""
    acronyms: dict[str, tuple[Known, ...]] = field(default_factory=dict)
    """Acronyms this article uses for its bodies ("RSF" for "Rapid Support Forces")."""
    unowned_roles: dict[str, str] = field(default_factory=dict)
    """People titled by a bare organ ("army spokesman X") -> the sort of that organ."""

    def affiliate(self, person: str, body: str) -> None:
        """Make ``body`` the parent of a person who has no country or parent yet."""
        actor = self.actors.get(person)
        if actor is not None and actor.country is None and actor.parent is None:
            self.actors[person] = Actor(actor.name, actor.kind, None, body, actor.aliases)

    def add(self, actor: Actor, sentence: Sentence, start: int, end: int, text: str) -> None:
        known = self.actors.get(actor.name)
        # A person first seen without a country may gain one from a later title.
        if known is None or (known.country is None and actor.country is not None):
            self.actors[actor.name] = actor
        self.mentions.append(Mention(actor.name, sentence.idx, start, end, text[start:end]))
        if actor.kind == "person":
            words = actor.name.split()
            self.surnames.setdefault(name_key(words[-1]), actor.name)
            particle = PARTICLE_NAME.fullmatch(words[-1])
            if particle is not None:
                # "Khalid al-Nour" is "Nour" later on.
                self.surnames.setdefault(name_key(words[-1].split("-", 1)[1]), actor.name)
            for alias in actor.aliases:
                self.surnames.setdefault(name_key(alias), actor.name)

    def merge_surname_people(self) -> None:
        """ "Mr Kowalczyk" read as a person of its own is Marta Kowalczyk when she is known, and
        "Mykola Zelenskyy" is the "Mykola Zelensky" named first."""
        first_by_key: dict[str, str] = {}
        for name, actor in list(self.actors.items()):
            if actor.kind != "person":
                continue
            if " " in name:
                full = first_by_key.setdefault(name_key(name), name)
            else:
                full = self.surnames.get(name_key(name))
            if full is None or full == name or full not in self.actors:
                continue
            del self.actors[name]
            self.mentions = [
                Mention(full, m.sentence_idx, m.start, m.end, m.text) if m.actor == name else m
                for m in self.mentions
            ]

    def prefer_people_named_here(self) -> None:
        """A bare surname that the gazetteer knows ("Zelenskiy") is the person this article
        names in full with that surname ("Mykola Zelenskyy"), not the famous one."""
        written = {}
        for mention in self.mentions:
            written.setdefault(mention.actor, []).append(mention.text)
        full_names = {
            name_key(name.split()[-1]): name
            for name, actor in self.actors.items()
            if actor.kind == "person" and any(" " in text for text in written.get(name, ()))
        }
        for name, texts in written.items():
            if " " in " ".join(texts) or self.actors[name].kind != "person":
                continue
            other = full_names.get(name_key(texts[0]))
            if other is not None and other != name:
                del self.actors[name]
                self.mentions = [
                    Mention(other, m.sentence_idx, m.start, m.end, m.text) if m.actor == name else m
                    for m in self.mentions
                ]

    def add_parent_chain(self, gaz: Gazetteer) -> None:
        """Make sure every parent named by a found actor is itself in the actor list."""
        for actor in list(self.actors.values()):
            parent = actor.parent
            while parent and parent not in self.actors:
                known = gaz.phrases.get(phrase_key(parent), ())
                owner = next((k.actor for k in known if k.actor.name == parent), None)
                if owner is None:
                    break
                self.actors[owner.name] = owner
                parent = owner.parent


def article_acronyms(
    gaz: Gazetteer, tokenized: list[tuple[Sentence, list[Token]]], found: FoundActors
) -> dict[str, tuple[Known, ...]]:
    """Acronyms the article uses for bodies it names in full: "the paramilitary Rapid Support
    Forces ... The RSF attacked" makes "RSF" the Rapid Support Forces."""
    by_initials: dict[str, Actor] = {}
    for actor in found.actors.values():
        words = [w for w in actor.name.split() if w[:1].isupper()]
        if actor.kind in BODY_KINDS and len(words) >= 2:
            by_initials.setdefault("".join(w[0] for w in words).upper(), actor)
    acronyms: dict[str, tuple[Known, ...]] = {}
    if not by_initials:
        return acronyms
    for _, tokens in tokenized:
        for token in tokens:
            written = token.text.replace(".", "")
            if not (written.isupper() and written.isalpha() and 2 <= len(written) <= 6):
                continue
            actor = by_initials.get(written)
            if actor is not None and token.key not in gaz.phrases:
                acronyms[token.key] = (Known(actor, "name", actor, acronym=True),)
    return acronyms


def definite_references(
    gaz: Gazetteer,
    text: str,
    tokenized: list[tuple[Sentence, list[Token]]],
    claimed_by_sentence: list[list[bool]],
    found: FoundActors,
) -> None:
    """Rule 7: "the army", "the militia", "the group" name the last actor of that sort the
    article named ("Sudan's army ... the army's account")."""
    nouns = definite_nouns()
    mentions_by_sentence: dict[int, list[Mention]] = {}
    for mention in found.mentions:
        mentions_by_sentence.setdefault(mention.sentence_idx, []).append(mention)
    last: dict[str, str] = {}
    for (sentence, tokens), claimed in zip(tokenized, claimed_by_sentence, strict=True):
        here = sorted(mentions_by_sentence.get(sentence.idx, []), key=lambda m: m.start)
        position = 0
        # Only "the <noun>" pairs can refer back; the mentions before each are taken in order.
        pairs = [
            index
            for index in range(len(tokens) - 1)
            if tokens[index].key in _DEFINITE and tokens[index + 1].key in nouns
        ]
        for index in pairs:
            token, noun = tokens[index], tokens[index + 1]
            while position < len(here) and here[position].start < token.start:
                _remember(last, found.actors[here[position].actor])
                _place_role(found, here[position].actor, last)
                position += 1
            sort = nouns[noun.key]
            if claimed[index] or claimed[index + 1]:
                continue
            owner_at = index + 3
            if (
                owner_at < len(tokens)
                and tokens[index + 2].key in ("of", "in", "for")
                and tokens[owner_at].is_capitalised
            ):
                # "the army of Armenia" names its owner; rule 2 has had its chance.
                continue
            name = last.get(sort)
            if name is None:
                continue
            claimed[index] = claimed[index + 1] = True
            found.add(found.actors[name], sentence, token.start, noun.end, text)
        for mention in here[position:]:
            _remember(last, found.actors[mention.actor])
            _place_role(found, mention.actor, last)


def affiliations(tokenized: list[tuple[Sentence, list[Token]]], found: FoundActors) -> None:
    """Rule 8: "Ali Mahmoud Abdelrahman, an adviser to RSF commander ..." ties the person to
    the body named in the apposition, so that the person takes its side."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in found.mentions:
        by_sentence.setdefault(mention.sentence_idx, []).append(mention)
    for sentence, tokens in tokenized:
        mentions = sorted(by_sentence.get(sentence.idx, []), key=lambda m: m.start)
        for person in mentions:
            if found.actors[person.actor].kind != "person":
                continue
            after = [t for t in tokens if t.start >= person.end][: _APPOSITION_WINDOW + 1]
            if len(after) < 3 or after[0].text != ",":
                continue
            link = next(
                (i for i, t in enumerate(after[1:], 1) if t.key in _AFFILIATION_LINKS), None
            )
            if link is None or any(t.text in ",;:" for t in after[1:link]):
                continue
            body = next(
                (
                    m
                    for m in mentions
                    if m.start >= after[link].end
                    and found.actors[m.actor].kind in BODY_KINDS
                    and not any(
                        t.text in ",;" for t in tokens if after[link].end <= t.start < m.start
                    )
                ),
                None,
            )
            if body is not None:
                found.affiliate(person.actor, body.actor)


def _place_role(found: FoundActors, name: str, last: dict[str, str]) -> None:
    """ "army spokesman Khalid al-Nour" serves the last army the article named."""
    sort = found.unowned_roles.get(name)
    if sort is not None and last.get(sort):
        found.affiliate(name, last[sort])


def _remember(last: dict[str, str], actor: Actor) -> None:
    sort = _SORT_OF_KIND.get(actor.kind)
    if actor.name.endswith(" Armed Forces"):
        sort = "military"
    if sort is not None:
        last[sort] = actor.name
        if sort in ("armed_group", "organization"):
            last["group"] = actor.name


@functools.cache
def definite_nouns() -> dict[str, str]:
    """Folded noun -> the sort of actor "the <noun>" refers back to."""
    data = load_lexicon("names")["definite_references"]
    return {phrase_key(noun): sort for sort, words in data.items() for noun in words}


def find_surnames(
    gaz: Gazetteer,
    text: str,
    sentence: Sentence,
    tokens: list[Token],
    claimed: list[bool],
    found: FoundActors,
) -> None:
    """Rule 6: a person's surname alone, or after an honorific, once the full name is known."""
    if not found.surnames:
        return
    for index in [i for i, token in enumerate(tokens) if token.text[:1].isupper()]:
        token = tokens[index]
        if claimed[index] or token.text in gaz.not_names:
            continue
        person = found.surnames.get(name_key(token.text))
        if person is None:
            continue
        first = index
        if index > 0 and tokens[index - 1].key in gaz.honorifics and not claimed[index - 1]:
            first = index - 1
        next_is_name = (
            index + 1 < len(tokens)
            and tokens[index + 1].is_capitalised
            and tokens[index + 1].is_word
            and tokens[index + 1].text not in gaz.function_words
            and adjacent(token, tokens[index + 1])
        )
        if next_is_name:
            continue
        for claimed_index in range(first, index + 1):
            claimed[claimed_index] = True
        found.add(found.actors[person], sentence, tokens[first].start, token.end, text)
