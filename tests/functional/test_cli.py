"""The command line: load, open, help, version and the default database."""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from contract import TABLES, VIEWS, columns, names

from store.seeds import bundled_seeds
from tui import cli

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED_NAME = "000_6c9d7abade3290fb"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / f"{SEED_NAME}.txt"
SUMMARY = re.compile(
    r"(?P<db>.+): (?P<articles>\d+) articles? loaded, (?P<unchanged>\d+) already there, "
    r"(?P<events>\d+) events?, (?P<quotes>\d+) quotes?, (?P<casualties>\d+) casualty figures?, "
    r"(?P<actors>\d+) new actors?, (?P<failed>\d+) failed in \d+\.\d\ds( \(\d+ articles/s\))?"
)
SHORT = (
    "title: Ceasefire call\npublished: 2020-10-02\n\n"
    'Russia called for a ceasefire on Friday. "The fighting must stop," Vladimir Putin said.\n'
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTSCOPE_DB", raising=False)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The databases the app would have been opened on (the app itself is not started)."""
    paths: list[Path] = []
    monkeypatch.setattr(cli, "_open_app", paths.append)
    return paths


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli.main, list(args), env=env, input=stdin, prog_name="eventscope")


def summary_of(result: Result) -> dict[str, str]:
    match = SUMMARY.fullmatch(result.stdout.strip())
    assert match is not None, result.stdout
    return match.groupdict()


