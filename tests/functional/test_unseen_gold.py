"""Articles written for the tests without knowledge of extraction's rules, against their gold files.

Each article in tests/gold/articles/ is loaded (with that folder's sides file) into a fresh
database and scored against its hand-made gold file. unseen_1 and unseen_2 were written first
and then used to improve the rules, so they are a development set and hold floors; the held-out
articles were written afterwards and are only reported. Run with ``pytest -s`` to see each
report: precision, recall and every miss, false item and wrong field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store.evaluate import Report, evaluate, format_report, read_gold
from store.loader import load

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"
ARTICLES = GOLD / "articles"
SIDES = ARTICLES / "sides.toml"
UNSEEN = ("unseen_1", "unseen_2")
# Floors on the development articles, a little under what extraction reaches, so that a change
# that loses ground on text the seed does not cover fails.
FLOORS = {
    "events": 0.75,
    "quotes": 0.75,
    "actors": 0.90,
    "casualties": 0.65,
}


def evaluated(name: str, tmp_path: Path) -> Report:
    """Load one test article into a fresh database and evaluate it against its gold file."""
    db_path = tmp_path / f"{name}.db"
    summary = load([str(ARTICLES / f"{name}.txt")], db_path, sides_path=SIDES)
    assert summary.articles == 1 and not summary.problems, summary.problems

    report = evaluate(db_path, read_gold(GOLD / f"{name}.json"))
    print(f"\n{format_report(report)}")

    assert isinstance(report, Report)
    assert report.article.endswith(f"{name}.txt")
    assert not report.notes, report.notes
    return report


@pytest.mark.parametrize("name", UNSEEN)
def test_unseen_article_is_evaluated_against_its_gold(name: str, tmp_path: Path) -> None:
    report = evaluated(name, tmp_path)
    for kind, floor in FLOORS.items():
        score = getattr(report, kind)
        assert score.f1 is not None and score.f1 >= floor, (kind, score.f1)
    assert report.quotes.agreement["speaker"].value >= 0.9


# Articles written after the rules were tuned, by an annotator who did not read the rules; one
# round of general fixes followed their first report, so they are no longer fully held out.
HELD_OUT = ("unseen_3", "unseen_4")


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_article_is_evaluated_against_its_gold(name: str, tmp_path: Path) -> None:
    report = evaluated(name, tmp_path)
    assert report.events.gold > 0
