"""The timeline: events in date order, one line each, drawn from pages of the query API."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from store.queries import TimelineRow
from tui.widgets._paged_list import PagedList
from tui.widgets._text import event_line


class Timeline(PagedList[TimelineRow]):
    """Events as "marks date TYPE source → target  summary", actors in their sides' colours."""

    EMPTY_MESSAGE = "No events match these filters."

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._colours: Mapping[str, str] = {}

    def set_colours(self, colours: Mapping[str, str]) -> None:
        """Use these side colours (label -> colour) from now on."""
        self._colours = colours
        self.refresh()

    def render_row(self, row: TimelineRow, width: int) -> Text:
        return event_line(row, self._colours, width)
