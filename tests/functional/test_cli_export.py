"""`eventscope export`: the app's filters on the command line, and every format with its source."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from dbfactory import WAR_ARTICLE

from tui import cli


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTSCOPE_DB", raising=False)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, ["export", *args], prog_name="eventscope")


def csv_rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def sentences(rows: list[dict[str, str]], column: str = "sentence") -> list[str]:
    return [row[column] for row in rows]


def exported(war_db: Path, *args: str) -> list[dict[str, str]]:
    result = run("--db", str(war_db), *args, "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    return csv_rows(result.stdout)


# --- formats ------------------------------------------------------------------------------------


def test_csv_to_a_file_has_every_event_with_its_source(war_db: Path) -> None:
    result = run("--db", str(war_db), "-o", "events.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "eventscope: wrote 8 events to events.csv (csv)\n"
    rows = csv_rows(Path("events.csv").read_text(encoding="utf-8"))
    assert len(rows) == 8
    assert all(row["sentence"] in WAR_ARTICLE.sentences for row in rows)
    assert {row["article_title"] for row in rows} == {WAR_ARTICLE.title}
    assert {"sentence_id", "article_id", "article_url", "article_published"} <= set(rows[0])


def test_jsonl_of_quotes_to_stdout(war_db: Path) -> None:
    result = run("--db", str(war_db), "--quotes", "--format", "jsonl", "-o", "-")
    assert result.exit_code == 0, result.output
    quotes = [json.loads(line) for line in result.stdout.splitlines()]
    assert {quote["quote"] for quote in quotes} == {
        "We will fight to the death",
        "would try to end the violence",
    }
    assert result.stderr == "eventscope: wrote 2 quotes to stdout (jsonl)\n"


def test_acled_rows_and_a_note_on_what_was_left_out(war_db: Path) -> None:
    result = run("--db", str(war_db), "--format", "acled", "-o", "acled.csv")
    assert result.exit_code == 0, result.output
    rows = csv_rows(Path("acled.csv").read_text(encoding="utf-8"))
    attack = next(row for row in rows if row["notes"] == WAR_ARTICLE.sentences[0])
    assert {key: attack[key] for key in ("event_date", "time_precision", "event_type")} == {
        "event_date": "2020-09-28",
        "time_precision": "1",
        "event_type": "Battles",
    }
    assert (attack["actor1"], attack["actor2"], attack["source"]) == (
        "Armenian forces",
        "Terter",
        "Test Wire",
    )
    lines = result.stderr.splitlines()
    assert lines[0] == "eventscope: wrote 5 events to acled.csv (acled)"
    assert re.fullmatch(
        r"eventscope: note: left out 3 of 8 events \((ACCUSE|REQUEST|future) 1, .*\): ACLED codes "
        r"political violence, .*; --format cameo keeps every event",
        lines[1],
    )
    assert len(lines) == 2


def test_cameo_is_tab_separated_with_gdelt_columns(war_db: Path) -> None:
    result = run("--db", str(war_db), "--format", "cameo", "-o", "-")
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout, delimiter="\t")
    assert len(rows) == 8
    assert list(rows[0])[:3] == ["GLOBALEVENTID", "SQLDATE", "MonthYear"]
    accusation = next(row for row in rows if row["plover_type"] == "ACCUSE")
    assert {
        key: accusation[key]
        for key in ("SQLDATE", "Actor1Name", "Actor1CountryCode", "Actor2Name", "QuadClass")
    } == {
        "SQLDATE": "20200927",
        "Actor1Name": "Armenia",
        "Actor1CountryCode": "ARM",
        "Actor2Name": "Azerbaijan",
        "QuadClass": "3",
    }
    assert accusation["sentence"] == WAR_ARTICLE.sentences[1]


def test_the_seed_to_acled(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "--format", "acled", "--no-historical", "-o", "a.csv")
    assert result.exit_code == 0, result.output
    rows = csv_rows(Path("a.csv").read_text(encoding="utf-8"))
    shelling = next(row for row in rows if "family of five" in row["notes"])
    assert (shelling["event_type"], shelling["sub_event_type"], shelling["fatalities"]) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "5",
    )
    assert shelling["claimed_by"]
    assert not any(row["modality"] == "historical" for row in rows)
    written = int(re.search(r"wrote (\d+) events", result.stderr).group(1))
    left_out, total = map(int, re.search(r"left out (\d+) of (\d+)", result.stderr).groups())
    assert written == len(rows) == total - left_out


# --- filters ------------------------------------------------------------------------------------


def test_side_and_other(war_db: Path) -> None:
    azerbaijan = exported(war_db, "--side", "azerbaijan")
    assert sentences(azerbaijan) == [WAR_ARTICLE.sentences[i] for i in (1, 1, 0, 5)]
    others = exported(war_db, "--side", "other")
    assert WAR_ARTICLE.sentences[6] in sentences(others)


def test_actor_by_name_or_alias_in_any_case(war_db: Path) -> None:
    rows = exported(war_db, "--actor", "RUSSIA", "--actor", "donald trump")
    assert sentences(rows) == [WAR_ARTICLE.sentences[3], WAR_ARTICLE.sentences[2]]
    by_alias = exported(war_db, "--actor", "Azerbaijan’s defence ministry")
    assert sentences(by_alias) == []  # it claims the attack but takes no part in it


def test_dates_in_words(war_db: Path) -> None:
    rows = exported(war_db, "--since", "28 Sep 2020")
    assert [row["date_start"] for row in rows] == ["2020-09-01", "2020-09-28"]
    rows = exported(war_db, "--until", "1999")
    assert [row["date_text"] for row in rows] == ["in the 1990s"]


def test_type_status_search_and_no_historical(war_db: Path) -> None:
    assert len(exported(war_db, "--type", "assault")) == 5
    assert len(exported(war_db, "--type", "ASSAULT", "--no-historical")) == 4
    claimed = exported(war_db, "--status", "claimed", "--status", "denied")
    assert {row["status"] for row in claimed} == {"claimed", "denied"}
    assert sentences(exported(war_db, "--search", "villag sund")) == [
        WAR_ARTICLE.sentences[1],
        WAR_ARTICLE.sentences[1],
    ]


# --- mistakes -----------------------------------------------------------------------------------


def test_an_unknown_actor_lists_close_names(war_db: Path) -> None:
    result = run("--db", str(war_db), "--actor", "Armenian force", "-o", "x.csv")
    assert result.exit_code == 2
    assert (
        "Invalid value for --actor: no actor named 'Armenian force' "
        "(did you mean Armenian forces, Armenia?)" in result.stderr
    )
    assert not Path("x.csv").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--side", "Russia"), "no side 'Russia' (the sides are Armenia, Azerbaijan, other)"),
        (("--since", "the other day"), "Invalid value for --since: cannot read"),
        (("--until", "since 2020"), "'since 2020' has no end"),
        (("--type", "SPEAK"), "Invalid value for '--type'"),
        (("--format", "acled", "--quotes"), "--quotes: acled rows are events"),
        (("--quotes", "--type", "ASSAULT"), "--type, --status and --no-historical filter events"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(
    war_db: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("--db", str(war_db), *args, "-o", "x.csv")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not Path("x.csv").exists()


def test_the_format_comes_from_the_name_or_must_be_given(war_db: Path) -> None:
    result = run("--db", str(war_db), "-o", "events.tsv")
    assert result.exit_code == 2
    assert "give --format (csv, json, jsonl, acled or cameo)" in result.stderr
    assert run("--db", str(war_db), "-o", "-").exit_code == 2
    assert run("--db", str(war_db), "-o", "events.JSON").exit_code == 0
    assert isinstance(json.loads(Path("events.JSON").read_text(encoding="utf-8")), list)


def test_a_missing_database_or_folder_exits_2(war_db: Path) -> None:
    result = run("--db", "missing.db", "-o", "x.csv")
    assert (result.exit_code, result.stderr) == (
        2,
        "eventscope: missing.db: no such database file\n",
    )
    result = run("--db", str(war_db), "-o", "nowhere/x.csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("eventscope: nowhere/x.csv: cannot write the export")


def test_the_default_database_is_used(war_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTSCOPE_DB", str(war_db))
    result = run("--format", "cameo", "-o", "-")
    assert result.exit_code == 0
    assert len(csv_rows(result.stdout, delimiter="\t")) == 8
