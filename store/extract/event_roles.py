"""Who did it and to whom: the source and target actors of an event trigger.

A verb's subject is the source and its object the target, swapped in the passive; a noun takes
its source from "by X", "X's", "between X and Y", a national adjective, or the subject of the
verb that governs it ("Both Armenia and Nagorno-Karabakh declared martial law").
"""

from __future__ import annotations

import functools

from store.extract.clauses import CLAUSE_BREAKS, Reference, SentenceContext, pronouns
from store.extract.gazetteer import phrase_key
from store.extract.lexicon import load_lexicon
from store.extract.records import Actor, Mention
from store.extract.tokens import Token

_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "these", "those"})
_BE = frozenset({"was", "were", "been", "being", "is", "are", "be", "got", "get", "gets"})
# How far before a trigger noun its governing verb may stand ("launching “deliberate and
# targeted” attacks").
_GOVERNING_WINDOW = 9
# How far after a verb its object may stand.
_OBJECT_WINDOW = 8
# How many words may stand between a trigger and the "between" naming its parties.
_BETWEEN_REACH = 3
# How many words before a trigger noun its possessor may stand ("Russia's last large-scale
# attack").
_POSSESSOR_REACH = 5
# Nouns whose "of" names their target ("the invasion of Ukraine").
_OBJECT_OF_NOUNS = frozenset(
    {"invasion", "occupation", "shelling", "bombardment", "bombing", "siege", "blockade"}
)
# Prepositions that introduce a noun trigger's target ("attacks on X", "support for X").
_TARGET_PREPOSITIONS = {
    "ASSAULT": ("on", "against", "at", "targeting"),
    "SUPPORT": ("for", "to"),
    "AID": ("for", "to"),
    "ACCUSE": ("against",),
    "CONSULT": ("with",),
    "SANCTION": ("on", "against"),
}
_RECIPROCAL = ("each", "other")


@functools.cache
def _light_verbs() -> frozenset[str]:
    """Verbs whose subject is the source of the event named by their noun object."""
    return frozenset(load_lexicon("triggers")["light_verbs"])


