"""Properties of the pure extraction functions, over generated text (Hypothesis).

Whatever the text, extraction never raises, every item it returns lies inside its sentence and
is exactly the text its offsets cut, and a date is never more than the text supports.

The example counts are modest and the runs derandomized, so that the suite stays fast and the
same on every machine. For a deeper, random run:
``EVENTSCOPE_FUZZ_EXAMPLES=3000 python -m pytest tests/unit/test_properties.py``.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from store.extract import extract_article
from store.extract.actors import find_actors
from store.extract.dates import find_dates
from store.extract.quotes import find_quotes
from store.extract.records import (
    DATE_PRECISIONS,
    EVENT_MODALITIES,
    EVENT_STATUSES,
    QUOTE_KINDS,
    SENTENCE_KINDS,
    ArticleExtraction,
    DateMention,
)
from store.extract.sentences import split_sentences

_FUZZ_EXAMPLES = os.environ.get("EVENTSCOPE_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_FUZZ_EXAMPLES or 60),
    derandomize=_FUZZ_EXAMPLES is None,
    deadline=None,
    # No example database: nothing written into the checkout.
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces news text is made of, so that generated text reaches the rules (names next to
# reporting verbs, quotation marks, dates, figures), mixed with arbitrary characters.
PIECES = [
    " ",
    " ",
    " ",
    ", ",
    ". ",
    ".",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "—",
    "-",
    ":",
    ";",
    "!",
    "?",
    "…",
    '"',
    '"',
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<p>",
    "said",
    "told reporters",
    "according to",
    "added",
    "denied",
    "claimed",
    "warned",
    "that",
    "Armenia",
    "Azerbaijan",
    "Russia",
    "Turkey",
    "Nagorno-Karabakh",
    "Stepanakert",
    "Baku",
    "President",
    "Prime Minister",
    "Ilham Aliyev",
    "Nikol Pashinyan",
    "Vladimir Putin",
    "defence ministry",
    "Armenian forces",
    "Azerbaijani troops",
    "the army",
    "separatists",
    "he",
    "she",
    "they",
    "it",
    "officials",
    "a spokesman",
    "Mr",
    "Dr.",
    "U.S.",
    "AFP",
    "shelled",
    "shelling",
    "attacked",
    "killed",
    "wounded",
    "displaced",
    "missing",
    "at least",
    "more than",
    "about",
    "two",
    "dozens of",
    "12",
    "1,000",
    "3-4",
    "civilians",
    "soldiers",
    "ceasefire",
    "talks",
    "accused",
    "of",
    "the",
    "a",
    "and",
    "in",
    "on",
    "since",
    "Monday",
    "on Sunday",
    "overnight",
    "yesterday",
    "last week",
    "next month",
    "in 1991",
    "the 1990s",
    "September 27",
    "27 September 2020",
    "2020-09-28",
    "from 1991 to 1994",
    "ago",
    "three days",
    "this year",
    "in the morning",
    "early",
    "late",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=60).map("".join)
PUBLISHED = st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2040, 12, 31)))


def assert_inside(sentence_bounds: tuple[int, int], start: int, end: int, what: object) -> None:
    first, last = sentence_bounds
    assert first <= start <= end <= last, what


def assert_date(text: str, mention: DateMention) -> None:
    """A date mention is the text it cuts, and its period and precision agree."""
    assert mention.text
    assert text[mention.start : mention.end] == mention.text, mention
    assert (mention.date_start is None) == (mention.precision is None), mention
    if mention.date_start is None:
        assert mention.date_end is None, mention
        return
    assert mention.precision in DATE_PRECISIONS, mention
    start = date.fromisoformat(mention.date_start)
    assert mention.date_end is not None, mention
    assert date.fromisoformat(mention.date_end) >= start, mention


def assert_well_formed(text: str, result: ArticleExtraction) -> None:
    """Every item lies inside its sentence and is exactly the text its offsets cut."""
    bounds = {}
    for index, sentence in enumerate(result.sentences):
        assert sentence.idx == index
        assert sentence.kind in SENTENCE_KINDS
        assert text[sentence.start : sentence.end] == sentence.text, sentence
        assert sentence.text.strip(), sentence
        bounds[sentence.idx] = (sentence.start, sentence.end)
    names = {actor.name for actor in result.actors}
    assert len(names) == len(result.actors), "an actor is listed twice"
    for mention in result.mentions:
        assert_inside(bounds[mention.sentence_idx], mention.start, mention.end, mention)
        assert text[mention.start : mention.end] == mention.text, mention
        assert mention.actor in names, mention
    for quote in result.quotes:
        assert_inside(bounds[quote.sentence_idx], quote.start, quote.end, quote)
        assert text[quote.start : quote.end] == quote.text, quote
        assert quote.kind in QUOTE_KINDS, quote
        assert quote.speaker is None or quote.speaker in names, quote
    for event in result.events:
        sentence = bounds[event.sentence_idx]
        assert_inside(sentence, event.trigger_start, event.trigger_end, event)
        assert text[event.trigger_start : event.trigger_end] == event.trigger, event
        assert event.status in EVENT_STATUSES and event.modality in EVENT_MODALITIES, event
        assert set(event.sources + event.targets + event.others) <= names, event
        assert event.claimed_by is None or event.claimed_by in names, event
        if event.date is not None:
            assert_inside(sentence, event.date.start, event.date.end, event)
            assert_date(text, event.date)
    for casualty in result.casualties:
        assert_inside(bounds[casualty.sentence_idx], casualty.start, casualty.end, casualty)
        assert casualty.event_idx is None or 0 <= casualty.event_idx < len(result.events)
        if casualty.count_min is not None and casualty.count_max is not None:
            assert casualty.count_min <= casualty.count_max, casualty


@FUZZ
@given(text=TEXT, published=PUBLISHED, title=st.one_of(st.none(), TEXT))
# Found by this test: a count after a casualty word at the very start of a sentence was read
# from the sentence's end, giving a span that ended before it began.
@example(text="killed:0", published=None, title=None)
def test_extract_article_never_raises_and_every_span_is_inside_its_sentence(
    text: str, published: date | None, title: str | None
) -> None:
    assert_well_formed(text, extract_article(text, published=published, title=title))


@FUZZ
@given(text=st.text(max_size=200), published=PUBLISHED)
def test_extract_article_on_arbitrary_unicode(text: str, published: date | None) -> None:
    assert_well_formed(text, extract_article(text, published=published))


@FUZZ
@given(text=TEXT)
def test_sentences_cover_the_text_in_order_without_overlap(text: str) -> None:
    sentences = split_sentences(text)
    for before, after in zip(sentences, sentences[1:], strict=False):
        assert before.end <= after.start
    # Only whitespace falls between sentences.
    covered = set()
    for sentence in sentences:
        covered.update(range(sentence.start, sentence.end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@FUZZ
@given(text=TEXT)
def test_actors_and_quotes_of_body_sentences_stay_in_them(text: str) -> None:
    sentences = [s for s in split_sentences(text) if s.kind == "body"]
    actors, mentions = find_actors(text, sentences)
    quotes = find_quotes(text, sentences, mentions, actors)
    bounds = {s.idx: (s.start, s.end) for s in sentences}
    for item in (*mentions, *quotes):
        assert_inside(bounds[item.sentence_idx], item.start, item.end, item)
        assert text[item.start : item.end] == item.text, item


# --- dates ----------------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@FUZZ
@given(text=TEXT, published=PUBLISHED, offset=st.integers(0, 10_000))
def test_find_dates_spans_match_and_precision_goes_with_every_date(
    text: str, published: date | None, offset: int
) -> None:
    for mention in find_dates(text, published, offset=offset):
        shifted = DateMention(
            mention.text,
            mention.start - offset,
            mention.end - offset,
            mention.date_start,
            mention.date_end,
            mention.precision,
        )
        assert_date(text, shifted)


@FUZZ
@given(text=TEXT)
def test_without_a_publication_date_only_written_years_give_dates(text: str) -> None:
    # "on Monday", "last week", "September 27": nothing to count from, so no date is guessed.
    for mention in find_dates(text, None):
        if mention.date_start is None:
            continue
        years = {int(year) for year in _YEAR.findall(mention.text)}
        shown = {int(mention.date_start[:4]), int(mention.date_end[:4])}
        assert years & shown or any(str(y)[-2:] in mention.text for y in shown), mention


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@FUZZ
@given(published=st.dates(date(1950, 1, 1), date(2040, 12, 31)), weekday=st.integers(0, 6))
def test_a_bare_weekday_is_the_latest_such_day_on_or_before_publication(
    published: date, weekday: int
) -> None:
    text = f"Fighting resumed on {WEEKDAYS[weekday]}, officials said."
    (mention,) = find_dates(text, published)
    expected = published - timedelta(days=(published.weekday() - weekday) % 7)
    assert (mention.date_start, mention.date_end, mention.precision) == (
        expected.isoformat(),
        expected.isoformat(),
        "day",
    )


@FUZZ
@given(year=st.integers(1900, 2099), published=PUBLISHED)
def test_a_bare_year_is_that_year_never_a_day_in_it(year: int, published: date | None) -> None:
    (mention,) = find_dates(f"The border was drawn in {year}.", published)
    assert (mention.date_start, mention.date_end, mention.precision) == (
        f"{year}-01-01",
        f"{year}-12-31",
        "year",
    )
