"""Pure extraction: article text in, records out (no I/O, no SQL)."""

from __future__ import annotations

import dataclasses
from datetime import date

from store.extract.actors import find_actors
from store.extract.casualties import find_casualties
from store.extract.dates import find_dates
from store.extract.events import find_events
from store.extract.quotes import find_quotes
from store.extract.records import ArticleExtraction, Casualty, Event, Sentence
from store.extract.sentences import split_sentences


def extract_article(
    text: str, published: date | None = None, title: str | None = None
) -> ArticleExtraction:
    """Extract sentences, actors, quotes, events and casualties from one article.

    Only body sentences give items (headings, captions and boilerplate never do), and a
    sentence an outlet repeats (a caption copying a paragraph) gives its items once.

    Args:
        text: the article text; every offset in the result indexes into it.
        published: the publication date that relative dates are resolved against.
        title: the article's title, so that a repeated title line is not read as prose.
    """
    sentences = split_sentences(text, title)
    body = _distinct_body(sentences)
    actors, mentions = find_actors(text, body)
    quotes = find_quotes(text, body, mentions, actors)
    dates = {s.idx: find_dates(s.text, published, offset=s.start) for s in body}
    events, organs = find_events(text, body, mentions, actors, quotes, dates, published)
    actors += organs
    casualties, victims = find_casualties(text, body, mentions, actors, quotes, events)
    return ArticleExtraction(
        sentences=sentences,
        actors=actors + victims,
        mentions=mentions,
        events=_with_victims_as_targets(events, casualties),
        casualties=casualties,
        quotes=quotes,
    )


def _distinct_body(sentences: tuple[Sentence, ...]) -> list[Sentence]:
    seen: set[str] = set()
    body: list[Sentence] = []
    for sentence in sentences:
        key = " ".join(sentence.text.split()).casefold()
        if sentence.kind == "body" and key not in seen:
            seen.add(key)
            body.append(sentence)
    return body


def _with_victims_as_targets(
    events: tuple[Event, ...], casualties: tuple[Casualty, ...]
) -> tuple[Event, ...]:
    """ "a family of five died in shelling launched by Armenian rebels": the victims of an
    attack are its target when the text names no other."""
    victims: dict[int, list[str]] = {}
    for casualty in casualties:
        if casualty.event_idx is not None and casualty.victim_actor:
            victims.setdefault(casualty.event_idx, []).append(casualty.victim_actor)
    result = list(events)
    for index, names in victims.items():
        event = events[index]
        targets = tuple(n for n in dict.fromkeys(names) if n not in event.sources)
        if not event.targets and targets:
            result[index] = dataclasses.replace(event, targets=targets)
    return tuple(result)
