"""Reading articles from files, directories, JSON Lines and stdin: bytes in, plain text out.

This module only reads. Each input becomes a ``SourceArticle`` or a ``SourceProblem`` (a one-line
reason the rest of a batch can carry on past); nothing here touches the database or extraction.

Decisions a caller may rely on:

- ``SourceArticle.text`` is what character offsets index: the BOM is removed, ``\\r\\n`` and
  ``\\r`` become ``\\n``, NUL characters are removed with a warning (a stray one, or the NUL
  padding a crash leaves at the end of a file, would cut the text short for SQLite's C API and
  every tool built on it), a lone surrogate a JSON escape made becomes U+FFFD, leading blank
  lines and trailing whitespace are trimmed, nothing else changes. The same rules apply to
  every kind of input, so the same article gives the same text.
- Metadata of a ``.txt``/``.md`` file comes from its sidecar ``NAME.meta.toml``, then from its
  header block, which overrides the sidecar key by key (the header travels with the text; a
  warning names any value it overrides), then from ``--published`` for a missing date.
- A header block starts on the first line with one of ``title``, ``published``, ``source``,
  ``url`` (any case) and runs to the first blank line; every line in it must look like
  ``key: value``, or the file has no header. Other keys there or in a sidecar are ignored with a
  warning (a misspelt ``publised`` should not vanish silently); JSON Lines may carry any extra
  fields.
- Publication dates are ISO dates or datetimes and come out as ``YYYY-MM-DD`` or
  ``YYYY-MM-DDTHH:MM:SS``. A timezone suffix (``Z``, ``+02:00``) is dropped and the clock time
  kept as written: it is the publisher's local time, the day that "on Monday" in the text is
  counted from, and converting to UTC could move it to another day. Fractions of a second are
  dropped.
- Encodings are detected per file: a UTF-16 or UTF-32 BOM decides; UTF-16 without one is known
  by the NUL in every other byte that text in Latin script has; otherwise UTF-8 (with or
  without BOM), where any byte that is not valid UTF-8 is read as Windows-1252 (and the five
  bytes Windows-1252 leaves undefined as Latin-1, as browsers do), so a file pasted together
  from two sources still reads right. C1 control characters in decoded text (Windows-1252
  punctuation that went through Latin-1 upstream, common in scraped feeds) become their
  Windows-1252 characters, one for one. NUL bytes in the first ``HEAD_BYTES`` among more than
  ``MAX_CONTROL_SHARE`` control bytes (NUL padding at the end set aside) mean binary data. The
  standard library does all of this; a detection library would only guess among encodings news
  files do not use.
- HTML is read for its article text (see ``store.html_text``), never loaded as tag soup: a
  saved page (a doctype or ``<html>`` at the start, or a ``.html``/``.htm`` file) gives the
  text of its article, and its title, date, site name and canonical URL (a sidecar's or the
  JSON Lines record's own fields win over the page's); text marked up throughout with the tags of
  article markup (``<p>``, ``<div>``, ...) is a fragment, and gives its text. The extracted
  text is the article's text, the one offsets index. A page without article text (a front
  page, an app shell) is refused with the reason. A page whose bytes are not UTF-8 is read in
  the charset its ``<meta>`` names. Text that only mentions a few tags is prose.
- One article is at most ``MAX_ARTICLE_BYTES``: a larger file is refused from its size, before
  it is read; JSON Lines are streamed line by line, each line at most ``MAX_JSONL_LINE_BYTES``.
- Inside directories only ``.txt``, ``.md``, ``.jsonl``, ``.html`` and ``.htm`` files are read,
  in sorted name order, depth first, skipping hidden entries; a file named explicitly is read
  whatever its extension, and one with another extension is JSON Lines if it starts with ``{``
  (like stdin), else text.
  Sidecars and ``sides.toml`` are never read as articles, even when named explicitly, so that
  ``eventscope load seeds/*`` does the right thing.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, AnyStr, BinaryIO, TextIO

from store.html_text import declared_charset, extract_html

# Limits that keep one enormous input from exhausting memory; tests patch them small.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
MAX_JSONL_LINE_BYTES = 20 * 1024 * 1024
# How much of an input is looked at to tell text from binary data and JSON Lines from text.
HEAD_BYTES = 8192
# An article where more than this share of characters are control characters is not text.
MAX_CONTROL_SHARE = 0.01
# Markup throughout: at least this many tags, and one in this many characters or more. A news
# paragraph of about 400 characters in HTML has two (<p> and </p>).
MIN_MARKUP_TAGS = 4
MARKUP_CHARS_PER_TAG = 500

METADATA_KEYS = ("title", "published", "source", "url")
ARTICLE_EXTENSIONS = {
    ".txt": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
}
SIDECAR_SUFFIX = ".meta.toml"
SIDES_FILE = "sides.toml"
STDIN_PATH = "<stdin>"

_READ_CHUNK = 1 << 20

_BOMS = (
    # UTF-32 first: its little-endian BOM begins with UTF-16's. A UTF-8 BOM is not here: UTF-8
    # is read anyway, and the BOM is dropped from the decoded text.
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
    # A database given to `load` by mistake, most likely an eventscope one.
    (b"SQLite format 3\x00", "SQLite database"),
)
# Office Open XML files are ZIP archives; the name of a member near the start tells which.
_ZIP_MEMBERS = ((b"word/", "Word document, DOCX"), (b"xl/", "Excel workbook, XLSX"))

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
# Tags of the elements article markup is made of, with or without attributes.
_HTML_TAG = re.compile(
    r"</?(?:a|article|aside|b|blockquote|body|br|div|em|figcaption|figure|footer|h[1-6]|head|"
    r"header|i|iframe|img|li|link|main|meta|nav|noscript|ol|p|script|section|small|span|strong|"
    r"style|sub|sup|table|td|th|time|tr|ul)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# C0 and C1 controls other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# The same C0 controls as bytes, before decoding (C1 bytes are Windows-1252 letters there).
_CONTROL_BYTE = re.compile(b"[\x00-\x08\x0e-\x1f\x7f]")
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t\f\v]*\n)+")
_HEADER_LINE = re.compile(r"([A-Za-z][\w-]{0,30})[ \t]*:[ \t]*(.*)")
# Bytes the UTF-8 decoder could not read, as `surrogateescape` leaves them.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# JSON may escape half a surrogate pair ("\\ud800"), which no UTF-8 text (or SQLite) can hold.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_CP1252_FOR_ESCAPED = {chr(0xDC00 + byte): _cp1252_char(byte) for byte in range(0x80, 0x100)}
_C1_AS_CP1252 = str.maketrans({chr(code): _cp1252_char(code) for code in range(0x80, 0xA0)})
_JSON = json.JSONDecoder(strict=False)


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """One article read from an input, ready for extraction."""

    text: str
    """The body offsets index: no BOM, ``\\n`` newlines, trimmed of blank lines at both ends."""
    title: str | None
    published: str | None
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``, local time as published, no timezone."""
    source: str | None
    url: str | None
    path: str
    """Where it came from: ``dir/a.txt``, ``feed.jsonl:17`` or ``<stdin>``."""
    external_id: str | None
    """The ``id`` of a JSON Lines record."""
    warnings: tuple[str, ...] = ()
    """One-line notes about things that did not stop the article."""


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """An input that gave no article, with a one-line reason."""

    path: str
    reason: str


