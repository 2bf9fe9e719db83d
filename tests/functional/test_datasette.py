"""The database in Datasette: `eventscope datasette-config` and the metadata it writes."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui import cli

datasette_app = pytest.importorskip("datasette.app", reason="Datasette is in the test extra")


@pytest.fixture
def seed_copy(seed_db: Path, tmp_path: Path) -> Path:
    """The seed database in a folder of its own, where the metadata file can be written."""
    path = tmp_path / "seed.db"
    shutil.copyfile(seed_db, path)
    return path


def write_config(db: Path) -> Path:
    result = CliRunner().invoke(cli.main, ["datasette-config", "--db", str(db)])
    assert result.exit_code == 0, result.output
    written = db.with_name(f"{db.stem}.metadata.json")
    assert result.stdout == f"datasette {db} --metadata {written}\n"
    assert result.stderr == f"eventscope: wrote {written}\n"
    return written


@pytest.fixture
async def datasette(seed_copy: Path):
    metadata = json.loads(write_config(seed_copy).read_text(encoding="utf-8"))
    ds = datasette_app.Datasette(files=[str(seed_copy)], metadata=metadata)
    await ds.invoke_startup()
    return ds


def count(db: Path, sql: str, *parameters: object) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, parameters).fetchone()[0]
    finally:
        conn.close()


async def get_json(ds, path: str) -> dict:
    response = await ds.client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def facet(data: dict, name: str) -> dict[str, int]:
    return {item["value"]: item["count"] for item in data["facet_results"][name]["results"]}


async def test_events_are_faceted_by_type_status_and_date(datasette, seed_copy: Path):
    data = await get_json(datasette, "/seed/events.json")
    assert facet(data, "event_type")["ASSAULT"] == count(
        seed_copy, "SELECT count(*) FROM events WHERE event_type = ?", "ASSAULT"
    )
    assert set(facet(data, "status")) <= {"asserted", "claimed", "denied"}
    assert "2020-09-28" in facet(data, "date_start")


async def test_actors_are_faceted_by_side(datasette, seed_copy: Path):
    data = await get_json(datasette, "/seed/actors.json")
    assert facet(data, "side")["Armenia"] == count(
        seed_copy, "SELECT count(*) FROM actors WHERE side = ?", "Armenia"
    )


async def test_the_timeline_view_has_facets_too(datasette):
    data = await get_json(datasette, "/seed/event_timeline.json")
    assert facet(data, "event_type")["ASSAULT"] >= 5
    assert "Azerbaijan" in facet(data, "claimed_by")


async def test_full_text_search_finds_a_sentence(datasette):
    data = await get_json(datasette, "/seed/sentences.json?_search=ceasefire&_shape=objects")
    sentences = [row["text"] for row in data["rows"]]
    assert any(text.startswith("A ceasefire was reached in 1994") for text in sentences)
    # Diacritics are folded: the seed writes Erdogan, a reader may type Erdoğan.
    data = await get_json(datasette, "/seed/sentences.json?_search=Erdo%C4%9Fan&_shape=objects")
    assert any("Erdogan promising support" in row["text"] for row in data["rows"])


async def test_the_views_are_searched_by_their_sentence(datasette):
    data = await get_json(datasette, "/seed/event_timeline.json?_search=Terter&_shape=objects")
    assert data["rows"]
    assert all("Terter" in row["sentence"] for row in data["rows"])


async def test_pages_show_descriptions_and_the_licence_note(datasette):
    response = await datasette.client.get("/seed/events")
    assert response.status_code == 200
    assert "PLOVER category" in response.text
    assert "copyright of its publishers" in response.text


async def test_the_example_queries_are_canned_queries(datasette):
    data = await get_json(datasette, "/seed/casualties_by_side.json?_shape=objects")
    armenia = next(row for row in data["rows"] if row["victim_side"] == "Armenia")
    assert armenia["highest_total"] == 32


def test_a_file_that_is_not_an_eventscope_database_is_refused(tmp_path: Path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).close()
    result = CliRunner().invoke(cli.main, ["datasette-config", "--db", str(other)])
    assert result.exit_code == 2
    assert result.stderr == f"eventscope: {other}: not an eventscope database\n"
    assert not (tmp_path / "other.metadata.json").exists()
