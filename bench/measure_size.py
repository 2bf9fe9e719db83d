"""What takes the space in an eventscope database, and how large it is next to its article text.

The file is measured page by page with SQLite's ``dbstat`` virtual table and every table and
index is put in one part: the articles (their text and metadata), the sentences, the full-text
index, the extracted items (mentions, events, event actors, casualties, quotes, actors, sides),
the indexes, SQLite's schema and statistics, and the free pages. The ratio compares the file with
the UTF-8 bytes of the article text it holds, the yardstick of issue 7 (at most 4x).

Any eventscope file is read, of any schema version (so that an old file can be compared with a
new one), read-only.

Run ``python -m bench.measure_size war.db`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

ARTICLES = "articles"
SENTENCES = "sentences"
FULL_TEXT = "full-text index"
ITEMS = "items"
INDEXES = "indexes"
SCHEMA = "schema and statistics"
FREE = "free pages"
PARTS = (ARTICLES, SENTENCES, FULL_TEXT, ITEMS, INDEXES, SCHEMA, FREE)
"""The parts, in the order the report lists them."""

# The tables that hold sentences: the spans since schema 2, the sentences with their text before.
_SENTENCE_TABLES = frozenset({"sentence_spans", "sentences"})


class SizeError(Exception):
    """A file that cannot be measured, with a one-line reason."""


@dataclass(frozen=True, slots=True)
class ObjectSize:
    """One table or index: the bytes of its pages and the bytes of them left unused."""

    name: str
    part: str
    bytes: int
    unused: int


@dataclass(frozen=True, slots=True)
class SizeReport:
    """The file's size, its article text and every object in it."""

    file_bytes: int
    text_bytes: int
    text_chars: int
    objects: tuple[ObjectSize, ...]

    @property
    def ratio(self) -> float:
        """The file's size as a multiple of its article text (0 for a file without text)."""
        return self.file_bytes / self.text_bytes if self.text_bytes else 0.0

    def part_bytes(self, part: str) -> tuple[int, int]:
        """Bytes and unused bytes of one part."""
        members = [item for item in self.objects if item.part == part]
        return sum(item.bytes for item in members), sum(item.unused for item in members)


def measure(path: str | Path) -> SizeReport:
    """Measure a database file.

    Raises:
        SizeError: the file is missing or not a database, or SQLite lacks ``dbstat``.
    """
    path = Path(path)
    if not path.is_file():
        raise SizeError(f"{path}: no such file")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return _measure(conn)
    except sqlite3.OperationalError as error:
        if "dbstat" in str(error):
            raise SizeError(
                f"this SQLite ({sqlite3.sqlite_version}) lacks the dbstat virtual table "
                "(SQLITE_ENABLE_DBSTAT_VTAB); run with a Python whose SQLite has it"
            ) from error
        raise SizeError(f"{path}: {error}") from error
    except sqlite3.DatabaseError as error:
        raise SizeError(f"{path}: {error}") from error
    finally:
        conn.close()


def _measure(conn: sqlite3.Connection) -> SizeReport:
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    (page_count,) = conn.execute("PRAGMA page_count").fetchone()
    (free_pages,) = conn.execute("PRAGMA freelist_count").fetchone()
    kinds = dict(conn.execute("SELECT name, type FROM sqlite_master"))
    # The shadow tables of a full-text index are named after it: sentences_fts_data, ...
    full_text = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%USING FTS%'"
        )
    ]
    objects = [
        ObjectSize(name, _part(name, kinds.get(name), full_text), size, unused)
        for name, size, unused in conn.execute(
            "SELECT name, pgsize, unused FROM dbstat WHERE aggregate = TRUE"
        )
    ]
    objects.append(ObjectSize("(freelist)", FREE, free_pages * page_size, free_pages * page_size))
    text_bytes, text_chars = 0, 0
    if kinds.get("articles") == "table":
        text_bytes, text_chars = conn.execute(
            "SELECT coalesce(sum(length(CAST(text AS BLOB))), 0), coalesce(sum(length(text)), 0) "
            "FROM articles"
        ).fetchone()
    objects.sort(key=lambda item: (PARTS.index(item.part), -item.bytes, item.name))
    return SizeReport(page_count * page_size, text_bytes, text_chars, tuple(objects))


def _part(name: str, kind: str | None, full_text: list[str]) -> str:
    if any(name == table or name.startswith(f"{table}_") for table in full_text):
        return FULL_TEXT
    if name.startswith("sqlite_stat") or name in ("sqlite_schema", "sqlite_master"):
        return SCHEMA
    if kind == "index":
        return INDEXES
    if name == ARTICLES:
        return ARTICLES
    if name in _SENTENCE_TABLES:
        return SENTENCES
    return ITEMS


def format_report(path: str | Path, report: SizeReport, *, objects: bool = False) -> str:
    """The report as the command prints it; with ``objects``, every table and index too."""
    listed = [item for item in report.objects if objects and item.name != "(freelist)"]
    width = max([len(part) for part in PARTS] + [len(item.name) + 2 for item in listed]) + 2
    lines = [
        f"{path}: {report.file_bytes:,} bytes = {report.ratio:.2f}x its article text "
        f"({report.text_bytes:,} bytes of UTF-8, {report.text_chars:,} characters)",
        f"{'part':<{width}}{'bytes':>14}{'share':>8}{'unused':>14}",
    ]
    for part in PARTS:
        size, unused = report.part_bytes(part)
        lines.append(f"{part:<{width}}{size:>14,}{_share(size, report):>8}{unused:>14,}")
        lines.extend(
            f"{'  ' + item.name:<{width}}{item.bytes:>14,}{_share(item.bytes, report):>8}"
            f"{item.unused:>14,}"
            for item in listed
            if item.part == part
        )
    return "\n".join(lines)


def _share(size: int, report: SizeReport) -> str:
    return f"{100 * size / report.file_bytes:.1f}%" if report.file_bytes else "-"


def main(argv: list[str] | None = None) -> int:
    """The command line: ``python -m bench.measure_size DB [--objects]``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.measure_size",
        description="Print what takes the space in an eventscope database.",
    )
    parser.add_argument("db", type=Path, help="the database file")
    parser.add_argument(
        "--objects", action="store_true", help="list every table and index under its part"
    )
    args = parser.parse_args(argv)
    try:
        report = measure(args.db)
    except SizeError as error:
        print(f"measure_size: {error}", file=sys.stderr)
        return 1
    print(format_report(args.db, report, objects=args.objects))
    return 0


if __name__ == "__main__":
    sys.exit(main())
