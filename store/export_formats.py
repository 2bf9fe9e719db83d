"""Events as rows of the datasets analysts already use: ACLED's columns and GDELT's CAMEO rows.

Which event becomes what is data (``export_formats.toml`` beside this module): ACLED's event
and sub-event types by PLOVER type and mode, GDELT's QuadClass by PLOVER type, finer CAMEO codes
by mode. Every row also names its source sentence and article, which neither dataset has a
column for, so that each exported item stays checkable.

The functions here turn the rows of :func:`event_rows_sql` into output rows one at a time; the
export module streams them from SQLite to the file.
"""

from __future__ import annotations

import functools
import json
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from store.extract.folding import fold
from store.filters import EventFilter, event_conditions, where

ACLED_COLUMNS = [
    "event_id",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "location",
    "source",
    "notes",
    "fatalities",
    # eventscope's own: what the event was read as, and where from.
    "plover_type",
    "plover_mode",
    "status",
    "modality",
    "claimed_by",
    "date_text",
    "date_end",
    "date_source",
    "sentence_id",
    "article_id",
    "article_title",
    "article_url",
    "article_published",
]
"""ACLED's column names in ACLED's order, then eventscope's (``notes`` is the source sentence)."""

CAMEO_COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "ActionGeo_FullName",
    "DATEADDED",
    "SOURCEURL",
    # eventscope's own, as in the ACLED export.
    "plover_type",
    "plover_mode",
    "status",
    "modality",
    "claimed_by",
    "date_text",
    "date_precision",
    "sentence",
    "sentence_id",
    "article_id",
    "article_title",
    "article_url",
    "article_published",
]
"""GDELT 2.0 event-table column names (the ones eventscope can fill), then eventscope's."""

# Every actor of the event with its role and the place of its first mention in the sentence,
# so that "the first source" is the one the sentence names first (as json; sorted in Python).
_EVENT_ROWS = (
    "SELECT e.id AS event_id, e.event_type, e.mode, e.cameo_root, e.trigger, e.date_start, "
    "e.date_end, e.date_precision, e.date_text, e.status, e.modality, e.location, "
    "claimant.name AS claimed_by, "
    "(SELECT json_group_array(json_array(ea.role, a.name, a.country, a.kind, "
    "(SELECT min(m.start) FROM mentions m WHERE m.actor_id = a.id "
    "AND m.sentence_id = e.sentence_id), a.id)) "
    "FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id) AS actors, "
    # A running total ("the toll rose to 32") is not this event's dead.
    "(SELECT sum(c.count_min) FROM casualties c WHERE c.event_id = e.id AND c.kind = 'killed' "
    "AND NOT coalesce(c.cumulative, 0)) AS killed, "
    "s.text AS sentence, e.sentence_id, "
    "s.idx = (SELECT min(first.idx) FROM sentences first "
    "WHERE first.article_id = e.article_id AND first.kind = 'body') AS is_lead, "
    "e.article_id, ar.title AS article_title, ar.url AS article_url, "
    "ar.published AS article_published, ar.source AS article_source, ar.loaded_at "
    "FROM events e JOIN sentences s ON s.id = e.sentence_id "
    "JOIN articles ar ON ar.id = e.article_id "
    "LEFT JOIN actors claimant ON claimant.id = e.claimed_by "
)


def event_rows_sql(f: EventFilter) -> tuple[str, list[object]]:
    """The query for the events under a filter, in timeline order, with what both formats need."""
    clauses, params = event_conditions(f)
    order = " ORDER BY e.date_start IS NULL, e.date_start, e.id"
    return _EVENT_ROWS + where(clauses) + order, params


@dataclass(frozen=True, slots=True)
class _Actor:
    name: str
    country: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class _AcledRule:
    plover: str
    event_type: str
    sub_event_type: str
    modes: frozenset[str] | None
    source_kinds: frozenset[str] | None
    triggers: tuple[str, ...] | None

    def fits(self, event: dict[str, Any], first_source: _Actor | None) -> bool:
        if event["event_type"] != self.plover:
            return False
        if self.modes is not None and event["mode"] not in self.modes:
            return False
        if self.source_kinds is not None and (
            first_source is None or first_source.kind not in self.source_kinds
        ):
            return False
        return self.triggers is None or fold(event["trigger"] or "").startswith(self.triggers)


