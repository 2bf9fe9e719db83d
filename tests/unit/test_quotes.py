"""Quotes: direct, partial and reported speech, with speakers resolved through pronouns."""

from __future__ import annotations

from store.extract.actors import find_actors
from store.extract.quotes import find_quotes
from store.extract.records import Quote
from store.extract.sentences import split_sentences


def quotes(text: str) -> list[Quote]:
    sentences = [s for s in split_sentences(text) if s.kind == "body"]
    actors, mentions = find_actors(text, sentences)
    found = list(find_quotes(text, sentences, mentions, actors))
    for quote in found:
        assert text[quote.start : quote.end] == quote.text
    return found


def summary(found: list[Quote]) -> list[tuple[str, str | None, str, str | None]]:
    return [(q.kind, q.speaker, q.text, q.cue) for q in found]


def test_direct_quote_before_its_cue_and_pronouns_that_continue_it() -> None:
    text = (
        "Olesya Vartanyan of the International Crisis Group told AFP, “We are a step away "
        "from war.”\n“The main reason is a lack of mediation,” she added."
    )
    found = quotes(text)
    assert summary(found) == [
        ("direct", "Olesya Vartanyan", "We are a step away from war.", "told"),
        ("direct", "Olesya Vartanyan", "The main reason is a lack of mediation", "added"),
    ]
    assert found[0].medium == "Agence France-Presse"
    assert found[1].speaker_text == "she"


def test_attribution_after_the_quote_with_a_title() -> None:
    text = "“We defend our territory!” Azerbaijan’s President Ilham Aliyev said in an address."
    (quote,) = quotes(text)
    assert (quote.kind, quote.speaker, quote.cue) == ("direct", "Ilham Aliyev", "said")
    assert quote.medium == "address"


def test_he_refers_to_the_last_male_speaker_not_the_last_quote() -> None:
    text = (
        "President Donald Trump said on Sunday that the United States would try to end it. "
        "“We’re looking at it very carefully.” he told a news briefing."
    )
    found = quotes(text)
    assert [(q.kind, q.speaker) for q in found] == [
        ("indirect", "Donald Trump"),
        ("direct", "Donald Trump"),
    ]
    assert found[0].text == "the United States would try to end it"
    assert found[1].medium == "news briefing"


def test_partial_quotes_take_the_subject_of_the_reporting_verb() -> None:
    text = (
        "Erdogan said Armenia was “the biggest threat to peace” and called on “the entire "
        "world to stand with Azerbaijan”."
    )
    assert [(q.kind, q.speaker, q.text) for q in quotes(text)] == [
        ("partial", "Recep Tayyip Erdogan", "the biggest threat to peace"),
        ("partial", "Recep Tayyip Erdogan", "the entire world to stand with Azerbaijan"),
    ]


def test_they_resolves_to_the_last_sentence_subject() -> None:
    text = (
        "Azerbaijan opposes the statement. They accused Armenian forces of launching "
        "“deliberate and targeted” attacks."
    )
    (quote,) = quotes(text)
    assert (quote.kind, quote.speaker, quote.speaker_text) == ("partial", "Azerbaijan", "They")


def test_reported_speech_without_and_with_that() -> None:
    text = (
        "Baku said that an Azerbaijani family of five died in shelling. "
        "Nagorno-Karabakh rebels said one woman and a child were killed. "
        "Artak Bagdasaryan told the AFP news agency that he was waiting to be called up."
    )
    assert [(q.kind, q.speaker, q.text) for q in quotes(text)] == [
        ("indirect", "Azerbaijani Government", "an Azerbaijani family of five died in shelling"),
        ("indirect", "Nagorno-Karabakh Rebels", "one woman and a child were killed"),
        ("indirect", "Artak Bagdasaryan", "he was waiting to be called up"),
    ]


def test_it_after_a_reporting_verb_is_the_speaker() -> None:
    text = "Azerbaijan ally Turkey said it was talking to members of the Minsk Group."
    (quote,) = quotes(text)
    assert (quote.speaker, quote.text) == ("Turkey", "it was talking to members of the Minsk Group")


def test_not_speech() -> None:
    text = (
        "Both Armenia and Nagorno-Karabakh declared martial law and military siege. "
        "He was waiting to be called up into the army. "
        "The film “Red Dawn” opened in cinemas."
    )
    assert quotes(text) == []


def test_an_uncued_quote_continues_the_speaker_of_the_paragraph() -> None:
    text = (
        "“We stay strong,” Pashinyan wrote on Twitter. “We will protect our motherland from "
        "invasion.”"
    )
    found = quotes(text)
    assert [(q.speaker, q.cue) for q in found] == [
        ("Nikol Pashinyan", "wrote"),
        ("Nikol Pashinyan", None),
    ]
    assert found[0].medium == "Twitter"


def test_straight_quotes_and_inverted_attribution() -> None:
    text = '"Delay, delay, delay," said Marco Vitale, a senator.'
    (quote,) = quotes(text)
    assert (quote.kind, quote.speaker, quote.text) == (
        "direct",
        "Marco Vitale",
        "Delay, delay, delay",
    )
