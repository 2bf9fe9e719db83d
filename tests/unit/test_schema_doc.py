"""docs/schema.md: generated from the live schema, complete, current, and its queries run."""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from store.schema import SCHEMA_VERSION
from store.schema_doc import REGENERATE, generate, live_schema, notes, notes_problems

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
SQLITE3 = shutil.which("sqlite3")


def test_every_table_view_and_column_has_a_description():
    assert notes_problems() == [], "describe them in store/schema_notes.toml"


def test_docs_schema_md_is_the_generated_text():
    assert DOC.read_text(encoding="utf-8") == generate(), (
        f"docs/schema.md is out of date: run `{REGENERATE}`"
    )


def test_the_document_covers_the_whole_schema():
    schema = live_schema()
    text = generate(schema)
    assert f"`PRAGMA user_version` = {SCHEMA_VERSION}" in text
    for table in schema.tables:
        assert f"\n### {table.name}\n" in text
        for column in table.columns:
            assert f"| `{column.name}` | {column.type} |" in text
    for view in schema.views:
        assert f"\n### {view.name}\n" in text
        assert view.sql in text
    assert "### sentences_fts" in text and "USING FTS5" in text
    # A foreign key names its target, and an index on an expression shows the expression.
    assert "| `article_id` | INTEGER | not null, → `articles.id` |" in text
    assert "`idx_articles_published_day` (substr(published, 1, 10))" in text
    # Markdown must not swallow text that looks like a tag.
    assert "<stdin>" not in text


def test_views_need_no_function_plain_sqlite_lacks():
    # Python's sqlite3 has no application functions registered: a view that needed one would
    # fail here, as it would in the sqlite3 shell or DB Browser.
    conn = sqlite3.connect(":memory:")
    try:
        for statement in (relation.sql for relation in live_schema().tables):
            conn.execute(statement)
        for view in live_schema().views:
            conn.execute(view.sql)
            conn.execute(f'SELECT * FROM "{view.name}"').fetchall()  # noqa: S608
    finally:
        conn.close()


# --- the example queries, on the seed database --------------------------------------------------


def run_query(db: Path, sql: str) -> tuple[list[str], list[list[str]]]:
    """Columns and rows (as text, null as "") from the sqlite3 shell, or Python's sqlite3."""
    if SQLITE3:
        shell = subprocess.run(
            [SQLITE3, "-readonly", "-bail", "-header", "-csv", str(db)],
            input=sql,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
        assert shell.returncode == 0 and not shell.stderr, shell.stderr
        header, *rows = list(csv.reader(io.StringIO(shell.stdout)))
        return header, rows
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        cursor = conn.execute(sql)
        header = [column[0] for column in cursor.description]
        return header, [["" if value is None else str(value) for value in row] for row in cursor]
    finally:
        conn.close()


def example(name: str) -> str:
    (sql,) = [entry["sql"] for entry in notes()["examples"] if entry["name"] == name]
    return sql


def rows_as_dicts(db: Path, name: str) -> list[dict[str, str]]:
    header, rows = run_query(db, example(name))
    assert rows, name
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_there_are_five_example_queries_each_documented():
    examples = notes()["examples"]
    assert len(examples) == 5
    text = generate()
    for entry in examples:
        assert entry["title"] and entry["answers"]
        assert entry["sql"].strip() in text
        assert re.fullmatch(r"[a-z_]+", entry["name"])


def test_events_per_side_per_month(seed_db: Path):
    rows = rows_as_dicts(seed_db, "events_per_side_per_month")
    assert list(rows[0]) == ["month", "side", "events"]
    by_side = {row["side"]: int(row["events"]) for row in rows if row["month"] == "2020-09"}
    assert set(by_side) == {"Armenia", "Azerbaijan", "other"}
    assert by_side["Armenia"] >= 5 and by_side["Azerbaijan"] >= 4


def test_claimed_events_and_who_claims_them(seed_db: Path):
    rows = rows_as_dicts(seed_db, "claimed_events")
    assert list(rows[0])[:3] == ["claimed_by", "status", "event_type"]
    assert {row["status"] for row in rows} <= {"claimed", "denied"}
    assert any(
        row["claimed_by"] == "Azerbaijan" and "captured a strategic mountain" in row["sentence"]
        for row in rows
    )


def test_every_quote_of_one_speaker(seed_db: Path):
    rows = rows_as_dicts(seed_db, "quotes_of_a_speaker")
    assert list(rows[0])[:5] == ["article_published", "kind", "cue", "medium", "quote"]
    assert "We defend our territory, our cause is right!" in [row["quote"] for row in rows]
    assert all("Aliyev" in row["sentence"] or "he said" in row["sentence"] for row in rows)


def test_casualties_by_side(seed_db: Path):
    rows = rows_as_dicts(seed_db, "casualties_by_side")
    assert list(rows[0]) == [
        "victim_side",
        "kind",
        "figures",
        "new_at_least",
        "highest_total",
        "claimed_by",
    ]
    armenia = next(
        row for row in rows if (row["victim_side"], row["kind"]) == ("Armenia", "killed")
    )
    # 15 more servicemen and a woman and a child; the running total is 32.
    assert (armenia["new_at_least"], armenia["highest_total"]) == ("17", "32")


def test_full_text_search_with_the_article_title(seed_db: Path):
    rows = rows_as_dicts(seed_db, "search_sentences")
    assert list(rows[0]) == ["title", "published", "sentence"]
    assert any(row["sentence"].startswith("A ceasefire was reached in 1994") for row in rows)
    assert {row["title"] for row in rows} == {
        "Fighting between Armenia and Azerbaijan over Nagorno-Karabakh continues overnight"
    }


@pytest.mark.skipif(SQLITE3 is None, reason="no sqlite3 shell installed")
def test_python_sqlite3_gives_what_the_shell_gives(seed_db: Path, monkeypatch):
    shell = [run_query(seed_db, entry["sql"]) for entry in notes()["examples"]]
    monkeypatch.setitem(globals(), "SQLITE3", None)
    assert [run_query(seed_db, entry["sql"]) for entry in notes()["examples"]] == shell


@pytest.mark.skipif(SQLITE3 is None, reason="no sqlite3 shell installed")
def test_the_shell_reads_the_views_of_a_loaded_file(seed_db: Path):
    header, rows = run_query(seed_db, "SELECT count(*) AS n FROM event_timeline;")
    assert header == ["n"] and int(rows[0][0]) >= 15