def count(path: Path | str, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    finally:
        conn.close()


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


# --- load ---------------------------------------------------------------------------------------


def test_loading_the_seeds_prints_a_summary_and_gives_the_issue_counts() -> None:
    result = run("load", str(SEEDS), "--db", "x.db")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    summary = summary_of(result)
    assert [summary[key] for key in ("db", "articles", "unchanged", "failed")] == [
        "x.db",
        "1",
        "0",
        "0",
    ]
    events, quotes, actors = (count("x.db", table) for table in ("events", "quotes", "actors"))
    # Issue 2's done-when: at least 15 events, 15 actors and 10 quotes from the seed.
    assert events >= 15
    assert actors >= 15
    assert quotes >= 10
    assert (summary["events"], summary["quotes"], summary["actors"]) == (
        str(events),
        str(quotes),
        str(actors),
    )
    assert summary["casualties"] == str(count("x.db", "casualties"))


def test_the_loaded_file_has_every_contract_table_and_view() -> None:
    run("load", str(SEEDS), "--db", "x.db")
    conn = sqlite3.connect("x.db")
    try:
        missing = {
            table: sorted(set(wanted) - columns(conn, table)) for table, wanted in TABLES.items()
        }
        assert missing == {table: [] for table in TABLES}
        assert set(VIEWS) <= names(conn, "view")
        assert "sentences_fts" in names(conn, "table")
    finally:
        conn.close()


def test_loading_again_reports_the_article_as_already_there() -> None:
    run("load", str(SEEDS), "--db", "x.db")
    result = run("load", str(SEEDS), "--db", "x.db")
    assert result.exit_code == 0
    summary = summary_of(result)
    assert (summary["articles"], summary["unchanged"], summary["events"]) == ("0", "1", "0")


def test_reload_re_extracts_without_new_actors() -> None:
    run("load", str(SEEDS), "--db", "x.db")
    actors = count("x.db", "actors")
    result = run("load", str(SEEDS), "--db", "x.db", "--reload")
    assert result.exit_code == 0
    summary = summary_of(result)
    assert (summary["articles"], summary["unchanged"], summary["actors"]) == ("1", "0", "0")
    assert count("x.db", "actors") == actors
    assert count("x.db", "articles") == 1


def test_a_bad_file_is_skipped_with_one_line_and_exit_1() -> None:
    folder = Path("batch")
    folder.mkdir()
    (folder / "good.txt").write_text(SHORT, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    result = run("load", "batch", "--db", "x.db")
    assert result.exit_code == 1
    assert stderr_lines(result) == ["eventscope: skipped batch/bad.txt: empty file"]
    summary = summary_of(result)
    assert (summary["articles"], summary["failed"]) == ("1", "1")
    assert count("x.db", "articles") == 1


def test_stdin_is_loaded_with_dash() -> None:
    result = run(
        "load",
        "-",
        "--db",
        "x.db",
        "--published",
        "2020-09-28",
        stdin="Armenia accused Azerbaijan of shelling Stepanakert on Monday.\n",
    )
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect("x.db")
    assert conn.execute("SELECT path, published FROM articles").fetchall() == [
        ("<stdin>", "2020-09-28")
    ]
    # The accusation is undated; the shelling it names happened on Monday.
    assert conn.execute("SELECT event_type, date_start FROM events ORDER BY id").fetchall() == [
        ("ACCUSE", None),
        ("ASSAULT", "2020-09-28"),
    ]
    conn.close()


def test_a_text_file_as_database_exits_2_and_loads_nothing() -> None:
    Path("notes.txt").write_text("My notes.\n" * 100)
    result = run("load", str(SEEDS), "--db", "notes.txt")
    assert result.exit_code == 2
    assert stderr_lines(result) == ["eventscope: notes.txt: file is not a database"]
    assert result.stdout == ""
    assert Path("notes.txt").read_text() == "My notes.\n" * 100


def test_another_programs_database_exits_2_untouched() -> None:
    conn = sqlite3.connect("other.db")
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = Path("other.db").read_bytes()
    result = run("load", str(SEEDS), "--db", "other.db")
    assert result.exit_code == 2
    assert stderr_lines(result) == ["eventscope: other.db: not an eventscope database"]
    assert Path("other.db").read_bytes() == before


def test_a_database_in_a_missing_folder_exits_2() -> None:
    result = run("load", str(SEEDS), "--db", "nowhere/x.db")
    assert result.exit_code == 2
    assert stderr_lines(result) == ["eventscope: nowhere/x.db: folder nowhere does not exist"]


def test_a_bad_published_date_exits_2_before_creating_the_database() -> None:
    result = run("load", str(SEEDS), "--db", "x.db", "--published", "28/09/2020")
    assert result.exit_code == 2
    assert stderr_lines(result) == ["eventscope: --published: cannot read '28/09/2020' as a date"]
    assert not Path("x.db").exists()


def test_a_bad_sides_file_exits_2_naming_it() -> None:
    Path("sides.toml").write_text("[[side]]\nlabel = 'Other'\n", encoding="utf-8")
    result = run("load", str(SEEDS), "--db", "x.db", "--sides", "sides.toml")
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        "eventscope: sides.toml: side label 'Other' is reserved or used twice"
    ]
    assert not Path("x.db").exists()


def test_a_sides_file_relabels_on_the_next_load() -> None:
    run("load", str(SEEDS), "--db", "x.db")
    Path("mine.toml").write_text(
        '[[side]]\nlabel = "Baku"\nmembers = ["Azerbaijan"]\n', encoding="utf-8"
    )
    result = run("load", str(SEEDS), "--db", "x.db", "--sides", "mine.toml")
    assert result.exit_code == 0
    assert summary_of(result)["unchanged"] == "1"
    conn = sqlite3.connect("x.db")
    sides = dict(conn.execute("SELECT name, side FROM actors"))
    conn.close()
    assert (sides["Azerbaijan"], sides["Ilham Aliyev"], sides["Armenia"]) == ("Baku", "Baku", None)


@pytest.mark.parametrize("jobs", ["0", "two"])
def test_bad_jobs_exit_2(jobs: str) -> None:
    result = run("load", str(SEEDS), "--db", "x.db", "--jobs", jobs)
    assert result.exit_code == 2
    assert "Invalid value for '--jobs'" in result.stderr
    assert not Path("x.db").exists()


def test_load_without_paths_exits_2() -> None:
    result = run("load", "--db", "x.db")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr


def test_json_summary_for_scripts() -> None:
    folder = Path("batch")
    folder.mkdir()
    (folder / "good.txt").write_text(SHORT, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    result = run("load", "batch", "--db", "x.db", "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert set(summary) == {
        "db",
        "articles",
        "unchanged",
        "events",
        "quotes",
        "casualties",
        "new_actors",
        "failed",
        "seconds",
        "problems",
        "notes",
        "stopped",
    }
    assert (summary["db"], summary["articles"], summary["failed"], summary["stopped"]) == (
        "x.db",
        1,
        1,
        None,
    )
    assert summary["problems"] == [{"path": "batch/bad.txt", "reason": "empty file"}]
    assert (summary["events"], summary["quotes"]) == (
        count("x.db", "events"),
        count("x.db", "quotes"),
    )
    assert isinstance(summary["seconds"], float)
    # Problems still go to stderr, one line each, for whoever watches.
    assert stderr_lines(result) == ["eventscope: skipped batch/bad.txt: empty file"]


def test_quiet_prints_only_errors() -> None:
    folder = Path("batch")
    folder.mkdir()
    # No publication date: a note that --quiet keeps to itself.
    (folder / "undated.txt").write_text("Russia called for a ceasefire.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    result = run("load", "batch", "--db", "x.db", "--quiet")
    assert (result.exit_code, result.stdout) == (1, "")
    assert stderr_lines(result) == ["eventscope: skipped batch/bad.txt: empty file"]
    assert count("x.db", "articles") == 1
    loud = run("load", "batch", "--db", "y.db")
    assert any("note: 1 article without a publication date" in line for line in stderr_lines(loud))
    quiet_json = run("load", "batch", "--db", "z.db", "--quiet", "--json")
    assert json.loads(quiet_json.stdout)["notes"][0].startswith("1 article without a publication")


def test_a_load_stopped_part_way_still_gives_its_json(monkeypatch: pytest.MonkeyPatch) -> None:
    def stopped(*args, **kwargs):
        raise cli.LoadStopped("x.db: database or disk is full", cli.LoadSummary(articles=2))

    monkeypatch.setattr(cli, "load", stopped)
    result = run("load", str(SEEDS), "--db", "x.db", "--json")
    assert result.exit_code == 3
    summary = json.loads(result.stdout)
    assert (summary["articles"], summary["stopped"]) == (
        2,
        "x.db: database or disk is full; stopped",
    )


# --- the default database -----------------------------------------------------------------------


def test_eventscope_db_is_the_default_database(tmp_path: Path) -> None:
    target = tmp_path / "env.db"
    result = run("load", str(SEEDS), env={"EVENTSCOPE_DB": str(target)})
    assert result.exit_code == 0
    assert summary_of(result)["db"] == str(target)
    assert count(target, "articles") == 1
    assert not Path("eventscope.db").exists()


def test_without_eventscope_db_the_default_is_in_the_current_folder() -> None:
    result = run("load", str(SEEDS))
    assert result.exit_code == 0
    assert summary_of(result)["db"] == "eventscope.db"
    assert count("eventscope.db", "articles") == 1


def test_no_command_builds_the_default_database_from_the_seeds(opened: list[Path]) -> None:
    result = run(env={"EVENTSCOPE_DB": "first.db"})
    assert result.exit_code == 0, result.output
    assert "Building first.db from the bundled seed articles" in result.stderr
    assert summary_of(result)["articles"] == "1"
    assert opened == [Path("first.db")]
    # The second start opens what is there.
    again = run(env={"EVENTSCOPE_DB": "first.db"})
    assert (again.exit_code, again.output) == (0, "")
    assert opened == [Path("first.db"), Path("first.db")]


# --- open ---------------------------------------------------------------------------------------


def test_open_a_missing_database_fails_clearly(opened: list[Path]) -> None:
    result = run("open", "--db", "missing.db")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        "Error: missing.db: no such database file (create it with 'eventscope load')"
    ]
    assert opened == []
    assert not Path("missing.db").exists()


def test_open_uses_eventscope_db(opened: list[Path]) -> None:
    result = run("open", env={"EVENTSCOPE_DB": "elsewhere.db"})
    assert result.exit_code == 1
    assert "elsewhere.db: no such database file" in result.stderr


def test_open_starts_the_app_on_the_file(opened: list[Path], seed_db: Path) -> None:
    result = run("open", "--db", str(seed_db))
    assert result.exit_code == 0
    assert opened == [seed_db]


# --- help and version ---------------------------------------------------------------------------


def commands() -> list[tuple[str, ...]]:
    """Every command path: the group itself and each of its commands."""
    group = cli.main
    assert isinstance(group, click.Group)
    return [(), *((name,) for name in group.commands)]


@pytest.mark.parametrize("command", commands(), ids=lambda c: " ".join(c) or "eventscope")
def test_every_command_is_documented_with_an_example(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert re.search(r"^  Examples?:\n    eventscope", result.stdout, re.MULTILINE), result.stdout
    # Every option says what it does.
    target = cli.main if not command else cli.main.commands[command[0]]
    for parameter in target.params:
        if isinstance(parameter, click.Option):
            assert parameter.help, f"{' '.join(command)} {parameter.opts[0]} has no help"


def test_the_commands() -> None:
    assert {"config", "eval", "export", "load", "open", "sides"} <= set(cli.main.commands)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"eventscope, version {importlib.metadata.version('eventscope')}\n"


# --- the bundled seeds and the installed script -------------------------------------------------


def test_bundled_seeds_hold_the_article_its_metadata_and_the_sides() -> None:
    seeds = bundled_seeds()
    assert {path.name for path in seeds.iterdir()} >= {
        f"{SEED_NAME}.txt",
        f"{SEED_NAME}.meta.toml",
        "sides.toml",
    }
    if SHARED_SEED.is_file():
        # Copied unchanged from the shared seeds.
        assert (seeds / f"{SEED_NAME}.txt").read_bytes() == SHARED_SEED.read_bytes()


@pytest.mark.skipif(shutil.which("eventscope") is None, reason="eventscope is not on PATH")
def test_the_installed_script_loads_with_stdin_closed(tmp_path: Path) -> None:
    # `<&-`: a cron job or service may start it without stdin; only "-" needs one.
    result = subprocess.run(
        ["sh", "-c", f'eventscope load "{SEEDS}" --db script.db <&-'],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert SUMMARY.fullmatch(result.stdout.strip()) is not None
    assert count(tmp_path / "script.db", "articles") == 1
