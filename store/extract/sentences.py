"""Splitting article text into sentences with offsets, and telling prose from the rest.

Body text is split at sentence-final punctuation, except after abbreviations and initials,
inside a quotation that closes later in the same paragraph (so a multi-sentence quote stays in
the sentence that attributes it), and before an attribution that follows a closing quote
("...our cause is right!” Azerbaijan’s President Ilham Aliyev said"). Lines that are headings,
captions or boilerplate ("Read More: ...", bylines, photo credits) become one item each with their
own kind, so that later stages can ignore them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from store.extract.lexicon import load_lexicon
from store.extract.records import Sentence

_LINE = re.compile(r"[^\n]+")
_BLANK_GAP = re.compile(r"\n[ \t\r\f\v]*\n")
# A candidate end: terminal punctuation, then closing quotes or brackets, then whitespace.
_CANDIDATE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)")
_SENTENCE_START = re.compile(r"\s+([\"“‘'(\[]?)(\S)")
_WORD_BEFORE = re.compile(r"([\w.’'-]+)$")
_TERMINAL = re.compile(r"[.!?…:;][\"”’')\]]*$")
_OPEN_QUOTES = "“"
_CLOSE_QUOTES = "”"
_QUOTE_MARK = re.compile(f'[{_OPEN_QUOTES}{_CLOSE_QUOTES}"]')
# A heading is short; longer unpunctuated lines are more likely wrapped prose.
_HEADING_MAX_WORDS = 12
# Beyond this many characters a quotation is not kept in one sentence (a runaway open quote).
_MAX_QUOTE_SPAN = 1500


@functools.cache
def _lexicon() -> tuple[
    frozenset[str], Callable[[str], bool], Callable[[str], bool], re.Pattern[str]
]:
    data = load_lexicon("segmentation")
    abbreviations = frozenset(data["abbreviations"])
    patterns = data["line_patterns"]
    # One alternation per kind: every line of every article is tested against them all.
    boilerplate = _any_of(patterns["boilerplate"])
    caption = _any_of(patterns["caption"])
    verbs = sorted(
        {form for forms in load_lexicon("reporting")["verbs"].values() for form in forms}
    )
    # "…right!” Azerbaijan’s President Ilham Aliyev said": up to six capitalised words, then a
    # reporting verb, means the text after the quote is its attribution, not a new sentence.
    attribution = re.compile(
        r"(?:(?:[A-Z][\w’'.-]*|of|the|and|de|al|von|van)\s+){1,7}(?:" + "|".join(verbs) + r")\b"
    )
    return abbreviations, boilerplate, caption, attribution


def _any_of(patterns: list[str]) -> Callable[[str], bool]:
    """Whether a line matches any of the patterns. Those anchored at the start ("^read more")
    are tried there only; a search would try them again at every position of the line."""
    anchored = [pattern for pattern in patterns if pattern.startswith("^")]
    floating = [pattern for pattern in patterns if not pattern.startswith("^")]
    at_start = _alternation(anchored).match if anchored else lambda line: None
    anywhere = _alternation(floating).search if floating else lambda line: None
    return lambda line: bool(at_start(line) or anywhere(line))


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def split_sentences(text: str, title: str | None = None) -> tuple[Sentence, ...]:
    """Split an article into sentences, headings, captions and boilerplate lines.

    Args:
        text: the article text; all offsets index into it.
        title: the article's title, so that a first line repeating it is marked a heading.
    """
    sentences: list[Sentence] = []
    for paragraph, (block_start, block_end) in enumerate(_blocks(text)):
        for start, end, kind in _block_items(text, block_start, block_end, title, paragraph):
            sentences.append(Sentence(len(sentences), start, end, text[start:end], kind, paragraph))
    return tuple(sentences)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each blank-line separated block that holds any text."""
    position = 0
    for gap in _BLANK_GAP.finditer(text):
        if text[position : gap.start()].strip():
            yield position, gap.start()
        position = gap.end()
    if text[position:].strip():
        yield position, len(text)


