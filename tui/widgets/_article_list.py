"""The Articles view: every article of the filter with its events and quotes, latest first."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from store.listing import ArticleRow
from tui.widgets._actor_list import columns, counts_text
from tui.widgets._paged_list import PagedList
from tui.widgets._text import MUTED, literal

_DATE_WIDTH = 11
_SOURCE_WIDTH = 20
_MIN_TITLE_WIDTH = 26
"""The source is shown only where the title keeps at least this much room."""


def article_line(row: ArticleRow, width: int) -> Text:
    """One article: its date, title and source, then its counts."""
    counts = counts_text(row.events, row.quotes, width)
    room = max(width - counts.cell_len, 10)
    published = literal((row.published or "undated")[:10], MUTED if not row.published else "")
    title = literal(row.title or "(untitled)", Style(bold=True))
    cells = [(published, _DATE_WIDTH)]
    title_width = room - _DATE_WIDTH
    if title_width - _SOURCE_WIDTH >= _MIN_TITLE_WIDTH:
        cells += [(title, title_width - _SOURCE_WIDTH), (literal(row.source, MUTED), _SOURCE_WIDTH)]
    else:
        cells.append((title, title_width))
    text = columns(cells)
    text.append_text(counts)
    return text


class ArticleList(PagedList[ArticleRow]):
    """Articles with their events and quotes under the filter, the latest first.

    | Key | Action |
    | --- | --- |
    | enter | Read the whole article |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Read", show=False, id="articles.choose"),
    ]

    EMPTY_MESSAGE = "No article has events or quotes under these filters."

    class Chosen(Message):
        """The reader chose an article to read."""

        def __init__(self, article: ArticleRow) -> None:
            self.article = article
            super().__init__()

    def render_row(self, row: ArticleRow, width: int) -> Text:
        return article_line(row, width)

    def action_choose(self) -> None:
        if self.current_row is not None:
            self.post_message(self.Chosen(self.current_row))
