"""Faults around a load, in real processes: killed, interrupted, crowded, out of disk, read-only.

Each test runs `eventscope load` as a user would, in a subprocess, and then checks the file
with SQLite's own checks and against a clean load of the same articles.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# `python -c` rather than the `eventscope` script, which a plain checkout may not have.
EVENTSCOPE = [sys.executable, "-c", "from tui.cli import main; main()"]

PLACES = ("Stepanakert", "Ganja", "Terter", "Martuni", "Barda", "Shusha")
SPEAKERS = (
    ("Nikol Pashinyan", "Prime Minister"),
    ("Ilham Aliyev", "President"),
    ("Vladimir Putin", "President"),
    ("Recep Tayyip Erdoğan", "President"),
)
STATES = ("Armenia", "Azerbaijan", "Russia", "Turkey", "France")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def article_text(number: int) -> str:
    """A short wire story with actors, an event, a casualty figure and a quote; unique text."""
    place = PLACES[number % len(PLACES)]
    accuser, accused = STATES[number % 2], STATES[(number + 1) % 2]
    person, title = SPEAKERS[number % len(SPEAKERS)]
    caller = STATES[2 + number % 3]
    return (
        f"{accuser} accused {accused} of shelling {place} on {WEEKDAYS[number % 7]}.\n\n"
        f"At least {number + 2} civilians were killed, officials said.\n\n"
        f'"We will defend our people," {title} {person} told reporters.\n\n'
        f"{caller} called for a ceasefire."
    )


def write_articles(folder: Path, count: int = 30) -> Path:
    """``count`` articles: most as .txt files with a header, the rest as one JSON Lines feed."""
    folder.mkdir(parents=True, exist_ok=True)
    in_feed = count // 4
    for number in range(count - in_feed):
        day = 1 + number % 28
        (folder / f"{number:03d}.txt").write_text(
            f"title: Report {number}\npublished: 2020-10-{day:02d}\n\n{article_text(number)}\n",
            encoding="utf-8",
        )
    with (folder / "feed.jsonl").open("w", encoding="utf-8") as feed:
        for number in range(count - in_feed, count):
            record = {
                "id": f"n{number}",
                "title": f"Report {number}",
                "published": f"2020-10-{1 + number % 28:02d}",
                "text": article_text(number),
            }
            feed.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


def run_load(
    *args: str, cwd: Path, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EVENTSCOPE, "load", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=preexec,
        env=_environment(),
    )


def start_load(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*EVENTSCOPE, "load", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
    )


def _environment() -> dict[str, str]:
    # The checkout first, so that the subprocess runs this code whatever is installed.
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)


def assert_sound(path: Path) -> None:
    """SQLite's own checks pass and every stored article has its sentences.

    A file killed before its schema was committed is empty, which the next load starts afresh.
    """
    conn = connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        if not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            return
        assert (
            conn.execute(
                "SELECT path FROM articles WHERE id NOT IN (SELECT article_id FROM sentences)"
            ).fetchall()
            == []
        )
    finally:
        conn.close()


def per_article_counts(path: Path) -> dict[str, tuple[int, ...]]:
    """Items per article (by text digest): a half-written article would differ somewhere."""
    conn = connect(path)
    try:
        if not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            return {}
        rows = conn.execute(
            "SELECT a.sha256, "
            "(SELECT count(*) FROM sentences WHERE article_id = a.id), "
            "(SELECT count(*) FROM events WHERE article_id = a.id), "
            "(SELECT count(*) FROM quotes WHERE article_id = a.id), "
            "(SELECT count(*) FROM casualties WHERE article_id = a.id), "
            "(SELECT count(*) FROM mentions m JOIN sentences s ON s.id = m.sentence_id "
            "WHERE s.article_id = a.id) "
            "FROM articles a"
        ).fetchall()
    finally:
        conn.close()
    return {sha: tuple(numbers) for sha, *numbers in rows}


def content_digest(path: Path) -> str:
    """A digest of articles, sentences, events, quotes, casualties and actors, ids left out."""
    conn = connect(path)
    queries = {
        "articles": "SELECT sha256, title, published, source, url, path, external_id, text "
        "FROM articles",
        "sentences": 'SELECT a.sha256, s.idx, s.start, s."end", s.kind FROM sentences s '
        "JOIN articles a ON a.id = s.article_id",
        "events": "SELECT a.sha256, s.idx, e.event_type, e.cameo_root, e.mode, e.trigger, "
        "e.trigger_start, e.summary, e.date_start, e.date_end, e.date_precision, e.status, "
        "e.modality, c.name, (SELECT group_concat(x.name || ':' || ea.role, ',') FROM "
        "(SELECT * FROM event_actors ORDER BY actor_id, role) ea JOIN actors x "
        "ON x.id = ea.actor_id WHERE ea.event_id = e.id) "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "JOIN sentences s ON s.id = e.sentence_id LEFT JOIN actors c ON c.id = e.claimed_by",
        "quotes": 'SELECT a.sha256, q.start, q."end", q.text, q.kind, q.cue, q.medium, '
        "q.speaker_text, x.name FROM quotes q JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN actors x ON x.id = q.speaker_id",
        "casualties": "SELECT a.sha256, c.start, c.kind, c.count_min, c.count_max, c.victims "
        "FROM casualties c JOIN articles a ON a.id = c.article_id",
        "actors": "SELECT a.name, a.kind, a.country, a.side, p.name FROM actors a "
        "LEFT JOIN actors p ON p.id = a.parent_id",
        "aliases": "SELECT a.name, l.alias FROM actor_aliases l JOIN actors a ON a.id = l.actor_id",
    }
    try:
        content = {
            name: sorted(conn.execute(sql).fetchall(), key=repr) for name, sql in queries.items()
        }
    finally:
        conn.close()
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    write_articles(tmp_path / "news")
    return tmp_path


@pytest.fixture(scope="module")
def clean_load(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, float]:
    """Digest and per-article counts of an uninterrupted load of the 30 articles, and how long
    it wrote: from the moment its file appeared to its end."""
    folder = tmp_path_factory.mktemp("clean")
    write_articles(folder / "news")
    loader = start_load("news", "--db", "clean.db", cwd=folder)
    appeared = _wait_for_file(loader, folder / "clean.db")
    stderr = loader.communicate(timeout=120)[1]
    writing = time.monotonic() - appeared
    assert loader.returncode == 0, stderr
    counts = per_article_counts(folder / "clean.db")
    assert len(counts) == 30
    return content_digest(folder / "clean.db"), counts, writing


def _wait_for_file(process: subprocess.Popen[str], path: Path) -> float:
    """When ``path`` appeared (or ``process`` ended), on the monotonic clock."""
    while not path.exists() and process.poll() is None:
        time.sleep(0.002)
    return time.monotonic()


# --- killed and interrupted ---------------------------------------------------------------------


def test_a_load_killed_at_random_moments_keeps_whole_articles_and_a_rerun_finishes_it(
    articles: Path, clean_load: tuple[str, dict, float]
) -> None:
    digest, counts, writing = clean_load
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    for attempt, kills in enumerate((1, 2, 1)):
        db = articles / f"x{attempt}.db"
        stored_after_kills = []
        for _ in range(kills):
            loader = start_load("news", "--db", db.name, cwd=articles)
            # Any moment from the file's creation, through the schema and the articles, to the
            # end (a killed load that already finished is no harm).
            appeared = _wait_for_file(loader, db)
            time.sleep(max(0.0, appeared + chance.uniform(0, writing) - time.monotonic()))
            loader.kill()
            loader.communicate()
            where = f"seed {seed}, attempt {attempt}"
            assert_sound(db)
            stored = per_article_counts(db)
            # Whole articles only: each has exactly the items a clean load gives it.
            assert stored == {sha: counts[sha] for sha in stored}, where
            stored_after_kills.append(len(stored))
        result = run_load("news", "--db", db.name, cwd=articles)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert_sound(db)
        assert content_digest(db) == digest, f"{where}, stored after each kill {stored_after_kills}"


def test_ctrl_c_stops_a_load_with_one_line_exit_130_and_the_rerun_finishes(
    articles: Path, clean_load: tuple[str, dict, float]
) -> None:
    digest, _, writing = clean_load
    # In a session of its own, so that the interrupt reaches its workers too, as Ctrl+C does.
    loader = subprocess.Popen(
        [*EVENTSCOPE, "load", "news", "--db", "x.db", "--jobs", "2"],
        cwd=articles,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    # Interrupt once the load is writing articles, not during start-up.
    while not _has_articles(articles / "x.db") and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(loader.pid, signal.SIGINT)
    stdout, stderr = loader.communicate(timeout=30)
    if loader.returncode == 0:
        pytest.skip(f"the load finished before the interrupt arrived ({writing:.2f}s)")
    assert loader.returncode == 130, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("eventscope: x.db: interrupted after ")
    assert lines[0].endswith("; run the same command again to finish")
    assert "Traceback" not in stdout + stderr
    assert_sound(articles / "x.db")
    result = run_load("news", "--db", "x.db", cwd=articles)
    assert result.returncode == 0, result.stderr
    assert content_digest(articles / "x.db") == digest


def _has_articles(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        conn = connect(path)
        try:
            return bool(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return False


# --- two loaders and a reader -------------------------------------------------------------------


def test_two_loaders_and_a_reader_at_once_lose_nothing_and_never_report_a_lock(
    tmp_path: Path,
) -> None:
    # Two overlapping batches into one new file: articles 0-29 and 15-44.
    for folder, numbers in (("first", range(0, 30)), ("second", range(15, 45))):
        (tmp_path / folder).mkdir()
        for number in numbers:
            (tmp_path / folder / f"{number:03d}.txt").write_text(
                article_text(number), encoding="utf-8"
            )
    errors: list[str] = []
    stop = threading.Event()

    def read() -> None:
        # What the app does: short read-only queries while the loaders write.
        while not stop.is_set():
            try:
                if (tmp_path / "x.db").exists():
                    conn = connect(tmp_path / "x.db")
                    try:
                        conn.execute("SELECT count(*) FROM event_timeline").fetchone()
                    finally:
                        conn.close()
            except sqlite3.OperationalError as error:
                # A reader can meet the file before its schema exists; never a lock.
                if "no such table" not in str(error):
                    errors.append(str(error))
            time.sleep(0.005)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        loaders = [
            start_load(name, "--db", "x.db", "--published", "2020-10-01", cwd=tmp_path)
            for name in ("first", "second")
        ]
        results = [(*loader.communicate(timeout=120), loader.returncode) for loader in loaders]
    finally:
        stop.set()
        reader.join()
    for _, stderr, code in results:
        assert code == 0, stderr
        assert stderr == ""
    assert errors == []
    assert_sound(tmp_path / "x.db")
    conn = connect(tmp_path / "x.db")
    try:
        assert conn.execute("SELECT count(DISTINCT sha256), count(*) FROM articles").fetchone() == (
            45,
            45,
        )
    finally:
        conn.close()


def test_loaders_creating_one_new_file_at_the_same_moment_do_not_collide(tmp_path: Path) -> None:
    # tests/unit/test_robustness_database.py lines the processes up more closely, many times.
    folder = write_articles(tmp_path / "news", 4)
    loaders = [start_load(str(folder), "--db", "x.db", cwd=tmp_path) for _ in range(4)]
    outcomes = []
    for loader in loaders:
        stderr = loader.communicate(timeout=120)[1]
        outcomes.append((loader.returncode, stderr))
    assert outcomes == [(0, "")] * 4
    assert_sound(tmp_path / "x.db")
    assert len(per_article_counts(tmp_path / "x.db")) == 4


# --- a full disk and read-only places -----------------------------------------------------------


def _file_size_limit(size: int) -> Callable[[], None]:
    """A child process that may write files of ``size`` bytes at most: a disk that fills up."""

    def limit() -> None:
        # Without this the kernel kills the process at the limit instead of failing the write.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_a_full_disk_stops_the_load_with_one_line_and_exit_3(
    tmp_path: Path, clean_load: tuple[str, dict, float]
) -> None:
    digest, counts, _ = clean_load
    write_articles(tmp_path / "news")
    # Room for the schema and a few articles: the WAL takes each article's changed pages whole.
    result = run_load("news", "--db", "x.db", cwd=tmp_path, preexec=_file_size_limit(1_500_000))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("eventscope: x.db: ")
    assert line.endswith("; run the same command again to finish")
    assert_sound(tmp_path / "x.db")
    stored = per_article_counts(tmp_path / "x.db")
    assert 0 < len(stored) < 30
    assert stored == {sha: counts[sha] for sha in stored}
    # With room again, the same command finishes the job.
    result = run_load("news", "--db", "x.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert content_digest(tmp_path / "x.db") == digest


@pytest.fixture
def shared_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder whose permissions the test may take away; given back for clean-up."""
    yield tmp_path
    for path in (tmp_path, *tmp_path.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _unprivileged() -> Callable[[], None] | None:
    """A child that file permissions apply to: as root, one without root's capabilities.

    Dropping to another user would lock it out of a Python installed under /root; dropping the
    capabilities keeps the user (and so read access to what root owns) but not the override.
    """
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        # No capabilities back at exec for being root, then none now.
        if libc.prctl(_PR_SET_SECUREBITS, _SECBIT_NOROOT | _SECBIT_NOROOT_LOCKED, 0, 0, 0):
            raise OSError(ctypes.get_errno(), "prctl")
        if libc.capset(ctypes.byref(_CapHeader(_CAPABILITY_VERSION_3, 0)), (_CapData * 2)()):
            raise OSError(ctypes.get_errno(), "capset")

    try:
        subprocess.run(["true"], preexec_fn=drop, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"running as root and cannot drop root's capabilities ({error})")
    return drop


_PR_SET_SECUREBITS = 28
_SECBIT_NOROOT = 1
_SECBIT_NOROOT_LOCKED = 2
_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def test_a_read_only_database_file_exits_2_with_one_line_untouched(shared_folder: Path) -> None:
    write_articles(shared_folder / "news", 4)
    (shared_folder / "more").mkdir()
    (shared_folder / "more" / "a.txt").write_text(article_text(99), encoding="utf-8")
    assert run_load("news", "--db", "x.db", cwd=shared_folder).returncode == 0
    db = shared_folder / "x.db"
    db.chmod(0o444)
    before = db.read_bytes()
    result = run_load("more", "--db", "x.db", cwd=shared_folder, preexec=_unprivileged())
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["eventscope: x.db: cannot write: the file is read-only"]
    assert db.read_bytes() == before


def test_a_database_in_a_read_only_folder_exits_2_with_one_line(shared_folder: Path) -> None:
    write_articles(shared_folder / "news", 4)
    (shared_folder / "more").mkdir()
    (shared_folder / "more" / "a.txt").write_text(article_text(99), encoding="utf-8")
    store = shared_folder / "store"
    store.mkdir()
    assert run_load("news", "--db", "store/x.db", cwd=shared_folder).returncode == 0
    (store / "x.db").chmod(0o666)
    store.chmod(0o555)
    before = (store / "x.db").read_bytes()
    for db in ("store/x.db", "store/new.db"):
        result = run_load("more", "--db", db, cwd=shared_folder, preexec=_unprivileged())
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == [
            f"eventscope: {db}: cannot write: folder store is read-only"
        ]
    assert (store / "x.db").read_bytes() == before
    assert not (store / "new.db").exists()
