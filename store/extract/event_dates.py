"""Which date words of a sentence date an event.

The nearest date in the trigger's own clause, unless it sits in the dateline, in a relative or
reported clause of its own, or past another trigger that it belongs to; else one in a clause
joined by "while" ("The ministry on Monday reported fighting while ... forces were attacking").
"""

from __future__ import annotations

import re

from store.extract.clauses import SentenceContext
from store.extract.records import DateMention
from store.extract.tokens import Token

# A wire dateline: a place in capitals, a comma, a date, then a dash.
_DATELINE = re.compile(r"[A-Z][A-Z .'-]{2,40},[^—–\n]{1,25}?\s[—–-]\s")
# A trigger this close after another is its object ("fought a war").
_OBJECT_TRIGGER_REACH = 3
RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose"})


class EventDating:
    """The dating half of an event finder for one sentence."""

    context: SentenceContext
    tokens: list[Token]
    dates: list[DateMention]
    trigger_starts: list[int]

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
                t.key in RELATIVE_PRONOUNS
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
            if token.key not in RELATIVE_PRONOUNS or index == 0 or tokens[index - 1].text != ",":
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
