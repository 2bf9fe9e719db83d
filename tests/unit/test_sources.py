"""Reading articles: headers, sidecars, JSON Lines, directories, stdin, encodings, bad input."""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from store import sources
from store.html_text import NO_ARTICLE
from store.sources import SourceArticle, SourceProblem, count_candidates, read_sources

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "news-2016.jsonl"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative paths, so that the paths items carry are the ones a user would see.
    monkeypatch.chdir(tmp_path)


def read(*paths: str, **options: object) -> list[SourceArticle | SourceProblem]:
    return list(read_sources(list(paths), **options))


def read_one(path: str, **options: object) -> SourceArticle:
    (item,) = read(path, **options)
    assert isinstance(item, SourceArticle), item
    return item


def problem_of(path: str, **options: object) -> str:
    (item,) = read(path, **options)
    assert isinstance(item, SourceProblem), item
    return item.reason


def write(name: str, content: str | bytes) -> str:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return name


def jsonl(*records: object) -> str:
    return "".join(
        (record if isinstance(record, str) else json.dumps(record)) + "\n" for record in records
    )


# --- plain text and header blocks ---------------------------------------------------------------


def test_plain_text_file_is_one_article_with_no_metadata():
    article = read_one(write("a.txt", "Fighting resumed.\n\nTalks failed.\n"))
    assert article == SourceArticle(
        text="Fighting resumed.\n\nTalks failed.",
        title=None,
        published=None,
        source=None,
        url=None,
        path="a.txt",
        external_id=None,
    )


def test_header_block_gives_metadata_and_is_not_part_of_the_text():
    text = (
        "Title: Clashes resume\nPUBLISHED: 2020-09-28\nsource:  AFP \n"
        "url: https://example.org/a?b=1\n\nBody line one.\n  indented line.\n"
    )
    article = read_one(write("a.md", text))
    assert (article.title, article.published, article.source, article.url) == (
        "Clashes resume",
        "2020-09-28",
        "AFP",
        "https://example.org/a?b=1",
    )
    assert article.text == "Body line one.\n  indented line."
    assert article.warnings == ()


def test_header_block_needs_a_known_key_on_the_first_line():
    text = "Note: this is prose.\ntitle: not a header\n\nBody."
    assert read_one(write("a.txt", text)).text == text


def test_header_block_needs_key_lines_up_to_the_blank_line():
    text = "Title: Clashes\nThe army said on Monday it had advanced.\n\nMore."
    article = read_one(write("a.txt", text))
    assert article.title is None
    assert article.text == text


def test_unknown_header_key_is_ignored_with_a_warning():
    article = read_one(write("a.txt", "title: T\nauthor: Jane Roe\n\nBody."))
    assert (article.title, article.text) == ("T", "Body.")
    assert article.warnings == (
        "header key 'author' ignored (known keys: title, published, source, url)",
    )


def test_empty_header_value_counts_as_absent():
    article = read_one(write("a.txt", "title:\npublished: 2020-09-28\n\nBody."))
    assert (article.title, article.published) == (None, "2020-09-28")


def test_header_without_body_is_a_problem():
    assert problem_of(write("a.txt", "title: T\n\n\n")) == "no article text after the header block"


def test_leading_blank_lines_and_trailing_whitespace_are_trimmed_inner_text_is_not():
    article = read_one(write("a.txt", "\n  \n   First  line.\n\n\n\tSecond.  \n\n"))
    assert article.text == "   First  line.\n\n\n\tSecond."


# --- sidecars -----------------------------------------------------------------------------------


def test_sidecar_gives_metadata_and_toml_dates_are_accepted():
    write("d/a.txt", "Body.")
    write(
        "d/a.meta.toml",
        'title = "From sidecar"\npublished = 2020-09-28\nsource = "AFP"\nurl = "https://x.org"\n',
    )
    article = read_one("d/a.txt")
    assert (article.title, article.published, article.source, article.url) == (
        "From sidecar",
        "2020-09-28",
        "AFP",
        "https://x.org",
    )
    assert article.warnings == ()


def test_sidecar_toml_datetime_with_offset_keeps_local_time():
    write("a.txt", "Body.")
    write("a.meta.toml", "published = 2020-09-28T07:30:00+04:00\n")
    assert read_one("a.txt").published == "2020-09-28T07:30:00"


