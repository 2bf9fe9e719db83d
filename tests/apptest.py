"""Helpers for driving the app in Pilot tests: terminal sizes, waiting, reading the screen."""

from __future__ import annotations

from rich.text import Text
from textual.pilot import Pilot
from textual.scroll_view import ScrollView
from textual.widgets import Static

from tui.app import EventscopeApp
from tui.widgets import DetailPane, FilterBar

WIDE = (110, 32)
SMALL = (80, 24)
TALL = (160, 50)


async def settle(pilot: Pilot) -> None:
    """Wait until the workers and the messages they post have all been handled."""
    for _ in range(6):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def bar(app: EventscopeApp) -> str:
    """The filter bar's text: "N of M events │ filters"."""
    content = app.query_one(FilterBar).content
    return content.plain if isinstance(content, Text) else str(content)


def detail(app: EventscopeApp) -> str:
    """The detail pane's text."""
    content = app.query_one(DetailPane).query_one(Static).content
    return content.plain if isinstance(content, Text) else str(content)


def lines(widget: ScrollView) -> list[str]:
    """The visible lines of a line-rendered widget (a list, the reader), as plain text."""
    height = widget.scrollable_content_region.height
    return [widget.render_line(y).text.rstrip() for y in range(height)]
