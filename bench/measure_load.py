"""Time loading a corpus: articles/s, words/s and peak memory, against the floor cost.

Each load runs ``eventscope load`` in a fresh process on a fresh database, once with one
process and once with ``--jobs 2``. The floor is the same input read, split into sentences and
written (articles and sentences, with their full-text index) through the same writer, with no
extraction at all: what any loader must pay. The report gives extraction's cost as a ratio of
the floor, and, with ``--scale``, the time for a tenth of the articles next to the time for all
of them, to show that loading grows linearly.

Run ``python -m bench.measure_load ../shared/corpus/news-2016.jsonl`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from store.database import open_for_writing
from store.extract.records import ArticleExtraction
from store.extract.sentences import split_sentences
from store.sources import SourceArticle, read_sources
from store.writer import text_sha256, write_article


def _first_articles(corpus: Path, limit: int | None, folder: Path) -> tuple[Path, int, int]:
    """A JSON Lines copy of the first ``limit`` articles (all with None); articles and words."""
    target = folder / "input.jsonl"
    articles = words = 0
    with target.open("w", encoding="utf-8") as out:
        for item in islice(read_sources([str(corpus)]), limit):
            if not isinstance(item, SourceArticle):
                continue
            record = {
                "id": item.external_id,
                "title": item.title,
                "published": item.published,
                "source": item.source,
                "url": item.url,
                "text": item.text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            articles += 1
            words += len(item.text.split())
    return target, articles, words


# Runs the load as a child and prints the largest resident size among its processes: the
# children's ru_maxrss of a fresh process covers that one load (the loader and its workers).
_TIMED_LOAD = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run([sys.executable, "-c", "from tui.cli import main; main()", *sys.argv[1:]],
               check=True)
seconds = time.perf_counter() - started
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def time_load(source: Path, jobs: int, folder: Path) -> tuple[float, float]:
    """Seconds and the largest resident MB of any one process of ``eventscope load`` (the
    loader or a worker), run as a new process: startup and imports count, as for a user."""
    db = folder / f"load-{jobs}.db"
    result = subprocess.run(
        [sys.executable, "-c", _TIMED_LOAD, "load", str(source), "--db", str(db)]
        + ["--jobs", str(jobs), "--quiet"],
        check=True,
        capture_output=True,
        text=True,
    )
    db.unlink()
    seconds, peak = result.stdout.split()
    return float(seconds), float(peak)


def time_floor(source: Path, folder: Path) -> float:
    """Seconds to read, split and write sentences only, in this process."""
    db = folder / "floor.db"
    started = time.perf_counter()
    conn = open_for_writing(db).conn
    try:
        for item in read_sources([str(source)]):
            if isinstance(item, SourceArticle):
                sentences = split_sentences(item.text, item.title)
                extraction = ArticleExtraction(sentences, (), (), (), (), ())
                write_article(conn, item, extraction, text_sha256(item.text))
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    db.unlink()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="articles to load (JSON Lines, files, folders)")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each load (median kept)")
    parser.add_argument(
        "--scale", action="store_true", help="also load a tenth of the articles, for linearity"
    )
    args = parser.parse_args(argv)
    print(f"machine: {platform.node()}, {platform.machine()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="eventscope-bench-") as name:
        folder = Path(name)
        source, articles, words = _first_articles(args.corpus, args.limit, folder)
        runs: dict[str, list[float]] = {}
        peaks: dict[str, float] = {}
        sizes = [("all", source, articles, words)]
        if args.scale:
            (folder / "tenth").mkdir()
            tenth = _first_articles(source, max(articles // 10, 1), folder / "tenth")
            sizes.insert(0, ("tenth", *tenth))
        for label, path, _, _ in sizes:
            runs[f"floor {label}"] = [time_floor(path, folder) for _ in range(args.rounds)]
            for jobs in (1, 2):
                samples = [time_load(path, jobs, folder) for _ in range(args.rounds)]
                runs[f"load {label} jobs {jobs}"] = [seconds for seconds, _ in samples]
                peaks[f"load {label} jobs {jobs}"] = max(peak for _, peak in samples)
    print(f"{'run':<22} {'median s':>9} {'articles/s':>11} {'words/s':>9} {'peak MB':>8}")
    counts = {label: (n_articles, n_words) for label, _, n_articles, n_words in sizes}
    for name, samples in runs.items():
        label = name.split()[1]
        n_articles, n_words = counts[label]
        median = statistics.median(samples)
        peak = f"{peaks[name]:8.0f}" if name in peaks else f"{'':>8}"
        print(
            f"{name:<22} {median:9.2f} {n_articles / median:11.0f} {n_words / median:9.0f} {peak}"
        )
    floor = statistics.median(runs["floor all"])
    one = statistics.median(runs["load all jobs 1"])
    print(f"{articles:,} articles, {words:,} words; extraction costs {one / floor:.1f}x the floor")
    if args.scale:
        tenth_one = statistics.median(runs["load tenth jobs 1"])
        ratio = one / tenth_one
        print(f"10x the articles took {ratio:.1f}x the time (one process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