@functools.cache
def _mapping() -> dict[str, Any]:
    with resources.files("store").joinpath("export_formats.toml").open("rb") as handle:
        return tomllib.load(handle)


@functools.cache
def _acled_rules() -> tuple[_AcledRule, ...]:
    def optional(values: list[str] | None) -> frozenset[str] | None:
        return frozenset(values) if values is not None else None

    return tuple(
        _AcledRule(
            plover=rule["plover"],
            event_type=rule["event_type"],
            sub_event_type=rule["sub_event_type"],
            modes=optional(rule.get("modes")),
            source_kinds=optional(rule.get("source_kinds")),
            triggers=tuple(rule["triggers"]) if "triggers" in rule else None,
        )
        for rule in _mapping()["acled"]["rule"]
    )


def plover_types() -> tuple[str, ...]:
    """The 16 PLOVER event types, in PLOVER's order (cooperation first, then conflict)."""
    return tuple(_mapping()["cameo"]["quad_classes"])


def quad_class(plover_type: str) -> int | None:
    """GDELT's QuadClass of a PLOVER type: 1 verbal and 2 material cooperation, 3 verbal and 4
    material conflict (None for a type that is not PLOVER's)."""
    return _mapping()["cameo"]["quad_classes"].get(plover_type)


def _actors(event: dict[str, Any]) -> dict[str, list[_Actor]]:
    """The event's actors by role, each role in the order the sentence names them."""
    entries = json.loads(event["actors"] or "[]")
    entries.sort(key=lambda entry: (entry[4] is None, entry[4] or 0, entry[5]))
    roles: dict[str, list[_Actor]] = {"source": [], "target": [], "other": []}
    for role, name, country, kind, _first, _id in entries:
        roles[role].append(_Actor(name, country, kind))
    return roles


def _published_day(event: dict[str, Any]) -> str | None:
    """The article's publication day, if it has a readable one."""
    published = (event["article_published"] or "")[:10]
    try:
        return date.fromisoformat(published).isoformat()
    except ValueError:
        return None


def _event_day(event: dict[str, Any]) -> tuple[str | None, str]:
    """The day a row is dated by, and where it came from.

    The first day of the event's period when the text dates it ("text"); an undated event is
    given its article's publication day ("published"), as GDELT dates every event and ACLED
    codes reports it cannot date more closely at the widest precision.
    """
    if event["date_start"]:
        return event["date_start"], "text"
    published = _published_day(event)
    return published, "published" if published else ""


def time_precision(event: dict[str, Any]) -> int:
    """ACLED's time precision: 1 the day is known, 2 the week, 3 the month or only wider.

    A period of a few days read at day precision ("since Sunday") is a week.
    """
    start, end, precision = event["date_start"], event["date_end"], event["date_precision"]
    if not start or precision not in ("day", "week"):
        return 3
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days if end else 0
    if precision == "day" and days == 0:
        return 1
    return 2 if days < 7 else 3


def acled_rows(events: Iterable[dict[str, Any]], left_out: Counter[str]) -> Iterator[dict]:
    """ACLED rows for the events it codes; the others are counted in ``left_out``.

    ``left_out`` counts by PLOVER type the events no rule fits, and by modality the events that
    did not take place (a plan, a hypothesis, a denial by negation).
    """
    acled = _mapping()["acled"]
    modalities = frozenset(acled["modalities"])
    disorder = acled["disorder_types"]
    rules = _acled_rules()
    for event in events:
        if event["modality"] not in modalities:
            left_out[event["modality"]] += 1
            continue
        actors = _actors(event)
        sources, targets = actors["source"], actors["target"]
        first_source = sources[0] if sources else None
        rule = next((rule for rule in rules if rule.fits(event, first_source)), None)
        if rule is None:
            left_out[event["event_type"]] += 1
            continue
        day, day_source = _event_day(event)
        yield {
            "event_id": event["event_id"],
            "event_date": day or "",
            "year": day[:4] if day else "",
            "time_precision": time_precision(event),
            "disorder_type": disorder[rule.event_type],
            "event_type": rule.event_type,
            "sub_event_type": rule.sub_event_type,
            "actor1": sources[0].name if sources else "",
            "assoc_actor_1": "; ".join(actor.name for actor in sources[1:]),
            "actor2": targets[0].name if targets else "",
            "assoc_actor_2": "; ".join(actor.name for actor in targets[1:]),
            "location": event["location"] or "",
            "source": event["article_source"] or event["article_title"] or "",
            "notes": event["sentence"],
            "fatalities": event["killed"] or 0,
            "plover_type": event["event_type"],
            "plover_mode": event["mode"] or "",
            "status": event["status"],
            "modality": event["modality"],
            "claimed_by": event["claimed_by"] or "",
            "date_text": event["date_text"] or "",
            "date_end": event["date_end"] or "",
            "date_source": day_source,
            **_source_columns(event),
        }


