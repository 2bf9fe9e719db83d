"""The detail pane: the source sentence behind the focused item, with its spans highlighted."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

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


class DetailPane(VerticalScroll, can_focus=True):
    """Scrollable text about the focused item; it only shows what it is given."""

    DEFAULT_CSS = """
    DetailPane > Static { width: 1fr; }
    """

    def compose(self):
        yield Static(Text("Move through the timeline to read an event's source sentence.", MUTED))

    def show(self, text: Text) -> None:
        """Show this text (built from literal strings) from its top."""
        self.query_one(Static).update(text)
        self.scroll_home(animate=False)
