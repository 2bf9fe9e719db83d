"""Widgets of the eventscope app, each in its own private module."""

from tui.widgets._detail import DetailPane, event_detail_text, quote_detail_text
from tui.widgets._filter_bar import FilterBar
from tui.widgets._filter_pane import ChoiceList, FilterPane
from tui.widgets._paged_list import PagedList
from tui.widgets._quote_list import QuoteList
from tui.widgets._timeline import Timeline

__all__ = [
    "ChoiceList",
    "DetailPane",
    "FilterBar",
    "FilterPane",
    "PagedList",
    "QuoteList",
    "Timeline",
    "event_detail_text",
    "quote_detail_text",
]
