"""Screens of the eventscope app."""

from tui.screens._article import ArticleReader, ArticleScreen
from tui.screens._export import ExportScreen
from tui.screens._help import HelpScreen, HelpSection

__all__ = ["ArticleReader", "ArticleScreen", "ExportScreen", "HelpScreen", "HelpSection"]
