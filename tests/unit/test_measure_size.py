"""The size report: every page of the file in one part, and the ratio to the article text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench.measure_size import (
    ARTICLES,
    FREE,
    FULL_TEXT,
    INDEXES,
    PARTS,
    SENTENCES,
    format_report,
    main,
    measure,
)

SCHEMA_1 = Path(__file__).resolve().parents[1] / "fixtures" / "schema1.db"


def test_the_parts_add_up_to_the_file(seed_db: Path) -> None:
    report = measure(seed_db)
    assert report.file_bytes == seed_db.stat().st_size
    assert sum(report.part_bytes(part)[0] for part in PARTS) == report.file_bytes


def test_objects_go_to_their_part(seed_db: Path) -> None:
    parts = {item.name: item.part for item in measure(seed_db).objects}
    assert parts["articles"] == ARTICLES
    assert parts["sentence_spans"] == SENTENCES
    assert parts["sentences_fts_data"] == FULL_TEXT
    assert parts["idx_sentence_spans_article_id_idx"] == INDEXES


def test_the_ratio_is_the_file_over_the_utf8_text(seed_db: Path) -> None:
    report = measure(seed_db)
    conn = sqlite3.connect(seed_db)
    (text,) = conn.execute("SELECT group_concat(text, '') FROM articles").fetchone()
    conn.close()
    assert report.text_bytes == len(text.encode("utf-8"))
    assert report.ratio == pytest.approx(report.file_bytes / report.text_bytes)
    first = format_report(seed_db, report).splitlines()[0]
    assert first.startswith(f"{seed_db}: {report.file_bytes:,} bytes = {report.ratio:.2f}x")


def test_an_old_file_counts_its_sentence_table(tmp_path: Path) -> None:
    report = measure(SCHEMA_1)
    parts = {item.name: item.part for item in report.objects}
    assert parts["sentences"] == SENTENCES


def test_free_pages_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "free.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE filler (body TEXT)")
    conn.execute("INSERT INTO filler SELECT zeroblob(100000) FROM (SELECT 1 UNION SELECT 2)")
    conn.commit()
    conn.execute("DELETE FROM filler")
    conn.commit()
    conn.close()
    report = measure(path)
    # Two deleted rows of 100,000 bytes, less the pages the emptied table keeps.
    assert report.part_bytes(FREE)[0] >= 180_000
    assert report.text_bytes == 0 and report.ratio == 0


def test_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main([str(tmp_path / "missing.db")]) == 1
    assert capsys.readouterr().err == f"measure_size: {tmp_path / 'missing.db'}: no such file\n"
