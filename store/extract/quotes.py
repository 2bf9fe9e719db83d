"""Quotes and their speakers: direct, partial and reported speech.

- A **direct** quote is a whole utterance in quotation marks (“Karabakh is Azerbaijan,” he said),
  in double or single marks, over several sentences or paragraphs: a paragraph that opens a
  quotation without closing it goes on in the next paragraph's opening mark. Each sentence of it
  becomes one quote with the same speaker.
- A **partial** quote is a fragment in quotation marks inside reported speech (accusing Turkey of
  “dangerous behaviour”).
- An **indirect** quote is reported speech without quotation marks: the clause after a reporting
  verb (Baku said that an Azerbaijani family of five died ...), or before it (The talks failed,
  officials said), or around "according to".

The speaker is who is named next to the reporting verb: after the quote (“...,” she added; “...,”
said Tim Hess, a developer; “...” ― Ana Ruiz), or before it as the verb's subject (Olesya
Vartanyan of the International Crisis Group told AFP, “...”; X was quoted as saying by Y). He and
she resolve to the nearest earlier person of their gender, they and it to states, bodies and
groups. Speakers named by a plain noun ("officials said", "a source told") are kept as written
and never guessed into an actor. A quotation with no cue continues the speaker quoted just
before it in the same paragraph, then its own quotation's attribution in a later paragraph, then
the speaker of the paragraph before.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from store.extract.clauses import (
    BETWEEN_SUBJECT_AND_VERB,
    CLAUSE_BREAKS,
    PREPOSITIONS,
    QuoteSegment,
    Reference,
    References,
    SentenceContext,
    find_quotations,
    person_genders,
    pronouns,
    sentence_contexts,
    speaker_nouns,
)
from store.extract.gazetteer import gazetteer, phrase_key
from store.extract.lexicon import load_lexicon
from store.extract.records import Actor, Mention, Quote, Sentence

# How far after a closing quote its attribution may start ("...,” Azerbaijan’s President
# Ilham Aliyev said) and how many words a speaker phrase written out may have.
_ATTRIBUTION_WINDOW = 14
_MAX_SPEAKER_WORDS = 8
# Title words that may stand between a cue and the name after it ("said 9/11 widow Terry Strada").
_MAX_TITLE_TOKENS = 5
_MAX_NAME_WORDS = 4
_DETERMINERS = frozenset({"a", "an", "the", "its", "his", "her", "their"})
_NOUN_DETERMINERS = _DETERMINERS | {"this", "these", "those", "our", "my", "your"}
_SPEAKER_OPENERS = frozenset({"a", "an", "the", "one", "another", "two", "three", "some"})
# Words that can open what stands between a cue and its reported clause.
_LEADING_PREPOSITIONS = frozenset({"on", "in", "at", "late", "early", "earlier", "during"})
_TIME_WORDS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "morning",
        "afternoon",
        "evening",
        "night",
        "today",
        "yesterday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "week",
        "weekend",
        "month",
        "year",
        "day",
    }
)
_DASHES = frozenset({"―", "—", "–", "-"})
_OPENING_MARKS = ("''", "``", "“", "”", '"', "‘", "'")
_CLOSING_MARKS = ("''", "”", '"', "’", "'", "“")
# Words before a subject that make its clause a relative one ("what Trump says his plan does").
_RELATIVE_OPENERS = frozenset({"what", "which", "whatever"})
# Words a headline leaves in lower case.
_HEADLINE_LOWER = frozenset(
    {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "as"}
)
# A quotation this short without a cue is a title or a scare quote, not speech.
_MIN_UNCUED_WORDS = 4
_SENTENCE_END = frozenset({".", "!", "?", ";"})
# Words that open a frame before a speaker rather than what the speaker said.
_FRAME_OPENERS = PREPOSITIONS | {"asked", "speaking", "during", "after", "before", "later"}
_MAX_FRAME_WORDS = 6
# What may follow the verb of an attribution that ends its report ("..., officials said on
# Monday", "..., she told reporters in a statement").
_TRAILER_PUNCTUATION = frozenset({".", ",", ";", "!", "?", ")"})
_TRAILER_WORDS = frozenset({"by", "via", "after", "before", "last", "this", "reporters"})
_TELL = frozenset({"told", "tells", "tell"})
# Words that make what stands between a comma and a verb a clause, not a speaker ("..., but
# which Ankara says").
_CLAUSE_OPENERS = frozenset({"which", "that", "who", "but", "while", "because", "if", "when"})
# How many tokens may follow the verb of an attribution that opens like a new sentence.
_MAX_TRAILER_TOKENS = 6
_CLAUSE_END = frozenset({"!", "?", ";"})
# A reported clause cut short before a quotation keeps at least this many words.
_MIN_REPORTED_WORDS = 4
# Words that never stand in a title between a verb and the speaker it names.
_NOT_TITLE_WORDS = frozenset(
    {"about", "that", "in", "on", "at", "remained", "was", "were", "is", "are", "had", "has"}
)
# What may come right before the subject that opens a clause.
_CLAUSE_OPENING = frozenset({",", ";", ":", ".", "!", "?", "”", '"', "’"})


@functools.cache
def _cue_keys() -> frozenset[str]:
    """Keys of the tokens that can cue reported speech: reporting verbs and "according"."""
    return gazetteer().reporting_verbs | {"according"}


@functools.cache
def _inverted_verbs() -> frozenset[str]:
    """Finite forms of the verbs that may follow what they report ("..., officials said")."""
    data = load_lexicon("reporting")
    lemmas = [*data["clause_verbs"]["lemmas"], "tell", "report", "warn", "state"]
    return frozenset(
        form for lemma in lemmas for form in data["verbs"][lemma] if not form.endswith("ing")
    )


@functools.cache
def _quote_verbs() -> frozenset[str]:
    """Forms of "quote", whose object is the speaker and whose agent is the medium."""
    return frozenset(load_lexicon("reporting")["verbs"]["quote"])


@functools.cache
def _medium_openers() -> frozenset[str]:
    """First words of media names and venues, and "by" ("quoted by Interfax")."""
    media = {key.split()[0] for key in gazetteer().media if key}
    return frozenset(media | {venue[0] for venue in _venues()} | {"by"})


@functools.cache
def _venues() -> tuple[tuple[str, ...], ...]:
    """Venue phrases as folded word tuples, longest first."""
    phrases = load_lexicon("reporting")["venues"]["phrases"]
    return tuple(sorted((tuple(phrase_key(v).split()) for v in phrases), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Attribution:
    """Who said a quotation, with which cue and through which medium."""

    speaker: Reference
    cue: str | None
    medium: str | None


@dataclass(slots=True)
class _Segment:
    """A quotation segment being read: its sentence pieces and what attributes it."""

    segment: QuoteSegment
    paragraph: int
    kind: str
    pieces: list[tuple[int, int, int]] = field(default_factory=list)
    """(sentence index, content start, content end) of each sentence it spans."""
    own: _Attribution | None = None
    """A cue next to the segment itself, after its closing mark or before its opening one."""
    same_paragraph: Reference | None = None
    """The speaker quoted just before it in its paragraph."""
    previous_paragraph: Reference | None = None
    """The speaker quoted last in the paragraph before."""
    words: int = 0


def find_quotes(
    text: str, sentences: Iterable[Sentence], mentions: Iterable[Mention], actors: Iterable[Actor]
) -> tuple[Quote, ...]:
    """Find the quotes of an article.

    Args:
        text: the article text.
        sentences: the body sentences, in order.
        mentions: actor mentions found in them.
        actors: the article's actors, for the kinds that pronouns must agree with.
    """
    sentences = list(sentences)
    mentions = list(mentions)
    kinds = {actor.name: actor.kind for actor in actors}
    segments = find_quotations(text, sentences)
    references = References(kinds)
    contexts = list(sentence_contexts(gazetteer(), sentences, mentions, references, segments))
    references.genders = person_genders(
        text, mentions, kinds, ((c.tokens, c.mentions, c.quoted) for c in contexts)
    )
    return _ArticleQuotes(text, segments).run(contexts)


class _ArticleQuotes:
    """Quotes of one article, read sentence by sentence."""

    def __init__(self, text: str, segments: list[QuoteSegment]) -> None:
        self.text = text
        self.segments = segments
        self.last_segment = {s.quotation: s for s in segments}
        self.reading: dict[int, list[_Segment]] = {}
        self.quotes: list[Quote] = []
        self.last_speaker: tuple[Reference, int] | None = None
        """The speaker quoted last, with the paragraph of the quote."""

    def run(self, contexts: list[SentenceContext]) -> tuple[Quote, ...]:
        """Read the sentences in order: their quotations, then their reported speech."""
        previous: SentenceContext | None = None
        pending = 0
        for context in contexts:
            before = len(self.quotes)
            sentence = context.sentence
            while pending < len(self.segments) and self.segments[pending].end <= sentence.start:
                pending += 1
            index = pending
            while index < len(self.segments) and self.segments[index].start < sentence.end:
                if sentence.start < self.segments[index].end:
                    self._read(context, self.segments[index], previous)
                index += 1
            reported = _SentenceQuotes(self.text, context).reported()
            self.quotes.extend(reported)
            if reported and reported[-1].speaker_text:
                last = reported[-1]
                reference = Reference(last.speaker, last.speaker_text or "", last.start, last.end)
                self.last_speaker = (reference, context.sentence.paragraph)
            speakers = [q.speaker for q in self.quotes[before:] if q.speaker]
            context.references.after_sentence(
                context.mentions, speakers, context.quoted, context.tokens
            )
            previous = context
        return tuple(sorted(self.quotes, key=lambda q: q.start))

    def _read(
        self, context: SentenceContext, segment: QuoteSegment, previous: SentenceContext | None
    ) -> None:
        """Take the part of a segment that lies in one sentence; attribute the quotation once
        its last segment ends."""
        sentence = context.sentence
        reading = self.reading.setdefault(segment.quotation, [])
        finder = _SentenceQuotes(self.text, context)
        if not reading or reading[-1].segment is not segment:
            # The segment starts in this sentence: what its kind is, what introduces it.
            kind = reading[0].kind if reading else finder.kind_of(segment)
            state = _Segment(segment, sentence.paragraph, kind)
            if segment.first:
                state.own = finder.before(segment.start)
                if (
                    state.own is None
                    and previous is not None
                    and _opens_sentence(self.text, sentence, segment.start)
                ):
                    # "The Times reports:" in the paragraph before the quotation.
                    state.own = _SentenceQuotes(self.text, previous).introduced()
            if self.last_speaker is not None:
                speaker, paragraph = self.last_speaker
                if paragraph == sentence.paragraph:
                    state.same_paragraph = speaker
                elif paragraph + 1 == sentence.paragraph:
                    state.previous_paragraph = speaker
            reading.append(state)
        state = reading[-1]
        piece = _content(self.text, segment, sentence)
        if piece is not None:
            state.pieces.append((sentence.idx, *piece))
            state.words += len(self.text[piece[0] : piece[1]].split())
        if segment.end > sentence.end:
            return
        if segment.closed:
            after = finder.after(segment.end)
            if after is not None:
                state.own = after
        if self.last_segment[segment.quotation] is segment:
            self._emit(self.reading.pop(segment.quotation))

    def _emit(self, segments: list[_Segment]) -> None:
        """Attribute each segment of a finished quotation and record its quotes."""
        for index, state in enumerate(segments):
            if state.kind == "title":
                continue
            attribution = state.own
            if state.kind == "partial":
                # A fragment is someone's only where a cue of its own says whose.
                attribution = attribution if attribution and attribution.cue else None
            elif attribution is None and state.same_paragraph is not None:
                attribution = _Attribution(state.same_paragraph, None, None)
            if attribution is None and state.kind == "direct":
                attribution = next(
                    (s.own for s in segments[index + 1 :] + segments[:index][::-1] if s.own),
                    None,
                )
            if (
                attribution is None
                and state.kind == "direct"
                and state.previous_paragraph is not None
                and state.words >= _MIN_UNCUED_WORDS
            ):
                attribution = _Attribution(state.previous_paragraph, None, None)
            if attribution is None:
                continue
            speaker = attribution.speaker
            for sentence_idx, start, end in state.pieces:
                self.quotes.append(
                    Quote(
                        sentence_idx=sentence_idx,
                        speaker=speaker.actor,
                        speaker_text=speaker.text,
                        text=self.text[start:end],
                        kind=state.kind,
                        cue=attribution.cue,
                        medium=attribution.medium,
                        start=start,
                        end=end,
                    )
                )
            if state.pieces:
                self.last_speaker = (speaker, state.paragraph)


def _opens_sentence(text: str, sentence: Sentence, position: int) -> bool:
    return not text[sentence.start : position].strip()


def _content(text: str, segment: QuoteSegment, sentence: Sentence) -> tuple[int, int] | None:
    """The words of a segment within one sentence: marks, spaces and a final comma left out."""
    start = max(segment.start, sentence.start)
    end = min(segment.end, sentence.end)
    if start == segment.start:
        start += next((len(m) for m in _OPENING_MARKS if text.startswith(m, start)), 0)
    if segment.closed and end == segment.end:
        end -= next((len(m) for m in _CLOSING_MARKS if text.endswith(m, start, end)), 0)
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:"):
        end -= 1
    if end - start < 2 or not any(c.isalnum() for c in text[start:end]):
        return None
    return start, end


class _SentenceQuotes:
    """Cues, speakers and reported speech in one sentence."""

    def __init__(self, text: str, context: SentenceContext) -> None:
        self.text = text
        self.context = context
        self.gaz = context.gaz
        self.sentence = context.sentence
        self.tokens = context.tokens
        self.mentions = context.mentions

    # -- quotations in marks -------------------------------------------------------------------

    def kind_of(self, segment: QuoteSegment) -> str:
        """ "direct" for a whole utterance, "partial" for a fragment of reported speech, and
        "title" for a name or term in quotation marks."""
        piece = _content(self.text, segment, self.sentence)
        content = self.text[piece[0] : piece[1]] if piece else ""
        if not segment.closed and segment.end > self.sentence.end:
            # A quotation that runs on into later sentences is an utterance of its own.
            whole = content[:1].isupper()
        else:
            whole = self._is_utterance(segment.start, content)
        if _is_headline(content):
            return "title"
        if whole:
            return "direct"
        return "title" if _is_title_or_term(content) else "partial"

    def _is_utterance(self, start: int, content: str) -> bool:
        """Whether a quotation is a whole utterance rather than a fragment of reported speech."""
        before = self.text[self.sentence.start : start].rstrip()
        opens_sentence = not before
        after_colon_or_comma = before.endswith((",", ":"))
        ends_like_speech = content.endswith((".", "!", "?", "…"))
        return content[:1].isupper() and (
            opens_sentence or after_colon_or_comma or ends_like_speech
        )

    def after(self, end: int) -> _Attribution | None:
        """“...,” SPEAKER VERB;  “...,” VERB SPEAKER;  “...” ― NAME;  “...,” according to X."""
        tokens = self.tokens
        first = next((i for i, t in enumerate(tokens) if t.start >= end), None)
        if first is None:
            return None
        while first < len(tokens) and tokens[first].text in ",.!?":
            first += 1
        if first >= len(tokens):
            return None
        if tokens[first].text in _DASHES:
            return self._dash(first + 1)
        if tokens[first].key == "according":
            return self._according(first)
        # “... last words.” The Gazette quoted X as saying ...: after a full stop and a capital, a
        # new sentence may start; the words are the quote's attribution only when they end the
        # sentence soon after their verb ("“Go home.” Smith told reporters.").
        new_sentence = self.text[: end - 1].rstrip().endswith(".") and tokens[first].is_capitalised
        for index in range(first, min(first + _ATTRIBUTION_WINDOW, len(tokens))):
            token = tokens[index]
            # A full stop inside the sentence ends an abbreviation ("Rep.", "Mr."), not it.
            if self.context.in_quotation(token.start) or token.text in _CLAUSE_END:
                break
            if self._is_cue(index):
                if new_sentence and len(tokens) - index > _MAX_TRAILER_TOKENS:
                    return None
                return self._attribution_after(first, index)
        return None if new_sentence else self._apposition(first)

    def _attribution_after(self, first: int, verb: int) -> _Attribution | None:
        if verb > first:
            speaker = self._speaker_between(first, verb)
        else:
            speaker = self._speaker_after_verb(verb)
        if speaker is None:
            return None
        return self._attribution(verb, speaker)

    def _attribution(self, verb: int, speaker: Reference) -> _Attribution:
        """The attribution of a cue, "X was quoted by Y" and "Y quoted X" put right."""
        medium = self._medium(verb)
        quoted_as = self._quoted_as(verb)
        if quoted_as is not None:
            medium = quoted_as[1] or medium
        if self.tokens[verb].key in _quote_verbs():
            quoted = self._quoted_person(verb)
            if quoted is not None:
                # "Interfax quoted Putin as saying": Putin speaks, Interfax carries it.
                speaker, medium = quoted, medium or speaker.text
        return _Attribution(speaker, self.tokens[verb].text, medium)

    def _quoted_person(self, verb: int) -> Reference | None:
        """The person right after "quoted" in "Interfax quoted Putin as saying"."""
        tokens = self.tokens
        verb_end = tokens[verb].end
        following = next((m for m in self.mentions if m.start >= verb_end), None)
        if following is not None and following.start - verb_end <= 1:
            person = Reference(following.actor, following.text, following.start, following.end)
        else:
            end = verb + 1
            while end < len(tokens) and tokens[end].is_capitalised and tokens[end].is_word:
                end += 1
            written = self._written_speaker(verb + 1, end) if end > verb + 1 else None
            if written is None:
                return None
            person = written
        after = next((t for t in tokens if t.start >= person.end), None)
        return person if after is not None and after.key == "as" else None

    def _apposition(self, first: int) -> _Attribution | None:
        """“...,” Scott Pruitt, the attorney general of a state suing the agency, said."""
        tokens = self.tokens
        head = next(
            (m for m in self.mentions if tokens[first].start <= m.start < tokens[first].end + 16),
            None,
        )
        if head is None or self.context.references.kinds.get(head.actor) != "person":
            return None
        comma = next((i for i in range(first, len(tokens)) if tokens[i].start >= head.end), None)
        while comma is not None and comma < len(tokens) and tokens[comma].text != ",":
            if tokens[comma].text in _SENTENCE_END or not (
                tokens[comma].text in "()-" or tokens[comma].is_word
            ):
                return None
            comma += 1
            if comma - first > _MAX_SPEAKER_WORDS:
                return None
        if comma is None:
            return None
        for index in range(comma + 1, len(tokens)):
            token = tokens[index]
            if self.context.in_quotation(token.start) or token.text in _SENTENCE_END:
                return None
            if tokens[index - 1].text == "," and self._is_cue(index):
                reference = Reference(head.actor, head.text, head.start, head.end)
                return self._attribution(index, reference)
        return None

    def _dash(self, first: int) -> _Attribution | None:
        """“...” ― Ana Ruiz: a name after a dash that ends the sentence or comes before its
        description."""
        tokens = self.tokens
        if first >= len(tokens):
            return None
        mention = next((m for m in self.mentions if m.start == tokens[first].start), None)
        if mention is not None:
            end_index = next(
                (i for i in range(first, len(tokens)) if tokens[i].start >= mention.end),
                len(tokens),
            )
            speaker = Reference(mention.actor, mention.text, mention.start, mention.end)
        else:
            end_index = first
            while end_index < len(tokens) and end_index - first < _MAX_SPEAKER_WORDS:
                token = tokens[end_index]
                initial = token.text == "." and len(tokens[end_index - 1].text) == 1
                if not (token.is_capitalised and token.is_word) and not initial:
                    break
                end_index += 1
            if end_index == first:
                return None
            start, end = tokens[first].start, tokens[end_index - 1].end
            speaker = Reference(None, self.text[start:end], start, end)
        if (
            end_index < len(tokens)
            and tokens[end_index].text not in ",.;"
            and not self.context.in_quotation(tokens[end_index].start)
        ):
            return None
        return _Attribution(speaker, None, None)

    def _according(self, index: int) -> _Attribution | None:
        """“...,” according to X."""
        tokens = self.tokens
        if index + 1 >= len(tokens) or tokens[index + 1].key != "to":
            return None
        speaker = self._phrase_after(index + 1)
        return _Attribution(speaker, "according to", None) if speaker else None

    def before(self, start: int) -> _Attribution | None:
        """SUBJECT VERB [object] [,:] “...”: the nearest reporting verb before the quote; or
        "According to X, “...”"."""
        tokens = self.tokens
        for index in range(len(tokens) - 1, -1, -1):
            token = tokens[index]
            if token.start >= start:
                continue
            if self.context.in_quotation(token.start):
                # Another quotation stands in between.
                return None
            if token.key == "according" and index + 1 < len(tokens):
                attribution = self._according(index)
                if attribution is not None:
                    return attribution
            if not self._is_cue(index):
                continue
            speaker = self._subject(index)
            if speaker is not None:
                return self._attribution(index, speaker)
        return self._inverted_opening(start)

    def _inverted_opening(self, start: int) -> _Attribution | None:
        """ "Said Ellis: “...”": a sentence that opens with its cue, then the speaker."""
        tokens = self.tokens
        if len(tokens) < 3 or tokens[0].key not in self.gaz.reporting_verbs:
            return None
        if not tokens[0].is_capitalised or tokens[0].start >= start:
            return None
        colon = next((i for i, t in enumerate(tokens) if t.text in ":," and t.start < start), None)
        if colon is None or colon < 2:
            return None
        speaker = self._speaker_between(1, colon)
        return _Attribution(speaker, tokens[0].text, None) if speaker else None

    def introduced(self) -> _Attribution | None:
        """A sentence ending in a colon that introduces the quotation after it ("He said:")."""
        if not self.sentence.text.rstrip().endswith(":"):
            return None
        return self.before(self.sentence.end)

    def _is_cue(self, index: int) -> bool:
        token = self.tokens[index]
        return (
            token.key in self.gaz.reporting_verbs
            and token.text.islower()
            and not self.context.in_quotation(token.start)
            # "the claim made by", "his reports": after a determiner the word is a noun.
            and not (index > 0 and self.tokens[index - 1].key in _NOUN_DETERMINERS)
        )

    def _subject(self, verb: int) -> Reference | None:
        """Who speaks through a verb: its subject ("Kall said", with no actor found for
        him, kept as written), the subject a participle shares ("Trump attacked Clinton,
        saying ..."), or an unnamed speaker ("officials said")."""
        context = self.context
        quoted = self._quoted_as(verb)
        if quoted is not None:
            return quoted[0]
        speaker = self._written_subject(verb) or context.subject_of(verb)
        if speaker is None and self.tokens[verb].key.endswith("ing"):
            speaker = self._participle_subject(verb)
        return speaker or context.subject_phrase(verb)

    def _quoted_as(self, verb: int) -> tuple[Reference, str | None] | None:
        """ "Interfax quoted Varga as saying" (Varga speaks, Interfax carries it) and "Varga
        was quoted as saying": the speaker and the medium of a "saying" after "quoted as"."""
        tokens = self.tokens
        if verb < 2 or tokens[verb].key != "saying" or tokens[verb - 1].key != "as":
            return None
        quote = next((i for i in range(verb - 2, -1, -1) if tokens[i].key in _quote_verbs()), None)
        if quote is None:
            return None
        quoted = self._quoted_person(quote)
        if quoted is not None:
            carrier = self.context.subject_of(quote) or self._written_subject(quote)
            return quoted, carrier.text if carrier else None
        speaker = self.context.subject_of(quote) or self._written_subject(quote)
        return (speaker, self._medium(verb)) if speaker is not None else None

    def _written_subject(self, verb: int) -> Reference | None:
        """A name no actor was found for, right before its verb at the start of a clause
        ("..., Kall said:", "In a statement, Peabody said")."""
        tokens = self.tokens
        last = verb
        # "Varga was quoted": auxiliaries and adverbs may stand before the verb.
        while last > 0 and tokens[last - 1].key in BETWEEN_SUBJECT_AND_VERB:
            last -= 1
        first = last
        while (
            first > 0
            and last - first < _MAX_NAME_WORDS
            and (tokens[first - 1].is_capitalised and tokens[first - 1].is_word)
        ):
            first -= 1
        if first == last or (first > 0 and tokens[first - 1].text not in _CLAUSE_OPENING):
            return None
        start, end = tokens[first].start, tokens[last - 1].end
        if any(start < m.end and m.start < end for m in self.mentions):
            return None
        return self._written_speaker(first, last)

    def _participle_subject(self, verb: int) -> Reference | None:
        """The subject a participle after a comma shares: the actor or pronoun that opens its
        clause or follows an opening phrase ("Earlier, Trump attacked Clinton, saying")."""
        tokens = self.tokens
        if verb == 0 or tokens[verb - 1].text != ",":
            return None
        person, group = pronouns()
        start = self.context.clause_start(verb)
        for index, token in enumerate(tokens[: verb - 1]):
            if token.start < start or self.context.in_quotation(token.start):
                continue
            opens = token.start == start or (index > 0 and tokens[index - 1].text == ",")
            if not opens:
                continue
            if token.key in person | group:
                return self.context.pronoun_reference(token)
            mention = next((m for m in self.mentions if m.start == token.start), None)
            if mention is not None:
                return Reference(mention.actor, mention.text, mention.start, mention.end)
        return None

    def _speaker_between(self, first: int, verb: int) -> Reference | None:
        """The speaker named between a closing quote and its verb ("she", "Ilham Aliyev",
        "Rucker Culpepper, who runs the effort,", "officials")."""
        tokens = self.tokens
        start, end = tokens[first].start, tokens[verb - 1].end
        kinds = self.context.references.kinds
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        if inside:
            comma = next((t.start for t in tokens[first:verb] if t.text == ","), None)
            if comma is not None and inside[0].end <= comma:
                # An apposition or relative clause follows the speaker's name.
                chosen = inside[0]
            else:
                people = [m for m in inside if kinds.get(m.actor) == "person"]
                chosen = (people or inside)[-1]
            return Reference(chosen.actor, chosen.text, chosen.start, chosen.end)
        words = tokens[first:verb]
        person_pronouns, group_pronouns = pronouns()
        if len(words) == 1 and words[0].key in person_pronouns | group_pronouns:
            return self.context.pronoun_reference(words[0])
        unnamed = self.context.subject_phrase(verb)
        if unnamed is not None:
            return unnamed
        comma = next((i for i in range(first, verb) if tokens[i].text == ","), verb)
        # "Quina Jones, 25, said": the name before an apposition.
        return self._written_speaker(first, comma)

    def _written_speaker(self, first: int, end: int) -> Reference | None:
        """A speaker no actor was found for, kept as written: a run of name words ("Fallon")
        or a short noun phrase ("the New York businessman")."""
        words = self.tokens[first:end]
        if not words or len(words) > _MAX_SPEAKER_WORDS:
            return None
        names = (
            all(
                (t.is_capitalised and t.is_word) or _abbreviation_dot(self.tokens, first + i)
                for i, t in enumerate(words)
            )
            and words[0].text not in self.gaz.function_words
        )
        plain = all(t.is_word and t.key not in self.gaz.reporting_verbs for t in words)
        # "the New York businessman", or a bare "officials" / "local police".
        phrase = plain and (words[0].key in _SPEAKER_OPENERS or words[-1].key in speaker_nouns())
        if not (names or phrase):
            return None
        start, end_offset = words[0].start, words[-1].end
        return Reference(None, self.text[start:end_offset], start, end_offset)

    def _speaker_after_verb(self, verb_index: int) -> Reference | None:
        """“...,” said Smith;  said Rep. G.K. Butterfield;  said MSNBC host Chris Matthews;
        “...,” said one source on the panel."""
        tokens = self.tokens
        verb_end = tokens[verb_index].end
        kinds = self.context.references.kinds
        near = []
        for mention in (m for m in self.mentions if m.start >= verb_end):
            between = [t for t in tokens[verb_index + 1 :] if t.end <= mention.start]
            if len(between) > _MAX_TITLE_TOKENS or any(t.text in ',;:“”"' for t in between):
                break
            if any(t.text[:1].isdigit() or t.key in _NOT_TITLE_WORDS for t in between):
                # "said about 300,000 people remained in El Fasher": a clause, not a title.
                break
            near.append(mention)
        if near:
            # "said Fox News moderator Megyn Kelly": the person, not the body before her title.
            chosen = next((m for m in near if kinds.get(m.actor) == "person"), near[0])
            return Reference(chosen.actor, chosen.text, chosen.start, chosen.end)
        return self._phrase_after(verb_index)

    def _phrase_after(self, index: int) -> Reference | None:
        """The speaker after a cue ("according to X", "said X"), up to a comma or the end."""
        tokens = self.tokens
        start = index + 1
        named_at = start
        while named_at < len(tokens) and tokens[named_at].key in ("the", "a", "an"):
            # "according to the Azerbaijani defence ministry"
            named_at += 1
        following = next(
            (
                m
                for m in self.mentions
                if named_at < len(tokens) and m.start == tokens[named_at].start
            ),
            None,
        )
        if following is not None:
            return Reference(following.actor, following.text, following.start, following.end)
        end = start
        while (
            end < len(tokens)
            and (tokens[end].is_word or tokens[end].is_possessive or _abbreviation_dot(tokens, end))
            and tokens[end].key not in ("who", "whose", "which", "that")
            and not self.context.in_quotation(tokens[end].start)
        ):
            end += 1
        speaker = self._written_speaker(start, end)
        if speaker is None:
            return None
        names_someone = any(t.is_capitalised or t.key in speaker_nouns() for t in tokens[start:end])
        return speaker if names_someone else None

    def _medium(self, cue_index: int) -> str | None:
        """ "told AFP", "wrote on Twitter", "said in a statement", "quoted by Interfax"."""
        window = self.tokens[cue_index + 1 : cue_index + 8]
        openers = _medium_openers()
        for offset in range(len(window)):
            if window[offset].text in '“",:':
                break
            if window[offset].key not in openers:
                continue
            for length in range(min(4, len(window) - offset), 0, -1):
                key = phrase_key(" ".join(t.text for t in window[offset : offset + length]))
                if key in self.gaz.media:
                    return self.gaz.media[key]
            words = tuple(t.key for t in window[offset:])
            for venue in _venues():
                if words[: len(venue)] == venue:
                    return " ".join(t.text for t in window[offset : offset + len(venue)])
            if (
                window[offset].key == "by"
                and self.tokens[cue_index].key in _quote_verbs()
                and offset + 1 < len(window)
            ):
                carrier = self._phrase_after(cue_index + 1 + offset)
                return carrier.text if carrier else None
        return None

    # -- reported speech -----------------------------------------------------------------------

    def reported(self) -> list[Quote]:
        """SUBJECT said (that) CLAUSE;  CLAUSE, SUBJECT said;  according to X, CLAUSE."""
        quotes: list[Quote] = []
        cues = _cue_keys()
        # Token.key is field 3; indexing is quicker than the attribute in this hot loop.
        for index in [i for i, t in enumerate(self.tokens) if t[3] in cues]:
            if self.tokens[index].key == "according":
                quote = self._according_clause(index)
            elif self._is_cue(index):
                quote = self._reported_after(index) or self._reported_before(index)
            else:
                continue
            if quote is not None and not any(
                (q.start, q.end) == (quote.start, quote.end) for q in quotes
            ):
                # "was quoted as saying that ...": two cues, one report.
                quotes.append(quote)
        return quotes

    def _reported_after(self, index: int) -> Quote | None:
        clause = self._reported_clause(index)
        if clause is not None and self._overlaps_quotation(*clause):
            clause = self._before_quotation(*clause)
        if clause is None:
            return None
        speaker = self._subject(index)
        if speaker is None or self._relative_subject(speaker):
            return None
        return self._indirect(index, speaker, *clause)

    def _before_quotation(self, start: int, end: int) -> tuple[int, int] | None:
        """ "warned that Moscow would hit back ..., calling them “terrorist acts”": the
        reported clause up to the comma before a quotation it runs into, if one is there."""
        opening = min(q_start for q_start, q_end in self.context.quoted if start < q_end)
        commas = [t for t in self.tokens if start < t.start < opening and t.text == ","]
        if not commas:
            return None
        cut = commas[-1].start
        words = [t for t in self.tokens if start <= t.start < cut and t.is_word]
        return (start, words[-1].end) if len(words) >= _MIN_REPORTED_WORDS else None

    def _reported_before(self, index: int) -> Quote | None:
        """ "The talks have failed, officials said on Monday." and "..., said Smith." """
        tokens = self.tokens
        if tokens[index].key not in _inverted_verbs():
            return None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if index > 0 and tokens[index - 1].text == ",":
            comma = index - 1
            speaker = self._speaker_after_verb(index)
        elif following is not None and not (
            following.text in _TRAILER_PUNCTUATION
            or following.key in _LEADING_PREPOSITIONS | _TRAILER_WORDS
            or following.key in _TIME_WORDS
            # "..., she told Reuters."
            or (tokens[index].key in _TELL and following.is_capitalised)
        ):
            # "said that ...", "said: “...”", "which Ankara says have links": what the verb
            # reports comes after it.
            return None
        else:
            comma = next(
                (
                    i
                    for i in range(index - 1, max(-1, index - _MAX_SPEAKER_WORDS - 2), -1)
                    if tokens[i].text == ","
                ),
                None,
            )
            if comma is None or any(t.key in _CLAUSE_OPENERS for t in tokens[comma + 1 : index]):
                return None
            speaker = self._speaker_between(comma + 1, index)
        if speaker is None or comma < 3:
            return None
        first = 0
        while first < comma and not tokens[first].is_word:
            first += 1
        start, end = tokens[first].start, tokens[comma - 1].end
        if comma - first < 3 or self._overlaps_quotation(start, end):
            return None
        if tokens[first].key in _FRAME_OPENERS and comma - first <= _MAX_FRAME_WORDS:
            # "In a statement, X said" and "Asked about it, X said": a frame, not a report.
            return None
        return self._indirect(index, speaker, start, end)

    def _according_clause(self, index: int) -> Quote | None:
        """ "According to officials, the talks failed." and "..., according to X." """
        tokens = self.tokens
        attribution = self._according(index)
        if attribution is None:
            return None
        speaker = attribution.speaker
        if index == 0 or (index == 1 and not tokens[0].is_word):
            after = next(
                (i for i, t in enumerate(tokens) if t.start >= speaker.end and t.text == ","),
                None,
            )
            if after is None or after + 3 >= len(tokens):
                return None
            last = len(tokens) - 1
            while last > after and not tokens[last].is_word:
                last -= 1
            start, end = tokens[after + 1].start, tokens[last].end
        elif tokens[index - 1].text == ",":
            first = 0
            while first < index - 1 and not tokens[first].is_word:
                first += 1
            if index - 1 - first < 3:
                return None
            start, end = tokens[first].start, tokens[index - 2].end
        else:
            return None
        if self._overlaps_quotation(start, end):
            return None
        return Quote(
            sentence_idx=self.sentence.idx,
            speaker=speaker.actor,
            speaker_text=speaker.text,
            text=self.text[start:end],
            kind="indirect",
            cue="according to",
            medium=None,
            start=start,
            end=end,
        )

    def _indirect(self, verb: int, speaker: Reference, start: int, end: int) -> Quote:
        attribution = self._attribution(verb, speaker)
        return Quote(
            sentence_idx=self.sentence.idx,
            speaker=attribution.speaker.actor,
            speaker_text=attribution.speaker.text,
            text=self.text[start:end],
            kind="indirect",
            cue=attribution.cue,
            medium=attribution.medium,
            start=start,
            end=end,
        )

    def _overlaps_quotation(self, start: int, end: int) -> bool:
        return any(start < q_end and q_start < end for q_start, q_end in self.context.quoted)

    def _relative_subject(self, speaker: Reference) -> bool:
        """ "what Trump says his plan would do": the verb is inside a relative clause."""
        before = [t for t in self.tokens if t.end <= speaker.start]
        return bool(before) and before[-1].key in _RELATIVE_OPENERS

    def _reported_clause(self, verb_index: int) -> tuple[int, int] | None:
        """The reported clause after a cue, up to a clause break or the sentence end.

        "said on Monday 15 more servicemen had died", "said in a statement that malice could
        mount", "told the AFP news agency that he was waiting": dates, venues and the addressee
        before the clause are skipped.
        """
        tokens = self.tokens
        index = verb_index + 1
        that = next(
            (
                i
                for i in range(index, min(index + 8, len(tokens)))
                if tokens[i].key == "that"
                and not any(t.key in CLAUSE_BREAKS or t.text in '“",' for t in tokens[index:i])
            ),
            None,
        )
        if that is not None:
            index = that + 1
        elif tokens[verb_index].key not in gazetteer().clause_verbs:
            return None
        else:
            index = self._skip_circumstance(index)
            if index < len(tokens) and tokens[index - 1].text == ",":
                # "said in an address to the nation, echoing ...": the frame ends at the comma.
                return None
        if index >= len(tokens):
            return None
        first = tokens[index]
        if first.text in '“"' or first.key in PREPOSITIONS | {"to", "about", "as"}:
            return None
        if first.key.endswith("ing") or first.key in self.gaz.media or not first.is_word:
            return None
        end_index = index
        while end_index + 1 < len(tokens) and tokens[end_index + 1].key not in CLAUSE_BREAKS:
            end_index += 1
        while end_index > index and tokens[end_index].text in ".,;:!?":
            end_index -= 1
        if end_index - index + 1 < 3:
            return None
        return first.start, tokens[end_index].end

    def _skip_circumstance(self, index: int) -> int:
        """Skip "on Monday", "on Sunday morning", "in a statement" after a cue."""
        tokens = self.tokens
        while index < len(tokens) and tokens[index].key in _LEADING_PREPOSITIONS:
            after = index + 1
            while after < len(tokens) and tokens[after].key in _DETERMINERS:
                after += 1
            words = tuple(t.key for t in tokens[after:])
            venue = next((v for v in _venues() if words[: len(v)] == v), None)
            if venue is not None:
                index = after + len(venue)
            elif after < len(tokens) and (
                tokens[after].key in _TIME_WORDS or tokens[after].text[:1].isdigit()
            ):
                index = after + 1
                while index < len(tokens) and tokens[index].key in _TIME_WORDS:
                    index += 1
            else:
                break
            if index < len(tokens) and tokens[index].text == ",":
                index += 1
        return index


def _abbreviation_dot(tokens: list, index: int) -> bool:
    """A full stop right after a short capitalised word and before another word ("Rep.", "B.")."""
    previous = tokens[index - 1] if index else None
    return (
        tokens[index].text == "."
        and previous is not None
        and previous.end == tokens[index].start
        and previous.is_capitalised
        and len(previous.text) <= 4
        and index + 1 < len(tokens)
        and tokens[index + 1].is_word
    )


def _is_headline(content: str) -> bool:
    """A title in headline capitals (“Make Your Kid a Millionaire”, ‘All Bets Are Off.’):
    three words or more, each capitalised but for articles, conjunctions and short
    prepositions. Speech is not written so (“Karabakh is Azerbaijan” is speech)."""
    words = content.split()
    return len(words) >= 3 and all(
        word[:1].isupper() or not word[:1].isalpha() or word in _HEADLINE_LOWER for word in words
    )


def _is_title_or_term(content: str) -> bool:
    """A one-word or Title Case quotation names a thing (“trending”, “Good Morning
    America”); it is not someone's words."""
    words = content.split()
    if len(words) < 2:
        return True
    return all(word[:1].isupper() or not word[:1].isalpha() for word in words)
