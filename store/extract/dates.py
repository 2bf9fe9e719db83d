"""Date expressions: finding them in a sentence and resolving them against the publication date.

dateparser's ``search_dates`` reads news text wrongly ("we" as a Wednesday, "Monday 15 more
servicemen" as the 15th, "in 1991" as a day that is not in the text), so candidates are found here
with compiled regular expressions built from ``data/dates.toml``, checked for the context that
makes them dates, and resolved by calendar arithmetic on the parts each expression captured. That
is exact for every shape this grammar accepts and costs microseconds; dateparser (imported lazily)
reads only the free-form input of the app's date filter that the grammar does not cover.

Speed comes from never running a big alternation at every position of a sentence: candidates
start at anchors that a plain-literal regex finds quickly (digits, month and weekday names) or end
at rarer words found by substring ("week", "ago"); the words around them ("since", "early",
"last", "in") are checked by matching the reversed text before the candidate once.

Resolution rules (DESIGN.md, "Dates"):

- a bare weekday is the latest such day on or before publication, the publication weekday being
  that day itself; a part of day ("Monday morning") keeps day precision;
- a month or a day without a year is likewise the latest such one on or before publication,
  except after a future cue in the same clause ("talks will resume on Thursday") or when it
  falls at most two months after publication ("on September 30" in a September 28 story, "in
  March" in a January one), which news text nearly always means as the coming one;
- "overnight" covers the day before publication and publication day; "since X" runs from the
  start of X to publication;
- weeks, months, years and decades are stored as their first and last day;
- with no publication date, relative expressions keep their words and offsets but no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from store.extract.lexicon import load_lexicon
from store.extract.records import DateMention

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4}
_YEAR = r"(?:19|20)\d\d(?!\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?\b"
# How far back the checks on the words before a candidate look, in characters.
_LOOK_BACK = 64
_FUTURE_LOOK_BACK = 90


class _Shape(NamedTuple):
    """What a candidate says, without where it is: the key resolutions are cached by."""

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    last_day: int | None = None
    last_year: int | None = None
    weekday: int | None = None
    shift: str | None = None
    phrase: str | None = None
    count: int | None = None
    unit: str | None = None
    year_shift: int | None = None
    """"May last year": the year relative to publication's, when no year is written."""
    week_shift: int | None = None
    """"Monday last week": the week relative to publication's."""


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    shape: _Shape
    since: bool
    anchored: bool
    """Whether its own words make it a date; a bare year or month name is only one after a
    context word ("in 1991") or in a list that began with a date ("in 1991 and 1994")."""


class _Period(NamedTuple):
    start: dt.date
    end: dt.date | None
    precision: str


class _Backward:
    """Words that may end right before a position, matched on the reversed text before it.

    One anchored attempt on a short reversed slice instead of a scan: these checks run for every
    candidate, and a search ending at a position would try every start in the window.
    """

    def __init__(self, pattern: str, flags: int = re.IGNORECASE) -> None:
        self._regex = re.compile(pattern, flags)

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        """Match against the text before ``pos``, read backwards."""
        return self._regex.match(text[max(0, pos - _LOOK_BACK) : pos][::-1])

    def start(self, text: str, pos: int) -> int | None:
        """Where the words ending at ``pos`` start, or None when they are not there."""
        found = self.match(text, pos)
        return None if found is None else pos - found.end()


