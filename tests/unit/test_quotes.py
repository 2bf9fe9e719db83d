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


def test_single_quotation_marks_and_apostrophes() -> None:
    text = (
        "‘We won’t leave the farmers’ market,’ said Dara Quist, a vendor. "
        "Quist’s stall didn’t open on the ’90s anniversary."
    )
    (quote,) = quotes(text)
    assert (quote.kind, quote.speaker, quote.text) == (
        "direct",
        "Dara Quist",
        "We won’t leave the farmers’ market",
    )


def test_a_quote_inside_a_quote_stays_one_quote() -> None:
    (quote,) = quotes("“He told me, ‘Run,’ and I ran,” said Ana Ruiz.")
    assert (quote.speaker, quote.text) == ("Ana Ruiz", "He told me, ‘Run,’ and I ran")


def test_a_quote_over_two_paragraphs_takes_the_attribution_at_its_end() -> None:
    text = (
        "“The river rose faster than anyone expected. We moved the children first.\n\n"
        "“Then we carried the old people to the school,” said Tomas Ferreira, a volunteer."
    )
    found = quotes(text)
    assert [(q.kind, q.speaker) for q in found] == [("direct", "Tomas Ferreira")] * 3
    assert found[-1].text == "Then we carried the old people to the school"


def test_the_sentences_after_an_attribution_continue_the_quote() -> None:
    text = "“The road is closed,” said Ana Ruiz. “Nobody can reach the valley. We wait.”"
    assert [(q.speaker, q.cue) for q in quotes(text)] == [("Ana Ruiz", "said"), ("Ana Ruiz", None)]


def test_a_partial_quote_inside_reported_speech() -> None:
    (quote,) = quotes("Lena Park said the budget was “a gift to the rich” and would not pass.")
    assert (quote.kind, quote.speaker, quote.text) == ("partial", "Lena Park", "a gift to the rich")


def test_tweeted_with_a_colon() -> None:
    (quote,) = quotes("Governor Hal Brenner tweeted: “We will rebuild every home.”")
    assert (quote.kind, quote.speaker, quote.cue) == ("direct", "Hal Brenner", "tweeted")


def test_according_to_names_an_unresolved_speaker() -> None:
    (quote,) = quotes("According to Mira Sol, the talks collapsed on Friday night.")
    assert (quote.kind, quote.speaker, quote.speaker_text, quote.cue, quote.text) == (
        "indirect",
        None,
        "Mira Sol",
        "according to",
        "the talks collapsed on Friday night",
    )


def test_quoted_as_saying_by_a_medium() -> None:
    text = (
        "Defence Minister Oleg Varga was quoted as saying by the Interfax news agency: "
        "“Our troops will stay.” The Gazette quoted Varga as saying the bridge would hold."
    )
    assert [(q.kind, q.speaker, q.medium) for q in quotes(text)] == [
        ("direct", "Oleg Varga", "Interfax"),
        ("indirect", "Oleg Varga", "The Gazette"),
    ]


def test_the_speaker_of_said_x_a_spokesman_for_y_is_x() -> None:
    (quote,) = quotes(
        "“We have no comment,” said Piet Mols, a spokesman for the Dutch Ministry of Finance."
    )
    assert quote.speaker == "Piet Mols"


def test_officials_and_police_stay_unresolved() -> None:
    text = (
        "The bridge will reopen in May, officials said. "
        "Police said two men were arrested on the bridge."
    )
    assert [(q.kind, q.speaker, q.speaker_text, q.text) for q in quotes(text)] == [
        ("indirect", None, "officials", "The bridge will reopen in May"),
        ("indirect", None, "Police", "two men were arrested on the bridge"),
    ]


def test_he_and_she_take_the_person_of_their_gender() -> None:
    text = (
        "Susan Kowalczyk, a farmer, met Peter Novak, a lawyer, in Warsaw. "
        "“We agreed on nothing,” she said. “It was a long night,” he added."
    )
    assert [(q.speaker, q.speaker_text) for q in quotes(text)] == [
        ("Susan Kowalczyk", "she"),
        ("Peter Novak", "he"),
    ]


def test_a_title_tells_the_gender_and_a_noun_after_the_is_no_cue() -> None:
    text = (
        "Ministry spokeswoman Lena Dahl rejected the claim made by Tomas Berg, a lawyer. "
        "“It is false,” she said."
    )
    (quote,) = quotes(text)
    assert (quote.speaker, quote.text) == ("Lena Dahl", "It is false")


def test_earlier_pronouns_tell_the_gender() -> None:
    text = (
        "Dara Quist said her farm and her herd survived the flood. "
        "Her neighbour Alex Brandt, a farmer, lost everything. "
        "“We were lucky,” she said."
    )
    assert [q.speaker for q in quotes(text) if q.kind == "direct"] == ["Dara Quist"]


def test_a_name_after_a_dash_signs_the_quote() -> None:
    (quote,) = quotes("“Everyone deserves a fair wage.” ― Rosa Itzel")
    assert (quote.kind, quote.speaker) == ("direct", "Rosa Itzel")


def test_a_surname_after_a_quote_is_a_person() -> None:
    (quote,) = quotes("“The harvest failed twice this year,” Dubrovsky says.")
    assert (quote.speaker, quote.cue) == ("Dubrovsky", "says")


def test_a_name_written_before_its_verb_is_kept_unresolved() -> None:
    (quote,) = quotes("In a statement, Kessler said: “We will appeal the ruling.”")
    assert (quote.speaker, quote.speaker_text) == (None, "Kessler")


def test_the_writers_own_voice_is_no_speaker() -> None:
    text = "Ilse Maren, a nurse, stayed behind. Nonetheless, I write this because I am tired."
    assert quotes(text) == []


def test_a_cue_inside_a_relative_clause_reports_nothing_before_it() -> None:
    text = "The group runs three clinics in the north, which the ministry says are unlicensed."
    assert quotes(text) == []


def test_a_report_before_its_cue_with_a_trailer() -> None:
    (quote,) = quotes("The dam will hold until spring, engineers told reporters on Monday.")
    assert (quote.speaker_text, quote.text) == ("engineers", "The dam will hold until spring")


def test_a_headline_in_quotation_marks_is_no_speech() -> None:
    text = (
        "“We will win the vote,” said Ana Ruiz.\n\n‘All Bets Are Off for the Harbour.’\n\n"
        "“The harbour is ours,” she said."
    )
    assert [(q.text, q.speaker) for q in quotes(text)] == [
        ("We will win the vote", "Ana Ruiz"),
        ("The harbour is ours", "Ana Ruiz"),
    ]


def test_a_long_title_before_the_speaker_names_no_speaker_of_its_own() -> None:
    text = (
        "US Democratic presidential candidate and former Vice President Joe Biden said in a "
        "statement that the fighting could spread."
    )
    (quote,) = quotes(text)
    assert (quote.speaker, quote.text) == ("Joe Biden", "the fighting could spread")
