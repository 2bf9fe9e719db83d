"""Quotes and their speakers: direct, partial and reported speech.

- A **direct** quote is a whole utterance in quotation marks (“Karabakh is Azerbaijan,” he said).
- A **partial** quote is a fragment in quotation marks inside reported speech (accusing Turkey of
  “dangerous behaviour”).
- An **indirect** quote is reported speech without quotation marks: the clause after a reporting
  verb whose subject is an actor (Baku said that an Azerbaijani family of five died ...).

The speaker is the actor next to the reporting verb: after the quote (“...,” she added), or
before it as the verb's subject (Olesya Vartanyan of the International Crisis Group told AFP,
“...”). Pronouns resolve to the last speaker or actor that fits: he and she to people, they and
it to states, bodies and groups. A quotation with no cue in a paragraph that continues a quoted
speaker is that speaker's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from store.extract.clauses import (
    CLAUSE_BREAKS,
    PREPOSITIONS,
    Reference,
    References,
    SentenceContext,
    pronouns,
    sentence_contexts,
)
from store.extract.gazetteer import gazetteer, phrase_key
from store.extract.lexicon import load_lexicon
from store.extract.records import Actor, Mention, Quote, Sentence

# How far after a closing quote its attribution may start ("...,” Azerbaijan’s President
# Ilham Aliyev said) and how many words a speaker phrase may have.
_ATTRIBUTION_WINDOW = 9
_DETERMINERS = frozenset({"a", "an", "the", "its", "his", "her", "their"})
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
# A quotation this short without a cue is a title or a scare quote, not speech.
_MIN_UNCUED_WORDS = 4


@functools.cache
def _clause_verbs() -> frozenset[str]:
    data = load_lexicon("reporting")
    return frozenset(
        form for lemma in data["clause_verbs"]["lemmas"] for form in data["verbs"][lemma]
    )


@functools.cache
def _venues() -> tuple[tuple[str, ...], ...]:
    """Venue phrases as folded word tuples, longest first."""
    phrases = load_lexicon("reporting")["venues"]["phrases"]
    return tuple(sorted((tuple(phrase_key(v).split()) for v in phrases), key=len, reverse=True))


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
    gaz = gazetteer()
    references = References({actor.name: actor.kind for actor in actors})
    quotes: list[Quote] = []
    previous: Sentence | None = None
    last_speaker: Reference | None = None
    for context in sentence_contexts(gaz, sentences, mentions, references):
        sentence = context.sentence
        continues = previous is not None and previous.paragraph + 1 >= sentence.paragraph
        found = _SentenceQuotes(text, context).run(last_speaker if continues else None)
        quotes.extend(found)
        references.after_sentence(context.mentions, [q.speaker for q in found if q.speaker])
        if found:
            last = found[-1]
            last_speaker = Reference(last.speaker, last.speaker_text or "", last.start, last.end)
        previous = sentence
    return tuple(quotes)


class _SentenceQuotes:
    """Quotes in one sentence."""

    def __init__(self, text: str, context: SentenceContext) -> None:
        self.text = text
        self.context = context
        self.gaz = context.gaz
        self.sentence = context.sentence
        self.tokens = context.tokens
        self.mentions = context.mentions

    def run(self, last_speaker: Reference | None) -> list[Quote]:
        """Quotations in marks, then reported speech outside them.

        Args:
            last_speaker: the previous quote's speaker when this sentence continues its
                paragraph, for a quotation with no cue of its own.
        """
        quotes: list[Quote] = []
        for start, end in self.context.quoted:
            closed = self.text[end - 1] in '”"' and end - start > 1
            quote = self._quotation(start, end, end - 1 if closed else end, last_speaker)
            if quote is not None:
                quotes.append(quote)
        quotes.extend(self._reported())
        return sorted(quotes, key=lambda q: q.start)

    # -- quotations in marks -------------------------------------------------------------------

    def _quotation(
        self, start: int, end: int, content_end: int, last_speaker: Reference | None
    ) -> Quote | None:
        content = self.text[start + 1 : content_end].strip().rstrip(",").rstrip()
        content_start = self.text.index(content, start + 1)
        cue_index, speaker = self._attribution_after(end)
        if cue_index is None:
            cue_index, speaker = self._attribution_before(start)
        whole = self._is_utterance(start, content)
        if not whole and _is_title_or_term(content):
            return None
        if cue_index is None:
            # No cue: a whole-sentence quotation continues the last quoted speaker.
            if not (whole and last_speaker and len(content.split()) >= _MIN_UNCUED_WORDS):
                return None
            speaker = last_speaker
        return Quote(
            sentence_idx=self.sentence.idx,
            speaker=speaker.actor if speaker else None,
            speaker_text=speaker.text if speaker else None,
            text=content,
            kind="direct" if whole else "partial",
            cue=self.tokens[cue_index].text if cue_index is not None else None,
            medium=self._medium(cue_index) if cue_index is not None else None,
            start=content_start,
            end=content_start + len(content),
        )

    def _is_utterance(self, start: int, content: str) -> bool:
        """Whether a quotation is a whole utterance rather than a fragment of reported speech."""
        before = self.text[self.sentence.start : start].rstrip()
        opens_sentence = not before
        after_colon_or_comma = before.endswith((",", ":"))
        ends_like_speech = content.endswith((".", "!", "?", "…"))
        return content[:1].isupper() and (
            opens_sentence or after_colon_or_comma or ends_like_speech
        )

    def _attribution_after(self, end: int) -> tuple[int | None, Reference | None]:
        """“...,” SPEAKER VERB  or  “...,” VERB SPEAKER"""
        tokens = self.tokens
        first = next((i for i, t in enumerate(tokens) if t.start >= end), None)
        if first is None:
            return None, None
        while first < len(tokens) and tokens[first].text in ",.!?":
            first += 1
        for index in range(first, min(first + _ATTRIBUTION_WINDOW, len(tokens))):
            token = tokens[index]
            if token.text in '“"':
                break
            if token.key in self.gaz.reporting_verbs and token.text.islower():
                if index > first:
                    speaker = self._speaker_between(tokens[first].start, tokens[index - 1].end)
                else:
                    speaker = self._speaker_after_verb(index)
                return (index, speaker) if speaker is not None else (None, None)
        return None, None

    def _attribution_before(self, start: int) -> tuple[int | None, Reference | None]:
        """SUBJECT VERB [object] [,:] “...”: the nearest reporting verb before the quote."""
        tokens = self.tokens
        for index in range(len(tokens) - 1, -1, -1):
            token = tokens[index]
            if token.start >= start or token.key not in self.gaz.reporting_verbs:
                continue
            if not token.text.islower() or any(
                t.text in '“"' for t in tokens[index:] if t.start < start
            ):
                # A capitalised word is no verb; another quotation may stand in between.
                continue
            speaker = self.context.subject_of(index)
            if speaker is not None:
                return index, speaker
        return None, None

    def _speaker_between(self, start: int, end: int) -> Reference | None:
        """The speaker named between a closing quote and its verb ("she", "Ilham Aliyev")."""
        kinds = self.context.references.kinds
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        people = [m for m in inside if kinds.get(m.actor) == "person"]
        if inside:
            chosen = (people or inside)[-1]
            return Reference(chosen.actor, chosen.text, chosen.start, chosen.end)
        words = [t for t in self.tokens if start <= t.start and t.end <= end]
        person_pronouns, group_pronouns = pronouns()
        if len(words) == 1 and words[0].key in person_pronouns | group_pronouns:
            return self.context.pronoun_reference(words[0])
        return None

    def _speaker_after_verb(self, verb_index: int) -> Reference | None:
        """“...,” said Smith."""
        verb_end = self.tokens[verb_index].end
        following = [m for m in self.mentions if m.start >= verb_end]
        if following and following[0].start - verb_end <= 1:
            first = following[0]
            return Reference(first.actor, first.text, first.start, first.end)
        return None

    def _medium(self, cue_index: int) -> str | None:
        """ "told AFP", "wrote on Twitter", "said in a statement", "told a news briefing"."""
        window = self.tokens[cue_index + 1 : cue_index + 8]
        for offset in range(len(window)):
            if window[offset].text in '“",:':
                break
            for length in range(min(4, len(window) - offset), 0, -1):
                key = phrase_key(" ".join(t.text for t in window[offset : offset + length]))
                if key in self.gaz.media:
                    return self.gaz.media[key]
            words = tuple(t.key for t in window[offset:])
            for venue in _venues():
                if words[: len(venue)] == venue:
                    return " ".join(t.text for t in window[offset : offset + len(venue)])
        return None

    # -- reported speech -----------------------------------------------------------------------

    def _reported(self) -> list[Quote]:
        """SUBJECT said (that) CLAUSE, when the clause holds no quotation marks."""
        quotes: list[Quote] = []
        for index, token in enumerate(self.tokens):
            if token.key not in self.gaz.reporting_verbs or not token.text.islower():
                continue
            if self.context.in_quotation(token.start):
                continue
            clause = self._reported_clause(index)
            if clause is None:
                continue
            start, end = clause
            if any(start < q_end and q_start < end for q_start, q_end in self.context.quoted):
                continue
            speaker = self.context.subject_of(index)
            if speaker is None:
                continue
            quotes.append(
                Quote(
                    sentence_idx=self.sentence.idx,
                    speaker=speaker.actor,
                    speaker_text=speaker.text,
                    text=self.text[start:end],
                    kind="indirect",
                    cue=token.text,
                    medium=self._medium(index),
                    start=start,
                    end=end,
                )
            )
        return quotes

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
        elif tokens[verb_index].key not in _clause_verbs():
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


def _is_title_or_term(content: str) -> bool:
    """A one-word or Title Case quotation names a thing (“trending”, “Good Morning
    America”); it is not someone's words."""
    words = content.split()
    if len(words) < 2:
        return True
    return all(word[:1].isupper() or not word[:1].isalpha() for word in words)
