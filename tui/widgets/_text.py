"""Turning rows into styled text: literal article text, side colours, dates at their precision.

Article text, titles and names are data, never markup: every string becomes a
:class:`rich.text.Text` built from the plain string, and styles are added by span. Control
characters (ANSI escapes, bells, carriage returns) are swapped one for one with visible symbols,
so offsets still line up and nothing reaches the terminal as a command.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date

from rich.style import Style
from rich.text import Text

from store.filters import OTHER_SIDE
from store.queries import ActorRef, QuoteRow, TimelineRow

OTHER_COLOUR = "#9e9e9e"
"""Actors on no side: a neutral grey that reads on dark and light themes."""

# PLOVER categories by the quad class they fall in, so that conflict stands out from cooperation.
_QUAD_COLOURS = {
    "#5fb760": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST"),
    "#3fa7a7": ("COOPERATE", "AID", "RETREAT"),
    "#d7a428": ("ACCUSE", "REJECT", "THREATEN"),
    "#e05252": ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
TYPE_COLOURS = {kind: colour for colour, kinds in _QUAD_COLOURS.items() for kind in kinds}

STATUS_MARKS = {"claimed": ("?", "#d7a428"), "denied": ("✗", "#e05252")}
MODALITY_MARKS = {"historical": "h", "future": "f", "hypothetical": "~", "negated": "¬"}

TRIGGER_STYLE = Style(reverse=True, bold=True)
DATE_STYLE = Style(underline=True, italic=True)
QUOTE_STYLE = Style(italic=True)
SEARCH_STYLE = Style(color="black", bgcolor="#d7d75f")
MUTED = Style(dim=True)

DATE_WIDTH = 11
TYPE_WIDTH = 9


def visible(text: str) -> str:
    """The string with control characters replaced by visible symbols, one for one."""
    return text.translate(_CONTROL_PICTURES)


# U+2400.. "Control Pictures" show C0 controls as symbols; DEL has its own. Newlines and tabs
# become spaces: a row or a sentence is shown as one flowing line.
_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20)} | {
    0x7F: 0x2421,
    0x0A: 0x20,
    0x09: 0x20,
}


def literal(text: str | None, style: Style | str = "") -> Text:
    """A Text of the string exactly as written (no markup, no emoji codes, no control codes)."""
    # The style is a span, not the Text's base style, so that text appended later keeps its own.
    return Text.assemble((visible(text or ""), style), end="")


def side_colour(side: str | None, colours: Mapping[str, str]) -> str:
    """The colour of a side label (None is "other")."""
    return colours.get(side or OTHER_SIDE, OTHER_COLOUR)


def actor_text(actor: ActorRef, colours: Mapping[str, str], bold: bool = True) -> Text:
    """An actor's name in its side's colour, tagged with its id (``meta["actor"]``).

    The tag lets the detail pane find every actor in its text to pick one and filter by it.
    """
    style = Style(color=side_colour(actor.side, colours), bold=bold, meta={"actor": actor.id})
    return literal(actor.name, style)


def actors_text(actors: Iterable[ActorRef], colours: Mapping[str, str]) -> Text:
    """Names separated by commas, each in its side's colour."""
    return Text(", ").join(actor_text(actor, colours) for actor in actors)


