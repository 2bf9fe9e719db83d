"""Quote attribution scored against PolNeAR dev (../shared/eval/polnear-dev.jsonl).

PolNeAR marks every attribution in 84 US political news articles by hand: its source, cue and
content as character spans. This module runs ``extract_article`` on each article and scores our
quotes against those spans:

- **Direct quotes.** Gold: attributions whose content (its spans joined, whitespace stripped)
  begins and ends with a double quotation mark (“ ” or "). Predicted: our quotes of kind
  "direct". A predicted quote is correct when at least half of its characters lie inside the
  content of one gold attribution (any attribution, direct or not). A gold quote is found when at
  least half of its content characters (quotation marks left out) are covered by predicted
  quotes of any kind.
- **Speaker accuracy.** Over the found gold quotes whose source is a name (it holds a capitalised
  word that is not a pronoun or determiner): the share whose speaker is right, that is, whose
  predicted canonical speaker (or speaker_text when unresolved) holds the last capitalised word
  of the gold source's name (see ``name_key``), case and diacritics folded ("Pat Caddell" for
  "Caddell"). The predicted quote is the one that covers most of the gold content. A gold source
  "he" or "she" is resolved through PolNeAR's own annotation: to the nearest earlier gold source
  in the article that names a person (a name that is not a description opening with a
  determiner, "The Republican nominee", nor a body, "NBC News") and is not of the other gender
  (where a title or given name tells it); other pronouns ("they", "it", "I") and pronouns with
  no such source are left out and counted.
- **All attributions** (secondary): the same rules over every gold attribution, direct, mixed or
  indirect, and every predicted quote.

Run ``python tests/polnear.py`` for the table, ``--misses`` to list what went wrong.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from store.extract import extract_article
from store.extract.folding import fold
from store.extract.lexicon import load_lexicon
from store.extract.records import Quote

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared/eval/polnear-dev.jsonl"

_QUOTE_MARKS = '“”"'
# Capitalised words that do not make a source a name.
_NOT_NAME_WORDS = (
    "he she they i we it you his her their its our my your him them me us the a an this that "
    "these those some many most few several one all both another other such no not only each "
    "every nearly"
)
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
# Last words that make a source a body rather than a person.
_BODY_WORDS = (
    "news times post journal network campaign committee party council department agency "
    "administration court university institute foundation group association"
)
_BODIES = frozenset(_BODY_WORDS.split())
_PREPOSITIONS = frozenset({"of", "at", "from", "for", "with", "in", "on"})
_PERSON_PRONOUNS = frozenset({"he", "she"})
_PRONOUNS = _PERSON_PRONOUNS | frozenset({"they", "it", "i", "we", "you", "him", "her", "them"})
_FEMALE_TITLES = frozenset({"ms", "mrs", "miss", "madam", "spokeswoman", "congresswoman"})
_MALE_TITLES = frozenset({"mr", "sir", "spokesman", "congressman"})
_WORD = re.compile(r"[^\W_][\w.’'-]*")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One hand-marked attribution."""

    article: str
    content: tuple[tuple[int, int], ...]
    content_text: str
    source: str | None
    """The source as marked ("Sen. Bernie Sanders", "she"), None when there is none."""
    source_start: int | None
    direct: bool
    speaker: str | None = None
    """The name speakers are compared with: the source's own, or a pronoun's antecedent."""
    via: str | None = None
    """The pronoun the speaker was resolved from, if it was."""


@dataclass(slots=True)
class Tally:
    """Counts and examples for one kind of item."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    speakers: int = 0
    speakers_right: int = 0
    pronouns_resolved: int = 0
    pronouns_left_out: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    wrong_speakers: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.speakers if self.speakers else 0.0


@dataclass(slots=True)
class Scores:
    """The PolNeAR scores: direct quotes first, every attribution second."""

    articles: int = 0
    direct: Tally = field(default_factory=Tally)
    every: Tally = field(default_factory=Tally)


def read_articles(path: Path = POLNEAR) -> list[dict]:
    """The PolNeAR records, one a line."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_attributions(record: dict) -> list[GoldAttribution]:
    """The attributions of one record, with pronoun sources resolved where the annotation
    allows."""
    text = record["text"]
    found: list[GoldAttribution] = []
    for entry in record["attributions"]:
        spans = [
            tuple(span)
            for part in ("content", "content2")
            for span in entry.get(part, {}).get("spans", [])
        ]
        if not spans:
            continue
        content = "".join(text[start:end] for start, end in spans).strip()
        source = entry.get("source")
        found.append(
            GoldAttribution(
                article=record["id"],
                content=tuple(sorted(spans)),
                content_text=content,
                source=source["text"] if source else None,
                source_start=source["spans"][0][0] if source else None,
                direct=len(content) > 1
                and content[0] in _QUOTE_MARKS
                and content[-1] in _QUOTE_MARKS,
            )
        )
    return _resolve_pronouns(found)