def test_header_overrides_sidecar_key_by_key_with_a_warning():
    write("a.txt", "published: 2020-09-28\n\nBody.")
    write("a.meta.toml", 'title = "Sidecar title"\npublished = "2020-09-27"\n')
    article = read_one("a.txt")
    assert (article.title, article.published) == ("Sidecar title", "2020-09-28")
    assert article.warnings == (
        "header block published '2020-09-28' overrides '2020-09-27' from a.meta.toml",
    )


def test_same_value_in_header_and_sidecar_gives_no_warning():
    write("a.txt", "title: Same\n\nBody.")
    write("a.meta.toml", 'title = "Same"\n')
    assert read_one("a.txt").warnings == ()


def test_bad_sidecar_toml_still_loads_the_article_with_a_warning():
    write("d/a.txt", "title: T\n\nBody.")
    write("d/a.meta.toml", "title = \n")
    article = read_one("d/a.txt")
    assert (article.title, article.text) == ("T", "Body.")
    (warning,) = article.warnings
    assert warning.startswith("d/a.meta.toml: not valid TOML (")
    assert "line 1" in warning
    assert warning.endswith("), its metadata ignored")


def test_sidecar_unknown_key_and_wrong_type_are_warned_about():
    write("a.txt", "Body.")
    write("a.meta.toml", 'titel = "x"\ntitle = 3\nsource = "AFP"\n')
    article = read_one("a.txt")
    assert (article.title, article.source) == (None, "AFP")
    assert article.warnings == (
        "a.meta.toml: key 'titel' ignored (known keys: title, published, source, url)",
        "a.meta.toml: title should be a string, ignored",
    )


def test_sidecar_of_a_markdown_file():
    write("a.md", "Body.")
    write("a.meta.toml", 'title = "T"\n')
    assert read_one("a.md").title == "T"


def test_sidecar_and_sides_file_named_explicitly_are_not_articles():
    write("a.txt", "Body.")
    write("a.meta.toml", 'title = "T"\n')
    write("sides.toml", "[armenia]\n")
    items = read("a.meta.toml", "a.txt", "sides.toml")
    assert [(item.path, item.title) for item in items] == [("a.txt", "T")]


# --- publication dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2016-01-10T21:45:06", "2016-01-10T21:45:06"),
        ("2020-09-28", "2020-09-28"),
        ("2020-09-28 10:00", "2020-09-28T10:00:00"),
        ("2020-09-28T10:00:00Z", "2020-09-28T10:00:00"),
        ("2020-09-28T23:30:00+02:00", "2020-09-28T23:30:00"),
        ("2020-09-28T23:30:00.123456-05:00", "2020-09-28T23:30:00"),
        ("  2020-09-28  ", "2020-09-28"),
    ],
)
def test_publication_dates_are_normalised_to_iso_without_timezone(written: str, expected: str):
    write("a.jsonl", jsonl({"text": "Body.", "published": written}))
    article = read_one("a.jsonl")
    assert article.published == expected
    assert article.warnings == ()


@pytest.mark.parametrize("written", ["2020-13-45", "yesterday", "28/09/2020"])
def test_unreadable_publication_date_is_left_empty_with_a_warning(written: str):
    article = read_one(write("a.txt", f"published: {written}\n\nBody."))
    assert article.published is None
    assert article.warnings == (f"unreadable publication date '{written}', left empty",)


def test_published_option_fills_only_missing_dates():
    write("own.txt", "published: 2020-09-28\n\nBody.")
    write("none.txt", "Body.")
    items = read("own.txt", "none.txt", published="2020-10-01T08:00:00Z")
    assert [item.published for item in items] == ["2020-09-28", "2020-10-01T08:00:00"]


def test_published_option_replaces_an_unreadable_date_and_says_so():
    write("a.jsonl", jsonl({"text": "Body.", "published": "2020-13-45"}))
    article = read_one("a.jsonl", published="2020-09-28")
    assert article.published == "2020-09-28"
    assert article.warnings == (
        "unreadable publication date '2020-13-45', used --published 2020-09-28",
    )


