"""The always-visible bar: "N of M events" and every active filter."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from store.filters import EventFilter
from tui.widgets._text import MUTED, literal, side_colour

_SEPARATOR = Text.assemble((" │ ", MUTED))


def filter_summary(
    f: EventFilter, actor_names: Mapping[int, str], colours: Mapping[str, str]
) -> list[Text]:
    """One piece of text per active filter, in the order the pane shows them."""
    parts: list[Text] = []
    if f.sides:
        text = Text.assemble(("sides ", MUTED))
        text.append_text(
            Text(", ").join(
                literal(side, Style(color=side_colour(side, colours), bold=True))
                for side in sorted(f.sides)
            )
        )
        parts.append(text)
    if f.actor_ids:
        text = Text.assemble(("actors ", MUTED))
        text.append_text(
            Text(", ").join(
                literal(actor_names.get(actor_id, f"#{actor_id}"))
                for actor_id in sorted(f.actor_ids, key=lambda i: actor_names.get(i, ""))
            )
        )
        parts.append(text)
    if f.date_start or f.date_end:
        parts.append(Text(f"dates {f.date_start or '…'}..{f.date_end or '…'}"))
    if f.text.strip():
        text = Text.assemble(("search ", MUTED))
        text.append_text(literal(f"“{f.text.strip()}”"))
        parts.append(text)
    for label, values in (
        ("types", f.event_types),
        ("status", f.statuses),
        ("modality", () if f.hides_historical else f.modalities),
    ):
        if values:
            parts.append(Text.assemble((f"{label} ", MUTED), ", ".join(sorted(values))))
    if f.hides_historical:
        parts.append(Text("no historical background"))
    return parts


class FilterBar(Static):
    """ "N of M events" and the active filters, on one line."""

    DEFAULT_CSS = """
    FilterBar { height: 1; width: 1fr; background: $panel; padding: 0 1; }
    """

    def show_counts(
        self,
        noun: str,
        count: int | None,
        total: int | None,
        f: EventFilter,
        actor_names: Mapping[int, str],
        colours: Mapping[str, str],
    ) -> None:
        """Say how many items of the view match and which filters are on."""
        shown = "…" if count is None else f"{count:,}"
        of_total = "" if total is None else f" of {total:,}"
        text = Text.assemble((f"{shown}{of_total} {noun}", Style(bold=True)))
        parts = filter_summary(f, actor_names, colours)
        if parts:
            text.append_text(_SEPARATOR)
            text.append_text(_SEPARATOR.join(parts))
        text.no_wrap = True
        text.overflow = "ellipsis"
        self.update(text)
