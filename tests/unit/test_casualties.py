"""Casualty figures: counts, qualifiers, running totals, victims and who reports them."""

from __future__ import annotations

from datetime import date

from store.extract import extract_article
from store.extract.records import Casualty


def casualties(text: str) -> list[Casualty]:
    extraction = extract_article(text, date(2020, 9, 28))
    for casualty in extraction.casualties:
        assert text[casualty.start : casualty.end]
    return list(extraction.casualties)


def figures(text: str) -> list[tuple[str, int | None, str, bool]]:
    return [(c.kind, c.count_min, c.qualifier, c.cumulative) for c in casualties(text)]


def test_new_toll_and_running_total_in_one_sentence() -> None:
    text = (
        "Defence ministry officials in Nagorno-Karabakh said on Monday 15 more servicemen had "
        "died overnight, bringing their total military fatality count to 32 since clashes "
        "erupted on Sunday morning."
    )
    found = casualties(text)
    assert [(c.count_min, c.cumulative) for c in found] == [(15, False), (32, True)]
    assert found[0].victims == "15 more servicemen"
    assert {c.claimed_by for c in found} == {"Nagorno-Karabakh Defence Ministry"}
    # Soldiers reported by an authority with no side named are its own.
    assert {c.victim_actor for c in found} == {"Nagorno-Karabakh Armed Forces"}


def test_coordinated_victims_are_added_up() -> None:
    (found,) = casualties("Rebels said one Armenian woman and a child were killed.")
    assert (found.count_min, found.victims) == (2, "one Armenian woman and a child")
    assert found.victim_actor == "Armenian Civilians"


def test_count_after_of() -> None:
    (found,) = casualties("Baku said that an Azerbaijani family of five died in shelling.")
    assert (found.count_min, found.victim_actor, found.claimed_by) == (
        5,
        "Azerbaijani Civilians",
        "Azerbaijani Government",
    )


def test_qualifiers_and_thousands() -> None:
    assert figures("At least 200 people were killed in April 2016.") == [
        ("killed", 200, "at least", False)
    ]
    assert figures("The war left 30,000 dead.") == [("killed", 30000, "exact", False)]
    assert figures("More than 1,500 people were wounded.") == [
        ("wounded", 1500, "more than", False)
    ]
    assert figures("The death toll rose to 32.") == [("killed", 32, "exact", True)]


def test_displaced_and_missing() -> None:
    assert figures("About 2,000 villagers were displaced and 12 people are missing.") == [
        ("displaced", 2000, "about", False),
        ("missing", 12, "exact", False),
    ]


def test_no_figure_without_a_count() -> None:
    assert casualties("Both sides reported civilian casualties. Many were killed in 1994.") == []


def test_the_casualty_is_tied_to_the_attack_of_its_sentence() -> None:
    extraction = extract_article(
        "Armenian forces shelled the village, and two civilians were killed.", date(2020, 9, 28)
    )
    (casualty,) = extraction.casualties
    assert casualty.event_idx is not None
    assert extraction.events[casualty.event_idx].trigger == "shelled"


def test_conjuncts_without_numbers_count_one_each() -> None:
    assert figures("A mother and her two children were killed in the strike.") == [
        ("killed", 3, "exact", False)
    ]
    assert figures("The blast killed a woman and her husband.") == [("killed", 2, "exact", False)]


def test_number_words_and_two_figures_after_one_verb() -> None:
    assert figures("Twelve soldiers were wounded.") == [("wounded", 12, "exact", False)]
    assert figures("The attack killed at least 12 people and wounded 30 others.") == [
        ("killed", 12, "at least", False),
        ("wounded", 30, "exact", False),
    ]


def test_no_count_in_other_senses() -> None:
    assert casualties("He was killed in 1994. She killed the bill. The army lost ground.") == []


def test_numbers_that_count_no_one() -> None:
    text = (
        "Death Pool Odds: 20/1 chance of death. "
        "He faces up to 10 years in prison for each of the four people killed. "
        "Seven homes were evacuated. "
        "The Feb. 13 death of the judge shook them. "
        "It recalled the 2002 bombings."
    )
    assert casualties(text) == []
    assert figures("Militants killed 32 people, four days after the raid.") == [
        ("killed", 32, "exact", False)
    ]


def test_civilians_without_a_nation_are_those_of_the_state_attacked() -> None:
    extraction = extract_article(
        "Russia pounded Ukraine with missiles. Ukraine said it shot down most of them. "
        "Three more civilians were killed in a strike by Russian forces on Dnipro.",
        date(2020, 9, 28),
    )
    (casualty,) = extraction.casualties
    assert casualty.victim_actor == "Ukrainian Civilians"
    strike = extraction.events[casualty.event_idx]
    assert (strike.sources, strike.targets) == (("Russian Armed Forces",), ("Ukrainian Civilians",))


def test_estimates_and_running_totals() -> None:
    assert figures("An estimated 300,000 people died in the conflict.") == [
        ("killed", 300000, "about", False)
    ]
    assert figures("The current war has killed more than 20,000 people.") == [
        ("killed", 20000, "more than", True)
    ]
