"""Merging per-shard databases into one: articles deduplicated by sha256, all ids renumbered.

Extraction of a collection too big for one machine runs per shard; ``merge`` then copies every
article whose text is not yet in the output, with its sentences, mentions, events, casualties
and quotes, each article in one transaction, so that a killed merge leaves whole articles only
and running it again finishes the job. Actors are matched by canonical name (an actor already in
the output keeps its id; aliases are unioned); sides are unioned, the first colour of a label
winning, and every actor is re-labelled from the merged sides at the end.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from store import sentence_search
from store.database import DatabaseError, describe_error, open_for_writing, open_readonly
from store.loader import _finish
from store.sides import Side, store_sides


@dataclass
class MergeSummary:
    """What a merge did."""

    output: Path
    merged: int = 0
    already: int = 0
    files: int = 0
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class MergeStopped(Exception):
    """The output stopped taking writes part-way; what was merged is whole."""

    def __init__(self, reason: str, summary: MergeSummary) -> None:
        super().__init__(reason)
        self.summary = summary


def merge(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    on_note: Callable[[str], None] | None = None,
) -> MergeSummary:
    """Merge the eventscope databases ``inputs`` into ``output`` (created if missing).

    An input that cannot be read as an eventscope database of this schema is refused (its
    one-line reason is in ``summary.refused``) and the others are merged.

    Raises:
        DatabaseError: the output cannot be used, or no input can; nothing is written then.
        MergeStopped: the output stopped taking writes part-way.
    """
    output = Path(output)
    summary = MergeSummary(output=output)

    def note(text: str) -> None:
        summary.notes.append(text)
        if on_note is not None:
            on_note(text)

    usable: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if output.exists() and path.exists() and os.path.samefile(path, output):
            summary.refused.append(f"{path}: is the output file")
            continue
        try:
            open_readonly(path).close()
        except DatabaseError as error:
            summary.refused.append(str(error))
            continue
        usable.append(path)
    if not usable:
        if len(summary.refused) == 1:
            raise DatabaseError(summary.refused[0])
        raise DatabaseError("nothing to merge: " + "; ".join(summary.refused))
    conn = open_for_writing(output).conn
    try:
        for path in usable:
            _merge_file(conn, path, summary, note)
            summary.files += 1
        _relabel(conn)
        _finish(conn)
    except sqlite3.Error as error:
        raise MergeStopped(describe_error(output, error), summary) from error
    finally:
        conn.close()
    return summary


def _merge_file(
    conn: sqlite3.Connection,
    path: Path,
    summary: MergeSummary,
    note: Callable[[str], None],
) -> None:
    conn.execute("ATTACH DATABASE ? AS src", (f"{path.resolve().as_uri()}?mode=ro",))
    try:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS actor_map (src INTEGER PRIMARY KEY, out)")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS sentence_map (src INTEGER PRIMARY KEY, out)")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS event_map (src INTEGER PRIMARY KEY, out)")
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            _merge_sides(conn, path, note)
            _merge_actors(conn)
        todo = conn.execute(
            "SELECT id, sha256 FROM src.articles WHERE sha256 NOT IN "
            "(SELECT sha256 FROM main.articles) ORDER BY id"
        ).fetchall()
        total = conn.execute("SELECT count(*) FROM src.articles").fetchone()[0]
        summary.already += total - len(todo)
        for src_id, sha256 in todo:
            if _copy_article(conn, src_id, sha256):
                summary.merged += 1
            else:
                summary.already += 1
    finally:
        if conn.in_transaction:
            conn.rollback()
        conn.execute("DETACH DATABASE src")


def _merge_sides(conn: sqlite3.Connection, path: Path, note: Callable[[str], None]) -> None:
    """Union the sides: a label already in the output keeps its colour and position."""
    known = dict(conn.execute("SELECT label, colour FROM main.sides"))
    position = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM main.sides").fetchone()[0]
    for label, colour in conn.execute(
        "SELECT label, colour FROM src.sides ORDER BY position"
    ).fetchall():
        if label not in known:
            conn.execute(
                "INSERT INTO main.sides (label, colour, position) VALUES (?, ?, ?)",
                (label, colour, position),
            )
            known[label] = colour
            position += 1
        elif known[label] != colour:
            note(f"{path}: side '{label}' has colour {colour}; kept {known[label]}")
    conn.execute(
        "INSERT OR IGNORE INTO main.side_members (side, member) "
        "SELECT side, member FROM src.side_members"
    )


def _merge_actors(conn: sqlite3.Connection) -> None:
    """Insert the actors new to the output, map every input actor id, union the aliases."""
    conn.execute("DELETE FROM temp.actor_map")
    new = conn.execute(
        "SELECT s.id FROM src.actors s WHERE s.name NOT IN (SELECT name FROM main.actors) "
        "ORDER BY s.id"
    ).fetchall()
    conn.execute(
        "INSERT INTO main.actors (name, kind, country, side) "
        "SELECT name, kind, country, side FROM src.actors "
        "WHERE name NOT IN (SELECT name FROM main.actors) ORDER BY id"
    )
    conn.execute(
        "INSERT INTO temp.actor_map (src, out) "
        "SELECT s.id, o.id FROM src.actors s JOIN main.actors o ON o.name = s.name"
    )
    # Parents of the new actors only: an actor already in the output keeps what it has.
    conn.executemany(
        "UPDATE main.actors SET parent_id = ("
        "  SELECT pm.out FROM src.actors s JOIN temp.actor_map pm ON pm.src = s.parent_id"
        "  WHERE s.id = ?"
        ") WHERE id = (SELECT out FROM temp.actor_map WHERE src = ?)",
        [(src_id, src_id) for (src_id,) in new],
    )
    conn.execute(
        "INSERT OR IGNORE INTO main.actor_aliases (actor_id, alias) "
        "SELECT m.out, a.alias FROM src.actor_aliases a JOIN temp.actor_map m ON m.src = a.actor_id"
    )


def _copy_article(conn: sqlite3.Connection, src_id: int, sha256: str) -> bool:
    """Copy one article and everything extracted from it in one transaction.

    Returns False, writing nothing, when its text is in the output already.
    """
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        if conn.execute("SELECT 1 FROM main.articles WHERE sha256 = ?", (sha256,)).fetchone():
            return False
        article_id = conn.execute(
            "INSERT INTO main.articles (title, published, source, url, path, external_id, "
            "sha256, text, loaded_at) SELECT title, published, source, url, path, external_id, "
            "sha256, text, loaded_at FROM src.articles WHERE id = ?",
            (src_id,),
        ).lastrowid
        conn.execute(
            'INSERT INTO main.sentence_spans (article_id, idx, start, "end", kind) '
            'SELECT ?, idx, start, "end", kind FROM src.sentence_spans '
            "WHERE article_id = ? ORDER BY idx",
            (article_id, src_id),
        )
        sentence_search.index_article(conn, article_id)
        conn.execute("DELETE FROM temp.sentence_map")
        conn.execute(
            "INSERT INTO temp.sentence_map (src, out) SELECT s.id, o.id FROM src.sentence_spans s "
            "JOIN main.sentence_spans o ON o.article_id = ? AND o.idx = s.idx "
            "WHERE s.article_id = ?",
            (article_id, src_id),
        )
        conn.execute(
            'INSERT INTO main.mentions (actor_id, sentence_id, start, "end", text) '
            # CROSS JOIN: the article's few sentences drive the search, not every mention.
            'SELECT am.out, sm.out, m.start, m."end", m.text FROM temp.sentence_map sm '
            "CROSS JOIN src.mentions m ON m.sentence_id = sm.src "
            "JOIN temp.actor_map am ON am.src = m.actor_id ORDER BY m.id"
        )
        _copy_events(conn, article_id, src_id)
        conn.execute(
            "INSERT INTO main.casualties (article_id, sentence_id, event_id, kind, count_min, "
            "count_max, qualifier, cumulative, victims, victim_side, victim_actor_id, "
            'claimed_by, start, "end") '
            "SELECT ?, sm.out, em.out, c.kind, c.count_min, c.count_max, c.qualifier, "
            'c.cumulative, c.victims, c.victim_side, va.out, cb.out, c.start, c."end" '
            "FROM src.casualties c JOIN temp.sentence_map sm ON sm.src = c.sentence_id "
            "LEFT JOIN temp.event_map em ON em.src = c.event_id "
            "LEFT JOIN temp.actor_map va ON va.src = c.victim_actor_id "
            "LEFT JOIN temp.actor_map cb ON cb.src = c.claimed_by "
            "WHERE c.article_id = ? ORDER BY c.id",
            (article_id, src_id),
        )
        conn.execute(
            "INSERT INTO main.quotes (article_id, sentence_id, speaker_id, speaker_text, text, "
            'kind, cue, medium, start, "end") '
            "SELECT ?, sm.out, sp.out, q.speaker_text, q.text, q.kind, q.cue, q.medium, "
            'q.start, q."end" FROM src.quotes q '
            "JOIN temp.sentence_map sm ON sm.src = q.sentence_id "
            "LEFT JOIN temp.actor_map sp ON sp.src = q.speaker_id "
            "WHERE q.article_id = ? ORDER BY q.id",
            (article_id, src_id),
        )
    return True


_EVENT_COLUMNS = (
    "event_type",
    "cameo_root",
    "mode",
    "trigger",
    "trigger_start",
    "trigger_end",
    "summary",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "date_text_start",
    "date_text_end",
    "location",
    "status",
    "modality",
)


def _copy_events(conn: sqlite3.Connection, article_id: int, src_id: int) -> None:
    """Copy the article's events one by one (each new id is mapped), then their actors."""
    columns = ", ".join(_EVENT_COLUMNS)
    insert = (
        f"INSERT INTO main.events (article_id, sentence_id, claimed_by, {columns}) "  # noqa: S608
        f"VALUES (?, ?, ?, {', '.join('?' for _ in _EVENT_COLUMNS)})"
    )
    conn.execute("DELETE FROM temp.event_map")
    rows = conn.execute(
        f"SELECT e.id, sm.out, cb.out, {', '.join('e.' + c for c in _EVENT_COLUMNS)} "  # noqa: S608
        "FROM src.events e JOIN temp.sentence_map sm ON sm.src = e.sentence_id "
        "LEFT JOIN temp.actor_map cb ON cb.src = e.claimed_by "
        "WHERE e.article_id = ? ORDER BY e.id",
        (src_id,),
    ).fetchall()
    for event_src, sentence_id, claimed_by, *values in rows:
        event_id = conn.execute(insert, (article_id, sentence_id, claimed_by, *values)).lastrowid
        conn.execute("INSERT INTO temp.event_map (src, out) VALUES (?, ?)", (event_src, event_id))
    conn.execute(
        "INSERT OR IGNORE INTO main.event_actors (event_id, actor_id, role) "
        "SELECT em.out, am.out, ea.role FROM temp.event_map em "
        "CROSS JOIN src.event_actors ea ON ea.event_id = em.src "
        "JOIN temp.actor_map am ON am.src = ea.actor_id"
    )


def _relabel(conn: sqlite3.Connection) -> None:
    """Re-label every actor from the merged sides, as ``eventscope sides apply`` would."""
    sides = [
        Side(
            label,
            colour,
            tuple(
                member
                for (member,) in conn.execute(
                    "SELECT member FROM side_members WHERE side = ? ORDER BY rowid", (label,)
                )
            ),
        )
        for label, colour in conn.execute(
            "SELECT label, colour FROM sides ORDER BY position"
        ).fetchall()
    ]
    if sides:
        store_sides(conn, sides)  # one transaction of its own
