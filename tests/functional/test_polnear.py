"""Quote attribution on PolNeAR dev (../shared/eval), held at the floors issue 3 sets.

The scoring rules are in tests/polnear.py; ``python tests/polnear.py --misses`` lists what
goes wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from polnear import Scores, score

POLNEAR = Path(__file__).resolve().parents[2].parent / "shared/eval/polnear-dev.jsonl"

pytestmark = pytest.mark.skipif(not POLNEAR.exists(), reason="../shared/eval is absent")


@pytest.fixture(scope="module")
def scores() -> Scores:
    return score(POLNEAR)


def test_direct_quotes_are_found(scores: Scores) -> None:
    direct = scores.direct
    print(f"direct quotes: P {direct.precision:.3f} R {direct.recall:.3f} F1 {direct.f1:.3f}")
    assert direct.f1 >= 0.90


def test_direct_quotes_have_the_right_speaker(scores: Scores) -> None:
    direct = scores.direct
    print(f"speaker accuracy: {direct.speaker_accuracy:.3f} of {direct.speakers}")
    assert direct.speakers >= 250
    assert direct.speaker_accuracy >= 0.90


def test_every_attribution_at_its_floor(scores: Scores) -> None:
    """Indirect and mixed attributions too: the floors are what the rules reach, less a
    margin, so that no change slips back unnoticed."""
    every = scores.every
    print(
        f"all attributions: P {every.precision:.3f} R {every.recall:.3f} "
        f"speaker {every.speaker_accuracy:.3f}"
    )
    assert every.precision >= 0.90
    assert every.recall >= 0.35
    assert every.speaker_accuracy >= 0.83
