"""Finding actors: gazetteer names, organs tied to their owner, people from titles and context."""

from __future__ import annotations

from store.extract.actors import find_actors
from store.extract.records import Actor
from store.extract.sentences import split_sentences


def extract(text: str) -> tuple[dict[str, Actor], list[tuple[str, str]]]:
    """Actors by name, and (mention text, actor) pairs in text order."""
    sentences = [s for s in split_sentences(text) if s.kind == "body"]
    actors, mentions = find_actors(text, sentences)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return {a.name: a for a in actors}, [(m.text, m.actor) for m in mentions]


def test_title_gives_a_person_and_the_adjective_a_country() -> None:
    actors, mentions = extract("Armenian Prime Minister Nikol Pashinyan wrote on Twitter.")
    assert mentions == [("Nikol Pashinyan", "Nikol Pashinyan")]
    assert actors["Nikol Pashinyan"].kind == "person"
    assert actors["Nikol Pashinyan"].country == "ARM"


def test_unknown_person_after_a_title_takes_the_state_before_it() -> None:
    actors, mentions = extract("Georgian Foreign Minister Tamar Beruchashvili said talks failed.")
    assert ("Tamar Beruchashvili", "Tamar Beruchashvili") in mentions
    assert actors["Tamar Beruchashvili"].country == "GEO"


def test_organs_inherit_their_owner_by_adjective_possessive_and_preposition() -> None:
    actors, mentions = extract(
        "The Armenian defence ministry said Azerbaijan’s forces attacked. "
        "Defence ministry officials in Nagorno-Karabakh said more had died."
    )
    assert mentions == [
        ("Armenian defence ministry", "Armenian Defence Ministry"),
        ("Azerbaijan’s forces", "Azerbaijani Armed Forces"),
        ("Defence ministry officials", "Nagorno-Karabakh Defence Ministry"),
    ]
    ministry = actors["Armenian Defence Ministry"]
    assert (ministry.kind, ministry.country, ministry.parent) == ("government", "ARM", "Armenia")
    assert actors["Nagorno-Karabakh Defence Ministry"].parent == "Nagorno-Karabakh"
    # Parents are actors of the article even when only their organs are mentioned.
    assert "Armenia" in actors and "Nagorno-Karabakh" in actors


def test_coordinated_owners_share_the_organ() -> None:
    _, mentions = extract("Battles between Armenian and Azerbaijan forces continued.")
    assert [actor for _, actor in mentions] == [
        "Armenian Armed Forces",
        "Azerbaijani Armed Forces",
    ]


def test_a_capital_is_its_government_only_when_it_acts() -> None:
    _, acting = extract("Baku said an Azerbaijani family of five died.")
    assert ("Baku", "Azerbaijani Government") in acting
    _, place = extract("The road between Yerevan and the enclave was cut.")
    assert place == []


def test_people_found_by_what_they_do() -> None:
    actors, mentions = extract(
        "Olesya Vartanyan of the International Crisis Group told AFP the talks had stalled. "
        "Marta Kowalczyk told reporters she was worried. Kowalczyk said it again. "
        "Mr Kowalczyk was not there."
    )
    assert mentions == [
        ("Olesya Vartanyan", "Olesya Vartanyan"),
        ("International Crisis Group", "International Crisis Group"),
        ("Marta Kowalczyk", "Marta Kowalczyk"),
        ("Kowalczyk", "Marta Kowalczyk"),
        ("Kowalczyk", "Marta Kowalczyk"),
    ]
    assert actors["Olesya Vartanyan"].kind == "person"
    assert "AFP" not in actors and "Agence France-Presse" not in actors


def test_diacritics_and_surnames_fold_to_the_canonical_name() -> None:
    _, mentions = extract("Erdoğan promised support. Erdogan said it twice.")
    assert [actor for _, actor in mentions] == ["Recep Tayyip Erdogan"] * 2


def test_a_leaders_administration_is_the_states_government() -> None:
    _, mentions = extract("He urged the Trump administration to act.")
    assert mentions == [("Trump administration", "US Government")]


def test_organisation_from_a_head_word() -> None:
    actors, _ = extract("The Caspian Energy Institute published a report.")
    assert actors["Caspian Energy Institute"].kind == "organization"


def test_capitalised_things_that_are_not_actors() -> None:
    actors, _ = extract(
        "It echoed words spoken at the outbreak of World War II. The Foreign Ministry declined."
    )
    assert "World War" not in actors
    assert "Foreign Ministry" not in actors


def test_a_surname_next_to_another_name_is_someone_else() -> None:
    # "Putin" alone is Vladimir Putin; "Jane Putin" is not.
    actors, _ = extract("Jane Putin told reporters she disagreed.")
    assert "Vladimir Putin" not in actors
    assert actors["Jane Putin"].kind == "person"


def test_names_with_initials_and_suffixes() -> None:
    actors, _ = extract(
        "“It works,” said John Q. Harmon, a farmer. “It fails,” said Rep. A.J. Kettle Jr., "
        "a neighbour."
    )
    assert actors["John Q. Harmon"].kind == "person"
    assert "A.J. Kettle Jr." in actors