@pytest.mark.parametrize("value", ["yesterday", "2020-02-30", ""])
def test_bad_published_option_raises_at_the_call(value: str):
    with pytest.raises(ValueError, match=f"^--published: cannot read '{value}' as a date$"):
        read_sources(["missing.txt"], published=value)


# --- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_records_become_articles_with_line_locations():
    write(
        "feed.jsonl",
        jsonl(
            {
                "id": "a1",
                "title": "One",
                "published": "2020-09-28",
                "source": "AFP",
                "url": "https://x.org/1",
                "origin": "extra fields are fine",
                "text": "First.\r\nSecond.",
            },
            {"id": 42, "text": "Other."},
        ),
    )
    first, second = read("feed.jsonl")
    assert first == SourceArticle(
        text="First.\nSecond.",
        title="One",
        published="2020-09-28",
        source="AFP",
        url="https://x.org/1",
        path="feed.jsonl:1",
        external_id="a1",
    )
    assert (second.path, second.external_id, second.title) == ("feed.jsonl:2", "42", None)


def test_jsonl_bad_lines_are_problems_and_the_rest_still_loads():
    write(
        "feed.jsonl",
        jsonl(
            {"text": "Good one."},
            '{"text": "unterminated',
            "",
            "[1, 2]",
            {"title": "no text"},
            {"text": "   \n "},
            {"text": 7},
            "   ",
            {"text": "<!DOCTYPE html><html><body>x</body></html>"},
            {"text": "Good two."},
        ),
    )
    items = read("feed.jsonl")
    assert [(item.path, getattr(item, "reason", None)) for item in items] == [
        ("feed.jsonl:1", None),
        ("feed.jsonl:2", "line is not valid JSON: Unterminated string starting at column 10"),
        ("feed.jsonl:4", "line is a JSON array, not an object"),
        ("feed.jsonl:5", "no 'text' field"),
        ("feed.jsonl:6", "empty 'text' field"),
        ("feed.jsonl:7", "'text' field is a JSON number, not a string"),
        ("feed.jsonl:9", f"'text' field: {NO_ARTICLE}"),
        ("feed.jsonl:10", None),
    ]


def test_jsonl_missing_comma_reason_names_the_column():
    write("feed.jsonl", '{"title": "x" "text": "y"}\n')
    assert problem_of("feed.jsonl") == (
        "line is not valid JSON: Expecting ',' delimiter at column 15"
    )


def test_jsonl_wrong_metadata_types_are_ignored_with_warnings():
    write("feed.jsonl", jsonl({"text": "Body.", "title": ["x"], "id": {"a": 1}}))
    article = read_one("feed.jsonl")
    assert (article.title, article.external_id) == (None, None)
    assert article.warnings == (
        "'title' field is a JSON array, ignored",
        "'id' field is a JSON object, ignored",
    )


def test_jsonl_last_line_without_newline_and_crlf_lines():
    write("feed.jsonl", '{"text": "One."}\r\n\r\n{"text": "Two."}')
    assert [item.path for item in read("feed.jsonl")] == ["feed.jsonl:1", "feed.jsonl:3"]


def test_jsonl_with_only_blank_lines_is_empty():
    assert problem_of(write("feed.jsonl", "\n  \n\n")) == "empty file"


def test_jsonl_line_over_the_limit_is_skipped_and_numbering_continues(monkeypatch):
    monkeypatch.setattr(sources, "MAX_JSONL_LINE_BYTES", 64)
    write(
        "feed.jsonl",
        jsonl({"text": "Short."}, {"text": "x" * 500}, {"text": "Also short."}),
    )
    items = read("feed.jsonl")
    assert [(item.path, getattr(item, "reason", None)) for item in items] == [
        ("feed.jsonl:1", None),
        ("feed.jsonl:2", "line is longer than the 64 B limit"),
        ("feed.jsonl:3", None),
    ]


def test_jsonl_is_read_in_bounded_chunks(monkeypatch):
    sizes = []

    class CheckedFile(io.FileIO):
        def read(self, size: int = -1) -> bytes:
            sizes.append(size)
            return super().read(size)

    monkeypatch.setattr(sources, "open", lambda path, *_, **__: CheckedFile(path), raising=False)
    write("feed.jsonl", jsonl(*({"text": f"Article {n}."} for n in range(3000))))
    assert len(read("feed.jsonl")) == 3000
    # Never "read everything": a 1 GB feed must stream.
    assert sizes and all(0 < size <= 1 << 20 for size in sizes)


