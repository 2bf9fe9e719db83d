"""The command line: load articles, open the explorer, export, settings and sides.

This is the composition root: it alone knows both the loader (store) and the app (tui).
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import NoReturn

import click

from store.database import DatabaseError
from store.datasette import metadata_path, write_metadata
from store.evaluate import GoldError, evaluate, format_report, read_gold
from store.export import EXPORT_FORMATS, FORMATS, ExportError, write_records, write_stream
from store.export_formats import left_out_note, plover_types
from store.filters import MODALITIES, OTHER_SIDE, EventFilter, parse_date_range
from store.loader import (
    SIDES_FILE_NAME,
    LoadInterrupted,
    LoadStopped,
    LoadSummary,
    find_sides_file,
    load,
)
from store.merge import MergeStopped, MergeSummary, merge
from store.queries import EventStore
from store.seeds import bundled_seeds
from store.side_suggestions import SideSuggestion, suggest_sides
from store.sides import SidesError, actor_sides
from store.sources import SourceProblem, count_candidates
from tui.config import (
    CONFIG_ENV,
    EXAMPLE,
    OVERRIDES,
    ConfigError,
    Settings,
    data_dir,
    load_settings,
)

DEFAULT_DB_NAME = "eventscope.db"
# Exit codes of `eventscope load`, documented in its --help and in README.md.
EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2
EXIT_STOPPED = 3
EXIT_INTERRUPTED = 130


def settings() -> Settings:
    """The user's config file and environment, or exit with the file's problem in one line."""
    try:
        return load_settings()
    except ConfigError as error:
        click.echo(f"eventscope: {error}", err=True)
        sys.exit(EXIT_UNUSABLE)


def default_db() -> Path:
    """``$EVENTSCOPE_DB``, else the config file's ``db``, else ``./eventscope.db``."""
    return settings().db or Path(DEFAULT_DB_NAME)


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
      eventscope export --db war.db --format acled -o acled.csv
      eventscope config                   # where settings come from

    \b
    Shell completion (bash; zsh_source and fish_source likewise):
      eval "$(_EVENTSCOPE_COMPLETE=bash_source eventscope)"
    """
    if ctx.invoked_subcommand is None:
        path = default_db()
        if not path.exists():
            click.echo(f"Building {path} from the bundled seed articles…", err=True)
            summary = _run_load([str(bundled_seeds())], path)
            if summary.failed:
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
@click.option(
    "--quiet", "-q", is_flag=True, help="Print only errors: no progress bar, notes or summary."
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the summary as one JSON object on stdout (for scripts).",
)
def load_command(
    paths: tuple[str, ...],
    db_path: Path | None,
    published: str | None,
    sides_path: Path | None,
    reload: bool,
    jobs: int,
    quiet: bool,
    as_json: bool,
) -> None:
    """Load articles from PATHS into the database.

    PATHS are .txt/.md files (an optional header block of title:, published:, source:, url:
    lines then a blank line, or a NAME.meta.toml sidecar), .jsonl files (one article a line:
    id, title, published, source, url, text), folders (walked recursively) or - for stdin.
    Loading the same article twice changes nothing. Every input that gives no article is
    reported on one line (eventscope: skipped FILE: reason) and the rest loads.

    \b
    Exit codes:
      0    everything loaded (or was there already)
      1    some inputs were skipped, each named on stderr; the rest loaded
      2    nothing loaded: a bad option, sides file or database file
      3    stopped part-way: the database took no more writes (disk full, made
           read-only, locked) or a --jobs worker was killed (out of memory); what was
           loaded stays whole: fix it and run the same command again
      130  interrupted (Ctrl+C); likewise, run the same command again to finish

    \b
    Examples:
      eventscope load seeds
      eventscope load feed.jsonl --db war.db --jobs 2
      eventscope load note.txt --published 2020-09-28
      cat story.txt | eventscope load - --published 2020-09-28
      eventscope load feed.jsonl --json --quiet   # for scripts

    The sides file is --sides, else a sides.toml at the top of a loaded folder, else the
    config file's sides (see eventscope config). With --json, stdout holds one object:
    db, articles, unchanged, events, quotes, casualties, new_actors, failed, seconds,
    problems (path and reason each), notes and stopped (why a load stopped, or null).
    """
    if sides_path is None and find_sides_file(paths) is None:
        sides_path = _configured_sides()
    summary = _run_load(
        list(paths),
        db_path or default_db(),
        quiet=quiet,
        as_json=as_json,
        published=published,
        sides_path=sides_path,
        reload=reload,
        jobs=jobs,
    )
    if summary.failed:
        sys.exit(EXIT_PROBLEMS)


def _configured_sides() -> Path | None:
    """The config's (or ``$EVENTSCOPE_SIDES``') sides file, or exit naming who named it."""
    chosen = settings()
    if chosen.sides is not None and not chosen.sides.is_file():
        click.echo(
            f"eventscope: sides file {chosen.sides} does not exist "
            f"(named by {chosen.sources['sides']}; see eventscope config)",
            err=True,
        )
        sys.exit(EXIT_UNUSABLE)
    return chosen.sides


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


_STATUSES = ("asserted", "claimed", "denied")


@main.command(name="export")
@_DB_OPTION
@click.option(
    "--format",
    "export_format",
    type=click.Choice(list(EXPORT_FORMATS), case_sensitive=False),
    help="csv, json or jsonl: every column of the app's view; acled: ACLED's columns (CSV); "
    "cameo: GDELT-style rows with CAMEO codes (tab-separated) [default: from the extension "
    "of -o].",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="The file to write (replaced whole, never left half-written), or - for stdout.",
)
@click.option("--quotes", is_flag=True, help="Export the quotes instead of the events.")
@click.option(
    "--side",
    "sides",
    multiple=True,
    metavar="LABEL",
    help="Items with an actor on this side (a label of the sides file, or 'other'); repeat "
    "for any of several.",
)
@click.option(
    "--actor",
    "actors",
    multiple=True,
    metavar="NAME",
    help="Items involving this actor (its name or an alias, in any case); repeat for any of "
    "several.",
)
@click.option(
    "--since",
    metavar="DATE",
    help='Events that end on or after DATE ("27 Sep 2020", 2020-09, "last week").',
)
@click.option(
    "--until",
    metavar="DATE",
    help="Events that start on or before DATE (a month or year counts to its end).",
)
@click.option(
    "--type",
    "event_types",
    multiple=True,
    type=click.Choice(plover_types(), case_sensitive=False),
    metavar="TYPE",
    help="PLOVER event type (ASSAULT, ACCUSE, REQUEST, ...); repeat for any of several.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(_STATUSES),
    help="Events asserted, claimed or denied; repeat for any of several.",
)
@click.option(
    "--search",
    metavar="WORDS",
    default="",
    help="Items whose source sentence holds all these words (word beginnings, accents aside).",
)
@click.option(
    "--no-historical",
    is_flag=True,
    help="Leave out historical background (a war of the 1990s in a 2020 story).",
)
def export_command(
    db_path: Path | None,
    export_format: str | None,
    output: str,
    quotes: bool,
    sides: tuple[str, ...],
    actors: tuple[str, ...],
    since: str | None,
    until: str | None,
    event_types: tuple[str, ...],
    statuses: tuple[str, ...],
    search: str,
    no_historical: bool,
) -> None:
    """Write the events (or quotes) under the filters, each row with its source sentence and
    article.

    The filters are the app's: the values of one option are alternatives, and every option
    given must hold. Quotes follow the side and name of their speaker, the publication date of
    their article and the search words.

    \b
    Formats:
      csv, json, jsonl  every column of the app's view (event_timeline or quote_list)
                        and the article's url
      acled   ACLED's columns as CSV: event_date, time_precision (1 day, 2 week,
              3 month or wider), event_type, sub_event_type, actor1, assoc_actor_1,
              actor2, location, fatalities, source, notes (the sentence), then the
              PLOVER type, sentence and article; statements, appeals and plans are
              not ACLED events and are left out, with a note on stderr
      cameo   GDELT 2.0 event columns (GLOBALEVENTID, SQLDATE, Actor1Name,
              Actor1CountryCode, EventCode, EventRootCode, QuadClass, SOURCEURL...)
              then the sentence and article, tab-separated with a header row

    \b
    Examples:
      eventscope export -o events.csv
      eventscope export --format acled --no-historical -o acled.csv
      eventscope export --format cameo --side Azerbaijan --since "27 Sep 2020" -o gdelt.tsv
      eventscope export --format jsonl --actor Turkey --type ASSAULT -o - | jq .summary
      eventscope export --quotes --search ceasefire -o quotes.csv

    \b
    Exit codes:
      0  written
      2  nothing written: a bad option, actor, side or database, or a file that
         cannot be written
    """
    if export_format is None:
        export_format = FORMATS.get(Path(output).suffix.lower()) if output != "-" else None
        if export_format is None:
            raise click.UsageError(
                "give --format (csv, json, jsonl, acled or cameo): only a name ending in "
                ".csv, .json or .jsonl picks one"
            )
    if quotes and export_format not in FORMATS.values():
        raise click.UsageError(f"--quotes: {export_format} rows are events; use csv, json or jsonl")
    if quotes and (event_types or statuses or no_historical):
        raise click.UsageError("--type, --status and --no-historical filter events, not quotes")
    try:
        store = EventStore(db_path or default_db())
    except DatabaseError as error:
        _fail(str(error))
    try:
        event_filter = EventFilter(
            sides=_side_labels(store, sides),
            actor_ids=frozenset().union(*(_actor_ids(store, name) for name in actors)),
            date_start=_date_bound(since, "--since", end=False),
            date_end=_date_bound(until, "--until", end=True),
            text=search,
            event_types=frozenset(event_types),
            statuses=frozenset(statuses),
            modalities=frozenset(MODALITIES) - {"historical"} if no_historical else frozenset(),
        )
        records = store.export_records(export_format, event_filter, quotes=quotes)
        layout = EXPORT_FORMATS[export_format]
        if output == "-":
            count = write_stream(records, sys.stdout, layout)
        else:
            count = write_records(records, Path(output), layout)
    except ExportError as error:
        _fail(str(error))
    except BrokenPipeError:
        # The reader of stdout stopped early (`| head`), which is its right. Python would
        # complain once more when it flushes stdout at exit, so stdout is sent nowhere first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    finally:
        store.close()
    noun = ("quote" if quotes else "event") + ("" if count == 1 else "s")
    where = "stdout" if output == "-" else output
    click.echo(f"eventscope: wrote {count} {noun} to {where} ({export_format})", err=True)
    note = left_out_note(records.left_out, count + sum(records.left_out.values()))
    if note:
        click.echo(f"eventscope: note: {note}; --format cameo keeps every event", err=True)


def _fail(message: str) -> NoReturn:
    click.echo(f"eventscope: {message}", err=True)
    sys.exit(EXIT_UNUSABLE)


def _side_labels(store: EventStore, wanted: tuple[str, ...]) -> frozenset[str]:
    """The sides named on the command line as stored (in any case), or a usage error."""
    known = {side.label.casefold(): side.label for side in store.sides()}
    known[OTHER_SIDE] = OTHER_SIDE
    labels = set()
    for label in wanted:
        if label.casefold() not in known:
            raise click.BadParameter(
                f"no side '{label}' (the sides are {', '.join(known.values())})",
                param_hint="--side",
            )
        labels.add(known[label.casefold()])
    return frozenset(labels)


def _actor_ids(store: EventStore, name: str) -> frozenset[int]:
    try:
        return store.actor_ids(name)
    except ExportError as error:
        raise click.BadParameter(str(error), param_hint="--actor") from None


def _date_bound(text: str | None, option: str, *, end: bool) -> str | None:
    """The first (or, for an end bound, last) day of a date typed as in the app."""
    if text is None:
        return None
    try:
        start, stop = parse_date_range(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=option) from None
    bound = stop if end else start
    if bound is None:
        raise click.BadParameter(f"'{text}' has no {'end' if end else 'start'}", param_hint=option)
    return bound


@main.command(name="config")
@click.option("--json", "as_json", is_flag=True, help="Print it all as one JSON object.")
def config_command(as_json: bool) -> None:
    """Show the config file, each setting in effect and where it comes from.

    One TOML file in the platform's config directory holds the default database (db), the
    sides file that eventscope load applies (sides), the theme and the key map ([keys]).
    $EVENTSCOPE_CONFIG names another file; $EVENTSCOPE_DB, $EVENTSCOPE_SIDES and
    $EVENTSCOPE_THEME override its values. Without a file, an example to start from is
    printed.

    \b
    Examples:
      eventscope config
      eventscope config --json
      EVENTSCOPE_DB=war.db eventscope config
    """
    chosen = settings()
    sources = dict(chosen.sources)
    values: dict[str, object] = {
        "db": str(chosen.db or Path(DEFAULT_DB_NAME)),
        "sides": str(chosen.sides) if chosen.sides else None,
        "theme": chosen.theme,
        "keys": chosen.keys,
    }
    if as_json:
        report = {
            "config_file": str(chosen.path),
            "exists": chosen.path.is_file(),
            "settings": {
                name: {
                    "value": value,
                    "source": sources.get(name, "default"),
                    "environment": f"${OVERRIDES[name]}" if name in OVERRIDES else None,
                }
                for name, value in values.items()
            },
            "data_dir": str(data_dir()),
            "seeds": str(bundled_seeds()),
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    exists = chosen.path.is_file()
    named = f"from ${CONFIG_ENV}" if os.environ.get(CONFIG_ENV) else f"${CONFIG_ENV} names another"
    click.echo(f"config file  {chosen.path}  ({'exists' if exists else 'none yet'}; {named})")
    defaults = {
        "db": "default: ./eventscope.db in the current folder",
        "sides": "default: a sides.toml at the top of a loaded folder, else none",
        "theme": "default: Textual's",
        "keys": "default: the keys on the help screen",
    }
    for name, value in values.items():
        source = sources.get(name)
        origin = f"from {source}" if source else defaults[name]
        override = f"; ${OVERRIDES[name]} overrides" if name in OVERRIDES and not source else ""
        click.echo(f"{name:<12} {_setting_text(name, value)}\n{'':<12} ({origin}{override})")
    click.echo(
        f"{'data folder':<12} {data_dir()}\n{'':<12} (a place for your databases, if you like)"
    )
    click.echo(f"{'seeds':<12} {bundled_seeds()}\n{'':<12} (the bundled sample articles and sides)")
    if not exists:
        click.echo(f"\nNo config file yet. To make one, save this as {chosen.path}:\n")
        click.echo(EXAMPLE, nl=False)


def _setting_text(name: str, value: object) -> str:
    if name == "keys":
        keys = value if isinstance(value, dict) else {}
        return ", ".join(f"{binding} = {keys[binding]}" for binding in keys) or "-"
    if value is None:
        return "-"
    if name in ("db", "sides") and not Path(str(value)).is_file():
        return f"{value} ({'not made yet' if name == 'db' else 'missing'})"
    return str(value)


@main.group(name="sides")
def sides_group() -> None:
    """Label actors with the sides of your conflict, without re-reading any article.

    A sides file (TOML) gives each side a label, a colour and its members (actor names or
    aliases); organs inherit their state's side and people their country's, and every other
    actor is "other". seeds/sides.toml is an example.

    \b
    Examples:
      eventscope sides apply sides.toml --db war.db
      eventscope sides suggest --db war.db
    """


@sides_group.command(name="apply")
@click.argument(
    "sides_file",
    metavar="[FILE]",
    required=False,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@_DB_OPTION
def sides_apply_command(sides_file: Path | None, db_path: Path | None) -> None:
    """Re-label every actor from the sides file FILE at once, without re-parsing articles.

    FILE defaults to the config's sides file. Prints how many actors each side now has and
    every actor whose side changed; members that match no actor are noted on stderr.

    \b
    Examples:
      eventscope sides apply sides.toml --db war.db
      eventscope sides apply            # the config's sides file, on the default database

    \b
    Exit codes:
      0  applied
      2  nothing changed: a bad sides file or database
    """
    if sides_file is None:
        sides_file = _configured_sides()
        if sides_file is None:
            raise click.UsageError("give FILE, or name a sides file in the config (see config)")
    path = db_path or default_db()
    if not path.is_file():
        _fail(f"{path}: no such database file (create it with 'eventscope load')")
    try:
        before = actor_sides(path)
        # A load of no articles stores the sides and re-labels every actor, in one transaction.
        load(
            [],
            path,
            sides_path=sides_file,
            on_note=lambda note: click.echo(f"eventscope: note: {note}", err=True),
        )
        after = actor_sides(path)
    except (DatabaseError, SidesError) as error:
        _fail(str(error))
    counts: dict[str, int] = {}
    for side in after.values():
        counts[side or OTHER_SIDE] = counts.get(side or OTHER_SIDE, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (item[0] == OTHER_SIDE, -item[1]))
    changed = sorted(name for name, side in after.items() if before.get(name) != side)
    tally = ", ".join(f"{label} {number}" for label, number in ordered)
    moved = _count(len(changed), "actor", "actors")
    click.echo(f"{path}: actors by side: {tally}; {moved} changed side{':' if changed else ''}")
    for name in changed:
        click.echo(f"  {name}: {before.get(name) or OTHER_SIDE} → {after[name] or OTHER_SIDE}")


@sides_group.command(name="suggest")
@_DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the suggestions as a JSON array.")
@click.option(
    "--limit", type=click.IntRange(1), default=None, help="Show at most this many actors."
)
def sides_suggest_command(db_path: Path | None, as_json: bool, limit: int | None) -> None:
    """List actors with no side and the text that ties them to one, for you to decide.

    Strong evidence is a sentence naming the actor next to an actor with a side in words that
    tie them ("Azerbaijan ally Turkey", "Armenia's ally Russia", "Russia-backed rebels",
    "Turkey, Azerbaijan's closest ally"); weaker evidence is the events it takes part in with
    each side's actors (support for one side, attacks on or accusations against the other).
    Nothing is changed: add the actors you agree with to your sides file and run
    eventscope sides apply.

    \b
    Examples:
      eventscope sides suggest --db war.db
      eventscope sides suggest --json | jq '.[] | {actor, side}'
    """
    try:
        suggestions = suggest_sides(db_path or default_db())[:limit]
    except (DatabaseError, SidesError) as error:
        _fail(str(error))
    if as_json:
        objects = [_suggestion_object(suggestion) for suggestion in suggestions]
        click.echo(json.dumps(objects, indent=2, ensure_ascii=False))
        return
    if not suggestions:
        click.echo(
            "No suggestions: no actor without a side is tied to one by its sentences or events."
        )
        return
    for suggestion in suggestions:
        click.echo(_suggestion_text(suggestion))
    click.echo(
        "Add the actors you agree with to their side's members in your sides file, then run "
        "eventscope sides apply FILE."
    )


# Evidence lines shown per actor; --json has all of it.
_SHOWN_EVIDENCE = 3


def _suggestion_text(suggestion: SideSuggestion) -> str:
    found = [
        _count(len(suggestion.sentences), "sentence", "sentences") if suggestion.sentences else "",
        _count(sum(t.count for t in suggestion.events), "event", "events")
        if suggestion.events
        else "",
    ]
    strength = "" if suggestion.sentences else ", weak: events only"
    lines = [
        f"{suggestion.actor} ({suggestion.kind}) → {suggestion.side}  "
        f"[{', '.join(part for part in found if part)}{strength}]"
    ]
    for sentence in suggestion.sentences[:_SHOWN_EVIDENCE]:
        lines.append(f'  "{sentence.text}" (sentence {sentence.sentence_id})')
    for tally in suggestion.events[:_SHOWN_EVIDENCE]:
        lines.append(f'  {tally.describe()}: "{tally.text}" (sentence {tally.sentence_id})')
    hidden = max(len(suggestion.sentences) - _SHOWN_EVIDENCE, 0) + max(
        len(suggestion.events) - _SHOWN_EVIDENCE, 0
    )
    if hidden:
        lines.append(f"  … and {hidden} more (--json shows all)")
    if suggestion.also_labels:
        lines.append(f"  would also label: {', '.join(suggestion.also_labels)}")
    return "\n".join(lines)


def _suggestion_object(suggestion: SideSuggestion) -> dict[str, object]:
    return asdict(suggestion) | {
        "strength": "sentences" if suggestion.sentences else "events",
        "events": [
            asdict(tally) | {"description": tally.describe()} for tally in suggestion.events
        ],
    }


@main.command(name="merge")
@click.argument("inputs", metavar="INPUT.db...", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database to merge into (created if missing, else added to).",
)
def merge_command(inputs: tuple[str, ...], output: Path) -> None:
    """Merge per-shard databases INPUT.db... into one, each article once.

    Articles are matched by the sha256 of their text: one already in the output (or in an
    earlier input) is skipped, so merging again changes nothing and a killed merge is finished
    by running it again. Actors are matched by name, sides are unioned (the first colour of a
    side wins, with a note) and every actor is re-labelled from the merged sides.

    \b
    Exit codes:
      0    every input merged (or was there already)
      1    some inputs were refused, each named on stderr; the rest merged
      2    nothing merged: no input is an eventscope database, or the output is unusable
      3    the output stopped taking writes part-way; what was merged stays whole:
           fix it and run the same command again
      130  interrupted (Ctrl+C); likewise, run the same command again to finish

    \b
    Examples:
      eventscope merge shard1.db shard2.db shard3.db -o all.db
      eventscope merge new-shard.db -o all.db     # add a shard to a merged database
    """

    def note(text: str) -> None:
        click.echo(f"eventscope: note: {text}", err=True)

    try:
        summary = merge(inputs, output, on_note=note)
    except DatabaseError as error:
        _fail(str(error))
    except MergeStopped as error:
        click.echo(f"eventscope: stopped: {error}", err=True)
        click.echo(_merge_line(error.summary), err=True)
        sys.exit(EXIT_STOPPED)
    except KeyboardInterrupt:
        click.echo("eventscope: interrupted; run the same command again to finish", err=True)
        sys.exit(EXIT_INTERRUPTED)
    for reason in summary.refused:
        click.echo(f"eventscope: skipped {reason}", err=True)
    click.echo(_merge_line(summary))
    if summary.refused:
        sys.exit(EXIT_PROBLEMS)


def _merge_line(summary: MergeSummary) -> str:
    merged = _count(summary.merged, "article", "articles")
    files = _count(summary.files, "file", "files")
    return f"{summary.output}: {merged} merged, {summary.already} already there, from {files}"


@main.command(name="datasette-config")
@_DB_OPTION
def datasette_config_command(db_path: Path | None) -> None:
    """Write Datasette metadata beside the database and print the command that uses it.

    NAME.metadata.json beside NAME.db gives Datasette a title, the articles' sources, a licence
    note, a description of every table, view and column (those of docs/schema.md), facets on
    side, event type, status and date, full-text search of the sentences (and of the views by
    their sentence's words), and the example queries of docs/schema.md as canned queries.
    Datasette is installed on its own (pip install datasette); this only writes the file.

    \b
    Examples:
      eventscope datasette-config --db war.db
      datasette war.db --metadata war.metadata.json

    \b
    Exit codes:
      0  written
      2  nothing written: no such database, not an eventscope one, or a folder not writable
    """
    path = db_path or default_db()
    try:
        written = write_metadata(path)
    except DatabaseError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{metadata_path(path)}: cannot write: {error.strerror or error}")
    click.echo(f"eventscope: wrote {written}", err=True)
    click.echo(f"datasette {shlex.quote(str(path))} --metadata {shlex.quote(str(written))}")


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


def _run_load(
    paths: list[str], db_path: Path, *, quiet: bool = False, as_json: bool = False, **options
) -> LoadSummary:
    """Load with a progress bar on stderr for batches, then print the summary.

    Problems and notes are printed one line each as they happen; ``quiet`` keeps only the
    problems and errors (no bar, notes or summary), ``as_json`` prints the summary as one JSON
    object with the problems and notes in it. A load that cannot start exits with
    EXIT_UNUSABLE; one the database or the user stops part-way prints what it did, then why it
    stopped, and exits with EXIT_STOPPED or EXIT_INTERRUPTED.
    """
    # Counting reads every JSON Lines file once more: only worth it for a bar someone sees.
    interactive = sys.stderr.isatty() and not quiet
    total = count_candidates(paths) if interactive else None
    show_bar = interactive and (total is None or total > 1)
    # A line printed while the bar is drawn first clears the bar, which the next update redraws.
    clear = "\r\x1b[K" if show_bar else ""
    # Kept for the JSON summary only: otherwise a feed of a million bad lines would fill memory.
    problems: list[SourceProblem] = []
    notes: list[str] = []

    def report(line: str) -> None:
        click.echo(f"{clear}eventscope: {line}", err=True)

    def problem(item: SourceProblem) -> None:
        if as_json:
            problems.append(item)
        report(f"skipped {item.path}: {item.reason}")

    def note(text: str) -> None:
        if as_json:
            notes.append(text)
        if not quiet:
            report(f"note: {text}")

    def finish(summary: LoadSummary, stopped: str | None = None) -> None:
        if as_json:
            click.echo(json.dumps(_summary_object(summary, db_path, problems, notes, stopped)))
        elif not quiet:
            click.echo(_summary_line(summary, db_path))

    options.update(on_problem=problem, on_note=note)
    try:
        if show_bar:
            with click.progressbar(
                length=total or 0, label="Loading", file=sys.stderr, show_pos=True
            ) as bar:
                summary = load(paths, db_path, on_item=lambda item: bar.update(1), **options)
        else:
            # No stdin argument: "-" reads sys.stdin when it is read, and copes with none.
            summary = load(paths, db_path, **options)
    except LoadInterrupted as stop:
        _stopped(stop.summary, f"{db_path}: interrupted", EXIT_INTERRUPTED, finish)
    except LoadStopped as stop:
        _stopped(stop.summary, f"{stop}; stopped", EXIT_STOPPED, finish)
    except (DatabaseError, SidesError, ValueError) as error:
        report(str(error))
        sys.exit(EXIT_UNUSABLE)
    except KeyboardInterrupt:
        report("interrupted before anything was loaded")
        sys.exit(EXIT_INTERRUPTED)
    finish(summary)
    return summary


def _stopped(
    summary: LoadSummary, reason: str, code: int, finish: Callable[[LoadSummary, str], None]
) -> NoReturn:
    """Print what a stopped load did and why it stopped, then exit with ``code``."""
    finish(summary, reason)
    loaded = _count(summary.articles, "article", "articles")
    click.echo(
        f"eventscope: {reason} after {loaded} loaded; run the same command again to finish",
        err=True,
    )
    sys.exit(code)


def _summary_object(
    summary: LoadSummary,
    db_path: Path,
    problems: list[SourceProblem],
    notes: list[str],
    stopped: str | None,
) -> dict[str, object]:
    """The load summary for scripts (``eventscope load --json``)."""
    return {
        "db": str(db_path),
        "articles": summary.articles,
        "unchanged": summary.unchanged,
        "events": summary.events,
        "quotes": summary.quotes,
        "casualties": summary.casualties,
        "new_actors": summary.new_actors,
        "failed": summary.failed,
        "seconds": round(summary.seconds, 3),
        "problems": [{"path": item.path, "reason": item.reason} for item in problems],
        "notes": notes,
        "stopped": stopped,
    }


def _summary_line(summary: LoadSummary, db_path: Path) -> str:
    parts = [
        _count(summary.articles, "article", "articles") + " loaded",
        f"{summary.unchanged} already there",
        _count(summary.events, "event", "events"),
        _count(summary.quotes, "quote", "quotes"),
        _count(summary.casualties, "casualty figure", "casualty figures"),
        _count(summary.new_actors, "new actor", "new actors"),
        f"{summary.failed} failed",
    ]
    rate = summary.articles / summary.seconds if summary.seconds and summary.articles else 0
    timing = f" in {summary.seconds:.2f}s" + (f" ({rate:.0f} articles/s)" if rate else "")
    return f"{db_path}: " + ", ".join(parts) + timing


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _open_app(path: Path) -> None:
    # Imported here so that `eventscope load` does not pay for importing Textual.
    from tui.app import EventscopeApp

    chosen = settings()
    EventscopeApp(path, keymap=chosen.keys, theme=chosen.theme).run()