def test_a_party_tag_and_who_show_a_person() -> None:
    actors, _ = extract(
        "Sen. Ada Lind (D-Ore.) and Kurt Maas (R-Utah) objected. "
        "Tove Berg, who runs the shelter, agreed."
    )
    assert {"Ada Lind", "Kurt Maas", "Tove Berg"} <= set(actors)


def test_a_role_in_apposition_shows_a_person() -> None:
    actors, _ = extract(
        "Hector Ruano, a Miami real estate developer, bought the lot. "
        "Okafor, a retired teacher, watched."
    )
    assert actors["Hector Ruano"].kind == "person"
    assert actors["Okafor"].kind == "person"


def test_names_that_speak_next_to_a_quote() -> None:
    actors, _ = extract(
        "“The harvest failed,” Dubrovsky says. “We will replant,” said 9/11 widow Ana Ruiz. "
        "“Never again.” ― Rosa Itzel"
    )
    assert {"Dubrovsky", "Ana Ruiz", "Rosa Itzel"} <= set(actors)


def test_a_cue_that_ends_the_sentence_shows_the_name_after_it() -> None:
    actors, _ = extract("The vote will be close, noted NBC’s Dante Chinni.")
    assert actors["Dante Chinni"].kind == "person"


def test_a_single_name_that_speaks() -> None:
    # A common given name, or a word written elsewhere after a given name.
    actors, _ = extract(
        "Melanie said she was tired. Kendra Osei lives nearby. Osei said the town was quiet."
    )
    assert actors["Melanie"].kind == "person"
    assert actors["Osei"].kind == "person"


def test_companies_common_words_and_bodies_are_no_people() -> None:
    actors, _ = extract(
        "“Sales fell,” Vantrix said. Shares of Vantrix dropped. "
        "The Commission on Presidential Debates announced a change. "
        "He met lawyers at the Justice Department, to the chagrin of fellow Democrats. "
        "The New York Post reported it first."
    )
    assert not {
        name
        for name, actor in actors.items()
        if actor.kind == "person"
        and name in ("Vantrix", "Presidential Debates", "Department", "Democrats", "York Post")
    }


def test_transliterations_of_one_name_are_one_person() -> None:
    actors, mentions = extract(
        "Mykola Zelenskyy told reporters he was ready. Mykola Zelensky said it again. "
        "Zelenskiy added more."
    )
    assert [actor for _, actor in mentions] == ["Mykola Zelenskyy"] * 3
    assert [name for name, a in actors.items() if a.kind == "person"] == ["Mykola Zelenskyy"]


def test_a_bare_famous_surname_stays_famous_when_no_namesake_is_named() -> None:
    _, mentions = extract("Zelenskiy spoke to Putin.")
    assert [actor for _, actor in mentions] == ["Volodymyr Zelensky", "Vladimir Putin"]


def test_an_article_acronym_and_the_definite_army() -> None:
    actors, mentions = extract(
        "Sudan's army said it repelled an assault by the paramilitary Rapid Support Forces. "
        "The RSF denied it. RSF commander Mohamed Hamdan Dagalo spoke. The army's account "
        "was false."
    )
    assert [actor for _, actor in mentions] == [
        "Sudanese Armed Forces",
        "Rapid Support Forces",
        "Rapid Support Forces",
        "Rapid Support Forces",
        "Mohamed Hamdan Dagalo",
        "Sudanese Armed Forces",
    ]
    assert actors["Mohamed Hamdan Dagalo"].parent == "Rapid Support Forces"


def test_names_with_particles_and_ranks() -> None:
    actors, mentions = extract(
        "Sudan's army spoke. Army spokesman Brigadier General Khalid al-Nour told reporters it "
        "held. Nour said so again."
    )
    assert ("Khalid al-Nour", "Khalid al-Nour") in mentions
    assert ("Nour", "Khalid al-Nour") in mentions
    # The spokesman of "the army" serves the army the article named.
    assert actors["Khalid al-Nour"].parent == "Sudanese Armed Forces"


def test_titles_in_apposition_organs_in_titles_and_affiliations() -> None:
    actors, mentions = extract(
        "The regional governor, Pavel Orlov, dismissed the reports. "
        "Russian foreign ministry spokeswoman Yelena Sorokina warned Kyiv. "
        "U.S. special envoy Daniel Mercer met them. "
        "Ali Mahmoud Abdelrahman, an adviser to Hamas leader Ismail Haniyeh, told reporters."
    )
    assert ("Pavel Orlov", "Pavel Orlov") in mentions
    assert ("Russian foreign ministry", "Russian Foreign Ministry") in mentions
    assert actors["Yelena Sorokina"].parent == "Russian Foreign Ministry"
    assert ("U.S.", "United States") in mentions
    assert actors["Ali Mahmoud Abdelrahman"].parent == "Hamas"


def test_a_body_in_apposition() -> None:
    actors, _ = extract("Ukrenergo, the state grid operator, said blackouts would continue.")
    assert actors["Ukrenergo"].kind == "organization"


def test_a_capital_in_a_place_phrase_does_not_act() -> None:
    _, mentions = extract("Bombs in a district of Damascus killed six people. Moscow annexed it.")
    assert [actor for _, actor in mentions] == ["Russian Government"]