def _words(words: list[str]) -> str:
    """An alternation of phrases, longest first, each space matching any run of whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def _reversed_words(words: list[str]) -> str:
    """Like ``_words`` for text read backwards: "as of" becomes "fo sa"."""
    return _words([word[::-1] for word in words])


# After a word read backwards: the original text has no word character right before it.
_WORD_START = r"(?![\w'’-])"


def _preceded_by(words: list[str], flags: int = re.IGNORECASE) -> _Backward:
    """A check that one of ``words`` and some whitespace stand right before a position."""
    return _Backward(rf"\s+(?:{_reversed_words(words)}){_WORD_START}", flags)


class _WordGrammar(NamedTuple):
    """Phrases found from their last word, which is rarer than their first ("this", "a").

    Where a needle of that word occurs, the phrase ending with the word is matched backwards (one
    anchored attempt), then read forwards with named groups from where it starts; no regex has
    to try every position of the sentence.
    """

    needles: tuple[str, ...]
    backward: re.Pattern[str]
    forward: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Grammar:
    """The compiled candidate grammar and the lexicon it was built from."""

    anchor: re.Pattern[str]
    digit_core: re.Pattern[str]
    name_core: re.Pattern[str]
    decade_core: re.Pattern[str]
    word_grammars: tuple[_WordGrammar, ...]
    needle: re.Pattern[str]
    prefixes: dict[str, _Backward]
    context: _Backward
    range_opener: _Backward
    named_day_before: _Backward
    not_before_ago: _Backward
    indefinite: _Backward
    determiner: _Backward
    not_after_weekday: re.Pattern[str]
    count_after: re.Pattern[str]
    range_joiner: re.Pattern[str]
    list_joiner: re.Pattern[str]
    future_cue: re.Pattern[str]
    clause_break: re.Pattern[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    shifts: dict[str, str]
    periods: dict[str, int]
    relative_rules: dict[str, dict[str, Any]]
    near_future_days: int
    near_future_months: int
    named_days: frozenset[tuple[int, int]]
    filter_words: dict[str, list[str]]
    names: dict[str, str]
    """Month and weekday names by their lower-case form, as the grammar spells them."""


def _prefix(data: dict[str, Any], *, shift: bool = False, decade: bool = False) -> _Backward:
    """The optional words a candidate may start with, read backwards from its core.

    In text order: "since", a modifier ("early", "the end of", "mid-"), for decades "the" and
    "early/mid/late", for weekdays and months "last/next/this".
    """
    words = data["words"]
    parts = []
    if shift:
        shifts = words["shift_last"] + words["shift_next"] + words["shift_this"]
        parts.append(rf"(?:\s+(?P<shift>{_reversed_words(shifts)}){_WORD_START})?")
    if decade:
        early = _reversed_words(words["decade_parts"])
        parts.append(rf"(?:(?:\s+|-)(?:{early}){_WORD_START})?(?:\s+eht{_WORD_START})?")
    # "mid" also joins with a hyphen: "mid-July" read backwards is "yluJ-dim".
    hyphenated = _reversed_words(words["hyphen_modifiers"])
    modifiers = _reversed_words(words["modifiers"])
    parts.append(rf"(?:(?:\s+|-(?={hyphenated}))(?P<mod>{modifiers}){_WORD_START})?")
    parts.append(rf"(?:\s+(?P<since>ecnis){_WORD_START})?")
    return _Backward("".join(parts))


def _clause_break(breaks: list[str]) -> re.Pattern[str]:
    """Punctuation and words that end the clause a future cue governs, for reversed text."""
    marks = "".join(re.escape(b) for b in breaks if not b.isalpha())
    names = _reversed_words([b for b in breaks if b.isalpha()])
    return re.compile(rf"[{marks}]|\b(?:{names})\b", re.IGNORECASE)


def _future_cue(cues: list[str]) -> re.Pattern[str]:
    """Future cues, for reversed text; "'ll" needs no word boundary before its apostrophe."""
    words = _reversed_words([c for c in cues if c[0].isalpha()])
    clitics = _reversed_words([c for c in cues if not c[0].isalpha()])
    return re.compile(rf"(?<![\w'’])(?:(?:{words})(?!\w)|(?:{clitics}))", re.IGNORECASE)


def _cased(phrases: list[str]) -> list[str]:
    """Each phrase as written and with a capital, for case-sensitive matching that stays fast."""
    return sorted({p for phrase in phrases for p in (phrase, phrase[:1].upper() + phrase[1:])})


def _needles(phrases: list[str]) -> tuple[str, ...]:
    """Substrings that the last word of every phrase contains, whatever its first letter."""
    tails = set()
    for phrase in phrases:
        last = phrase.split()[-1]
        tails.add(last[1:] if last == phrase else last)
    return tuple(sorted(t for t in tails if not any(o != t and o in t for o in tails)))


@functools.cache
def _grammar() -> _Grammar:
    """Load ``data/dates.toml`` and compile the grammar, once per process."""
    data = load_lexicon("dates")
    words = data["words"]
    names = data["weekdays"]["names"]
    abbreviated_days = data["weekdays"]["abbreviations"]
    months = {name: number for number, name in enumerate(data["months"], start=1)}
    months.update(data["month_abbreviations"])
    weekdays = {name: i for i, name in enumerate(names)}
    for abbreviation in abbreviated_days:
        weekdays[abbreviation] = next(i for i, n in enumerate(names) if n.startswith(abbreviation))

    full_months = "|".join(data["months"])
    short_months = "|".join(sorted(data["month_abbreviations"], key=len, reverse=True))
    full_days = "|".join(names)
    any_day = "|".join(sorted(weekdays, key=len, reverse=True))
    parts = "|".join(words["parts_of_day"])
    periods = _words(list(words["relative_period"]))
    counts = _words(words["count_words"])
    year_counts = _words(words["year_count_words"])

    def month(name: str, *, alone: bool = False) -> str:
        short = rf"(?:{short_months})\b\." if alone else rf"(?:{short_months})\b\.?"
        return rf"(?P<{name}>(?:{full_months})\b|{short})"

    # A day is not a count ("March 15 people"), nor the start of a time, a decimal or a percentage.
    day = rf"{_DAY}(?!\s*[:%]|[.,]\d|\s+(?i:{counts})\b)"

    def year_after(prefix: str) -> str:
        return (
            rf"(?:,?\s+(?P<{prefix}_y>{_YEAR})"
            rf"|\s+(?P<{prefix}_ry>(?i:{periods}))\s+(?i:year)\b)?"
        )

    def day_month(prefix: str) -> str:
        return (
            rf"(?P<{prefix}_d>{day})(?:\s*[-–]\s*(?P<{prefix}_d2>{day}))?(?:\s+of)?\s+"
            rf"{month(prefix + '_m')}{year_after(prefix)}"
        )

    def month_day(prefix: str) -> str:
        return (
            rf"{month(prefix + '_m')}\s+(?P<{prefix}_d>{day})(?:\s*[-–]\s*(?P<{prefix}_d2>{day}))?"
            + year_after(prefix)
        )

    # Each core starts at an anchor (a digit, a month or weekday name); at one position the first
    # alternative that matches wins, so longer shapes come before their pieces.
    digit_core = {
        "iso": (
            rf"(?<![\d/.-])(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-"
            r"(?P<iso_d>0[1-9]|[12]\d|3[01])(?![\d-])"
        ),
        "ymd": (
            rf"(?<![\d/.])(?P<ymd_y>{_YEAR})/(?P<ymd_m>0?[1-9]|1[0-2])/"
            r"(?P<ymd_d>0?[1-9]|[12]\d|3[01])(?![\d/])"
        ),
        "numeric": (
            r"(?<![\d/.])(?P<numeric_a>\d\d?)(?P<numeric_sep>[/.])(?P<numeric_b>\d\d?)"
            rf"(?P=numeric_sep)(?P<numeric_y>{_YEAR})(?![/]|[.,]?\d)"
        ),
        "dm": r"(?<![\d.,:/-])" + day_month("dm"),
        "years": (
            rf"(?<![\d$£€#.,/-])(?P<years_a>{_YEAR})\s*[-–]\s*(?P<years_b>{_YEAR}|\d\d(?!\d))"
            r"(?![-/]|[.,]\d)"
        ),
        "decade": r"(?<![\d$£€#.,/])(?P<decade_y>(?:19|20)\d0)['’]?s\b",
        "year": (
            rf"(?<![\d$£€#.,/])(?P<year_y>{_YEAR})"
            rf"(?![-–]?\d|[.,]\d|['’]?s\b|\s*(?i:{year_counts})(?!\w))"
        ),
    }
    name_core = {
        "wdm": rf"(?P<wdm_wd>{any_day})\b\.?,?\s+" + day_month("wdm"),
        "wmd": rf"(?P<wmd_wd>{any_day})\b\.?,?\s+" + month_day("wmd"),
        "wd": (
            rf"(?P<wd_d>{full_days})\b(?:\s+(?P<wd_rw>(?i:{periods}))\s+(?i:week)\b)?"
            rf"(?:\s+(?P<wd_part>{parts})\b)?"
        ),
        "md": month_day("md"),
        "my": rf"{month('my_m')},?\s+(?:of\s+)?(?P<my_y>{_YEAR})",
        "mon": month("mon_m", alone=True) + rf"(?:\s+(?P<mon_ry>(?i:{periods}))\s+(?i:year)\b)?",
    }
    numbers = "|".join(_cased(sorted(data["number_words"], key=len, reverse=True)))
    phrases = _cased(list(data["relative"]))
    relative = _WordGrammar(
        needles=_needles(list(data["relative"])),
        backward=re.compile(rf"(?:{_reversed_words(phrases)}){_WORD_START}"),
        forward=re.compile(
            rf"(?P<rel>(?P<rel_p>{_words(phrases)})(?:\s+(?P<rel_part>{parts})\b)?)"
        ),
    )
    units = "|".join(data["ago"]["units"])
    ago = _WordGrammar(
        needles=("ago",),
        backward=re.compile(
            rf"oga\s+s?(?:{_reversed_words(data['ago']['units'])})\s+"
            rf"(?:\d{{1,3}}|{_reversed_words(_cased(list(data['number_words'])))}){_WORD_START}"
        ),
        forward=re.compile(
            rf"(?P<ago>(?P<ago_n>\d{{1,3}}|{numbers})\s+(?P<ago_u>{units})s?\s+ago)"
        ),
    )

    def alternatives(cores: dict[str, str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?P<{name}>{regex})" for name, regex in cores.items()))

    # Plain literals only, so that the regex engine skips to the first letters of these words.
    anchor_words = sorted(weekdays, key=len, reverse=True) + sorted(months, key=len, reverse=True)
    # A whole run of digits is one anchor; an apostrophe only before a decade ("the '90s").
    anchor_digits = [rf"{digit}\d*" for digit in "0123456789"] + [r"'\d0s", r"’\d0s"]
    anchor = "|".join(anchor_words + anchor_digits)
    future = data["future"]
    shifts = {w: "last" for w in words["shift_last"]}
    shifts.update({w: "next" for w in words["shift_next"]})
    shifts.update({w: "this" for w in words["shift_this"]})
    return _Grammar(
        anchor=re.compile(anchor),
        digit_core=alternatives(digit_core),
        name_core=alternatives(name_core),
        decade_core=re.compile(r"(?P<short_decade>['’](?P<short_decade_y>\d0)s\b)"),
        word_grammars=(relative, ago),
        # The rest of the word comes along, so that a match ends where its word ends; "'s" does
        # not ("last week's attack").
        needle=re.compile(rf"(?:{_words([*relative.needles, *ago.needles])})\w*"),
        prefixes={
            "plain": _prefix(data),
            "shift": _prefix(data, shift=True),
            "decade": _prefix(data, decade=True),
        },
        context=_preceded_by(words["context"]),
        range_opener=_preceded_by(words["range_openers"]),
        named_day_before=_preceded_by(data["weekdays"]["not_after"], flags=0),
        not_before_ago=_preceded_by(words["not_before_ago"]),
        indefinite=_preceded_by(words["not_after_indefinite"]),
        determiner=_preceded_by(words["not_after_determiner"]),
        not_after_weekday=re.compile(rf"\s+(?:{_words(data['weekdays']['not_before'])})\b"),
        count_after=re.compile(rf"\s+(?:{counts})\b", re.IGNORECASE),
        range_joiner=re.compile(rf"\s*(?:{_words(words['range_joiners'])})\s*", re.IGNORECASE),
        list_joiner=re.compile(rf"\s*(?:{_words(words['list_joiners'])})\s*", re.IGNORECASE),
        future_cue=_future_cue(future["cues"]),
        clause_break=_clause_break(future["clause_breaks"]),
        months={name.lower(): number for name, number in months.items()},
        weekdays={name.lower(): number for name, number in weekdays.items()},
        numbers={name.lower(): n for name, n in data["number_words"].items()},
        shifts=shifts,
        periods=words["relative_period"],
        relative_rules=dict(data["relative"]),
        near_future_days=future["near_future_days"],
        near_future_months=future["near_future_months"],
        named_days=frozenset((m, d) for m, d in words["named_days"]),
        filter_words=data["filter"],
        names={name.lower(): name for name in [*months, *weekdays]},
    )


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence or a quotation, where any word may be capitalised."""
    index = pos - 1
    while index >= 0 and (text[index].isspace() or text[index] in "\"'“‘(["):
        index -= 1
    return index < 0 or text[index] in ".!?:;—–-•|"