SourceItem = SourceArticle | SourceProblem


@dataclass(frozen=True, slots=True)
class _Candidate:
    """An input to read: ``kind`` is text, jsonl, sniff (decide from content) or problem."""

    display: str
    path: str | None
    kind: str
    reason: str = ""


def read_sources(
    paths: Sequence[str],
    *,
    published: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[SourceItem]:
    """Read articles from files, directories, JSON Lines files and ``-`` (stdin), in order.

    Args:
        paths: what the user named; directories are walked recursively.
        published: the ``--published`` date for articles that have none of their own.
        stdin: the stream ``-`` reads (text or bytes); ``sys.stdin`` by default.

    Returns:
        An iterator giving a ``SourceArticle`` or ``SourceProblem`` per article or bad input.
        JSON Lines are streamed, so memory stays bounded whatever their size.

    Raises:
        ValueError: ``published`` is not an ISO date or datetime (raised at the call, before
            anything is read).
    """
    default = None
    if published is not None:
        default = _normalise_date(published)
        if default is None:
            raise ValueError(f"--published: cannot read {published!r} as a date")
    return _read_all(paths, default, stdin)


def count_candidates(paths: Sequence[str]) -> int | None:
    """Estimate how many items ``read_sources`` will give, for a progress bar's total.

    Counts one per file and one per non-blank line of a JSON Lines file, reading those files in
    chunks without parsing them.

    Returns:
        The estimate, or None when stdin is among the paths (its size is unknown).
    """
    if any(os.fspath(path) == "-" for path in paths):
        return None
    total = 0
    for candidate in _candidates(paths):
        if candidate.kind == "jsonl" and candidate.path is not None:
            total += _count_nonblank_lines(candidate.path)
        else:
            total += 1
    return total


def _read_all(
    paths: Sequence[str], default: str | None, stdin: TextIO | BinaryIO | None
) -> Iterator[SourceItem]:
    for candidate in _candidates(paths):
        if candidate.kind == "problem":
            yield SourceProblem(candidate.display, candidate.reason)
            continue
        try:
            if candidate.path is None:
                yield from _read_stdin(stdin, default)
            else:
                yield from _read_file(candidate.path, candidate.display, candidate.kind, default)
        except (OSError, UnicodeError) as error:
            yield SourceProblem(candidate.display, f"cannot read: {_describe(error)}")


def _describe(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) and error.strerror else str(error)).lower()


