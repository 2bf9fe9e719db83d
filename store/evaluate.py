"""Scoring extraction against a hand-made gold file: precision, recall and every miss.

A gold file (JSON) annotates one article item by item: its actors, and its events, quotes and
casualty figures, each tied to its sentence by a distinctive piece of that sentence's text.
:func:`evaluate` reads a loaded database (read-only) and pairs gold with predicted items, kind by
kind; :func:`format_report` prints the scores and lists every miss, every false item and every
wrong field, so that a change to extraction is measured rather than guessed at.

In a gold item, ``null`` means "none" and an absent key is not checked. Gold text is matched
whatever its quotation marks (straight or curly) and runs of white space.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.database import open_readonly
from store.filters import OTHER_SIDE

EVENT_FIELDS = (
    "event_type",
    "cameo_root",
    "sources",
    "targets",
    "date_start",
    "date_end",
    "date_precision",
)
"""The fields that make a paired event correct: its type, actors and date."""
EVENT_AGREEMENT = ("claimed_by", "status", "modality", "mode")
QUOTE_AGREEMENT = ("speaker", "kind")
ACTOR_AGREEMENT = ("kind", "side")
CASUALTY_FIELDS = ("count_max", "qualifier", "cumulative", "claimed_by")
"""Beyond the sentence, kind and ``count_min`` that pair them, what makes a figure correct."""
QUOTE_OVERLAP = 0.5
"""Share of the gold quote's characters a predicted quote must cover to be paired with it."""

# Keys a gold item may carry: the checked ones, and those kept for the reader only. Any other
# key is named in the report's notes, so that a misspelt key is not silently left unchecked.
_GOLD_KEYS = {
    "": {"article", "published", "title", "notes", "actors", "events", "quotes", "casualties"},
    "actors": {"name", "kind", "side", "aliases", "country", "note"},
    "events": {
        "sentence",
        "trigger",
        *EVENT_FIELDS,
        *EVENT_AGREEMENT,
        "others",
        "location",
        "date_text",
        "summary",
        "note",
    },
    "quotes": {"sentence", "text", *QUOTE_AGREEMENT, "speaker_text", "cue", "medium", "note"},
    "casualties": {
        "sentence",
        "kind",
        "count_min",
        *CASUALTY_FIELDS,
        "victims",
        "victim_side",
        "note",
    },
}
_REQUIRED = {
    "actors": ("name",),
    "events": ("sentence", "event_type"),
    "quotes": ("sentence", "text"),
    "casualties": ("sentence", "kind", "count_min"),
}
_QUOTE_MARKS = ("'‘’‚‛`´", '"“”„‟«»')
_SNIPPET_WIDTH = 90


class GoldError(ValueError):
    """A gold file that cannot be evaluated; the message lists every problem found."""


@dataclass(frozen=True, slots=True)
class Rate:
    """How many of ``total`` compared items agree."""

    agree: int
    total: int

    @property
    def value(self) -> float | None:
        """The share that agree, or None when nothing was compared."""
        return self.agree / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class Difference:
    """A field on which a predicted item disagrees with its gold item."""

    field: str
    gold: object
    predicted: object


@dataclass(frozen=True, slots=True)
class Finding:
    """One listed item: a miss, a false item, or a pair with wrong fields."""

    item: str
    """The item in a few words (an actor's name; an event's type, trigger, actors and date)."""
    sentence_idx: int | None = None
    sentence: str | None = None
    differences: tuple[Difference, ...] = ()
    """For a paired item, the fields that disagree; empty for an item with no partner."""


@dataclass(frozen=True, slots=True)
class KindReport:
    """The scores of one kind of item (events, quotes, actors or casualties) and its findings."""

    kind: str
    gold: int
    predicted: int
    paired: int
    correct: int
    """Pairs whose deciding fields all agree (for quotes and actors: every pair)."""
    agreement: Mapping[str, Rate]
    """Over the pairs, how often each further field agrees."""
    misses: tuple[Finding, ...]
    """Gold items not correctly found; a paired one says which fields disagree."""
    false_items: tuple[Finding, ...]
    """Predicted items not correctly paired."""
    wrong: tuple[Finding, ...]
    """Correct pairs whose further fields disagree (a quote's speaker, an actor's side)."""

    @property
    def precision(self) -> float | None:
        """Correct / predicted, or None when nothing was predicted."""
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        """Correct / gold, or None when the gold has none of this kind."""
        return self.correct / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        """The harmonic mean of precision and recall."""
        total = self.gold + self.predicted
        return 2 * self.correct / total if total else None