def _day_number(value: str) -> int:
    return int(value.rstrip("stndrh"))


def _day_shape(match: re.Match[str], kind: str, g: _Grammar) -> _Shape | None:
    """The shape of "28 September 2020", "Monday, Sept. 28", "27-28 September" and the like."""
    group = match.group
    month = g.months[group(f"{kind}_m").rstrip(".").lower()]
    day = _day_number(group(f"{kind}_d"))
    year = group(f"{kind}_y")
    if year is None and (month, day) in g.named_days:
        return None  # "the September 11 attacks" are not the latest September 11
    last_day = group(f"{kind}_d2")
    weekday = group(f"{kind}_wd") if kind in ("wdm", "wmd") else None
    return _Shape(
        "day",
        int(year) if year else None,
        month,
        day,
        _day_number(last_day) if last_day else None,
        weekday=g.weekdays[weekday.rstrip(".").lower()] if weekday else None,
        year_shift=_period_shift(group(f"{kind}_ry"), g),
    )


def _period_shift(word: str | None, g: _Grammar) -> int | None:
    """-1 for "last (year)", 0 for "this", 1 for "next", None when absent."""
    return None if word is None else g.periods[word.lower()]


def _numeric_shape(first: int, second: int, year: int) -> _Shape:
    """The shape of 28/09/2020 or 09/28/2020, whichever order the numbers allow."""
    if first > 12 >= second or first == second:
        return _Shape("day", year, second, first)
    if second > 12 >= first:
        return _Shape("day", year, first, second)
    # 04/05/2020 is April 5 in American and 4 May in British usage: keep only the words.
    return _Shape("ambiguous")


