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