@dataclass(frozen=True, slots=True)
class Report:
    """The evaluation of one article against its gold file."""

    article: str
    """The evaluated article's path as loaded."""
    events: KindReport
    quotes: KindReport
    actors: KindReport
    casualties: KindReport
    notes: tuple[str, ...] = ()
    """Remarks on the gold file that did not stop the evaluation (keys that are not checked)."""

    @property
    def kinds(self) -> tuple[KindReport, ...]:
        """The four kind reports in display order."""
        return (self.events, self.quotes, self.actors, self.casualties)


def read_gold(path: str | Path) -> dict[str, Any]:
    """Read a gold file; its items are checked against the database by :func:`evaluate`.

    Raises:
        GoldError: the file cannot be read, is not JSON, or is not an object naming an article.
    """
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError) as error:
        raise GoldError(f"{path}: cannot be read ({error})") from error
    except json.JSONDecodeError as error:
        raise GoldError(f"{path}: not valid JSON ({error})") from error
    if not isinstance(gold, dict) or not isinstance(gold.get("article"), str):
        raise GoldError(f'{path}: not a gold file (an object with an "article" name)')
    return gold


def evaluate(db_path: str | Path, gold: Mapping[str, Any]) -> Report:
    """Evaluate the gold file's article in a database against the gold items.

    The article is the one whose path ends with ``gold["article"]``, or the database's only
    article.

    Raises:
        store.database.DatabaseError: the database cannot be opened.
        GoldError: no such article, or gold items that cannot be placed (a sentence matching no
            sentence or several, a quote not in the text, an actor not among the gold actors).
    """
    conn = open_readonly(db_path)
    try:
        article = _find_article(conn, str(gold.get("article", "")))
        sentences = _sentences(conn, article.id)
        reader = _GoldReader(article, sentences)
        gold_items = reader.read(gold)
        predicted = _Predicted(conn, article.id, {s.id: s for s in sentences})
        return Report(
            article=article.path,
            events=_score(
                "events",
                gold_items["events"],
                predicted.events(),
                _event_closeness,
                EVENT_FIELDS,
                EVENT_AGREEMENT,
                _describe_event,
            ),
            quotes=_score(
                "quotes",
                gold_items["quotes"],
                predicted.quotes(),
                _quote_closeness,
                (),
                QUOTE_AGREEMENT,
                _describe_quote,
            ),
            actors=_score(
                "actors",
                gold_items["actors"],
                predicted.actors(),
                _actor_closeness,
                (),
                ACTOR_AGREEMENT,
                _describe_actor,
            ),
            casualties=_score(
                "casualties",
                gold_items["casualties"],
                predicted.casualties(),
                _casualty_closeness,
                CASUALTY_FIELDS,
                CASUALTY_FIELDS,
                _describe_casualty,
            ),
            notes=tuple(reader.notes),
        )
    finally:
        conn.close()


# --- the database side -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Article:
    id: int
    path: str
    published: str | None
    text: str


@dataclass(frozen=True, slots=True)
class _Sentence:
    id: int
    idx: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Item:
    """A gold or predicted item with its fields in one shape, ready to compare."""

    fields: Mapping[str, object]
    sentence: _Sentence | None = None
    span: tuple[int, int] | None = None
    """For quotes: the quoted text's character offsets in the article."""


def _find_article(conn: sqlite3.Connection, name: str) -> _Article:
    """The article whose path ends with ``name`` (at a folder boundary), or the only one."""
    rows = conn.execute(
        "SELECT id, path, published, text FROM articles "
        "WHERE path = ? OR substr(path, -?) IN (?, ?) ORDER BY id",
        (name, len(name) + 1, f"/{name}", f"\\{name}"),
    ).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT id, path, published, text FROM articles ORDER BY id LIMIT 2"
        ).fetchall()
        if len(rows) != 1:
            raise GoldError(f"the database has no article named {name!r}")
    if len(rows) > 1:
        paths = ", ".join(row[1] for row in rows)
        raise GoldError(f"several articles of the database are named {name!r}: {paths}")
    return _Article(*rows[0])


