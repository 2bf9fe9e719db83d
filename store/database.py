"""Opening eventscope database files: for writing (creating the schema) or read-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from store.schema import APPLICATION_ID, SCHEMA_VERSION, create_schema

# Long enough for a second loader or a reader to wait out one article's transaction.
BUSY_TIMEOUT_MS = 10_000


class DatabaseError(Exception):
    """A database file that cannot be used, with a one-line reason for the user."""


def open_for_writing(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a database for loading, with the schema in place.

    Raises:
        DatabaseError: the file is not an eventscope database or has another schema version.
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise DatabaseError(f"{path}: folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path}: {error}") from error
    try:
        db = sqlite_utils.Database(conn)
        _configure(conn)
        # Checked before anything is written: another program's database must stay untouched.
        if db.table_names():
            _check_version(conn, path)
        # WAL lets the app and other tools read while a load writes. With WAL, NORMAL sync
        # still never corrupts the file or splits an article; a power cut can only lose the
        # last articles, which the next run of the same load writes again.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        if not db.table_names():
            create_schema(db)
    except (sqlite3.DatabaseError, DatabaseError) as error:
        conn.close()
        if isinstance(error, DatabaseError):
            raise
        raise DatabaseError(f"{path}: {error}") from error
    return db


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an existing database for reading only; the app never writes.

    Raises:
        DatabaseError: missing file, not an eventscope database, or another schema version.
    """
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"{path}: no such database file")
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
        _configure(conn)
        _check_version(conn, path)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path}: {error}") from error
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id != APPLICATION_ID:
        raise DatabaseError(f"{path}: not an eventscope database")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: written by a newer eventscope (schema {version}, this one reads "
            f"{SCHEMA_VERSION}); upgrade eventscope"
        )
    if version < SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: schema {version} is older than {SCHEMA_VERSION}; reload the articles "
            "into a new file"
        )
