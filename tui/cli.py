"""The command line: load articles, open the explorer.

This is the composition root: it alone knows both the loader (store) and the app (tui).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from store.database import DatabaseError
from store.evaluate import GoldError, evaluate, format_report, read_gold
from store.loader import SIDES_FILE_NAME, LoadSummary, load
from store.seeds import bundled_seeds
from store.sides import SidesError
from store.sources import count_candidates

DEFAULT_DB_NAME = "eventscope.db"
EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2


def default_db() -> Path:
    """``$EVENTSCOPE_DB``, else ``./eventscope.db``: a file users can see and open."""
    return Path(os.environ.get("EVENTSCOPE_DB") or DEFAULT_DB_NAME)


_DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file [default: $EVENTSCOPE_DB, else ./eventscope.db].",
)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventscope")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn news articles into a checkable record of a conflict, and explore it.

    With no command, opens the explorer on the default database, building it from the bundled
    seed article first if it does not exist yet.

    \b
    Examples:
      eventscope                          # explore ./eventscope.db (made from the seed)
      eventscope load articles/ --db war.db
      eventscope open --db war.db
    """
    if ctx.invoked_subcommand is None:
        path = default_db()
        if not path.exists():
            click.echo(f"Building {path} from the bundled seed articles…", err=True)
            summary = _run_load([str(bundled_seeds())], path)
            if summary.problems:
                sys.exit(EXIT_PROBLEMS)
        _open_app(path)


@main.command(name="load")
@click.argument("paths", nargs=-1, required=True)
@_DB_OPTION
@click.option(
    "--published",
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) for articles that carry none.",
)
@click.option(
    "--sides",
    "sides_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Sides file (TOML) labelling actors [default: a sides.toml in a loaded folder].",
)
@click.option("--reload", is_flag=True, help="Re-extract articles that are already loaded.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes for extraction.",
)
def load_command(
    paths: tuple[str, ...],
    db_path: Path | None,
    published: str | None,
    sides_path: Path | None,
    reload: bool,
    jobs: int,
) -> None:
    """Load articles from PATHS into the database.

    PATHS are .txt/.md files (an optional header block of title:, published:, source:, url:
    lines then a blank line, or a NAME.meta.toml sidecar), .jsonl files (one article a line:
    id, title, published, source, url, text), folders (walked recursively) or - for stdin.
    Loading the same article twice changes nothing. Unreadable inputs are reported one line
    each; the rest loads, and the exit code is 1.

    \b
    Examples:
      eventscope load seeds
      eventscope load feed.jsonl --db war.db --jobs 2
      eventscope load note.txt --published 2020-09-28
      cat story.txt | eventscope load - --published 2020-09-28
    """
    summary = _run_load(
        list(paths),
        db_path or default_db(),
        published=published,
        sides_path=sides_path,
        reload=reload,
        jobs=jobs,
    )
    if summary.problems:
        sys.exit(EXIT_PROBLEMS)


@main.command(name="open")
@_DB_OPTION
def open_command(db_path: Path | None) -> None:
    """Open the explorer on a database file.

    \b
    Example:
      eventscope open --db war.db
    """
    path = db_path or default_db()
    if not path.exists():
        raise click.ClickException(
            f"{path}: no such database file (create it with 'eventscope load')"
        )
    _open_app(path)


@main.command(name="eval")
@click.argument(
    "gold_path", metavar="GOLD", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Database holding the gold file's article [default: load that article from the "
    "bundled seeds into a temporary database].",
)
def eval_command(gold_path: Path, db_path: Path | None) -> None:
    """Score extraction against GOLD, a hand-made gold file (JSON) for one article.

    Prints precision, recall and F1 for events, quotes, actors and casualty figures, how often
    speakers, kinds, sides, claims and statuses agree, then every miss, every false item and
    every wrong field with its sentence. The article is the one whose path ends with the gold
    file's "article" name (or the database's only article). A gold item that fits no sentence
    of the article, or several, is reported and the exit code is 2.

    \b
    Examples:
      eventscope eval tests/gold/seed.json                  # the seed, freshly extracted
      eventscope eval tests/gold/seed.json --db eventscope.db
    """
    try:
        gold = read_gold(gold_path)
        if db_path is not None:
            report = evaluate(db_path, gold)
        else:
            with tempfile.TemporaryDirectory(prefix="eventscope-eval-") as folder:
                seed_db = Path(folder) / "seed.db"
                _load_seed_article(gold["article"], seed_db)
                report = evaluate(seed_db, gold)
    except (GoldError, DatabaseError) as error:
        click.echo(f"eventscope: {error}", err=True)
        sys.exit(EXIT_UNUSABLE)
    click.echo(format_report(report))


def _load_seed_article(name: str, db_path: Path) -> None:
    """Load one bundled seed article, with the seeds' sides file, into a new database."""
    seeds = bundled_seeds()
    article = seeds / name
    if Path(name).name != name or not article.is_file():
        raise GoldError(f"{name!r} is not a bundled seed article ({seeds}); give --db")
    sides = seeds / SIDES_FILE_NAME
    click.echo(f"Loading {name} from the bundled seeds into a temporary database…", err=True)
    summary = load([str(article)], db_path, sides_path=sides if sides.is_file() else None)
    if summary.problems:
        reasons = "; ".join(problem.reason for problem in summary.problems)
        raise GoldError(f"{name}: cannot be loaded ({reasons})")


def _run_load(paths: list[str], db_path: Path, **options) -> LoadSummary:
    """Load with a progress bar on stderr for batches, then print the summary."""
    total = count_candidates(paths)
    show_bar = sys.stderr.isatty() and (total is None or total > 1)
    try:
        if show_bar:
            with click.progressbar(
                length=total or 0, label="Loading", file=sys.stderr, show_pos=True
            ) as bar:
                summary = load(paths, db_path, on_item=lambda item: bar.update(1), **options)
        else:
            # No stdin argument: "-" reads sys.stdin when it is read, and copes with none.
            summary = load(paths, db_path, **options)
    except (DatabaseError, SidesError, ValueError) as error:
        click.echo(f"eventscope: {error}", err=True)
        sys.exit(EXIT_UNUSABLE)
    for problem in summary.problems:
        click.echo(f"eventscope: skipped {problem.path}: {problem.reason}", err=True)
    for note in summary.notes:
        click.echo(f"eventscope: note: {note}", err=True)
    click.echo(_summary_line(summary, db_path))
    return summary


def _summary_line(summary: LoadSummary, db_path: Path) -> str:
    parts = [
        _count(summary.articles, "article", "articles") + " loaded",
        f"{summary.unchanged} already there",
        _count(summary.events, "event", "events"),
        _count(summary.quotes, "quote", "quotes"),
        _count(summary.casualties, "casualty figure", "casualty figures"),
        _count(summary.new_actors, "new actor", "new actors"),
        f"{len(summary.problems)} failed",
    ]
    rate = summary.articles / summary.seconds if summary.seconds and summary.articles else 0
    timing = f" in {summary.seconds:.2f}s" + (f" ({rate:.0f} articles/s)" if rate else "")
    return f"{db_path}: " + ", ".join(parts) + timing


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _open_app(path: Path) -> None:
    # Imported here so that `eventscope load` does not pay for importing Textual.
    from tui.app import EventscopeApp

    EventscopeApp(path).run()
