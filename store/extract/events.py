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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from store.extract.clauses import (
    CLAUSE_BREAKS,
    References,
    SentenceContext,
    sentence_contexts,
)
from store.extract.event_dates import RELATIVE_PRONOUNS, EventDating
from store.extract.event_roles import RoleFinder
from store.extract.gazetteer import gazetteer, phrase_key
from store.extract.lexicon import load_lexicon
from store.extract.parties import PAIR_PHRASE, conflict_pair, pair_mentions, possessed_organs
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
# Kinds of actor that are attacked as victims rather than as parties.
_VICTIM_KINDS = frozenset({"group"})
_ADJECTIVE_MARKERS = frozenset({"a", "an", "the", "more", "most", "less", "least", "very"})
_VERB_MARKERS = frozenset({"to", "will", "would", "could", "can", "might", "should", "must"})
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
# How many words may stand between two triggers that restate one event.
_RESTATE_REACH = 8
# How many words before a trigger a modal ("could", "will") may stand.
_MODAL_REACH = 8
# Words after which a weapon is what an attack was made with.
_INSTRUMENT_MARKERS = frozenset({"with", "using", "by", "firing", "launching", "of"})
_INSTRUMENT_MODIFIERS = 2
# How near its trigger a "both sides" phrase must be to name the trigger's parties.
_PAIR_REACH = 60
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
        mentions = sorted(mentions + pair_mentions(sentences, pair), key=lambda m: m.start)
    references = References(kinds)
    events: list[Event] = []
    by_name = {actor.name: actor for actor in actors}
    owned: dict[str, Actor] = {}
    for context in sentence_contexts(gaz, sentences, mentions, references):
        sentence = context.sentence
        for mention, actor in possessed_organs(gaz, context, by_name):
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


class _SentenceEvents(RoleFinder, EventDating):
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
        tokens, first_words = self.tokens, lexicon.first_words
        matches: list[tuple[int, int, _Trigger]] = []
        resume = 0
        # Only a trigger's first word can start one; the other tokens are not visited.
        for index in [i for i, token in enumerate(tokens) if token.key in first_words]:
            match = self._trigger_at(index, lexicon) if index >= resume else None
            if match is not None:
                matches.append((index, *match))
                resume = match[0]
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
            sources, targets = self._noun_roles(first, end, trigger.event_type)
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
        """The mode a weapon named with an attack gives ("with missiles and drones")."""
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
                word in CLAUSE_BREAKS or word in RELATIVE_PRONOUNS
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
            and PAIR_PHRASE.fullmatch(m.text)
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
            mode=trigger.mode
            or (self._instrument_mode(first, end) if trigger.event_type == "ASSAULT" else None),
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