# --- finding inputs ---------------------------------------------------------------------------


def _candidates(paths: Sequence[str]) -> Iterator[_Candidate]:
    for given in paths:
        path = os.fspath(given)
        if path == "-":
            yield _Candidate(STDIN_PATH, None, "sniff")
            continue
        try:
            info = os.stat(path)
        except FileNotFoundError:
            yield _Candidate(path, None, "problem", "no such file or directory")
            continue
        except OSError as error:
            yield _Candidate(path, None, "problem", f"cannot read: {_describe(error)}")
            continue
        if stat.S_ISDIR(info.st_mode):
            root = os.path.normpath(path)
            yield from _walk(path, "" if root == "." else root, {(info.st_dev, info.st_ino)})
        elif not _is_metadata_file(os.path.basename(path)):
            kind = ARTICLE_EXTENSIONS.get(os.path.splitext(path)[1].lower(), "sniff")
            yield _Candidate(path, path, kind)


def _walk(directory: str, display: str, seen: set[tuple[int, int]]) -> Iterator[_Candidate]:
    """Article files under ``directory``, depth first in name order; ``seen`` stops link loops."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield _Candidate(display or ".", None, "problem", f"cannot read: {_describe(error)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        shown = os.path.join(display, entry.name)
        try:
            if entry.is_dir():
                info = entry.stat()
                if (info.st_dev, info.st_ino) not in seen:
                    seen.add((info.st_dev, info.st_ino))
                    yield from _walk(entry.path, shown, seen)
                continue
            is_file = entry.is_file()
        except OSError as error:
            yield _Candidate(shown, None, "problem", f"cannot read: {_describe(error)}")
            continue
        kind = ARTICLE_EXTENSIONS.get(os.path.splitext(entry.name)[1].lower())
        if is_file and kind and not _is_metadata_file(entry.name):
            yield _Candidate(shown, entry.path, kind)


def _is_metadata_file(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(SIDECAR_SUFFIX) or lowered == SIDES_FILE


def _count_nonblank_lines(path: str) -> int:
    count = 0
    blank = True
    try:
        with open(path, "rb") as file:
            # Bounded reads: one enormous line must not be held in memory just to be counted.
            while chunk := file.readline(_READ_CHUNK):
                blank = blank and chunk.isspace()
                if chunk.endswith(b"\n"):
                    count += not blank
                    blank = True
    except OSError:
        return 1
    return count + (not blank)


# --- reading one input ------------------------------------------------------------------------


class _PrefixedReader(io.RawIOBase):
    """A raw stream giving ``head`` and then what ``read`` returns.

    The first bytes of a pipe are read to choose how to read it, and cannot be put back.
    """

    def __init__(self, head: bytes, read: Callable[[int], bytes]) -> None:
        super().__init__()
        self._pending = head
        self._read = read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self._pending:
            self._pending = self._read(len(buffer))
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _read_file(path: str, display: str, kind: str, default: str | None) -> Iterator[SourceItem]:
    with open(path, "rb", buffering=0) as raw:
        info = os.fstat(raw.fileno())
        # Pipes and devices (`load <(zcat feed.jsonl.gz)`) have no size to check in advance.
        size = info.st_size if stat.S_ISREG(info.st_mode) else None
        yield from _read_stream(display, raw.read, kind, default, size=size, file=path)


def _read_stdin(stdin: TextIO | BinaryIO | None, default: str | None) -> Iterator[SourceItem]:
    if stdin is None:
        if sys.stdin is None:
            yield SourceProblem(STDIN_PATH, "no standard input")
            return
        stdin = sys.stdin.buffer
    stream = stdin
    if isinstance(stream.read(0), str):

        def read(size: int) -> bytes:
            # Already decoded: back to UTF-8, so that one code path reads every input.
            return stream.read(size).encode("utf-8", "replace")

    else:
        read = stream.read  # type: ignore[assignment]
    yield from _read_stream(STDIN_PATH, read, "sniff", default, noun="input")


def _read_stream(
    display: str,
    read: Callable[[int], bytes],
    kind: str,
    default: str | None,
    *,
    size: int | None = None,
    file: str | None = None,
    noun: str = "file",
) -> Iterator[SourceItem]:
    head = _read_upto(read, HEAD_BYTES)
    encoding, reason = _sniff(head, noun)
    if reason is not None:
        yield SourceProblem(display, reason)
        return
    head_text = head.decode(encoding or "utf-8", "ignore")
    # A saved page is one article whatever its name says: never JSON Lines, one per line.
    if _HTML_START.match(head_text):
        kind = "html"
    elif kind == "sniff":
        kind = "jsonl" if head_text.lstrip("\ufeff \t\r\n").startswith("{") else "text"
    if kind == "jsonl":
        yield from _read_jsonl(display, head, read, encoding, default, noun)
        return
    limit = MAX_ARTICLE_BYTES
    too_large = SourceProblem(
        display, f"{noun} is larger than the {_size_text(limit)} limit for one article"
    )
    if size is not None and size > limit:
        yield too_large
        return
    data = head + _read_upto(read, limit + 1 - len(head))
    if len(data) > limit:
        yield too_large
        return
    declared = declared_charset(head) if kind == "html" and encoding is None else None
    text, note = _decode(data, encoding, declared)
    yield _text_article(
        display, text, [note] if note else [], default, file, noun, html=kind == "html"
    )


def _read_upto(read: Callable[[int], bytes], size: int) -> bytes:
    """Up to ``size`` bytes: a pipe may give fewer than asked before its end."""
    parts = []
    remaining = size
    while remaining > 0 and (part := read(remaining)):
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _sniff(head: bytes, noun: str) -> tuple[str | None, str | None]:
    """The encoding a BOM fixes (or None), and why the input is not text (or None)."""
    if not head:
        return None, f"empty {noun}"
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, None
    for magic, name in _MAGIC_NUMBERS:
        if head.startswith(magic):
            if magic.startswith(b"PK"):
                name = next((kind for member, kind in _ZIP_MEMBERS if member in head), name)
            return None, f"binary {noun} ({name}), not text"
    if b"\x00" in head:
        encoding = _utf16_without_bom(head)
        if encoding is not None:
            return encoding, None
        # NUL padding at the end is what a crash leaves in a file that was being written; a NUL
        # or two among text are stray. Binary data has control bytes throughout.
        content = head.rstrip(b"\x00")
        if not content or len(_CONTROL_BYTE.findall(content)) > len(content) * MAX_CONTROL_SHARE:
            return None, f"binary {noun}, not text"
    return None, None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text without a BOM, or None.

    Text mostly in Latin script has a NUL in every other byte in UTF-16, and almost never in
    the bytes between; binary data rarely keeps to that.
    """
    even, odd = head[0::2], head[1::2]
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) * 2 >= len(zeros) and others.count(0) * 100 <= len(others):
            return encoding
    return None