def _sentences(conn: sqlite3.Connection, article_id: int) -> list[_Sentence]:
    rows = conn.execute(
        'SELECT id, idx, start, "end", text FROM sentences WHERE article_id = ? ORDER BY idx',
        (article_id,),
    )
    return [_Sentence(*row) for row in rows]


class _Predicted:
    """What extraction stored for one article, as items shaped like the gold ones."""

    def __init__(
        self, conn: sqlite3.Connection, article_id: int, sentences: Mapping[int, _Sentence]
    ) -> None:
        self._conn = conn
        self._article_id = article_id
        self._sentences = sentences

    def events(self) -> list[_Item]:
        roles: dict[tuple[int, str], set[str]] = {}
        for event_id, role, name in self._conn.execute(
            "SELECT ea.event_id, ea.role, a.name FROM event_actors ea "
            "JOIN events e ON e.id = ea.event_id JOIN actors a ON a.id = ea.actor_id "
            "WHERE e.article_id = ?",
            (self._article_id,),
        ):
            roles.setdefault((event_id, role), set()).add(name)
        rows = self._conn.execute(
            "SELECT e.id, e.sentence_id, e.trigger, e.event_type, e.cameo_root, e.mode, "
            "e.date_start, e.date_end, e.date_precision, claimant.name, e.status, e.modality "
            "FROM events e LEFT JOIN actors claimant ON claimant.id = e.claimed_by "
            "WHERE e.article_id = ? ORDER BY e.trigger_start, e.id",
            (self._article_id,),
        )
        items = []
        for row in rows:
            event_id, sentence_id, trigger, event_type, cameo_root, mode, *rest = row
            date_start, date_end, date_precision, claimed_by, status, modality = rest
            fields = {
                "trigger": trigger,
                "event_type": event_type,
                "cameo_root": cameo_root,
                "mode": mode,
                "sources": frozenset(roles.get((event_id, "source"), ())),
                "targets": frozenset(roles.get((event_id, "target"), ())),
                "date_start": date_start,
                "date_end": date_end,
                "date_precision": date_precision,
                "claimed_by": claimed_by,
                "status": status,
                "modality": modality,
            }
            items.append(_Item(fields, self._sentences[sentence_id]))
        return items

    def quotes(self) -> list[_Item]:
        rows = self._conn.execute(
            'SELECT q.sentence_id, q.text, q.kind, q.start, q."end", speaker.name FROM quotes q '
            "LEFT JOIN actors speaker ON speaker.id = q.speaker_id "
            "WHERE q.article_id = ? ORDER BY q.start, q.id",
            (self._article_id,),
        )
        return [
            _Item(
                {"text": text, "kind": kind, "speaker": speaker},
                self._sentences[sentence_id],
                (start, end),
            )
            for sentence_id, text, kind, start, end, speaker in rows
        ]

    def actors(self) -> list[_Item]:
        """Actors named in the article or taking part in its events, quotes or casualties."""
        rows = self._conn.execute(
            "SELECT name, kind, side FROM actors WHERE id IN ("
            "SELECT m.actor_id FROM mentions m JOIN sentences s ON s.id = m.sentence_id "
            "WHERE s.article_id = :article "
            "UNION SELECT ea.actor_id FROM event_actors ea JOIN events e ON e.id = ea.event_id "
            "WHERE e.article_id = :article "
            "UNION SELECT claimed_by FROM events WHERE article_id = :article "
            "UNION SELECT speaker_id FROM quotes WHERE article_id = :article "
            "UNION SELECT claimed_by FROM casualties WHERE article_id = :article "
            "UNION SELECT victim_actor_id FROM casualties WHERE article_id = :article"
            ") ORDER BY name",
            {"article": self._article_id},
        )
        return [
            _Item({"name": name, "kind": kind, "side": side or OTHER_SIDE})
            for name, kind, side in rows
        ]

    def casualties(self) -> list[_Item]:
        rows = self._conn.execute(
            "SELECT c.sentence_id, c.kind, c.count_min, c.count_max, c.qualifier, c.cumulative, "
            "c.victims, claimant.name FROM casualties c "
            "LEFT JOIN actors claimant ON claimant.id = c.claimed_by "
            "WHERE c.article_id = ? ORDER BY c.start, c.id",
            (self._article_id,),
        )
        items = []
        for sentence_id, kind, low, high, qualifier, cumulative, victims, claimant in rows:
            fields = {
                "kind": kind,
                "count_min": low,
                "count_max": high,
                "qualifier": qualifier,
                "cumulative": None if cumulative is None else bool(cumulative),
                "victims": victims,
                "claimed_by": claimant,
            }
            items.append(_Item(fields, self._sentences[sentence_id]))
        return items


