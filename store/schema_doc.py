"""docs/schema.md, generated from the live schema and the descriptions in ``schema_notes.toml``.

The schema is read back from a database freshly made by ``store.schema.create_schema``, so the
document says what a file really holds (tables, columns, types, keys, indexes, the full-text
index, the views' SQL, the schema version) and goes stale only when nobody regenerates it, which
tests/unit/test_schema_doc.py catches. Regenerate with::

    python -m store.schema_doc > docs/schema.md
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import sqlite_utils

from store.schema import create_schema

REGENERATE = "python -m store.schema_doc > docs/schema.md"
_INDEXED_PART = re.compile(r"\bON\s+\S+\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    not_null: bool
    primary_key: bool
    references: str | None
    """``table.column`` of a foreign key, or None."""


@dataclass(frozen=True, slots=True)
class Relation:
    """A table, view or full-text index, as the database describes it."""

    name: str
    columns: tuple[Column, ...]
    sql: str
    indexes: tuple[str, ...] = ()
    """One line per index: its name and what it indexes."""


@dataclass(frozen=True, slots=True)
class Schema:
    tables: tuple[Relation, ...]
    views: tuple[Relation, ...]
    fts: tuple[Relation, ...]
    fts_shadow_tables: tuple[str, ...]
    triggers: tuple[str, ...]
    user_version: int
    application_id: int


@cache
def notes() -> dict:
    """The descriptions and example queries of ``schema_notes.toml``."""
    text = resources.files("store").joinpath("schema_notes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def live_schema() -> Schema:
    """The schema of a database created now, read back from SQLite itself."""
    conn = sqlite3.connect(":memory:")
    try:
        create_schema(sqlite_utils.Database(conn))
        return _read_schema(conn)
    finally:
        conn.close()


def notes_problems(schema: Schema | None = None) -> list[str]:
    """Columns without a description, and descriptions of tables or columns that do not exist."""
    schema = schema or live_schema()
    problems = []
    for section, relations in (("tables", schema.tables), ("views", schema.views)):
        described = notes().get(section, {})
        for relation in relations:
            note = described.get(relation.name)
            if note is None:
                problems.append(f"{section}.{relation.name}: no description")
                continue
            if not note.get("description"):
                problems.append(f"{section}.{relation.name}: no description")
            columns = note.get("columns", {})
            names = [column.name for column in relation.columns]
            problems.extend(
                f"{section}.{relation.name}.{name}: no description"
                for name in names
                if not columns.get(name)
            )
            problems.extend(
                f"{section}.{relation.name}.{name}: described but not in the schema"
                for name in columns
                if name not in names
            )
        live = {relation.name for relation in relations}
        problems.extend(
            f"{section}.{name}: described but not in the schema"
            for name in described
            if name not in live
        )
    for relation in schema.fts:
        if not notes().get("fts", {}).get(relation.name, {}).get("description"):
            problems.append(f"fts.{relation.name}: no description")
    return problems


def generate(schema: Schema | None = None) -> str:
    """The whole of docs/schema.md."""
    schema = schema or live_schema()
    database = notes()["database"]
    lines = [
        "# The eventscope database",
        "",
        "<!-- Generated from the live schema (store/schema.py) and store/schema_notes.toml by",
        f"     `{REGENERATE}`: edit those, not this file. -->",
        "",
        _plain(database["description"]),
        "",
        f"- Schema version: `PRAGMA user_version` = {schema.user_version}; "
        f"`PRAGMA application_id` = {schema.application_id} "
        f"(0x{schema.application_id:08X}, marks an eventscope file).",
        *(f"- {note}" for note in database["notes"]),
        "",
        "Tables: "
        + ", ".join(f"[`{table.name}`](#{table.name})" for table in schema.tables)
        + ". Full-text search: "
        + ", ".join(f"[`{fts.name}`](#{fts.name})" for fts in schema.fts)
        + ". Views: "
        + ", ".join(f"[`{view.name}`](#{view.name})" for view in schema.views)
        + ". Then [example queries](#example-queries) and "
        "[opening the file in other tools](#opening-the-file-in-other-tools).",
        "",
        "## Tables",
    ]
    for table in schema.tables:
        lines += _table_section(table, notes()["tables"].get(table.name, {}))
    lines += ["", "## Full-text search"]
    for fts in schema.fts:
        note = notes().get("fts", {}).get(fts.name, {})
        lines += [
            "",
            f"### {fts.name}",
            "",
            _plain(note.get("description", "")),
            "",
            "```sql",
            fts.sql,
            "```",
            "",
            "Triggers keeping it in step: "
            + ", ".join(f"`{name}`" for name in schema.triggers)
            + ". FTS5's own tables, not for use: "
            + ", ".join(f"`{name}`" for name in schema.fts_shadow_tables)
            + ".",
        ]
    lines += ["", "## Views"]
    for view in schema.views:
        note = notes().get("views", {}).get(view.name, {})
        described = note.get("columns", {})
        lines += [
            "",
            f"### {view.name}",
            "",
            _plain(note.get("description", "")),
            "",
            "| column | description |",
            "|---|---|",
            *(f"| `{c.name}` | {_cell(described.get(c.name, ''))} |" for c in view.columns),
            "",
            "```sql",
            view.sql,
            "```",
        ]
    lines += [
        "",
        "## Example queries",
        "",
        "Each runs as it is in the `sqlite3` shell (`sqlite3 -readonly war.db < query.sql`), in "
        "Datasette (as a canned query) and in DB Browser.",
    ]
    for number, example in enumerate(notes()["examples"], 1):
        lines += [
            "",
            f"### {number}. {example['title']}",
            "",
            _plain(example["answers"]),
            "",
            "```sql",
            example["sql"].strip(),
            "```",
        ]
    lines += ["", "## Opening the file in other tools", "", *database["tools"].strip().split("\n")]
    return "\n".join(lines) + "\n"


def _table_section(table: Relation, note: dict) -> list[str]:
    described = note.get("columns", {})
    lines = [
        "",
        f"### {table.name}",
        "",
        _plain(note.get("description", "")),
        "",
        "| column | type | key | description |",
        "|---|---|---|---|",
    ]
    for column in table.columns:
        key = []
        if column.primary_key:
            key.append("primary key")
        if column.not_null and not column.primary_key:
            key.append("not null")
        if column.references:
            key.append(f"→ `{column.references}`")
        lines.append(
            f"| `{column.name}` | {column.type} | {', '.join(key)} | "
            f"{_cell(described.get(column.name, ''))} |"
        )
    keys = [column.name for column in table.columns if column.primary_key]
    if len(keys) > 1:
        lines += ["", "Primary key: (" + ", ".join(f"`{name}`" for name in keys) + ")."]
    if table.indexes:
        lines += ["", "Indexes:", "", *(f"- {index}" for index in table.indexes)]
    return lines


def _plain(text: str) -> str:
    """Plain-text notes (Datasette shows them as they are) made safe for Markdown."""
    return text.replace("<", "&lt;")


def _cell(text: str) -> str:
    return _plain(text).replace("|", "\\|")


def _read_schema(conn: sqlite3.Connection) -> Schema:
    objects = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    fts_names = [
        name
        for kind, name, _, sql in objects
        if kind == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE")
    ]
    shadow = [
        name
        for kind, name, _, _ in objects
        if kind == "table" and any(name.startswith(f"{fts}_") for fts in fts_names)
    ]
    tables = tuple(
        Relation(name, _columns(conn, name), sql, _indexes(conn, name))
        for kind, name, _, sql in objects
        if kind == "table" and name not in fts_names and name not in shadow
    )
    return Schema(
        tables=tables,
        views=tuple(
            Relation(name, _columns(conn, name), sql)
            for kind, name, _, sql in objects
            if kind == "view"
        ),
        fts=tuple(Relation(name, (), sql) for kind, name, _, sql in objects if name in fts_names),
        fts_shadow_tables=tuple(shadow),
        triggers=tuple(name for kind, name, _, _ in objects if kind == "trigger"),
        user_version=conn.execute("PRAGMA user_version").fetchone()[0],
        application_id=conn.execute("PRAGMA application_id").fetchone()[0],
    )


def _columns(conn: sqlite3.Connection, relation: str) -> tuple[Column, ...]:
    references = {
        row[3]: f"{row[2]}.{row[4]}"
        for row in conn.execute("SELECT * FROM pragma_foreign_key_list(?)", (relation,))
    }
    return tuple(
        Column(name, type_ or "", bool(not_null), bool(pk), references.get(name))
        for _, name, type_, not_null, _, pk, hidden in conn.execute(
            "SELECT * FROM pragma_table_xinfo(?)", (relation,)
        )
        if not hidden
    )


def _indexes(conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
    lines = []
    for _, name, unique, origin, _ in sorted(
        conn.execute("SELECT * FROM pragma_index_list(?)", (table,)), key=lambda row: row[1]
    ):
        if origin == "pk":
            continue
        columns = [
            row[2] for row in conn.execute("SELECT * FROM pragma_index_xinfo(?)", (name,)) if row[5]
        ]
        if None in columns:
            (sql,) = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
            ).fetchone()
            indexed = _INDEXED_PART.search(sql)[1]
        else:
            indexed = ", ".join(columns)
        lines.append(f"`{name}` ({indexed})" + (", unique" if unique else ""))
    return tuple(lines)


if __name__ == "__main__":
    # Bytes, so that the file is UTF-8 with \n line ends whatever the console's settings.
    sys.stdout.buffer.write(generate().encode("utf-8"))
