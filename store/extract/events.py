"""Events: who did what to whom, from trigger words and the actors around them.

A trigger (data/triggers.toml) gives the PLOVER type, mode and CAMEO root. Roles come from the
clause: a verb's subject is the source and its object the target, swapped in the passive ("had
been destroyed" has a target and no source); a noun takes its source from "by X", "X's",
"between X and Y" or the subject of the verb that governs it ("Both Armenia and Nagorno-Karabakh
declared martial law"). An event inside reported speech is claimed by the speaker ("Azerbaijan's
defence ministry said Armenian forces were attacking"); one inside a direct quotation is speech,
not an event. A trigger with no actor gives no event: the tool never invents who acted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from store.extract.clauses import (
    CLAUSE_BREAKS,
    Reference,
    References,
    SentenceContext,
    pronouns,
    sentence_contexts,
)
from store.extract.gazetteer import Gazetteer, gazetteer, phrase_key
from store.extract.lexicon import load_lexicon
from store.extract.records import Actor, DateMention, Event, Mention, Quote, Sentence

# Event types that make sense with one party only ("Azerbaijan declared a curfew").
# Event types that can be reported with a target alone ("tanks were destroyed", "a curfew
# was imposed on the city").
_TARGET_ONLY_TYPES = frozenset({"ASSAULT", "COERCE"})
# How many words before a trigger a legal word makes it a court matter.
_LEGAL_REACH = 5
_ONE_PARTY_TYPES = frozenset(
    {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "THREATEN", "REJECT"}
)
# Verbs whose subject is the source of the event named by their noun object.
_LIGHT_VERBS = frozenset(
    {
        "launch",
        "launched",
        "launching",
        "launches",
        "carry",
        "carried",
        "carrying",
        "conduct",
        "conducted",
        "conducting",
        "stage",
        "staged",
        "declare",
        "declared",
        "declares",
        "declaring",
        "impose",
        "imposed",
        "imposes",
        "imposing",
        "announce",
        "announced",
        "announces",
        "begin",
        "began",
        "begun",
        "start",
        "started",
        "mount",
        "mounted",
        "step",
        "stepped",
        "continue",
        "continued",
        "continues",
        "urge",
        "urges",
        "urged",
        "order",
        "ordered",
        "promise",
        "promised",
        "promising",
        "offer",
        "offered",
        "offering",
        "pledge",
        "pledged",
        "express",
        "expressed",
        "expressing",
        "voice",
        "voiced",
        "use",
        "uses",
        "used",
        "using",
        "send",
        "sends",
        "sent",
        "sending",
        "fly",
        "flew",
        "flying",
        "flown",
        "press",
        "pressed",
        "pressing",
    }
)
# Kinds of actor that are attacked as victims rather than as parties.
_VICTIM_KINDS = frozenset({"group"})
_ADJECTIVE_MARKERS = frozenset({"a", "an", "the", "more", "most", "less", "least", "very"})
_VERB_MARKERS = frozenset({"to", "will", "would", "could", "can", "might", "should", "must"})
_BE = frozenset({"was", "were", "been", "being", "is", "are", "be", "got", "get", "gets"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "these", "those"})
_NEGATIONS = frozenset({"not", "no", "never", "n't", "without", "neither", "nor"})
_FUTURE = frozenset(
    {
        "will",
        "shall",
        "would",
        "'ll",
        "plans",
        "plan",
        "planned",
        "vowed",
        "vows",
        "pledged",
        "pledges",
        "threatened",
        "threatens",
        "intends",
        "going",
    }
)
_HYPOTHETICAL = frozenset({"could", "might", "may", "if", "unless", "should", "whether"})
_RECIPROCAL = ("each", "other")
# Kinds of actor that can be a party of a conflict.
_PARTY_KINDS = frozenset({"state", "government", "military", "armed_group"})
# Mentions each of the two most-named parties needs to stand for "both sides".
_MIN_PARTY_MENTIONS = 4
# Phrases that name both parties of the conflict at once.
_PAIR_PHRASE = re.compile(
    r"\b(?:(?:both|the two|the warring|the opposing|either) sides|the sides|(?:both|the two) "
    r"(?:[A-Za-z-]+ ){0,3}?(?:countries|nations|republics|neighbou?rs|rivals|foes|enemies|"
    r"adversaries|governments))\b",
    re.IGNORECASE,
)
# Event types whose reported form is the speaker's own act ("warned that Moscow would hit back"
# is a threat by the one who warned).
_SPOKEN_ACTS = frozenset({"THREATEN", "REQUEST"})
# Event types that are things said: reported as the speaker's own act, not as a claim.
_SPEECH_ACTS = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "AGREE"})
# Nouns whose "that" clause is a claim ("the report that ...", "allegations that ...").
_CLAIM_NOUNS = frozenset(
    {
        "report",
        "reports",
        "claim",
        "claims",
        "allegation",
        "allegations",
        "accusation",
        "accusations",
        "rumour",
        "rumours",
        "rumor",
        "rumors",
        "suggestion",
        "suggestions",
        "assertion",
        "assertions",
    }
)
# Verbs that deny or reject a claim, so that the claimed event is denied.
_DENIALS = frozenset(
    {
        "deny",
        "denies",
        "denied",
        "denying",
        "reject",
        "rejects",
        "rejected",
        "rejecting",
        "dismiss",
        "dismisses",
        "dismissed",
        "dismissing",
        "refute",
        "refutes",
        "refuted",
        "oppose",
        "opposes",
        "opposed",
        "dispute",
        "disputes",
        "disputed",
        "rebut",
        "rebuts",
        "rebutted",
    }
)
_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose"})
_LOCATION_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "region",
        "district",
        "province",
        "capital",
        "area",
        "port",
        "settlement",
        "republic",
    }
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
# How many words may stand between two triggers that restate one event.
_RESTATE_REACH = 8
# How many words before a trigger a modal ("could", "will") may stand.
_MODAL_REACH = 8
# How many words before a trigger noun its possessor may stand ("Russia's last large-scale
# attack").
_POSSESSOR_REACH = 5
# Kinds of actor that are fighting bodies themselves ("its fighters" are the RSF).
_ARMED_BODIES = frozenset({"armed_group", "military"})
# How many modifiers may stand between "its" and an organ noun ("its long-range drones").
_POSSESSED_MODIFIERS = 2
# A wire dateline: a place in capitals, a comma, a date, then a dash.
_DATELINE = re.compile(r"[A-Z][A-Z .'-]{2,40},[^—–\n]{1,25}?\s[—–-]\s")
# Words after which a weapon is what an attack was made with.
_INSTRUMENT_MARKERS = frozenset({"with", "using", "by", "firing", "launching", "of"})
_INSTRUMENT_MODIFIERS = 2
# A trigger this close after another is its object ("fought a war").
_OBJECT_TRIGGER_REACH = 3
# How many words may stand between a trigger and the "between" naming its parties.
_BETWEEN_REACH = 3
# Nouns whose "of" names their target ("the invasion of Ukraine").
_OBJECT_OF_NOUNS = frozenset(
    {"invasion", "occupation", "shelling", "bombardment", "bombing", "siege", "blockade"}
)
# How far before a trigger noun its governing verb may stand ("launching “deliberate and
# targeted” attacks").
_GOVERNING_WINDOW = 9
# How near its trigger a "both sides" phrase must be to name the trigger's parties.
_PAIR_REACH = 60
# How far after a verb its object may stand.
_OBJECT_WINDOW = 8
_SUMMARY_LENGTH = 140
# An event dated this many days before publication is background, not news.
_HISTORICAL_DAYS = 365


@dataclass(frozen=True, slots=True)
class _Trigger:
    event_type: str
    cameo: str
    mode: str | None
    verb: bool
    noun: bool
    symmetric: bool
    needs_source: str | None
    """ "always", or "unless passive" ("tanks were destroyed" will do), or None."""
    source_kinds: frozenset[str] | None
    """Kinds of actor that can do this; another kind of doer means another sense."""
    consequence: bool
    """A killing or wounding: part of the attack that caused it when the sentence names one."""
    needs_instrument: bool
    """Only an attack when a weapon is named with it ("launched missiles")."""


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[tuple[str, ...], _Trigger]
    instruments: dict[tuple[str, ...], str]
    """Weapon words -> the mode of attack they make."""
    longest: int
    first_words: frozenset[str]
    not_triggers: tuple[tuple[str, ...], ...]
    not_trigger_words: frozenset[str]
    legal_words: frozenset[str]
    """Words that make a nearby trigger a charge in court ("charged with murder")."""


@functools.cache
def _lexicon() -> _Lexicon:
    data = load_lexicon("triggers")
    words: dict[tuple[str, ...], _Trigger] = {}
    for entry in data["trigger"]:
        verbs = {tuple(phrase_key(w).split()) for w in entry.get("verbs", [])}
        verbs |= {tuple(phrase_key(w).split()) for w in entry.get("phrases", [])}
        nouns = {tuple(phrase_key(w).split()) for w in entry.get("nouns", [])}
        for key in verbs | nouns:
            words.setdefault(
                key,
                _Trigger(
                    entry["type"],
                    entry["cameo"],
                    entry.get("mode"),
                    key in verbs,
                    key in nouns,
                    entry.get("symmetric", False),
                    entry.get("needs_source"),
                    frozenset(data["kinds"][entry["source_kinds"]])
                    if "source_kinds" in entry
                    else None,
                    entry.get("consequence", False),
                    entry.get("needs_instrument", False),
                ),
            )
    not_triggers = tuple(tuple(phrase_key(p).split()) for p in data.get("not_triggers", []))
    instruments = {
        tuple(phrase_key(word).split()): mode
        for mode, words_of_mode in data["instruments"].items()
        for word in words_of_mode
    }
    return _Lexicon(
        words,
        instruments,
        max(len(k) for k in words),
        frozenset(k[0] for k in words),
        not_triggers,
        frozenset(word for phrase in not_triggers for word in phrase),
        frozenset(data["legal_words"]),
    )


def find_events(
    text: str,
    sentences: Iterable[Sentence],
    mentions: Iterable[Mention],
    actors: Iterable[Actor],
    quotes: Iterable[Quote],
    dates: dict[int, list[DateMention]],
    published: date | None,
) -> tuple[tuple[Event, ...], tuple[Actor, ...]]:
    """Find the events of an article, and the actors that only events name ("its forces").

    Args:
        text: the article text.
        sentences: the body sentences, in order.
        mentions: actor mentions in them.
        actors: the article's actors.
        quotes: its quotes, which tell who claims an event in reported speech.
        dates: date mentions of each sentence, by sentence index.
        published: the publication date, to tell background from news.
    """
    gaz = gazetteer()
    quotes_by_sentence: dict[int, list[Quote]] = {}
    for quote in quotes:
        quotes_by_sentence.setdefault(quote.sentence_idx, []).append(quote)
    sentences = list(sentences)
    mentions = list(mentions)
    kinds = {actor.name: actor.kind for actor in actors}
    pair = conflict_pair(text, mentions, kinds)
    if pair is not None:
        mentions = sorted(mentions + _pair_mentions(sentences, pair), key=lambda m: m.start)
    references = References(kinds)
    events: list[Event] = []
    by_name = {actor.name: actor for actor in actors}
    owned: dict[str, Actor] = {}
    for context in sentence_contexts(gaz, sentences, mentions, references):
        sentence = context.sentence
        for mention, actor in _possessed_organs(gaz, context, by_name):
            context.mentions.append(mention)
            context.mentions.sort(key=lambda m: m.start)
            owned.setdefault(actor.name, actor)
            references.kinds.setdefault(actor.name, actor.kind)
        finder = _SentenceEvents(
            text,
            context,
            quotes_by_sentence.get(sentence.idx, []),
            dates.get(sentence.idx, []),
            published,
            owned,
        )
        events.extend(finder.run())
        speakers = [q.speaker for q in quotes_by_sentence.get(sentence.idx, []) if q.speaker]
        references.after_sentence(context.mentions, speakers)
    return tuple(events), tuple(a for name, a in owned.items() if name not in by_name)


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


def _possessed_organs(
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


def _pair_mentions(sentences: list[Sentence], pair: tuple[str, str]) -> list[Mention]:
    """ "both sides", "the two former Soviet republics": one mention of each party."""
    found: list[Mention] = []
    for sentence in sentences:
        for match in _PAIR_PHRASE.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            found.extend(Mention(name, sentence.idx, start, end, match.group()) for name in pair)
    return found


class _SentenceEvents:
    def __init__(
        self,
        text: str,
        context: SentenceContext,
        quotes: list[Quote],
        dates: list[DateMention],
        published: date | None,
        named_here: dict[str, Actor],
    ) -> None:
        """``named_here`` collects actors that only events name ("Russian" in "Russian air
        attacks", "its forces"), for the article's actor list."""
        self.named_here = named_here
        self.text = text
        self.context = context
        self.tokens = context.tokens
        self.mentions = [m for m in context.mentions if not context.in_quotation(m.start)]
        self.quotes = quotes
        self.dates = dates
        self.published = published
        self.trigger_starts: list[int] = []

    def run(self) -> list[Event]:
        lexicon = _lexicon()
        matches: list[tuple[int, int, _Trigger]] = []
        index = 0
        while index < len(self.tokens):
            match = self._trigger_at(index, lexicon)
            if match is None:
                index += 1
                continue
            matches.append((index, *match))
            index = match[0]
        # Dates go to the nearest trigger, so each trigger needs to know where the others are.
        self.trigger_starts = [self.tokens[first].start for first, _, _ in matches]
        events: list[Event] = []
        consequences: list[Event] = []
        for first, end, trigger in matches:
            for event in self._events_for(first, end, trigger):
                if trigger.consequence:
                    consequences.append(event)
                    continue
                if events and _coordinated(self.text, events[-1], event):
                    # "declared martial law and military siege" is one event.
                    continue
                if events and self._restates(events[-1], event):
                    # "threatens to take back the territory by force" is one threat.
                    continue
                if trigger.symmetric and self._repeats_fighting(event, events):
                    continue
                events.append(event)
        attacks = [e for e in events if e.event_type == "ASSAULT"]
        # "pounded the grid, killing seven", "were killed in a strike by Russian forces": the
        # killing is what the attack did, not an event of its own.
        events.extend(c for c in consequences if not attacks)
        return sorted(events, key=lambda e: e.trigger_start)

    def _trigger_at(self, index: int, lexicon: _Lexicon) -> tuple[int, _Trigger] | None:
        tokens = self.tokens
        if tokens[index].key not in lexicon.first_words:
            return None
        word = tokens[index].text
        # A sentence's first word is capitalised ("Battles between ...").
        lower = word.islower() or (index == 0 and word[1:].islower())
        if not lower or self.context.in_quotation(tokens[index].start):
            return None
        keys = [t.key for t in tokens[max(0, index - 2) : index + lexicon.longest]]
        before = min(index, 2)
        nearby = set(keys[: before + 3])
        for phrase in lexicon.not_triggers if nearby & lexicon.not_trigger_words else ():
            for shift in range(before + 1):
                if tuple(keys[shift : shift + len(phrase)]) == phrase and shift <= before < (
                    shift + len(phrase)
                ):
                    return None
        for length in range(min(lexicon.longest, len(tokens) - index), 0, -1):
            key = tuple(keys[before : before + length])
            trigger = lexicon.words.get(key)
            if trigger is not None:
                return index + length, trigger
        return None

    # -- roles ------------------------------------------------------------------------------

    def _events_for(self, first: int, end: int, trigger: _Trigger) -> list[Event]:
        if not trigger.verb and first > 0 and self.tokens[first - 1].key in _VERB_MARKERS:
            # "to blast the nominee": a noun trigger used as a verb means something else.
            return []
        if not trigger.noun and first > 0 and self.tokens[first - 1].key in _ADJECTIVE_MARKERS:
            # "a more targeted approach": a verb form used as an adjective.
            return []
        as_verb = trigger.verb and (not trigger.noun or self._used_as_verb(first))
        passive = False
        if as_verb:
            sources, targets, passive = self._verb_roles(first, end)
        else:
            sources, targets = self._noun_roles(first, end, trigger)
        if trigger.source_kinds is not None and sources:
            kinds = self.context.references.kinds
            sources = [name for name in sources if kinds.get(name) in trigger.source_kinds]
            if not sources:
                # "Tim Kaine attacked the nominee", "storms hit the coast": another sense.
                return []
        if not sources and (
            trigger.needs_source == "always"
            or (trigger.needs_source == "unless passive" and not passive)
        ):
            return []
        if trigger.symmetric and (
            self._any_person(sources + targets) or len(set(sources + targets)) < 2
        ):
            # Combat is between two named forces; people "clash" over trade in debates.
            return []
        if not sources and not targets:
            return []
        if (
            not sources
            and trigger.source_kinds is not None
            and not any(
                self.context.references.kinds.get(name) in trigger.source_kinds | _VICTIM_KINDS
                for name in targets
            )
        ):
            # "a wide-ranging attack on Clinton" (a speech): with no armed doer, an attack
            # needs an armed or civilian target to be one.
            return []
        if not sources and trigger.event_type not in _TARGET_ONLY_TYPES:
            # "a ruling that threatens China's claims": a threat needs someone who makes it.
            return []
        if self._legal_context(first):
            # "was charged with first-degree murder": a court case, not an attack.
            return []
        if trigger.event_type not in _ONE_PARTY_TYPES and (not sources or not targets):
            # A statement-like event (an accusation, a request, talks) needs both parties.
            return []
        speaker = self._reporting_speaker(first)
        if trigger.event_type in _SPOKEN_ACTS and speaker is not None:
            # "Sorokina warned that Moscow would hit back": the threat is hers.
            sources = [speaker]
        if trigger.needs_instrument and self._instrument_mode(first, end) is None:
            # "launched a campaign" is no attack; "launched missiles" is.
            return []
        if trigger.symmetric and len(sources) > 1 and not targets:
            # "Armenia and Azerbaijan clashed": the first named is the source.
            sources, targets = sources[:1], sources[1:]
        reciprocal = self._reciprocal(end)
        pairs = (
            [((source,), tuple(s for s in sources if s != source)) for source in sources]
            if reciprocal
            else [(tuple(sources), tuple(t for t in targets if t not in sources))]
        )
        return [self._event(first, end, trigger, s, t) for s, t in pairs]

    def _legal_context(self, first: int) -> bool:
        keys = {t.key for t in self.tokens[max(0, first - _LEGAL_REACH) : first]}
        return bool(keys & _lexicon().legal_words)

    def _reporting_speaker(self, first: int) -> str | None:
        """The named speaker of the reported speech a trigger stands in, if any."""
        position = self.tokens[first].start
        return next(
            (
                q.speaker
                for q in self.quotes
                if q.kind == "indirect" and q.speaker and q.start <= position < q.end
            ),
            None,
        )

    def _instrument_mode(self, first: int, end: int) -> str | None:
        """The mode a weapon named in the trigger's clause gives ("with missiles and drones")."""
        if self._trigger_type_at(first) not in ("ASSAULT", None):
            return None
        instruments = _lexicon().instruments
        tokens = self.tokens
        clause_end = self.context.clause_end(first)
        # A weapon right before the trigger ("drone strike"), or after "with", "using", ...
        # ("pounded the grid with missiles"); weapons that are hit are no mode.
        starts = [first - 1] if first > 0 else []
        starts += [
            i + 1
            for i in range(end, len(tokens) - 1)
            if tokens[i].start < clause_end and tokens[i].key in _INSTRUMENT_MARKERS
        ]
        for index in starts:
            for skip in range(_INSTRUMENT_MODIFIERS + 1):
                at = index + skip
                for length in (2, 1):
                    mode = instruments.get(tuple(t.key for t in tokens[at : at + length]))
                    if mode is not None:
                        return mode
        return None

    def _trigger_type_at(self, first: int) -> str | None:
        match = self._trigger_at(first, _lexicon())
        return match[1].event_type if match else None

    def _restates(self, previous: Event, event: Event) -> bool:
        """A second trigger of the same type and source in the same clause that adds no
        party."""
        between = self.text[previous.trigger_end : event.trigger_start]
        return (
            previous.event_type == event.event_type
            and previous.sources == event.sources
            and set(event.targets) <= set(previous.targets)
            and previous.date == event.date
            and not any(
                word in CLAUSE_BREAKS or word in _RELATIVE_PRONOUNS
                for word in between.lower().split()
            )
            and "," not in between
            and len(between.split()) <= _RESTATE_REACH
        )

    def _repeats_fighting(self, event: Event, earlier: list[Event]) -> bool:
        """ "Battles between Armenian and Azerbaijan forces continued, after the heaviest
        fighting between the two sides": fighting named again through "the two sides", at no
        other time, is the same fighting."""
        parties = set(event.sources + event.targets)
        through_pair = any(
            m.actor in parties
            and _PAIR_PHRASE.fullmatch(m.text)
            and abs(m.start - event.trigger_start) <= _PAIR_REACH
            for m in self.mentions
        )
        return through_pair and any(
            e.event_type == event.event_type and (event.date is None or e.date == event.date)
            for e in earlier
        )

    def _any_person(self, names: list[str]) -> bool:
        kinds = self.context.references.kinds
        return any(kinds.get(name) == "person" for name in names)

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

    def _noun_roles(self, first: int, end: int, trigger: _Trigger) -> tuple[list[str], list[str]]:
        tokens = self.tokens
        agent = self._agent(end)
        if not agent:
            agent = self._participle_agent(end)
        between = self._between(end)
        if between:
            return between[:1], between[1:]
        prepositions = _TARGET_PREPOSITIONS.get(trigger.event_type, ("on", "against", "at"))
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
        if end < len(tokens) and tokens[end].key in _LIGHT_VERBS:
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
            if key in _LIGHT_VERBS:
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

    def _event(
        self,
        first: int,
        end: int,
        trigger: _Trigger,
        sources: tuple[str, ...],
        targets: tuple[str, ...],
    ) -> Event:
        tokens = self.tokens
        start, stop = tokens[first].start, tokens[end - 1].end
        claimed_by, status = self._claim(first, trigger.event_type, sources)
        date_mention = self._date(first)
        return Event(
            sentence_idx=self.context.sentence.idx,
            event_type=trigger.event_type,
            cameo_root=trigger.cameo,
            mode=trigger.mode or self._instrument_mode(first, end),
            trigger=self.text[start:stop],
            trigger_start=start,
            trigger_end=stop,
            summary=self._summary(first, sources + targets),
            date=date_mention,
            location=self._location(end),
            claimed_by=claimed_by,
            status=status,
            modality=self._modality(first, trigger, date_mention),
            sources=sources,
            targets=targets,
        )

    def _claim(
        self, first: int, trigger_type: str, sources: tuple[str, ...]
    ) -> tuple[str | None, str]:
        position = self.tokens[first].start
        for quote in self.quotes:
            if quote.kind == "indirect" and quote.start <= position < quote.end:
                if trigger_type in _SPEECH_ACTS and quote.speaker in sources:
                    # "said he was concerned and called on the sides": the speaker's own
                    # appeal is reported as made, not as a claim of the speaker's.
                    return None, "asserted"
                if quote.cue and phrase_key(quote.cue) in _DENIALS:
                    # "the RSF denied that its fighters had shelled the market": denied, and
                    # claimed by no one the sentence names.
                    return None, "denied"
                return quote.speaker, "denied" if self._claim_rejected(quote) else "claimed"
        of_index = self._governing_verb(first)
        if of_index is None and first > 0 and self.tokens[first - 1].key == "of":
            # "accused the army of bombing markets"
            of_index = first - 1
        accusation = self._accusation_verb(of_index) if of_index is not None else None
        if accusation is not None:
            accuser = self.context.subject_of(accusation)
            if accuser is not None and accuser.actor:
                return accuser.actor, "claimed"
        return self._claim_noun(first)

    def _claim_noun(self, first: int) -> tuple[str | None, str]:
        """ "dismissed the report that its forces had shelled Ganja": an event in a "report
        that" or "claims that" clause is claimed, and denied when a rejecting verb takes the
        report as its object."""
        tokens = self.tokens
        clause_start = self.context.clause_start(first)
        for index in range(first - 1, 0, -1):
            if tokens[index].start < clause_start:
                break
            if tokens[index].key == "that" and tokens[index - 1].key in _CLAIM_NOUNS:
                noun_start = tokens[index - 1].start
                denied = any(
                    t.key in _DENIALS and clause_start <= t.start < noun_start for t in tokens
                )
                return None, "denied" if denied else "claimed"
        return None, "asserted"

    def _claim_rejected(self, quote: Quote) -> bool:
        """ "Azerbaijan opposes an Armenian defence ministry statement that said ...": a claim
        whose speaker is the object of a rejecting verb in the same clause is denied."""
        speaker_index = max(
            (
                i
                for i, t in enumerate(self.tokens)
                for m in self.mentions
                if m.actor == quote.speaker and m.start == t.start and m.start < quote.start
            ),
            default=None,
        )
        if speaker_index is None:
            return False
        clause_start = self.context.clause_start(speaker_index)
        speaker_at = self.tokens[speaker_index].start
        return any(t.key in _DENIALS and clause_start <= t.start < speaker_at for t in self.tokens)

    def _date(self, first: int) -> DateMention | None:
        if not self.dates:
            return None
        position = self.tokens[first].start
        usable = [d for d in self.dates if self._date_can_be_this_events(position, d)]
        clause_start = self.context.clause_start(first)
        clause_end = self.context.clause_end(first)
        in_clause = [
            d
            for d in usable
            if clause_start <= d.start
            and d.end <= clause_end
            and not self._nearer_trigger(first, d.start)
        ]
        if in_clause:
            return min(in_clause, key=lambda d: abs(d.start - position))
        # "The ministry on Monday reported fighting while the other said forces were
        # attacking": "while" makes both clauses one time; "but" and the rest do not.
        joined = self._while_joined_span(first)
        nearby = [
            d
            for d in usable
            if joined[0] <= d.start
            and d.end <= joined[1]
            and not clause_start <= d.start < clause_end
        ]
        return min(nearby, key=lambda d: abs(d.start - position)) if nearby else None

    def _date_can_be_this_events(self, position: int, mention: DateMention) -> bool:
        """Whether a date in the sentence can date the trigger at ``position``: not one in the
        dateline, in a relative or reported clause of its own, or past another trigger."""
        return not (
            self._relative_between(position, mention.start)
            or self._in_dateline(mention)
            or self._in_other_relative_clause(position, mention)
        )

    def _relative_between(self, trigger_start: int, date_start: int) -> bool:
        """ "The clashes between the republics which fought a war in the 1990s", "dismissed the
        account and said its fighters had seized two positions on Thursday": a date after a
        relative pronoun or a reporting verb belongs to that clause's verb."""
        return date_start > trigger_start and any(
            trigger_start < t.start < date_start
            and (
                t.key in _RELATIVE_PRONOUNS
                or (t.key in self.context.gaz.clause_verbs and t.text.islower())
            )
            for t in self.tokens
        )

    def _nearer_trigger(self, first: int, date_start: int) -> bool:
        """ "accused the army of bombing markets last month": the date belongs to the trigger
        that stands between it and this one (not to one that is its object: "fought a war in
        the 1990s")."""
        position = self.tokens[first].start
        object_tokens = self.tokens[first + 1 : first + 1 + _OBJECT_TRIGGER_REACH]
        object_end = position
        for token in object_tokens:
            if token.key in ("of", "that", "to", ","):
                break
            object_end = token.end
        low, high = sorted((position, date_start))
        return any(
            low < start < high and not position < start < object_end
            for start in self.trigger_starts
        )

    def _in_other_relative_clause(self, position: int, mention: DateMention) -> bool:
        """ "The army, which recaptured Khartoum last month, has been flying reinforcements":
        a date inside a relative clause that does not hold the trigger is that clause's."""
        tokens = self.tokens
        for index, token in enumerate(tokens):
            if token.key not in _RELATIVE_PRONOUNS or index == 0 or tokens[index - 1].text != ",":
                continue
            end = next(
                (t.start for t in tokens[index:] if t.text == ","), self.context.sentence.end
            )
            if token.start < mention.start < end and not token.start < position < end:
                return True
        return False

    def _in_dateline(self, mention: DateMention) -> bool:
        """ "KYIV, Dec 9 — Russia pounded ...": the dateline dates the report, not the event."""
        sentence = self.context.sentence
        if sentence.idx != 0:
            return False
        dateline = _DATELINE.match(sentence.text)
        return dateline is not None and mention.end <= sentence.start + dateline.end()

    def _while_joined_span(self, first: int) -> tuple[int, int]:
        tokens = self.tokens
        start, end = self.context.clause_start(first), self.context.clause_end(first)
        before = [i for i, t in enumerate(tokens) if t.end == start]
        if before and tokens[before[0]].key == "while":
            start = self.context.clause_start(before[0])
        after = [i for i, t in enumerate(tokens) if t.start == end]
        if after and tokens[after[0]].key == "while":
            end = self.context.clause_end(after[0])
        return start, end

    def _modality(self, first: int, trigger: _Trigger, date_mention: DateMention | None) -> str:
        keys = [t.key for t in self.tokens[max(0, first - 4) : first]]
        if any(k in _NEGATIONS for k in keys):
            return "negated"
        if trigger.event_type == "THREATEN":
            # A threat is about what the source says it will do.
            return "future"
        # A modal governs its clause's verb group and what the verb leads to ("could spiral
        # into a wider war"), so it is looked for further back than a negation.
        clause_start = self.context.clause_start(first)
        keys = [
            t.key
            for t in self.tokens[max(0, first - _MODAL_REACH) : first]
            if t.start >= clause_start
        ]
        if any(k in _HYPOTHETICAL for k in keys):
            return "hypothetical"
        if any(k in _FUTURE for k in keys):
            return "future"
        if date_mention is not None and date_mention.date_end and self.published:
            ended = date.fromisoformat(date_mention.date_end)
            if (self.published - ended).days > _HISTORICAL_DAYS:
                return "historical"
        return "actual"

    def _location(self, end: int) -> str | None:
        """ "the town of Terter", "in Stepanakert", "near the village of X"."""
        tokens = self.tokens
        limit = min(len(tokens), end + 10)
        for index in range(end, limit):
            token = tokens[index]
            if token.key in CLAUSE_BREAKS:
                break
            name_at = None
            if token.key in _LOCATION_NOUNS and index + 2 < limit and tokens[index + 1].key == "of":
                name_at = index + 2
            elif token.key in ("in", "near", "at", "outside") and index + 1 < limit:
                name_at = index + 1
            if name_at is None:
                continue
            name = self._capitalised_run(name_at)
            if name:
                return name
        return None

    def _capitalised_run(self, index: int) -> str | None:
        tokens = self.tokens
        gaz = self.context.gaz
        if index >= len(tokens) or not tokens[index].is_capitalised:
            return None
        first_token = tokens[index]
        if first_token.text in gaz.function_words or first_token.text in gaz.not_names:
            return None
        if any(d.start <= first_token.start < d.end for d in self.dates):
            return None
        last = index
        while (
            last + 1 < len(tokens)
            and tokens[last + 1].is_capitalised
            and tokens[last + 1].is_word
            and tokens[last + 1].start - tokens[last].end <= 1
        ):
            last += 1
        if last + 1 < len(tokens) and tokens[last + 1].is_possessive:
            return None
        return self.text[first_token.start : tokens[last].end]

    def _summary(self, first: int, actors: tuple[str, ...]) -> str:
        """The clause the event comes from, from its first actor to the clause's end."""
        start = self.tokens[first].start
        clause_start = self.context.reported_clause_start(first)
        for mention in self.mentions:
            if mention.actor in actors and clause_start <= mention.start < start:
                start = mention.start
                break
        end = self.context.clause_end(first)
        summary = " ".join(self.text[start:end].split()).rstrip(".,;: ")
        if len(summary) > _SUMMARY_LENGTH:
            summary = summary[: _SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        return summary


def _coordinated(text: str, previous: Event, event: Event) -> bool:
    """Whether two triggers are coordinated names of one event ("martial law and a curfew")."""
    between = text[previous.trigger_end : event.trigger_start].strip().lower().split()
    return (
        previous.event_type == event.event_type
        and previous.sources == event.sources
        and previous.targets == event.targets
        and between in (["and"], ["and", "a"], ["and", "an"], ["or"], [","])
    )


def _joins(gap: str) -> bool:
    """Whether the text between two actors coordinates them: "and", ",", or "and" followed by
    the second actor's title ("the OSCE and Pope Francis")."""
    words = gap.replace(",", " , ").split()
    if not words or words[0].lower() not in ("and", ",", "or"):
        return False
    rest = [w for w in words[1:] if w.lower() not in ("and", ",")]
    return all(word[:1].isupper() for word in rest) and len(rest) <= 3