def _core_shape(match: re.Match[str], g: _Grammar) -> _Shape | None:
    """What the core words of a candidate say, or None when they are not a date after all."""
    kind = match.lastgroup
    group = match.group
    if kind in ("iso", "ymd"):
        year, month, day = (int(group(f"{kind}_{part}")) for part in "ymd")
        return _Shape("day", year, month, day)
    if kind == "numeric":
        first, second = int(group("numeric_a")), int(group("numeric_b"))
        return _numeric_shape(first, second, int(group("numeric_y")))
    if kind in ("dm", "md", "wdm", "wmd"):
        return _day_shape(match, kind, g)
    if kind == "my":
        return _Shape("month", int(group("my_y")), g.months[group("my_m").rstrip(".").lower()])
    if kind == "mon":
        month = g.months[group("mon_m").rstrip(".").lower()]
        return _Shape("month", month=month, year_shift=_period_shift(group("mon_ry"), g))
    if kind == "years":
        first, last_text = int(group("years_a")), group("years_b")
        last = int(last_text)
        if len(last_text) == 2:  # "1990-95", "2015-16"
            last += first - first % 100
        return _Shape("year", first, last_year=last) if last > first else None
    if kind == "decade":
        return _Shape("decade", int(group("decade_y")))
    if kind == "short_decade":  # "the '90s"
        short = int(group("short_decade_y"))
        return _Shape("decade", (2000 if short < 20 else 1900) + short)
    if kind == "year":
        return _Shape("year", int(group("year_y")))
    if kind == "wd":
        weekday = g.weekdays[group("wd_d").lower()]
        return _Shape("weekday", weekday=weekday, week_shift=_period_shift(group("wd_rw"), g))
    if kind == "rel":
        return _Shape("rel", phrase=" ".join(group("rel_p").lower().split()))
    number = group("ago_n").lower()
    count = int(number) if number.isdigit() else g.numbers[number]
    return _Shape("ago", count=count, unit=group("ago_u"))


def _candidate(match: re.Match[str], text: str, g: _Grammar) -> _Candidate | None:
    """Turn one match of a core into a candidate with its prefix, or None when not a date."""
    shape = _core_shape(match, g)
    if shape is None:
        return None
    kind = match.lastgroup
    core = match.start()
    if kind in ("wd", "mon"):
        variant = "shift"
    elif kind in ("decade", "short_decade"):
        variant = "decade"
    else:
        variant = "plain"
    prefix = g.prefixes[variant].match(text, core)
    assert prefix is not None  # every part of a prefix is optional
    since = prefix.group("since") is not None
    modified = prefix.group("mod") is not None
    shift = prefix.groupdict().get("shift")
    if shift:
        shape = shape._replace(shift=g.shifts[" ".join(shift[::-1].lower().split())])
    start = core - prefix.end()
    anchored = True
    if kind in ("wd", "mon", "rel") and g.indefinite.match(text, core):
        return None  # "on a Thursday", "every May", "an overnight curfew"
    if kind == "rel" and g.determiner.match(text, core):
        return None  # "his last year in office", "over the last week"
    if kind == "wd":
        named = g.named_day_before.match(text, core)
        if named or g.not_after_weekday.match(text, match.end("wd_d")):
            return None  # "Black Friday", "the Sunday Times"
    elif kind == "rel":
        if text[core].isupper() and start == core and not _sentence_initial(text, core):
            return None  # "USA Today", "The Tonight Show": a name, not a day
    elif kind == "ago":
        if g.not_before_ago.match(text, core):
            return None  # "more than two years ago" is a bound, not a date
    elif kind in ("mon", "year"):
        anchored = since or modified or shift is not None
    return _Candidate(start, match.end(), shape, since, anchored)


