"""Finding and resolving date expressions (store/extract/dates.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from store.extract.dates import find_dates, parse_date_filter
from store.extract.records import DATE_PRECISIONS, DateMention

# The seed article was published on Monday 28 September 2020.
SEED_DAY = dt.date(2020, 9, 28)
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_6c9d7abade3290fb.txt"
CORPUS = Path("/work/shared/corpus/news-2016.jsonl")

Row = tuple[str, str | None, str | None, str | None]

# Words random sentences are made of: date words, their false friends and punctuation.
FUZZ_WORDS = (
    "in on since last next this the a early late mid- of to and - – , . ' ’ 1 2 9 15 28 1990 "
    "1990s 2020 2099 1899 September Sept. May March Monday Sunday Sun yesterday today overnight "
    "week weeks month year ago two more people will said"
)


def rows(text: str, published: dt.date | None = SEED_DAY) -> list[Row]:
    """(text, date_start, date_end, precision) of every mention, checking offsets on the way."""
    mentions = find_dates(text, published)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.text, m.date_start, m.date_end, m.precision) for m in mentions]


def check_invariants(text: str, mentions: list[DateMention], offset: int = 0) -> None:
    """Offsets slice the text, mentions are ordered and disjoint, a date always has a precision."""
    previous_end = offset
    for mention in mentions:
        assert text[mention.start - offset : mention.end - offset] == mention.text
        assert mention.start >= previous_end and mention.end > mention.start
        previous_end = mention.end
        assert (mention.date_start is None) == (mention.precision is None)
        assert mention.precision is None or mention.precision in DATE_PRECISIONS
        if mention.date_start and mention.date_end:
            assert mention.date_start <= mention.date_end


# The seed article, sentence by sentence.


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Battles between Armenian and Azerbaijan forces over the disputed region of "
            "Nagorno-Karabakh have continued overnight, as international calls for calm after the "
            "heaviest fighting between the two sides in years grew.",
            [("overnight", "2020-09-27", "2020-09-28", "day")],
        ),
        (
            "The Armenian defence ministry on Monday morning reported fighting throughout the "
            "night while Azerbaijan’s defence ministry said Armenian forces were attacking the "
            "town of Terter.",
            [("Monday morning", "2020-09-28", "2020-09-28", "day")],
        ),
        (
            "The clashes between the two former Soviet republics which fought a war in the 1990s "
            "were the latest eruption of a longterm conflict over Nagorno-Karabakh.",
            [("the 1990s", "1990-01-01", "1999-12-31", "decade")],
        ),
        (
            "Defence ministry officials in Nagorno-Karabakh said on Monday 15 more servicemen had "
            "died overnight, bringing their total military fatality count to 32 since clashes "
            "erupted on Sunday morning.",
            [
                ("Monday", "2020-09-28", "2020-09-28", "day"),
                ("overnight", "2020-09-27", "2020-09-28", "day"),
                ("Sunday morning", "2020-09-27", "2020-09-27", "day"),
            ],
        ),
        (
            "“We are tired of Azerbaijan’s threats, we will fight to the death to resolve the "
            "problem once and for all,” Artak Bagdasaryan told the AFP news agency.",
            [],
        ),
        (
            "The clashes prompted a flurry of diplomacy to reduce tension in a decades-old "
            "conflict amid fears the violence could spiral out of control.",
            [],
        ),
        (
            "“One of the main reasons for the current escalation is a lack of any international "
            "mediation between the sides for weeks,” she added.",
            [],
        ),
        (
            "President Donald Trump said on Sunday that the United States would try to end the "
            "violence.",
            [("Sunday", "2020-09-27", "2020-09-27", "day")],
        ),
        (
            "Nagorno-Karabakh split from Azerbaijan as the Soviet Union collapsed in 1991.",
            [("1991", "1991-01-01", "1991-12-31", "year")],
        ),
        (
            "A ceasefire was reached in 1994 but Azerbaijan and Armenia frequently accuse each "
            "other of attacks around Nagorno-Karabakh.",
            [("1994", "1994-01-01", "1994-12-31", "year")],
        ),
        (
            "At least 200 people were killed in a blowup of the conflict between Armenia and "
            "Azerbaijan in April 2016.",
            [("April 2016", "2016-04-01", "2016-04-30", "month")],
        ),
        (
            "At least 16 people were killed in July.",
            [("July", "2020-07-01", "2020-07-31", "month")],
        ),
        (
            "“We defend our territory, our cause is right!” Azerbaijan’s President Ilham Aliyev "
            "said, echoing the words of Joseph Stalin at the outbreak of World War II in Russia.",
            [],
        ),
        (
            "Azerbaijan has plight to take back the territory by force if necessary while Armenia "
            "has said it will do all it can to defend the area.",
            [],
        ),
    ],
)
def test_seed_sentences(sentence: str, expected: list[Row]) -> None:
    assert rows(sentence) == expected


def test_seed_offsets_are_sentence_offsets_plus_offset() -> None:
    sentence = "The Armenian defence ministry on Monday morning reported fighting."
    [mention] = find_dates(sentence, SEED_DAY, offset=1000)
    assert (mention.start, mention.end) == (1000 + 33, 1000 + 47)
    assert mention == DateMention("Monday morning", 1033, 1047, "2020-09-28", "2020-09-28", "day")


def test_seed_article_whole() -> None:
    if not SEED.exists():
        pytest.skip("seed article not bundled")
    text = SEED.read_text(encoding="utf-8")
    found = [m.text for m in find_dates(text, SEED_DAY)]
    check_invariants(text, find_dates(text, SEED_DAY))
    assert found == [
        "overnight",
        "Monday morning",
        "the 1990s",
        "Monday",
        "overnight",
        "Sunday morning",
        "Sunday",
        "1991",
        "1994",
        "April 2016",
        "July",
    ]


# Words that look like dates and are not.


@pytest.mark.parametrize(
    "text",
    [
        "We are tired of it, we will fight.",
        "We may march on the capital.",
        "The sun sat low over the town.",
        "Theresa May said the talks failed.",
        "Jan Egeland and Jun Ho spoke.",
        "the 2016 election was close",
        "They searched 2000 homes in 2,016 streets for $2016.",
        "World War II ended in Europe.",
        "the heaviest fighting in years",
        "mediation between the sides for weeks",
        "a decades-old conflict",
        "Black Friday sales rose, the Sunday Times reported on Fox News Sunday.",
        "USA Today and The Tonight Show",
        "They imposed an overnight curfew.",
        "It happened more than two years ago.",
        "during his last year in office",
        "over the last week",
        "It always happens on a Thursday and every May.",
        "the September 11 attacks",
        "He is in his 30s and temperatures are in the 90s.",
        "Version 3.2020 and the 20:15 train",
    ],
)
def test_false_friends_are_not_dates(text: str) -> None:
    assert rows(text) == []


def test_count_after_a_weekday_is_not_a_day() -> None:
    assert rows("said on Monday 15 more servicemen had died") == [
        ("Monday", "2020-09-28", "2020-09-28", "day")
    ]


def test_count_after_a_month_is_not_a_day() -> None:
    assert rows("In March 15 people were killed.") == [
        ("March", "2020-03-01", "2020-03-31", "month")
    ]


def test_month_name_needs_date_context() -> None:
    assert rows("Theresa May said in March that May 2016 was hard.") == [
        ("March", "2020-03-01", "2020-03-31", "month"),
        ("May 2016", "2016-05-01", "2016-05-31", "month"),
    ]


def test_bare_year_needs_date_context() -> None:
    assert rows("the 2016 election, held in 2016") == [("2016", "2016-01-01", "2016-12-31", "year")]


def test_possessive_relative_dates() -> None:
    assert rows("after last week's attack and Monday's vote") == [
        ("last week", "2020-09-21", "2020-09-27", "week"),
        ("Monday", "2020-09-28", "2020-09-28", "day"),
    ]


def test_count_after_a_listed_year_is_not_a_year() -> None:
    assert rows("In 2016, 2000 people died.") == [("2016", "2016-01-01", "2016-12-31", "year")]


def test_lowercase_today_is_a_date_capitalised_only_at_sentence_start() -> None:
    assert rows("Today, the region is calm.") == [("Today", "2020-09-28", "2020-09-28", "day")]
    assert rows("He told USA Today that it is calm today.") == [
        ("today", "2020-09-28", "2020-09-28", "day")
    ]


# Absolute dates: the same with or without a publication date.


@pytest.mark.parametrize("published", [SEED_DAY, None])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 28 September 2020", ("28 September 2020", "2020-09-28", "2020-09-28", "day")),
        ("on September 28, 2020", ("September 28, 2020", "2020-09-28", "2020-09-28", "day")),
        ("on Sept. 28, 2020", ("Sept. 28, 2020", "2020-09-28", "2020-09-28", "day")),
        (
            "on 28th of September 2020",
            ("28th of September 2020", "2020-09-28", "2020-09-28", "day"),
        ),
        ("on 2020-09-28", ("2020-09-28", "2020-09-28", "2020-09-28", "day")),
        ("on 28/09/2020", ("28/09/2020", "2020-09-28", "2020-09-28", "day")),
        ("on 09/28/2020", ("09/28/2020", "2020-09-28", "2020-09-28", "day")),
        (
            "on Monday, September 28, 2020",
            ("Monday, September 28, 2020", "2020-09-28", "2020-09-28", "day"),
        ),
        ("on 27-28 September 2020", ("27-28 September 2020", "2020-09-27", "2020-09-28", "day")),
        ("in April 2016", ("April 2016", "2016-04-01", "2016-04-30", "month")),
        ("in Sept. 2016", ("Sept. 2016", "2016-09-01", "2016-09-30", "month")),
        ("in 1991", ("1991", "1991-01-01", "1991-12-31", "year")),
        ("by 2020", ("2020", "2020-01-01", "2020-12-31", "year")),
        ("in early 2016", ("early 2016", "2016-01-01", "2016-12-31", "year")),
        ("in mid-2016", ("mid-2016", "2016-01-01", "2016-12-31", "year")),
        ("in the summer of 2016", ("the summer of 2016", "2016-01-01", "2016-12-31", "year")),
        ("1990-1995", ("1990-1995", "1990-01-01", "1995-12-31", "year")),
        ("the 2015-16 season", ("2015-16", "2015-01-01", "2016-12-31", "year")),
        ("from 1992 to 1994", ("from 1992 to 1994", "1992-01-01", "1994-12-31", "year")),
        ("between 2001 and 2005", ("between 2001 and 2005", "2001-01-01", "2005-12-31", "year")),
        (
            "between March and May 2016",
            ("between March and May 2016", "2016-03-01", "2016-05-31", "month"),
        ),
        (
            "from 27 September to 3 October 2020",
            ("from 27 September to 3 October 2020", "2020-09-27", "2020-10-03", "day"),
        ),
        ("in the 1990s", ("the 1990s", "1990-01-01", "1999-12-31", "decade")),
        ("in the early 1990s", ("the early 1990s", "1990-01-01", "1999-12-31", "decade")),
        ("in the '90s", ("the '90s", "1990-01-01", "1999-12-31", "decade")),
        ("since the 2000s", ("since the 2000s", "2000-01-01", "2020-09-28", "decade")),
        ("on September 11, 2001", ("September 11, 2001", "2001-09-11", "2001-09-11", "day")),
    ],
)
def test_absolute_dates(text: str, expected: Row, published: dt.date | None) -> None:
    if expected[0].startswith("since") and published is None:
        expected = (expected[0], expected[1], None, expected[3])
    assert rows(text, published) == [expected]


def test_ambiguous_numeric_date_keeps_words_but_no_date() -> None:
    assert rows("on 04/05/2020") == [("04/05/2020", None, None, None)]


def test_invalid_day_is_not_a_date() -> None:
    assert rows("on 31 February 2020") == []


def test_lists_of_years_and_months() -> None:
    assert rows("in 1991, 1993 and 1994") == [
        ("1991", "1991-01-01", "1991-12-31", "year"),
        ("1993", "1993-01-01", "1993-12-31", "year"),
        ("1994", "1994-01-01", "1994-12-31", "year"),
    ]
    assert rows("in March and April") == [
        ("March", "2020-03-01", "2020-03-31", "month"),
        ("April", "2020-04-01", "2020-04-30", "month"),
    ]


def test_year_written_once_belongs_to_the_whole_list() -> None:
    assert rows("in April and July last year") == [
        ("April", "2019-04-01", "2019-04-30", "month"),
        ("July last year", "2019-07-01", "2019-07-31", "month"),
    ]
    assert rows("in December and January 2021") == [
        ("December", "2020-12-01", "2020-12-31", "month"),
        ("January 2021", "2021-01-01", "2021-01-31", "month"),
    ]


# Relative dates against Monday 2020-09-28.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Monday", ("Monday", "2020-09-28", "2020-09-28", "day")),
        ("on Monday morning", ("Monday morning", "2020-09-28", "2020-09-28", "day")),
        ("on Sunday", ("Sunday", "2020-09-27", "2020-09-27", "day")),
        ("on Sunday morning", ("Sunday morning", "2020-09-27", "2020-09-27", "day")),
        ("on Tuesday", ("Tuesday", "2020-09-22", "2020-09-22", "day")),
        ("Monday night", ("Monday night", "2020-09-28", "2020-09-28", "day")),
        ("late on Friday", ("late on Friday", "2020-09-25", "2020-09-25", "day")),
        ("early Saturday", ("early Saturday", "2020-09-26", "2020-09-26", "day")),
        ("last Monday", ("last Monday", "2020-09-21", "2020-09-21", "day")),
        ("last Tuesday", ("last Tuesday", "2020-09-22", "2020-09-22", "day")),
        ("next Monday", ("next Monday", "2020-10-05", "2020-10-05", "day")),
        ("on Wednesday last week", ("Wednesday last week", "2020-09-23", "2020-09-23", "day")),
        ("yesterday", ("yesterday", "2020-09-27", "2020-09-27", "day")),
        ("yesterday morning", ("yesterday morning", "2020-09-27", "2020-09-27", "day")),
        ("today", ("today", "2020-09-28", "2020-09-28", "day")),
        ("tonight", ("tonight", "2020-09-28", "2020-09-28", "day")),
        ("last night", ("last night", "2020-09-27", "2020-09-27", "day")),
        ("tomorrow", ("tomorrow", "2020-09-29", "2020-09-29", "day")),
        ("overnight", ("overnight", "2020-09-27", "2020-09-28", "day")),
        ("last week", ("last week", "2020-09-21", "2020-09-27", "week")),
        ("this week", ("this week", "2020-09-28", "2020-10-04", "week")),
        ("next week", ("next week", "2020-10-05", "2020-10-11", "week")),
        ("late last week", ("late last week", "2020-09-21", "2020-09-27", "week")),
        ("over the weekend", ("over the weekend", "2020-09-26", "2020-09-27", "day")),
        ("this weekend", ("this weekend", "2020-10-03", "2020-10-04", "day")),
        ("last month", ("last month", "2020-08-01", "2020-08-31", "month")),
        ("earlier this month", ("earlier this month", "2020-09-01", "2020-09-28", "month")),
        ("later this month", ("later this month", "2020-09-28", "2020-09-30", "month")),
        ("this year", ("this year", "2020-01-01", "2020-12-31", "year")),
        ("last year", ("last year", "2019-01-01", "2019-12-31", "year")),
        ("earlier this year", ("earlier this year", "2020-01-01", "2020-09-28", "year")),
        ("two days ago", ("two days ago", "2020-09-26", "2020-09-26", "day")),
        ("3 weeks ago", ("3 weeks ago", "2020-09-07", "2020-09-13", "week")),
        ("a year ago", ("a year ago", "2019-01-01", "2019-12-31", "year")),
        ("a decade ago", ("a decade ago", "2010-01-01", "2019-12-31", "decade")),
        ("in July", ("July", "2020-07-01", "2020-07-31", "month")),
        ("in mid-July", ("mid-July", "2020-07-01", "2020-07-31", "month")),
        ("in September", ("September", "2020-09-01", "2020-09-30", "month")),
        ("in December", ("December", "2019-12-01", "2019-12-31", "month")),
        ("last May", ("last May", "2020-05-01", "2020-05-31", "month")),
        ("next May", ("next May", "2021-05-01", "2021-05-31", "month")),
        ("in May last year", ("May last year", "2019-05-01", "2019-05-31", "month")),
        ("at the end of September", ("the end of September", "2020-09-01", "2020-09-30", "month")),
        ("on March 3", ("March 3", "2020-03-03", "2020-03-03", "day")),
        ("Sept. 28", ("Sept. 28", "2020-09-28", "2020-09-28", "day")),
        ("since Sunday", ("since Sunday", "2020-09-27", "2020-09-28", "day")),
        ("since Sunday morning", ("since Sunday morning", "2020-09-27", "2020-09-28", "day")),
        ("since 1994", ("since 1994", "1994-01-01", "2020-09-28", "year")),
        ("since April", ("since April", "2020-04-01", "2020-09-28", "month")),
        ("since last week", ("since last week", "2020-09-21", "2020-09-28", "week")),
    ],
)
def test_relative_dates(text: str, expected: Row) -> None:
    assert rows(text) == [expected]


def test_weekday_resolves_to_latest_on_or_before_publication_any_weekday() -> None:
    sunday = dt.date(2020, 9, 27)
    assert rows("on Sunday", sunday) == [("Sunday", "2020-09-27", "2020-09-27", "day")]
    assert rows("on Monday", sunday) == [("Monday", "2020-09-21", "2020-09-21", "day")]
    assert rows("on Saturday", sunday) == [("Saturday", "2020-09-26", "2020-09-26", "day")]


def test_published_as_datetime_is_read_as_its_day() -> None:
    assert rows("on Sunday", dt.datetime(2020, 9, 28, 23, 59)) == [
        ("Sunday", "2020-09-27", "2020-09-27", "day")
    ]


def test_weekday_with_date_picks_the_year_it_falls_in() -> None:
    # 28 September was a Saturday in 2019 and a Monday in 2020.
    assert rows("on Saturday, September 28", dt.date(2020, 10, 15)) == [
        ("Saturday, September 28", "2019-09-28", "2019-09-28", "day")
    ]


def test_future_cue_points_a_weekday_or_date_forward() -> None:
    assert rows("Talks will resume on Thursday.") == [
        ("Thursday", "2020-10-01", "2020-10-01", "day")
    ]
    assert rows("The vote is scheduled for November 3.") == [
        ("November 3", "2020-11-03", "2020-11-03", "day")
    ]


def test_future_cue_stops_at_its_clause() -> None:
    assert rows("He will travel on Sunday, officials said on Monday.", dt.date(2020, 9, 29)) == [
        ("Sunday", "2020-10-04", "2020-10-04", "day"),
        ("Monday", "2020-09-28", "2020-09-28", "day"),
    ]
    # "would" after the date is reported speech, not a plan for Sunday.
    assert rows("Trump said on Sunday that the US would try.") == [
        ("Sunday", "2020-09-27", "2020-09-27", "day")
    ]


def test_day_or_month_shortly_after_publication_is_the_coming_one() -> None:
    assert rows("on September 30") == [("September 30", "2020-09-30", "2020-09-30", "day")]
    assert rows("in October") == [("October", "2020-10-01", "2020-10-31", "month")]
    assert rows("in March", dt.date(2016, 1, 10)) == [
        ("March", "2016-03-01", "2016-03-31", "month")
    ]


def test_range_that_would_run_backwards_stays_two_dates() -> None:
    assert rows("from Monday to Wednesday") == [
        ("Monday", "2020-09-28", "2020-09-28", "day"),
        ("Wednesday", "2020-09-23", "2020-09-23", "day"),
    ]


# Without a publication date relative expressions keep their words but get no date.


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("on Monday morning", "Monday morning"),
        ("yesterday", "yesterday"),
        ("in July", "July"),
        ("last week", "last week"),
        ("overnight", "overnight"),
        ("two days ago", "two days ago"),
        ("on September 30", "September 30"),
        ("since Sunday", "since Sunday"),
    ],
)
def test_relative_without_publication_date_is_unresolved(text: str, words: str) -> None:
    [mention] = find_dates(text, None, offset=7)
    assert mention.text == words
    assert mention.start == 7 + text.index(words)
    assert (mention.date_start, mention.date_end, mention.precision) == (None, None, None)


def test_since_a_year_without_publication_date_is_open_ended() -> None:
    assert rows("since 1994", None) == [("since 1994", "1994-01-01", None, "year")]


# Robustness.


@pytest.mark.parametrize(
    "text", ["", " ", "\x00\x01", "2020", "since", "31/31/2020", "Sept.", "’90s", "9" * 5000]
)
def test_odd_input_never_raises(text: str) -> None:
    check_invariants(text, find_dates(text, SEED_DAY))
    check_invariants(text, find_dates(text, None))
    check_invariants(text, find_dates(text, dt.date(1, 1, 1)))
    check_invariants(text, find_dates(text, dt.date(9999, 12, 31)))


def test_random_text_never_raises() -> None:
    pieces = [*FUZZ_WORDS.split(), " ", "  ", "\n"]
    generator = random.Random(20200928)
    for _ in range(1500):
        text = " ".join(generator.choice(pieces) for _ in range(generator.randint(1, 14)))
        offset = generator.randint(0, 50)
        check_invariants(text, find_dates(text, SEED_DAY, offset), offset)
        check_invariants(text, find_dates(text, None, offset), offset)


def test_corpus_offsets_slice_the_sentence() -> None:
    if not CORPUS.exists():
        pytest.skip("corpus not available")
    with CORPUS.open(encoding="utf-8") as lines:
        articles = [json.loads(line) for _, line in zip(range(300), lines, strict=False)]
    found = 0
    for article in articles:
        published = dt.date.fromisoformat(article["published"][:10])
        position = 0
        for sentence in article["text"].split(". "):
            mentions = find_dates(sentence, published, position)
            check_invariants(sentence, mentions, position)
            found += len(mentions)
            position += len(sentence) + 2
    assert found > 1000


# The app's date filter.


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", (None, None)),
        ("   ", (None, None)),
        ("2020", ("2020-01-01", "2020-12-31")),
        ("2020-09", ("2020-09-01", "2020-09-30")),
        ("2020-02", ("2020-02-01", "2020-02-29")),
        ("2020-09-28", ("2020-09-28", "2020-09-28")),
        ("Sep 2020", ("2020-09-01", "2020-09-30")),
        ("sep 2020", ("2020-09-01", "2020-09-30")),
        ("28 Sep 2020", ("2020-09-28", "2020-09-28")),
        ("Sept. 28, 2020", ("2020-09-28", "2020-09-28")),
        ("since 27 Sep 2020", ("2020-09-27", None)),
        ("from 2020", ("2020-01-01", None)),
        ("after 2019", ("2020-01-01", None)),
        (">= 2020-09", ("2020-09-01", None)),
        ("until 2020", (None, "2020-12-31")),
        ("before 2021", (None, "2020-12-31")),
        ("< 2021", (None, "2020-12-31")),
        ("1990-1995", ("1990-01-01", "1995-12-31")),
        ("1990-95", ("1990-01-01", "1995-12-31")),
        ("2020-09-01..2020-09-30", ("2020-09-01", "2020-09-30")),
        ("2020-09-01 - 2020-09-30", ("2020-09-01", "2020-09-30")),
        ("2020..", ("2020-01-01", None)),
        ("..2020", (None, "2020-12-31")),
        ("28 Sep 2020 to 3 Oct 2020", ("2020-09-28", "2020-10-03")),
        ("from 1990 to 1995", ("1990-01-01", "1995-12-31")),
        ("between 2019 and 2020", ("2019-01-01", "2020-12-31")),
        ("1990s", ("1990-01-01", "1999-12-31")),
        ("the 1990s", ("1990-01-01", "1999-12-31")),
        ("yesterday", ("2020-09-27", "2020-09-27")),
        ("last week", ("2020-09-21", "2020-09-27")),
        ("July", ("2020-07-01", "2020-07-31")),
        ("monday", ("2020-09-28", "2020-09-28")),
        ("since last week", ("2020-09-21", None)),
        ("last 30 days", ("2020-08-30", "2020-09-28")),
        ("past 2 weeks", ("2020-09-15", "2020-09-28")),
        ("28.09.2020", ("2020-09-28", "2020-09-28")),
        ("the 3rd of October 2019", ("2019-10-03", "2019-10-03")),
    ],
)
def test_filter_reads(typed: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_date_filter(typed, SEED_DAY) == expected


@pytest.mark.parametrize(
    "typed", ["foo", "42", "2020-13", "2020-09-31", "since", "since foo", "between 2020", "\x00"]
)
def test_filter_rejects_what_it_cannot_read(typed: str) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        parse_date_filter(typed, SEED_DAY)


def test_filter_message_names_the_input() -> None:
    with pytest.raises(ValueError) as error:
        parse_date_filter("foo", SEED_DAY)
    assert str(error.value) == "cannot read 'foo' as a date or range"


def test_filter_rejects_very_long_input() -> None:
    with pytest.raises(ValueError, match="cannot read"):
        parse_date_filter("2020 " * 1000, SEED_DAY)


def test_filter_rejects_backwards_range() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_date_filter("2021 to 2020", SEED_DAY)


def test_filter_only_ever_raises_value_error() -> None:
    generator = random.Random(7)
    alphabet = "0123456789-./ :<>=abcdefghijklmnopqrstuvwxyzSMJ’'"
    for _ in range(300):
        typed = "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 16)))
        with contextlib.suppress(ValueError):
            parse_date_filter(typed, SEED_DAY)
