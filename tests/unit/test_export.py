"""Exports: the filtered rows of a view, with their source, written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from dbfactory import ARMENIA, AZERBAIJAN, WAR_ARTICLE, build_database

from store.export import EXPORT_FORMATS, ExportError, format_for, write_records, write_stream
from store.filters import EventFilter
from store.queries import EventStore


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("export") / "war.db"
    build_database(path, [WAR_ARTICLE], sides=(ARMENIA, AZERBAIJAN))
    store = EventStore(path)
    yield store
    store.close()


def test_csv_holds_the_filtered_events_in_timeline_order_with_their_source(
    store: EventStore, tmp_path: Path
) -> None:
    target = tmp_path / "azerbaijan.csv"
    written = write_records(
        store.event_records(EventFilter(sides=frozenset({"Azerbaijan"}))), target
    )
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert written == len(rows) == store.count_events(EventFilter(sides=frozenset({"Azerbaijan"})))
    # Timeline order: Sunday's accusation and shelling come before Monday's attack.
    assert [row["date_start"] for row in rows[:3]] == ["2020-09-27", "2020-09-27", "2020-09-28"]
    attack = next(row for row in rows if row["trigger"] == "attacking")
    assert attack["source_actors"] == "Armenian forces"
    assert attack["claimed_by"] == "Azerbaijan's defence ministry"
    assert attack["sentence"] == WAR_ARTICLE.sentences[0]
    assert attack["article_title"] == WAR_ARTICLE.title


def test_json_is_an_array_and_jsonl_a_line_per_quote(store: EventStore, tmp_path: Path) -> None:
    as_json = tmp_path / "quotes.json"
    as_lines = tmp_path / "quotes.jsonl"
    assert write_records(store.quote_records(EventFilter()), as_json) == 2
    assert write_records(store.quote_records(EventFilter()), as_lines) == 2
    array = json.loads(as_json.read_text(encoding="utf-8"))
    lines = [json.loads(line) for line in as_lines.read_text(encoding="utf-8").splitlines()]
    assert array == lines
    trump = next(row for row in array if row["speaker"] == "Donald Trump")
    assert trump["quote"] == "would try to end the violence"
    assert trump["medium"] == "AFP"
    assert trump["sentence"] == WAR_ARTICLE.sentences[2]


def test_an_empty_selection_still_writes_the_header(store: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "nothing.csv"
    assert write_records(store.event_records(EventFilter(text="zzzzqqq")), target) == 0
    header = target.read_text(encoding="utf-8").splitlines()
    assert len(header) == 1 and header[0].startswith("event_id,date_start,")
    empty = tmp_path / "nothing.json"
    write_records(store.event_records(EventFilter(text="zzzzqqq")), empty)
    assert json.loads(empty.read_text(encoding="utf-8")) == []


def test_article_text_is_written_as_data(store: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "denied.jsonl"
    write_records(store.event_records(EventFilter(statuses=frozenset({"denied"}))), target)
    (row,) = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert row["sentence"] == WAR_ARTICLE.sentences[5]
    assert "'; drop table events; --" in row["sentence"]


def test_the_extension_picks_the_format_and_others_are_refused(tmp_path: Path) -> None:
    assert format_for(Path("a.CSV")) == "csv"
    assert format_for(Path("a.jsonl")) == "jsonl"
    with pytest.raises(ExportError, match=r"a\.xlsx: the name must end in \.csv"):
        format_for(Path("a.xlsx"))


def test_a_failed_export_leaves_no_file_behind(store: EventStore, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "events.csv"
    with pytest.raises(ExportError, match="no-such-folder/events.csv: cannot write"):
        write_records(store.event_records(EventFilter()), missing)

    def failing_rows():
        yield {"event_id": 1}
        raise RuntimeError("the database went away")

    target = tmp_path / "events.csv"
    target.write_text("an earlier export\n", encoding="utf-8")
    records = store.event_records(EventFilter())
    with pytest.raises(RuntimeError):
        write_records(type(records)(records.columns, failing_rows()), target)
    # The earlier file is untouched and no partial file is left beside it.
    assert target.read_text(encoding="utf-8") == "an earlier export\n"
    assert [path.name for path in tmp_path.iterdir()] == ["events.csv"]


def test_rows_name_the_article_address_too(store: EventStore) -> None:
    events = store.event_records(EventFilter())
    quotes = store.quote_records(EventFilter())
    assert events.columns[-1] == quotes.columns[-1] == "article_url"
    assert {row["article_url"] for row in events.rows} == {None}
    assert all(set(row) == set(quotes.columns) for row in quotes.rows)


def test_cameo_is_tab_separated_and_a_tab_in_the_text_is_quoted(
    store: EventStore, tmp_path: Path
) -> None:
    records = store.cameo_records(EventFilter())
    rows = [
        {**row, "sentence": "a\ttab"} if index == 0 else row
        for index, row in enumerate(records.rows)
    ]
    target = tmp_path / "gdelt.txt"
    count = write_records(
        type(records)(records.columns, iter(rows)), target, EXPORT_FORMATS["cameo"]
    )
    with target.open(encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle, delimiter="\t"))
    assert count == len(read) == store.count_events()
    assert list(read[0]) == records.columns
    assert read[0]["sentence"] == "a\ttab"


def test_a_stream_takes_any_layout(store: EventStore) -> None:
    out = io.StringIO()
    records = store.acled_records(EventFilter(statuses=frozenset({"denied"})))
    assert write_stream(records, out, EXPORT_FORMATS["acled"]) == 1
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row["event_type"], row["notes"]) == ("Battles", WAR_ARTICLE.sentences[5])


def test_actors_are_found_by_name_or_alias_in_any_case(store: EventStore) -> None:
    (trump,) = store.actor_ids("DONALD TRUMP")
    assert store.actor_ids("azerbaijan’s defence ministry") == store.actor_ids(
        "Azerbaijan's Defence Ministry"
    )
    assert trump not in store.actor_ids("Russia")
    with pytest.raises(ExportError, match=r"^no actor named 'Rusia' \(did you mean Russia\?\)$"):
        store.actor_ids("Rusia")
    with pytest.raises(ExportError, match=r"did you mean Armenian forces, Armenia\?"):
        store.actor_ids("armenia forces")
    with pytest.raises(ExportError, match=r"^no actor named 'Zzyzx'$"):
        store.actor_ids("Zzyzx")
