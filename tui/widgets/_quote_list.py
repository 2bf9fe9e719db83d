"""The Quotes view: who said what, one line each, drawn from pages of the query API."""

from __future__ import annotations

from rich.text import Text

from store.queries import QuoteRow
from tui.widgets._paged_list import PagedList
from tui.widgets._text import quote_line


class QuoteList(PagedList[QuoteRow]):
    """Quotes as "Speaker cue medium: “quote”", speakers in their sides' colours."""

    EMPTY_MESSAGE = "No quotes match these filters."

    def render_row(self, row: QuoteRow, width: int) -> Text:
        return quote_line(row, self._colours, width)