def _decode(
    data: bytes, encoding: str | None, declared: str | None = None
) -> tuple[str, str | None]:
    """Text and a warning when the bytes were not cleanly in the expected encoding.

    ``declared`` is the charset an HTML page names, used when the bytes are not UTF-8 (a page
    re-saved as UTF-8 often keeps its old declaration).
    """
    if encoding is not None:
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError:
            return data.decode(encoding, "replace"), f"invalid {encoding} data replaced by U+FFFD"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        if declared is not None:
            return _decode(data, declared)
    text, count = _ESCAPED_BYTE.subn(
        lambda match: _CP1252_FOR_ESCAPED[match.group()], data.decode("utf-8", "surrogateescape")
    )
    return text, f"not valid UTF-8: {count} byte{'s' * (count != 1)} read as Windows-1252"


def _size_text(size: int) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} B"


# --- text articles ----------------------------------------------------------------------------


def _text_article(
    display: str,
    text: str,
    warnings: list[str],
    default: str | None,
    file: str | None,
    noun: str,
    *,
    html: bool = False,
) -> SourceItem:
    text = _normalise(text, warnings)
    if text.isspace() or not text:
        return SourceProblem(display, f"empty {noun}")
    fields: dict[str, object] = {}
    sidecar = None
    if file is not None:
        sidecar, fields, notes = _read_sidecar(file, display)
        warnings.extend(notes)
    header = None if _is_html_page(text) else _split_header(text)
    if header is not None:
        header_fields, notes, text = header
        warnings.extend(notes)
        for key, value in header_fields.items():
            if fields.get(key) not in (None, value):
                warnings.append(
                    f"header block {key} {value!r} overrides {fields[key]!r} from {sidecar}"
                )
        fields.update(header_fields)
    text = _trim(text)
    if not text:
        return SourceProblem(display, "no article text after the header block")
    # A page may follow a header block, whose fields then win over the page's.
    page = _is_html_page(text)
    if html or page or _is_marked_up(text):
        text, page_fields, reason = _html_text(text, page=page)
        if reason is not None:
            return SourceProblem(display, reason)
        fields = page_fields | fields
    text, reason = _check_body(text, warnings)
    if reason is not None:
        return SourceProblem(display, reason)
    return _article(text, fields, display, None, warnings, default)


