"""Writing what a filter selects to CSV, JSON or JSON Lines, one row per item with its source.

Rows come from the database's own views (``event_timeline``, ``quote_list``), so an export has
the same columns a reader sees in sqlite3 or Datasette, including the source sentence and the
article of every row (and the article's address). ACLED and GDELT-style CAMEO rows are built
in :mod:`store.export_formats`. Rows are streamed from SQLite to the file (a million events
never sit in memory), and the file is written under a temporary name and renamed at the end, so
a failed export never leaves half a file under the name the reader asked for.
"""

from __future__ import annotations

import csv
import difflib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol, TextIO

from store.export_formats import (
    ACLED_COLUMNS,
    CAMEO_COLUMNS,
    acled_rows,
    cameo_rows,
    event_rows_sql,
)
from store.extract.folding import fold
from store.filters import EventFilter, event_conditions, quote_conditions, where
from store.query_base import QueryBase

FORMATS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl"}
"""File extensions and the format each one means."""

EXPORT_FORMATS = {"csv": "csv", "json": "json", "jsonl": "jsonl", "acled": "csv", "cameo": "tsv"}
"""The formats of ``eventscope export`` and the file layout each is written in: ACLED's own
downloads are CSV; GDELT's event files are tab-separated, which is what its readers expect."""


class ExportError(Exception):
    """The export cannot be written; the message names the file and the reason."""


def format_for(path: Path) -> str:
    """The export format a file name asks for.

    Raises:
        ExportError: an extension that is not .csv, .json or .jsonl.
    """
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ExportError(
            f"{path}: the name must end in .csv, .json or .jsonl (that picks the format)"
        ) from None


@dataclass(frozen=True)
class Records:
    """The column names of an export and its rows (streamed: iterate once)."""

    columns: list[str]
    rows: Iterable[dict[str, object]]
    left_out: Counter[str] = field(default_factory=Counter)
    """Items of the selection the format cannot hold, by kind; complete once rows are read."""


class ExportQueries(QueryBase):
    """Every row of a filtered view, in the app's order, as dictionaries."""

    def event_records(self, f: EventFilter) -> Records:
        """Events under the filter in timeline order, as ``event_timeline`` rows."""
        clauses, params = event_conditions(f)
        return self._records(
            "event_timeline",
            "SELECT t.*, ar.url AS article_url FROM event_timeline t "  # noqa: S608
            "JOIN events e ON e.id = t.event_id JOIN articles ar ON ar.id = e.article_id "
            f"{where(clauses)} ORDER BY e.date_start IS NULL, e.date_start, e.id",
            params,
        )

    def quote_records(self, f: EventFilter) -> Records:
        """Quotes under the filter in the quotes view's order, as ``quote_list`` rows."""
        clauses, params = quote_conditions(f)
        return self._records(
            "quote_list",
            "SELECT t.*, ar.url AS article_url FROM quote_list t "  # noqa: S608
            "JOIN quotes q ON q.id = t.quote_id JOIN articles ar ON ar.id = q.article_id "
            "LEFT JOIN actors speaker ON speaker.id = q.speaker_id "
            f"{where(clauses)} ORDER BY q.id",
            params,
        )

    def acled_records(self, f: EventFilter) -> Records:
        """Events under the filter as ACLED rows; ``left_out`` counts those ACLED does not code."""
        left_out: Counter[str] = Counter()
        rows = acled_rows(self._rows(*event_rows_sql(f)), left_out)
        return Records(ACLED_COLUMNS, rows, left_out)

    def cameo_records(self, f: EventFilter) -> Records:
        """Events under the filter as GDELT-style rows with CAMEO codes."""
        return Records(CAMEO_COLUMNS, cameo_rows(self._rows(*event_rows_sql(f))))

    def export_records(self, export_format: str, f: EventFilter, quotes: bool = False) -> Records:
        """The records of one of :data:`EXPORT_FORMATS`: events (or quotes, for the plain
        formats) under the filter."""
        if export_format == "acled":
            return self.acled_records(f)
        if export_format == "cameo":
            return self.cameo_records(f)
        return self.quote_records(f) if quotes else self.event_records(f)

    def actor_ids(self, name: str) -> frozenset[int]:
        """The actors whose name or an alias is ``name`` (case and accents aside).

        Raises:
            ExportError: no actor has that name; the message offers the closest names.
        """
        wanted = fold(name)
        ids: dict[str, set[int]] = {}
        canonical: dict[str, str] = {}
        for actor_id, known, actor_name in self._all(
            "SELECT id, name, name FROM actors UNION ALL SELECT al.actor_id, al.alias, a.name "
            "FROM actor_aliases al JOIN actors a ON a.id = al.actor_id"
        ):
            ids.setdefault(fold(known), set()).add(actor_id)
            canonical.setdefault(fold(known), actor_name)
        if wanted in ids:
            return frozenset(ids[wanted])
        # Names holding what was typed ("Erdogan" in "Recep Tayyip Erdogan"), then look-alikes.
        holding = [known for known in ids if wanted and wanted in known]
        close = difflib.get_close_matches(wanted, list(ids), n=5, cutoff=0.6)
        shown = list(dict.fromkeys(canonical[known] for known in [*holding, *close]))[:5]
        hint = f" (did you mean {', '.join(shown)}?)" if shown else ""
        raise ExportError(f"no actor named '{name}'{hint}")

    def _records(self, view: str, sql: str, params: list[object]) -> Records:
        # The view's columns even when no row matches, so an empty CSV still has its header.
        columns = self._columns(f"SELECT * FROM {view} LIMIT 0")  # noqa: S608 - a view name
        return Records([*columns, "article_url"], self._rows(sql, params))

    def _columns(self, sql: str) -> list[str]:
        with self._connection() as conn:
            return [column[0] for column in conn.execute(sql).description]

    def _rows(self, sql: str, params: list[object]) -> Iterator[dict[str, object]]:
        with self._connection() as conn:
            cursor = conn.execute(sql, params)
            names = [column[0] for column in cursor.description]
            for row in cursor:
                yield dict(zip(names, row, strict=True))