def test_jsonl_not_utf8_line_is_read_as_cp1252_with_a_warning():
    write("feed.jsonl", b'{"text": "\x93Quoted,\x94 said Jos\xe9."}\n{"text": "Fine."}\n')
    first, second = read("feed.jsonl")
    assert first.text == "\u201cQuoted,\u201d said José."
    assert first.warnings == ("not valid UTF-8: 3 bytes read as Windows-1252",)
    assert second.warnings == ()


def test_jsonl_in_utf16_and_with_a_utf8_bom():
    lines = jsonl({"text": "Erdoğan spoke."}, {"text": "Then left."})
    write("u16.jsonl", lines.encode("utf-16"))
    write("bom.jsonl", b"\xef\xbb\xbf" + lines.encode("utf-8"))
    for name in ("u16.jsonl", "bom.jsonl"):
        items = read(name)
        assert [(item.path, item.text) for item in items] == [
            (f"{name}:1", "Erdoğan spoke."),
            (f"{name}:2", "Then left."),
        ]


def test_jsonl_c1_controls_are_read_as_windows_1252_punctuation():
    write("feed.jsonl", jsonl({"text": "PROCTOR \u0097 Two said \u0093no.\u0094"}))
    article = read_one("feed.jsonl")
    assert article.text == "PROCTOR \u2014 Two said \u201cno.\u201d"
    assert article.warnings == ("3 C1 control characters read as Windows-1252",)


# --- directories --------------------------------------------------------------------------------


def test_directory_is_walked_depth_first_in_name_order_skipping_what_is_not_an_article():
    for name in [
        "news/b.txt",
        "news/a.md",
        "news/a.meta.toml",
        "news/sides.toml",
        "news/sub/z.txt",
        "news/sub/deeper/y.txt",
        "news/c.jsonl",
        "news/image.png",
        "news/notes.rtf",
        "news/.hidden.txt",
        "news/.git/HEAD.txt",
        "news/10.txt",
        "news/2.txt",
    ]:
        write(name, jsonl({"text": name}) if name.endswith(".jsonl") else f"Text of {name}.")
    items = read("news")
    assert [item.path for item in items] == [
        "news/10.txt",
        "news/2.txt",
        "news/a.md",
        "news/b.txt",
        "news/c.jsonl:1",
        "news/sub/deeper/y.txt",
        "news/sub/z.txt",
    ]
    assert all(isinstance(item, SourceArticle) for item in items)


def test_directory_paths_are_shown_as_given_and_dot_is_dropped():
    write("a.txt", "Body.")
    write("sub/b.txt", "Body.")
    assert [item.path for item in read(".")] == ["a.txt", "sub/b.txt"]
    assert [item.path for item in read("sub/")] == ["sub/b.txt"]


def test_directory_symlink_loop_is_walked_once():
    write("d/a.txt", "Body.")
    os.symlink("..", "d/loop")
    assert [item.path for item in read("d")] == ["d/a.txt"]


