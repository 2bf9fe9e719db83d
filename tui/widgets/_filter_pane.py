"""The filter pane: sides to toggle, actors with event counts (type to narrow), event kinds
(type, status, modality) and a date range.

The pane holds no filter state of its own: the app tells it what to show and it reports what
the reader did with messages (``SideToggled``, ``ActorToggled``, ``ActorPrefixChanged``,
``KindToggled``, ``DateRangeEntered``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from store.facets import KIND_FIELDS, KindCounts
from store.filters import OTHER_SIDE, EventFilter
from store.queries import ActorCount, SideInfo
from tui.widgets._text import MUTED, TYPE_COLOURS, literal, side_colour

_CHOSEN = "●"
_NOT_CHOSEN = "○"


def _counted(head: Text, name: Text, count: int | None, width: int) -> Text:
    """``head`` and ``name``, with ``count`` right-aligned at ``width`` (the name gives way)."""
    counted = f" {count:,} " if count is not None else ""
    name.truncate(max(width - head.cell_len - len(counted), 4), overflow="ellipsis", pad=True)
    return Text.assemble(head, name, (counted, MUTED))


def _side_prompt(
    number: int, label: str, count: int | None, chosen: bool, colour: str, width: int
) -> Text:
    head = Text.assemble(
        (f"{number} ", MUTED), (_CHOSEN if chosen else _NOT_CHOSEN, Style(color=colour)), " "
    )
    return _counted(head, literal(label, Style(color=colour, bold=chosen)), count, width)


def _actor_prompt(actor: ActorCount, chosen: bool, colour: str, width: int) -> Text:
    head = Text.assemble((_CHOSEN if chosen else " ", Style(color=colour)), " ")
    name = literal(actor.name, Style(color=colour, bold=chosen))
    return _counted(head, name, actor.events, width)


_KIND_HEADINGS = {"event_types": "type", "statuses": "status", "modalities": "modality"}
_STATUS_COLOURS = {"claimed": "#d7a428", "denied": "#e05252"}


def _kind_prompt(field: str, value: str, count: int, chosen: bool, width: int) -> Text:
    colour = (TYPE_COLOURS if field == "event_types" else _STATUS_COLOURS).get(value, "")
    head = Text.assemble((_CHOSEN if chosen else " ", Style(color=colour or None)), " ")
    name = literal(value, Style(color=colour or None, bold=chosen))
    return _counted(head, name, count, width)


def kind_options(counts: KindCounts, f: EventFilter, width: int) -> list[Option]:
    """The kinds list: a heading per field, then its values with counts, chosen ones marked.

    A chosen value stays listed with 0 when nothing matches it, so that it can be undone.
    """
    options: list[Option] = []
    for field in KIND_FIELDS:
        chosen: frozenset[str] = getattr(f, field)
        counted = dict(getattr(counts, field))
        values = [value for value, _ in getattr(counts, field)]
        values += sorted(chosen - counted.keys())
        if not values:
            continue
        options.append(Option(Text(f" {_KIND_HEADINGS[field]}", MUTED), disabled=True))
        options.extend(
            Option(
                _kind_prompt(field, value, counted.get(value, 0), value in chosen, width),
                id=f"{field}:{value}",
            )
            for value in values
        )
    return options


class ChoiceList(OptionList):
    """An option list where space, like enter, chooses the highlighted option."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Toggle", show=False, id="filters.toggle"),
        Binding("j", "cursor_down", "Down", show=False, id="filters.down"),
        Binding("k", "cursor_up", "Up", show=False, id="filters.up"),
    ]

    def replace_options(self, options: Sequence[Option]) -> None:
        """Swap in new options, keeping the highlight on the same option id when it is there."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        self.add_options(options)
        try:
            self.highlighted = self.get_option_index(highlighted) if highlighted else 0
        except OptionDoesNotExist:
            self.highlighted = 0
        if not options:
            self.highlighted = None


class FilterPane(Vertical):
    """Sides, actors and a date range: the filters a reader sets by hand."""

    class SideToggled(Message):
        """The reader toggled a side (a label, or ``other``)."""

        def __init__(self, side: str) -> None:
            self.side = side
            super().__init__()

    class ActorToggled(Message):
        """The reader toggled an actor."""

        def __init__(self, actor: ActorCount) -> None:
            self.actor = actor
            super().__init__()

    class ActorPrefixChanged(Message):
        """The reader typed in the actor box."""

        def __init__(self, prefix: str) -> None:
            self.prefix = prefix
            super().__init__()

    class KindToggled(Message):
        """The reader toggled an event type, status or modality."""

        def __init__(self, field: str, value: str) -> None:
            self.field = field
            """The :class:`EventFilter` field: ``event_types``, ``statuses`` or ``modalities``."""
            self.value = value
            super().__init__()

    class DateRangeEntered(Message):
        """The reader pressed enter in the date box."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._actors: dict[str, ActorCount] = {}
        self._shown_sides: tuple | None = None
        self._shown_actors: tuple | None = None
        self._shown_kinds: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Label("Sides", classes="filter-heading")
        yield ChoiceList(id="sides", compact=True)
        yield Label("Actors", classes="filter-heading")
        yield Input(placeholder="type to narrow", id="actor-prefix", compact=True)
        yield ChoiceList(id="actors", compact=True)
        yield Label("Kinds", classes="filter-heading")
        yield ChoiceList(id="kinds", compact=True)
        yield Label("Dates", classes="filter-heading")
        yield Input(placeholder="2020-09 or A..B", id="date-range", compact=True)
        yield Static(id="date-error")

    def show_sides(
        self,
        sides: Sequence[SideInfo],
        chosen: Collection[str],
        counts: Mapping[str, int] | None = None,
    ) -> None:
        """List the sides (and "other") numbered as their keys, with event counts if known."""
        self._shown_sides = (sides, chosen, counts)
        labels = [side.label for side in sides] + [OTHER_SIDE]
        colours = {side.label: side.colour for side in sides}
        side_list = self.query_one("#sides", ChoiceList)
        width = side_list.scrollable_content_region.width
        side_list.replace_options(
            [
                Option(
                    _side_prompt(
                        number,
                        label,
                        counts.get(label, 0) if counts is not None else None,
                        label in chosen,
                        side_colour(label, colours),
                        width,
                    ),
                    id=label,
                )
                for number, label in enumerate(labels, start=1)
            ]
        )

    def show_actors(
        self, actors: Sequence[ActorCount], chosen: Collection[int], colours: Mapping[str, str]
    ) -> None:
        """List actors with their counts, chosen ones marked."""
        self._shown_actors = (actors, chosen, colours)
        self._actors = {str(actor.id): actor for actor in actors}
        actor_list = self.query_one("#actors", ChoiceList)
        width = actor_list.scrollable_content_region.width
        actor_list.replace_options(
            [
                Option(
                    _actor_prompt(
                        actor, actor.id in chosen, side_colour(actor.side, colours), width
                    ),
                    id=str(actor.id),
                )
                for actor in actors
            ]
        )

    def show_kinds(self, counts: KindCounts, f: EventFilter) -> None:
        """List event types, statuses and modalities with their counts, chosen ones marked."""
        self._shown_kinds = (counts, f)
        kinds = self.query_one("#kinds", ChoiceList)
        kinds.replace_options(kind_options(counts, f, kinds.scrollable_content_region.width))
        # The first option is a heading: start on the first value instead.
        if kinds.highlighted == 0 and kinds.option_count > 1:
            kinds.highlighted = 1

    def on_resize(self) -> None:
        # Prompts are laid out for a width: lay them out again for the new one.
        if self._shown_sides is not None:
            self.show_sides(*self._shown_sides)
        if self._shown_actors is not None:
            self.show_actors(*self._shown_actors)
        if self._shown_kinds is not None:
            self.show_kinds(*self._shown_kinds)

    def show_date_range(self, text: str, error: str | None) -> None:
        """Show the date range as the reader typed it, and why it is wrong if it is."""
        date_input = self.query_one("#date-range", Input)
        if date_input.value != text:
            date_input.value = text
        message = self.query_one("#date-error", Static)
        message.update(literal(error or ""))
        message.display = bool(error)

    def clear_actor_prefix(self) -> None:
        """Empty the actor box (its change narrows the list again)."""
        self.query_one("#actor-prefix", Input).value = ""

    @on(OptionList.OptionSelected, "#sides")
    def _side_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.SideToggled(event.option.id))

    @on(OptionList.OptionSelected, "#actors")
    def _actor_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        actor = self._actors.get(event.option.id or "")
        if actor is not None:
            self.post_message(self.ActorToggled(actor))

    @on(OptionList.OptionSelected, "#kinds")
    def _kind_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        field, _, value = (event.option.id or "").partition(":")
        if value:
            self.post_message(self.KindToggled(field, value))

    @on(Input.Changed, "#actor-prefix")
    def _prefix_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.ActorPrefixChanged(event.value))

    @on(Input.Submitted, "#actor-prefix")
    def _prefix_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        actors = self.query_one("#actors", ChoiceList)
        if actors.option_count:
            actors.highlighted = 0
            actors.focus()

    @on(Input.Submitted, "#date-range")
    def _date_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.DateRangeEntered(event.value))
