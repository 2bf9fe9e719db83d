"""Bad and odd input through the whole load: one clear line each, and the rest of the batch loads.

tests/unit/test_sources.py holds the reading rules one by one; here each kind of input goes
through `load` (and the command line) into a database, which is then checked.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from store import sources
from store.html_text import NO_ARTICLE
from store.loader import load
from store.sources import SourceProblem
from tui import cli

GOOD = (
    "title: Shelling\npublished: 2020-10-04\n\n"
    "Armenia accused Azerbaijan of shelling Stepanakert on Sunday.\n\n"
    "At least two civilians were killed, officials said.\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


def zip_bytes(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<xml/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTSCOPE_DB", raising=False)


def write(name: str, content: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def query(sql: str, *parameters: object, db: str = "x.db") -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, parameters).fetchall()
    finally:
        conn.close()


def reasons(problems: list[SourceProblem]) -> list[tuple[str, str]]:
    return [(problem.path, problem.reason) for problem in problems]


def assert_offsets_slice_the_text(db: str = "x.db") -> None:
    """Every sentence, mention, quote and event trigger is exactly the text its offsets cut."""
    cuts = {
        "sentences": 'SELECT t.text, substr(a.text, t.start + 1, t."end" - t.start) '
        "FROM sentences t JOIN articles a ON a.id = t.article_id",
        "mentions": 'SELECT t.text, substr(a.text, t.start + 1, t."end" - t.start) '
        "FROM mentions t JOIN sentences s ON s.id = t.sentence_id "
        "JOIN articles a ON a.id = s.article_id",
        "quotes": 'SELECT t.text, substr(a.text, t.start + 1, t."end" - t.start) '
        "FROM quotes t JOIN articles a ON a.id = t.article_id",
        "events": "SELECT t.trigger, substr(a.text, t.trigger_start + 1, "
        "t.trigger_end - t.trigger_start) FROM events t JOIN articles a ON a.id = t.article_id",
    }
    for sql in cuts.values():
        rows = query(sql, db=db)
        assert all(text == cut for text, cut in rows), rows


# --- empty, blank, headline only, binary ---------------------------------------------------------


def test_empty_blank_header_only_and_headline_only_files() -> None:
    write("d/empty.txt", "")
    write("d/blank.txt", " \n\t\r\n  \n")
    write("d/header-only.txt", "title: Clashes resume\npublished: 2020-10-04\n\n")
    write("d/headline.txt", "Azerbaijan shells Stepanakert as fighting enters third day\n")
    write("d/good.txt", GOOD)
    summary = load(["d"], "x.db")
    assert reasons(summary.problems) == [
        ("d/blank.txt", "empty file"),
        ("d/empty.txt", "empty file"),
        ("d/header-only.txt", "no article text after the header block"),
    ]
    # A headline alone is kept (it can be searched) and said to give nothing.
    assert summary.articles == 2
    assert "d/headline.txt: no body text (only a headline?): stored, nothing found" in summary.notes
    assert query("SELECT kind FROM sentences WHERE text LIKE 'Azerbaijan shells%'") == [
        ("heading",)
    ]
    assert query(
        "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE a.path = 'd/headline.txt'"
    ) == [(0,)]


def test_binary_files_in_a_folder_and_named_explicitly_are_skipped_by_name() -> None:
    write("d/scan.txt", PNG)
    write("d/report.txt", PDF)
    write("d/archive.txt", zip_bytes("notes.txt"))
    write("d/memo.md", zip_bytes("word/document.xml"))
    write("d/good.txt", GOOD)
    write("photo.png", PNG)
    write("paper.pdf", PDF)
    summary = load(["d", "photo.png", "paper.pdf"], "x.db")
    assert reasons(summary.problems) == [
        ("d/archive.txt", "binary file (ZIP archive), not text"),
        ("d/memo.md", "binary file (Word document, DOCX), not text"),
        ("d/report.txt", "binary file (PDF document), not text"),
        ("d/scan.txt", "binary file (PNG image), not text"),
        ("photo.png", "binary file (PNG image), not text"),
        ("paper.pdf", "binary file (PDF document), not text"),
    ]
    assert summary.articles == 1
    assert query("SELECT path FROM articles") == [("d/good.txt",)]


def test_thousands_of_files_with_a_few_bad_ones_all_load_but_those() -> None:
    for number in range(2000):
        write(f"big/{number // 100:02d}/{number:04d}.txt", f"Talks round {number} opened.\n")
    write("big/07/0700.txt", b"")
    write("big/13/1300.txt", PNG)
    write("big/19/1999.txt", "<!DOCTYPE html><html><body>x</body></html>")
    summary = load(["big"], "x.db", published="2020-10-01")
    assert reasons(summary.problems) == [
        ("big/07/0700.txt", "empty file"),
        ("big/13/1300.txt", "binary file (PNG image), not text"),
        ("big/19/1999.txt", NO_ARTICLE),
    ]
    assert (summary.articles, summary.failed) == (1997, 3)
    assert query("SELECT count(*), count(DISTINCT sha256) FROM articles") == [(1997, 1997)]


# --- encodings and newlines ---------------------------------------------------------------------

ACCENTED = "“We will not retreat,” Defence Minister José Müller told reporters in Besançon."
# Latin-1 has no curly quotes: the same sentence with straight ones.
ACCENTED_LATIN1 = ACCENTED.replace("“", '"').replace("”", '"')


@pytest.mark.parametrize(
    ("encoding", "prefix", "text"),
    [
        ("utf-8", b"", ACCENTED),
        ("utf-8", b"\xef\xbb\xbf", ACCENTED),
        ("utf-16", b"", ACCENTED),
        ("utf-16-be", b"\xfe\xff", ACCENTED),
        ("utf-16-le", b"", ACCENTED),
        ("cp1252", b"", ACCENTED),
        ("latin-1", b"", ACCENTED_LATIN1),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "utf-16-bom",
        "utf-16-be-bom",
        "utf-16-le-no-bom",
        "cp1252",
        "latin1",
    ],
)
def test_every_encoding_gives_the_same_names_and_quotes_without_mojibake(
    encoding: str, prefix: bytes, text: str
) -> None:
    write("a.txt", prefix + f"title: Müller\npublished: 2020-10-05\n\n{text}\n".encode(encoding))
    summary = load(["a.txt"], "x.db")
    assert summary.problems == []
    assert query("SELECT title, text FROM articles") == [("Müller", text)]
    assert query("SELECT text, speaker_text FROM quotes") == [
        ("We will not retreat", "José Müller")
    ]
    assert ("José Müller",) in query("SELECT name FROM actors")
    stored = " ".join(
        row[0] for row in query("SELECT text FROM articles UNION ALL SELECT name FROM actors")
    )
    # The marks of UTF-8 read as Windows-1252 (or the reverse) are not there.
    assert not [mark for mark in ("Ã", "â€", "Â", "\ufffd") if mark in stored]
    assert_offsets_slice_the_text()


def test_mixed_line_endings_give_lf_text_and_offsets_that_slice_it() -> None:
    write(
        "a.txt",
        b"title: T\r\npublished: 2020-10-04\r\n\r\n"
        b"Armenia accused Azerbaijan of shelling Stepanakert on Sunday.\r\n\r\n"
        b'"We will defend our people," Prime Minister Nikol Pashinyan said.\n\n'
        b"At least two civilians were killed, officials said.\r\r"
        b"Russia called for a ceasefire.",
    )
    summary = load(["a.txt"], "x.db")
    assert summary.problems == []
    ((text,),) = query("SELECT text FROM articles")
    assert "\r" not in text
    assert text.count("\n\n") == 3
    assert query("SELECT count(*) FROM sentences") == [(4,)]
    assert query("SELECT count(*) FROM quotes") == [(1,)]
    assert_offsets_slice_the_text()


def test_nul_bytes_are_removed_from_text_or_refuse_binary_data() -> None:
    body = GOOD.encode()
    write("d/stray.txt", body[:90] + b"\x00" + body[90:])
    write("d/padded.txt", body + bytes(5000))
    write("d/blob.txt", bytes(range(256)) * 8)
    write("d/feed.jsonl", json.dumps({"text": "Russia\u0000 called for a ceasefire."}) + "\n")
    summary = load(["d"], "x.db")
    assert reasons(summary.problems) == [("d/blob.txt", "binary file, not text")]
    assert summary.articles == 2  # stray.txt and padded.txt are one text
    assert summary.unchanged == 1
    assert query("SELECT count(*) FROM articles WHERE instr(text, char(0))") == [(0,)]
    # stray.txt is padded.txt's text with a NUL: once the NUL is gone, it is already there.
    assert summary.notes == [
        "d/feed.jsonl:1: 1 NUL character removed",
        "d/padded.txt: 5000 NUL characters removed",
        "1 article without a publication date (d/feed.jsonl:1): relative dates such as "
        "'on Monday' stay unresolved; give --published DATE",
    ]
    assert_offsets_slice_the_text()


# --- HTML -----------------------------------------------------------------------------------------


def test_html_pages_and_fragments_load_their_text_and_empty_pages_are_refused() -> None:
    write("d/saved.txt", "<!DOCTYPE html>\n<html><head><title>x</title></head><body></body></html>")
    write("d/fragment.txt", "<p>Armenia accused Azerbaijan.</p>\n<p>Two were killed.</p>\n")
    write("d/good.txt", GOOD)
    write(
        "d/feed.jsonl",
        json.dumps({"text": "<div><p>One.</p><p>Two.</p></div>"})
        + "\n"
        + json.dumps({"text": "Russia called for a ceasefire."})
        + "\n",
    )
    summary = load(["d"], "x.db", published="2020-10-01")
    assert reasons(summary.problems) == [("d/saved.txt", NO_ARTICLE)]
    assert summary.articles == 4
    fragments = "SELECT path, text FROM articles WHERE path IN (?, ?) ORDER BY path"
    assert query(fragments, "d/feed.jsonl:1", "d/fragment.txt") == [
        ("d/feed.jsonl:1", "One.\n\nTwo."),
        ("d/fragment.txt", "Armenia accused Azerbaijan.\n\nTwo were killed."),
    ]
    assert query("SELECT count(*) FROM sentences WHERE text LIKE '%<%'") == [(0,)]


def test_a_saved_news_page_loads_its_article_and_offsets_index_the_stored_text() -> None:
    page = (Path(__file__).parent / "html_pages" / "wire_story.html").read_bytes()
    write("d/story.html", page)
    summary = load(["d"], "x.db")
    assert (summary.articles, summary.problems) == (1, [])
    ((title, published, source, text),) = query(
        "SELECT title, published, source, text FROM articles"
    )
    assert (title, published, source) == (
        "Armenia and Azerbaijan trade blame as Karabakh fighting spreads",
        "2020-09-28T09:15:00",
        "The Daily Ledger",
    )
    assert text.startswith("Battles between Armenian and Azerbaijani forces")
    assert "cookies" not in text and "Comments" not in text and "<" not in text
    assert query("SELECT count(*) FROM quotes WHERE text LIKE '%tired of Azerbaijan%'") == [(1,)]
    assert_offsets_slice_the_text()


# --- enormous input -------------------------------------------------------------------------------


def test_a_50_mb_file_is_refused_with_its_limit_and_the_rest_loads() -> None:
    write("d/good.txt", GOOD)
    with open("d/huge.txt", "wb") as huge:
        huge.write(GOOD.encode() * 10)
        huge.truncate(50 * 1024 * 1024)
    summary = load(["d"], "x.db")
    assert reasons(summary.problems) == [
        ("d/huge.txt", "file is larger than the 20 MB limit for one article")
    ]
    assert summary.articles == 1


class _Feed(io.RawIOBase):
    """A JSON Lines pipe that notes, at each read, how many articles the load has stored."""

    def __init__(self, lines: int, stored: list[int]) -> None:
        super().__init__()
        self._lines = (
            json.dumps(
                {"id": n, "published": "2020-10-01", "text": f"Talks round {n} opened."}
            ).encode()
            + b"\n"
            for n in range(lines)
        )
        self._pending = b""
        self._stored = stored
        self.reads: list[int] = []

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        self.reads.append(len(self._stored))
        while len(self._pending) < len(buffer):
            line = next(self._lines, None)
            if line is None:
                break
            self._pending += line
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def test_json_lines_are_loaded_while_the_stream_is_still_being_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small reads, so that a stream of a few thousand lines takes many of them.
    monkeypatch.setattr(sources, "_READ_CHUNK", 4096)
    stored: list[int] = []
    feed = _Feed(3000, stored)
    summary = load(["-"], "x.db", stdin=io.BufferedReader(feed, 4096), on_item=stored.append)
    assert summary.articles == 3000
    # Articles were stored between reads: the stream is never held whole.
    assert len(feed.reads) > 10
    assert feed.reads[len(feed.reads) // 2] > 0
    assert feed.reads[-1] > 2500


# --- malformed lines, dates, sidecars, sides ---------------------------------------------------


def test_malformed_json_lines_are_one_problem_each_and_the_rest_loads() -> None:
    write(
        "feed.jsonl",
        "\n".join(
            [
                json.dumps({"id": "a", "published": "2020-10-01", "text": "Talks opened."}),
                '{"id": "b", "text": "unterminated',
                "not json at all",
                "[1, 2, 3]",
                json.dumps({"id": "c"}),
                json.dumps({"id": "d", "text": None}),
                json.dumps({"id": "e", "text": ["x"]}),
                json.dumps({"id": "f", "text": "   "}),
                '{"id": "g", "published": "2020-10-01", "text": "Talks \\ud800 closed."}',
                json.dumps({"id": "h", "published": "2020-10-02", "text": "Talks resumed."}),
            ]
        )
        + "\n",
    )
    summary = load(["feed.jsonl"], "x.db")
    assert reasons(summary.problems) == [
        ("feed.jsonl:2", "line is not valid JSON: Unterminated string starting at column 21"),
        ("feed.jsonl:3", "line is not valid JSON: Expecting value at column 1"),
        ("feed.jsonl:4", "line is a JSON array, not an object"),
        ("feed.jsonl:5", "no 'text' field"),
        ("feed.jsonl:6", "no 'text' field"),
        ("feed.jsonl:7", "'text' field is a JSON array, not a string"),
        ("feed.jsonl:8", "empty 'text' field"),
    ]
    # A lone surrogate escape cannot be stored as UTF-8: the article is kept, the escape marked.
    assert summary.notes == ["feed.jsonl:9: 1 lone surrogate replaced by U+FFFD"]
    assert query("SELECT external_id, text FROM articles ORDER BY id") == [
        ("a", "Talks opened."),
        ("g", "Talks \ufffd closed."),
        ("h", "Talks resumed."),
    ]


@pytest.mark.parametrize("written", ["2020-13-45", "yesterday", "2020-02-30", "28/09/2020"])
def test_an_impossible_publication_date_is_one_note_and_the_article_loads_undated(
    written: str,
) -> None:
    write(
        "a.txt", f"published: {written}\n\nArmenia accused Azerbaijan of shelling Ganja on Monday."
    )
    summary = load(["a.txt"], "x.db")
    assert summary.problems == []
    assert summary.notes == [
        f"a.txt: unreadable publication date '{written}', left empty",
        "1 article without a publication date (a.txt): relative dates such as 'on Monday' stay "
        "unresolved; give --published DATE",
    ]
    assert query("SELECT published FROM articles") == [(None,)]
    # "on Monday" is kept as words, not guessed into a date.
    assert query("SELECT date_start, date_text FROM events WHERE event_type = 'ASSAULT'") == [
        (None, "Monday")
    ]


def test_articles_without_a_date_are_named_in_one_note() -> None:
    for number in range(5):
        write(f"d/{number}.txt", f"Talks round {number} opened on Monday.")
    write("d/dated.txt", "published: 2020-10-01\n\nTalks opened.")
    summary = load(["d"], "x.db")
    assert summary.notes == [
        "5 articles without a publication date (d/0.txt, d/1.txt, d/2.txt and 2 more): relative "
        "dates such as 'on Monday' stay unresolved; give --published DATE"
    ]
    assert load(["d"], "y.db", published="2020-10-01").notes == []


def test_a_sidecar_with_bad_toml_is_one_note_and_the_article_loads_with_its_header() -> None:
    write("d/a.txt", GOOD)
    write("d/a.meta.toml", 'title = "unterminated\npublished = 2020-10-04\n')
    summary = load(["d"], "x.db")
    assert summary.problems == []
    (note,) = summary.notes
    assert note.startswith("d/a.txt: d/a.meta.toml: not valid TOML (")
    assert note.endswith("), its metadata ignored")
    assert query("SELECT title, published FROM articles") == [("Shelling", "2020-10-04")]


def test_a_sides_file_naming_unknown_actors_is_one_note_each_and_the_rest_loads() -> None:
    write("d/a.txt", GOOD)
    write(
        "d/sides.toml",
        '[[side]]\nlabel = "Armenia"\nmembers = ["Armenia", "Atlantis"]\n\n'
        '[[side]]\nlabel = "Azerbaijan"\nmembers = ["Azerbaijan", "El Dorado"]\n',
    )
    summary = load(["d"], "x.db")
    assert summary.notes == [
        "sides: 'Atlantis' (Armenia) matches no actor yet",
        "sides: 'El Dorado' (Azerbaijan) matches no actor yet",
    ]
    assert dict(query("SELECT name, side FROM actors WHERE side IS NOT NULL")) == {
        "Armenia": "Armenia",
        "Azerbaijan": "Azerbaijan",
    }


# --- the command line -----------------------------------------------------------------------------


def test_the_command_line_gives_one_line_per_bad_input_and_exit_1() -> None:
    write("d/empty.txt", "")
    write("d/scan.txt", PNG)
    write("d/page.txt", "<html><body>x</body></html>")
    write("d/good.txt", GOOD)
    write("d/undated.txt", "Talks opened.")
    write("d/bad-date.txt", "published: 2020-13-45\n\nTalks closed.")
    write("d/feed.jsonl", '{"text": "Talks resumed.", "published": "2020-10-05"}\n{"text": \n')
    write("d/sides.toml", '[[side]]\nlabel = "Armenia"\nmembers = ["Armenia", "Atlantis"]\n')
    result = CliRunner().invoke(cli.main, ["load", "d", "--db", "x.db"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "eventscope: note: d/bad-date.txt: unreadable publication date '2020-13-45', left empty",
        "eventscope: skipped d/empty.txt: empty file",
        "eventscope: skipped d/feed.jsonl:2: line is not valid JSON: Expecting value at column 10",
        f"eventscope: skipped d/page.txt: {NO_ARTICLE}",
        "eventscope: skipped d/scan.txt: binary file (PNG image), not text",
        "eventscope: note: sides: 'Atlantis' (Armenia) matches no actor yet",
        "eventscope: note: 2 articles without a publication date (d/bad-date.txt, "
        "d/undated.txt): relative dates such as 'on Monday' stay unresolved; give --published "
        "DATE",
    ]
    assert "4 articles loaded" in result.stdout
    assert "4 failed" in result.stdout