class RowPages(Protocol):
    """Any :class:`store.queries.Pages` (kept structural so this module imports no query)."""

    def after(self, row: Any, limit: int) -> list[Any]: ...


def records_from_pages(pages: RowPages, row_type: type, batch: int = 1000) -> Records:
    """Every row of a paged view (Actors, Articles) as records, fetched ``batch`` at a time.

    Fields that hold several values (an actor's aliases) are joined with "; ", as the
    database views join actor names.
    """
    columns = [field.name for field in fields(row_type)]

    def rows() -> Iterator[dict[str, object]]:
        last = None
        while page := pages.after(last, batch):
            for row in page:
                yield {
                    name: "; ".join(value) if isinstance(value, tuple) else value
                    for name, value in ((name, getattr(row, name)) for name in columns)
                }
            last = page[-1]

    return Records(columns, rows())


def write_records(records: Records, path: Path, layout: str | None = None) -> int:
    """Write the records to ``path``; return how many rows.

    Args:
        layout: "csv", "tsv", "json" or "jsonl"; by default the one the extension names.

    Raises:
        ExportError: a wrong extension, or a file that cannot be written (the reason said).
    """
    path = Path(path)
    kind = layout or format_for(path)
    # Beside the target (so the rename is atomic), hidden, and with the usual permissions.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as out:
            count = _WRITERS[kind](records, out)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot write the export ({error.strerror})") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count


def write_stream(records: Records, out: TextIO, layout: str) -> int:
    """Write the records to an open stream (standard output) in a layout; return how many rows."""
    return _WRITERS[layout](records, out)


def _write_csv(records: Records, out: TextIO, delimiter: str = ",") -> int:
    writer = csv.DictWriter(out, fieldnames=records.columns, delimiter=delimiter)
    writer.writeheader()
    count = 0
    for record in records.rows:
        writer.writerow(record)
        count += 1
    return count


def _write_json(records: Records, out: TextIO) -> int:
    # Streamed as an array one record a line, so it is valid JSON and still diffs by line.
    count = 0
    out.write("[")
    for record in records.rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _write_jsonl(records: Records, out: TextIO) -> int:
    count = 0
    for record in records.rows:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_tsv(records: Records, out: TextIO) -> int:
    # A field holding a tab or a line break is quoted, as in CSV, so that no row is split.
    return _write_csv(records, out, delimiter="\t")


_WRITERS = {"csv": _write_csv, "tsv": _write_tsv, "json": _write_json, "jsonl": _write_jsonl}