def test_bad_files_in_a_directory_do_not_stop_the_others():
    write("d/a.txt", "Body.")
    write("d/b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write("d/c.txt", "")
    assert [(item.path, getattr(item, "reason", None)) for item in read("d")] == [
        ("d/a.txt", None),
        ("d/b.txt", "binary file (PNG image), not text"),
        ("d/c.txt", "empty file"),
    ]


def test_missing_path_is_a_problem_and_the_rest_still_loads():
    write("a.txt", "Body.")
    items = read("nope.txt", "a.txt")
    assert items[0] == SourceProblem("nope.txt", "no such file or directory")
    assert isinstance(items[1], SourceArticle)


def test_explicit_file_with_another_extension_is_read_as_text_or_json_lines():
    write("article", "title: T\n\nBody.")
    write("feed.ndjson", jsonl({"text": "One."}))
    write("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF")
    items = read("article", "feed.ndjson", "photo.jpg")
    assert [(item.path, getattr(item, "text", None)) for item in items] == [
        ("article", "Body."),
        ("feed.ndjson:1", "One."),
        ("photo.jpg", None),
    ]
    assert items[2].reason == "binary file (JPEG image), not text"


# --- stdin --------------------------------------------------------------------------------------


def test_stdin_text_with_header():
    stdin = io.StringIO("title: Piped\n\nBody from a pipe.\n")
    article = read_one("-", stdin=stdin)
    assert (article.path, article.title, article.text) == ("<stdin>", "Piped", "Body from a pipe.")


def test_stdin_bytes_are_decoded_like_a_file():
    stdin = io.BytesIO(b"\xef\xbb\xbfSaid \x93yes\x94.\r\n")
    article = read_one("-", stdin=stdin)
    assert article.text == "Said \u201cyes\u201d."
    assert article.warnings == ("not valid UTF-8: 2 bytes read as Windows-1252",)


def test_stdin_starting_with_a_brace_is_json_lines():
    stdin = io.BytesIO(b"\n  " + jsonl({"text": "One."}, "oops", {"text": "Two."}).encode())
    items = read("-", stdin=stdin)
    assert [(item.path, getattr(item, "reason", None)) for item in items] == [
        ("<stdin>:2", None),
        ("<stdin>:3", "line is not valid JSON: Expecting value at column 1"),
        ("<stdin>:4", None),
    ]


def test_stdin_json_lines_longer_than_the_sniffed_head(monkeypatch):
    monkeypatch.setattr(sources, "HEAD_BYTES", 16)
    stdin = io.StringIO(jsonl(*({"text": f"Article number {n}."} for n in range(50))))
    items = read("-", stdin=stdin)
    assert [item.text for item in items] == [f"Article number {n}." for n in range(50)]


def test_stdin_empty_and_over_the_limit(monkeypatch):
    assert problem_of("-", stdin=io.BytesIO(b"")) == "empty input"
    assert problem_of("-", stdin=io.StringIO(" \n\t\n")) == "empty input"
    monkeypatch.setattr(sources, "MAX_ARTICLE_BYTES", 100)
    assert problem_of("-", stdin=io.StringIO("x" * 101)) == (
        "input is larger than the 100 B limit for one article"
    )


# --- encodings and newlines ---------------------------------------------------------------------


def test_utf8_bom_is_removed():
    assert read_one(write("a.txt", b"\xef\xbb\xbftitle: T\n\nBody.")).title == "T"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding: str):
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    article = read_one(write("a.txt", bom + "title: T\n\nErdoğan said “no”.\n".encode(encoding)))
    assert (article.title, article.text, article.warnings) == ("T", "Erdoğan said “no”.", ())


def test_truncated_utf16_is_read_with_a_replacement_and_a_warning():
    article = read_one(write("a.txt", "Erdoğan".encode("utf-16") + b"\x00"))
    assert article.text == "Erdoğan\ufffd"
    assert article.warnings == ("invalid utf-16 data replaced by U+FFFD",)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_known_by_its_nul_bytes(encoding: str):
    text = "title: T\n\n“Non,” said José Müller in Erdoğan’s presence.\n"
    article = read_one(write("a.txt", text.encode(encoding)))
    assert (article.title, article.text, article.warnings) == (
        "T",
        "“Non,” said José Müller in Erdoğan’s presence.",
        (),
    )


def test_utf16_json_lines_without_bom():
    write(
        "feed.jsonl", jsonl({"text": "Erdoğan spoke."}, {"text": "Then left."}).encode("utf-16-le")
    )
    assert [item.text for item in read("feed.jsonl")] == ["Erdoğan spoke.", "Then left."]


def test_windows_1252_curly_quotes_and_accents():
    article = read_one(write("a.txt", "“Non,” said José Müller – 5 €.".encode("cp1252")))
    assert article.text == "“Non,” said José Müller – 5 €."
    assert article.warnings == ("not valid UTF-8: 6 bytes read as Windows-1252",)


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1():
    article = read_one(write("a.txt", b"Caf\xe9 \x81 \x93ok\x94" + b" plenty of text" * 20))
    assert article.text.startswith("Café \x81 “ok”")


def test_mixed_utf8_and_windows_1252_reads_each_part_right():
    data = "Erdoğan said ".encode() + "“yes”".encode("cp1252")
    assert read_one(write("a.txt", data)).text == "Erdoğan said “yes”"


