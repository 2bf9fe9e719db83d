"""Sides of a conflict: reading a sides file and labelling actors with it.

Sides belong to a conflict, not to the world, so an analyst names them in a TOML file::

    [[side]]
    label = "Armenia"
    colour = "#e8833a"
    members = ["Armenia", "Nagorno-Karabakh", "Yerevan"]

A member is an actor's canonical name or one of its aliases. An actor that is not a member
inherits the side of its parent (a defence ministry its state's) or of its country's state, and
has no side ("other") otherwise. The file is stored in the database so that actors found by
later loads are labelled too, and changing it re-labels actors without re-parsing any article.
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from store.database import open_readonly
from store.extract.folding import fold

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}|[a-z_]+")
DEFAULT_COLOURS = ("#e8833a", "#3b8fd9", "#4caf50", "#b05fd1", "#d9c43b", "#d94f70")


class SidesError(Exception):
    """A sides file that cannot be used, with a one-line reason naming the file."""


@dataclass(frozen=True, slots=True)
class Side:
    label: str
    colour: str
    members: tuple[str, ...]


def read_sides_file(path: str | Path) -> tuple[Side, ...]:
    """Parse and check a sides file.

    Raises:
        SidesError: unreadable file, bad TOML, no sides, a side without a label, a reserved or
            repeated label, members that are not a list of names, or a bad colour.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise SidesError(f"{path}: cannot read sides file ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise SidesError(f"{path}: sides file is not UTF-8 text") from error
    except tomllib.TOMLDecodeError as error:
        raise SidesError(f"{path}: not valid TOML ({error})") from error
    entries = data.get("side")
    if not isinstance(entries, list) or not entries:
        raise SidesError(f"{path}: no [[side]] tables")
    sides: list[Side] = []
    for number, entry in enumerate(entries, start=1):
        label = entry.get("label") if isinstance(entry, dict) else None
        if not isinstance(label, str) or not label.strip():
            raise SidesError(f"{path}: side {number} has no label")
        if fold(label) == "other" or any(fold(s.label) == fold(label) for s in sides):
            raise SidesError(f"{path}: side label '{label}' is reserved or used twice")
        members = entry.get("members", [])
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise SidesError(f"{path}: side '{label}': members must be a list of names")
        colour = entry.get("colour", DEFAULT_COLOURS[(number - 1) % len(DEFAULT_COLOURS)])
        if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            raise SidesError(f"{path}: side '{label}': colour must look like '#e8833a'")
        sides.append(Side(label.strip(), colour, tuple(m.strip() for m in members if m.strip())))
    return tuple(sides)


def store_sides(conn: sqlite3.Connection, sides: Iterable[Side]) -> None:
    """Replace the database's sides with these and re-label every actor."""
    with conn:
        conn.execute("UPDATE actors SET side = NULL")
        conn.execute("DELETE FROM side_members")
        conn.execute("DELETE FROM sides")
        for position, side in enumerate(sides):
            conn.execute(
                "INSERT INTO sides (label, colour, position) VALUES (?, ?, ?)",
                (side.label, side.colour, position),
            )
            conn.executemany(
                "INSERT OR IGNORE INTO side_members (side, member) VALUES (?, ?)",
                [(side.label, member) for member in side.members],
            )
        label_actors(conn)
        conn.execute(
            "UPDATE casualties SET victim_side = "
            "(SELECT side FROM actors WHERE id = casualties.victim_actor_id)"
        )


def label_actors(conn: sqlite3.Connection, actor_ids: Iterable[int] | None = None) -> None:
    """Set the side of the given actors (all when None) from the stored sides.

    Runs inside the caller's transaction. Actors are looked up one at a time, so labelling the
    few new actors of one article costs the same in a database of any size.
    """
    member_side: dict[str, str] = {}
    for side, member in conn.execute(
        "SELECT m.side, m.member FROM side_members m JOIN sides s ON s.label = m.side "
        "ORDER BY s.position"
    ):
        member_side.setdefault(fold(member), side)
    if actor_ids is None:
        actor_ids = [row[0] for row in conn.execute("SELECT id FROM actors")]
    labeller = _Labeller(conn, member_side)
    conn.executemany(
        "UPDATE actors SET side = ? WHERE id = ?",
        [(labeller.side_of(actor_id), actor_id) for actor_id in actor_ids],
    )


class _Labeller:
    """Works out sides: own membership, else the parent's side, else the country's state's."""

    def __init__(self, conn: sqlite3.Connection, member_side: dict[str, str]) -> None:
        self._conn = conn
        self._member_side = member_side
        self._country_side: dict[str, str | None] = {}

    def side_of(self, actor_id: int, depth: int = 0) -> str | None:
        row = self._conn.execute(
            "SELECT kind, country, parent_id FROM actors WHERE id = ?", (actor_id,)
        ).fetchone()
        if row is None or not self._member_side:
            return None
        kind, country, parent_id = row
        side = self._direct(actor_id)
        # The depth bound stops a parent cycle that a hand-edited database might hold.
        if side is None and parent_id is not None and depth < 10:
            side = self.side_of(parent_id, depth + 1)
        if side is None and country and kind != "state":
            side = self._state_side(country)
        return side

    def _direct(self, actor_id: int) -> str | None:
        for (key,) in self._conn.execute(
            "SELECT name FROM actors WHERE id = ? UNION ALL "
            "SELECT alias FROM actor_aliases WHERE actor_id = ?",
            (actor_id, actor_id),
        ):
            if (side := self._member_side.get(fold(key))) is not None:
                return side
        return None

    def _state_side(self, country: str) -> str | None:
        if country not in self._country_side:
            self._country_side[country] = next(
                (
                    side
                    for (state_id,) in self._conn.execute(
                        "SELECT id FROM actors WHERE kind = 'state' AND country = ?", (country,)
                    )
                    if (side := self._direct(state_id)) is not None
                ),
                None,
            )
        return self._country_side[country]


def actor_sides(db_path: str | Path) -> dict[str, str | None]:
    """Every actor's side by name (None for "other"), read without writing: what a sides file
    changed is the difference of this before and after it is stored.

    Raises:
        store.database.DatabaseError: the file cannot be read.
    """
    conn = open_readonly(db_path)
    try:
        return dict(conn.execute("SELECT name, side FROM actors"))
    finally:
        conn.close()


def unmatched_members(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Sides-file members that name no actor in the database, as (side, member) pairs."""
    known = {
        fold(name)
        for (name,) in conn.execute("SELECT name FROM actors UNION SELECT alias FROM actor_aliases")
    }
    return [
        (side, member)
        for side, member in conn.execute("SELECT side, member FROM side_members")
        if fold(member) not in known
    ]
