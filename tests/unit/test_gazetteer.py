"""Consistency of the bundled gazetteer (store/extract/data/gazetteer.toml)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

GAZETTEER = Path(__file__).parents[2] / "store/extract/data/gazetteer.toml"

KINDS = {"person", "state", "government", "military", "armed_group", "organization", "igo", "group"}

# Words that would turn ordinary prose into actor mentions. An alias may fold to one of them
# only when written in capitals ("US", "IS", "WHO"): a mixed-case "May" or "Rice" may not.
COMMON_WORDS = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "but",
    "by",
    "do",
    "for",
    "from",
    "he",
    "in",
    "is",
    "it",
    "may",
    "me",
    "no",
    "not",
    "of",
    "on",
    "or",
    "so",
    "the",
    "to",
    "up",
    "us",
    "we",
    "who",
    "will",
    "abe",
    "ban",
    "brown",
    "bush",
    "chase",
    "dawn",
    "earnest",
    "fox",
    "gallant",
    "green",
    "hunt",
    "king",
    "law",
    "let",
    "mark",
    "mirror",
    "moon",
    "pace",
    "power",
    "price",
    "rand",
    "rice",
    "sun",
    "time",
    "times",
    "white",
    "young",
}

# Keys that may name two entries: a historical state shares its capital with its successor.
ALLOWED_SHARED = {"moscow": {"Russia", "Soviet Union"}}


def fold(name: str) -> str:
    """Fold case and diacritics as the extractor does (store/extract/folding.py)."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


@pytest.fixture(scope="module")
def gazetteer() -> dict[str, list[dict]]:
    with GAZETTEER.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def entries(gazetteer: dict[str, list[dict]]) -> list[tuple[str, dict]]:
    return [(table, entry) for table in ("state", "actor", "medium") for entry in gazetteer[table]]


@pytest.fixture(scope="module")
def by_name(entries: list[tuple[str, dict]]) -> dict[str, dict]:
    return {entry["name"]: entry for _, entry in entries}


def names_of(entry: dict) -> list[str]:
    """Every string by which an entry is matched in text."""
    return [
        entry["name"],
        *entry.get("aliases", []),
        *entry.get("adjectives", []),
        *entry.get("demonyms", []),
        *entry.get("seats", []),
        *([entry["capital"]] if "capital" in entry else []),
    ]


def test_tables_are_filled(gazetteer: dict[str, list[dict]]) -> None:
    assert len(gazetteer["state"]) >= 193 + 3
    assert len(gazetteer["actor"]) >= 400
    assert len(gazetteer["medium"]) >= 60


def test_canonical_names_are_unique(entries: list[tuple[str, dict]]) -> None:
    seen: dict[str, list[str]] = defaultdict(list)
    for table, entry in entries:
        seen[fold(entry["name"])].append(f"{table}:{entry['name']}")
    duplicates = {key: where for key, where in seen.items() if len(where) > 1}
    assert not duplicates, duplicates


def test_kinds_are_known(gazetteer: dict[str, list[dict]]) -> None:
    unknown = [(a["name"], a.get("kind")) for a in gazetteer["actor"] if a.get("kind") not in KINDS]
    assert not unknown, unknown


def test_codes_are_iso3_of_a_state(gazetteer: dict[str, list[dict]]) -> None:
    codes = [state["iso3"] for state in gazetteer["state"]]
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)
    assert len(codes) == len(set(codes)), "two states share an iso3"
    bad = [
        (actor["name"], actor["country"])
        for actor in gazetteer["actor"]
        if "country" in actor and actor["country"] not in set(codes)
    ]
    assert not bad, f"country is not the iso3 of a [[state]]: {bad}"


def test_parents_exist(gazetteer: dict[str, list[dict]], by_name: dict[str, dict]) -> None:
    missing = [
        (actor["name"], actor["parent"])
        for actor in gazetteer["actor"]
        if "parent" in actor and actor["parent"] not in by_name
    ]
    assert not missing, missing