def cameo_rows(events: Iterable[dict[str, Any]]) -> Iterator[dict]:
    """GDELT-style rows with CAMEO codes: every event has a CAMEO root, so none is left out."""
    cameo = _mapping()["cameo"]
    for event in events:
        actors = _actors(event)
        day, _ = _event_day(event)
        code = _event_code(event, cameo["event_codes"])
        row = {
            "GLOBALEVENTID": event["event_id"],
            "SQLDATE": day.replace("-", "") if day else "",
            "MonthYear": day[:7].replace("-", "") if day else "",
            "Year": day[:4] if day else "",
            "FractionDate": _fraction_date(day) if day else "",
        }
        for number, role in ((1, "source"), (2, "target")):
            actor = actors[role][0] if actors[role] else None
            kind_code = cameo["actor_types"].get(actor.kind, "") if actor else ""
            row |= {
                f"Actor{number}Code": ((actor.country or "") + kind_code) if actor else "",
                f"Actor{number}Name": actor.name if actor else "",
                f"Actor{number}CountryCode": (actor.country or "") if actor else "",
                f"Actor{number}Type1Code": kind_code,
            }
        loaded = event["loaded_at"] or ""
        row |= {
            "IsRootEvent": int(bool(event["is_lead"])),
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": event["cameo_root"],
            "QuadClass": quad_class(event["event_type"]) or "",
            "ActionGeo_FullName": event["location"] or "",
            # GDELT's "when the event was added": when the article was loaded, as YYYYMMDDHHMMSS.
            "DATEADDED": "".join(char for char in loaded[:19] if char.isdigit()),
            "SOURCEURL": event["article_url"] or event["article_source"] or "",
            "plover_type": event["event_type"],
            "plover_mode": event["mode"] or "",
            "status": event["status"],
            "modality": event["modality"],
            "claimed_by": event["claimed_by"] or "",
            "date_text": event["date_text"] or "",
            "date_precision": event["date_precision"] or "",
            "sentence": event["sentence"],
            **_source_columns(event),
        }
        yield row


def _event_code(event: dict[str, Any], finer: dict[str, str]) -> str:
    """The finest CAMEO code eventscope knows: one of the mode's, else the root's "not
    specified" code (19 -> 190), as GDELT gives events coded at the root only."""
    root = event["cameo_root"]
    code = finer.get(f"{event['event_type']}/{event['mode']}")
    if code is not None and code.startswith(root):
        return code
    return root + "0"


def _fraction_date(day: str) -> str:
    """GDELT's FractionDate: the year plus the fraction of it gone by (2020-09-28 -> 2020.7452)."""
    parsed = date.fromisoformat(day)
    return f"{parsed.year + parsed.timetuple().tm_yday / 365:.4f}"


def _source_columns(event: dict[str, Any]) -> dict[str, object]:
    return {
        "sentence_id": event["sentence_id"],
        "article_id": event["article_id"],
        "article_title": event["article_title"] or "",
        "article_url": event["article_url"] or "",
        "article_published": event["article_published"] or "",
    }


def left_out_note(left_out: Counter[str], total: int) -> str | None:
    """One line on what an ACLED export left out and why, or None when it left out nothing."""
    if not left_out:
        return None
    count = sum(left_out.values())
    kinds = ", ".join(f"{kind} {number}" for kind, number in left_out.most_common())
    return (
        f"left out {count} of {total} events ({kinds}): ACLED codes political violence, "
        "protests and strategic developments that took place, not statements, appeals, "
        "accusations or plans"
    )
