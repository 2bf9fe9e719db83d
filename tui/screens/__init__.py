"""Screens of the eventscope app."""

from tui.screens._help import HelpScreen, HelpSection

__all__ = ["HelpScreen", "HelpSection"]
