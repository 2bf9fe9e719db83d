"""Where the bundled seed articles are: inside the installed package, or in the source tree."""

from __future__ import annotations

from pathlib import Path


def bundled_seeds() -> Path:
    """The folder of bundled seed articles and their sides file.

    A wheel carries them as ``store/seeds``; an editable install or a checkout has them in the
    project's top-level ``seeds/``.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled seeds folder is missing from this installation")