class RoleFinder:
    """The role-finding half of an event finder for one sentence."""

    text: str
    context: SentenceContext
    tokens: list[Token]
    mentions: list[Mention]
    named_here: dict[str, Actor]

    def _used_as_verb(self, index: int) -> bool:
        """A word that is both a verb and a noun ("attacks", "shelling") is a verb after a
        subject or an auxiliary, and a noun after a determiner, adjective or possessive."""
        if index == 0:
            return False
        previous = self.tokens[index - 1]
        if previous.key in _DETERMINERS or previous.is_possessive:
            return False
        if previous.key in _BE | {
            "had",
            "has",
            "have",
            "will",
            "would",
            "to",
            "also",
            "could",
            "might",
            "may",
            "did",
            "not",
            "were",
            "they",
            "it",
            "he",
            "she",
            "we",
        }:
            return True
        return any(m.end == previous.end for m in self.mentions)

    def _verb_roles(self, first: int, end: int) -> tuple[list[str], list[str], bool]:
        """Sources, targets, and whether the verb is passive."""
        tokens = self.tokens
        participle = tokens[first].key.endswith(("ed", "en", "ck", "ot", "ht", "it", "un"))
        passive = participle and (
            (first > 0 and any(tokens[i].key in _BE for i in range(max(0, first - 2), first)))
            # "missiles launched by Russian forces"
            or (end < len(tokens) and tokens[end].key == "by")
        )
        accused = self._accused_of(first)
        subject = accused or self._coordinated_subject(first)
        after = self._object(end) or self._launcher(end)
        agent = self._agent(end)
        if passive:
            return agent, subject, True
        if self._reciprocal(end):
            return subject, subject, False
        return subject, after, False

    def _accused_of(self, first: int) -> list[str]:
        """ "accused the army of bombing markets": the accused did it."""
        if first > 0 and self.tokens[first - 1].key == "of":
            return self._accused(first - 1)
        return []

    def _launcher(self, end: int) -> list[str]:
        """ "shot down 74 drones launched by Russian forces": the launcher owns the target."""
        tokens = self.tokens
        limit = self.context.clause_end(end - 1)
        for index in range(end, len(tokens) - 1):
            if tokens[index].start >= limit:
                break
            if tokens[index].key in ("launched", "fired", "sent", "flown") and (
                tokens[index + 1].key == "by"
            ):
                return self._agent(index + 1)
        return []

    def _noun_roles(self, first: int, end: int, event_type: str) -> tuple[list[str], list[str]]:
        tokens = self.tokens
        agent = self._agent(end)
        if not agent:
            agent = self._participle_agent(end)
        between = self._between(end)
        if between:
            return between[:1], between[1:]
        prepositions = _TARGET_PREPOSITIONS.get(event_type, ("on", "against", "at"))
        if tuple(t.key for t in tokens[first:end])[-1] in _OBJECT_OF_NOUNS:
            # "the invasion of Ukraine", "the shelling of Stepanakert"
            prepositions = (*prepositions, "of")
        targets = self._after_preposition(end, prepositions)
        possessor = self._possessor(first) or self._national_adjective(first)
        if possessor:
            return possessor, targets
        if agent:
            return agent, targets
        accused = self._accused_of(first)
        if accused:
            return accused, targets
        governing = self._governing_verb(first)
        if governing is not None:
            if tokens[governing].key in ("of",):
                return self._accused(governing), targets
            return self._coordinated_subject(governing), targets
        return [], targets

    def _coordinated_subject(self, verb_index: int) -> list[str]:
        """The subject of a verb, with actors coordinated with it ("Both Armenia and
        Nagorno-Karabakh declared", "Azerbaijan and Armenia frequently accuse")."""
        subject = self.context.subject_of(verb_index) or self._pronoun_subject(verb_index)
        if subject is None or subject.actor is None:
            return []
        # "the two sides" stands for two actors over one stretch of text.
        names = [subject.actor] + [
            m.actor
            for m in self.mentions
            if (m.start, m.end) == (subject.start, subject.end) and m.actor != subject.actor
        ]
        verb_start = self.tokens[verb_index].start
        following = [m for m in self.mentions if subject.end <= m.start < verb_start]
        position = subject.end
        for mention in following:
            if _joins(self.text[position : mention.start]):
                names.append(mention.actor)
                position = mention.end
            else:
                break
        return list(dict.fromkeys(names))

    def _pronoun_subject(self, verb_index: int) -> Reference | None:
        """ "said he was concerned and called on ...": a verb coordinated inside reported
        speech shares the pronoun subject that opens it."""
        tokens = self.tokens
        if verb_index == 0 or tokens[verb_index - 1].key != "and":
            return None
        start = self.context.reported_clause_start(verb_index)
        person, group = pronouns()
        for token in tokens[:verb_index]:
            if token.start >= start and token.key in person | group:
                return self.context.pronoun_reference(token)
        return None

    def _object(self, end: int) -> list[str]:
        """Actors right after a verb: its object, coordinated objects included."""
        tokens = self.tokens
        limit = self._window_end(end)
        verb_end = tokens[end - 1].end
        names: list[str] = []
        previous_end = verb_end
        for mention in self.mentions:
            if mention.start < verb_end or mention.start >= limit:
                continue
            gap = self.text[previous_end : mention.start]
            joined = gap.strip().lower()
            if names and joined not in ("", "and", ",", ", and", "or"):
                break
            if names and joined == "," and not self._list_continues(mention.end, limit):
                # "did not attack Armenian positions, Baku said": a comma alone ends the object.
                break
            if not names and not self._plain_gap(gap):
                break
            names.append(mention.actor)
            previous_end = mention.end
        return names

    def _list_continues(self, position: int, limit: int) -> bool:
        """Whether an "and"/"or" follows before the window ends ("A, B and C")."""
        return any(t.key in ("and", "or") and position <= t.start < limit for t in self.tokens)

    def _plain_gap(self, gap: str) -> bool:
        """Words allowed between a verb and its object ("talking to members of the so-called");
        "and" before another verb ends the first verb's object ("shelled the market and
        accused the army")."""
        words = [w for w in gap.replace(",", " ").split() if w]
        if any(
            a.lower() == "and" and b.lower().endswith(("ed", "ing"))
            for a, b in zip(words, words[1:], strict=False)
        ):
            return False
        return self._plain_words(words)

    def _plain_words(self, words: list[str]) -> bool:
        return len(words) <= 5 and not any(
            phrase_key(w) in CLAUSE_BREAKS or phrase_key(w) in ("by", "that", "which", "who", "to")
            for w in words
        )

    def _window_end(self, end: int) -> int:
        tokens = self.tokens
        for index in range(end, min(end + _OBJECT_WINDOW, len(tokens))):
            if tokens[index].key in CLAUSE_BREAKS or tokens[index].key in ("that", "which"):
                return tokens[index].start
        stop = min(end + _OBJECT_WINDOW, len(tokens)) - 1
        return tokens[stop].end if tokens else self.context.sentence.end

    def _agent(self, end: int) -> list[str]:
        """ "... by Armenian rebels" after a passive verb or a noun."""
        tokens = self.tokens
        for index in range(end, min(end + 4, len(tokens) - 1)):
            if tokens[index].key == "by":
                # "by Armenian rebels", "by the paramilitary Rapid Support Forces"
                named_at = index + 1
                while named_at < min(index + 4, len(tokens) - 1) and (
                    tokens[named_at].key in _DETERMINERS or tokens[named_at].text.islower()
                ):
                    named_at += 1
                return [m.actor for m in self.mentions if m.start == tokens[named_at].start][:1]
            if tokens[index].key in CLAUSE_BREAKS:
                break
        return []

    def _participle_agent(self, end: int) -> list[str]:
        """ "shelling launched by Armenian rebel" """
        tokens = self.tokens
        if end < len(tokens) and tokens[end].key in _light_verbs():
            return self._agent(end + 1)
        return []

    def _between(self, end: int) -> list[str]:
        """ "fighting between Armenian and Azerbaijan forces" """
        tokens = self.tokens
        for index in range(end, min(end + _BETWEEN_REACH, len(tokens))):
            if tokens[index].key == "between":
                # "fighting between X and Y", "war broke out between X and Y"
                limit = self._window_end(index + 1)
                return [m.actor for m in self.mentions if tokens[index].end <= m.start < limit][:2]
            if not tokens[index].text.islower():
                break
        return []

    def _after_preposition(self, end: int, prepositions: tuple[str, ...]) -> list[str]:
        tokens = self.tokens
        if end < len(tokens) and tokens[end].key in prepositions:
            return self._object(end + 1)
        return []

    def _possessor(self, first: int) -> list[str]:
        """ "Azerbaijan's offensive", "Russia's last large-scale attack" """
        tokens = self.tokens
        for index in range(first - 1, max(0, first - _POSSESSOR_REACH), -1):
            if tokens[index].is_possessive:
                return [m.actor for m in self.mentions if m.end == tokens[index - 1].end][:1]
            if not (tokens[index].is_word and tokens[index].text.islower()):
                break
        return []

    def _national_adjective(self, first: int) -> list[str]:
        """ "Russian air attacks": a state's adjective right before an attack names its doer."""
        if first == 0:
            return []
        gaz = self.context.gaz
        token = self.tokens[first - 1]
        for known in gaz.phrases.get(token.key, ()):
            if known.role == "adjective" and known.actor.kind == "state" and token.is_capitalised:
                self.named_here.setdefault(known.actor.name, known.actor)
                self.context.references.kinds.setdefault(known.actor.name, known.actor.kind)
                return [known.actor.name]
        return []

    def _governing_verb(self, first: int) -> int | None:
        """The light verb a trigger noun is the object of ("declared martial law",
        "accused Armenian forces of launching attacks")."""
        tokens = self.tokens
        for index in range(first - 1, max(-1, first - _GOVERNING_WINDOW), -1):
            key = tokens[index].key
            if key in _light_verbs():
                if index > 0 and tokens[index - 1].key == "of":
                    return index - 1
                return index
            if key in CLAUSE_BREAKS or key in (",", "that") or tokens[index].text in '“”"':
                if tokens[index].text in '“”"':
                    continue
                return None
        return None

    def _accusation_verb(self, of_index: int) -> int | None:
        """The index of "accused"/"blamed" before "X of ..." , if the trigger hangs from one."""
        tokens = self.tokens
        if tokens[of_index].key != "of":
            return None
        for index in range(of_index - 1, max(-1, of_index - 8), -1):
            if tokens[index].key.startswith(("accus", "blam")):
                return index
        return None

    def _accused(self, of_index: int) -> list[str]:
        """ "accused Armenian forces of launching attacks": the accused is the source."""
        verb = self._accusation_verb(of_index)
        if verb is None:
            return []
        start, end = self.tokens[verb].end, self.tokens[of_index].start
        return [m.actor for m in self.mentions if start <= m.start and m.end <= end][:1]

    def _reciprocal(self, end: int) -> bool:
        tokens = self.tokens
        return tuple(t.key for t in tokens[end : end + 2]) == _RECIPROCAL

    # -- the event ---------------------------------------------------------------------------


def _joins(gap: str) -> bool:
    """Whether the text between two actors coordinates them: "and", ",", or "and" followed by
    the second actor's title ("the OSCE and Pope Francis")."""
    words = gap.replace(",", " , ").split()
    if not words or words[0].lower() not in ("and", ",", "or"):
        return False
    rest = [w for w in words[1:] if w.lower() not in ("and", ",")]
    return all(word[:1].isupper() for word in rest) and len(rest) <= 3
