"""Keeping the full-text index of sentences in step with their spans.

``sentences_fts`` is an external-content index over the ``sentences`` view, whose text is cut
from the article. Cutting it in SQL, as a trigger would, reads the whole article again for every
sentence: the cost grows with the square of an article's length (a 2 MB text took 18 s to
write). So whoever writes spans reads each article once and hands the index its sentences here.
"""

from __future__ import annotations

import sqlite3


def index_article(conn: sqlite3.Connection, article_id: int, text: str | None = None) -> None:
    """Add every sentence of an article to the index; ``text`` saves reading it back."""
    conn.executemany(
        "INSERT INTO sentences_fts (rowid, text) VALUES (?, ?)",
        _sentences(conn, article_id, text),
    )


def forget_article(conn: sqlite3.Connection, article_id: int) -> None:
    """Take every sentence of an article out of the index; call it before deleting the spans.

    An external-content index forgets a row by being told the text it indexed.
    """
    conn.executemany(
        "INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', ?, ?)",
        _sentences(conn, article_id, None),
    )


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every sentence of the file afresh, one article at a time."""
    conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('delete-all')")
    article_ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
    for article_id in article_ids:
        index_article(conn, article_id)


def _sentences(
    conn: sqlite3.Connection, article_id: int, text: str | None
) -> list[tuple[int, str]]:
    if text is None:
        row = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        text = row[0] if row else ""
    spans = conn.execute(
        'SELECT id, start, "end" FROM sentence_spans WHERE article_id = ? ORDER BY id',
        (article_id,),
    )
    return [(span_id, text[start:end]) for span_id, start, end in spans]
