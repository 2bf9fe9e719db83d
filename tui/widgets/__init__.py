"""Widgets of the eventscope app, each in its own private module."""

from tui.widgets._actor_list import ActorList
from tui.widgets._article_list import ArticleList
from tui.widgets._detail import (
    DetailPane,
    actor_detail_text,
    article_detail_text,
    event_detail_text,
    quote_detail_text,
)
from tui.widgets._filter_bar import FilterBar
from tui.widgets._filter_pane import ChoiceList, FilterPane
from tui.widgets._histogram import Histogram
from tui.widgets._paged_list import PagedList
from tui.widgets._quote_list import QuoteList
from tui.widgets._timeline import Timeline

__all__ = [
    "ActorList",
    "ArticleList",
    "ChoiceList",
    "DetailPane",
    "FilterBar",
    "FilterPane",
    "Histogram",
    "PagedList",
    "QuoteList",
    "Timeline",
    "actor_detail_text",
    "article_detail_text",
    "event_detail_text",
    "quote_detail_text",
]
