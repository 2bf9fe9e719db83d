"""Articles written for the tests without knowledge of extraction's rules, against their gold files.

Each article in tests/gold/articles/ is loaded (with that folder's sides file) into a fresh
database and scored against its hand-made gold file. No score floors yet: the test only checks
that the evaluation runs. Run with ``pytest -s`` to see each report: precision, recall and every
miss, false item and wrong field.
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


@pytest.mark.parametrize("name", UNSEEN)
def test_unseen_article_is_evaluated_against_its_gold(name: str, tmp_path: Path) -> None:
    db_path = tmp_path / f"{name}.db"
    summary = load([str(ARTICLES / f"{name}.txt")], db_path, sides_path=SIDES)
    assert summary.articles == 1 and not summary.problems, summary.problems

    report = evaluate(db_path, read_gold(GOLD / f"{name}.json"))
    print(f"\n{format_report(report)}")

    assert isinstance(report, Report)
    assert report.article.endswith(f"{name}.txt")
    assert not report.notes, report.notes