# --- the gold side -----------------------------------------------------------------------------


class _GoldReader:
    """Turns gold entries into items, placing each in its sentence; collects every problem."""

    def __init__(self, article: _Article, sentences: Sequence[_Sentence]) -> None:
        self._article = article
        self._sentences = sentences
        self._actor_names: set[str] = set()
        self.problems: list[str] = []
        self.notes: list[str] = []

    def read(self, gold: Mapping[str, Any]) -> dict[str, list[_Item]]:
        """The gold items of each kind.

        Raises:
            GoldError: with every problem of the file, one a line.
        """
        self._check_keys("", gold, "the file")
        published = gold.get("published")
        if published is not None and str(published) != (self._article.published or "")[:10]:
            self.notes.append(
                f"the gold says published {published}, the database "
                f"{self._article.published or 'nothing'}"
            )
        entries = {kind: self._entries(gold, kind) for kind in _REQUIRED}
        # Actors first: the other kinds name them.
        items = {"actors": [self._actor(where, entry) for where, entry in entries["actors"]]}
        items["events"] = [self._event(where, entry) for where, entry in entries["events"]]
        items["quotes"] = [self._quote(where, entry) for where, entry in entries["quotes"]]
        items["casualties"] = [
            self._casualty(where, entry) for where, entry in entries["casualties"]
        ]
        if self.problems:
            raise GoldError(
                f"the gold file does not fit {self._article.path}:\n  " + "\n  ".join(self.problems)
            )
        return items

    def _entries(self, gold: Mapping[str, Any], kind: str) -> list[tuple[str, Mapping[str, Any]]]:
        """The well-formed entries of a kind, each with where it is in the file."""
        entries = gold.get(kind) or []
        if not isinstance(entries, list):
            self.problems.append(f"{kind}: a list is expected")
            return []
        good = []
        for number, entry in enumerate(entries):
            where = f"{kind}[{number}]"
            if not isinstance(entry, dict):
                self.problems.append(f"{where}: an object is expected")
                continue
            missing = [key for key in _REQUIRED[kind] if key not in entry]
            if missing:
                self.problems.append(f"{where}: {', '.join(missing)} missing")
                continue
            self._check_keys(kind, entry, where)
            good.append((where, entry))
        return good

    def _check_keys(self, kind: str, entry: Mapping[str, Any], where: str) -> None:
        for key in sorted(set(entry) - _GOLD_KEYS[kind]):
            self.notes.append(f"{where}: key {key!r} is not checked (misspelt?)")

    def _actor(self, where: str, entry: Mapping[str, Any]) -> _Item:
        name = entry["name"]
        if name in self._actor_names:
            self.problems.append(f"{where}: actor {name!r} is listed twice")
        self._actor_names.add(name)
        fields = {"name": name, **_present(entry, ("kind",))}
        if "side" in entry:
            fields["side"] = entry["side"] or OTHER_SIDE
        return _Item(fields)

    def _event(self, where: str, entry: Mapping[str, Any]) -> _Item:
        where = f"{where} ({entry.get('trigger') or entry['event_type']})"
        fields = _present(entry, ("trigger", *EVENT_FIELDS, *EVENT_AGREEMENT))
        for role in ("sources", "targets"):
            if role not in fields:
                continue
            names = fields[role] or []
            if not isinstance(names, list):
                self.problems.append(f"{where}: {role} must be a list of actor names")
                names = []
            fields[role] = frozenset(self._known(where, names))
        if fields.get("claimed_by") is not None:
            self._known(where, (fields["claimed_by"],))
        return _Item(fields, self._sentence(where, entry["sentence"]))

    def _quote(self, where: str, entry: Mapping[str, Any]) -> _Item:
        fields = _present(entry, ("text", *QUOTE_AGREEMENT))
        if fields.get("speaker") is not None:
            self._known(where, (fields["speaker"],))
        sentence = self._sentence(where, entry["sentence"])
        span = self._span(where, entry["text"], sentence) if sentence else None
        return _Item(fields, sentence, span)

    def _casualty(self, where: str, entry: Mapping[str, Any]) -> _Item:
        fields = _present(entry, ("kind", "count_min", "victims", *CASUALTY_FIELDS))
        if fields.get("cumulative") is not None:
            fields["cumulative"] = bool(fields["cumulative"])
        if fields.get("claimed_by") is not None:
            self._known(where, (fields["claimed_by"],))
        return _Item(fields, self._sentence(where, entry["sentence"]))

    def _known(self, where: str, names: Sequence[str]) -> Sequence[str]:
        """The names, each checked to be a gold actor: a misspelt name would never match."""
        for name in names:
            if name not in self._actor_names:
                self.problems.append(f"{where}: actor {name!r} is not among the gold actors")
        return names

    def _sentence(self, where: str, snippet: object) -> _Sentence | None:
        """The one sentence that contains ``snippet``; a problem if none or several do."""
        if not isinstance(snippet, str) or not snippet.strip():
            self.problems.append(f"{where}: the sentence text is empty")
            return None
        pattern = _tolerant(snippet)
        found = [s for s in self._sentences if pattern.search(s.text)]
        if not found:
            self.problems.append(f"{where}: sentence {snippet!r} matches no sentence")
            return None
        if len(found) > 1:
            indexes = ", ".join(str(s.idx) for s in found)
            self.problems.append(
                f"{where}: sentence {snippet!r} matches {len(found)} sentences ({indexes}); "
                "give more of its words"
            )
            return None
        return found[0]

    def _span(self, where: str, text: object, sentence: _Sentence) -> tuple[int, int] | None:
        """Where the quoted text is in the article: in or across its sentence."""
        if not isinstance(text, str) or not text.strip():
            self.problems.append(f"{where}: the quote text is empty")
            return None
        # The first occurrence that reaches into the sentence (a quote may run over several).
        for match in _tolerant(text).finditer(self._article.text):
            if match.start() < sentence.end and match.end() > sentence.start:
                return match.start(), match.end()
        self.problems.append(
            f"{where}: quote text {_shorten(text)!r} is not in sentence {sentence.idx}"
        )
        return None