def _split_header(text: str) -> tuple[dict[str, str], list[str], str] | None:
    """The header block's fields, warnings and the text after it, or None if there is none."""
    fields: dict[str, str] = {}
    warnings: list[str] = []
    position = 0
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        line = text[position:end]
        if not line.strip():
            break
        match = _HEADER_LINE.fullmatch(line)
        if match is None or (position == 0 and match[1].lower() not in METADATA_KEYS):
            return None
        key = match[1].lower()
        if key not in METADATA_KEYS:
            warnings.append(f"header key {match[1]!r} ignored ({_known_keys()})")
        elif value := match[2].strip():
            fields[key] = value
        position = end + 1
    if position == 0:
        return None
    return fields, warnings, text[position:]


def _read_sidecar(file: str, display: str) -> tuple[str, dict[str, object], list[str]]:
    """The sidecar's name as shown, its fields, and warnings (a bad sidecar never stops us)."""
    name = os.path.splitext(os.path.basename(file))[0] + SIDECAR_SUFFIX
    shown = os.path.join(os.path.dirname(display), name)
    path = os.path.join(os.path.dirname(file), name)
    if not os.path.isfile(path):
        return shown, {}, []
    try:
        with open(path, "rb") as sidecar:
            data = tomllib.load(sidecar)
    except tomllib.TOMLDecodeError as error:
        return shown, {}, [f"{shown}: not valid TOML ({error}), its metadata ignored"]
    except (OSError, UnicodeError) as error:
        return shown, {}, [f"{shown}: cannot read ({_describe(error)}), its metadata ignored"]
    fields: dict[str, object] = {}
    warnings = []
    for key, value in data.items():
        lowered = key.lower()
        if lowered not in METADATA_KEYS:
            warnings.append(f"{shown}: key {key!r} ignored ({_known_keys()})")
        elif lowered == "published" and isinstance(value, date):
            # A TOML date or datetime; a string is read like any other.
            fields[lowered] = _normalise_date(value)
        elif lowered == "published" or isinstance(value, str):
            fields[lowered] = value
        else:
            warnings.append(f"{shown}: {key} should be a string, ignored")
    return shown, fields, warnings