def _resolve_pronouns(attributions: list[GoldAttribution]) -> list[GoldAttribution]:
    """Give each attribution the name its speaker is scored against."""
    by_source = sorted(
        (a for a in attributions if a.source_start is not None), key=lambda a: a.source_start
    )
    resolved: dict[int, GoldAttribution] = {}
    for position, attribution in enumerate(by_source):
        source = attribution.source or ""
        if is_name(source):
            resolved[id(attribution)] = dataclasses.replace(attribution, speaker=source)
            continue
        pronoun = source.strip().casefold()
        if pronoun not in _PERSON_PRONOUNS:
            continue
        wanted = "female" if pronoun == "she" else "male"
        for earlier in reversed(by_source[:position]):
            name = earlier.source or ""
            if _names_person(name) and _gender(name, by_source) in (None, wanted):
                resolved[id(attribution)] = dataclasses.replace(
                    attribution, speaker=name, via=pronoun
                )
                break
    return [resolved.get(id(a), a) for a in attributions]


def is_name(source: str) -> bool:
    """Whether a gold source names someone: a capitalised word that is no pronoun or
    determiner."""
    return any(
        word[:1].isupper() and fold(word) not in _NOT_NAMES for word in _WORD.findall(source)
    )


def _names_person(source: str) -> bool:
    """Whether a gold source can be what a "he" or "she" stands for: a name, not a
    description ("The Republican presidential nominee") nor a body ("NBC News")."""
    words = source.split()
    return is_name(source) and fold(words[0]) not in _NOT_NAMES and name_key(source) not in _BODIES


def name_key(name: str) -> str | None:
    """The word a speaker must share with a gold source: the last word of its name, folded,
    without a possessive ending ("Sanders" for "Sen. Bernie Sanders", "Baer" for "Kenneth Baer, a
    former official", "Earnest" for "White House press secretary Josh Earnest").

    The name is the longest run of capitalised words before any comma or bracket (the last of
    equally long runs), taken before a preposition when a run of two words stands there ("Dan
    McLaughlin at the National Review"), from anywhere otherwise ("Secretary of State John
    Kerry")."""
    head = re.split(r"[,(]", name, maxsplit=1)[0] or name
    runs: list[tuple[bool, list[str]]] = [(False, [])]
    after_preposition = False
    for word in head.split():
        if word[:1].isupper() and fold(word) not in _NOT_NAMES:
            runs[-1][1].append(word)
            continue
        after_preposition = after_preposition or fold(word) in _PREPOSITIONS
        runs.append((after_preposition, []))
    before = [run for late, run in runs if not late]
    pool = before if max(map(len, before)) >= 2 else [run for _, run in runs]
    longest = max(reversed(pool), key=len)
    if not longest:
        return None
    return re.sub(r"['’]s?$", "", fold(longest[-1]).rstrip(".,"))


def _words(name: str) -> set[str]:
    return {re.sub(r"['’]s?$", "", fold(w).rstrip(".")) for w in _WORD.findall(name)}


def speaker_right(gold_name: str, quote: Quote) -> bool:
    """Whether a predicted quote's speaker shares the gold name's last capitalised word."""
    key = name_key(gold_name)
    predicted = quote.speaker or quote.speaker_text
    return key is not None and predicted is not None and key in _words(predicted)


@functools.cache
def _given_names() -> dict[str, str]:
    """Folded given name -> "female" or "male", from the extractor's data file."""
    data = load_lexicon("given_names")
    return {fold(name): gender for gender in ("female", "male") for name in data[gender]}


def _gender(name: str, sources: list[GoldAttribution]) -> str | None:
    """A name's gender where its title or given name tells it, in this source or in another
    source of the article with the same last name ("Trump" after "Donald Trump")."""
    key = name_key(name)
    for text in [name] + [s.source or "" for s in sources if name_key(s.source or "") == key]:
        words = [fold(w).rstrip(".") for w in _WORD.findall(re.split(r"[,(]", text)[0])]
        if any(w in _FEMALE_TITLES for w in words):
            return "female"
        if any(w in _MALE_TITLES for w in words):
            return "male"
        given = next((w for w in words if w in _given_names()), None)
        if given:
            return _given_names()[given]
    return None


