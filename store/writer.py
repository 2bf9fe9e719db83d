"""The single writer: one article and everything extracted from it, in one transaction.

Only this module inserts rows. An article is written whole or not at all, so a load killed at
any moment leaves whole articles only, and the sha256 of the text makes loading idempotent.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from store import sentence_search
from store.extract.records import Actor, ArticleExtraction
from store.sides import label_actors
from store.sources import SourceArticle


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What writing one article added."""

    article_id: int
    events: int
    quotes: int
    casualties: int
    new_actors: int


def text_sha256(text: str) -> str:
    """The identity of an article: the sha256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_exists(conn: sqlite3.Connection, sha256: str) -> bool:
    """Whether an article with this text is already loaded."""
    row = conn.execute("SELECT 1 FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
    return row is not None


def _delete_article(conn: sqlite3.Connection, article_id: int) -> None:
    """Remove an article and every item extracted from it, inside the caller's transaction.

    Actors stay: other articles may mention them.
    """
    conn.execute(
        "DELETE FROM event_actors WHERE event_id IN (SELECT id FROM events WHERE article_id = ?)",
        (article_id,),
    )
    for table in ("casualties", "quotes", "events"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))  # noqa: S608
    conn.execute(
        "DELETE FROM mentions WHERE sentence_id IN "
        "(SELECT id FROM sentence_spans WHERE article_id = ?)",
        (article_id,),
    )
    # Before the spans and the article: the index forgets a sentence by its text, cut from it.
    sentence_search.forget_article(conn, article_id)
    conn.execute("DELETE FROM sentence_spans WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))


def write_article(
    conn: sqlite3.Connection,
    article: SourceArticle,
    extraction: ArticleExtraction,
    sha256: str,
    *,
    replace: bool = False,
) -> WriteResult | None:
    """Insert an article with its sentences, actors, mentions, events, casualties and quotes.

    Returns None, writing nothing, when an article with the same text is already there, unless
    ``replace`` (for ``--reload``): then the old article and its items are deleted in the same
    transaction, so that a reload killed half-way leaves the old rows, not none.
    """
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT id FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
        if row is not None:
            if not replace:
                return None
            _delete_article(conn, row[0])
        cursor = conn.execute(
            "INSERT INTO articles (title, published, source, url, path, external_id, sha256, "
            "text, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.title,
                article.published,
                article.source,
                article.url,
                article.path,
                article.external_id,
                sha256,
                article.text,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        article_id = cursor.lastrowid
        sentence_ids = _insert_sentences(conn, article_id, extraction)
        sentence_search.index_article(conn, article_id, article.text)
        actor_ids, new_actor_ids = _upsert_actors(conn, extraction)
        if new_actor_ids:
            label_actors(conn, new_actor_ids)
        conn.executemany(
            'INSERT INTO mentions (actor_id, sentence_id, start, "end", text) '
            "VALUES (?, ?, ?, ?, ?)",
            [
                (actor_ids[m.actor], sentence_ids[m.sentence_idx], m.start, m.end, m.text)
                for m in extraction.mentions
            ],
        )
        event_ids = _insert_events(conn, article_id, sentence_ids, actor_ids, extraction)
        _insert_casualties(conn, article_id, sentence_ids, actor_ids, event_ids, extraction)
        conn.executemany(
            "INSERT INTO quotes (article_id, sentence_id, speaker_id, speaker_text, text, kind, "
            'cue, medium, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (
                    article_id,
                    sentence_ids[q.sentence_idx],
                    actor_ids.get(q.speaker) if q.speaker else None,
                    q.speaker_text,
                    q.text,
                    q.kind,
                    q.cue,
                    q.medium,
                    q.start,
                    q.end,
                )
                for q in extraction.quotes
            ],
        )
    return WriteResult(
        article_id=article_id,
        events=len(extraction.events),
        quotes=len(extraction.quotes),
        casualties=len(extraction.casualties),
        new_actors=len(new_actor_ids),
    )


def _insert_sentences(
    conn: sqlite3.Connection, article_id: int, extraction: ArticleExtraction
) -> dict[int, int]:
    ids: dict[int, int] = {}
    for sentence in extraction.sentences:
        cursor = conn.execute(
            'INSERT INTO sentence_spans (article_id, idx, start, "end", kind) '
            "VALUES (?, ?, ?, ?, ?)",
            (article_id, sentence.idx, sentence.start, sentence.end, sentence.kind),
        )
        ids[sentence.idx] = cursor.lastrowid
    return ids


def _upsert_actors(
    conn: sqlite3.Connection, extraction: ArticleExtraction
) -> tuple[dict[str, int], list[int]]:
    """Find or create every actor of the article; parents are resolved first."""
    ids: dict[str, int] = {}
    created: list[int] = []
    # Parents come before their organs; an actor whose parent is not in this article is
    # looked up in the database, and left without a parent if it is not there either.
    for actor in _parents_first(extraction.actors):
        row = conn.execute("SELECT id FROM actors WHERE name = ?", (actor.name,)).fetchone()
        if row is not None:
            ids[actor.name] = row[0]
        else:
            parent_id = ids.get(actor.parent) if actor.parent else None
            if actor.parent and parent_id is None:
                parent_row = conn.execute(
                    "SELECT id FROM actors WHERE name = ?", (actor.parent,)
                ).fetchone()
                parent_id = parent_row[0] if parent_row else None
            cursor = conn.execute(
                "INSERT INTO actors (name, kind, country, parent_id) VALUES (?, ?, ?, ?)",
                (actor.name, actor.kind, actor.country, parent_id),
            )
            ids[actor.name] = cursor.lastrowid
            created.append(cursor.lastrowid)
        conn.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
            [(ids[actor.name], alias) for alias in actor.aliases if alias != actor.name],
        )
    return ids, created


def _parents_first(actors: tuple[Actor, ...]) -> list[Actor]:
    by_name = {actor.name: actor for actor in actors}
    ordered: list[Actor] = []
    placed: set[str] = set()

    def place(actor: Actor, depth: int = 0) -> None:
        if actor.name in placed:
            return
        parent = by_name.get(actor.parent) if actor.parent else None
        if parent is not None and depth < len(actors):
            place(parent, depth + 1)
        placed.add(actor.name)
        ordered.append(actor)

    for actor in actors:
        place(actor)
    return ordered


def _insert_events(
    conn: sqlite3.Connection,
    article_id: int,
    sentence_ids: dict[int, int],
    actor_ids: dict[str, int],
    extraction: ArticleExtraction,
) -> list[int]:
    ids: list[int] = []
    for event in extraction.events:
        date = event.date
        cursor = conn.execute(
            "INSERT INTO events (article_id, sentence_id, event_type, cameo_root, mode, trigger, "
            "trigger_start, trigger_end, summary, date_start, date_end, date_precision, "
            "date_text, date_text_start, date_text_end, location, claimed_by, status, modality) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                sentence_ids[event.sentence_idx],
                event.event_type,
                event.cameo_root,
                event.mode,
                event.trigger,
                event.trigger_start,
                event.trigger_end,
                event.summary,
                date.date_start if date else None,
                date.date_end if date else None,
                date.precision if date else None,
                date.text if date else None,
                date.start if date else None,
                date.end if date else None,
                event.location,
                actor_ids.get(event.claimed_by) if event.claimed_by else None,
                event.status,
                event.modality,
            ),
        )
        event_id = cursor.lastrowid
        ids.append(event_id)
        roles = {
            (actor_ids[name], role)
            for role, names in (
                ("source", event.sources),
                ("target", event.targets),
                ("other", event.others),
            )
            for name in names
        }
        conn.executemany(
            "INSERT OR IGNORE INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?)",
            [(event_id, actor_id, role) for actor_id, role in sorted(roles)],
        )
    return ids


def _insert_casualties(
    conn: sqlite3.Connection,
    article_id: int,
    sentence_ids: dict[int, int],
    actor_ids: dict[str, int],
    event_ids: list[int],
    extraction: ArticleExtraction,
) -> None:
    conn.executemany(
        "INSERT INTO casualties (article_id, sentence_id, event_id, kind, count_min, count_max, "
        "qualifier, cumulative, victims, victim_side, victim_actor_id, claimed_by, start, "
        '"end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '
        "(SELECT side FROM actors WHERE id = ?), ?, ?, ?, ?)",
        [
            (
                article_id,
                sentence_ids[c.sentence_idx],
                event_ids[c.event_idx] if c.event_idx is not None else None,
                c.kind,
                c.count_min,
                c.count_max,
                c.qualifier,
                int(c.cumulative),
                c.victims,
                actor_ids.get(c.victim_actor) if c.victim_actor else None,
                actor_ids.get(c.victim_actor) if c.victim_actor else None,
                actor_ids.get(c.claimed_by) if c.claimed_by else None,
                c.start,
                c.end,
            )
            for c in extraction.casualties
        ],
    )