def _scan(text: str, g: _Grammar) -> list[_Candidate]:
    """Every candidate of a text, non-overlapping, in text order, before context checks."""
    found: list[_Candidate] = []
    consumed = 0
    for anchor in g.anchor.finditer(text):
        pos = anchor.start()
        if pos < consumed:
            continue
        first = text[pos]
        if first.isdigit():
            if pos and text[pos - 1].isdigit():
                continue
            match = g.digit_core.match(text, pos)
        elif first.isalpha():
            if pos and text[pos - 1].isalnum():
                continue
            match = g.name_core.match(text, pos)
        else:
            match = g.decade_core.match(text, pos)
        candidate = None if match is None else _candidate(match, text, g)
        if candidate is not None:
            found.append(candidate)
            consumed = candidate.end
    extra = [
        candidate
        for match in _word_matches(text, g)
        if (candidate := _candidate(match, text, g)) is not None
    ]
    if extra:
        found = _without_overlaps(sorted(found + extra, key=lambda c: (c.start, -c.end)))
    return found


def _word_matches(text: str, g: _Grammar) -> list[re.Match[str]]:
    """Matches of the phrases found from their last word ("last week", "two days ago")."""
    matches = []
    for needle in g.needle.finditer(text):
        end = needle.end()
        before = text[max(0, end - _LOOK_BACK) : end][::-1]
        for grammar in g.word_grammars:
            found = grammar.backward.match(before)
            match = grammar.forward.match(text, end - found.end()) if found else None
            if match:
                matches.append(match)
                break
    return matches


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the first of overlapping candidates (sorted by start, longest first)."""
    kept: list[_Candidate] = []
    for candidate in candidates:
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)
    return kept


def _chains(previous: _Shape, shape: _Shape) -> bool:
    """Whether ``shape`` can continue a list that ``previous`` began ("in 1991 and 1994")."""
    if shape.kind == "year":
        return previous.year is not None and previous.kind in ("year", "month", "day")
    return previous.kind in ("month", "day")


def _confirmed(text: str, g: _Grammar) -> list[_Candidate]:
    """The candidates of a sentence that their context confirms, with years shared in lists."""
    kept: list[_Candidate] = []
    for candidate in _scan(text, g):
        if not candidate.anchored:
            previous = kept[-1] if kept else None
            listed = (
                previous is not None
                and g.list_joiner.fullmatch(text, previous.end, candidate.start) is not None
                and _chains(previous.shape, candidate.shape)
            )
            if not listed and g.context.match(text, candidate.start) is None:
                continue
            if listed and g.count_after.match(text, candidate.end):
                continue  # "in 2016, 2000 people died"
        kept.append(candidate)
    # "between March and May 2016", "in April and July last year": a year written once at the end
    # belongs to the earlier dates of the list too.
    for index in range(len(kept) - 2, -1, -1):
        shape, following = kept[index].shape, kept[index + 1].shape
        if (
            shape.kind in ("day", "month")
            and shape.year is None
            and shape.year_shift is None
            and shape.shift is None
            and following.kind in ("day", "month")
            and (following.year is not None or following.year_shift is not None)
            and g.list_joiner.fullmatch(text, kept[index].end, kept[index + 1].start)
        ):
            assert shape.month is not None and following.month is not None
            later = (shape.month, shape.day or 0) > (following.month, following.day or 32)
            if following.year is not None:
                kept[index].shape = shape._replace(year=following.year - later)
            else:
                assert following.year_shift is not None
                kept[index].shape = shape._replace(year_shift=following.year_shift - later)
    return kept


def _in_future_clause(text: str, pos: int, g: _Grammar) -> bool:
    """Whether a future cue governs the date at ``pos`` ("talks will resume on Thursday")."""
    before = text[max(0, pos - _FUTURE_LOOK_BACK) : pos][::-1]
    cue = g.future_cue.search(before)
    return cue is not None and g.clause_break.search(before, 0, cue.start()) is None


def _is_relative(shape: _Shape) -> bool:
    """Whether the shape needs the publication date to name a date."""
    return shape.kind in ("weekday", "rel", "ago") or (
        shape.kind in ("day", "month") and shape.year is None
    )


def _month_period(year: int, month: int) -> _Period:
    last = calendar.monthrange(year, month)[1]
    return _Period(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _year_period(first: int, last: int | None = None) -> _Period:
    return _Period(dt.date(first, 1, 1), dt.date(last or first, 12, 31), "year")


def _week_period(day: dt.date) -> _Period:
    monday = day - dt.timedelta(days=day.weekday())
    return _Period(monday, monday + dt.timedelta(days=6), "week")


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + count
    return index // 12, index % 12 + 1


def _choose_day(
    month: int, day: int, weekday: int | None, published: dt.date, future: bool, near: int
) -> dt.date:
    """Give a day written without a year the year the rules in the module docstring choose."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue  # February 29 outside a leap year
    if weekday is not None:
        # "Monday, September 28": the weekday tells the year, when a year nearby agrees with it.
        agreeing = [d for d in options if d.weekday() == weekday]
        if agreeing:
            return min(agreeing, key=lambda d: abs((d - published).days))
    upcoming = [d for d in options if d > published]
    if upcoming and (future or (upcoming[0] - published).days <= near):
        return upcoming[0]
    past = [d for d in options if d <= published]
    if not past:
        raise ValueError("no such day near publication")
    return past[-1]