def test_no_alias_names_two_entries(entries: list[tuple[str, dict]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for _, entry in entries:
        for name in names_of(entry):
            owners[fold(name)].add(entry["name"])
    collisions = {
        key: sorted(names)
        for key, names in owners.items()
        if len(names) > 1 and ALLOWED_SHARED.get(key) != names
    }
    assert not collisions, "\n".join(
        f"{key!r}: {names}" for key, names in sorted(collisions.items())
    )


def test_no_single_word_name_is_lowercase(entries: list[tuple[str, dict]]) -> None:
    lowercase = [
        (entry["name"], name)
        for _, entry in entries
        for name in names_of(entry)
        if " " not in name and name == name.lower() and any(char.isalpha() for char in name)
    ]
    assert not lowercase, lowercase


def test_no_name_is_a_common_word_unless_in_capitals(entries: list[tuple[str, dict]]) -> None:
    words = [
        (entry["name"], name)
        for _, entry in entries
        for name in names_of(entry)
        if fold(name) in COMMON_WORDS and not (name.isupper() and len(name) > 1)
    ]
    assert not words, words


def test_ambiguous_names_are_given_to_nobody(entries: list[tuple[str, dict]]) -> None:
    everything = {fold(name) for _, entry in entries for name in names_of(entry)}
    ambiguous = (
        "Congolese",
        "Congo",
        "Korean",
        "Koreans",
        "May",
        "Moon",
        "Khan",
        "Clinton",
        "Brussels",
        "RSF",
        "Times",
    )
    given = [name for name in ambiguous if fold(name) in everything]
    assert not given, given


@pytest.mark.parametrize(
    ("name", "field", "owner"),
    [
        ("Kremlin", "seats", "Russia"),
        ("Zhongnanhai", "seats", "China"),
        ("Downing Street", "seats", "United Kingdom"),
        ("Kiev", "seats", "Ukraine"),
        ("Kyiv", "capital", "Ukraine"),
        ("ISIL", "aliases", "Islamic State"),
        ("Daesh", "aliases", "Islamic State"),
        ("Zelenskyy", "aliases", "Volodymyr Zelensky"),
        ("Emirati", "adjectives", "United Arab Emirates"),
        ("UAE", "adjectives", "United Arab Emirates"),
        ("U.K.", "adjectives", "United Kingdom"),
        ("Ivorian", "adjectives", "Ivory Coast"),
        ("Côte d'Ivoire", "aliases", "Ivory Coast"),
        ("Burma", "aliases", "Myanmar"),
        ("Czechia", "aliases", "Czech Republic"),
        ("DPRK", "aliases", "North Korea"),
        ("DR Congo", "aliases", "Democratic Republic of the Congo"),
        ("Pentagon", "aliases", "US Department of Defense"),
        ("Xi", "aliases", "Xi Jinping"),
        ("Ansar Allah", "aliases", "Houthis"),
        ("Doctors Without Borders", "aliases", "Medecins Sans Frontieres"),
        ("AP", "aliases", "Associated Press"),
    ],
)
def test_lookup(by_name: dict[str, dict], name: str, field: str, owner: str) -> None:
    values = by_name[owner].get(field, [])
    values = [values] if isinstance(values, str) else values
    assert fold(name) in {fold(value) for value in values}


def test_ties(by_name: dict[str, dict]) -> None:
    assert by_name["US Department of Defense"]["kind"] == "government"
    assert by_name["US Department of Defense"]["parent"] == "United States"
    assert by_name["MONUSCO"]["parent"] == "United Nations"
    assert by_name["al-Qaeda in the Arabian Peninsula"]["parent"] == "al-Qaeda"
    assert by_name["Islamic State West Africa Province"]["parent"] == "Islamic State"
    assert by_name["International Committee of the Red Cross"]["kind"] == "organization"
    assert by_name["Azov"]["country"] == "UKR"
    # An insurgency must not inherit the side of the state it fights.
    assert "country" not in by_name["al-Shabaab"]
    assert "country" not in by_name["Abkhazia"]
