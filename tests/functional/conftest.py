"""Databases the app tests share (built once per session; tests copy them to change them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbfactory import ARMENIA, AZERBAIJAN, WAR_ARTICLE, build_database


@pytest.fixture(scope="session")
def war_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small war article of tests/dbfactory.py with the Armenia and Azerbaijan sides."""
    path = tmp_path_factory.mktemp("war") / "war.db"
    return build_database(path, [WAR_ARTICLE], sides=(ARMENIA, AZERBAIJAN))