def test_crlf_and_cr_newlines_become_lf():
    article = read_one(write("a.txt", b"title: T\r\n\r\nOne.\r\nTwo.\rThree.\r\n"))
    assert (article.title, article.text) == ("T", "One.\nTwo.\nThree.")


# --- bad input ----------------------------------------------------------------------------------


def _zip_bytes(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<xml/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (gzip.compress(b"{}"), "gzip archive"),
        (b"SQLite format 3\x00\x10\x00", "SQLite database"),
        (_zip_bytes("notes.txt"), "ZIP archive"),
        (_zip_bytes("word/document.xml"), "Word document, DOCX"),
        (_zip_bytes("xl/workbook.xml"), "Excel workbook, XLSX"),
    ],
)
def test_binary_files_are_named_by_their_magic_number(content: bytes, kind: str):
    assert problem_of(write("a.txt", content)) == f"binary file ({kind}), not text"


def test_gzipped_json_lines_is_binary_not_a_stream_of_bad_lines():
    write("feed.jsonl", gzip.compress(jsonl({"text": "x"}).encode()))
    assert problem_of("feed.jsonl") == "binary file (gzip archive), not text"


def test_nul_bytes_mean_binary():
    assert problem_of(write("a.txt", b"some text\x00\x01\x02more")) == "binary file, not text"


def test_a_file_of_nul_bytes_is_binary():
    assert problem_of(write("a.txt", bytes(4096))) == "binary file, not text"


def test_a_stray_nul_in_text_is_removed_with_a_warning():
    body = "Armenia accused Azerbaijan of shelling Stepanakert. " * 40
    article = read_one(write("a.txt", (body[:500] + "\x00" + body[500:]).encode()))
    assert article.text == body.rstrip()
    assert article.warnings == ("1 NUL character removed",)


def test_nul_padding_a_crash_left_at_the_end_is_removed():
    # A file being written when the machine went down: its last blocks read back as NULs.
    article = read_one(write("a.txt", b"title: T\n\nThe talks resumed." + bytes(3000)))
    assert (article.title, article.text) == ("T", "The talks resumed.")
    assert article.warnings == ("3000 NUL characters removed",)


def test_nul_past_the_sniffed_head_is_removed_too():
    body = "word " * 4000
    article = read_one(write("a.txt", body.encode() + b"\x00\x00" + b"end."))
    assert article.text == body + "end."
    assert "\x00" not in article.text


def test_nul_in_json_lines_text_and_title_is_removed():
    write("feed.jsonl", jsonl({"title": "Ti\u0000tle", "text": "Talks\u0000 resumed."}))
    article = read_one("feed.jsonl")
    assert (article.title, article.text) == ("Title", "Talks resumed.")
    assert article.warnings == ("1 NUL character removed",)


@pytest.mark.parametrize("content", ["", "   \n\n\t  \r\n"])
def test_empty_and_whitespace_only_files(content: str):
    assert problem_of(write("a.txt", content)) == "empty file"


@pytest.mark.parametrize(
    "content",
    [
        "<!DOCTYPE html>\n<html><body>Article</body></html>",
        "\n   <HTML lang='en'>\n<p>x</p>",
        '<?xml version="1.0"?>\n<!doctype HTML>\n<html>',
        "<!-- saved from url -->\n<html>\n",
    ],
)
def test_html_pages_without_an_article_are_refused(content: str):
    assert problem_of(write("a.txt", content)) == NO_ARTICLE


PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Clashes resume | Ledger</title>\n"
    '<meta property="og:title" content="Clashes resume">\n'
    '<meta property="article:published_time" content="2020-09-28T09:15:00+04:00">\n'
    '<meta property="og:site_name" content="The Ledger">\n'
    '<link rel="canonical" href="https://ledger.example/clashes">\n'
    "<script>var x = '<p>not text</p>';</script></head>\n"
    '<body><nav><a href="/">Home</a></nav><article><h1>Clashes resume</h1>\n'
    "<p>Armenia accused Azerbaijan of shelling Stepanakert on Sunday night.</p>\n"
    "<p>&ldquo;We will respond,&rdquo; the ministry&nbsp;said.</p></article>\n"
    "<footer>&copy; The Ledger</footer></body></html>\n"
)
PAGE_TEXT = (
    "Armenia accused Azerbaijan of shelling Stepanakert on Sunday night.\n\n"
    "\u201cWe will respond,\u201d the ministry said."
)


