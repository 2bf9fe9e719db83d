"""Small throwaway databases for tests, written through the real schema, writer and sides code.

A test describes an article as sentences, actors and events in words; offsets are found by
searching the sentence, so a test reads like the article it describes. Nothing here guesses:
an event's trigger, date words and actors must occur in its sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from store.database import open_for_writing
from store.extract.records import (
    Actor,
    ArticleExtraction,
    Casualty,
    DateMention,
    Event,
    Mention,
    Quote,
    Sentence,
)
from store.sides import Side, store_sides
from store.sources import SourceArticle
from store.writer import text_sha256, write_article


@dataclass(frozen=True)
class EventSpec:
    """An event in a sentence, by the words it was read from."""

    sentence: int
    event_type: str
    trigger: str
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    date: tuple[str | None, str | None, str | None, str] | None = None
    """``(date_start, date_end, precision, date words)``."""
    claimed_by: str | None = None
    status: str = "asserted"
    modality: str = "actual"
    summary: str | None = None


@dataclass(frozen=True)
class QuoteSpec:
    """A quote in a sentence, by its words."""

    sentence: int
    text: str
    speaker: str | None
    speaker_text: str | None = None
    cue: str | None = "said"
    medium: str | None = None


@dataclass(frozen=True)
class ArticleSpec:
    """An article as its sentences (one paragraph each) and what was found in them."""

    sentences: tuple[str, ...]
    actors: tuple[Actor, ...] = ()
    events: tuple[EventSpec, ...] = ()
    quotes: tuple[QuoteSpec, ...] = ()
    casualties: tuple[tuple[int, str, int], ...] = ()
    """``(sentence, kind, count)`` figures."""
    title: str = "A test article"
    published: str | None = "2020-09-28"
    source: str | None = "Test Wire"
    extra: dict = field(default_factory=dict)


def _find(sentence: Sentence, words: str) -> tuple[int, int]:
    at = sentence.text.find(words)
    if at < 0:
        raise ValueError(f"{words!r} is not in sentence {sentence.idx}: {sentence.text!r}")
    return sentence.start + at, sentence.start + at + len(words)


def _extraction(spec: ArticleSpec) -> tuple[str, ArticleExtraction]:
    text = "\n\n".join(spec.sentences)
    sentences = []
    start = 0
    for idx, sentence_text in enumerate(spec.sentences):
        sentences.append(
            Sentence(idx, start, start + len(sentence_text), sentence_text, "body", idx)
        )
        start += len(sentence_text) + 2
    mentions = []
    for sentence in sentences:
        # Longest names first, and no overlaps: "Armenian forces" is not also "Armenia".
        names = sorted(
            ((name, actor.name) for actor in spec.actors for name in (actor.name, *actor.aliases)),
            key=lambda pair: -len(pair[0]),
        )
        taken: set[int] = set()
        for name, actor_name in names:
            at = sentence.text.find(name)
            span = set(range(at, at + len(name)))
            if at >= 0 and not span & taken:
                taken |= span
                begin = sentence.start + at
                mentions.append(Mention(actor_name, sentence.idx, begin, begin + len(name), name))
    events = []
    for event in spec.events:
        sentence = sentences[event.sentence]
        trigger_start, trigger_end = _find(sentence, event.trigger)
        date = None
        if event.date is not None:
            date_start, date_end, precision, words = event.date
            words_start, words_end = _find(sentence, words)
            date = DateMention(words, words_start, words_end, date_start, date_end, precision)
        events.append(
            Event(
                sentence_idx=event.sentence,
                event_type=event.event_type,
                cameo_root="19" if event.event_type == "ASSAULT" else "01",
                mode=None,
                trigger=event.trigger,
                trigger_start=trigger_start,
                trigger_end=trigger_end,
                summary=event.summary or f"{event.trigger} ({event.event_type.lower()})",
                date=date,
                location=None,
                claimed_by=event.claimed_by,
                status=event.status,
                modality=event.modality,
                sources=event.sources,
                targets=event.targets,
            )
        )
    quotes = []
    for quote in spec.quotes:
        quote_start, quote_end = _find(sentences[quote.sentence], quote.text)
        quotes.append(
            Quote(
                sentence_idx=quote.sentence,
                speaker=quote.speaker,
                speaker_text=quote.speaker_text or quote.speaker,
                text=quote.text,
                kind="direct",
                cue=quote.cue,
                medium=quote.medium,
                start=quote_start,
                end=quote_end,
            )
        )
    casualties = [
        Casualty(
            sentence_idx=idx,
            kind=kind,
            count_min=count,
            count_max=count,
            qualifier="exact",
            cumulative=False,
            victims="servicemen",
            victim_actor=None,
            claimed_by=None,
            event_idx=None,
            start=sentences[idx].start,
            end=sentences[idx].end,
        )
        for idx, kind, count in spec.casualties
    ]
    return text, ArticleExtraction(
        sentences=tuple(sentences),
        actors=spec.actors,
        mentions=tuple(mentions),
        events=tuple(events),
        casualties=tuple(casualties),
        quotes=tuple(quotes),
    )


def build_database(path: Path, articles: list[ArticleSpec], sides: tuple[Side, ...] = ()) -> Path:
    """Write these articles (and sides) into a new database file at ``path``."""
    db = open_for_writing(path)
    conn = db.conn
    try:
        for number, spec in enumerate(articles):
            text, extraction = _extraction(spec)
            article = SourceArticle(
                text=text,
                title=spec.title,
                published=spec.published,
                source=spec.source,
                url=None,
                path=f"article-{number}.txt",
                external_id=None,
            )
            write_article(conn, article, extraction, text_sha256(text))
        if sides:
            store_sides(conn, sides)
    finally:
        conn.close()
    return path


ARMENIA = Side("Armenia", "#e8833a", ("Armenia", "Armenian forces"))
AZERBAIJAN = Side("Azerbaijan", "#3b8fd9", ("Azerbaijan",))

WAR_ACTORS = (
    Actor("Armenia", "state", "ARM"),
    Actor("Azerbaijan", "state", "AZE"),
    Actor("Armenian forces", "military", "ARM", parent="Armenia"),
    Actor(
        "Azerbaijan's defence ministry",
        "government",
        "AZE",
        parent="Azerbaijan",
        aliases=("Azerbaijan’s defence ministry",),
    ),
    Actor("Terter", "group", "AZE"),
    Actor("Donald Trump", "person", "USA"),
    Actor("Russia", "state", "RUS"),
)

WAR_ARTICLE = ArticleSpec(
    title="Armenia and Azerbaijan fight over [Nagorno-Karabakh]",
    sentences=(
        "Azerbaijan’s defence ministry said Armenian forces were attacking Terter on Monday.",
        "Armenia accused Azerbaijan of shelling villages on Sunday.",
        "Donald Trump said the United States would try to end the violence.",
        "Russia called for a ceasefire in September.",
        "The two countries fought a war in the 1990s.",
        "Azerbaijan denied that it attacked [bold]Stepanakert[/] (see '; drop table events; --).",
        "Officials said 15 servicemen died in shelling, “We will fight to the death,” one added.",
    ),
    actors=WAR_ACTORS,
    events=(
        EventSpec(
            0,
            "ASSAULT",
            "attacking",
            sources=("Armenian forces",),
            targets=("Terter",),
            date=("2020-09-28", "2020-09-28", "day", "on Monday"),
            claimed_by="Azerbaijan's defence ministry",
            status="claimed",
            summary="Armenian forces attacking Terter",
        ),
        EventSpec(
            1,
            "ACCUSE",
            "accused",
            sources=("Armenia",),
            targets=("Azerbaijan",),
            date=("2020-09-27", "2020-09-27", "day", "on Sunday"),
        ),
        EventSpec(
            1,
            "ASSAULT",
            "shelling",
            sources=("Azerbaijan",),
            date=("2020-09-27", "2020-09-27", "day", "on Sunday"),
            claimed_by="Armenia",
            status="claimed",
        ),
        EventSpec(2, "COOPERATE", "end the violence", sources=("Donald Trump",), modality="future"),
        EventSpec(
            3,
            "REQUEST",
            "called for a ceasefire",
            sources=("Russia",),
            date=("2020-09-01", "2020-09-30", "month", "in September"),
        ),
        EventSpec(
            4,
            "ASSAULT",
            "fought a war",
            date=("1990-01-01", "1999-12-31", "decade", "in the 1990s"),
            modality="historical",
        ),
        EventSpec(
            5,
            "ASSAULT",
            "attacked",
            sources=("Azerbaijan",),
            status="denied",
            summary="attacked [bold]Stepanakert[/]",
        ),
        EventSpec(6, "ASSAULT", "shelling"),
    ),
    quotes=(
        QuoteSpec(6, "We will fight to the death", None, speaker_text="one", cue="added"),
        QuoteSpec(2, "would try to end the violence", "Donald Trump", medium="AFP"),
    ),
    casualties=((6, "killed", 15),),
)

# Dates at every precision, for the timeline's day headings and the histogram: two events on
# one day, a month and a day sharing 1 September, a week, a year, a decade and two undated.
DAYS_ARTICLE = ArticleSpec(
    title="A week of fighting",
    sentences=(
        "Armenian forces shelled Terter on Monday and Azerbaijan struck back on Monday.",
        "Armenia accused Azerbaijan of shelling villages on Sunday.",
        "Russia called for a ceasefire in September.",
        "Azerbaijan attacked Stepanakert on 1 September.",
        "Armenia mobilised its reserves last week.",
        "The two countries fought a war in the 1990s.",
        "A ceasefire was signed in 1994.",
        "Donald Trump said the United States would try to end the violence.",
        "Officials said 15 servicemen died in shelling.",
    ),
    actors=WAR_ACTORS,
    events=(
        EventSpec(
            0,
            "ASSAULT",
            "shelled",
            sources=("Armenian forces",),
            targets=("Terter",),
            date=("2020-09-28", "2020-09-28", "day", "on Monday"),
        ),
        EventSpec(
            0,
            "ASSAULT",
            "struck back",
            sources=("Azerbaijan",),
            date=("2020-09-28", "2020-09-28", "day", "on Monday"),
        ),
        EventSpec(
            1,
            "ACCUSE",
            "accused",
            sources=("Armenia",),
            targets=("Azerbaijan",),
            date=("2020-09-27", "2020-09-27", "day", "on Sunday"),
        ),
        EventSpec(
            2,
            "REQUEST",
            "called for a ceasefire",
            sources=("Russia",),
            date=("2020-09-01", "2020-09-30", "month", "in September"),
        ),
        EventSpec(
            3,
            "ASSAULT",
            "attacked",
            sources=("Azerbaijan",),
            date=("2020-09-01", "2020-09-01", "day", "on 1 September"),
        ),
        EventSpec(
            4,
            "MOBILIZE",
            "mobilised",
            sources=("Armenia",),
            date=("2020-09-21", "2020-09-27", "week", "last week"),
        ),
        EventSpec(
            5,
            "ASSAULT",
            "fought a war",
            date=("1990-01-01", "1999-12-31", "decade", "in the 1990s"),
            modality="historical",
        ),
        EventSpec(
            6,
            "AGREE",
            "ceasefire was signed",
            date=("1994-01-01", "1994-12-31", "year", "in 1994"),
            modality="historical",
        ),
        EventSpec(7, "COOPERATE", "end the violence", sources=("Donald Trump",), modality="future"),
        EventSpec(8, "ASSAULT", "shelling"),
    ),
)


def month_of_fighting(days: int = 20) -> ArticleSpec:
    """An article with 1 to 3 events on each of ``days`` days of October 2020 (day ``d`` has
    ``d % 3 + 1``), Armenian forces attacking on odd days and Azerbaijan on even ones, then
    three undated events: enough lines to page through."""
    sentences = [f"Shelling hit Terter on {day} October." for day in range(1, days + 1)]
    events = [
        EventSpec(
            day - 1,
            "ASSAULT",
            "Shelling",
            sources=("Armenian forces",) if day % 2 else ("Azerbaijan",),
            date=(f"2020-10-{day:02d}", f"2020-10-{day:02d}", "day", f"on {day} October"),
        )
        for day in range(1, days + 1)
        for _ in range(day % 3 + 1)
    ]
    sentences.append("Officials said shelling went on.")
    events += [EventSpec(days, "ASSAULT", "shelling")] * 3
    return ArticleSpec(
        title="A month of fighting",
        sentences=tuple(sentences),
        actors=WAR_ACTORS,
        events=tuple(events),
    )