def _known_keys() -> str:
    return "known keys: " + ", ".join(METADATA_KEYS)


# --- JSON Lines -------------------------------------------------------------------------------


def _read_jsonl(
    display: str,
    head: bytes,
    read: Callable[[int], bytes],
    encoding: str | None,
    default: str | None,
    noun: str,
) -> Iterator[SourceItem]:
    limit = MAX_JSONL_LINE_BYTES
    buffered = io.BufferedReader(_PrefixedReader(head, read), buffer_size=_READ_CHUNK)
    lines: Iterator[tuple[int, bytes | str | None]]
    if encoding is None:
        lines = _numbered_lines(buffered, b"\n", limit)
    else:
        lines = _numbered_lines(io.TextIOWrapper(buffered, encoding=encoding), "\n", limit)
    found = False
    for number, line in lines:
        location = f"{display}:{number}"
        if line is None:
            item: SourceItem | None = SourceProblem(
                location, f"line is longer than the {_size_text(limit)} limit"
            )
        else:
            item = _jsonl_item(location, line, default)
        if item is not None:
            found = True
            yield item
    if not found:
        yield SourceProblem(display, f"empty {noun}")


def _numbered_lines(
    stream: IO[AnyStr], newline: AnyStr, limit: int
) -> Iterator[tuple[int, AnyStr | None]]:
    """Lines numbered from 1; None for a line over ``limit``, skipped without being held."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(newline):
            while line and not line.endswith(newline):
                line = stream.readline(_READ_CHUNK)
            yield number, None
        else:
            yield number, line


def _jsonl_item(location: str, line: bytes | str, default: str | None) -> SourceItem | None:
    """The article or problem of one JSON Lines line; None for a blank line."""
    warnings = []
    if isinstance(line, bytes):
        if line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        line, note = _decode(line, None)
        if note:
            warnings.append(note)
    if not line or line.isspace():
        return None
    try:
        record = _JSON.decode(line)
    except json.JSONDecodeError as error:
        # Some messages end in "at" already ("Unterminated string starting at"). The position,
        # not `colno`: an error at the end of the line is past its newline, on "line 2".
        message = error.msg.removesuffix(" at")
        column = min(error.pos, len(line.rstrip("\r\n"))) + 1
        return SourceProblem(location, f"line is not valid JSON: {message} at column {column}")
    if not isinstance(record, dict):
        return SourceProblem(location, f"line is a JSON {_json_kind(record)}, not an object")
    text = record.get("text")
    if text is None:
        return SourceProblem(location, "no 'text' field")
    if not isinstance(text, str):
        return SourceProblem(location, f"'text' field is a JSON {_json_kind(text)}, not a string")
    text = _trim(_normalise(text, warnings))
    if not text:
        return SourceProblem(location, "empty 'text' field")
    page_fields: dict[str, str] = {}
    page = _is_html_page(text)
    if page or _is_marked_up(text):
        text, page_fields, reason = _html_text(text, page=page)
        if reason is not None:
            return SourceProblem(location, f"'text' field: {reason}")
    text, reason = _check_body(text, warnings)
    if reason is not None:
        return SourceProblem(location, f"'text' field: {reason}")
    fields = {}
    for key in METADATA_KEYS:
        value = record.get(key)
        if value is None:
            value = page_fields.get(key)
        if key == "published" or value is None or isinstance(value, str):
            fields[key] = value
        else:
            warnings.append(f"{key!r} field is a JSON {_json_kind(value)}, ignored")
    external_id = record.get("id")
    if isinstance(external_id, str):
        external_id = _LONE_SURROGATE.sub("\ufffd", external_id.replace("\x00", ""))
    elif external_id is not None:
        # Numeric ids are common; anything else cannot be an id.
        if isinstance(external_id, int) and not isinstance(external_id, bool):
            external_id = str(external_id)
        else:
            warnings.append(f"'id' field is a JSON {_json_kind(external_id)}, ignored")
            external_id = None
    return _article(text, fields, location, external_id or None, warnings, default)


def _json_kind(value: object) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else "null"


# --- shared -----------------------------------------------------------------------------------


def _article(
    text: str,
    fields: dict[str, object],
    path: str,
    external_id: str | None,
    warnings: list[str],
    default: str | None,
) -> SourceArticle:
    published, note = _resolve_published(fields.get("published"), default)
    if note:
        warnings.append(note)
    return SourceArticle(
        text=text,
        title=_one_line(fields.get("title")),
        published=published,
        source=_one_line(fields.get("source")),
        url=_one_line(fields.get("url")),
        path=path,
        external_id=external_id,
        warnings=tuple(warnings),
    )


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(_LONE_SURROGATE.sub("\ufffd", value.replace("\x00", "")).split()) or None


def _normalise(text: str, warnings: list[str]) -> str:
    """The text offsets index: no BOM, ``\\n`` newlines, no NUL characters or lone surrogates."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        count = text.count("\x00")
        text = text.replace("\x00", "")
        warnings.append(f"{count} NUL character{'s' * (count != 1)} removed")
    text, count = _LONE_SURROGATE.subn("\ufffd", text)
    if count:
        warnings.append(f"{count} lone surrogate{'s' * (count != 1)} replaced by U+FFFD")
    return text


