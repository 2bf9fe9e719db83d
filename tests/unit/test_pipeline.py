"""The whole extraction of one article: what is not prose gives nothing, repeats count once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from store.extract import extract_article

MONDAY = date(2020, 9, 28)
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_a_repeated_paragraph_does_not_double_its_items() -> None:
    paragraph = (
        "Azerbaijan’s defence ministry said Armenian forces were attacking the town of Terter, "
        "and two civilians were killed."
    )
    once = extract_article(paragraph, MONDAY)
    twice = extract_article(paragraph + "\n\n" + paragraph, MONDAY)
    assert len(once.events) == len(twice.events) == 1
    assert len(once.quotes) == len(twice.quotes) == 1
    assert len(once.casualties) == len(twice.casualties) == 1
    assert len(twice.sentences) == 2


def test_headings_captions_bylines_and_links_give_no_items() -> None:
    text = (
        "Armenian forces attacked Azerbaijani positions\n\n"
        "By Ilham Aliyev\n\n"
        "Photo: Armenian forces attacked Azerbaijani positions, killing 12 soldiers. AFP\n\n"
        "Read More: Armenian forces attacked Azerbaijani positions, Pashinyan said\n\n"
        "The talks resumed on Monday."
    )
    extraction = extract_article(text, MONDAY)
    assert [s.kind for s in extraction.sentences] == [
        "heading",
        "boilerplate",
        "caption",
        "boilerplate",
        "body",
    ]
    assert extraction.events == ()
    assert extraction.quotes == ()
    assert extraction.casualties == ()
    assert extraction.mentions == ()


def test_every_item_lies_inside_its_sentence() -> None:
    text = (SEEDS / "000_6c9d7abade3290fb.txt").read_text(encoding="utf-8")
    extraction = extract_article(text, MONDAY)
    sentences = {s.idx: s for s in extraction.sentences}
    spans = [(q.sentence_idx, q.start, q.end) for q in extraction.quotes]
    spans += [(m.sentence_idx, m.start, m.end) for m in extraction.mentions]
    spans += [(e.sentence_idx, e.trigger_start, e.trigger_end) for e in extraction.events]
    spans += [(c.sentence_idx, c.start, c.end) for c in extraction.casualties]
    for sentence_idx, start, end in spans:
        sentence = sentences[sentence_idx]
        assert sentence.start <= start < end <= sentence.end