@pytest.mark.parametrize("name", ["a.html", "a.htm", "a.txt", "a.jsonl", "a"])
def test_a_saved_page_gives_its_article_text_and_metadata(name: str):
    article = read_one(write(name, PAGE))
    assert article.text == PAGE_TEXT
    assert (article.title, article.published, article.source, article.url) == (
        "Clashes resume",
        "2020-09-28T09:15:00",
        "The Ledger",
        "https://ledger.example/clashes",
    )
    assert article.warnings == ()


def test_html_files_are_found_in_directories():
    write("d/a.html", PAGE)
    write("d/b.htm", PAGE)
    write("d/c.css", "p { color: red }")
    assert [item.path for item in read("d")] == ["d/a.html", "d/b.htm"]


def test_a_sidecar_wins_over_the_page_metadata():
    write("a.html", PAGE)
    write("a.meta.toml", 'title = "Shelling of Stepanakert"\n')
    article = read_one("a.html")
    assert (article.title, article.source) == ("Shelling of Stepanakert", "The Ledger")


def test_a_page_in_a_declared_charset_is_read_in_it():
    page = (
        '<html><head><meta charset="windows-1251"><title>Бои</title></head><body>'
        "<p>Министерство обороны Армении сообщило, что бои шли всю ночь.</p></body></html>"
    )
    article = read_one(write("a.html", page.encode("cp1251")))
    assert article.text == "Министерство обороны Армении сообщило, что бои шли всю ночь."
    assert article.warnings == ()


def test_a_page_in_json_lines_gives_its_text_and_fills_missing_fields():
    write("feed.jsonl", jsonl({"id": "x1", "title": "Own title", "text": PAGE}))
    (article,) = read("feed.jsonl")
    assert article.text == PAGE_TEXT
    assert (article.title, article.published, article.source) == (
        "Own title",
        "2020-09-28T09:15:00",
        "The Ledger",
    )


def test_html_saved_as_json_lines_is_one_problem_not_one_per_line():
    write("feed.jsonl", "<!doctype html>\n<html>\n<body>\n</body>\n</html>\n")
    assert read("feed.jsonl") == [SourceProblem("feed.jsonl", NO_ARTICLE)]


@pytest.mark.parametrize(
    ("content", "text", "title"),
    [
        (
            "<p>Armenia accused Azerbaijan of shelling Stepanakert.</p>\n<p>Two were killed.</p>",
            "Armenia accused Azerbaijan of shelling Stepanakert.\n\nTwo were killed.",
            None,
        ),
        (
            '<div class="story"><h1>Clashes</h1><p>Fighting resumed on Monday.</p><br/></div>',
            "Fighting resumed on Monday.",
            "Clashes",
        ),
        (
            "Clashes resume<br>\n<p>Fighting resumed.</p><p>Talks failed.</p><p>More.</p>",
            "Clashes resume\n\nFighting resumed.\n\nTalks failed.\n\nMore.",
            None,
        ),
    ],
)
def test_text_marked_up_throughout_with_html_gives_its_text(
    content: str, text: str, title: str | None
):
    article = read_one(write("a.txt", content))
    assert (article.text, article.title) == (text, title)


def test_a_header_block_before_an_html_fragment_still_gives_the_metadata():
    article = read_one(write("a.txt", "title: Shelling\n\n<p>One &amp; two.</p><p>Three.</p>"))
    assert (article.title, article.text) == ("Shelling", "One & two.\n\nThree.")


def test_a_header_block_before_a_saved_page_wins_over_its_metadata():
    article = read_one(write("a.txt", "title: Shelling\npublished: 2020-09-29\n\n" + PAGE))
    assert (article.title, article.published, article.source, article.text) == (
        "Shelling",
        "2020-09-29",
        "The Ledger",
        PAGE_TEXT,
    )


def test_html_markup_without_text_is_refused():
    assert problem_of(write("a.txt", '<div><p> </p><br><img src="x.png"><p></p></div>')) == (
        "HTML markup without text"
    )


