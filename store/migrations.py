"""Bringing a database written by an older eventscope up to the current schema.

A step upgrades a file by one version, in the caller's transaction, and must keep every row: a
step that would have to drop data is not written, and a file it would apply to is refused
instead (see ``store.database``). Indexes and views hold no data of their own, so the current
schema's are added to any file opened for writing, whatever its version: a new index reaches
old files without a version change, and a changed view replaces the old one.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

import sqlite_utils

from store import schema

Migration = Callable[[sqlite3.Connection], None]

# From version N (the key) to N + 1. Schema 1 is the first released one, so there is no step yet.
MIGRATIONS: dict[int, Migration] = {}


def steps_from(version: int) -> list[Migration] | None:
    """The steps that bring a file of ``version`` to the current one, or None if one is missing."""
    steps = [MIGRATIONS.get(number) for number in range(version, schema.SCHEMA_VERSION)]
    if any(step is None for step in steps):
        return None
    return steps  # type: ignore[return-value]


def upgrade(conn: sqlite3.Connection, version: int) -> None:
    """Run the steps from ``version`` and record the current version, in the caller's transaction.

    Raises:
        ValueError: no way from ``version`` to the current schema.
    """
    steps = steps_from(version)
    if steps is None:
        raise ValueError(f"no migration from schema {version}")
    for step in steps:
        step(conn)
    conn.execute(f"PRAGMA user_version = {int(schema.SCHEMA_VERSION)}")


def add_derived_objects(conn: sqlite3.Connection) -> list[str]:
    """Create the current schema's indexes and views that the file lacks or has in another form.

    Runs in the caller's transaction. Objects of other names (a user's own views) are left alone.

    Returns:
        The names of the objects created or replaced.
    """
    existing = {
        (kind, name): sql
        for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'view')"
        )
    }
    changed = []
    for kind, name, sql in _current_derived_objects():
        if existing.get((kind, name)) == sql:
            continue
        if (kind, name) in existing:
            conn.execute(f'DROP {kind.upper()} "{_identifier(name)}"')
        conn.execute(sql)
        changed.append(name)
    return changed


@functools.cache
def _current_derived_objects() -> tuple[tuple[str, str, str], ...]:
    """The indexes and views a new database gets, read from one built in memory.

    Read back rather than listed here, so that whatever ``store.schema`` creates is what old
    files are given.
    """
    conn = sqlite3.connect(":memory:")
    try:
        schema.create_schema(sqlite_utils.Database(conn))
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('index', 'view') AND sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()
    return tuple(rows)


def _identifier(name: str) -> str:
    return name.replace('"', '""')