def _resolve_day(shape: _Shape, published: dt.date | None, future: bool, near: int) -> _Period:
    assert shape.month is not None and shape.day is not None
    if shape.year is not None:
        first = dt.date(shape.year, shape.month, shape.day)
    elif shape.year_shift is not None:
        assert published is not None
        first = dt.date(published.year + shape.year_shift, shape.month, shape.day)
    else:
        assert published is not None
        first = _choose_day(shape.month, shape.day, shape.weekday, published, future, near)
    last = first.replace(day=shape.last_day) if shape.last_day else first
    if last < first:
        raise ValueError("range ends before it starts")
    return _Period(first, last, "day")


def _resolve_month(
    shape: _Shape, published: dt.date | None, future: bool, near_months: int
) -> _Period:
    month = shape.month
    assert month is not None
    if shape.year is not None:
        return _month_period(shape.year, month)
    assert published is not None
    if shape.year_shift is not None:
        return _month_period(published.year + shape.year_shift, month)
    year = published.year
    ahead = (month - published.month) % 12
    if shape.shift == "last":
        year -= month >= published.month
    elif shape.shift == "next":
        year += month <= published.month
    elif shape.shift is None:
        if future or 0 < ahead <= near_months:
            year += month < published.month  # the coming one
        else:
            year -= month > published.month  # the latest one begun by publication
    return _month_period(year, month)


def _resolve_weekday(shape: _Shape, published: dt.date, future: bool) -> _Period:
    assert shape.weekday is not None
    if shape.week_shift is not None:
        monday = published - dt.timedelta(days=published.weekday() - 7 * shape.week_shift)
        day = monday + dt.timedelta(days=shape.weekday)
        return _Period(day, day, "day")
    back = (published.weekday() - shape.weekday) % 7
    ahead = (shape.weekday - published.weekday()) % 7
    if shape.shift == "last":
        day = published - dt.timedelta(days=back or 7)
    elif shape.shift == "next":
        day = published + dt.timedelta(days=ahead or 7)
    elif future:
        day = published + dt.timedelta(days=ahead)
    else:
        day = published - dt.timedelta(days=back)
    return _Period(day, day, "day")


def _resolve_relative(rule: dict[str, Any], published: dt.date) -> _Period:
    if "days" in rule:
        first = published + dt.timedelta(days=rule["days"])
        last = published + dt.timedelta(days=rule.get("until_days", rule["days"]))
        return _Period(first, last, "day")
    unit, shift, part = rule["unit"], rule["shift"], rule.get("part")
    if unit == "weekend":
        saturday = published + dt.timedelta(days=5 - published.weekday() + 7 * shift)
        if part == "latest" and saturday > published:
            saturday -= dt.timedelta(days=7)
        return _Period(saturday, saturday + dt.timedelta(days=1), "day")
    if unit == "week":
        period = _week_period(published + dt.timedelta(days=7 * shift))
    elif unit == "month":
        period = _month_period(*_add_months(published.year, published.month, shift))
    else:
        period = _year_period(published.year + shift)
    if part == "to_date":
        return period._replace(end=published)
    if part == "from_date":
        return period._replace(start=published)
    return period


def _resolve_ago(shape: _Shape, published: dt.date) -> _Period:
    count = shape.count
    assert count is not None
    if shape.unit == "day":
        day = published - dt.timedelta(days=count)
        return _Period(day, day, "day")
    if shape.unit == "week":
        return _week_period(published - dt.timedelta(weeks=count))
    if shape.unit == "month":
        return _month_period(*_add_months(published.year, published.month, -count))
    if shape.unit == "year":
        return _year_period(published.year - count)
    decade = (published.year - 10 * count) // 10 * 10
    return _Period(dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31), "decade")


@functools.lru_cache(maxsize=16384)
def _resolve(shape: _Shape, published: dt.date | None, future: bool) -> _Period | None:
    """Resolve one shape, or None when it names no real day (31 February, year 0)."""
    g = _grammar()
    try:
        if shape.kind == "day":
            return _resolve_day(shape, published, future, g.near_future_days)
        if shape.kind == "month":
            return _resolve_month(shape, published, future, g.near_future_months)
        if shape.kind == "year":
            assert shape.year is not None
            return _year_period(shape.year, shape.last_year)
        if shape.kind == "decade":
            assert shape.year is not None
            return _Period(dt.date(shape.year, 1, 1), dt.date(shape.year + 9, 12, 31), "decade")
        if published is None:
            return None
        if shape.kind == "weekday":
            return _resolve_weekday(shape, published, future)
        if shape.kind == "rel":
            assert shape.phrase is not None
            return _resolve_relative(g.relative_rules[shape.phrase], published)
        if shape.kind == "ago":
            return _resolve_ago(shape, published)
    except (ValueError, OverflowError):
        return None
    return None


