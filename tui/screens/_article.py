"""The article reader: a whole article, every sentence highlighted, opened at one sentence.

Articles can be long (a loader accepts megabytes), so the reader is line-based like the
timeline: the article is wrapped into lines in a worker thread, for the width at hand, and only
the lines on screen are rendered. Wrapping is word by word and folds words wider than the
screen, so one enormous sentence becomes many lines rather than one that breaks the layout.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import ClassVar

from rich._wrap import divide_line
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Static

from store.listing import ArticleText, ReaderSentence
from tui.widgets._text import (
    DATE_STYLE,
    MUTED,
    QUOTE_STYLE,
    TRIGGER_STYLE,
    literal,
    side_colour,
)

_GUTTER = 2
"""Cells left of the text, where the focused sentence's lines are marked."""
_MARK = "▌ "


def sentence_text(item: ReaderSentence, colours: Mapping[str, str]) -> Text:
    """A sentence as the detail pane shows one: actors in their sides' colours, triggers
    reversed, date words underlined and quotes in italics; headings and captions dimmed."""
    text = literal(item.sentence.text)
    for span in item.quotes:
        text.stylize(QUOTE_STYLE, span.start, span.end)
    for mention in item.mentions:
        colour = Style(color=side_colour(mention.actor.side, colours))
        text.stylize(colour, mention.span.start, mention.span.end)
    for span in item.dates:
        text.stylize(DATE_STYLE, span.start, span.end)
    for span in item.triggers:
        text.stylize(TRIGGER_STYLE, span.start, span.end)
    if item.sentence.kind != "body":
        text.stylize_before(MUTED)
    return text


def _blocks(sentences: Sequence[ReaderSentence]) -> Iterator[tuple[list[int], bool]]:
    """The positions of the sentences on each line of the article's text, and whether a
    blank line (a new paragraph) comes before that line.

    A sentence flows on after the one before it unless the text starts a new line with it, so
    headings, captions and one-line paragraphs stay on lines of their own.
    """
    firsts = [
        position
        for position, item in enumerate(sentences)
        if position == 0 or item.starts_line or item.paragraph != sentences[position - 1].paragraph
    ]
    for first, end in pairwise([*firsts, len(sentences)]):
        new_paragraph = first > 0 and sentences[first].paragraph != sentences[first - 1].paragraph
        yield list(range(first, end)), new_paragraph


@dataclass(frozen=True, slots=True)
class WrappedArticle:
    """An article wrapped for one width."""

    width: int
    lines: list[Text]
    marked: list[bool]
    """Whether each line holds part of the focused sentence."""
    line_starts: list[tuple[int, int]]
    """Where each line starts: a sentence's position and a character offset into it (a blank
    line starts where the line after it does)."""
    sentence_line: list[int]
    """The line each sentence starts on."""

    def line_of(self, position: int, offset: int) -> int:
        """The line that holds this character of the sentence at this position."""
        line = self.sentence_line[position]
        while line + 1 < len(self.lines) and self.line_starts[line + 1] <= (position, offset):
            line += 1
        return line


def wrap_article(
    article: ArticleText,
    width: int,
    colours: Mapping[str, str],
    focus: int | None,
    focus_style: Style,
) -> WrappedArticle:
    """Wrap the article into lines of ``width`` cells, blocks apart by a blank line.

    Args:
        article: what to lay out.
        width: cells for the text, the gutter not included.
        colours: side colours by label.
        focus: the position of the sentence to mark, if any.
        focus_style: laid under the focused sentence's own styles.
    """
    width = max(width, 1)
    lines: list[Text] = []
    marked: list[bool] = []
    line_starts: list[tuple[int, int]] = []
    sentence_line = [0] * len(article.sentences)
    for block, new_paragraph in _blocks(article.sentences):
        if lines and new_paragraph:
            lines.append(Text())
            marked.append(False)
            line_starts.append((block[0], 0))
        parts = []
        for position in block:
            part = sentence_text(article.sentences[position], colours)
            if position == focus:
                part.stylize_before(focus_style)
            parts.append(part)
        # Sentences of a paragraph flow on, one space apart, whatever spacing the article had.
        text = Text(" ").join(parts)
        starts = []
        offset = 0
        for part in parts:
            starts.append(offset)
            offset += len(part.plain) + 1
        breaks = divide_line(text.plain, width, fold=True)
        bounds = [0, *breaks, len(text.plain)]
        focus_range = None
        if focus in block:
            focus_index = block.index(focus)
            focus_range = (starts[focus_index], starts[focus_index] + len(parts[focus_index].plain))
        for line, (start, end) in zip(text.divide(breaks), pairwise(bounds), strict=True):
            first = max(bisect_right(starts, start) - 1, 0)
            # The last line also takes an empty sentence that starts where the text ends.
            stop = bisect_left(starts, end) if end < len(text.plain) else len(starts)
            for index in range(bisect_left(starts, start), stop):
                sentence_line[block[index]] = len(lines)
            lines.append(line)
            marked.append(
                focus_range is not None and start < focus_range[1] and focus_range[0] < end
            )
            line_starts.append((block[first], start - starts[first]))
    return WrappedArticle(width, lines, marked, line_starts, sentence_line)