def _present(entry: Mapping[str, Any], keys: Sequence[str]) -> dict[str, object]:
    """The entry's values for the keys it has: an absent key is not checked."""
    return {key: entry[key] for key in keys if key in entry}


def _tolerant(snippet: str) -> re.Pattern[str]:
    """A pattern for ``snippet`` that accepts any quotation mark and any run of white space."""
    parts = []
    for piece in re.split(r"(\s+)", snippet.strip()):
        if piece.isspace():
            parts.append(r"\s+")
            continue
        for char in piece:
            marks = next((m for m in _QUOTE_MARKS if char in m), None)
            parts.append(f"[{re.escape(marks)}]" if marks else re.escape(char))
    return re.compile("".join(parts))


# --- pairing and scoring -----------------------------------------------------------------------

Closeness = Callable[[_Item, _Item], float | None]
"""How well a predicted item fits a gold one (higher is closer), or None if they cannot pair."""


def _event_closeness(gold: _Item, predicted: _Item) -> float | None:
    if gold.sentence != predicted.sentence:
        return None
    if gold.fields["event_type"] != predicted.fields["event_type"]:
        return None
    return _trigger_overlap(gold.fields.get("trigger"), predicted.fields.get("trigger"))


def _trigger_overlap(gold: object, predicted: object) -> float:
    """The share of the gold trigger's words that the predicted trigger has.

    Words are compared by their first five letters, so "attacked" meets "attacking".
    """
    if not isinstance(gold, str) or not isinstance(predicted, str):
        return 0.0
    gold_stems = [word[:5] for word in re.findall(r"\w+", gold.casefold())]
    predicted_stems = {word[:5] for word in re.findall(r"\w+", predicted.casefold())}
    if not gold_stems:
        return 0.0
    return sum(stem in predicted_stems for stem in gold_stems) / len(gold_stems)