def who_text(row: TimelineRow, colours: Mapping[str, str], width: int | None = None) -> Text:
    """``sources → targets`` of an event, coloured by side, fitted into ``width`` cells.

    When the names do not fit, sources and targets are cut to a half each, so that both sides
    of the arrow stay readable.
    """
    if not row.sources and not row.targets:
        return literal("—", MUTED)
    sources = actors_text(row.sources, colours)
    targets = actors_text(row.targets, colours)
    arrow = literal(" → " if row.sources else "→ ", MUTED) if row.targets else Text()
    if width is not None and sources.cell_len + arrow.cell_len + targets.cell_len > width:
        room = max(width - arrow.cell_len, 2)
        if row.targets:
            targets.truncate(max(room - min(sources.cell_len, room // 2), 1), overflow="ellipsis")
        sources.truncate(max(room - targets.cell_len, 1), overflow="ellipsis")
    return Text.assemble(sources, arrow, targets)


def format_date(row: TimelineRow) -> str:
    """The event's date at its precision: "2020-09-28", "Sep 2020", "1994", "1990s"."""
    start, end, precision = row.date_start, row.date_end, row.date_precision
    if start is None:
        return "undated"
    try:
        first = date.fromisoformat(start[:10])
    except ValueError:
        return start[:DATE_WIDTH]
    if precision == "decade":
        return f"{first.year // 10 * 10}s"
    if precision == "year":
        return str(first.year)
    if precision == "month":
        return first.strftime("%b %Y")
    if precision == "week":
        year, week, _ = first.isocalendar()
        return f"{year}-W{week:02d}"
    if end and end[:10] != start[:10]:
        return f"{first.isoformat()}…"
    return first.isoformat()


def type_text(event_type: str) -> Text:
    """The PLOVER type in its quad-class colour."""
    return Text.assemble((event_type, Style(color=TYPE_COLOURS.get(event_type), bold=True)))


def marks_text(status: str, modality: str | None) -> Text:
    """Claimed (?) or denied (✗), then h/f/~/¬ for a modality other than actual, then a space."""
    mark, colour = STATUS_MARKS.get(status, (" ", None))
    text = Text.assemble((mark, Style(color=colour, bold=True)))
    text.append(MODALITY_MARKS.get(modality or "", " ") + " ", MUTED)
    return text


def event_line(row: TimelineRow, colours: Mapping[str, str], width: int) -> Text:
    """One timeline row: marks, date, type, who → whom and the summary, cut to ``width``."""
    text = marks_text(row.status, row.modality)
    date_label = format_date(row)
    text.append(f"{date_label:<{DATE_WIDTH}} ", MUTED if row.date_start is None else "")
    text.append_text(type_text(f"{row.event_type:<{TYPE_WIDTH}}"))
    text.append(" ")
    # Names get at most half of what is left, so that the summary always shows.
    room = max(width - text.cell_len, 0)
    text.append_text(who_text(row, colours, max(room // 2, 12)))
    if row.summary:
        text.append("  ")
        text.append_text(literal(row.summary))
    text.truncate(width, overflow="ellipsis")
    return text


def quote_line(row: QuoteRow, colours: Mapping[str, str], width: int) -> Text:
    """One quote row, "Speaker cue (medium): “quote”", the speaker in side colour.

    Indirect quotes are the article's paraphrase, so they get no quotation marks.
    """
    speaker = Style(color=side_colour(row.speaker_side, colours), bold=True)
    text = literal(row.speaker or "unknown speaker", speaker)
    text.truncate(max(width // 3, 12), overflow="ellipsis")
    if row.cue:
        text.append(" ")
        text.append_text(literal(row.cue, MUTED))
    if row.medium:
        text.append(" (")
        text.append_text(literal(row.medium, MUTED))
        text.append(")")
    text.append(": ")
    said = row.text if row.kind == "indirect" else f"“{row.text}”"
    text.append_text(literal(said))
    text.truncate(width, overflow="ellipsis")
    return text


def _fold_char(char: str) -> str:
    """One character, lower-cased and without accents, still one character (offsets hold)."""
    base = unicodedata.normalize("NFKD", char)[:1].lower()
    return base if len(base) == 1 else char


def mark_search_words(text: Text, search: str) -> Text:
    """The text with words starting with the search terms marked, as the full-text index
    matches them: case and accents ignored ("sahin" marks "Şahin")."""
    terms = [re.escape("".join(map(_fold_char, term))) for term in search.split()]
    terms = [term for term in terms if any(char.isalnum() for char in term)]
    if not terms:
        return text
    folded = "".join(map(_fold_char, text.plain))
    marked = text.copy()
    for match in re.finditer(rf"(?<!\w)(?:{'|'.join(terms)})\w*", folded):
        marked.stylize(SEARCH_STYLE, match.start(), match.end())
    return marked
