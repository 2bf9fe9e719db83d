"""Word and punctuation tokens with their offsets, the unit every rule looks at."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from store.extract.gazetteer import token_key

# Acronyms with dots ("U.S."), numbers with thousands separators ("30,000"), the possessive
# ending as a token of its own, words with inner hyphens, dots or apostrophes
# ("Nagorno-Karabakh", "O'Brien"), then any other single character.
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|\d{1,3}(?:,\d{3})+(?:\.\d+)?|[’']s\b|[^\W_]+(?:[-.][^\W_]+|[’'](?!s\b)[^\W_]+)*|[^\w\s]"
)


class Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str
    """Folded form for lexicon lookups (see gazetteer.token_key)."""

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_possessive(self) -> bool:
        return self.key in ("'s",)


@functools.lru_cache(maxsize=1024)
def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; offsets are shifted by ``offset`` (a sentence's start).

    Every extraction stage tokenizes the same sentences, so results are cached; callers must
    not modify the returned list.
    """
    # tuple.__new__ skips NamedTuple's Python-level constructor: tokenizing is a hot loop.
    return [
        _new_token(
            Token, (m.start() + offset, m.end() + offset, word := m.group(), token_key(word))
        )
        for m in _TOKEN.finditer(text)
    ]


_new_token = tuple.__new__


def adjacent(left: Token, right: Token) -> bool:
    """Whether two tokens are separated by at most one space (no punctuation, no line break)."""
    return right.start - left.end <= 1