def _quote_closeness(gold: _Item, predicted: _Item) -> float | None:
    """The share of the gold quote's characters that the predicted quote covers.

    The predicted quote must be stored with the gold sentence or reach into it: a quote that
    runs over several sentences may be stored with any of them.
    """
    if gold.span is None or predicted.span is None or gold.sentence is None:
        return None
    sentence = gold.sentence
    reaches = predicted.span[0] < sentence.end and predicted.span[1] > sentence.start
    if predicted.sentence != sentence and not reaches:
        return None
    covered = min(gold.span[1], predicted.span[1]) - max(gold.span[0], predicted.span[0])
    share = covered / max(gold.span[1] - gold.span[0], 1)
    return share if share >= QUOTE_OVERLAP else None


def _actor_closeness(gold: _Item, predicted: _Item) -> float | None:
    return 1.0 if gold.fields["name"] == predicted.fields["name"] else None


def _casualty_closeness(gold: _Item, predicted: _Item) -> float | None:
    same = gold.sentence == predicted.sentence and all(
        gold.fields[key] == predicted.fields[key] for key in ("kind", "count_min")
    )
    return 1.0 if same else None


def _pairs(
    gold: Sequence[_Item],
    predicted: Sequence[_Item],
    closeness: Closeness,
    fields: Sequence[str],
) -> dict[int, int]:
    """One-to-one pairs (gold index -> predicted index), greedily, the closest first.

    Between equally close candidates, the one agreeing on more fields wins, then file order.
    """
    candidates = []
    for gold_index, gold_item in enumerate(gold):
        for predicted_index, predicted_item in enumerate(predicted):
            close = closeness(gold_item, predicted_item)
            if close is not None:
                agreeing = len(fields) - len(_differences(gold_item, predicted_item, fields))
                candidates.append(((close, agreeing), gold_index, predicted_index))
    # A reverse sort is still stable: equal candidates keep their file order.
    candidates.sort(key=lambda candidate: candidate[0], reverse=True)
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, gold_index, predicted_index in candidates:
        if gold_index not in pairs and predicted_index not in taken:
            pairs[gold_index] = predicted_index
            taken.add(predicted_index)
    return pairs


def _differences(gold: _Item, predicted: _Item, fields: Sequence[str]) -> list[Difference]:
    """The fields the gold item has on which the predicted item disagrees."""
    return [
        Difference(name, gold.fields[name], predicted.fields.get(name))
        for name in fields
        if name in gold.fields and gold.fields[name] != predicted.fields.get(name)
    ]


def _score(
    kind: str,
    gold: Sequence[_Item],
    predicted: Sequence[_Item],
    closeness: Closeness,
    deciding: Sequence[str],
    agreement: Sequence[str],
    describe: Callable[[_Item], str],
) -> KindReport:
    """Pair the items, then count and list; the ``deciding`` fields make a pair correct."""
    fields = list(dict.fromkeys((*deciding, *agreement)))
    pairs = _pairs(gold, predicted, closeness, fields)
    counts = {name: [0, 0] for name in agreement}
    wrong_pairs: dict[int, tuple[Difference, ...]] = {}
    wrong: list[Finding] = []
    for gold_index, predicted_index in sorted(pairs.items()):
        gold_item = gold[gold_index]
        differences = _differences(gold_item, predicted[predicted_index], fields)
        disagreeing = {difference.field for difference in differences}
        for name in agreement:
            if name in gold_item.fields:
                counts[name][0] += name not in disagreeing
                counts[name][1] += 1
        if disagreeing & set(deciding):
            wrong_pairs[gold_index] = tuple(differences)
        elif differences:
            wrong.append(_finding(gold_item, describe, differences))
    misses = [
        _finding(item, describe, wrong_pairs.get(index, ()))
        for index, item in enumerate(gold)
        if index not in pairs or index in wrong_pairs
    ]
    partner = {predicted_index: gold_index for gold_index, predicted_index in pairs.items()}
    false_items = [
        _finding(item, describe, wrong_pairs.get(partner[index], ()) if index in partner else ())
        for index, item in enumerate(predicted)
        if index not in partner or partner[index] in wrong_pairs
    ]
    return KindReport(
        kind=kind,
        gold=len(gold),
        predicted=len(predicted),
        paired=len(pairs),
        correct=len(pairs) - len(wrong_pairs),
        agreement={name: Rate(agree, total) for name, (agree, total) in counts.items()},
        misses=tuple(misses),
        false_items=tuple(false_items),
        wrong=tuple(wrong),
    )