def _period_of(
    candidate: _Candidate, text: str, published: dt.date | None, g: _Grammar
) -> tuple[bool, _Period | None]:
    """Resolve a candidate: (keep it?, its period or None when it stays unresolved)."""
    shape = candidate.shape
    if shape.kind == "ambiguous" or (published is None and _is_relative(shape)):
        return True, None
    future = (
        published is not None
        and shape.shift is None
        and shape.year_shift is None
        and shape.week_shift is None
        and shape.kind in ("day", "month", "weekday")
        and _is_relative(shape)
        and _in_future_clause(text, candidate.start, g)
    )
    period = _resolve(shape, published, future)
    if period is None:
        return False, None
    if candidate.since:
        ongoing = published is not None and period.start <= published
        period = period._replace(end=published if ongoing else None)
    return True, period


def _mention(text: str, start: int, end: int, offset: int, period: _Period | None) -> DateMention:
    if period is None:
        return DateMention(text[start:end], offset + start, offset + end, None, None, None)
    last = period.end.isoformat() if period.end else None
    first = period.start.isoformat()
    return DateMention(text[start:end], offset + start, offset + end, first, last, period.precision)


def find_dates(text: str, published: dt.date | None, offset: int = 0) -> list[DateMention]:
    """Find and resolve the date expressions of one sentence.

    Args:
        text: The sentence (any string is accepted).
        published: The article's publication date, which relative expressions ("on Monday",
            "last week") are resolved against; without it they are returned with no date.
        offset: Added to every offset, so that offsets index the article rather than ``text``.

    Returns:
        Non-overlapping mentions in text order, each with
        ``text[m.start - offset:m.end - offset] == m.text``.
    """
    if not text:
        return []
    if isinstance(published, dt.datetime):
        published = published.date()
    g = _grammar()
    resolved: list[tuple[_Candidate, _Period | None]] = []
    for candidate in _confirmed(text, g):
        keep, period = _period_of(candidate, text, published, g)
        if keep:
            resolved.append((candidate, period))

    return _mentions(text, resolved, offset, g)


def _mentions(
    text: str, resolved: list[tuple[_Candidate, _Period | None]], offset: int, g: _Grammar
) -> list[DateMention]:
    """The mentions of resolved candidates, "from X to Y" and "between X and Y" joined."""
    mentions: list[DateMention] = []
    index = 0
    while index < len(resolved):
        candidate, period = resolved[index]
        following, later = resolved[index + 1] if index + 1 < len(resolved) else (None, None)
        opener = None if candidate.since else g.range_opener.start(text, candidate.start)
        if (
            opener is not None
            and following is not None
            and not following.since
            and period is not None
            and later is not None
            and later.end is not None
            and period.start <= later.end
            and g.range_joiner.fullmatch(text, candidate.end, following.start)
        ):
            precision = max(period.precision, later.precision, key=_PRECISION_RANK.__getitem__)
            merged = _Period(period.start, later.end, precision)
            mentions.append(_mention(text, opener, following.end, offset, merged))
            index += 2
            continue
        mentions.append(_mention(text, candidate.start, candidate.end, offset, period))
        index += 1
    return mentions


_FILTER_MAX_LENGTH = 200
_ISO_PREFIX = re.compile(r"(\d{4})(?:-(0?[1-9]|1[0-2])(?:-(0?[1-9]|[12]\d|3[01]))?)?")
# dateparser reads "42" as 1942 and "2020-13" as September 13: only hand it a numeric date with
# separators or text that names a month next to a number.
_NUMERIC_DATE = re.compile(r"\d{1,4}[./]\d{1,2}[./]\d{1,4}")


def parse_date_filter(text: str, today: dt.date) -> tuple[str | None, str | None]:
    """Read what a user typed in the date filter box as an inclusive ISO date range.

    Accepts one date or period ("2020", "2020-09", "Sep 2020", "28 Sep 2020", "1990s",
    "last week", "yesterday"), a range of two ("1990-1995", "2020-09-01..2020-09-30",
    "28 Sep 2020 to 3 Oct 2020", "between 2019 and 2020"), an open one ("since 27 Sep 2020",
    "after 2019", "until 2020", "before 2021", "2020..") or "last 30 days".

    Args:
        text: What the user typed; blank means no filter.
        today: The date relative words ("last week", "July") are read against.

    Returns:
        ``(start, end)`` as ISO dates, either None when that side is open.

    Raises:
        ValueError: With a short message for the user, when the text is not a date or range.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return None, None
    if len(cleaned) > _FILTER_MAX_LENGTH:  # splitting at every separator would take a while
        raise ValueError(f"cannot read {cleaned[:20] + '…'!r} as a date or range")
    try:
        first, last = _read_filter(cleaned, today)
    except Exception as error:  # a user's typing must only ever cost a message
        raise ValueError(f"cannot read {cleaned!r} as a date or range") from error
    if first is not None and last is not None and last < first:
        raise ValueError(f"{cleaned!r} ends before it starts")
    return (first.isoformat() if first else None, last.isoformat() if last else None)


def _read_filter(text: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The bounds of a filter text, or ValueError.

    The grammar's exact readings are tried for every form first; dateparser, which reads almost
    anything as some date ("after 2019" as 2019), only when none of them fits.
    """
    for lenient in (False, True):
        bounds = _read_bounds(text, today, lenient)
        if bounds is not None:
            return bounds
    raise ValueError(text)


