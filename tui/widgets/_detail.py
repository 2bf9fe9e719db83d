"""The detail pane: the source sentence behind the focused item, with its spans highlighted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from store.filters import OTHER_SIDE
from store.listing import ActorRow, ArticleRow
from store.queries import (
    ArticleInfo,
    CasualtyInfo,
    EventDetail,
    QuoteRow,
    SentenceText,
    Span,
)
from tui.widgets._text import (
    DATE_STYLE,
    MUTED,
    QUOTE_STYLE,
    TRIGGER_STYLE,
    actor_text,
    actors_text,
    format_date,
    literal,
    side_colour,
    type_text,
)

_LABEL = Style(bold=True)


def _stylize(text: Text, span: Span | None, style: Style) -> None:
    if span is not None:
        text.stylize(style, span.start, span.end)


def _context(sentences: tuple[SentenceText, ...]) -> Text:
    return Text("\n").join(literal(sentence.text, MUTED) for sentence in sentences)


def _article_text(article: ArticleInfo) -> Text:
    text = Text.assemble(("Article ", _LABEL))
    text.append_text(literal(article.title or "(untitled)", Style(italic=True)))
    details = " · ".join(part for part in (article.published, article.source) if part)
    if details:
        text.append(" — ")
        text.append_text(literal(details))
    return text


def _casualty_text(casualty: CasualtyInfo, colours: Mapping[str, str]) -> Text:
    if casualty.count_min is None:
        count = "some"
    elif casualty.count_max not in (None, casualty.count_min):
        count = f"{casualty.count_min}–{casualty.count_max}"
    else:
        count = str(casualty.count_min)
    qualifier = f"{casualty.qualifier} " if casualty.qualifier not in (None, "exact") else ""
    text = literal(f"{qualifier}{count} {casualty.kind}")
    if casualty.victims:
        text.append(" (")
        text.append_text(
            literal(casualty.victims, Style(color=side_colour(casualty.victim_side, colours)))
        )
        text.append(")")
    if casualty.cumulative:
        text.append(" in total", MUTED)
    if casualty.claimed_by is not None:
        text.append(" according to ", MUTED)
        text.append_text(actor_text(casualty.claimed_by, colours))
    return text


def event_detail_text(detail: EventDetail, colours: Mapping[str, str]) -> Text:
    """The detail of an event: what, when, who, the sentence with its spans, and the article."""
    event = detail.event
    text = type_text(event.event_type)
    if event.mode:
        text.append_text(literal(f" ({event.mode})", MUTED))
    text.append(f"  {format_date(event)}")
    if event.date_text:
        text.append(" ")
        text.append_text(literal(f"“{event.date_text}”", MUTED))
    text.append(f"  {event.status}", Style(bold=event.status != "asserted"))
    if event.modality and event.modality != "actual":
        text.append(f" · {event.modality}")
    text.append("\n")
    who = actors_text(event.sources, colours)
    who.append(" → " if event.targets else "", MUTED)
    who.append_text(actors_text(event.targets, colours))
    if detail.others:
        who.append("  with ", MUTED)
        who.append_text(actors_text(detail.others, colours))
    text.append_text(who if who.plain else Text("no actors named", MUTED))
    if detail.location:
        text.append("  in ", MUTED)
        text.append_text(literal(detail.location))
    text.append("\n\n")
    # The sentence comes first so that it shows even in a short pane; context follows.
    text.append_text(sentence_text(detail, colours))
    text.append("\n")
    if event.claimed_by is not None:
        text.append("\nClaimed by ", _LABEL)
        text.append_text(actor_text(event.claimed_by, colours))
    for casualty in detail.casualties:
        text.append("\nCasualties ", _LABEL)
        text.append_text(_casualty_text(casualty, colours))
    text.append("\n")
    text.append_text(_article_text(detail.article))
    if detail.before:
        text.append("\n\nBefore ", _LABEL)
        text.append_text(_context(detail.before))
    if detail.after:
        text.append("\n\nAfter ", _LABEL)
        text.append_text(_context(detail.after))
    return text


def sentence_text(detail: EventDetail, colours: Mapping[str, str]) -> Text:
    """The event's sentence: actors in side colours (the event's own in bold), the trigger
    reversed, the date words underlined and quotes in italics."""
    own = {actor.id for actor in (*detail.event.sources, *detail.event.targets, *detail.others)}
    text = literal(detail.sentence.text)
    for span in detail.quote_spans:
        _stylize(text, span, QUOTE_STYLE)
    for mention in detail.mentions:
        style = Style(
            color=side_colour(mention.actor.side, colours),
            bold=mention.actor.id in own,
            underline=mention.actor.id in own,
            meta={"actor": mention.actor.id},
        )
        _stylize(text, mention.span, style)
    _stylize(text, detail.date_span, DATE_STYLE)
    _stylize(text, detail.trigger_span, TRIGGER_STYLE)
    return text


def quote_detail_text(quote: QuoteRow, colours: Mapping[str, str]) -> Text:
    """The detail of a quote: speaker, cue and medium, and the sentence with the quote marked."""
    speaker = Style(color=side_colour(quote.speaker_side, colours), bold=True)
    text = literal(quote.speaker or "unknown speaker", speaker)
    text.append(f"  {quote.kind} quote", MUTED)
    if quote.cue:
        text.append("  cue ", MUTED)
        text.append_text(literal(quote.cue))
    if quote.medium:
        text.append("  via ", MUTED)
        text.append_text(literal(quote.medium))
    text.append("\n\n")
    sentence = literal(quote.sentence.text)
    _stylize(sentence, quote.span, Style(italic=True, bold=True))
    text.append_text(sentence)
    text.append("\n\n")
    text.append_text(_article_text(quote.article))
    return text


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _counts_text(events: int, quotes: int) -> Text:
    text = Text(f"{_plural(events, 'event')} and {_plural(quotes, 'quote')}", _LABEL)
    text.append(" under these filters", MUTED)
    return text


def actor_detail_text(actor: ActorRow, colours: Mapping[str, str]) -> Text:
    """The detail of an actor: its name in its side's colour, what it is, its other names and
    how many events and quotes it has under the filter."""
    colour = side_colour(actor.side, colours)
    text = literal(actor.name, Style(color=colour, bold=True))
    text.append("\n")
    text.append_text(literal(actor.kind.replace("_", " ")))
    if actor.country:
        text.append(" · ")
        text.append_text(literal(actor.country))
    text.append(" · side ", MUTED)
    text.append_text(literal(actor.side or OTHER_SIDE, Style(color=colour)))
    if actor.aliases:
        text.append("\n\nAlso named ", _LABEL)
        text.append_text(Text(", ").join(literal(alias) for alias in actor.aliases))
    text.append("\n\n")
    text.append_text(_counts_text(actor.events, actor.quotes))
    text.append("\n\nenter shows its events in the timeline", MUTED)
    return text


def article_detail_text(article: ArticleRow) -> Text:
    """The detail of an article: title, date, source and address, and what it holds under
    the filter."""
    text = literal(article.title or "(untitled)", Style(bold=True))
    details = " · ".join(part for part in (article.published, article.source) if part)
    if details:
        text.append("\n")
        text.append_text(literal(details))
    if article.url:
        text.append("\n")
        text.append_text(literal(article.url, MUTED))
    text.append("\n\n")
    text.append_text(_counts_text(article.events, article.quotes))
    text.append("\n\nenter or o reads the whole article", MUTED)
    return text


@dataclass(frozen=True, slots=True)
class NamedActor:
    """An actor named in the detail text, found by its ``meta["actor"]`` tag."""

    id: int
    name: str


def named_actors(text: Text) -> list[NamedActor]:
    """The actors tagged in a text, each once, in the order they first appear."""
    found: dict[int, NamedActor] = {}
    for span in sorted(text.spans, key=lambda span: span.start):
        style = span.style
        actor_id = style.meta.get("actor") if isinstance(style, Style) else None
        if isinstance(actor_id, int) and actor_id not in found:
            found[actor_id] = NamedActor(actor_id, text.plain[span.start : span.end])
    return list(found.values())


def _with_actor_links(text: Text, chosen: int | None) -> Text:
    """The text with every actor clickable (it filters by it) and the chosen one reversed."""
    linked = text.copy()
    for span in text.spans:
        style = span.style
        actor_id = style.meta.get("actor") if isinstance(style, Style) else None
        if not isinstance(actor_id, int):
            continue
        extra = Style(meta={"@click": f"app.filter_by_actor({actor_id})"})
        if actor_id == chosen:
            extra += Style(reverse=True)
        linked.stylize(extra, span.start, span.end)
    return linked


class DetailPane(VerticalScroll, can_focus=True):
    """Scrollable text about the focused item; it only shows what it is given.

    The actors in the text can be picked (left and right, or a click) and chosen with enter,
    which asks the app to filter by that actor.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "next_actor", "Next actor", show=False, id="detail.next_actor"),
        Binding("left", "previous_actor", "Previous actor", show=False, id="detail.previous_actor"),
        Binding("enter", "choose_actor", "Filter by actor", show=False, id="detail.choose_actor"),
    ]

    DEFAULT_CSS = """
    DetailPane > Static { width: 1fr; }
    """

    class ActorChosen(Message):
        """The reader chose an actor in the detail text to filter by."""

        def __init__(self, actor: NamedActor) -> None:
            self.actor = actor
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._actors: list[NamedActor] = []
        self._picked: int | None = None

    def compose(self):
        yield Static(Text("Move through the timeline to read an event's source sentence.", MUTED))

    def show(self, text: Text) -> None:
        """Show this text (built from literal strings) from its top."""
        self._text = text
        self._actors = named_actors(text)
        self._picked = None
        self._draw()
        self.scroll_home(animate=False)

    @property
    def actors(self) -> list[NamedActor]:
        """The actors named in the text shown, in order."""
        return list(self._actors)

    @property
    def picked(self) -> NamedActor | None:
        """The actor the reader has picked with left/right, if any."""
        return self._actors[self._picked] if self._picked is not None else None

    def _draw(self) -> None:
        chosen = self.picked.id if self.picked is not None else None
        self.query_one(Static).update(_with_actor_links(self._text, chosen))
        self._show_hint(self.has_focus)

    def _show_hint(self, focused: bool) -> None:
        """Say in the border how to pick an actor, or which one enter would filter by."""
        if self.picked is not None:
            self.border_subtitle = f"←/→ pick an actor · enter filters by {self.picked.name}"
        elif self._actors and focused:
            self.border_subtitle = "←/→ pick an actor to filter by"
        else:
            self.border_subtitle = ""

    def _pick(self, step: int) -> None:
        if not self._actors:
            return
        if self._picked is None:
            self._picked = 0 if step > 0 else len(self._actors) - 1
        else:
            self._picked = (self._picked + step) % len(self._actors)
        self._draw()

    def action_next_actor(self) -> None:
        self._pick(1)

    def action_previous_actor(self) -> None:
        self._pick(-1)

    def action_choose_actor(self) -> None:
        if self.picked is not None:
            self.post_message(self.ActorChosen(self.picked))

    # ``has_focus`` may not have changed yet when these arrive: they say the state themselves.
    def on_focus(self) -> None:
        self._show_hint(True)

    def on_blur(self) -> None:
        self._show_hint(False)
