"""Snapshots of the Actors and Articles views and the article reader (pytest-textual-snapshot).

Built from hand-written articles, like tests/functional/test_snapshots.py, so that improving
extraction does not change these pictures. Update them with ``pytest --snapshot-update`` after
a deliberate change to the look of the app, and look at the new SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest import settle
from dbfactory import (
    ARMENIA,
    AZERBAIJAN,
    WAR_ACTORS,
    WAR_ARTICLE,
    ArticleSpec,
    EventSpec,
    QuoteSpec,
    build_database,
)
from textual.pilot import Pilot

from tui.app import EventscopeApp

TRUCE_ARTICLE = ArticleSpec(
    title="Russia brokers a humanitarian truce between Armenia and Azerbaijan",
    published="2020-10-10",
    source="Test Wire",
    sentences=(
        "Russia brokered a ceasefire between Armenia and Azerbaijan on Saturday.",
        "Armenia said “the ceasefire is holding” after a quiet night.",
    ),
    actors=WAR_ACTORS,
    events=(
        EventSpec(
            0,
            "AGREE",
            "brokered a ceasefire",
            sources=("Russia",),
            targets=("Armenia", "Azerbaijan"),
            date=("2020-10-10", "2020-10-10", "day", "on Saturday"),
        ),
    ),
    quotes=(QuoteSpec(1, "the ceasefire is holding", "Armenia"),),
)


@pytest.fixture(scope="module")
def war_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snapshots-views") / "war.db"
    return build_database(path, [WAR_ARTICLE, TRUCE_ARTICLE], sides=(ARMENIA, AZERBAIJAN))


def test_actors_view_at_110x32(snap_compare, war_db: Path) -> None:
    async def to_the_actors(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("v", "v", "j")
        await settle(pilot)

    assert snap_compare(EventscopeApp(war_db), terminal_size=(110, 32), run_before=to_the_actors)


def test_articles_view_at_80x24(snap_compare, war_db: Path) -> None:
    async def to_the_articles(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("V")
        await settle(pilot)

    assert snap_compare(EventscopeApp(war_db), terminal_size=(80, 24), run_before=to_the_articles)


def test_reader_at_the_terter_attack_at_110x32(snap_compare, war_db: Path) -> None:
    async def read_the_terter_attack(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j", "o")
        await settle(pilot)

    assert snap_compare(
        EventscopeApp(war_db), terminal_size=(110, 32), run_before=read_the_terter_attack
    )


def test_reader_at_80x24(snap_compare, war_db: Path) -> None:
    async def read_the_quote(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("v", "o")
        await settle(pilot)

    assert snap_compare(EventscopeApp(war_db), terminal_size=(80, 24), run_before=read_the_quote)
