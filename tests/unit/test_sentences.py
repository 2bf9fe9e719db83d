"""Sentence splitting and the kinds of lines that are not prose."""

from __future__ import annotations

from store.extract.sentences import split_sentences


def texts(text: str, title: str | None = None) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in split_sentences(text, title)]


def test_offsets_slice_the_text() -> None:
    text = "First one here. Second one, too!\n\nA new paragraph? Yes."
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.paragraph for s in split_sentences(text)] == [0, 0, 1, 1]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Mr. Smith met U.S. officials on Sept. 3 with J. R. Jones. They talked."
    assert texts(text) == [
        ("body", "Mr. Smith met U.S. officials on Sept. 3 with J. R. Jones."),
        ("body", "They talked."),
    ]


def test_a_quotation_closing_later_stays_in_one_sentence() -> None:
    text = "“We are looking at it. We will see.” he told reporters. Then he left."
    assert texts(text) == [
        ("body", "“We are looking at it. We will see.” he told reporters."),
        ("body", "Then he left."),
    ]


def test_attribution_after_an_exclamation_stays_with_its_quote() -> None:
    text = "“Our cause is right!” Azerbaijan’s President Ilham Aliyev said in an address."
    assert len(split_sentences(text)) == 1


def test_a_quote_ending_a_sentence_is_a_boundary() -> None:
    text = "He said “I am here.” Then he left."
    assert texts(text) == [("body", "He said “I am here.”"), ("body", "Then he left.")]


def test_heading_and_read_more_line() -> None:
    text = (
        "Fighting went on overnight.\n\nInternational diplomacy\n\nTalks were called.\n\n"
        "Read More: Fighting erupts between Armenia, Azerbaijan"
    )
    assert texts(text) == [
        ("body", "Fighting went on overnight."),
        ("heading", "International diplomacy"),
        ("body", "Talks were called."),
        ("boilerplate", "Read More: Fighting erupts between Armenia, Azerbaijan"),
    ]


def test_captions_credits_and_bylines() -> None:
    text = "By Jane Doe\n\nPhoto: Soldiers near the front. AFP\n\nCredit:\n\nThe story begins."
    assert [kind for kind, _ in texts(text)] == ["boilerplate", "caption", "caption", "body"]


def test_first_line_repeating_the_title_is_a_heading() -> None:
    text = "Ceasefire agreed in the north.\n\nBoth sides agreed to a ceasefire on Monday."
    assert texts(text, title="Ceasefire agreed in the north")[0] == (
        "heading",
        "Ceasefire agreed in the north.",
    )


def test_wrapped_lines_are_joined_into_one_sentence() -> None:
    text = "The ministry said the attack\nbegan at dawn. Nobody was hurt."
    assert texts(text) == [
        ("body", "The ministry said the attack\nbegan at dawn."),
        ("body", "Nobody was hurt."),
    ]


def test_text_without_punctuation_is_one_sentence() -> None:
    text = "no punctuation at all in this long line of words that goes on and on and on"
    assert texts(text) == [("body", text)]
