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
