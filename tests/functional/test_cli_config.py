"""The command line reads the config file: the default database, the key map and the theme."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui import app as app_module
from tui import cli


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[app_module.EventscopeApp]:
    """Apps the command line would have run (recorded instead of run)."""
    apps: list[app_module.EventscopeApp] = []
    monkeypatch.setattr(app_module.EventscopeApp, "run", lambda self: apps.append(self))
    return apps


def test_open_uses_the_config_database_keys_and_theme(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed_db: Path,
    opened: list[app_module.EventscopeApp],
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'db = "{seed_db}"\ntheme = "nord"\n[keys]\n"list.down" = "ctrl+n"\n', encoding="utf-8"
    )
    monkeypatch.setenv("EVENTSCOPE_CONFIG", str(config))
    monkeypatch.delenv("EVENTSCOPE_DB", raising=False)
    result = CliRunner().invoke(cli.main, ["open"])
    assert result.exit_code == 0, result.output
    (app,) = opened
    assert app.db_path == seed_db
    assert app._user_keymap == {"list.down": "ctrl+n"}
    assert app._user_theme == "nord"


def test_a_broken_config_is_one_line_and_exit_code_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed_db: Path,
    opened: list[app_module.EventscopeApp],
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("db = [", encoding="utf-8")
    monkeypatch.setenv("EVENTSCOPE_CONFIG", str(config))
    result = CliRunner().invoke(cli.main, ["open", "--db", str(seed_db)])
    assert result.exit_code == 2
    assert result.output.startswith(f"eventscope: {config}: not a valid TOML config file")
    assert result.output.count("\n") == 1
    assert opened == []


# --- eventscope config --------------------------------------------------------------------------

SIDES = '[[side]]\nlabel = "Russia side"\nmembers = ["Russia"]\n'
SHORT = "title: Call\npublished: 2020-10-02\n\nRussia called for a ceasefire on Friday.\n"


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config file path (not yet written) in $EVENTSCOPE_CONFIG, and no $EVENTSCOPE_DB."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("EVENTSCOPE_CONFIG", str(path))
    monkeypatch.delenv("EVENTSCOPE_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    return path


def test_config_without_a_file_shows_defaults_and_an_example(config: Path) -> None:
    result = CliRunner().invoke(cli.main, ["config"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"config file  {config}  (none yet; from $EVENTSCOPE_CONFIG)"
    assert lines[1] == "db           eventscope.db (not made yet)"
    assert "$EVENTSCOPE_DB overrides" in lines[2]
    assert any(line.startswith("data folder  ") for line in lines)
    example = result.stdout.split(f"No config file yet. To make one, save this as {config}:\n\n")[1]
    # The example is a config file that works.
    config.write_text(example, encoding="utf-8")
    assert CliRunner().invoke(cli.main, ["config"]).exit_code == 0


def test_config_shows_where_each_value_comes_from(
    config: Path, monkeypatch: pytest.MonkeyPatch, seed_db: Path
) -> None:
    config.write_text(
        f'db = "{seed_db}"\nsides = "missing.toml"\ntheme = "nord"\n'
        '[keys]\n"app.quit" = "ctrl+q"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("EVENTSCOPE_THEME", "gruvbox")
    result = CliRunner().invoke(cli.main, ["config"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("(exists; from $EVENTSCOPE_CONFIG)")
    assert lines[1:9] == [
        f"db           {seed_db}",
        f"             (from {config})",
        "sides        missing.toml (missing)",
        f"             (from {config})",
        "theme        gruvbox",
        "             (from $EVENTSCOPE_THEME)",
        "keys         app.quit = ctrl+q",
        f"             (from {config})",
    ]
    assert "No config file yet" not in result.stdout


def test_config_json(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTSCOPE_DB", "war.db")
    result = CliRunner().invoke(cli.main, ["config", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["config_file"], report["exists"]) == (str(config), False)
    assert report["settings"]["db"] == {
        "value": "war.db",
        "source": "$EVENTSCOPE_DB",
        "environment": "$EVENTSCOPE_DB",
    }
    assert report["settings"]["sides"]["value"] is None
    assert report["settings"]["keys"] == {"value": {}, "source": "default", "environment": None}
    assert {"data_dir", "seeds"} <= set(report)


def test_a_broken_config_stops_config_too(config: Path) -> None:
    config.write_text("theme = 3\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["config"])
    assert (result.exit_code, result.output) == (
        2,
        f"eventscope: {config}: theme must be a string\n",
    )


# --- the config's sides file in `eventscope load` ------------------------------------------------


def load_short(*args: str) -> tuple[int, dict[str, str | None]]:
    Path("story.txt").write_text(SHORT, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["load", "story.txt", "--db", "x.db", *args])
    if not Path("x.db").exists():
        return result.exit_code, {}
    conn = sqlite3.connect("x.db")
    try:
        return result.exit_code, dict(conn.execute("SELECT name, side FROM actors"))
    finally:
        conn.close()


def test_load_applies_the_config_sides_file(config: Path) -> None:
    Path("sides.toml").write_text(SIDES, encoding="utf-8")
    config.write_text(f'sides = "{config.parent / "sides.toml"}"\n', encoding="utf-8")
    code, sides = load_short()
    assert (code, sides["Russia"]) == (0, "Russia side")


def test_sides_option_wins_over_the_config(config: Path) -> None:
    Path("sides.toml").write_text(SIDES, encoding="utf-8")
    Path("other.toml").write_text('[[side]]\nlabel = "Other side"\nmembers = ["Russia"]\n')
    config.write_text(f'sides = "{config.parent / "sides.toml"}"\n', encoding="utf-8")
    code, sides = load_short("--sides", "other.toml")
    assert (code, sides["Russia"]) == (0, "Other side")


def test_a_missing_config_sides_file_is_an_error_naming_the_config(config: Path) -> None:
    config.write_text('sides = "~/nowhere/sides.toml"\n', encoding="utf-8")
    Path("story.txt").write_text(SHORT, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["load", "story.txt", "--db", "x.db"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"eventscope: sides file {Path.home() / 'nowhere' / 'sides.toml'} does not exist "
        f"(named by {config}; see eventscope config)\n"
    )
    assert not Path("x.db").exists()