def _chars(spans: Iterable[tuple[int, int]], text: str) -> set[int]:
    """Offsets of the characters of some spans, quotation marks and spaces left out."""
    return {
        offset
        for start, end in spans
        for offset in range(start, end)
        if text[offset] not in _QUOTE_MARKS and not text[offset].isspace()
    }


def _excerpt(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def score(path: Path = POLNEAR) -> Scores:
    """Extract every PolNeAR article and score its quotes."""
    scores = Scores()
    for record in read_articles(path):
        scores.articles += 1
        text = record["text"]
        published = date.fromisoformat(record["published"]) if record.get("published") else None
        quotes = extract_article(text, published, record.get("title")).quotes
        gold = gold_attributions(record)
        _score_article(
            scores.direct, text, [g for g in gold if g.direct], gold, _direct(quotes), quotes
        )
        _score_article(scores.every, text, gold, gold, list(quotes), quotes)
    return scores


def _direct(quotes: Iterable[Quote]) -> list[Quote]:
    return [q for q in quotes if q.kind == "direct"]


def _score_article(
    tally: Tally,
    text: str,
    gold: list[GoldAttribution],
    every_gold: list[GoldAttribution],
    predicted: list[Quote],
    every_predicted: tuple[Quote, ...],
) -> None:
    gold_chars = [_chars(g.content, text) for g in every_gold]
    for quote in predicted:
        tally.predicted += 1
        chars = _chars([(quote.start, quote.end)], text)
        best = max((len(chars & g) for g in gold_chars), default=0)
        if chars and best * 2 >= len(chars):
            tally.correct += 1
        else:
            tally.false.append(f"{quote.kind} [{quote.speaker_text}] {_excerpt(quote.text)}")
    predicted_chars = [(q, _chars([(q.start, q.end)], text)) for q in every_predicted]
    covered = set().union(*(chars for _, chars in predicted_chars))
    for attribution in gold:
        tally.gold += 1
        chars = _chars(attribution.content, text)
        label = f"[{attribution.source}] {_excerpt(attribution.content_text)}"
        if not chars or len(chars & covered) * 2 < len(chars):
            tally.misses.append(label)
            continue
        tally.found += 1
        if attribution.speaker is None:
            if (attribution.source or "").strip().casefold() in _PRONOUNS:
                tally.pronouns_left_out += 1
            continue
        tally.pronouns_resolved += attribution.via is not None
        quote = max(predicted_chars, key=lambda pair: len(pair[1] & chars))[0]
        tally.speakers += 1
        if speaker_right(attribution.speaker, quote):
            tally.speakers_right += 1
        else:
            gold_speaker = attribution.speaker + (
                f" ({attribution.via})" if attribution.via else ""
            )
            tally.wrong_speakers.append(
                f"gold {gold_speaker!r} got {quote.speaker!r} ({quote.speaker_text!r}): "
                f"{_excerpt(attribution.content_text, 70)}"
            )


def _table(scores: Scores) -> Iterator[str]:
    yield f"PolNeAR dev: {scores.articles} articles"
    yield f"{'':18}{'gold':>6}{'found':>7}{'pred':>6}{'right':>7}{'P':>7}{'R':>7}{'F1':>7}"
    for label, tally in (("direct quotes", scores.direct), ("all attributions", scores.every)):
        yield (
            f"{label:18}{tally.gold:>6}{tally.found:>7}{tally.predicted:>6}{tally.correct:>7}"
            f"{tally.precision:>7.3f}{tally.recall:>7.3f}{tally.f1:>7.3f}"
        )
    for label, tally in (("direct quotes", scores.direct), ("all attributions", scores.every)):
        yield (
            f"speaker accuracy, {label}: {tally.speaker_accuracy:.3f} "
            f"({tally.speakers_right} of {tally.speakers}; {tally.pronouns_resolved} he/she "
            f"sources resolved through earlier gold sources, {tally.pronouns_left_out} pronoun "
            "sources left out)"
        )


def main(argv: list[str] | None = None) -> int:
    """Print the scores, and with ``--misses`` the misses, false items and wrong speakers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=POLNEAR)
    parser.add_argument(
        "--misses",
        choices=("direct", "all"),
        nargs="?",
        const="direct",
        help="list misses, false items and wrong speakers (of direct quotes by default)",
    )
    args = parser.parse_args(argv)
    scores = score(args.path)
    for line in _table(scores):
        print(line)
    if args.misses:
        tally = scores.direct if args.misses == "direct" else scores.every
        for title, items in (
            ("missed", tally.misses),
            ("false", tally.false),
            ("wrong speaker", tally.wrong_speakers),
        ):
            print(f"\n{title} ({len(items)}):")
            for item in items:
                print(f"  {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
