"""Snapshots of the timeline's day headings and the histogram above it (pytest-textual-snapshot).

Built from hand-written articles (see dbfactory), so that extraction changes leave them alone.
Update them with ``pytest --snapshot-update`` after a deliberate change to the look of the app,
and look at the new SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest import settle
from dbfactory import ARMENIA, AZERBAIJAN, DAYS_ARTICLE, build_database, month_of_fighting
from textual.pilot import Pilot

from tui.app import EventscopeApp


@pytest.fixture(scope="module")
def days_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snapshots") / "days.db"
    return build_database(path, [DAYS_ARTICLE], sides=(ARMENIA, AZERBAIJAN))


@pytest.fixture(scope="module")
def month_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snapshots") / "month.db"
    return build_database(path, [month_of_fighting()], sides=(ARMENIA, AZERBAIJAN))


def test_days_and_histogram_at_110x32(snap_compare, month_db: Path) -> None:
    async def into_the_month(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*"j" * 12)
        await settle(pilot)

    assert snap_compare(EventscopeApp(month_db), terminal_size=(110, 32), run_before=into_the_month)


def test_every_precision_under_its_heading_at_160x50(snap_compare, days_db: Path) -> None:
    async def to_the_week(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        await settle(pilot)

    assert snap_compare(EventscopeApp(days_db), terminal_size=(160, 50), run_before=to_the_week)


def test_one_line_histogram_on_an_undated_event_at_80x24(snap_compare, days_db: Path) -> None:
    async def to_the_end(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)

    assert snap_compare(EventscopeApp(days_db), terminal_size=(80, 24), run_before=to_the_end)