class ArticleReader(ScrollView, can_focus=True):
    """A whole article as wrapped lines, only those on screen rendered.

    | Key | Action |
    | --- | --- |
    | down, j / up, k | A line down / up |
    | pagedown, space / pageup, b | A screen down / up |
    | g, home / G, end | The beginning / the end |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "line_down", "Down", show=False, id="reader.down"),
        Binding("up,k", "line_up", "Up", show=False, id="reader.up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("g,home", "top", "Beginning", show=False, id="reader.top"),
        Binding("G,end", "bottom", "End", show=False, id="reader.bottom"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-reader--focus",
        "article-reader--mark",
        "article-reader--message",
    }

    DEFAULT_CSS = """
    ArticleReader {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        background: $surface;
        & > .article-reader--focus { background: $primary 15%; }
        & > .article-reader--mark { color: $accent; text-style: bold; }
        & > .article-reader--message { color: $text-muted; text-style: italic; }
    }
    """

    class _Wrapped(Message):
        def __init__(self, wrapped: WrappedArticle) -> None:
            self.wrapped = wrapped
            super().__init__()

    def __init__(
        self,
        article: ArticleText,
        focus_sentence: int | None,
        colours: Mapping[str, str],
        *,
        id: str | None = None,
    ) -> None:
        """Show an article.

        Args:
            article: the article and its sentences.
            focus_sentence: the id of the sentence to open at and mark, if any.
            colours: side colours by label.
            id: the widget's id.
        """
        super().__init__(id=id)
        self.article = article
        self.colours = colours
        self.focus_position = next(
            (
                position
                for position, item in enumerate(article.sentences)
                if item.sentence.id == focus_sentence
            ),
            None,
        )
        self.wrapped: WrappedArticle | None = None
        self._wanted_width = 0

    @property
    def _text_width(self) -> int:
        return self.scrollable_content_region.width - _GUTTER

    def on_resize(self, event: events.Resize) -> None:
        width = self._text_width
        if width > 0 and width != self._wanted_width:
            self._wanted_width = width
            self._wrap(width, self.get_component_rich_style("article-reader--focus"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="wrap")
    def _wrap(self, width: int, focus_style: Style) -> None:
        wrapped = wrap_article(self.article, width, self.colours, self.focus_position, focus_style)
        self.post_message(self._Wrapped(wrapped))

    def _on_article_reader__wrapped(self, message: _Wrapped) -> None:
        message.stop()
        if message.wrapped.width != self._wanted_width:
            return
        previous = self.wrapped
        self.wrapped = message.wrapped
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.wrapped.lines))
        if previous is None:
            if self.focus_position is None:
                top = 0
            else:
                # The sentence goes a third of the way down, with what led to it above.
                line = self.wrapped.sentence_line[self.focus_position]
                top = max(line - self.scrollable_content_region.height // 3, 0)
        else:
            # The words that were at the top stay there at the new width.
            at = min(round(self.scroll_y), len(previous.lines) - 1)
            top = self.wrapped.line_of(*previous.line_starts[at]) if at >= 0 else 0
        # After the refresh that applies the new virtual size, or the scroll would be clamped
        # to the old one.
        self.call_after_refresh(self.scroll_to, y=top, animate=False, immediate=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """Render the line at ``y`` of the visible region."""
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.wrapped is None or not self.wrapped.lines:
            if y != 0:
                return Strip.blank(width, base)
            message = "Laying out…" if self.wrapped is None else "This article has no text."
            text = Text(message, self.get_component_rich_style("article-reader--message"))
        elif index >= len(self.wrapped.lines):
            return Strip.blank(width, base)
        else:
            mark = _MARK if self.wrapped.marked[index] else " " * _GUTTER
            text = Text.assemble((mark, self.get_component_rich_style("article-reader--mark")))
            text.append_text(self.wrapped.lines[index])
        text.truncate(width, overflow="crop", pad=True)
        text.stylize_before(base)
        return Strip(text.render(self.app.console), width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def action_line_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_line_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)


def _head(article: ArticleText) -> Text:
    info = article.article
    text = literal(info.title or "(untitled)", Style(bold=True))
    details = " · ".join(part for part in (info.published, info.source, info.url) if part)
    if details:
        text.append("\n")
        text.append_text(literal(details, MUTED))
    return text


class ArticleScreen(ModalScreen[None]):
    """The reader over the whole screen; closing it returns to where it was opened.

    Modal, so that the app's keys (filters, views) do not act on the screen underneath.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="reader.close"),
    ]

    AUTO_FOCUS = "#reader"

    DEFAULT_CSS = """
    ArticleScreen { background: $background; }
    ArticleScreen > #reader-head {
        height: auto; max-height: 4; padding: 0 1; background: $panel;
    }
    ArticleScreen > ArticleReader { height: 1fr; border: round $accent; }
    """

    def __init__(
        self, article: ArticleText, focus_sentence: int | None, colours: Mapping[str, str]
    ) -> None:
        """Read an article.

        Args:
            article: the article and its sentences.
            focus_sentence: the id of the sentence to open at and mark, if any.
            colours: side colours by label.
        """
        super().__init__()
        self.article = article
        self.focus_sentence = focus_sentence
        self.colours = colours

    def compose(self) -> ComposeResult:
        yield Static(_head(self.article), id="reader-head")
        reader = ArticleReader(self.article, self.focus_sentence, self.colours, id="reader")
        reader.border_title = "Article"
        yield reader
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()