def _read_bounds(
    text: str, today: dt.date, lenient: bool
) -> tuple[dt.date | None, dt.date | None] | None:
    words = _grammar().filter_words
    whole = _filter_period(text, today, lenient)
    if whole is not None:
        return whole.start, whole.end
    lower = text.lower()
    body = text
    for opener in words["range_openers"]:
        if lower.startswith(opener + " "):
            body = text[len(opener) + 1 :]
            break
    for separator in _filter_separators().finditer(body):
        left, right = body[: separator.start()], body[separator.end() :]
        open_ended = separator.group().strip() == ".."
        first = _filter_period(left, today, lenient) if left else None
        last = _filter_period(right, today, lenient) if right else None
        if (first or (open_ended and not left)) and (last or (open_ended and not right)):
            return (first.start if first else None, last.end if last else None)
    one_day = dt.timedelta(days=1)
    for bound in ("from_start", "after_end", "to_end", "before_start"):
        for word in sorted(words[bound], key=len, reverse=True):
            rest = text[len(word) :]
            if not lower.startswith(word) or (word[-1].isalpha() and not rest.startswith(" ")):
                continue
            period = _filter_period(rest, today, lenient)
            if period is None or period.end is None:
                return None
            return {
                "from_start": (period.start, None),
                "after_end": (period.end + one_day, None),
                "to_end": (None, period.end),
                "before_start": (None, period.start - one_day),
            }[bound]
    return None


@functools.cache
def _filter_separators() -> re.Pattern[str]:
    """Where a filter text splits into two dates: symbols with or without spaces, words with."""
    separators = _grammar().filter_words["separators"]
    symbols = _words([s for s in separators if not s[0].isalpha()])
    names = _words([s for s in separators if s[0].isalpha()])
    return re.compile(rf"\s*(?:{symbols})\s*|\s+(?:{names})\s+", re.IGNORECASE)


def _filter_period(text: str, today: dt.date, lenient: bool) -> _Period | None:
    """One date or period typed in the filter box, or None when it is not one."""
    text = text.strip()
    iso = _ISO_PREFIX.fullmatch(text)
    if iso:
        year, month, day = (int(part) if part else None for part in iso.groups())
        assert year is not None
        if month is None:
            return _year_period(year)
        if day is None:
            return _month_period(year, month)
        return _Period(dt.date(year, month, day), dt.date(year, month, day), "day")
    trailing = _filter_trailing().fullmatch(text)
    if trailing:
        return _trailing_period(int(trailing.group("count")), trailing.group("unit"), today)
    period = _grammar_period(text, today)
    if period is None and lenient:
        return _dateparser_period(text, today)
    return period


@functools.cache
def _filter_trailing() -> re.Pattern[str]:
    """ "last 30 days", "past 2 weeks"."""
    words = _words(_grammar().filter_words["trailing"])
    return re.compile(
        rf"(?:{words})\s+(?P<count>\d{{1,4}})\s+(?P<unit>day|week|month|year)s?", re.IGNORECASE
    )


def _trailing_period(count: int, unit: str, today: dt.date) -> _Period:
    """The ``count`` days, weeks, months or years that end today, today included."""
    unit = unit.lower()
    if unit == "day":
        first = today - dt.timedelta(days=count - 1)
    elif unit == "week":
        first = today - dt.timedelta(weeks=count) + dt.timedelta(days=1)
    else:
        year, month = _add_months(today.year, today.month, -count * (12 if unit == "year" else 1))
        day = min(today.day, calendar.monthrange(year, month)[1])
        first = dt.date(year, month, day) + dt.timedelta(days=1)
    return _Period(first, today, "day")


def _grammar_period(text: str, today: dt.date) -> _Period | None:
    """The period of a text that is exactly one expression of the find_dates grammar."""
    g = _grammar()
    # Users type "sep 2020" and "MONDAY": spell names as the case-sensitive grammar expects.
    normalized = re.sub(
        r"[^\W\d_]+", lambda word: g.names.get(word.group().lower(), word.group().lower()), text
    )
    found = _scan(normalized, g)
    if len(found) != 1 or found[0].since or (found[0].start, found[0].end) != (0, len(text)):
        return None
    if found[0].shape.kind == "ambiguous":
        return None
    return _resolve(found[0].shape, today, False)


@functools.lru_cache(maxsize=4)
def _date_data_parser(today: dt.date) -> Any:
    # Imported here: it takes a noticeable time to load and find_dates never needs it.
    from dateparser.date import DateDataParser

    base = dt.datetime.combine(today, dt.time())
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base}
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser_period(text: str, today: dt.date) -> _Period | None:
    """dateparser's reading of a numeric date the grammar does not know ("28.09.2020")."""
    g = _grammar()
    names_month = any(w.lower() in g.months for w in re.findall(r"[^\W\d_]+", text))
    if not (_NUMERIC_DATE.fullmatch(text) or (names_month and re.search(r"\d", text))):
        return None
    data = _date_data_parser(today).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return _year_period(day.year)
    if data.period == "month":
        return _month_period(day.year, day.month)
    if data.period == "week":
        return _week_period(day)
    return _Period(day, day, "day")
