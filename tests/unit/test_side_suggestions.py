"""Suggesting sides: the sentences that tie an actor to a side, and its events as a weaker sign."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbfactory import ARMENIA, AZERBAIJAN, ArticleSpec, EventSpec, build_database

from store.database import DatabaseError
from store.extract.records import Actor
from store.side_suggestions import EventTally, SideSuggestion, suggest_sides
from store.sides import SidesError

ACTORS = (
    Actor("Armenia", "state", "ARM"),
    Actor("Azerbaijan", "state", "AZE"),
    Actor("Turkey", "state", "TUR"),
    Actor("Turkish Defence Ministry", "government", "TUR", parent="Turkey"),
    Actor("Recep Tayyip Erdogan", "person", "TUR", aliases=("Erdogan",)),
    Actor("Russia", "state", "RUS"),
    Actor("Iran", "state", "IRN"),
    Actor("France", "state", "FRA"),
    Actor("Georgia", "state", "GEO"),
    Actor("Karabakh Rebels", "armed_group", None, aliases=("rebels",)),
    Actor("Pakistan", "state", "PAK"),
)
SENTENCES = (
    "Azerbaijan's ally Turkey sent drones.",
    "Russia, Armenia's closest ally, called for calm.",
    "Iran called on Armenia and Azerbaijan to stop fighting.",
    "France sent aid to Armenia.",
    "Georgia said Azerbaijan and Armenia must talk.",
    "Turkey accused Armenia of aggression.",
    "The rebels, backed by Armenia, shelled villages.",
    "Erdogan met Azerbaijan's president and Armenia's envoy.",
    "Pakistan backed Azerbaijan in the war.",
    # Neither ties Georgia or Iran to a side: a name before a noun, a comma after the cue.
    "Azerbaijan backed Georgia membership of the bloc.",
    "For Armenia's closest ally, Iran sanctions matter less.",
)
ARTICLE = ArticleSpec(
    sentences=SENTENCES,
    actors=ACTORS,
    events=(
        EventSpec(2, "REQUEST", "called on", sources=("Iran",), targets=("Armenia", "Azerbaijan")),
        EventSpec(3, "AID", "sent aid", sources=("France",), targets=("Armenia",)),
        EventSpec(5, "ACCUSE", "accused", sources=("Turkey",), targets=("Armenia",)),
        EventSpec(6, "ASSAULT", "shelled", sources=("Karabakh Rebels",)),
        EventSpec(7, "CONSULT", "met", sources=("Recep Tayyip Erdogan",), targets=("Azerbaijan",)),
    ),
)


@pytest.fixture(scope="module")
def suggestions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SideSuggestion]:
    path = tmp_path_factory.mktemp("suggest") / "war.db"
    build_database(path, [ARTICLE], sides=(ARMENIA, AZERBAIJAN))
    return {suggestion.actor: suggestion for suggestion in suggest_sides(path)}


def test_an_ally_in_apposition_is_suggested_with_its_sentence(
    suggestions: dict[str, SideSuggestion],
) -> None:
    turkey = suggestions["Turkey"]
    assert turkey.side == "Azerbaijan"
    (sentence,) = turkey.sentences
    assert (sentence.text, sentence.cue, sentence.sided_actor) == (
        "Azerbaijan's ally Turkey sent drones.",
        "'s ally",
        "Azerbaijan",
    )
    # Its accusation of Armenia agrees, as weaker evidence; its organs and people would follow.
    assert [tally.describe() for tally in turkey.events] == ["source of 1 ACCUSE on Armenia"]
    assert turkey.also_labels == ("Recep Tayyip Erdogan", "Turkish Defence Ministry")
    assert turkey.evidence == 2


def test_closest_ally_after_a_comma_and_backed_by(
    suggestions: dict[str, SideSuggestion],
) -> None:
    assert suggestions["Russia"].side == "Armenia"
    assert suggestions["Russia"].sentences[0].cue == "'s closest ally"
    rebels = suggestions["Karabakh Rebels"]
    assert (rebels.side, rebels.sentences[0].cue) == ("Armenia", "backed by")
    assert rebels.sentences[0].text == SENTENCES[6]


def test_a_verb_ties_its_object_only_where_the_name_ends_the_phrase(
    suggestions: dict[str, SideSuggestion],
) -> None:
    pakistan = suggestions["Pakistan"]
    assert (pakistan.side, pakistan.sentences[0].cue) == ("Azerbaijan", "backed")
    assert {"Georgia", "Iran"}.isdisjoint(suggestions)


def test_aid_to_one_side_is_a_weaker_suggestion(suggestions: dict[str, SideSuggestion]) -> None:
    france = suggestions["France"]
    assert (france.side, france.sentences) == ("Armenia", ())
    assert france.events == (EventTally("source", "Armenia", "AID", 1, 4, SENTENCES[3]),)
    assert france.events[0].describe() == "source of 1 AID for Armenia"


def test_mediators_and_bystanders_are_not_suggested(
    suggestions: dict[str, SideSuggestion],
) -> None:
    # Iran appeals to both sides, Georgia only names them, Erdogan only meets one of them.
    assert {"Iran", "Georgia", "Recep Tayyip Erdogan"}.isdisjoint(suggestions)
    assert not {"Armenia", "Azerbaijan"} & set(suggestions)


def test_sentence_evidence_comes_first(suggestions: dict[str, SideSuggestion]) -> None:
    order = list(suggestions)
    assert order.index("France") == len(order) - 1
    assert order[0] == "Turkey"


def test_the_seed_suggests_turkey_for_azerbaijan(seed_db: Path) -> None:
    found = {suggestion.actor: suggestion for suggestion in suggest_sides(seed_db)}
    turkey = found["Turkey"]
    assert turkey.side == "Azerbaijan"
    assert turkey.sentences[0].text.startswith("Azerbaijan ally Turkey said")
    assert "Recep Tayyip Erdogan" in turkey.also_labels


def test_a_database_without_sides_says_so(tmp_path: Path) -> None:
    path = build_database(tmp_path / "plain.db", [ARTICLE])
    with pytest.raises(SidesError, match="no sides yet: apply a sides file first"):
        suggest_sides(path)
    with pytest.raises(DatabaseError, match="no such database file"):
        suggest_sides(tmp_path / "missing.db")


def test_a_tie_between_sides_suggests_nothing(tmp_path: Path) -> None:
    sentences = ("Armenia's ally Iran sent envoys.", "Azerbaijan's ally Iran sent arms.")
    path = build_database(
        tmp_path / "tie.db",
        [ArticleSpec(sentences=sentences, actors=ACTORS)],
        sides=(ARMENIA, AZERBAIJAN),
    )
    assert suggest_sides(path) == []
