"""Folding names for comparison: case, diacritics, apostrophes and dashes."""

from __future__ import annotations

import functools
import unicodedata

_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Return a comparison key: "Erdoğan" and "ERDOGAN" fold alike, as do "Côte" and "Cote"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_PUNCTUATION))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Letters that do not decompose into a base letter and a mark.
    stripped = stripped.replace("ı", "i").replace("ø", "o").replace("ł", "l").replace("ß", "ss")
    return " ".join(stripped.casefold().split())


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A key under which transliterations of one name meet: "Zelenskyy", "Zelenskiy" and
    "Zelensky" alike; doubled letters collapse and a final "iy" is "y"."""
    letters = "".join(c if c.isalpha() or c == " " else "" for c in fold(name))
    collapsed = "".join(c for i, c in enumerate(letters) if i == 0 or c != letters[i - 1])
    return " ".join(word[:-2] + "y" if word.endswith("iy") else word for word in collapsed.split())
