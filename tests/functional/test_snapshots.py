"""Snapshots of the main screens (pytest-textual-snapshot), on a small fixed database.

The database is built from a hand-written article rather than the seed, so that improving the
extraction does not change these pictures. Update them with ``pytest --snapshot-update`` after
a deliberate change to the look of the app, and look at the new SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

from apptest import settle
from textual.pilot import Pilot

from tui.app import EventscopeApp


def test_timeline_with_detail_at_110x32(snap_compare, war_db: Path) -> None:
    async def to_the_terter_attack(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        await settle(pilot)

    assert snap_compare(
        EventscopeApp(war_db), terminal_size=(110, 32), run_before=to_the_terter_attack
    )


def test_filtered_timeline_at_80x24(snap_compare, war_db: Path) -> None:
    async def filter_by_side_and_search(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("2", "slash", *"attack", "enter")
        await settle(pilot)

    assert snap_compare(
        EventscopeApp(war_db), terminal_size=(80, 24), run_before=filter_by_side_and_search
    )


def test_help_screen_at_80x24(snap_compare, war_db: Path) -> None:
    async def open_help(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(EventscopeApp(war_db), terminal_size=(80, 24), run_before=open_help)
