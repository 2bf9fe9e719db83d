"""`eventscope sides apply` and `sides suggest`: re-label at once, show the analyst evidence."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from dbfactory import WAR_ARTICLE, build_database

from tui import cli

SIDES = """\
[[side]]
label = "Armenia"
members = ["Armenia", "Nagorno-Karabakh"]

[[side]]
label = "Azerbaijan"
members = ["Azerbaijan", "Turkey", "Atlantis"]
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTSCOPE_DB", raising=False)


@pytest.fixture
def seed_copy(seed_db: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(seed_db, tmp_path / "seed.db"))


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, ["sides", *args], prog_name="eventscope")


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def sides(path: Path) -> dict[str, str | None]:
    return dict(rows(path, "SELECT name, side FROM actors"))


def test_apply_relabels_and_lists_every_change(seed_copy: Path) -> None:
    Path("mine.toml").write_text(SIDES, encoding="utf-8")
    articles = (
        sqlite3.connect(seed_copy).execute("SELECT sha256, loaded_at FROM articles").fetchall()
    )
    result = run("apply", "mine.toml", "--db", str(seed_copy))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{seed_copy}: actors by side: ")
    assert lines[0].endswith("; 3 actors changed side:")
    # Turkey is a member now; its president and government inherit its side.
    assert lines[1:] == [
        "  Recep Tayyip Erdogan: other → Azerbaijan",
        "  Turkey: other → Azerbaijan",
        "  Turkish Government: other → Azerbaijan",
    ]
    assert (
        result.stderr == "eventscope: note: sides: 'Atlantis' (Azerbaijan) matches no actor yet\n"
    )
    assert sides(seed_copy)["Turkey"] == "Azerbaijan"
    # No article was read again.
    assert rows(seed_copy, "SELECT sha256, loaded_at FROM articles") == articles
    again = run("apply", "mine.toml", "--db", str(seed_copy))
    assert again.stdout.splitlines()[0].endswith("; 0 actors changed side")


def test_apply_uses_the_config_sides_file(
    seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("mine.toml").write_text(SIDES, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'sides = "{tmp_path / "mine.toml"}"\n', encoding="utf-8")
    monkeypatch.setenv("EVENTSCOPE_CONFIG", str(config))
    monkeypatch.setenv("EVENTSCOPE_DB", str(seed_copy))
    result = run("apply")
    assert result.exit_code == 0, result.output
    assert sides(seed_copy)["Turkey"] == "Azerbaijan"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("apply",), "give FILE, or name a sides file in the config"),
        (
            ("apply", "bad.toml"),
            "eventscope: bad.toml: side label 'Other' is reserved or used twice",
        ),
        (("apply", "missing.toml"), "'missing.toml' does not exist"),
    ],
)
def test_apply_refuses_bad_input_and_changes_nothing(
    seed_copy: Path, args: tuple[str, ...], message: str
) -> None:
    Path("bad.toml").write_text("[[side]]\nlabel = 'Other'\n", encoding="utf-8")
    before = sides(seed_copy)
    result = run(*args, "--db", str(seed_copy))
    assert result.exit_code == 2
    assert message in result.stderr
    assert sides(seed_copy) == before


def test_apply_to_a_missing_database_creates_nothing() -> None:
    Path("mine.toml").write_text(SIDES, encoding="utf-8")
    result = run("apply", "mine.toml", "--db", "missing.db")
    assert result.exit_code == 2
    assert result.stderr == (
        "eventscope: missing.db: no such database file (create it with 'eventscope load')\n"
    )
    assert not Path("missing.db").exists()


def test_suggest_prints_turkey_with_its_sentence(seed_db: Path) -> None:
    result = run("suggest", "--db", str(seed_db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Turkey (state) → Azerbaijan  [1 sentence")
    assert lines[1].startswith('  "Azerbaijan ally Turkey said it was talking')
    assert "  would also label: Recep Tayyip Erdogan, Turkish Government" in lines
    assert lines[-1].startswith("Add the actors you agree with")


def test_suggest_json(seed_db: Path) -> None:
    result = run("suggest", "--db", str(seed_db), "--json", "--limit", "1")
    assert result.exit_code == 0, result.output
    (turkey,) = json.loads(result.stdout)
    assert (turkey["actor"], turkey["side"], turkey["strength"]) == (
        "Turkey",
        "Azerbaijan",
        "sentences",
    )
    assert turkey["sentences"][0]["cue"] == "ally"
    assert all("description" in tally for tally in turkey["events"])


def test_suggest_without_sides_or_database_exits_2(tmp_path: Path) -> None:
    result = run("suggest", "--db", "missing.db")
    assert (result.exit_code, result.stderr) == (
        2,
        "eventscope: missing.db: no such database file\n",
    )
    plain = build_database(tmp_path / "plain.db", [WAR_ARTICLE])
    result = run("suggest", "--db", str(plain))
    assert result.exit_code == 2
    assert result.stderr == (
        f"eventscope: {plain}: no sides yet: apply a sides file first "
        "(eventscope sides apply FILE)\n"
    )


def test_every_sides_command_is_documented_with_an_example() -> None:
    for command in ((), ("apply",), ("suggest",)):
        result = run(*command, "--help")
        assert result.exit_code == 0
        assert "Examples:\n    eventscope sides " in result.stdout
