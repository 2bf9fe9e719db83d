"""Shared fixtures: databases loaded from the bundled seed, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.loader import load

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database freshly loaded from seeds/ (the seed article and its sides file).

    Session-scoped: tests must not write to it; copy it first if a test needs to change it.
    """
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    summary = load([str(SEEDS)], path)
    assert not summary.problems, summary.problems
    return path


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep the developer's own config file (keys, theme, default database) out of every test."""
    monkeypatch.setenv("EVENTSCOPE_CONFIG", str(tmp_path_factory.getbasetemp() / "no-config.toml"))
    for variable in ("EVENTSCOPE_SIDES", "EVENTSCOPE_THEME"):
        monkeypatch.delenv(variable, raising=False)