def _trim(text: str) -> str:
    """Drop leading blank lines and trailing whitespace; the first line keeps its indent."""
    leading = _LEADING_BLANK_LINES.match(text)
    if leading:
        text = text[leading.end() :]
    return text.rstrip()


def _is_html_page(text: str) -> bool:
    return _HTML_START.match(text, 0, 4096) is not None


def _is_marked_up(text: str) -> bool:
    """Whether text is marked up throughout with HTML tags, not prose that mentions a few."""
    tags = sum(1 for _ in _HTML_TAG.finditer(text))
    return tags >= MIN_MARKUP_TAGS and tags * MARKUP_CHARS_PER_TAG >= len(text)


def _html_text(text: str, *, page: bool) -> tuple[str, dict[str, str], str | None]:
    """The article text of a page or fragment, the metadata it carries, and why it has none."""
    extracted = extract_html(text, page=page)
    fields = {
        key: value
        for key, value in (
            ("title", extracted.title),
            ("published", extracted.published),
            ("source", extracted.source),
            ("url", extracted.url),
        )
        if value
    }
    return extracted.text, fields, extracted.reason


def _check_body(text: str, warnings: list[str]) -> tuple[str, str | None]:
    """The body with C1 controls repaired, and why it is not an article to extract from, or None.

    Text decoded as Latin-1 somewhere upstream carries Windows-1252 punctuation as C1 control
    characters (U+0093 for a left double quote). Nobody writes C1 controls on purpose, so each is
    replaced by its Windows-1252 character: one character for one, offsets stay valid, and quote
    extraction sees real quotation marks.
    """
    if _CONTROL.search(text):
        repaired = text.translate(_C1_AS_CP1252)
        if repaired != text:
            count = sum(a != b for a, b in zip(text, repaired, strict=True))
            warnings.append(
                f"{count} C1 control character{'s' * (count != 1)} read as Windows-1252"
            )
            text = repaired
        share = len(_CONTROL.findall(text)) / len(text)
        if share > MAX_CONTROL_SHARE:
            return text, f"control characters throughout ({share:.1%} of the text), not text"
    return text, None


def _resolve_published(value: object, default: str | None) -> tuple[str | None, str | None]:
    """The article's own date, else ``default``, and a warning if its own was unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default, None
    published = _normalise_date(value)
    if published is not None:
        return published, None
    shown = value.strip() if isinstance(value, str) else str(value)
    if default is not None:
        return default, f"unreadable publication date {shown!r}, used --published {default}"
    return None, f"unreadable publication date {shown!r}, left empty"


def _normalise_date(value: object) -> str | None:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS`` from an ISO string or a TOML date, or None."""
    if isinstance(value, str):
        value = value.strip()
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return None
