"""Datasette metadata for an eventscope database: the file ``eventscope datasette-config`` writes.

Everything comes from ``schema_notes.toml`` (the descriptions docs/schema.md shows) and from the
database itself (its name and where its articles came from), so Datasette shows the same
descriptions as the documentation. Datasette itself is not needed to write the file; see
https://docs.datasette.io/en/stable/metadata.html for what each key does.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from store.database import open_readonly
from store.schema_doc import notes

METADATA_SUFFIX = ".metadata.json"
# Settings of schema_notes.toml that are Datasette's own, copied as they are.
_COPIED_SETTINGS = ("label_column", "fts_table", "fts_pk")
# Publishers named in the source line; the rest are counted.
_SOURCES_NAMED = 3


def metadata_path(db_path: Path) -> Path:
    """``war.metadata.json`` beside ``war.db``."""
    return db_path.with_name(db_path.stem + METADATA_SUFFIX)


def build_metadata(db_path: Path) -> dict:
    """The metadata for ``db_path``, as Datasette reads it (the database is named by its stem).

    Raises:
        store.database.DatabaseError: the file is missing or not an eventscope database.
    """
    database = notes()["database"]
    conn = open_readonly(db_path)
    try:
        sources = Counter(
            source
            for (source,) in conn.execute("SELECT coalesce(source, '') FROM articles")
            if source
        )
        (articles,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    finally:
        conn.close()
    tables = {
        name: _table_metadata(note)
        for section in ("tables", "views")
        for name, note in notes()[section].items()
    }
    queries = {
        example["name"]: {
            "title": example["title"],
            "description": example["answers"],
            "sql": example["sql"].strip(),
        }
        for example in notes()["examples"]
    }
    return {
        "title": database["title"],
        "description": database["description"],
        "license": database["licence"],
        "source": _source_line(articles, sources),
        "databases": {
            db_path.stem: {
                "description": database["description"],
                "tables": tables,
                "queries": queries,
            }
        },
    }


def write_metadata(db_path: Path) -> Path:
    """Write the metadata file beside the database and return its path.

    Raises:
        store.database.DatabaseError: the file is missing or not an eventscope database.
        OSError: the metadata file cannot be written.
    """
    path = metadata_path(db_path)
    text = json.dumps(build_metadata(db_path), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _table_metadata(note: dict) -> dict:
    table = {"description": note["description"], "columns": dict(note.get("columns", {}))}
    facets = [*note.get("facets", ()), *({"date": name} for name in note.get("date_facets", ()))]
    if facets:
        table["facets"] = facets
    table.update({key: note[key] for key in _COPIED_SETTINGS if key in note})
    return table


def _source_line(articles: int, sources: Counter) -> str:
    line = f"{articles} news article{'s' * (articles != 1)}"
    if not sources:
        return line
    named = [name for name, _ in sources.most_common(_SOURCES_NAMED)]
    others = len(sources) - len(named)
    return f"{line} from " + "; ".join(named) + (f" and {others} more" if others else "")
