"""Opening eventscope database files: for writing (creating or upgrading the schema) or read-only.

Every problem becomes a ``DatabaseError`` with a one-line reason that names the file, so that
the command line never shows a traceback for a file it cannot use.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import sqlite_utils

from store import migrations
from store.schema import APPLICATION_ID, SCHEMA_VERSION, create_schema

# Long enough for a second loader or a reader to wait out one article's transaction.
BUSY_TIMEOUT_MS = 10_000

_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
# SQLite result codes (primary, the low byte) after which no later write can succeed either:
# busy, locked, out of memory, read-only, I/O error, corrupt, full, cannot open, not a database.
_FATAL_RESULT_CODES = frozenset({_SQLITE_BUSY, _SQLITE_LOCKED, 7, 8, 10, 11, 13, 14, 26})


class DatabaseError(Exception):
    """A database file that cannot be used, with a one-line reason for the user."""


def open_for_writing(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a database for loading, with the current schema in place.

    A file of an older schema is upgraded (see ``store.migrations``) in one transaction, and any
    index or view of the current schema that it lacks is added.

    Raises:
        DatabaseError: the file or its folder cannot be written, the file is not an eventscope
            database, or its schema is newer or cannot be upgraded; the file is left untouched.
    """
    path = Path(path)
    folder = path.parent
    if not folder.exists():
        raise DatabaseError(f"{path}: folder {folder} does not exist")
    # Asked first: SQLite would open a read-only file without complaint and fail at the first
    # write, and it needs the folder for its journal even when the file itself is writable.
    if path.exists() and not os.access(path, os.W_OK):
        raise DatabaseError(f"{path}: cannot write: the file is read-only")
    if not os.access(folder, os.W_OK):
        raise DatabaseError(f"{path}: cannot write: folder {folder} is read-only")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise DatabaseError(describe_error(path, error)) from error
    try:
        db = sqlite_utils.Database(conn)
        _configure(conn)
        # Checked before anything is written: another program's database must stay untouched.
        if db.table_names():
            _check_version(conn, path, upgrading=True)
        _enter_wal(conn)
        if not db.table_names():
            _create_schema(db, path)
        _bring_up_to_date(conn, path)
    except DatabaseError:
        conn.close()
        raise
    except sqlite3.Error as error:
        conn.close()
        raise DatabaseError(describe_error(path, error)) from error
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
        _check_version(conn, path, upgrading=False)
    except sqlite3.Error as error:
        raise DatabaseError(describe_error(path, error)) from error
    return conn


def stops_writing(error: sqlite3.Error) -> bool:
    """Whether an error means the file takes no more writes (full, read-only, locked, broken).

    Other errors (a constraint one article's rows break) concern only the article written.
    """
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _FATAL_RESULT_CODES


def describe_error(path: Path | str, error: sqlite3.Error) -> str:
    """A one-line reason for an SQLite error on ``path``, in the user's terms where SQLite's
    own words would mislead ("unable to open database file" for a folder that is read-only)."""
    path = Path(path)
    name = getattr(error, "sqlite_errorname", None) or ""
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
        if path.parent.exists() and not os.access(path.parent, os.W_OK):
            return f"{path}: cannot write: folder {path.parent} is read-only"
        if name.startswith("SQLITE_READONLY"):
            return f"{path}: cannot write: the file is read-only"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (
            f"{path}: database is locked: another program kept it busy for more than "
            f"{BUSY_TIMEOUT_MS / 1000:g} s"
        )
    return f"{path}: {error}"


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _enter_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL, which lets the app and other tools read while a load writes.

    With WAL, NORMAL sync still never corrupts the file or splits an article; a power cut can
    only lose the last articles, which the next run of the same load writes again. SQLite does
    not wait for other connections before this switch (it fails at once while another process
    reads or creates the file), so it is retried for as long as the busy timeout; a file kept
    busy longer stays in its journal mode, which is as safe, only slower to share.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.002
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            break
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
            if time.monotonic() >= deadline:
                return
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    conn.execute("PRAGMA synchronous = NORMAL")


def _is_busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)


def _create_schema(db: sqlite_utils.Database, path: Path) -> None:
    try:
        create_schema(db)
    except sqlite3.OperationalError:
        # Another loader created the schema between our look and our first write. Its single
        # transaction held the lock until the schema was whole, so ours failed on the first
        # table and changed nothing; what the other made is checked like any existing file.
        if not db.table_names():
            raise
        _check_version(db.conn, path, upgrading=True)


def _bring_up_to_date(conn: sqlite3.Connection, path: Path) -> None:
    """Upgrade an older file and add missing indexes and views, all in one transaction."""
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        # Read again under the lock: another loader may have upgraded the file meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            if migrations.steps_from(version) is None:
                raise DatabaseError(_older_reason(path, version))
            migrations.upgrade(conn, version)
        migrations.add_derived_objects(conn)


def _check_version(conn: sqlite3.Connection, path: Path, *, upgrading: bool) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id != APPLICATION_ID:
        raise DatabaseError(f"{path}: not an eventscope database")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: written by a newer eventscope (schema {version}, this one reads "
            f"{SCHEMA_VERSION}); upgrade eventscope"
        )
    if version < SCHEMA_VERSION and not (upgrading and migrations.steps_from(version) is not None):
        raise DatabaseError(_older_reason(path, version))


def _older_reason(path: Path, version: int) -> str:
    if migrations.steps_from(version) is None:
        return (
            f"{path}: schema {version} is older than {SCHEMA_VERSION}; reload the articles "
            "into a new file"
        )
    return (
        f"{path}: schema {version} is older than {SCHEMA_VERSION}; upgrade it by loading into "
        f"it once ('eventscope load ARTICLES --db {path}')"
    )