def _block_items(
    text: str, block_start: int, block_end: int, title: str | None, paragraph: int
) -> Iterator[tuple[int, int, str]]:
    lines = [
        (m.start(), m.end())
        for m in _LINE.finditer(text, block_start, block_end)
        if m.group().strip()
    ]
    prose_start: int | None = None
    prose_end = block_start
    for number, (line_start, line_end) in enumerate(lines):
        start, end = _strip(text, line_start, line_end)
        line = text[start:end]
        first = paragraph == 0 and number == 0
        kind = _line_kind(line, alone=len(lines) == 1, first=first, title=title)
        if kind != "body":
            if prose_start is not None:
                yield from _split_prose(text, prose_start, prose_end)
                prose_start = None
            yield start, end, kind
            continue
        if prose_start is None:
            prose_start = start
        prose_end = end
        # A line ending in terminal punctuation ends its sentence; a line without one is wrapped
        # prose that continues on the next line.
        if _TERMINAL.search(line):
            yield from _split_prose(text, prose_start, prose_end)
            prose_start = None
    if prose_start is not None:
        yield from _split_prose(text, prose_start, prose_end)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_kind(line: str, *, alone: bool, first: bool, title: str | None) -> str:
    _, boilerplate, caption, _ = _lexicon()
    if boilerplate(line):
        return "boilerplate"
    if caption(line):
        return "caption"
    if first and title and _same_words(line, title):
        return "heading"
    short_unpunctuated = not _TERMINAL.search(line) and len(line.split()) <= _HEADING_MAX_WORDS
    if alone and short_unpunctuated and line[:1].isupper():
        return "heading"
    return "body"


def _same_words(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().casefold() == re.sub(r"\W+", " ", b).strip().casefold()


def _split_prose(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """Split one run of prose into sentences."""
    abbreviations, _, _, attribution = _lexicon()
    open_quote_at = _open_quote_positions(text, start, end)
    sentence_start = start
    for match in _CANDIDATE_END.finditer(text, start, end):
        boundary = match.end()
        following = _SENTENCE_START.match(text, boundary, end)
        if following is None:
            continue
        opener, first = following.group(1), following.group(2)
        if not (first.isupper() or first.isdigit() or opener):
            continue
        punctuation = match.group()
        if punctuation.startswith(".") and len(punctuation.rstrip("\"”’')]")) == 1:
            word = _WORD_BEFORE.search(text, sentence_start, match.start())
            if word and _is_abbreviation(word.group(1), abbreviations):
                continue
        if _inside_quote(match.start(), boundary, open_quote_at):
            continue
        if punctuation[-1] in '"”' and attribution.match(text, following.start(2) - len(opener)):
            continue
        yield sentence_start, boundary, "body"
        sentence_start = following.start(1) if opener else following.start(2)
    if sentence_start < end:
        yield sentence_start, end, "body"


def _is_abbreviation(word: str, abbreviations: frozenset[str]) -> bool:
    word = word.lstrip("(\"“‘'")
    if word in abbreviations:
        return True
    # Initials ("J. Smith", "U.S.") and single capitals end no sentence.
    return bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word))


def _open_quote_positions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans (open, close) of quotations in the run, for curly and straight double quotes."""
    spans: list[tuple[int, int]] = []
    curly_open: int | None = None
    straight_open: int | None = None
    for match in _QUOTE_MARK.finditer(text, start, end):
        index, char = match.start(), match.group()
        if char in _OPEN_QUOTES:
            curly_open = index
        elif char in _CLOSE_QUOTES and curly_open is not None:
            spans.append((curly_open, index))
            curly_open = None
        elif char == '"':
            if straight_open is None:
                straight_open = index
            else:
                spans.append((straight_open, index))
                straight_open = None
    return spans


def _inside_quote(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether the terminator at start..end lies inside a quotation that closes after it."""
    return any(
        open_at < start and close_at >= end and close_at - open_at <= _MAX_QUOTE_SPAN
        for open_at, close_at in spans
    )
