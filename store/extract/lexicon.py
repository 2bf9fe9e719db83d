"""Loading the bundled lexicons and gazetteers (TOML files in ``store/extract/data``)."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any


@functools.cache
def load_lexicon(name: str) -> dict[str, Any]:
    """Return the parsed contents of ``data/NAME.toml``, read once per process."""
    with resources.files("store.extract").joinpath("data", f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)