def _finding(
    item: _Item, describe: Callable[[_Item], str], differences: Sequence[Difference] = ()
) -> Finding:
    sentence = item.sentence
    return Finding(
        item=describe(item),
        sentence_idx=sentence.idx if sentence else None,
        sentence=sentence.text if sentence else None,
        differences=tuple(differences),
    )


# --- describing and printing -------------------------------------------------------------------


def _describe_event(item: _Item) -> str:
    fields = item.fields
    words = [str(fields["event_type"])]
    if fields.get("cameo_root"):
        words.append(str(fields["cameo_root"]))
    if fields.get("trigger"):
        words.append(f"“{fields['trigger']}”")
    if "sources" in fields or "targets" in fields:
        words.append(
            f"{_value(fields.get('sources', frozenset()))} → "
            f"{_value(fields.get('targets', frozenset()))}"
        )
    if "date_start" in fields:
        words.append(_date(fields))
    if fields.get("claimed_by"):
        words.append(f"claimed by {fields['claimed_by']}")
    return " ".join(words)


def _date(fields: Mapping[str, object]) -> str:
    start, end = fields.get("date_start"), fields.get("date_end")
    if start is None:
        return "undated"
    period = str(start) if end in (None, start) else f"{start}..{end}"
    return f"{period} ({fields.get('date_precision') or '?'})"


def _describe_quote(item: _Item) -> str:
    fields = item.fields
    speaker = fields.get("speaker", "?") or "no speaker"
    kind = f" ({fields['kind']})" if fields.get("kind") else ""
    return f"{speaker}: “{_shorten(str(fields['text']), 70)}”{kind}"


def _describe_actor(item: _Item) -> str:
    fields = item.fields
    details = [str(fields[key]) for key in ("kind", "side") if key in fields]
    return f"{fields['name']} ({', '.join(details)})" if details else str(fields["name"])


def _describe_casualty(item: _Item) -> str:
    fields = item.fields
    count = str(fields["count_min"])
    if fields.get("count_max") not in (None, fields["count_min"]):
        count += f"-{fields['count_max']}"
    words = [str(fields["kind"]), count]
    if fields.get("qualifier") not in (None, "exact"):
        words.insert(1, str(fields["qualifier"]))
    if fields.get("cumulative"):
        words.append("in all")
    if fields.get("victims"):
        words.append(f"“{fields['victims']}”")
    if fields.get("claimed_by"):
        words.append(f"claimed by {fields['claimed_by']}")
    return " ".join(words)


def _value(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, frozenset):
        return "; ".join(sorted(value)) or "none"
    return str(value)


def _shorten(text: str, width: int = _SNIPPET_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def format_report(report: Report) -> str:
    """The report as text: a table of scores, the agreement rates, then every finding."""
    lines = [f"article: {report.article}", ""]
    if report.notes:
        lines.extend([*(f"note: {note}" for note in report.notes), ""])
    row = "{:<11} {:>5} {:>9} {:>7} {:>5} {:>5} {:>5}"
    lines.append(row.format("kind", "gold", "predicted", "correct", "P", "R", "F1"))
    lines.extend(
        row.format(
            kind.kind,
            kind.gold,
            kind.predicted,
            kind.correct,
            _number(kind.precision),
            _number(kind.recall),
            _number(kind.f1),
        )
        for kind in report.kinds
    )
    lines.append("")
    for kind in report.kinds:
        rates = [f"paired {kind.paired}/{kind.gold}"]
        rates.extend(
            f"{name} {_number(rate.value)} ({rate.agree}/{rate.total})"
            for name, rate in kind.agreement.items()
        )
        lines.append(f"{kind.kind:<11} " + " · ".join(rates))
    for kind in report.kinds:
        for title, findings in (
            ("misses", kind.misses),
            ("false items", kind.false_items),
            ("wrong fields", kind.wrong),
        ):
            if findings:
                lines.extend(("", f"{kind.kind} — {title} ({len(findings)})"))
                lines.extend(line for finding in findings for line in _finding_lines(finding))
    return "\n".join(lines)


def _finding_lines(finding: Finding) -> list[str]:
    lines = [f"  {finding.item}"]
    if finding.sentence is not None:
        lines.append(f"      [{finding.sentence_idx}] {_shorten(finding.sentence)}")
    lines.extend(
        f"      {d.field}: gold {_value(d.gold)}, predicted {_value(d.predicted)}"
        for d in finding.differences
    )
    return lines
