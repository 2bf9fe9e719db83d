"""The gazetteer and the role lexicons, indexed for lookup by folded token sequences.

Built once per process from the data files; every lookup afterwards is a dictionary access,
so finding actors costs one pass over the tokens whatever the size of the gazetteer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from store.extract.folding import fold
from store.extract.lexicon import load_lexicon
from store.extract.records import Actor


@functools.lru_cache(maxsize=65536)
def token_key(text: str) -> str:
    """The lookup key of a token: folded, with dots dropped ("U.S." and "US" are one key)."""
    return fold(text).replace(".", "")


def phrase_key(text: str) -> str:
    """The lookup key of a phrase: its tokens' keys joined by single spaces."""
    return " ".join(token_key(word) for word in text.split())


@dataclass(frozen=True, slots=True)
class Known:
    """What a gazetteer phrase names.

    ``role`` is "name" (the actor itself), "adjective" (an owner of organs: "Armenian"),
    "demonym" (its people: "Armenians") or "seat" (a capital or seat of power, standing for the
    owner's government when it acts).
    """

    actor: Actor
    role: str
    owner: Actor | None = None
    acronym: bool = False
    """Written in capitals ("UN", "IS", "WHO"): matches only a token in capitals."""


@dataclass(frozen=True, slots=True)
class Organ:
    """An organ of an owner: "{adjective} Armed Forces" from "forces", "army", "troops"..."""

    template: str
    kind: str

    def of(self, owner: Actor, adjective: str) -> Actor:
        """The organ actor of this owner."""
        return Actor(
            name=self.template.format(adjective=adjective),
            kind=self.kind,
            country=owner.country,
            parent=owner.name,
        )


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Lookup tables over the data files."""

    phrases: dict[str, tuple[Known, ...]]
    phrase_lengths: dict[str, tuple[int, ...]]
    """First word of a phrase -> the word counts of the phrases it starts, longest first."""
    adjective_of: dict[str, str]
    """Owner name -> the adjective its organs are named with."""
    organ_nouns: dict[str, Organ]
    """Folded noun phrase ("defence ministry") -> organ."""
    organ_first_words: frozenset[str]
    max_organ_tokens: int
    titles: frozenset[str]
    title_first_words: frozenset[str]
    max_title_tokens: int
    title_modifiers: frozenset[str]
    honorifics: frozenset[str]
    organisation_heads: dict[str, str]
    function_words: frozenset[str]
    not_names: frozenset[str]
    media: dict[str, str]
    """Folded medium name or alias -> canonical medium name ("AFP" -> "Agence France-Presse")."""
    reporting_verbs: frozenset[str]
    clause_verbs: frozenset[str]
    """Reporting verbs whose reported clause may follow without "that" ("said", "claimed")."""
    states_by_country: dict[str, Actor]
    """ISO3 code -> the state actor."""

    def owner_organ(self, owner: Actor, organ: Organ) -> Actor:
        """The organ actor of ``owner``."""
        return organ.of(owner, self.adjective_of.get(owner.name, owner.name))

    def government_of(self, owner: Actor) -> Actor:
        """The government of a state or authority, which its capital stands for."""
        return self.owner_organ(owner, self.organ_nouns["government"])


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built on first use."""
    data = load_lexicon("gazetteer")
    phrases: dict[str, list[Known]] = {}
    adjective_of: dict[str, str] = {}
    states_by_country: dict[str, Actor] = {}

    def add(phrase: str, known: Known) -> None:
        entries = phrases.setdefault(phrase_key(phrase), [])
        if _is_acronym(phrase):
            known = Known(known.actor, known.role, known.owner, acronym=True)
        if known not in entries:
            entries.append(known)

    organ_nouns: dict[str, Organ] = {}
    for entry in load_lexicon("organs")["organ"]:
        organ = Organ(entry["name"], entry["kind"])
        for noun in entry["nouns"]:
            organ_nouns.setdefault(phrase_key(noun), organ)
    government = organ_nouns["government"]

    owners = [(entry, "state", entry.get("iso3")) for entry in data.get("state", [])]
    owners += [(entry, entry["kind"], entry.get("country")) for entry in data.get("actor", [])]
    for entry, kind, country in owners:
        aliases = tuple(entry.get("aliases", ()))
        actor = Actor(entry["name"], kind, country, entry.get("parent"), aliases)
        if kind == "state" and country:
            states_by_country.setdefault(country, actor)
        for name in (actor.name, *aliases):
            add(name, Known(actor, "name", actor))
        adjectives = entry.get("adjectives", ())
        if adjectives or kind == "state":
            adjective_of[actor.name] = adjectives[0] if adjectives else actor.name
        for adjective in adjectives:
            add(adjective, Known(actor, "adjective", actor))
        for demonym in entry.get("demonyms", ()):
            group = Actor(demonym, "group", country, None, ())
            add(demonym, Known(group, "demonym", actor))
        seats = [entry["capital"]] if entry.get("capital") else []
        seats += entry.get("seats", [])
        for seat in seats:
            seat_government = government.of(actor, adjective_of.get(actor.name, actor.name))
            add(_without_article(seat), Known(seat_government, "seat", actor))

    titles = load_lexicon("titles")
    names = load_lexicon("names")
    media = {
        phrase_key(name): entry["name"]
        for entry in data.get("medium", [])
        for name in (entry["name"], *entry.get("aliases", ()))
    }
    verbs = load_lexicon("reporting")["verbs"]
    return Gazetteer(
        phrases={key: tuple(entries) for key, entries in phrases.items()},
        phrase_lengths=_lengths_by_first_word(phrases),
        adjective_of=adjective_of,
        organ_nouns=organ_nouns,
        max_organ_tokens=max(len(key.split()) for key in organ_nouns),
        organ_first_words=frozenset(key.split()[0] for key in organ_nouns),
        titles=frozenset(phrase_key(title) for title in titles["before_name"]),
        title_first_words=frozenset(phrase_key(t).split()[0] for t in titles["before_name"]),
        max_title_tokens=max(len(title.split()) for title in titles["before_name"]),
        title_modifiers=frozenset(phrase_key(m) for m in titles["title_modifiers"]),
        honorifics=frozenset(phrase_key(h) for h in titles["honorifics"]),
        organisation_heads={
            head: kind for kind, heads in titles["organisation_heads"].items() for head in heads
        },
        function_words=frozenset(names["function_words"]),
        not_names=frozenset(names["not_names"]),
        media=media,
        reporting_verbs=frozenset(form for forms in verbs.values() for form in forms),
        clause_verbs=frozenset(
            form
            for lemma in load_lexicon("reporting")["clause_verbs"]["lemmas"]
            for form in verbs[lemma]
        ),
        states_by_country=states_by_country,
    )


def _without_article(phrase: str) -> str:
    return phrase[4:] if phrase.lower().startswith("the ") else phrase


def _is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return " " not in phrase and len(letters) > 1 and all(c.isupper() for c in letters)


def _lengths_by_first_word(phrases: dict[str, list[Known]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for key in phrases:
        words = key.split()
        lengths.setdefault(words[0], set()).add(len(words))
    return {word: tuple(sorted(counts, reverse=True)) for word, counts in lengths.items()}
