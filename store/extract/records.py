"""The records extraction produces: frozen, plain data with character offsets.

Every offset is a character offset into the article text (not into a sentence), so that the
writer can store it unchanged and a reader can always slice ``article.text[start:end]`` to see
exactly what an item came from.
"""

from __future__ import annotations

from dataclasses import dataclass

SENTENCE_KINDS = ("body", "heading", "boilerplate", "caption")
ACTOR_KINDS = (
    "person",
    "state",
    "government",
    "military",
    "armed_group",
    "organization",
    "igo",
    "group",
)
DATE_PRECISIONS = ("day", "week", "month", "year", "decade")
EVENT_STATUSES = ("asserted", "claimed", "denied")
EVENT_MODALITIES = ("actual", "historical", "future", "hypothetical", "negated")
QUOTE_KINDS = ("direct", "partial", "indirect")
CASUALTY_KINDS = ("killed", "wounded", "displaced", "missing")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or heading, caption, boilerplate line) of an article."""

    idx: int
    start: int
    end: int
    text: str
    kind: str
    paragraph: int
    """Index of the paragraph (blank-line separated block) the sentence belongs to."""


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as it should appear in the actors table, keyed by its canonical name."""

    name: str
    kind: str
    country: str | None = None
    """ISO 3166-1 alpha-3 code of the state the actor belongs to, if known."""
    parent: str | None = None
    """Canonical name of the actor this one is an organ of (a ministry's state, rebels'
    territory), so that it can inherit that actor's side."""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that refers to an actor."""

    actor: str
    sentence_idx: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and what it resolves to.

    ``date_start``/``date_end`` are ISO-8601 dates (``YYYY-MM-DD``) covering the whole period the
    expression names (a month gives its first and last day). They are None when the expression
    cannot be resolved, for instance a weekday in an article without a publication date.
    """

    text: str
    start: int
    end: int
    date_start: str | None
    date_end: str | None
    precision: str | None


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, from one trigger in one sentence."""

    sentence_idx: int
    event_type: str
    cameo_root: str
    mode: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    summary: str
    date: DateMention | None
    location: str | None
    claimed_by: str | None
    status: str
    modality: str
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    others: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Casualty:
    """A casualty figure: how many were killed, wounded, displaced or missing, on whose word."""

    sentence_idx: int
    kind: str
    count_min: int | None
    count_max: int | None
    qualifier: str
    cumulative: bool
    victims: str
    victim_actor: str | None
    claimed_by: str | None
    event_idx: int | None
    """Index into ``ArticleExtraction.events`` of the event that caused it, if known."""
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """Direct, partial or reported speech and who said it."""

    sentence_idx: int
    speaker: str | None
    """Canonical actor name of the speaker, when it could be resolved."""
    speaker_text: str | None
    """The speaker as written next to the quote ("she", "Baku", "officials")."""
    text: str
    kind: str
    cue: str | None
    medium: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """Everything extracted from one article."""

    sentences: tuple[Sentence, ...]
    actors: tuple[Actor, ...]
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]
    casualties: tuple[Casualty, ...]
    quotes: tuple[Quote, ...]