def test_json_lines_text_marked_up_with_html_gives_its_text_line_by_line():
    write("feed.jsonl", jsonl({"text": "<p>One.</p><p>Two.</p>"}, {"text": "Plain <b>bold</b>."}))
    first, second = read("feed.jsonl")
    assert first.text == "One.\n\nTwo."
    assert second.text == "Plain <b>bold</b>."


def test_text_that_quotes_a_few_tags_is_an_article():
    text = (
        "The leaked memo was a web page: every paragraph sat between <p> and </p>, the title in "
        "<h1>, and a <script> tag loaded a tracker.\n\n"
        + "Officials in Yerevan and Baku declined to comment on the memo on Monday. "
        * 30
    )
    assert read_one(write("a.txt", text)).text == text.rstrip()


def test_text_that_only_mentions_html_is_an_article():
    text = "The leaked page began with <html> and an <!DOCTYPE html> line."
    assert read_one(write("a.txt", text)).text == text


def test_text_full_of_control_characters_is_refused():
    reason = problem_of(write("a.txt", "\x1b[31mred\x1b[0m " * 50))
    assert reason.startswith("control characters throughout (")


def test_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(sources, "MAX_ARTICLE_BYTES", 1024)
    write("big.txt", "word " * 300)
    write("small.txt", "word " * 200)
    big, small = read("big.txt", "small.txt")
    assert big == SourceProblem("big.txt", "file is larger than the 1 KB limit for one article")
    assert isinstance(small, SourceArticle)


def test_a_50_mb_file_is_refused_from_its_size_without_being_read(monkeypatch):
    read_sizes = []

    class CountingFile(io.FileIO):
        def read(self, size: int = -1) -> bytes:
            data = super().read(size)
            read_sizes.append(len(data))
            return data

    monkeypatch.setattr(sources, "open", lambda path, *_, **__: CountingFile(path), raising=False)
    with open("big.txt", "wb") as big:
        big.write(b"Armenia accused Azerbaijan of shelling Stepanakert. " * 200)
        # Sparse: the test writes no 50 MB, and the reader must not read them either.
        big.truncate(50 * 1024 * 1024)
    assert problem_of("big.txt") == "file is larger than the 20 MB limit for one article"
    assert sum(read_sizes) <= sources.HEAD_BYTES


class _EndlessText(io.RawIOBase):
    """A pipe that never ends: prose for as long as it is read, counting what was read."""

    def __init__(self) -> None:
        super().__init__()
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        line = b"Fighting resumed along the line of contact on Monday. "
        chunk = (line * (len(buffer) // len(line) + 1))[: len(buffer)]
        buffer[: len(chunk)] = chunk
        self.given += len(chunk)
        return len(chunk)


def test_endless_stdin_is_refused_after_the_limit(monkeypatch):
    monkeypatch.setattr(sources, "MAX_ARTICLE_BYTES", 1 << 20)
    stdin = _EndlessText()
    assert problem_of("-", stdin=stdin) == "input is larger than the 1 MB limit for one article"
    assert stdin.given <= (1 << 20) + sources.HEAD_BYTES + 1


def test_default_limits_are_twenty_megabytes():
    assert sources.MAX_ARTICLE_BYTES == sources.MAX_JSONL_LINE_BYTES == 20 * 1024 * 1024


# --- count_candidates and the corpus ------------------------------------------------------------


def test_count_candidates_counts_files_and_json_lines():
    write("d/a.txt", "x")
    write("d/b.md", "x")
    write("d/skip.png", b"\x89PNG")
    write("d/feed.jsonl", jsonl({"text": "1"}, "", {"text": "2"}, "  ", {"text": "3"}))
    write("tail.jsonl", '{"text": "1"}\n{"text": "2"}')
    assert count_candidates(["d", "tail.jsonl", "missing.txt"]) == 2 + 3 + 2 + 1
    assert count_candidates(["d", "-"]) is None


def test_count_candidates_matches_what_is_read():
    write("d/a.txt", "x")
    write("d/feed.jsonl", jsonl({"text": "1"}, "{bad", {"text": "3"}))
    assert count_candidates(["d"]) == len(read("d")) == 4


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
def test_shared_corpus_reads_without_problems():
    items = list(read_sources([str(CORPUS)]))
    assert len(items) == count_candidates([str(CORPUS)]) == 4271
    assert all(isinstance(item, SourceArticle) and item.published for item in items)
