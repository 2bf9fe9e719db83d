"""The Actors view: every actor of the filter with its events and quotes, one line each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from store.filters import OTHER_SIDE
from store.listing import ActorRow
from tui.widgets._paged_list import PagedList
from tui.widgets._text import MUTED, literal, side_colour

_NAME_WIDTH = 28
_MIN_NAME_WIDTH = 18
_KIND_WIDTH = 13
_SIDE_WIDTH = 12
_MIN_ALIASES_WIDTH = 10
_WORDS_FROM = 100
"""From this width the counts say "events" and "quotes"; below, "ev" and "q"."""


def counts_text(events: int, quotes: int, width: int) -> Text:
    """Events and quotes as two right-aligned columns, their units muted."""
    words = width >= _WORDS_FROM
    text = Text(f"{events:>7,}")
    text.append(" events" if words else " ev", MUTED)
    text.append(f"{quotes:>6,}")
    text.append(" quotes" if words else " q", MUTED)
    return text


def columns(cells: list[tuple[Text, int]]) -> Text:
    """Cells side by side, each cut or padded to its width with a space after it."""
    text = Text()
    for cell, width in cells:
        cell.truncate(max(width - 1, 1), overflow="ellipsis", pad=True)
        text.append_text(cell)
        text.append(" ")
    return text


def actor_line(row: ActorRow, colours: Mapping[str, str], width: int) -> Text:
    """One actor: name in its side's colour, kind, side and aliases, then its counts.

    As the list narrows, aliases give way first, then the side (the name's colour still
    tells it); what no column takes goes to the name.
    """
    counts = counts_text(row.events, row.quotes, width)
    room = max(width - counts.cell_len, 10)
    name_width = min(_NAME_WIDTH, max(room - _KIND_WIDTH, _MIN_NAME_WIDTH), room)
    rest = room - name_width
    colour = side_colour(row.side, colours)
    cells: list[tuple[Text, int]] = []
    for cell, cell_width in (
        (literal(row.kind, MUTED), _KIND_WIDTH),
        (literal(row.side or OTHER_SIDE, Style(color=colour)), _SIDE_WIDTH),
    ):
        if rest >= cell_width:
            cells.append((cell, cell_width))
            rest -= cell_width
    if rest >= _MIN_ALIASES_WIDTH:
        cells.append((literal(", ".join(row.aliases), MUTED), rest))
        rest = 0
    name = literal(row.name, Style(color=colour, bold=True))
    text = columns([(name, name_width + rest), *cells])
    text.append_text(counts)
    return text


class ActorList(PagedList[ActorRow]):
    """Actors with their events and quotes under the filter, the most active first.

    | Key | Action |
    | --- | --- |
    | enter | Show this actor's events in the timeline |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Its events", show=False, id="actors.choose"),
    ]

    EMPTY_MESSAGE = "No actor has events or quotes under these filters."

    class Chosen(Message):
        """The reader chose an actor to follow into the timeline."""

        def __init__(self, actor: ActorRow) -> None:
            self.actor = actor
            super().__init__()

    def render_row(self, row: ActorRow, width: int) -> Text:
        return actor_line(row, self._colours, width)

    def action_choose(self) -> None:
        if self.current_row is not None:
            self.post_message(self.Chosen(self.current_row))
