"""The seed article against its hand-made gold file: the floors extraction must hold.

Run with ``pytest -s`` to see the whole report: precision, recall and every miss.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from store.evaluate import Finding, Report, evaluate, format_report, read_gold
from tui import cli

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold" / "seed.json"
SEED_ARTICLE = "000_6c9d7abade3290fb.txt"
# The third parties, by their canonical names: they belong to no side of the war.
THIRD_PARTIES = (
    "United States",
    "United Nations",
    "Russia",
    "Organization for Security and Co-operation in Europe",
    "Pope Francis",
    "International Crisis Group",
)


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return read_gold(GOLD)


@pytest.fixture(scope="module")
def report(seed_db: Path, gold: dict[str, Any]) -> Report:
    report = evaluate(seed_db, gold)
    print(f"\n{format_report(report)}")
    return report


def listing(findings: Sequence[Finding]) -> str:
    """Findings for an assertion message, one a line."""
    return "\n".join(
        f"  [{f.sentence_idx}] {f.item}"
        + "".join(f"; {d.field}: gold {d.gold}, predicted {d.predicted}" for d in f.differences)
        for f in findings
    )


def test_events_have_type_actors_and_date_right_at_0_9(report: Report) -> None:
    events = report.events
    assert events.precision is not None and events.precision >= 0.9, (
        f"precision {events.precision}; false items:\n{listing(events.false_items)}"
    )
    assert events.recall is not None and events.recall >= 0.9, (
        f"recall {events.recall}; misses:\n{listing(events.misses)}"
    )


def test_quotes_are_found_with_their_speakers_at_0_95(report: Report) -> None:
    quotes = report.quotes
    assert quotes.recall is not None and quotes.recall >= 0.95, (
        f"recall {quotes.recall}; misses:\n{listing(quotes.misses)}"
    )
    speaker = quotes.agreement["speaker"].value
    assert speaker is not None and speaker >= 0.95, (
        f"speaker accuracy {speaker}; wrong:\n{listing(quotes.wrong)}"
    )


def test_every_casualty_count_is_found(report: Report) -> None:
    casualties = report.casualties
    assert casualties.paired == casualties.gold, f"misses:\n{listing(casualties.misses)}"


def test_every_actor_of_the_conflict_is_on_its_side(report: Report, gold: dict[str, Any]) -> None:
    sided = {actor["name"] for actor in gold["actors"] if actor.get("side")}
    assert sided, "the gold names no actor of the conflict"
    missed = sorted(sided & _names(report.actors.misses))
    wrong = sorted(sided & _wrong_sides(report))
    assert not missed and not wrong, f"not found: {missed}; on another side: {wrong}"


def test_third_parties_are_on_no_side(report: Report, gold: dict[str, Any]) -> None:
    sides = {actor["name"]: actor.get("side", "absent") for actor in gold["actors"]}
    assert {name: sides.get(name, "absent") for name in THIRD_PARTIES} == dict.fromkeys(
        THIRD_PARTIES
    ), "the gold should list every third party with side null"
    missed = sorted(set(THIRD_PARTIES) & _names(report.actors.misses))
    wrong = sorted(set(THIRD_PARTIES) & _wrong_sides(report))
    assert not missed and not wrong, f"not found: {missed}; on a side: {wrong}"


def _names(findings: Sequence[Finding]) -> set[str]:
    # An actor finding's item is "Name (kind, side)".
    return {finding.item.rsplit(" (", 1)[0] for finding in findings}


def _wrong_sides(report: Report) -> set[str]:
    return _names([f for f in report.actors.wrong if any(d.field == "side" for d in f.differences)])


# --- the eval command ---------------------------------------------------------------------------


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), prog_name="eventscope")


def write_gold(folder: Path, gold: dict[str, Any]) -> Path:
    path = folder / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def test_eval_prints_the_report_for_a_database(seed_db: Path) -> None:
    result = run("eval", str(GOLD), "--db", str(seed_db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("article: ") and lines[0].endswith(f"/seeds/{SEED_ARTICLE}")
    assert ["kind", "gold", "predicted", "correct", "P", "R", "F1"] in [
        line.split() for line in lines
    ]
    assert any(line.startswith("quotes      paired ") for line in lines)


def test_eval_without_a_database_extracts_the_seed_article(tmp_path: Path) -> None:
    gold = {
        "article": SEED_ARTICLE,
        "actors": [{"name": "Armenia", "kind": "state", "side": "Armenia"}],
        "quotes": [
            {
                "sentence": "“Karabakh is Azerbaijan,” he said.",
                "text": "Karabakh is Azerbaijan",
                "speaker": None,
            }
        ],
    }
    result = run("eval", str(write_gold(tmp_path, gold)))
    assert result.exit_code == 0, result.output
    assert "from the bundled seeds into a temporary database" in result.stderr
    table = result.stdout.splitlines()[2:7]
    rows = {line.split()[0]: line.split()[1:] for line in table}
    # gold, predicted, correct, P, R, F1: the one gold item of each kind is found.
    assert rows["actors"][0] == rows["actors"][2] == "1" and rows["actors"][4] == "1.00"
    assert rows["quotes"][0] == rows["quotes"][2] == "1" and rows["quotes"][4] == "1.00"
    assert "      speaker: gold none, predicted Ilham Aliyev" in result.stdout


def test_eval_with_a_gold_that_does_not_fit_exits_2(tmp_path: Path, seed_db: Path) -> None:
    gold = {"article": SEED_ARTICLE, "events": [{"sentence": "no such words", "event_type": "X"}]}
    result = run("eval", str(write_gold(tmp_path, gold)), "--db", str(seed_db))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "events[0] (X): sentence 'no such words' matches no sentence" in result.stderr


def test_eval_of_an_article_that_is_not_a_seed_exits_2(tmp_path: Path) -> None:
    result = run("eval", str(write_gold(tmp_path, {"article": "elsewhere.txt"})))
    assert result.exit_code == 2
    assert "'elsewhere.txt' is not a bundled seed article" in result.stderr
    assert "give --db" in result.stderr
